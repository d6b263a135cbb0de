import { describe, expect, it } from '@jest/globals';
import { generateKeyEntry, parseKeyring, TokenCipher, TokenCryptoError } from '../../server/store/token-crypto.ts';
import { key } from '../helpers/store-fixtures.ts';

describe('parseKeyring', () => {
  it('makes the first key current and keeps the others for decryption', () => {
    const ring = parseKeyring(`k2:${key()}, k1:${key()}`);
    expect(ring.currentId).toBe('k2');
    expect([...ring.keys.keys()]).toEqual(['k2', 'k1']);
  });

  it.each([
    ['', /is empty/],
    ['k1', /expected "<keyId>:<base64 key>"/],
    [`k1:${Buffer.alloc(16).toString('base64')}`, /must be 32 bytes of base64, got 16 bytes/],
    ['k1:not base64!!', /not base64/],
    [`bad id:${Buffer.alloc(32).toString('base64')}`, /key id/],
    [`k1:${Buffer.alloc(32).toString('base64')},k1:${Buffer.alloc(32, 1).toString('base64')}`, /appears twice/],
  ])('rejects %j with a clear message', (text, message) => {
    expect(() => parseKeyring(text)).toThrow(message);
  });

  it('never puts key material in its errors', () => {
    const material = Buffer.alloc(31, 7).toString('base64');
    try {
      parseKeyring(`k1:${material}`);
      throw new Error('expected a failure');
    } catch (error) {
      expect(error).toBeInstanceOf(TokenCryptoError);
      expect((error as Error).message).not.toContain(material);
    }
  });

  it('generates entries it accepts', () => {
    expect(parseKeyring(generateKeyEntry('k9')).currentId).toBe('k9');
  });
});

describe('TokenCipher', () => {
  it('round-trips, with a fresh IV per value and the key id in the output', () => {
    const cipher = TokenCipher.fromText(`k1:${key()}`);
    const a = cipher.encrypt('secret-token');
    const b = cipher.encrypt('secret-token');
    expect(a).toMatch(/^v1:k1:[^:]+:[^:]+:[^:]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('secret-token');
    expect(Buffer.from(a.split(':')[2]!, 'base64')).toHaveLength(12);
    expect(cipher.decrypt(a)).toBe('secret-token');
    expect(cipher.decrypt(b)).toBe('secret-token');
  });

  it('rotates: the old key still decrypts, the new key encrypts', () => {
    const k1 = key();
    const old = TokenCipher.fromText(`k1:${k1}`);
    const rotated = TokenCipher.fromText(`k2:${key()},k1:${k1}`);
    const written = old.encrypt('refresh-1');
    expect(rotated.decrypt(written)).toBe('refresh-1');
    expect(TokenCipher.keyIdOf(rotated.encrypt('refresh-2'))).toBe('k2');
    expect(() => old.decrypt(rotated.encrypt('refresh-2'))).toThrow(/key "k2", which is not in the keyring/);
  });

  it('rejects tampered ciphertext, tags and other contexts', () => {
    const cipher = TokenCipher.fromText(`k1:${key()}`);
    const value = cipher.encrypt('access-token', 'hubspot/1/access');
    const [v, id, iv, tag, ct] = value.split(':') as [string, string, string, string, string];
    const flip = (b64: string) => {
      const bytes = Buffer.from(b64, 'base64');
      bytes[0] = bytes[0]! ^ 1;
      return bytes.toString('base64');
    };
    expect(() => cipher.decrypt([v, id, iv, tag, flip(ct)].join(':'), 'hubspot/1/access')).toThrow(/failed authentication/);
    expect(() => cipher.decrypt([v, id, iv, flip(tag), ct].join(':'), 'hubspot/1/access')).toThrow(/failed authentication/);
    expect(() => cipher.decrypt(value, 'hubspot/2/access')).toThrow(/failed authentication/);
    expect(() => cipher.decrypt('plain-token')).toThrow(/not an encrypted token/);
    expect(() => cipher.decrypt(`v1:k1:${Buffer.alloc(4).toString('base64')}:${tag}:${ct}`)).toThrow(/malformed/);
    expect(cipher.decrypt(value, 'hubspot/1/access')).toBe('access-token');
  });
});
