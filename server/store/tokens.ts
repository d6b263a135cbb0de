// OAuth tokens per portal, encrypted at rest (token-crypto.ts); the portal is bound into each
// ciphertext, so a value copied to another portal's row does not decrypt.
// `withRefreshLock` lets one refresher per portal run at a time, across processes on Postgres.
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database, Orm } from './db.ts';
import { KeyedMutex } from './keyed-mutex.ts';
import { installations, oauthTokens } from './schema.ts';
import { checkTenant } from './tenant.ts';
import { TokenCipher } from './token-crypto.ts';

export const StoredTokens = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
  expiresAtMs: z.number().finite(),
});
export type StoredTokens = z.infer<typeof StoredTokens>;

/**
 * The tokens repository as `withRefreshLock` hands it to its callback: bound to the transaction
 * that holds the lock, and only for the locked portal (another portal's key throws).
 */
export interface LockedTokens {
  load(crm: string, portalId: string): Promise<StoredTokens | null>;
  save(crm: string, portalId: string, tokens: StoredTokens): Promise<void>;
  /**
   * Salesforce: the org's API origin a refresh answered (`instance_url` changes when the org moves
   * or its My Domain changes), written on the installation in the same transaction as the tokens.
   */
  saveInstanceUrl(crm: string, portalId: string, instanceUrl: string): Promise<void>;
}

const InstanceUrl = z.url({ protocol: /^https?$/ });

const context = (crm: string, portalId: string, which: 'access' | 'refresh') => `${crm}/${portalId}/${which}`;

async function saveTokens(orm: Orm, cipher: TokenCipher, crm: string, portalId: string, input: StoredTokens): Promise<void> {
  checkTenant(crm, portalId);
  const tokens = StoredTokens.parse(input);
  const row = {
    accessTokenEnc: cipher.encrypt(tokens.accessToken, context(crm, portalId, 'access')),
    refreshTokenEnc: cipher.encrypt(tokens.refreshToken, context(crm, portalId, 'refresh')),
    expiresAt: new Date(tokens.expiresAtMs),
  };
  await orm
    .insert(oauthTokens)
    .values({ crm, portalId, ...row })
    .onConflictDoUpdate({ target: [oauthTokens.crm, oauthTokens.portalId], set: { ...row, updatedAt: sql`now()` } });
}

async function loadTokens(orm: Orm, cipher: TokenCipher, crm: string, portalId: string): Promise<StoredTokens | null> {
  checkTenant(crm, portalId);
  const [row] = await orm
    .select()
    .from(oauthTokens)
    .where(and(eq(oauthTokens.crm, crm), eq(oauthTokens.portalId, portalId)));
  if (!row) return null;
  return {
    accessToken: cipher.decrypt(row.accessTokenEnc, context(crm, portalId, 'access')),
    refreshToken: cipher.decrypt(row.refreshTokenEnc, context(crm, portalId, 'refresh')),
    expiresAtMs: row.expiresAt.getTime(),
  };
}

/** One mutex per database handle, however many stores are built on it. */
const mutexes = new WeakMap<Database, KeyedMutex>();

export class TokensRepo {
  readonly #db: Database;
  readonly #cipher: TokenCipher;
  readonly #mutex: KeyedMutex;

  constructor(db: Database, cipher: TokenCipher) {
    this.#db = db;
    this.#cipher = cipher;
    let mutex = mutexes.get(db);
    if (!mutex) mutexes.set(db, (mutex = new KeyedMutex()));
    this.#mutex = mutex;
  }

  save(crm: string, portalId: string, tokens: StoredTokens): Promise<void> {
    return saveTokens(this.#db.orm, this.#cipher, crm, portalId, tokens);
  }

  /** Decrypted tokens, or null when the portal has none. Throws when a key is missing or a value was tampered with. */
  load(crm: string, portalId: string): Promise<StoredTokens | null> {
    return loadTokens(this.#db.orm, this.#cipher, crm, portalId);
  }

  async delete(crm: string, portalId: string): Promise<void> {
    checkTenant(crm, portalId);
    await this.#db.orm.delete(oauthTokens).where(and(eq(oauthTokens.crm, crm), eq(oauthTokens.portalId, portalId)));
  }

  /**
   * Runs `fn` while holding the portal's refresh lock: in this process (a mutex per portal) and,
   * on Postgres, across processes (`pg_advisory_xact_lock` on a transaction that lives as long as
   * `fn`). `fn` reads and writes the tokens through the `LockedTokens` it is given, which are bound
   * to that transaction: a rotated refresh token is saved before the lock is released. It should
   * re-read the tokens first — another refresher may have just replaced them. PGlite is opened by
   * one process only, so there the mutex is the lock (no transaction: the single connection stays
   * free for everyone else while `fn` waits on the network).
   */
  withRefreshLock<T>(crm: string, portalId: string, fn: (tokens: LockedTokens) => Promise<T>): Promise<T> {
    checkTenant(crm, portalId);
    const locked = (c: string, p: string): Promise<void> =>
      c === crm && p === portalId ? Promise.resolve() : Promise.reject(new Error(`the refresh lock is held for ${crm} portal ${portalId}, not ${c} portal ${p}`));
    const bound = (orm: Orm): LockedTokens => ({
      load: (c, p) => locked(c, p).then(() => loadTokens(orm, this.#cipher, crm, portalId)),
      save: (c, p, tokens) => locked(c, p).then(() => saveTokens(orm, this.#cipher, crm, portalId, tokens)),
      saveInstanceUrl: (c, p, url) =>
        locked(c, p).then(async () => {
          await orm
            .update(installations)
            .set({ instanceUrl: InstanceUrl.parse(url), updatedAt: sql`now()` })
            .where(and(eq(installations.crm, crm), eq(installations.portalId, portalId)));
        }),
    });
    return this.#mutex.run(`${crm}\u0000${portalId}`, () => {
      if (this.#db.kind === 'pglite') return fn(bound(this.#db.orm));
      return this.#db.orm.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`token-refresh/${crm}/${portalId}`}, 0))`);
        return fn(bound(tx));
      });
    });
  }

  /**
   * After a key rotation: re-encrypts every token not written with the current key. A row that
   * cannot be decrypted (its key was dropped, or it was tampered with) is reported, not fatal.
   */
  async reencryptAll(): Promise<{ reencrypted: number; failed: Array<{ crm: string; portalId: string; reason: string }> }> {
    const current = this.#cipher.currentKeyId;
    const rows = await this.#db.orm.select({ crm: oauthTokens.crm, portalId: oauthTokens.portalId, access: oauthTokens.accessTokenEnc, refresh: oauthTokens.refreshTokenEnc }).from(oauthTokens);
    let reencrypted = 0;
    const failed: Array<{ crm: string; portalId: string; reason: string }> = [];
    for (const { crm, portalId, access, refresh } of rows) {
      if (TokenCipher.keyIdOf(access) === current && TokenCipher.keyIdOf(refresh) === current) continue;
      try {
        await this.withRefreshLock(crm, portalId, async (tokens) => {
          const loaded = await tokens.load(crm, portalId);
          if (loaded) await tokens.save(crm, portalId, loaded);
        });
        reencrypted += 1;
      } catch (error) {
        failed.push({ crm, portalId, reason: (error as Error).message });
      }
    }
    return { reencrypted, failed };
  }
}
