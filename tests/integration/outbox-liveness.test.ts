// A dead worker's outbox leases come back at once (Postgres only: on PGlite there is one process).
// The drain leases rows under its process's liveness key (server/jobs/liveness.ts); when that
// process's session lock is free, the others release its leases without spending an attempt,
// and the fencing token still keeps the dead drain's lease from settling anything.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { startJobs, type Jobs } from '../../server/jobs/boss.ts';
import { startLiveness } from '../../server/jobs/liveness.ts';
import type { PropertyUpdate } from '../../server/crm/port.ts';
import { drainOutbox, outboxLeases } from '../../server/service/background.ts';
import { createStore, type Store } from '../../server/store/store.ts';
import { testDatabases, type TestDb } from '../helpers/databases.ts';
import { outboxCrm } from '../helpers/outbox-crm.ts';
import { idleHandlers, NO_SCHEDULE } from '../helpers/idle-jobs.ts';
import { cipher, portal } from '../helpers/store-fixtures.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const postgres = testDatabases().filter((d) => d.name === 'postgres');
if (postgres.length === 0) {
  // Visible in the report as skipped, never silently absent.
  describe.skip('outbox leases of dead workers (needs Postgres: TEST_DATABASE_URL)', () => {
    it('runs', () => undefined);
  });
}

describe.each(postgres)('outbox leases of dead workers on $name', (engine) => {
  let db: TestDb;
  let store: Store;
  let running: Jobs[] = [];

  beforeAll(async () => {
    db = await engine.open();
    store = createStore(db, cipher());
  });
  afterEach(async () => {
    await Promise.all(running.map((jobs) => jobs.stop({ graceful: false })));
    running = [];
  });
  afterAll(() => db?.close());

  const schemaName = () => `pgboss_o${randomBytes(4).toString('hex')}`;
  const rowsOf = (portalId: string) =>
    db.query<{ id: number; account_id: string; status: string; attempts: number; fence: number; lease_owner: number | null; leased_ms: number | null }>(
      `select id, account_id, status, attempts, fence, lease_owner, (extract(epoch from locked_until - now()) * 1000)::int as leased_ms
         from outbox where portal_id = $1 order by id`,
      [portalId],
    );

  it('a SIGKILLed drain’s leases are released at once: another worker delivers its rows within seconds, each once', async () => {
    const p = portal('dead-drain');
    for (const account of ['a', 'b', 'c']) await store.outbox.enqueue('hubspot', p, account, { success_rob_score: `${account}-1` });
    const schema = schemaName();
    const queues = { 'drain-outbox': { retryDelay: 0, retryBackoff: false } };
    const sender = await startJobs({ db, schema, role: 'http', queues });
    running.push(sender);
    const child = spawn(process.execPath, [fileURLToPath(new URL('../helpers/stuck-drain.ts', import.meta.url)), db.url!, schema], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      await waitFor('the worker process to start', () => out.includes('ready'), 60_000);
      await sender.send('drain-outbox', { crm: 'hubspot', portalId: p });
      await waitFor('the worker process to claim the rows', () => out.includes('reading a,b,c'), 30_000);
      const leased = await rowsOf(p);
      // Leased for the drain's 60 s, under the key of the process holding them.
      expect(leased.every((r) => r.status === 'pending' && r.lease_owner !== null && r.leased_ms! > 30_000)).toBe(true);
      expect(new Set(leased.map((r) => r.lease_owner)).size).toBe(1);

      child.kill('SIGKILL');
      const killedAt = Date.now();
      const writes: PropertyUpdate[] = [];
      const crm = outboxCrm({
        write: (updates) => {
          writes.push(...updates);
          return Promise.resolve({ written: updates.map((u) => ({ accountId: u.accountId, modifiedAtMs: Date.now() })), failed: [] });
        },
      });
      let worker: Jobs | null = null;
      const handlers = idleHandlers({
        'drain-outbox': async (data) => void (await drainOutbox(store, crm, data.portalId, { owner: worker?.leaseOwner ?? null })),
      });
      worker = await startJobs({
        db,
        schema,
        role: 'worker',
        handlers,
        queues,
        pollingIntervalSeconds: 0.5,
        leases: [outboxLeases(store.outbox)],
        schedule: NO_SCHEDULE,
      });
      running.push(worker);
      // The dead process's drain job is failed at once (its liveness lock is free) and retried here;
      // the retry finds the rows free because their leases were released with it.
      await waitFor('the rows to be delivered', async () => (await rowsOf(p)).every((r) => r.status === 'delivered'), 25_000);
      // Long before the 60 s lease could have lapsed.
      expect(Date.now() - killedAt).toBeLessThan(30_000);
      expect(writes.map((w) => w.accountId).sort()).toEqual(['a', 'b', 'c']);
      const delivered = await rowsOf(p);
      // The release spent no attempt; the new drain's claim fenced the old lease out.
      expect(delivered.map((r) => r.attempts)).toEqual([0, 0, 0]);
      expect(delivered.every((r) => r.lease_owner === null)).toBe(true);
      for (const [i, r] of delivered.entries()) expect(r.fence).toBeGreaterThan(leased[i]!.fence);
    } finally {
      child.kill('SIGKILL');
    }
  }, 150_000);

  it('liveness: a live owner’s leases are left alone; a gone owner’s are released unspent, and its fence settles nothing', async () => {
    const p = portal('owner');
    for (const account of ['x', 'y']) await store.outbox.enqueue('hubspot', p, account, { success_rob_score: account });
    const schema = schemaName();
    // The liveness table lives in the pg-boss schema; an http process creates that schema.
    running.push(await startJobs({ db, schema, role: 'http' }));
    const options = { connectionString: db.url!, boss: running[0]!.boss, schema, intervalMs: 0, logger: silent, leases: [outboxLeases(store.outbox)] };
    const a = await startLiveness(options);
    const b = await startLiveness(options);
    try {
      expect(a.current()).toBe(a.workerKey);
      const old = await store.outbox.claim({ crm: 'hubspot', portalId: p, limit: 10, leaseMs: 60_000, owner: a.current() });
      expect(old.map((r) => r.leaseOwner)).toEqual([a.workerKey, a.workerKey]);
      expect(await b.check()).toBe(0); // a is alive: its leases stay
      expect(await store.outbox.claim({ crm: 'hubspot', portalId: p, limit: 10, leaseMs: 60_000 })).toEqual([]);

      await a.stop(); // a's session ends, as a SIGKILL ends it
      expect(a.holds(a.workerKey)).toBe(false);
      expect(a.current()).toBeNull();
      expect(await b.check()).toBe(2);
      // Free at once, nothing spent.
      expect((await rowsOf(p)).map((r) => [r.attempts, r.lease_owner, r.leased_ms])).toEqual([
        [0, null, null],
        [0, null, null],
      ]);
      // The dead drain's lease may neither write nor settle, even before anyone claims again…
      expect(await store.outbox.confirmLeases(old, 0)).toEqual([]);
      const again = await store.outbox.claim({ crm: 'hubspot', portalId: p, limit: 10, leaseMs: 60_000, owner: b.current() });
      expect(again.map((r) => r.accountId)).toEqual(['x', 'y']);
      // …nor after: the new claim's fence is the only one that counts.
      expect(await store.outbox.markDelivered(old)).toEqual({ delivered: [], requeued: [] });
      expect(await store.outbox.markFailed(old[0]!, 'late')).toBeNull();
      expect(await store.outbox.markDelivered(again)).toEqual({ delivered: again.map((r) => r.id), requeued: [] });
      expect(await b.check()).toBe(0);
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});
