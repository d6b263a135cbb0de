// The Salesforce card token (server/http/card-token.ts): bound to org, user and Account, expires
// after its TTL, refused when any byte changes or another key signed it.
import { describe, expect, it } from '@jest/globals';
import { CARD_TOKEN_TTL_MS, cardTokenKey, CardTokens } from '../../server/http/card-token.ts';

const subject = { orgId: '00D5g000004ZQaREAW', userId: '0055g00000XyZabAAF', accountId: '0015g00000AbCdEAAV', actor: 'csm@acme.example (salesforce-user:0055g00000XyZabAAF)' };

describe('CardTokens', () => {
  it('round-trips the claims it was minted with, for ten minutes', () => {
    let now = 1_000_000;
    const tokens = new CardTokens({ key: cardTokenKey('secret'), now: () => now });
    const { token, expiresAt } = tokens.mint(subject);
    expect(expiresAt).toBe(1_000_000 + CARD_TOKEN_TTL_MS);
    expect(CARD_TOKEN_TTL_MS).toBe(600_000);
    expect(tokens.verify(token)).toEqual({ ok: true, claims: { ...subject, issuedAt: 1_000_000, expiresAt } });
    now = expiresAt - 1;
    expect(tokens.verify(token).ok).toBe(true);
    now = expiresAt;
    expect(tokens.verify(token)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a token signed with another key, or with its claims changed', () => {
    const tokens = new CardTokens({ key: cardTokenKey('secret') });
    const { token } = tokens.mint(subject);
    expect(new CardTokens({ key: cardTokenKey('another secret') }).verify(token)).toEqual({ ok: false, reason: 'bad_signature' });
    const [payload, sig] = token.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, rec: '0015g00000ZzZzZAAV' })).toString('base64url');
    expect(tokens.verify(`${forged}.${sig}`)).toEqual({ ok: false, reason: 'bad_signature' });
    const longer = Buffer.from(JSON.stringify({ ...claims, exp: Number(claims.exp) + 3_600_000 })).toString('base64url');
    expect(tokens.verify(`${longer}.${sig}`)).toEqual({ ok: false, reason: 'bad_signature' });
    for (const bad of ['', 'a', `${token}.x`, `${payload}.`, `${payload}.${sig}=`, token.replace('.', ':')]) expect(tokens.verify(bad).ok).toBe(false);
  });

  it('derives a key that is not the consumer secret and differs per secret', () => {
    const key = cardTokenKey('secret');
    expect(key).toHaveLength(32);
    expect(key.equals(Buffer.from('secret'))).toBe(false);
    expect(key.equals(cardTokenKey('secret'))).toBe(true);
    expect(key.equals(cardTokenKey('secret2'))).toBe(false);
    expect(() => cardTokenKey('')).toThrow(RangeError);
  });
});
