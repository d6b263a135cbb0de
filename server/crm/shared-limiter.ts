// One rate budget per portal for every process that calls the CRM on its behalf. The state (the
// call log of the window and a pause) lives in a shared store — Postgres in production — and every
// decision is `takeSlot` / `afterObserved` / `pauseFor` from limiter.ts, run by the store on the
// locked state with the store's clock: two processes never both spend the last slot of a window.
import { afterObserved, checkLimit, pauseFor, systemClock, takeSlot, type Clock, type RateLimiter, type SlotDecision, type WindowLimit, type WindowState } from './limiter.ts';

export interface BudgetStore {
  /**
   * Applies `decide` to the bucket's state atomically (no other caller reads or changes the
   * bucket in between; a missing bucket starts empty) and saves the state it returns. `nowMs` is
   * the store's clock, the one clock every process shares.
   */
  update<T>(bucket: string, decide: (state: WindowState, nowMs: number) => { state: WindowState; result: T }): Promise<T>;
}

export interface SharedLimiterOptions extends WindowLimit {
  store: BudgetStore;
  /** The budget's name, the same in every process: e.g. `hubspot:62515:calls`. */
  bucket: string;
  /** Sleeps between refused attempts (tests pass a fake one). */
  clock?: Clock;
  /** A failed observe/backOff write is not fatal to the call that made it (default: ignored). */
  onError?: (error: unknown) => void;
}

export class SharedWindowLimiter implements RateLimiter {
  readonly #o: SharedLimiterOptions;
  readonly #limit: WindowLimit;
  readonly #clock: Clock;
  /** In-process FIFO: this process's callers ask the store one at a time, in order. */
  #queue: Promise<void> = Promise.resolve();

  constructor(options: SharedLimiterOptions) {
    this.#o = options;
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
      const decision = await this.#o.store.update<SlotDecision>(this.#o.bucket, (state, now) => {
        const d = takeSlot(state, now, this.#limit);
        return { state: d.state, result: d };
      });
      if (decision.granted) return;
      await this.#clock.sleep(decision.waitMs);
    }
  }

  observe(remaining: number | null, intervalMs: number | null): void {
    if (remaining === null || remaining > 0) return; // nothing to share: spare the round trip
    this.#record((state, now) => afterObserved(state, now, remaining, intervalMs, this.#limit));
  }

  backOff(ms: number): void {
    this.#record((state, now) => pauseFor(state, now, ms));
  }

  /** Writes a pause into the shared state; the next acquisition of this process waits for it. */
  #record(change: (state: WindowState, now: number) => WindowState): void {
    const write = this.#queue.then(() => this.#o.store.update(this.#o.bucket, (state, now) => ({ state: change(state, now), result: undefined })));
    this.#queue = write.catch((error: unknown) => this.#o.onError?.(error));
  }
}
