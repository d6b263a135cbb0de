// Seeded pseudo-random numbers for the synthetic portfolio. Pure and deterministic: the same key
// always yields the same sequence, on every platform (32-bit integer arithmetic only).
//
// The generator is sfc32 (the "small fast chaotic" design: 128 bits of state, good statistical
// quality for simulation, a handful of integer operations per number). Streams are keyed by a
// string, and `fork(label)` derives a child stream from the parent's key alone, never from its
// current state, so one account's data does not depend on how many numbers another one consumed.

const TWO_POW_32 = 4_294_967_296;

/** Final avalanche of a 32-bit word: every input bit flips each output bit with ~50% chance. */
function avalanche(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** Four well-mixed 32-bit words from a string key (four lanes, cross-mixed at the end). */
function seedWords(key: string): [number, number, number, number] {
  let a = 0x6a09e667 ^ key.length;
  let b = 0xbb67ae85;
  let c = 0x3c6ef372;
  let d = 0xa54ff53a;
  for (let i = 0; i < key.length; i++) {
    const ch = key.charCodeAt(i);
    a = Math.imul(a ^ ch, 0x01000193);
    b = Math.imul(b + ch, 0x9e3779b1) ^ (b >>> 15);
    c = Math.imul(c ^ (ch << 11) ^ ch, 0x2545f491);
    d = (Math.imul(d, 31) + Math.imul(ch, 0x27d4eb2f)) | 0;
  }
  const w0 = avalanche(a ^ Math.imul(d, 0x165667b1));
  const w1 = avalanche(b ^ w0);
  const w2 = avalanche(c ^ w1);
  const w3 = avalanche(d ^ w2);
  return [w0, w1, w2, w3];
}

/** A weighted choice: the value and its (non-negative) weight. */
export type WeightedEntry<T> = readonly [value: T, weight: number];

export class Rng {
  /** The key this stream was derived from; children are keyed by it, not by the state. */
  readonly key: string;
  #a: number;
  #b: number;
  #c: number;
  #d: number;
  #spareNormal: number | null = null;

  constructor(key: string) {
    this.key = key;
    const [a, b, c, d] = seedWords(key);
    this.#a = a;
    this.#b = b;
    this.#c = c;
    this.#d = d | 1; // the counter word; never let the whole state be zero
    for (let i = 0; i < 15; i++) this.#step();
  }

  #step(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.#step() / TWO_POW_32;
  }

  /** Uniform real in [lo, hi). */
  float(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Uniform integer in [lo, hi], both ends included. */
  int(lo: number, hi: number): number {
    const a = Math.ceil(Math.min(lo, hi));
    const b = Math.floor(Math.max(lo, hi));
    return a + Math.floor(this.next() * (b - a + 1));
  }

  /** A uniformly chosen element. Throws on an empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick: empty array');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** A value chosen with probability proportional to its weight. */
  weighted<T>(entries: readonly WeightedEntry<T>[]): T {
    let total = 0;
    for (const [, w] of entries) if (w > 0) total += w;
    if (!(total > 0)) throw new RangeError('weighted: no positive weight');
    let r = this.next() * total;
    let last: T | undefined;
    for (const [value, w] of entries) {
      if (!(w > 0)) continue;
      last = value;
      r -= w;
      if (r < 0) return value;
    }
    return last as T; // rounding left r at ~0: the last positive entry
  }

  /** Normal deviate (Box–Muller; the second value of each pair is kept for the next call). */
  normal(mean = 0, sd = 1): number {
    if (this.#spareNormal !== null) {
      const z = this.#spareNormal;
      this.#spareNormal = null;
      return mean + sd * z;
    }
    const u = 1 - this.next(); // (0, 1]: log stays finite
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.#spareNormal = r * Math.sin(2 * Math.PI * v);
    return mean + sd * r * Math.cos(2 * Math.PI * v);
  }

  /** Poisson count: multiplication method for small means, rounded normal above 30. */
  poisson(lambda: number): number {
    if (!(lambda > 0)) return 0;
    if (lambda > 30) return Math.max(0, Math.round(this.normal(lambda, Math.sqrt(lambda))));
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /** True with probability p. */
  bernoulli(p: number): boolean {
    return this.next() < p;
  }

  /** Exponential deviate with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** An independent stream named by `label`, derived from this stream's key only. */
  fork(label: string | number): Rng {
    return new Rng(`${this.key}\u001f${label}`);
  }
}

/** A root stream. Numbers and strings are keyed by their text, so 42 and '42' are the same seed. */
export function createRng(seed: string | number): Rng {
  return new Rng(String(seed));
}
