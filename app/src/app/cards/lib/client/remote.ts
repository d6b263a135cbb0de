// A card's remote data as one state machine: loading | ready | insufficient | computing | error.
// A newer request always wins (responses to older ones are dropped), "computing" is polled with
// backoff, and nothing here knows React: cards subscribe with useSyncExternalStore.
import type { Classified } from '../model/company.ts';
import type { ApiError } from '../model/errors.ts';
import type { ApiResult } from './api.ts';

export type RemoteState<T> =
  | { kind: 'loading' }
  | { kind: 'ready'; data: T; refreshing: boolean }
  | { kind: 'insufficient'; data: T; refreshing: boolean }
  | { kind: 'computing'; attempt: number; nextPollMs: number }
  | { kind: 'error'; error: ApiError };

export interface PollPolicy {
  /** Never ask again sooner than this, whatever the sidecar says. */
  minDelayMs: number;
  maxDelayMs: number;
  /** Each further poll waits this many times longer. */
  factor: number;
  /** Polls before giving up with "still computing". */
  maxAttempts: number;
}

export const DEFAULT_POLL: PollPolicy = { minDelayMs: 500, maxDelayMs: 15_000, factor: 1.6, maxAttempts: 8 };

/** The wait before poll number `attempt` (0-based): the sidecar's hint, growing by `factor`. */
export function pollDelay(policy: PollPolicy, attempt: number, retryAfterMs: number): number {
  const base = Math.max(policy.minDelayMs, retryAfterMs);
  return Math.round(Math.min(policy.maxDelayMs, base * policy.factor ** attempt));
}

/** Runs `fn` after `ms`; returns a function that cancels it. */
export type Scheduler = (fn: () => void, ms: number) => () => void;

export const timerScheduler: Scheduler = (fn, ms) => {
  const handle = setTimeout(fn, ms);
  return () => clearTimeout(handle);
};

/** `V` is what the card renders, `T` what the sidecar answers (a view may still be computing). */
export interface RemoteStore<V, T = V> {
  // Properties, not methods: React calls them detached (useSyncExternalStore).
  getState: () => RemoteState<V>;
  subscribe: (listener: () => void) => () => void;
  /** Starts the first load (again after dispose); does nothing while already started. */
  start(): void;
  /** Loads again; data on screen stays, marked `refreshing`, until the answer arrives. */
  reload(): void;
  /** Takes data obtained elsewhere (e.g. a recompute's answer) as the newest response. */
  accept(data: T): void;
  dispose(): void;
}

export interface RemoteOptions<T, V> {
  load: () => Promise<ApiResult<T>>;
  classify: (data: T) => Classified<V>;
  schedule?: Scheduler;
  policy?: PollPolicy;
}

export function createRemote<T, V>(options: RemoteOptions<T, V>): RemoteStore<V, T> {
  const schedule = options.schedule ?? timerScheduler;
  const policy = options.policy ?? DEFAULT_POLL;
  const listeners = new Set<() => void>();
  let state: RemoteState<V> = { kind: 'loading' };
  let latest = 0;
  let started = false;
  let cancelPoll: (() => void) | null = null;

  const set = (next: RemoteState<V>) => {
    state = next;
    for (const l of [...listeners]) l();
  };
  const stopPolling = () => {
    cancelPoll?.();
    cancelPoll = null;
  };

  function settle(data: T, attempt: number) {
    const c = options.classify(data);
    if (c.kind !== 'computing') {
      set({ kind: c.kind, data: c.data, refreshing: false });
      return;
    }
    if (attempt >= policy.maxAttempts) {
      set({ kind: 'error', error: { kind: 'still_computing', status: null, serverMessage: null } });
      return;
    }
    const delay = pollDelay(policy, attempt, c.retryAfterMs);
    set({ kind: 'computing', attempt: attempt + 1, nextPollMs: delay });
    cancelPoll = schedule(() => {
      cancelPoll = null;
      request(attempt + 1);
    }, delay);
  }

  function request(attempt: number) {
    const mine = ++latest;
    const isCurrent = () => started && mine === latest;
    options.load().then(
      (result) => {
        if (!isCurrent()) return; // a newer request (or dispose) overtook this one
        if (result.ok) settle(result.data, attempt);
        else set({ kind: 'error', error: result.error });
      },
      () => {
        if (isCurrent()) set({ kind: 'error', error: { kind: 'unreachable', status: null, serverMessage: null } });
      },
    );
  }

  return {
    getState: () => state,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {
      if (started) return;
      started = true;
      if (state.kind === 'ready' || state.kind === 'insufficient') set({ ...state, refreshing: true });
      else set({ kind: 'loading' });
      request(0);
    },
    reload() {
      started = true;
      stopPolling();
      if (state.kind === 'ready' || state.kind === 'insufficient') set({ ...state, refreshing: true });
      else set({ kind: 'loading' });
      request(0);
    },
    accept(data) {
      started = true;
      stopPolling();
      latest++; // answers still in flight are older than this
      settle(data, 0);
    },
    dispose() {
      started = false;
      stopPolling();
      latest++;
    },
  };
}

/** The states that have data to show. */
export type RemoteDataState<V> = Extract<RemoteState<V>, { data: V }>;

/** What a card shows in each state; `data` serves both "ready" and "insufficient". */
export interface RemoteViews<V, R> {
  loading: () => R;
  computing: () => R;
  error: (error: ApiError) => R;
  data: (state: RemoteDataState<V>) => R;
}

/** What a renderer's `RemoteView` takes: the state, what "Try again" does, and at least the data view. */
export interface RemoteViewProps<V, R> {
  state: RemoteState<V>;
  onRetry: () => void;
  views: Partial<RemoteViews<V, R>> & Pick<RemoteViews<V, R>, 'data'>;
}

/** Picks the view for the state: the one switch every card of every renderer shares. */
export function remoteView<V, R>(state: RemoteState<V>, views: RemoteViews<V, R>): R {
  switch (state.kind) {
    case 'loading':
      return views.loading();
    case 'computing':
      return views.computing();
    case 'error':
      return views.error(state.error);
    case 'ready':
    case 'insufficient':
      return views.data(state);
  }
}
