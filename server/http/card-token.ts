// The Salesforce card's own short-lived token. A verified Canvas request (crm/salesforce/canvas.ts)
// mints one, bound to the org, the user and the Account the card is on; the card page sends it as
// `Authorization: Bearer …` on its API calls, which accept it for that org and that Account only.
// The user's Salesforce session token never leaves the server: this token replaces it.
//
//   token = base64url(JSON claims) "." base64url(HMAC-SHA256(key, the first part))
//
// The key is derived from the Canvas consumer secret with HKDF under its own label, so it is not
// the key Salesforce signs Canvas requests with (a card token can never pass as a signed request,
// nor the other way round), every sidecar process that can verify Canvas requests can verify the
// tokens, and rotating the consumer secret invalidates every outstanding token.
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** How long a card token is accepted (the card page is reloaded, and a new token minted, at every record open). */
export const CARD_TOKEN_TTL_MS = 10 * 60_000;

const Claims = z.strictObject({
  v: z.literal(1),
  crm: z.literal('salesforce'),
  org: z.string().min(1).max(18),
  usr: z.string().min(1).max(18),
  rec: z.string().min(1).max(18),
  /** How the user appears in plans and the audit log. */
  act: z.string().max(300),
  iat: z.number().int(),
  exp: z.number().int(),
});

export interface CardTokenClaims {
  orgId: string;
  userId: string;
  accountId: string;
  actor: string;
  issuedAt: number;
  expiresAt: number;
}

export type CardTokenCheck = { ok: true; claims: CardTokenClaims } | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' };

/** The card-token key of a Canvas consumer secret (HKDF-SHA256, label `salesforce-canvas-card-token/v1`). */
export function cardTokenKey(consumerSecret: string): Buffer {
  if (consumerSecret.length === 0) throw new RangeError('cardTokenKey: the consumer secret is empty');
  return Buffer.from(hkdfSync('sha256', consumerSecret, 'success-sidecar', 'salesforce-canvas-card-token/v1', 32));
}

export class CardTokens {
  readonly #key: Buffer;
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(options: { key: Buffer; ttlMs?: number; now?: () => number }) {
    if (options.key.length < 32) throw new RangeError('CardTokens: the key must have at least 32 bytes');
    this.#key = options.key;
    this.#ttlMs = options.ttlMs ?? CARD_TOKEN_TTL_MS;
    this.#now = options.now ?? Date.now;
  }

  #sign(payload: string): Buffer {
    return createHmac('sha256', this.#key).update(payload, 'utf8').digest();
  }

  mint(subject: { orgId: string; userId: string; accountId: string; actor: string }): { token: string; expiresAt: number } {
    const iat = this.#now();
    const exp = iat + this.#ttlMs;
    const claims: z.infer<typeof Claims> = { v: 1, crm: 'salesforce', org: subject.orgId, usr: subject.userId, rec: subject.accountId, act: subject.actor.slice(0, 300), iat, exp };
    const payload = Buffer.from(JSON.stringify(Claims.parse(claims)), 'utf8').toString('base64url');
    return { token: `${payload}.${this.#sign(payload).toString('base64url')}`, expiresAt: exp };
  }

  verify(token: string): CardTokenCheck {
    const parts = token.split('.');
    if (parts.length !== 2 || !/^[A-Za-z0-9_-]+$/.test(parts[0]!) || !/^[A-Za-z0-9_-]+$/.test(parts[1]!)) return { ok: false, reason: 'malformed' };
    const [payload, signature] = parts as [string, string];
    const given = Buffer.from(signature, 'base64url');
    const expected = this.#sign(payload);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
    let parsed: z.infer<typeof Claims>;
    try {
      parsed = Claims.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    if (this.#now() >= parsed.exp) return { ok: false, reason: 'expired' };
    return { ok: true, claims: { orgId: parsed.org, userId: parsed.usr, accountId: parsed.rec, actor: parsed.act, issuedAt: parsed.iat, expiresAt: parsed.exp } };
  }
}
