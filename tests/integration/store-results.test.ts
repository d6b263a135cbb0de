// Results, history, portfolio and the outbox, on PGlite and (when configured) Postgres.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createStore, type Store } from '../../server/store/store.ts';
import { testDatabases, type TestDb } from '../helpers/databases.ts';
import { AS_OF, cipher, portal, resultFor } from '../helpers/store-fixtures.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const at = (minutes: number) => new Date(Date.parse(AS_OF) + minutes * 60_000);

describe.each(testDatabases())('store on $name: results and outbox', (engine) => {
  let db: TestDb;
  let store: Store;

  beforeAll(async () => {
    db = await engine.open();
    store = createStore(db, cipher(), { outboxMaxAttempts: 3 });
  });
  afterAll(() => db?.close());

  const save = (portalId: string, accountId: string, options: { minute?: number; score?: number | null; probability?: number | null; name?: string; changed?: Record<string, string>; crm?: string } = {}) =>
    store.results.saveComputed({
      crm: options.crm ?? 'hubspot',
      portalId,
      accountId,
      accountName: options.name ?? `Account ${accountId}`,
      asOf: AS_OF,
      computedAt: at(options.minute ?? 0),
      result: resultFor(accountId, (r) => {
        if (options.score !== undefined) r.rob.score = options.score;
        if (options.probability !== undefined) r.risk.renewalProbability = options.probability;
      }),
      changedProperties: options.changed ?? {},
    });

  it('saves the latest result, its history and the changed properties together', async () => {
    const p = portal('save');
    const first = await save(p, 'c1', { minute: 0, score: 40, changed: { success_rob_score: '40' } });
    await save(p, 'c1', { minute: 1, score: 55, changed: {} });
    const latest = await store.results.getLatest('hubspot', p, 'c1');
    expect(latest).toMatchObject({ accountId: 'c1', accountName: 'Account c1', computedAt: at(1) });
    expect(latest?.result.rob.score).toBe(55);
    expect(latest?.result.accountId).toBe('c1');
    expect((await store.results.getHistory('hubspot', p, 'c1')).map((h) => h.robScore)).toEqual([40, 55]);
    expect((await store.results.getHistory('hubspot', p, 'c1', 1)).map((h) => h.robScore)).toEqual([55]);
    expect(first.outboxId).not.toBeNull();
    expect(await store.outbox.pendingCount('hubspot', p)).toBe(1);
    expect(await store.results.getLatest('hubspot', p, 'nope')).toBeNull();
  });

  it('rolls back the result and history when the outbox write fails (one transaction)', async () => {
    const p = portal('rollback');
    await save(p, 'acc', { minute: 0, score: 10 });
    await db.query(`alter table outbox add constraint test_fail_outbox check (portal_id <> '${p}')`);
    try {
      const error = await save(p, 'acc', { minute: 5, score: 90, changed: { success_rob_score: '90' } }).then(() => null, (e: unknown) => e as Error & { cause?: Error });
      expect(error?.cause?.message).toMatch(/test_fail_outbox/); // failed at the outbox, after the result and history writes
    } finally {
      await db.query('alter table outbox drop constraint test_fail_outbox');
    }
    expect((await store.results.getLatest('hubspot', p, 'acc'))?.result.rob.score).toBe(10);
    expect((await store.results.getHistory('hubspot', p, 'acc')).map((h) => h.robScore)).toEqual([10]);
    expect(await store.outbox.pendingCount('hubspot', p)).toBe(0);
  });

  it('merges a newer result’s properties into the pending row', async () => {
    const p = portal('merge');
    const a = await save(p, 'm1', { changed: { success_rob_score: '40', success_renewal_risk: 'low' } });
    const b = await save(p, 'm1', { minute: 1, changed: { success_rob_score: '42', success_showstoppers: '1' } });
    expect(b.outboxId).toBe(a.outboxId);
    const pending = await store.outbox.pendingFor('hubspot', p, 'm1');
    expect(pending?.properties).toEqual({ success_rob_score: '42', success_renewal_risk: 'low', success_showstoppers: '1' });
    expect(pending?.revision).toBe(2);
    expect(await store.outbox.pendingCount('hubspot', p)).toBe(1);
  });

  it('runs the job send inside the save: a failed send leaves no result and no outbox row', async () => {
    const p = portal('txsend');
    let seen = 0;
    await store.results.saveComputed({ crm: 'hubspot', portalId: p, accountId: 't1', accountName: 'T', asOf: AS_OF, computedAt: at(0), result: resultFor('t1', () => undefined), changedProperties: { success_rob_score: '1' } }, () => {
      seen++;
      return Promise.resolve();
    });
    expect(seen).toBe(1);
    await expect(
      store.results.saveComputed({ crm: 'hubspot', portalId: p, accountId: 't2', accountName: 'T', asOf: AS_OF, computedAt: at(0), result: resultFor('t2', () => undefined), changedProperties: { success_rob_score: '2' } }, () => Promise.reject(new Error('queue down'))),
    ).rejects.toThrow('queue down');
    expect(await store.results.getLatest('hubspot', p, 't2')).toBeNull();
    expect(await store.outbox.pendingFor('hubspot', p, 't2')).toBeNull();
    expect(await store.outbox.pendingFor('hubspot', p, 't1')).not.toBeNull();
  });

  it('does not mark properties merged during a delivery as delivered', async () => {
    const p = portal('inflight');
    await save(p, 'f1', { changed: { success_rob_score: '1' } });
    const [claimed] = await store.outbox.claim({ crm: 'hubspot', portalId: p, limit: 10, leaseMs: 60_000 });
    await save(p, 'f1', { minute: 1, changed: { success_rob_score: '2' } }); // arrives while the worker sends '1'
    expect(await store.outbox.markDelivered([claimed!])).toEqual({ delivered: [], requeued: [claimed!.id] });
    const [again] = await store.outbox.claim({ crm: 'hubspot', portalId: p, limit: 10, leaseMs: 60_000 });
    expect(again?.properties).toEqual({ success_rob_score: '2' });
    expect(await store.outbox.markDelivered([again!])).toEqual({ delivered: [again!.id], requeued: [] });
    expect(await store.outbox.pendingCount('hubspot', p)).toBe(0);
    // After delivery, the next change starts a new pending row.
    const next = await save(p, 'f1', { minute: 2, changed: { success_rob_score: '3' } });
    expect(next.outboxId).not.toBe(again!.id);
  });

  it('leases rows: a leased row is not claimed again until its lease ends', async () => {
    const p = portal('lease');
    await save(p, 'l1', { changed: { success_rob_score: '1' } });
    expect(await store.outbox.claim({ crm: 'hubspot', portalId: p, limit: 5, leaseMs: 50 })).toHaveLength(1);
    expect(await store.outbox.claim({ crm: 'hubspot', portalId: p, limit: 5, leaseMs: 50 })).toHaveLength(0);
    await sleep(80);
    expect(await store.outbox.claim({ crm: 'hubspot', portalId: p, limit: 5, leaseMs: 50 })).toHaveLength(1);
  });

  it('never hands the same row to two concurrent claims', async () => {
    const p = portal('race');
    for (let i = 0; i < 30; i += 1) await store.outbox.enqueue('hubspot', p, `r${i}`, { success_rob_score: String(i) });
    const claims = await Promise.all([1, 2, 3].map(() => store.outbox.claim({ crm: 'hubspot', portalId: p, limit: 12, leaseMs: 60_000 })));
    const ids = claims.flat().map((r) => r.id);
    expect(claims.every((c) => c.length <= 12)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(30);
  });

  it('fences leases: a drain whose lease was taken over can neither write nor settle the row', async () => {
    const p = portal('fence');
    await save(p, 'z1', { changed: { success_rob_score: '1' } });
    const [old] = await store.outbox.claim({ crm: 'hubspot', portalId: p, limit: 5, leaseMs: 50 });
    expect(await store.outbox.confirmLeases([old!], 0)).toEqual([old!.id]);
    expect(await store.outbox.confirmLeases([old!], 10_000)).toEqual([]); // too little time left to start a write
    await sleep(80);
    expect(await store.outbox.confirmLeases([old!], 0)).toEqual([]); // expired
    const [current] = await store.outbox.claim({ crm: 'hubspot', portalId: p, limit: 5, leaseMs: 60_000 });
    expect(current!.fence).toBeGreaterThan(old!.fence);
    expect(await store.outbox.confirmLeases([old!, current!], 1000)).toEqual([current!.id]);
    expect(await store.outbox.markDelivered([old!])).toEqual({ delivered: [], requeued: [] });
    expect(await store.outbox.markFailed(old!, 'late', { permanent: true })).toBeNull();
    expect(await store.outbox.release([old!], 'late', 1000)).toEqual([]);
    expect(await store.outbox.markDelivered([current!])).toEqual({ delivered: [current!.id], requeued: [] });
  });

  it('records a lease’s owner; releasing a dead owner frees its leases unspent, but not a backoff or another owner’s lease', async () => {
    const p = portal('owner');
    for (const account of ['o1', 'o2', 'o3']) await store.outbox.enqueue('hubspot', p, account, { success_rob_score: account });
    // Keys no other test of this database uses (leaseOwners spans every portal).
    const dead = 1_000_000 + Math.floor(Math.random() * 1_000_000);
    const alive = dead + 1;
    const first = await store.outbox.claim({ crm: 'hubspot', portalId: p, limit: 2, leaseMs: 60_000, owner: dead });
    expect(first).toHaveLength(2); // the limit holds (a claim once leased every free row)
    const [o1, o2] = first;
    const [o3] = await store.outbox.claim({ crm: 'hubspot', portalId: p, limit: 1, leaseMs: 60_000, owner: alive });
    expect([o1!.leaseOwner, o2!.leaseOwner, o3!.leaseOwner]).toEqual([dead, dead, alive]);
    expect(await store.outbox.leaseOwners()).toEqual(expect.arrayContaining([dead, alive]));
    // o2 hit a rate limit: its lock is now a backoff, no longer the owner's lease.
    expect(await store.outbox.release([o2!], 'rate_limited', 60_000)).toEqual([o2!.id]);

    expect(await store.outbox.releaseOwner(dead)).toEqual([o1!.id]);
    expect(await store.outbox.leaseOwners()).not.toContain(dead);
    expect(await store.outbox.leaseOwners()).toContain(alive);
    // o1 is free at once with its attempts unspent; o2 still backs off; o3 is still its owner's.
    const [again] = await store.outbox.claim({ crm: 'hubspot', portalId: p, limit: 5, leaseMs: 60_000 });
    expect(again).toMatchObject({ id: o1!.id, attempts: 0, leaseOwner: null });
    expect(again!.fence).toBeGreaterThan(o1!.fence);
    expect(await store.outbox.claim({ crm: 'hubspot', portalId: p, limit: 5, leaseMs: 60_000 })).toHaveLength(0);
    // The released lease settles nothing now that the row is claimed again.
    expect(await store.outbox.markDelivered([o1!])).toEqual({ delivered: [], requeued: [] });
    // Settling clears the owner: nothing of this portal is listed under a key any more.
    await store.outbox.markDelivered([again!, o3!]);
    expect(await store.outbox.leaseOwners()).not.toContain(alive);
  });

  it('releases rows after a rate limit or outage without spending an attempt', async () => {
    const p = portal('release');
    await save(p, 'y1', { changed: { success_rob_score: '1' } });
    for (let i = 0; i < 5; i++) {
      const [row] = await store.outbox.claim({ crm: 'hubspot', portalId: p, limit: 5, leaseMs: 60_000 });
      expect(await store.outbox.release([row!], 'rate_limited: TEN_SECONDLY_ROLLING', 0)).toEqual([row!.id]);
    }
    const [row] = await store.outbox.claim({ crm: 'hubspot', portalId: p, limit: 5, leaseMs: 60_000 });
    expect(row).toMatchObject({ attempts: 0, status: 'pending', lastError: 'rate_limited: TEN_SECONDLY_ROLLING' });
    await store.outbox.release([row!], 'server: 503', 60_000);
    expect(await store.outbox.claim({ crm: 'hubspot', portalId: p, limit: 5, leaseMs: 60_000 })).toHaveLength(0); // backing off
    expect(await store.outbox.duePortals()).not.toContainEqual({ crm: 'hubspot', portalId: p });
    await db.query(`update outbox set locked_until = now() - interval '1 second' where portal_id = $1`, [p]);
    expect(await store.outbox.duePortals()).toContainEqual({ crm: 'hubspot', portalId: p });
  });

  it('redrives failed rows with fresh attempts, merging into a newer pending row of the account', async () => {
    const p = portal('redrive');
    await save(p, 'w1', { changed: { success_rob_score: '1', success_risk_level: 'low' } });
    await save(p, 'w2', { changed: { success_rob_score: '2' } });
    for (const row of await store.outbox.claim({ crm: 'hubspot', portalId: p, limit: 5, leaseMs: 60_000 })) await store.outbox.markFailed(row, 'VALIDATION_ERROR', { permanent: true });
    expect((await store.outbox.countByStatus()).failed).toBeGreaterThanOrEqual(2);
    await save(p, 'w1', { minute: 1, changed: { success_rob_score: '5' } }); // newer than the failed values
    const failed = await store.outbox.listFailed('hubspot', p);
    expect(failed).toHaveLength(2);
    expect((await store.outbox.redrive('hubspot', p)).sort()).toEqual(failed.map((f) => f.id).sort());
    expect(await store.outbox.listFailed('hubspot', p)).toEqual([]);
    expect((await store.outbox.pendingFor('hubspot', p, 'w1'))?.properties).toEqual({ success_rob_score: '5', success_risk_level: 'low' });
    expect(await store.outbox.pendingFor('hubspot', p, 'w2')).toMatchObject({ attempts: 0, properties: { success_rob_score: '2' } });
    expect(await store.outbox.pendingCount('hubspot', p)).toBe(2);
    expect(await store.outbox.redrive('hubspot', p)).toEqual([]);
  });

  it('retries failures until the maximum, and stops at once on permanent ones', async () => {
    const p = portal('fail');
    await save(p, 'x1', { changed: { success_rob_score: '1' } });
    await save(p, 'x2', { changed: { success_rob_score: '2' } });
    const claimed = await store.outbox.claim({ crm: 'hubspot', portalId: p, limit: 5, leaseMs: 60_000 });
    const [x1, x2] = claimed;
    expect(await store.outbox.markFailed(x1!, 'HTTP 502')).toEqual({ status: 'pending', attempts: 1 });
    expect(await store.outbox.markFailed(x2!, 'property does not exist', { permanent: true })).toEqual({ status: 'failed', attempts: 1 });
    // Released: claimable again at once (no backoff given).
    const [retry] = await store.outbox.claim({ crm: 'hubspot', portalId: p, limit: 5, leaseMs: 60_000 });
    expect(retry?.id).toBe(x1!.id);
    expect(await store.outbox.markFailed(retry!, 'HTTP 502', { retryAfterMs: 60_000 })).toEqual({ status: 'pending', attempts: 2 });
    expect(await store.outbox.claim({ crm: 'hubspot', portalId: p, limit: 5, leaseMs: 60_000 })).toHaveLength(0); // backing off
    expect(await store.outbox.markFailed(retry!, 'HTTP 503')).toEqual({ status: 'failed', attempts: 3 }); // max 3
    const failed = await store.outbox.listFailed('hubspot', p);
    expect(failed.map((f) => [f.accountId, f.lastError]).sort()).toEqual([
      ['x1', 'HTTP 503'],
      ['x2', 'property does not exist'],
    ]);
    expect(await store.outbox.pendingCount('hubspot', p)).toBe(0);
  });

  it('sorts and pages the portfolio, accounts without a value last', async () => {
    const p = portal('folio');
    await save(p, 'a', { name: 'Beta', score: 70, probability: 0.9 });
    await save(p, 'b', { name: 'alpha', score: 20, probability: 0.3 });
    await save(p, 'c', { name: 'Gamma', score: null, probability: null });
    await save(p, 'd', { name: 'Delta', score: 45, probability: 0.6 });
    const ids = async (sort: 'rob' | 'risk' | 'name' | 'renewal', order: 'asc' | 'desc', limit = 10, offset = 0) =>
      (await store.results.listPortfolio('hubspot', p, { sort, order, limit, offset })).items.map((i) => i.accountId);
    expect(await ids('rob', 'asc')).toEqual(['b', 'd', 'a', 'c']);
    expect(await ids('rob', 'desc')).toEqual(['a', 'd', 'b', 'c']);
    expect(await ids('risk', 'asc')).toEqual(['b', 'd', 'a', 'c']);
    expect(await ids('rob', 'asc', 2, 1)).toEqual(['d', 'a']);
    const page = await store.results.listPortfolio('hubspot', p, { sort: 'rob', limit: 1 });
    expect(page.total).toBe(4);
    expect(page.items[0]).toEqual(expect.objectContaining({ accountId: 'b', accountName: 'alpha', robScore: 20, renewalProbability: 0.3, showStoppers: expect.any(Number), status: 'ok' }));
    expect(page.items[0]).not.toHaveProperty('result');
    expect(page.items[0]?.renewalDate).toBe('2027-03-01'); // the healthy fixture's renewal date
    expect(await ids('name', 'asc')).toHaveLength(4);
    expect(await store.results.count('hubspot', p)).toBe(4);
    await expect(store.results.listPortfolio('hubspot', p, { limit: 100_000 })).rejects.toThrow();
    const named = await store.results.listPortfolio('hubspot', p, { sort: 'name', nameContains: 'ALP' });
    expect([named.total, named.items.map((i) => i.accountId)]).toEqual([1, ['b']]);
    expect((await store.results.listPortfolio('hubspot', p, { nameContains: '%' })).total).toBe(0); // a wildcard is literal
    const risky = await store.results.listPortfolio('hubspot', p, { riskLevel: 'high' });
    expect(risky.items.every((i) => i.riskLevel === 'high')).toBe(true);
    expect(risky.total).toBe(risky.items.length);
  });

  it('keeps each portal’s results and outbox to itself', async () => {
    const a = portal('ten-a');
    const b = portal('ten-b');
    await save(a, 'same-id', { score: 11, changed: { success_rob_score: '11' } });
    await save(b, 'same-id', { score: 22, changed: { success_rob_score: '22' } });
    await save(a, 'same-id', { score: 33, crm: 'salesforce', changed: { success_rob_score: '33' } });
    expect((await store.results.getLatest('hubspot', a, 'same-id'))?.result.rob.score).toBe(11);
    expect((await store.results.getLatest('hubspot', b, 'same-id'))?.result.rob.score).toBe(22);
    expect((await store.results.getLatest('salesforce', a, 'same-id'))?.result.rob.score).toBe(33);
    expect((await store.results.getHistory('hubspot', a, 'same-id')).map((h) => h.robScore)).toEqual([11]);
    expect((await store.results.listPortfolio('hubspot', a)).items.map((i) => i.robScore)).toEqual([11]);
    const claimedA = await store.outbox.claim({ crm: 'hubspot', portalId: a, limit: 10, leaseMs: 1000 });
    expect(claimedA.map((r) => [r.crm, r.portalId, r.properties])).toEqual([['hubspot', a, { success_rob_score: '11' }]]);
  });
});
