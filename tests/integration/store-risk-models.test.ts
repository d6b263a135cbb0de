// An account's backtest in the store, on PGlite and (when configured) Postgres: its scored rows and
// the renewals it had to skip, with the reason, are replaced together and read per tenant.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createStore, type Store } from '../../server/store/store.ts';
import type { AccountBacktestEntry } from '../../server/store/risk-models.ts';
import { testDatabases, type TestDb } from '../helpers/databases.ts';
import { cipher, numericPortal, portal } from '../helpers/store-fixtures.ts';

const row = (renewalId: string, closeDate: string, renewed = true) => ({ renewalId, closeDate, at: new Date(Date.parse(closeDate) - 30 * 86_400_000).toISOString(), renewed, x: { seat_utilisation: 0.4 }, marks: [] });

describe.each(testDatabases())('store on $name: backtest rows and skipped renewals', (engine) => {
  let db: TestDb;
  let store: Store;

  beforeAll(async () => {
    db = await engine.open();
    store = createStore(db, cipher());
  });
  afterAll(() => db?.close());

  const entry: AccountBacktestEntry = {
    rows: [row('r3', '2026-03-01')],
    skipped: [
      { renewalId: 'r1', reason: 'usage_history_too_short' },
      { renewalId: 'r2', reason: 'not_yet_a_customer' },
    ],
  };

  it('stores the skipped renewals with their reason next to the rows, and replaces both for the account', async () => {
    const p = portal('skips');
    await store.riskModels.replaceBacktest('hubspot', p, 'a1', entry);
    await store.riskModels.replaceBacktest('hubspot', p, 'a2', { rows: [], skipped: [{ renewalId: 'r9', reason: 'insufficient_data' }] });
    expect((await store.riskModels.rows('hubspot', p)).map((r) => [r.accountId, r.renewalId])).toEqual([['a1', 'r3']]);
    expect(await store.riskModels.skipped('hubspot', p)).toEqual([
      { accountId: 'a1', renewalId: 'r1', reason: 'usage_history_too_short' },
      { accountId: 'a1', renewalId: 'r2', reason: 'not_yet_a_customer' },
      { accountId: 'a2', renewalId: 'r9', reason: 'insufficient_data' },
    ]);

    // The usage history now reaches back: a1's renewals are all scored, none skipped; a2 untouched.
    await store.riskModels.replaceBacktest('hubspot', p, 'a1', { rows: [row('r1', '2025-03-01'), row('r2', '2025-09-01', false), row('r3', '2026-03-01')], skipped: [] });
    expect((await store.riskModels.rows('hubspot', p)).map((r) => r.renewalId)).toEqual(['r1', 'r2', 'r3']);
    expect(await store.riskModels.skipped('hubspot', p)).toEqual([{ accountId: 'a2', renewalId: 'r9', reason: 'insufficient_data' }]);
  });

  it('keeps tenants apart: another portal or CRM neither sees nor replaces them', async () => {
    const p = portal('skips-tenant');
    const other = portal('skips-other');
    await store.riskModels.replaceBacktest('hubspot', p, 'a1', entry);
    await store.riskModels.replaceBacktest('salesforce', p, 'a1', { rows: [], skipped: [] });
    await store.riskModels.replaceBacktest('hubspot', other, 'a1', { rows: [], skipped: [{ renewalId: 'r1', reason: 'insufficient_data' }] });
    expect((await store.riskModels.skipped('hubspot', p)).map((s) => s.reason)).toEqual(['usage_history_too_short', 'not_yet_a_customer']);
    expect(await store.riskModels.skipped('salesforce', p)).toEqual([]);
    expect(await store.riskModels.skipped('hubspot', other)).toEqual([{ accountId: 'a1', renewalId: 'r1', reason: 'insufficient_data' }]);
    await expect(store.riskModels.skipped('hubspot', '')).rejects.toThrow(/portal id/);
  });

  it('replaces rows and skipped renewals in one transaction: a failed write keeps both as they were', async () => {
    const p = portal('skips-atomic');
    await store.riskModels.replaceBacktest('hubspot', p, 'a1', entry);
    // not valid: the rows already there are not checked, only the ones the replacement inserts.
    await db.query(`alter table backtest_skips add constraint test_fail_skips check (portal_id <> '${p}') not valid`);
    try {
      const replaced = store.riskModels.replaceBacktest('hubspot', p, 'a1', { rows: [row('r4', '2026-09-01')], skipped: [{ renewalId: 'r5', reason: 'insufficient_data' }] });
      const error = await replaced.then(() => null, (e: unknown) => e as Error & { cause?: Error });
      expect(error?.cause?.message).toMatch(/test_fail_skips/); // failed at the skips, after the rows were replaced
    } finally {
      await db.query('alter table backtest_skips drop constraint test_fail_skips');
    }
    expect((await store.riskModels.rows('hubspot', p)).map((r) => r.renewalId)).toEqual(['r3']);
    expect((await store.riskModels.skipped('hubspot', p)).map((s) => s.renewalId)).toEqual(['r1', 'r2']);
  });

  it('refuses a reason it does not know, in the database too', async () => {
    const p = portal('skips-reason');
    await expect(store.riskModels.replaceBacktest('hubspot', p, 'a1', { rows: [], skipped: [{ renewalId: 'r1', reason: 'too_old' as never }] })).rejects.toThrow();
    await expect(db.query(`insert into backtest_skips (crm, portal_id, account_id, renewal_id, reason) values ('hubspot', '${p}', 'a1', 'r1', 'too_old')`)).rejects.toThrow(/backtest_skips_reason/);
    expect(await store.riskModels.skipped('hubspot', p)).toEqual([]);
  });

  it('forgets them with the tenant', async () => {
    const p = numericPortal();
    await store.installations.upsert({ crm: 'hubspot', portalId: p, scopes: ['oauth'] });
    await store.riskModels.replaceBacktest('hubspot', p, 'a1', entry);
    await store.installations.markUninstalled('hubspot', p);
    const report = await store.purgeTenant('hubspot', p);
    expect(report).toMatchObject({ purged: true, rows: { backtestRows: 1, backtestSkips: 2 } });
    expect(await store.riskModels.skipped('hubspot', p)).toEqual([]);
  });
});
