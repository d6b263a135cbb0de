// A worker process for the liveness tests: `node tests/helpers/stuck-worker.ts <databaseUrl> <bossSchema>`.
// It runs the job layer as role 'worker' with a recompute handler that never finishes, prints
// `batch <id,id,…>` for every batch it takes, and waits to be SIGKILLed.
import { openDatabase } from '../../server/store/db.ts';
import { startJobs, type JobHandlers } from '../../server/jobs/boss.ts';

const [url, schema, heartbeat] = process.argv.slice(2);
if (!url || !schema) throw new Error('usage: stuck-worker.ts <databaseUrl> <bossSchema> [heartbeatSeconds]');
const db = await openDatabase({ kind: 'postgres', url, poolSize: 2 });
const done = () => Promise.resolve();
const handlers: JobHandlers = {
  'recompute-account': (items) => {
    process.stdout.write(`batch ${items.map((i) => i.job.id).join(',')}\n`);
    return new Promise(() => undefined);
  },
  'sync-portfolio': done,
  'drain-outbox': done,
  'refresh-tokens': done,
  'purge-uninstalled': done,
  'calibrate-portal': done,
  'schedule-calibrations': done,
  'sweep-outbox': done,
  'prune-retention': done,
};
await startJobs({
  db,
  schema,
  role: 'worker',
  handlers,
  pollingIntervalSeconds: 0.5,
  schedule: { refreshTokens: false, syncPortfolios: false, purgeUninstalled: false, calibrations: false, sweepOutboxSeconds: false, pruneRetention: false },
  queues: { 'recompute-account': { heartbeatSeconds: Number(heartbeat ?? 60) } },
});
process.stdout.write('ready\n');
