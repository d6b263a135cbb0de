// Keeps one tenant's calls inside the CRM's rolling-window budget. The transport awaits
// `acquire()` before every call and reports the CRM's own budget headers with `observe()`, so
// calls made elsewhere with the same portal's budget slow us down too.
//
// The decisions are pure functions over a `WindowState` (a log of call starts and a pause), so the
// in-process limiter below and the shared one (shared-limiter.ts, state in Postgres) decide alike.
export interface RateLimiter {
  acquire(): Promise<void>;
  /** The CRM's view: `remaining` calls in the current window of `intervalMs`. */
  observe(remaining: number | null, intervalMs: number | null): void;
  /** Tell the limiter the CRM answered 429: nothing more until the window has passed. */
  backOff(ms: number): void;
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** A budget: at most `max` call starts in any `windowMs`. */
export interface WindowLimit {
  max: number;
  windowMs: number;
}

/** The calls started within the last window (epoch ms, ascending) and a pause ordered by the CRM. */
export interface WindowState {
  starts: number[];
  pausedUntil: number;
}

export const emptyWindow = (): WindowState => ({ starts: [], pausedUntil: 0 });

export type SlotDecision = { granted: true; state: WindowState } | { granted: false; waitMs: number; state: WindowState };

export function checkLimit(limit: WindowLimit): WindowLimit {
  if (!(limit.max >= 1) || !Number.isInteger(limit.max)) throw new RangeError('limiter max must be an integer of at least 1');
  if (!(limit.windowMs > 0)) throw new RangeError('limiter windowMs must be positive');
  return limit;
}

/** May a call start at `now`? Granted: the new state records it. Refused: how long to wait before asking again. */
export function takeSlot(state: WindowState, now: number, limit: WindowLimit): SlotDecision {
  const starts = state.starts.filter((t) => t > now - limit.windowMs);
  const full = starts.length >= limit.max ? starts[starts.length - limit.max]! + limit.windowMs - now : 0;
  const waitMs = Math.max(state.pausedUntil - now, full);
  if (waitMs > 0) return { granted: false, waitMs, state: { starts, pausedUntil: state.pausedUntil } };
  return { granted: true, state: { starts: [...starts, now], pausedUntil: state.pausedUntil } };
}

/** Nothing starts before `now + ms` (a 429, or a Retry-After). */
export function pauseFor(state: WindowState, now: number, ms: number): WindowState {
  return { starts: state.starts, pausedUntil: Math.max(state.pausedUntil, now + Math.max(0, ms)) };
}

/**
 * The CRM's budget headers after a call. When it says the budget is spent, someone else spent it
 * too: trust the CRM. The window rolls, so slots free up continuously — pause a tenth of it; a
 * 429 that still follows backs off further.
 */
export function afterObserved(state: WindowState, now: number, remaining: number | null, intervalMs: number | null, limit: WindowLimit): WindowState {
  if (remaining === null || remaining > 0) return state;
  return pauseFor(state, now, (intervalMs ?? limit.windowMs) / 10);
}

/**
 * The in-process limiter: one process, one budget. Acquisitions are served in order (a FIFO of
 * waiters), so concurrent callers share the budget fairly. Several processes sharing a portal use
 * `SharedWindowLimiter` instead.
 */
export class SlidingWindowLimiter implements RateLimiter {
  readonly #limit: WindowLimit;
  readonly #clock: Clock;
  #state: WindowState = emptyWindow();
  #queue: Promise<void> = Promise.resolve();

  constructor(options: { max: number; windowMs: number; clock?: Clock }) {
    this.#limit = checkLimit({ max: options.max, windowMs: options.windowMs });
    this.#clock = options.clock ?? systemClock;
  }

  acquire(): Promise<void> {
    const turn = this.#queue.then(() => this.#waitForSlot());
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  async #waitForSlot(): Promise<void> {
    for (;;) {
      const decision = takeSlot(this.#state, this.#clock.now(), this.#limit);
      this.#state = decision.state;
      if (decision.granted) return;
      await this.#clock.sleep(decision.waitMs);
    }
  }

  observe(remaining: number | null, intervalMs: number | null): void {
    this.#state = afterObserved(this.#state, this.#clock.now(), remaining, intervalMs, this.#limit);
  }

  backOff(ms: number): void {
    this.#state = pauseFor(this.#state, this.#clock.now(), ms);
  }
}
