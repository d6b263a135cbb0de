// The portfolio's live state: polls the sync's progress (every second while a sync runs or writes
// are on their way, every few seconds otherwise) and gives a version that changes whenever new
// results are stored, so the table, figures and charts reload by themselves.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError } from '../model/index.ts';
import type { ConsoleDataApi } from './console-api.ts';
import type { PortfolioProgress } from './overview.ts';

export const FAST_POLL_MS = 1_000;
export const SLOW_POLL_MS = 5_000;
/** After "Recompute all", poll fast for this long even before the sync is seen running. */
const POKE_MS = 15_000;

export interface LiveProgress {
  progress: PortfolioProgress | null;
  error: ApiError | null;
  /** Changes when results were added or recomputed. */
  version: string;
  /** Poll now and keep polling fast for a while (after starting work). */
  poke: () => void;
}

export const progressVersion = (p: PortfolioProgress | null) => (p ? `${p.scored}|${p.lastComputedAt ?? ''}` : '');

export function isBusy(p: PortfolioProgress): boolean {
  return p.syncing || p.pendingWrites > 0;
}

export function useLiveProgress(api: ConsoleDataApi): LiveProgress {
  const [progress, setProgress] = useState<PortfolioProgress | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const fastUntil = useRef(0);
  const wake = useRef<() => void>(() => undefined);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const tick = async () => {
      timer = null;
      const answer = await api.progress();
      if (stopped) return;
      let busy = false;
      if (answer.ok) {
        setProgress(answer.data);
        setError(null);
        busy = isBusy(answer.data);
      } else {
        setError(answer.error);
      }
      if (timer === null) timer = setTimeout(() => void tick(), busy || Date.now() < fastUntil.current ? FAST_POLL_MS : SLOW_POLL_MS);
    };
    wake.current = () => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      void tick();
    };
    void tick();
    return () => {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
    };
  }, [api]);

  const poke = useCallback(() => {
    fastUntil.current = Date.now() + POKE_MS;
    wake.current();
  }, []);

  return { progress, error, version: progressVersion(progress), poke };
}
