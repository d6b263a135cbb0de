// Salesforce record ids: a 3-character key prefix per object, 12 more characters (15, case
// sensitive) and a 3-character suffix that makes the 18-character form case-insensitive.
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** The pod of the org at `index`: 5g, 5h, … then two base-62 digits. */
export function podFor(index: number): string {
  return index < 20 ? `5${BASE62[42 + index]}` : `${BASE62[Math.floor(index / 62) % 62]}${BASE62[index % 62]}`;
}

export function checksumSuffix(id15: string): string {
  let out = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    out += SUFFIX_ALPHABET[bits];
  }
  return out;
}

/** The 18-character id of a 15- or 18-character id, or undefined when it is not a well-formed id. */
export function normalizeId(raw: string): string | undefined {
  if (!/^[a-zA-Z0-9]{15}(?:[A-Z0-5]{3})?$/.test(raw)) return undefined;
  const id15 = raw.slice(0, 15);
  const id18 = id15 + checksumSuffix(id15);
  if (raw.length === 18 && raw.toUpperCase() !== id18.toUpperCase()) return undefined;
  return id18;
}

/** Issues ids per key prefix on the org's pod (two characters, "5g" by default), unique across orgs with distinct pods. */
export class IdFactory {
  private readonly counters = new Map<string, number>();
  private readonly pod: string;

  constructor(pod = '5g') {
    if (!/^[A-Za-z0-9]{2}$/.test(pod)) throw new RangeError(`a pod is two alphanumerics, got ${pod}`);
    this.pod = pod;
  }

  next(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    let body = '';
    let rest = n;
    for (let i = 0; i < 8; i++) {
      body = BASE62[rest % 62] + body;
      rest = Math.floor(rest / 62);
    }
    const id15 = `${prefix}${this.pod}00${body}`;
    return id15 + checksumSuffix(id15);
  }
}
