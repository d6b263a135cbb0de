// OAuth `state` values for the install flow: random (256 bits), short-lived, single use. Consuming
// is one UPDATE … WHERE unused AND unexpired, so two callbacks racing with the same state cannot
// both succeed.
import { randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Orm } from './db.ts';
import { oauthStates } from './schema.ts';
import { Crm } from './tenant.ts';

const State = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

export class OAuthStatesRepo {
  readonly #orm: Orm;
  constructor(orm: Orm) {
    this.#orm = orm;
  }

  /** A new state; `codeVerifier` (PKCE) is kept with it and handed back once, when it is consumed. */
  async create(crm: string, ttlMs: number, options: { codeVerifier?: string } = {}): Promise<string> {
    Crm.parse(crm);
    const ttl = z.number().int().min(1).max(86_400_000).parse(ttlMs);
    const codeVerifier = z.string().regex(/^[A-Za-z0-9._~-]{43,128}$/, 'a PKCE verifier is 43–128 unreserved characters').optional().parse(options.codeVerifier);
    const state = randomBytes(32).toString('base64url');
    await this.#orm.insert(oauthStates).values({ state, crm, codeVerifier: codeVerifier ?? null, expiresAt: sql`now() + make_interval(secs => ${ttl / 1000}::double precision)` });
    return state;
  }

  /** The state's CRM the first time an unexpired state is consumed; null otherwise (unknown, used or expired). */
  async consume(state: string): Promise<{ crm: string; codeVerifier: string | null } | null> {
    if (!State.safeParse(state).success) return null;
    const [row] = await this.#orm
      .update(oauthStates)
      .set({ usedAt: sql`now()` })
      .where(and(eq(oauthStates.state, state), isNull(oauthStates.usedAt), gt(oauthStates.expiresAt, sql`now()`)))
      .returning({ crm: oauthStates.crm, codeVerifier: oauthStates.codeVerifier });
    return row ?? null;
  }

  /** Deletes states that expired or were used before `olderThan`. */
  async prune(olderThan: Date): Promise<number> {
    const rows = await this.#orm
      .delete(oauthStates)
      .where(or(lt(oauthStates.expiresAt, olderThan), lt(oauthStates.usedAt, olderThan)))
      .returning({ state: oauthStates.state });
    return rows.length;
  }
}
