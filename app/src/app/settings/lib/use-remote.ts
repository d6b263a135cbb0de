// The settings page's own copy of cards/lib/hooks/remote.ts `useRemote`: the settings package has
// its own package.json, and HubSpot bundles each folder alone, so a hook importing 'react' from
// the cards' folder would resolve React from the wrong package (tests/integration/app-project.test.ts).
import { useEffect, useSyncExternalStore } from 'react';
import type { RemoteState, RemoteStore } from '../../cards/lib/client/remote.ts';

/** Subscribes to a remote store for the component's lifetime (started on mount, disposed on unmount). */
export function useRemote<V, T>(store: RemoteStore<V, T>): RemoteState<V> {
  useEffect(() => {
    store.start();
    return () => store.dispose();
  }, [store]);
  return useSyncExternalStore(store.subscribe, store.getState);
}
