// Encryption of OAuth tokens at rest: AES-256-GCM, a fresh random 12-byte IV per value, the key id
// stored with the ciphertext so keys rotate: `TOKEN_ENCRYPTION_KEY="k2:<base64>,k1:<base64>"`
// encrypts with k2 (the first) and decrypts anything written with k2 or k1.
// Ciphertext: `v1:<keyId>:<iv b64>:<tag b64>:<ciphertext b64>`. An optional context (e.g. the
// portal the token belongs to) is bound as additional authenticated data, so a value copied to
// another row does not decrypt there.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { z } from 'zod';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

export class TokenCryptoError extends Error {
  override name = 'TokenCryptoError';
}

export interface Keyring {
  /** Id of the key new values are encrypted with. */
  readonly currentId: string;
  readonly keys: ReadonlyMap<string, Buffer>;
}

const KeyId = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'a key id is 1–32 letters, digits, "-" or "_"');
const Base64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

function decodeKey(material: string, where: string): Buffer {
  if (!Base64.test(material)) throw new TokenCryptoError(`${where}: the key is not base64`);
  const key = Buffer.from(material, 'base64');
  if (key.length !== KEY_BYTES) throw new TokenCryptoError(`${where}: the key must be ${KEY_BYTES} bytes of base64, got ${key.length} bytes`);
  return key;
}

/**
 * `k2:<base64 32 bytes>,k1:<base64 32 bytes>` → the keyring; the first key is current. Errors
 * name the entry and the problem, never the key material.
 */
export function parseKeyring(text: string, name = 'TOKEN_ENCRYPTION_KEY'): Keyring {
  const entries = text
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  if (entries.length === 0) throw new TokenCryptoError(`${name} is empty; expected "<keyId>:<base64 of ${KEY_BYTES} bytes>[,<older keyId>:<base64>…]"`);
  const keys = new Map<string, Buffer>();
  entries.forEach((entry, i) => {
    const where = `${name} entry ${i + 1}`;
    const colon = entry.indexOf(':');
    if (colon < 0) throw new TokenCryptoError(`${where}: expected "<keyId>:<base64 key>"`);
    const id = KeyId.safeParse(entry.slice(0, colon));
    if (!id.success) throw new TokenCryptoError(`${where}: ${id.error.issues[0]?.message ?? 'bad key id'}`);
    if (keys.has(id.data)) throw new TokenCryptoError(`${where}: key id "${id.data}" appears twice`);
    keys.set(id.data, decodeKey(entry.slice(colon + 1), `${where} ("${id.data}")`));
  });
  return { currentId: [...keys.keys()][0]!, keys };
}

/** A new key entry (`<id>:<base64>`) to put first in TOKEN_ENCRYPTION_KEY. */
export function generateKeyEntry(id: string): string {
  return `${KeyId.parse(id)}:${randomBytes(KEY_BYTES).toString('base64')}`;
}

export class TokenCipher {
  readonly #keyring: Keyring;

  constructor(keyring: Keyring) {
    this.#keyring = keyring;
  }

  static fromText(text: string): TokenCipher {
    return new TokenCipher(parseKeyring(text));
  }

  get currentKeyId(): string {
    return this.#keyring.currentId;
  }

  encrypt(plaintext: string, context = ''): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#keyring.keys.get(this.#keyring.currentId)!, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, this.#keyring.currentId, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ct.toString('base64')].join(':');
  }

  decrypt(value: string, context = ''): string {
    const parts = value.split(':');
    if (parts.length !== 5 || parts[0] !== VERSION) throw new TokenCryptoError(`not an encrypted token (expected "${VERSION}:<keyId>:<iv>:<tag>:<ciphertext>")`);
    const [, keyId, ivText, tagText, ctText] = parts as [string, string, string, string, string];
    const key = this.#keyring.keys.get(keyId);
    if (!key) throw new TokenCryptoError(`token was encrypted with key "${keyId}", which is not in the keyring; add it (after the current key) to decrypt`);
    const iv = Buffer.from(ivText, 'base64');
    const tag = Buffer.from(tagText, 'base64');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new TokenCryptoError('encrypted token is malformed (bad IV or tag length)');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(Buffer.from(ctText, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      throw new TokenCryptoError(`encrypted token failed authentication with key "${keyId}" (tampered, or stored for another portal)`);
    }
  }

  /** The key id a value was encrypted with (to find values to re-encrypt after a rotation). */
  static keyIdOf(value: string): string | null {
    const parts = value.split(':');
    return parts.length === 5 && parts[0] === VERSION ? (parts[1] ?? null) : null;
  }
}
