// Ready success views kept in memory, so a card's request is answered without a database round
// trip. Every write this process makes invalidates the account's entry at once; `ttlMs` bounds how
// long a view written by ANOTHER process can stay stale (null: no other process writes, e.g. the
// embedded database). Bounded in size: the oldest entries go first.
export class ViewCache<V> {
  readonly #entries = new Map<string, { value: V; expiresAt: number }>();
  readonly #ttlMs: number | null;
  readonly #max: number;
  readonly #now: () => number;
  hits = 0;
  misses = 0;

  constructor(options: { ttlMs: number | null; maxEntries?: number; now?: () => number }) {
    this.#ttlMs = options.ttlMs;
    this.#max = options.maxEntries ?? 20_000;
    this.#now = options.now ?? Date.now;
  }

  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (entry && entry.expiresAt > this.#now()) {
      this.hits++;
      return entry.value;
    }
    if (entry) this.#entries.delete(key);
    this.misses++;
    return undefined;
  }

  set(key: string, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, { value, expiresAt: this.#ttlMs === null ? Number.POSITIVE_INFINITY : this.#now() + this.#ttlMs });
    if (this.#entries.size > this.#max) this.#entries.delete(this.#entries.keys().next().value!);
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  /** Drops every entry whose key starts with `prefix` (a whole portal). */
  deletePrefix(prefix: string): void {
    for (const key of this.#entries.keys()) if (key.startsWith(prefix)) this.#entries.delete(key);
  }
}
