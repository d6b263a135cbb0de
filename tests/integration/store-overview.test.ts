// The portfolio's aggregates (headline figures, renewals per month and risk, ROB buckets) and the
// sync/write-back progress, on PGlite and (when configured) Postgres.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createStore, type Store } from '../../server/store/store.ts';
import { emptyState } from '../../server/sync/state.ts';
import { testDatabases, type TestDb } from '../helpers/databases.ts';
import { AS_OF, cipher, portal, resultFor } from '../helpers/store-fixtures.ts';

interface Seed {
  id: string;
  risk: 'high' | 'medium' | 'low' | null;
  score: number | null;
  arr: number | null;
  renewal: string | null;
  changed?: Record<string, string>;
}

describe.each(testDatabases())('store on $name: portfolio overview and progress', (engine) => {
  let db: TestDb;
  let store: Store;

  beforeAll(async () => {
    db = await engine.open();
    store = createStore(db, cipher());
  });
  afterAll(() => db?.close());

  const seed = (portalId: string, s: Seed) =>
    store.results.saveComputed({
      crm: 'hubspot',
      portalId,
      accountId: s.id,
      accountName: `Account ${s.id}`,
      asOf: AS_OF,
      computedAt: AS_OF,
      result: resultFor(s.id, (r) => {
        r.rob.score = s.score;
        r.risk.level = s.risk;
      }),
      changedProperties: s.changed ?? {},
      renewalDate: s.renewal,
      arr: s.arr,
    });

  it('adds up ARR by risk, renewals per month and risk, and the ROB distribution', async () => {
    const p = portal('overview');
    const rows: Seed[] = [
      { id: 'a', risk: 'high', score: 12, arr: 100_000, renewal: '2026-12-20' },
      { id: 'b', risk: 'high', score: 19.9, arr: 50_000, renewal: '2027-01-15' },
      { id: 'c', risk: 'medium', score: 55, arr: 30_000, renewal: '2027-01-31' },
      { id: 'd', risk: 'low', score: 100, arr: 20_000, renewal: '2027-03-10' },
      { id: 'e', risk: 'low', score: 90, arr: null, renewal: '2028-06-01' }, // beyond the 12 months
      { id: 'f', risk: null, score: null, arr: 5_000, renewal: null },
      { id: 'g', risk: 'medium', score: 0, arr: 1_000, renewal: '2026-11-30' }, // renewed last month
    ];
    for (const r of rows) await seed(p, r);
    await seed(portal('overview-other'), { id: 'x', risk: 'high', score: 1, arr: 1_000_000, renewal: '2026-12-24' });

    const o = await store.overview.overview('hubspot', p, { today: '2026-12-06' });
    expect(o.accounts).toBe(7);
    expect(o.arr).toBe(206_000);
    expect(o.accountsWithArr).toBe(6);
    expect(o.currency).toBe(resultFor('a').savings.currency);
    expect(o.byRisk).toEqual({ high: { accounts: 2, arr: 150_000 }, medium: { accounts: 2, arr: 31_000 }, low: { accounts: 2, arr: 20_000 }, unknown: { accounts: 1, arr: 5_000 } });
    // 2026-12-06 … 2027-03-05: a, b, c (d renews on 03-10, outside).
    expect(o.next90Days).toEqual({ accounts: 3, arr: 180_000 });

    expect(o.renewals.map((m) => m.month)).toEqual(['2026-12', '2027-01', '2027-02', '2027-03', '2027-04', '2027-05', '2027-06', '2027-07', '2027-08', '2027-09', '2027-10', '2027-11']);
    expect(o.renewals[0]!.byRisk.high).toEqual({ accounts: 1, arr: 100_000 });
    expect(o.renewals[1]!.byRisk).toMatchObject({ high: { accounts: 1, arr: 50_000 }, medium: { accounts: 1, arr: 30_000 } });
    expect(o.renewals[2]!.byRisk.high.accounts + o.renewals[2]!.byRisk.medium.accounts + o.renewals[2]!.byRisk.low.accounts).toBe(0);
    expect(o.renewals[3]!.byRisk.low).toEqual({ accounts: 1, arr: 20_000 });

    expect(o.robBuckets).toHaveLength(10);
    expect(o.robBuckets[0]).toEqual({ from: 0, to: 9, accounts: 1 });
    expect(o.robBuckets[1]).toEqual({ from: 10, to: 19, accounts: 2 });
    expect(o.robBuckets[5]!.accounts).toBe(1);
    expect(o.robBuckets[9]).toEqual({ from: 90, to: 100, accounts: 2 }); // 90 and 100
    expect(o.unscored).toBe(1);
  });

  it('an empty portal is all zeros, every month present', async () => {
    const o = await store.overview.overview('hubspot', portal('overview-empty'), { today: '2026-12-31', months: 3 });
    expect(o).toMatchObject({ accounts: 0, arr: 0, currency: null, next90Days: { accounts: 0, arr: 0 }, unscored: 0 });
    expect(o.renewals.map((m) => m.month)).toEqual(['2026-12', '2027-01', '2027-02']);
  });

  it('reports how far the sync and the write-back have got', async () => {
    const p = portal('progress');
    expect(await store.overview.progress('hubspot', p)).toEqual({ syncing: true, mode: null, read: 0, scored: 0, lastComputedAt: null, written: 0, pendingWrites: 0, failedWrites: 0, lastSyncStartedAt: null });

    const state = { ...emptyState('hubspot', p), run: { mode: 'full' as const, asOf: AS_OF, startedAtMs: 1, cursor: 'x', pending: [], done: 0, pages: 1, accountsRead: 3 } };
    await store.syncStateStore('hubspot', p).save(state);
    await seed(p, { id: 'a', risk: 'low', score: 70, arr: 1, renewal: null, changed: { success_rob_score: '70' } });
    await seed(p, { id: 'b', risk: 'low', score: 71, arr: 1, renewal: null, changed: { success_rob_score: '71' } });
    await seed(p, { id: 'c', risk: 'low', score: 72, arr: 1, renewal: null });
    expect(await store.overview.progress('hubspot', p)).toMatchObject({ syncing: true, mode: 'full', read: 3, scored: 3, lastComputedAt: new Date(AS_OF).toISOString(), written: 1, pendingWrites: 2, failedWrites: 0 });

    const [row, other] = await store.outbox.claim({ crm: 'hubspot', portalId: p, limit: 2, leaseMs: 60_000 });
    await store.outbox.markDelivered([row!]);
    await store.outbox.markFailed(other!, 'VALIDATION_ERROR: no', { permanent: true });
    await store.syncStateStore('hubspot', p).save({ ...state, run: null, lastCompletedStartMs: Date.parse('2026-12-06T10:00:00Z') });
    expect(await store.overview.progress('hubspot', p)).toEqual({ syncing: false, mode: null, read: 0, scored: 3, lastComputedAt: new Date(AS_OF).toISOString(), written: 2, pendingWrites: 0, failedWrites: 1, lastSyncStartedAt: '2026-12-06T10:00:00.000Z' });
  });

  it('saves reconstructed history once, on the first compute only, marked as such', async () => {
    const p = portal('backfill');
    const backfill = [
      { asOf: '2026-09-01T00:00:00.000Z', robScore: 40, renewalProbability: 0.5, riskLevel: 'medium' },
      { asOf: '2026-10-01T00:00:00.000Z', robScore: 45, renewalProbability: 0.6, riskLevel: 'medium' },
    ];
    expect(await store.results.hasHistory('hubspot', p, 'h')).toBe(false);
    const save = (score: number) => store.results.saveComputed({ crm: 'hubspot', portalId: p, accountId: 'h', accountName: 'H', asOf: AS_OF, computedAt: AS_OF, result: resultFor('h', (r) => (r.rob.score = score)), changedProperties: {}, backfill });
    await save(50);
    await save(55); // a second backfill is ignored: the account has history now
    expect(await store.results.hasHistory('hubspot', p, 'h')).toBe(true);
    const history = await store.results.getHistory('hubspot', p, 'h');
    expect(history.map((h) => [h.asOf.toISOString(), h.robScore, h.reconstructed])).toEqual([
      ['2026-09-01T00:00:00.000Z', 40, true],
      ['2026-10-01T00:00:00.000Z', 45, true],
      [new Date(AS_OF).toISOString(), 50, false],
      [new Date(AS_OF).toISOString(), 55, false],
    ]);
  });
});
