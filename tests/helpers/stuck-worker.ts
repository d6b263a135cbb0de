// A worker process for the liveness tests: `node tests/helpers/stuck-worker.ts <databaseUrl> <bossSchema>`.
// It runs the job layer as role 'worker' with a recompute handler that never finishes, prints
// `batch <id,id,…>` for every batch it takes, and waits to be SIGKILLed.
import { openDatabase } from '../../server/store/db.ts';
import { startJobs } from '../../server/jobs/boss.ts';
import { idleHandlers, NO_SCHEDULE } from './idle-jobs.ts';

const [url, schema, heartbeat] = process.argv.slice(2);
if (!url || !schema) throw new Error('usage: stuck-worker.ts <databaseUrl> <bossSchema> [heartbeatSeconds]');
const db = await openDatabase({ kind: 'postgres', url, poolSize: 2 });
const handlers = idleHandlers({
  'recompute-account': (items) => {
    process.stdout.write(`batch ${items.map((i) => i.job.id).join(',')}\n`);
    return new Promise(() => undefined);
  },
});
await startJobs({
  db,
  schema,
  role: 'worker',
  handlers,
  pollingIntervalSeconds: 0.5,
  schedule: NO_SCHEDULE,
  queues: { 'recompute-account': { heartbeatSeconds: Number(heartbeat ?? 60) } },
});
process.stdout.write('ready\n');
