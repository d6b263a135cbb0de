// A bounded, content-keyed cache in front of analyzeSentiment: the same ticket message is scored
// again on every run of the engine (now, 30 days earlier, each candidate next step), and templated
// or repeated messages are common across accounts.
//
// The key is the message text itself. V8 hashes a string's content once and keeps the hash on the
// string, so a Map lookup costs one pass over characters the caller already holds, and equal
// texts can never collide. A separate cryptographic digest (SHA-256 per message) would cost more
// than re-scoring the message — the analyser is a single pass over the same characters — and
// would only save memory for very long texts; support messages are short.
import { analyzeSentiment } from './analyze.ts';

export class SentimentCache {
  readonly #capacity: number;
  readonly #scores = new Map<string, number>();
  #hits = 0;
  #misses = 0;

  /** `capacity`: the most messages kept; once full, each new message evicts the oldest. */
  constructor(capacity = 100_000) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`SentimentCache capacity must be a positive integer, got ${capacity}`);
    this.#capacity = capacity;
  }

  /** analyzeSentiment(text), from the cache when this text was scored before. */
  score(text: string): number {
    const cached = this.#scores.get(text);
    if (cached !== undefined) {
      this.#hits++;
      return cached;
    }
    this.#misses++;
    const score = analyzeSentiment(text);
    if (this.#scores.size >= this.#capacity) {
      // First-in, first-out: a Map iterates in insertion order, so its first key is the oldest.
      // O(1); no reordering on hits, which keeps the hit path a single lookup.
      const oldest = this.#scores.keys().next();
      if (oldest.done !== true) this.#scores.delete(oldest.value);
    }
    this.#scores.set(text, score);
    return score;
  }

  get hits(): number {
    return this.#hits;
  }

  get misses(): number {
    return this.#misses;
  }

  /** Number of messages currently cached (never more than the capacity). */
  get size(): number {
    return this.#scores.size;
  }
}
