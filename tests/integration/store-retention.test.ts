// Retention: what the daily `prune-retention` job deletes, on PGlite and (when configured) Postgres.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pruneRetention } from '../../server/store/retention.ts';
import { createStore, type Store } from '../../server/store/store.ts';
import { testDatabases, type TestDb } from '../helpers/databases.ts';
import { AS_OF, cipher, portal, resultFor } from '../helpers/store-fixtures.ts';

const DAY = 86_400_000;

describe.each(testDatabases())('retention on $name', (engine) => {
  let db: TestDb;
  let store: Store;

  beforeAll(async () => {
    db = await engine.open();
    store = createStore(db, cipher());
  });
  afterAll(() => db?.close());

  /** A computation of the account `daysAgo` days (and `hour` hours into that UTC day) before now. */
  const computeAt = async (p: string, accountId: string, daysAgo: number, hour: number) => {
    const day = new Date(Math.floor(Date.now() / DAY) * DAY - daysAgo * DAY + hour * 3_600_000);
    await store.results.saveComputed({ crm: 'hubspot', portalId: p, accountId, accountName: accountId, asOf: AS_OF, computedAt: day, result: resultFor(accountId, () => undefined), changedProperties: {} });
    return day;
  };
  const history = async (p: string, accountId: string) => (await store.results.getHistory('hubspot', p, accountId, 10_000)).map((h) => h.computedAt.getTime());

  it('keeps history as daily points (the last of each past day) for the window; today stays whole', async () => {
    const p = portal('hist');
    const expired = await computeAt(p, 'a', 800, 1);
    const early = await computeAt(p, 'a', 10, 8);
    const late = await computeAt(p, 'a', 10, 17);
    const yesterday = await computeAt(p, 'a', 1, 12);
    const today1 = await computeAt(p, 'a', 0, 0);
    const today2 = new Date(Date.now() - 1000);
    await store.results.saveComputed({ crm: 'hubspot', portalId: p, accountId: 'a', accountName: 'a', asOf: AS_OF, computedAt: today2, result: resultFor('a', () => undefined), changedProperties: {} });
    const other = await computeAt(p, 'b', 10, 9); // another account's point on the same day stays
    expect(await history(p, 'a')).toContain(expired.getTime());

    const report = await pruneRetention(db.orm);
    expect(report.historyExpired).toBeGreaterThanOrEqual(1);
    expect(report.historyCompacted).toBeGreaterThanOrEqual(1);
    expect(await history(p, 'a')).toEqual([late, yesterday, today1, today2].map((d) => d.getTime()));
    expect(await history(p, 'a')).not.toContain(early.getTime());
    expect(await history(p, 'b')).toEqual([other.getTime()]);
    // The latest result itself is never pruned.
    expect(await store.results.getLatest('hubspot', p, 'a')).not.toBeNull();
  });

  it('prunes audit entries, delivered outbox rows and webhook ids past their windows; never pending or failed rows', async () => {
    const p = portal('ret');
    await store.audit.record('hubspot', p, { actor: 'old', action: 'plan.save' });
    await store.audit.record('hubspot', p, { actor: 'new', action: 'plan.save' });
    await db.query(`update audit_log set at = now() - interval '400 days' where portal_id = $1 and actor = 'old'`, [p]);

    for (const id of ['d-old', 'd-new', 'f-old', 'p-old']) await store.outbox.enqueue('hubspot', p, id, { success_rob_score: '1' });
    const rows = await store.outbox.claim({ crm: 'hubspot', portalId: p, limit: 10, leaseMs: 60_000 });
    const byAccount = new Map(rows.map((r) => [r.accountId, r]));
    await store.outbox.markDelivered([byAccount.get('d-old')!, byAccount.get('d-new')!]);
    await store.outbox.markFailed(byAccount.get('f-old')!, 'VALIDATION_ERROR', { permanent: true });
    await db.query(`update outbox set delivered_at = now() - interval '31 days', updated_at = now() - interval '31 days', created_at = now() - interval '31 days' where portal_id = $1 and account_id in ('d-old', 'f-old', 'p-old')`, [p]);

    await store.webhookEvents.claimNew('hubspot', [`${p}-old`, `${p}-new`]);
    await db.query(`update webhook_events set received_at = now() - interval '31 days' where event_id = $1`, [`${p}-old`]);

    const report = await pruneRetention(db.orm);
    expect(report).toMatchObject({ audit: expect.any(Number), deliveredOutbox: expect.any(Number), webhookEvents: expect.any(Number) });
    expect((await store.audit.list('hubspot', p)).map((a) => a.actor)).toEqual(['new']);
    const left = await db.query<{ account_id: string; status: string }>(`select account_id, status from outbox where portal_id = $1 order by account_id`, [p]);
    expect(left).toEqual([
      { account_id: 'd-new', status: 'delivered' },
      { account_id: 'f-old', status: 'failed' },
      { account_id: 'p-old', status: 'pending' },
    ]);
    expect(await store.webhookEvents.claimNew('hubspot', [`${p}-old`, `${p}-new`])).toEqual([`${p}-old`]);
  });

  it('takes its windows from configuration', async () => {
    const p = portal('cfg');
    await store.audit.record('hubspot', p, { actor: 'ten-days', action: 'plan.save' });
    await db.query(`update audit_log set at = now() - interval '10 days' where portal_id = $1`, [p]);
    await pruneRetention(db.orm, { auditDays: 30 });
    expect(await store.audit.list('hubspot', p)).toHaveLength(1);
    await pruneRetention(db.orm, { auditDays: 7 });
    expect(await store.audit.list('hubspot', p)).toHaveLength(0);
    await expect(pruneRetention(db.orm, { historyDays: 0 })).rejects.toThrow();
  });
});
