// React glue shared by both renderers (the HubSpot cards and the web console): a remote store
// (../client/remote.ts) as state, and the stores the cards read. Only 'react' is imported, which
// the HubSpot bundle resolves from cards/package.json and the web bundle from the repository's.
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { SidecarApi } from '../client/api.ts';
import { createRemote, type RemoteState, type RemoteStore, type Scheduler } from '../client/remote.ts';
import type { ContactView, ReadySuccessView, SuccessView } from '../model/api-types.ts';
import { classifySuccessView } from '../model/company.ts';
import { classifyContactView } from '../model/contact.ts';

export type CompanyStore = RemoteStore<ReadySuccessView, SuccessView>;
export type ContactStore = RemoteStore<ContactView, ContactView>;

/** Subscribes to a remote store for the component's lifetime (started on mount, disposed on unmount). */
export function useRemote<V, T>(store: RemoteStore<V, T>): RemoteState<V> {
  useEffect(() => {
    store.start();
    return () => store.dispose();
  }, [store]);
  // The server snapshot is the store's state too (not yet started: loading), so a page drawn by
  // React's server renderer (the web tests) shows each section's loading state instead of failing.
  return useSyncExternalStore(store.subscribe, store.getState, store.getState);
}

/** One company's success view (on the web, shared by every card on the page that shows it). */
export function useCompanyStore(api: Pick<SidecarApi, 'companySuccess'>, companyId: string, schedule?: Scheduler): CompanyStore {
  return useMemo(() => createRemote({ load: () => api.companySuccess(companyId), classify: classifySuccessView, ...(schedule ? { schedule } : {}) }), [api, companyId, schedule]);
}

/** One contact's view, with their company's. */
export function useContactStore(api: Pick<SidecarApi, 'contactSuccess'>, contactId: string, schedule?: Scheduler): ContactStore {
  return useMemo(() => createRemote({ load: () => api.contactSuccess(contactId), classify: classifyContactView, ...(schedule ? { schedule } : {}) }), [api, contactId, schedule]);
}
