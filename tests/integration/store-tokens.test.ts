// Migrations, installations and encrypted OAuth tokens, on PGlite and (when configured) Postgres.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MIGRATIONS_FOLDER, openDatabase } from '../../server/store/db.ts';
import { migrationTags } from '../../server/store/migration-journal.ts';
import { createStore, type Store } from '../../server/store/store.ts';
import { TokenCipher } from '../../server/store/token-crypto.ts';
import { testDatabases, type TestDb } from '../helpers/databases.ts';
import { cipher, key, numericPortal, portal } from '../helpers/store-fixtures.ts';

/** Every migration in the journal, in order: a fresh database applies them all. */
const ALL_MIGRATIONS = migrationTags(MIGRATIONS_FOLDER);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(testDatabases())('store on $name: migrations, installations, tokens', (engine) => {
  let db: TestDb;
  let store: Store;
  const k1 = key();

  beforeAll(async () => {
    db = await engine.open();
    store = createStore(db, cipher(`k1:${k1}`));
  });
  afterAll(() => db?.close());

  it('migrates once, then finds nothing to do', async () => {
    const fresh = await engine.open({ migrate: false });
    try {
      if (fresh.url) {
        // Two processes starting together: the migration lock lets one migrate, the other finds it done.
        const other = await openDatabase({ kind: 'postgres', url: fresh.url, poolSize: 1 });
        const both = await Promise.all([fresh.migrate(), other.migrate()]).finally(() => other.close());
        expect(both.flatMap((r) => r.applied)).toEqual(ALL_MIGRATIONS);
      } else {
        expect((await fresh.migrate()).applied).toEqual(ALL_MIGRATIONS);
      }
      expect(await fresh.migrate()).toEqual({ applied: [], total: ALL_MIGRATIONS.length });
      const tables = await fresh.query<{ table_name: string }>(`select table_name from information_schema.tables where table_schema = 'public' order by 1`);
      expect(tables.map((t) => t.table_name)).toEqual(
        expect.arrayContaining(['account_results', 'audit_log', 'backtest_rows', 'backtest_skips', 'installations', 'oauth_states', 'oauth_tokens', 'outbox', 'plan_versions', 'portal_admins', 'rate_budgets', 'result_history', 'risk_models', 'settings', 'success_plans', 'sync_state', 'webhook_events']),
      );
    } finally {
      await fresh.close();
    }
  });

  it('installs, re-installs and uninstalls (deleting the tokens in the same step)', async () => {
    const p = numericPortal();
    const installed = await store.installations.upsert({ crm: 'hubspot', portalId: p, scopes: ['oauth', 'tickets'], hubDomain: 'acme.hubspot.com' });
    expect(installed).toMatchObject({ crm: 'hubspot', portalId: p, status: 'active', scopes: ['oauth', 'tickets'], hubDomain: 'acme.hubspot.com' });
    await store.tokens.save('hubspot', p, { accessToken: 'a', refreshToken: 'r', expiresAtMs: Date.now() + 60_000 });
    expect((await store.installations.listActive('hubspot')).map((i) => i.portalId)).toContain(p);

    expect(await store.installations.markUninstalled('hubspot', p)).toBe(true);
    expect((await store.installations.get('hubspot', p))?.status).toBe('uninstalled');
    expect(await store.tokens.load('hubspot', p)).toBeNull();
    expect((await store.installations.listActive()).map((i) => i.portalId)).not.toContain(p);
    expect(await store.installations.markUninstalled('hubspot', portal('never'))).toBe(false);

    const again = await store.installations.upsert({ crm: 'hubspot', portalId: p, scopes: ['oauth'] });
    expect(again).toMatchObject({ status: 'active', scopes: ['oauth'], hubDomain: 'acme.hubspot.com' });
    expect(again.installedAt.getTime()).toBeGreaterThanOrEqual(installed.installedAt.getTime());
  });

  it('rejects empty tenant keys instead of querying with them', async () => {
    await expect(store.installations.get('hubspot', '')).rejects.toThrow(/portal id/);
    await expect(store.tokens.load('', '1')).rejects.toThrow(/crm/);
  });

  it('stores tokens encrypted only, and decrypts them for their own portal', async () => {
    const p = portal('tok');
    const expiresAtMs = Date.parse('2030-01-01T00:00:00.000Z');
    await store.tokens.save('hubspot', p, { accessToken: 'access-PLAINTEXT-1', refreshToken: 'refresh-PLAINTEXT-1', expiresAtMs });
    const [raw] = await db.query<Record<string, unknown>>('select * from oauth_tokens where crm = $1 and portal_id = $2', ['hubspot', p]);
    const rawText = JSON.stringify(raw);
    expect(rawText).not.toContain('PLAINTEXT');
    expect(raw?.access_token_enc).toMatch(/^v1:k1:/);
    expect(await store.tokens.load('hubspot', p)).toEqual({ accessToken: 'access-PLAINTEXT-1', refreshToken: 'refresh-PLAINTEXT-1', expiresAtMs });

    // A ciphertext copied to another portal's row does not decrypt there.
    const other = portal('tok-other');
    await store.tokens.save('hubspot', other, { accessToken: 'x', refreshToken: 'y', expiresAtMs });
    await db.query('update oauth_tokens set access_token_enc = $1 where crm = $2 and portal_id = $3', [raw?.access_token_enc, 'hubspot', other]);
    await expect(store.tokens.load('hubspot', other)).rejects.toThrow(/failed authentication/);
  });

  it('rejects a tampered stored token', async () => {
    const p = portal('tamper');
    await store.tokens.save('hubspot', p, { accessToken: 'a-token', refreshToken: 'r-token', expiresAtMs: 1 });
    const [row] = await db.query<{ refresh_token_enc: string }>('select refresh_token_enc from oauth_tokens where crm = $1 and portal_id = $2', ['hubspot', p]);
    const parts = row!.refresh_token_enc.split(':');
    const ct = Buffer.from(parts[4]!, 'base64');
    ct[0] = ct[0]! ^ 0x01;
    parts[4] = ct.toString('base64');
    await db.query('update oauth_tokens set refresh_token_enc = $1 where crm = $2 and portal_id = $3', [parts.join(':'), 'hubspot', p]);
    await expect(store.tokens.load('hubspot', p)).rejects.toThrow(/failed authentication/);
  });

  it('rotates keys: tokens written with the old key load, new writes and re-encryption use the new key', async () => {
    const p = portal('rot');
    await store.tokens.save('hubspot', p, { accessToken: 'old-a', refreshToken: 'old-r', expiresAtMs: 5 });
    const rotated = createStore(db, TokenCipher.fromText(`k2:${key()},k1:${k1}`));
    expect(await rotated.tokens.load('hubspot', p)).toMatchObject({ accessToken: 'old-a', refreshToken: 'old-r' });

    const report = await rotated.tokens.reencryptAll();
    expect(report.reencrypted).toBeGreaterThanOrEqual(1);
    // The rows other tests tampered with are reported, and do not stop the others.
    expect(report.failed.map((f) => f.portalId).every((id) => /^(tamper|tok-other)-/.test(id))).toBe(true);
    const [row] = await db.query<{ access_token_enc: string; refresh_token_enc: string }>('select access_token_enc, refresh_token_enc from oauth_tokens where portal_id = $1', [p]);
    expect(TokenCipher.keyIdOf(row!.access_token_enc)).toBe('k2');
    expect(TokenCipher.keyIdOf(row!.refresh_token_enc)).toBe('k2');
    expect(await rotated.tokens.load('hubspot', p)).toMatchObject({ accessToken: 'old-a', refreshToken: 'old-r' });
    await expect(store.tokens.load('hubspot', p)).rejects.toThrow(/key "k2", which is not in the keyring/);
    expect((await rotated.tokens.reencryptAll()).reencrypted).toBe(0);
  });

  it('runs one refresher per portal at a time; each sees what the previous one saved', async () => {
    const p = portal('lock');
    await store.tokens.save('hubspot', p, { accessToken: 'a0', refreshToken: 'r0', expiresAtMs: 0 });
    // Postgres: a second pool, as another process would have (only the advisory lock stands between them).
    const otherHandle = db.url ? await openDatabase({ kind: 'postgres', url: db.url, poolSize: 2 }) : db;
    const second = createStore(otherHandle, cipher(`k1:${k1}`));
    let inside = 0;
    let maxInside = 0;
    const refresh = (s: Store) =>
      s.tokens.withRefreshLock('hubspot', p, async (tokens) => {
        inside += 1;
        maxInside = Math.max(maxInside, inside);
        const current = await tokens.load('hubspot', p);
        await sleep(20);
        const n = Number(current!.accessToken.slice(1)) + 1;
        await tokens.save('hubspot', p, { accessToken: `a${n}`, refreshToken: `r${n}`, expiresAtMs: n });
        inside -= 1;
        return n;
      });
    const results = await Promise.all([refresh(store), refresh(second), refresh(store), refresh(second)]);
    if (otherHandle !== db) await otherHandle.close();
    expect(maxInside).toBe(1);
    expect([...results].sort()).toEqual([1, 2, 3, 4]);
    expect(await store.tokens.load('hubspot', p)).toEqual({ accessToken: 'a4', refreshToken: 'r4', expiresAtMs: 4 });
    // The locked repository only serves the locked portal.
    await expect(store.tokens.withRefreshLock('hubspot', p, (t) => t.load('hubspot', portal('else')))).rejects.toThrow(/refresh lock is held/);
  });

  it('keeps one portal from reading another portal’s tokens or installation', async () => {
    const a = numericPortal();
    const b = numericPortal();
    await store.installations.upsert({ crm: 'hubspot', portalId: a, scopes: [] });
    await store.tokens.save('hubspot', a, { accessToken: 'A', refreshToken: 'RA', expiresAtMs: 1 });
    expect(await store.tokens.load('hubspot', b)).toBeNull();
    expect(await store.tokens.load('salesforce', a)).toBeNull();
    expect(await store.installations.get('hubspot', b)).toBeNull();
    expect(await store.installations.get('salesforce', a)).toBeNull();
  });
});
