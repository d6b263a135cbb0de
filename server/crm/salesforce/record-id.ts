// Salesforce record ids as the sidecar keys them: 15 case-sensitive characters, or 18 with a
// 3-character suffix that encodes the case of the first 15. Results, plans and tokens use the
// 18-character form, so a 15-character id from a URL or a formula finds the same account.
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** The key prefix of Account ids (the first three characters of every Account id). */
export const ACCOUNT_KEY_PREFIX = '001';
/** The key prefix of organization ids. */
export const ORG_KEY_PREFIX = '00D';

function suffixOf(id15: string): string {
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

/** The 18-character id of a 15- or 18-character id; null when it is not a well-formed id (an 18-character one whose suffix does not match). */
export function toId18(raw: string): string | null {
  if (!/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-5]{3})?$/.test(raw)) return null;
  const id15 = raw.slice(0, 15);
  const id18 = id15 + suffixOf(id15);
  if (raw.length === 18 && raw.slice(15).toUpperCase() !== id18.slice(15)) return null;
  return id18;
}
