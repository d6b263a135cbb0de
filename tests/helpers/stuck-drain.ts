// A worker process for the outbox liveness test: `node tests/helpers/stuck-drain.ts <databaseUrl> <bossSchema>`.
// It runs the job layer as role 'worker' with the outbox's leases under its liveness key, as the
// sidecar does; its `drain-outbox` handler is the real drain against a CRM whose read never
// answers, so the drain holds its claimed rows' leases. It prints `reading <id,id,…>` when the
// drain has claimed and is reading, and waits to be SIGKILLed.
import { openDatabase } from '../../server/store/db.ts';
import { createStore } from '../../server/store/store.ts';
import { startJobs, type Jobs } from '../../server/jobs/boss.ts';
import { drainOutbox, outboxLeases } from '../../server/service/background.ts';
import { outboxCrm } from './outbox-crm.ts';
import { idleHandlers, NO_SCHEDULE } from './idle-jobs.ts';
import { cipher } from './store-fixtures.ts';

const [url, schema] = process.argv.slice(2);
if (!url || !schema) throw new Error('usage: stuck-drain.ts <databaseUrl> <bossSchema>');
const db = await openDatabase({ kind: 'postgres', url, poolSize: 2 });
const store = createStore(db, cipher());
const crm = outboxCrm({
  read: (ids) => {
    process.stdout.write(`reading ${ids.join(',')}\n`);
    return new Promise(() => undefined);
  },
});
let jobs: Jobs | null = null;
const handlers = idleHandlers({
  'drain-outbox': async (data) => void (await drainOutbox(store, crm, data.portalId, { owner: jobs?.leaseOwner ?? null })),
});
jobs = await startJobs({
  db,
  schema,
  role: 'worker',
  handlers,
  pollingIntervalSeconds: 0.5,
  leases: [outboxLeases(store.outbox)],
  schedule: NO_SCHEDULE,
});
process.stdout.write('ready\n');
