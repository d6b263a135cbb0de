// Recompute, for both renderers: ask the sidecar to score the company now, put its answer in the
// store (or reload when it was only queued) and tell the user how it went.
import { useEffect, useState } from 'react';
import type { SidecarApi } from '../client/api.ts';
import type { RemoteState } from '../client/remote.ts';
import type { ReadySuccessView } from '../model/api-types.ts';
import { errorModel } from '../model/errors.ts';
import { WORDING } from '../model/wording.ts';
import type { CardNotice } from './notice.ts';
import type { CompanyStore } from './remote.ts';

export interface RecomputeOptions {
  api: Pick<SidecarApi, 'recompute'>;
  companyId: string;
  store: CompanyStore;
  /** The store's state (what `useRemote(store)` returned). */
  state: RemoteState<ReadySuccessView>;
  notify: (notice: CardNotice) => void;
  /** Said when the sidecar answered with the new results (nothing is said when omitted). */
  computedMessage?: string;
  /**
   * Called once the recompute's results are on screen (HubSpot re-reads the record's properties).
   * With it, the recompute stays running until then; without it, it ends with the answer.
   */
  afterResults?: () => void;
}

type Phase = 'idle' | 'running' | 'awaiting';

export function useRecompute({ api, companyId, store, state, notify, computedMessage, afterResults }: RecomputeOptions): { running: boolean; recompute: () => Promise<void> } {
  const [phase, setPhase] = useState<Phase>('idle');

  useEffect(() => {
    if (phase !== 'awaiting') return;
    if ((state.kind === 'ready' || state.kind === 'insufficient') && !state.refreshing) {
      afterResults?.();
      setPhase('idle');
    } else if (state.kind === 'error') {
      setPhase('idle');
    }
  }, [phase, state, afterResults]);

  async function recompute(): Promise<void> {
    setPhase('running');
    const result = await api.recompute(companyId);
    if (!result.ok || !afterResults) setPhase('idle');
    if (!result.ok) {
      const e = errorModel(result.error);
      notify({ tone: 'danger', title: e.title, message: e.whatToDo });
      return;
    }
    // The store moves first, so the effect above never sees the state from before the recompute.
    if (result.data.status === 'computed' && result.data.view) {
      store.accept(result.data.view);
      if (computedMessage) notify({ tone: 'success', message: computedMessage });
    } else {
      notify({ tone: 'info', message: WORDING.company.recomputeQueued });
      store.reload();
    }
    if (afterResults) setPhase('awaiting');
  }

  return { running: phase !== 'idle', recompute };
}
