// Keeps one tenant's calls inside the CRM's rolling-window budget. The transport awaits
// `acquire()` before every call and reports the CRM's own budget headers with `observe()`, so
// calls made elsewhere with the same portal's budget slow us down too.
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

/**
 * A sliding-window log: at most `max` calls started in any `windowMs`. Acquisitions are served in
 * order (a FIFO of waiters), so concurrent callers share the budget fairly. In-memory: for one
 * process; several workers sharing a portal use a shared implementation (issue #4).
 */
export class SlidingWindowLimiter implements RateLimiter {
  readonly #max: number;
  readonly #windowMs: number;
  readonly #clock: Clock;
  readonly #starts: number[] = [];
  #pausedUntil = 0;
  #queue: Promise<void> = Promise.resolve();

  constructor(options: { max: number; windowMs: number; clock?: Clock }) {
    if (!(options.max >= 1)) throw new RangeError('limiter max must be at least 1');
    this.#max = options.max;
    this.#windowMs = options.windowMs;
    this.#clock = options.clock ?? systemClock;
  }

  acquire(): Promise<void> {
    const turn = this.#queue.then(() => this.#waitForSlot());
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  async #waitForSlot(): Promise<void> {
    for (;;) {
      const now = this.#clock.now();
      while (this.#starts.length > 0 && this.#starts[0]! <= now - this.#windowMs) this.#starts.shift();
      const wait = Math.max(this.#pausedUntil - now, this.#starts.length >= this.#max ? this.#starts[0]! + this.#windowMs - now : 0);
      if (wait <= 0) {
        this.#starts.push(now);
        return;
      }
      await this.#clock.sleep(wait);
    }
  }

  observe(remaining: number | null, intervalMs: number | null): void {
    // Someone else spent this portal's budget too: trust the CRM. The window rolls, so slots free
    // up continuously — pause a tenth of it; a 429 that still follows backs off further.
    if (remaining !== null && remaining <= 0) this.backOff((intervalMs ?? this.#windowMs) / 10);
  }

  backOff(ms: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, this.#clock.now() + ms);
  }
}
