// Worker liveness from Postgres sessions: a dead worker's jobs come back within about a second.
//
// pg-boss notices a SIGKILLed worker only when the job's heartbeat goes stale (10 s at least) and
// the next supervision pass fails it, and then the retry waits out its backoff. But a killed
// process's connections close at once, and so do the session advisory locks they held. So each
// worker process takes a session advisory lock on a key of its own, on a connection of its own,
// and records every job attempt it fetches under that key (`<schema>.worker_claims`, beside
// pg-boss's own tables: it belongs to the job schema and goes with it). Every second, each
// worker tries the locks of the other keys that hold claims: a lock it gets belongs to a process
// that is gone, and that process's attempts are failed at once, fenced to the attempt (a job that
// was settled, or fetched again since, is left alone), their retry count spent as pg-boss spends
// it (the last one dead-letters), and made due at once instead of after the retry backoff.
//
// Other leases can be held under the same key (`KeyedLeases`: the outbox drain's row leases). Their
// owners' keys are tried too, and a dead key's leases are released at once, with the same pass that
// fails its attempts: a retried recompute then writes back at once instead of waiting for the dead
// drain's lease to lapse.
//
// pg-boss's heartbeat stays the backstop for what this cannot see: a process that is alive but
// hung (its session lives on), and a kill between the fetch and the claim. A live process whose
// liveness connection drops looks dead too: its attempts run again elsewhere while it finishes
// them, and its own settles are fenced out (as after a heartbeat false alarm; saves are idempotent
// and the outbox's fencing keeps its writes single). It goes on under a new key.
//
// Postgres only: on PGlite there is one process, which is alive while it runs anything.
import pg from 'pg';
import type { PgBoss } from 'pg-boss';
import type { JobsLogger } from './boss.ts';

/** The first half of the two-key advisory lock space that worker keys live in (pg-boss locks with one bigint key, a separate space). */
export const WORKER_LOCK_SPACE = 0x5c5c_0001;

/** The claims table: which worker key runs which attempt. Transient: a row lives while its job runs. */
function createClaimsTable(schema: string): string {
  return `CREATE TABLE IF NOT EXISTS ${schema}.worker_claims (
      job_id uuid PRIMARY KEY,
      queue text NOT NULL,
      attempt int NOT NULL,
      worker_key int NOT NULL,
      claimed_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX IF NOT EXISTS worker_claims_worker ON ${schema}.worker_claims (worker_key)`;
}

export interface ClaimedAttempt {
  id: string;
  /** pg-boss's retry_count when the job was fetched. */
  retryCount: number;
}

/** Leases other than job attempts that a worker process takes under its liveness key. */
export interface KeyedLeases {
  /** For logs: what is leased. */
  readonly name: string;
  /** The keys that hold a live lease now. */
  owners(): Promise<number[]>;
  /** The process of `key` is dead (the caller holds its lock): its leases are free at once. Resolves with how many. */
  release(key: number): Promise<number>;
}

/** What a lease taker asks of this process's liveness. */
export interface LeaseOwner {
  /** The key to record on a lease taken now; null while this process holds none (its liveness connection is down). */
  current(): number | null;
  /**
   * Whether this process still holds `key`. A lease taken under a key it has lost may have been
   * released to another worker: check right before acting on it (the lease's fence settles the rest).
   */
  holds(key: number): boolean;
}

export interface Liveness extends LeaseOwner {
  /** This process's key (what its claims are recorded under). */
  readonly workerKey: number;
  /** Records that this process runs these attempts. Never throws: without a claim, the heartbeat still covers the job. */
  claim(queue: string, jobs: readonly ClaimedAttempt[]): Promise<void>;
  /** Forgets the claims of these jobs once they are settled or about to be. */
  release(jobIds: readonly string[]): Promise<void>;
  /** One pass over the other workers' keys; resolves with how many attempts and leases of dead workers it made due again at once. */
  check(): Promise<number>;
  /** Stops checking and closes the connection (which releases the lock: claims left behind are reaped by others). */
  stop(): Promise<void>;
}

export interface LivenessOptions {
  connectionString: string;
  boss: PgBoss;
  /** The pg-boss schema: where the claims table lives, and whose jobs are failed and made due. */
  schema: string;
  /** How often to look for dead workers, in ms. Default 1000; 0: only when `check` is called. */
  intervalMs?: number;
  logger: JobsLogger;
  /** Leases taken under this process's key besides job attempts, released when their process dies. */
  leases?: readonly KeyedLeases[];
}

interface ClaimRow {
  job_id: string;
  queue: string;
  attempt: number;
}

const randomKey = (): number => {
  const key = (Math.random() * 0x7fff_ffff) | 0;
  return key === 0 ? 1 : key;
};

export async function startLiveness(options: LivenessOptions): Promise<Liveness> {
  const { boss, schema, logger } = options;
  const leases = options.leases ?? [];
  let client: pg.Client | null = null;
  let workerKey = 0;
  let connecting: Promise<void> | null = null;
  let stopped = false;
  let tableReady = false;
  const claims = `${schema}.worker_claims`;

  /** A connection that holds this process's lock; a new key after a lost connection (the old key's claims are then reaped as dead). */
  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: options.connectionString, application_name: 'success-sidecar-liveness' });
    next.on('error', (err) => {
      logger.warn({ err, workerKey }, 'liveness connection lost; a new one takes a new key');
      if (client === next) client = null;
    });
    await next.connect();
    if (!tableReady) {
      // Processes starting together: one creates the table, the others wait for it (CREATE … IF NOT EXISTS races otherwise).
      await next.query('BEGIN');
      try {
        await next.query('SELECT pg_advisory_xact_lock($1, 0)', [WORKER_LOCK_SPACE]);
        await next.query(createClaimsTable(schema));
        await next.query('COMMIT');
      } catch (err) {
        await next.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
      tableReady = true;
    }
    for (let tries = 0; ; tries++) {
      const key = randomKey();
      const { rows } = await next.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS locked', [WORKER_LOCK_SPACE, key]);
      if (rows[0]?.locked) {
        workerKey = key;
        break;
      }
      if (tries > 10) throw new Error('no free worker key');
    }
    client = next;
    // Claims under this key are a dead process's that had the same key: this process holds the lock
    // now. A failure here is not this connection's: the heartbeat still covers those jobs.
    await reap(next, workerKey).catch((err: unknown) => logger.warn({ err, workerKey }, 'claims left under this worker key not reaped'));
  };

  const session = async (): Promise<pg.Client> => {
    if (client) return client;
    connecting ??= connect().finally(() => {
      connecting = null;
    });
    await connecting;
    if (!client) throw new Error('liveness connection unavailable');
    return client;
  };

  /** Fails a dead key's attempts and deletes its claims. The caller holds the key's lock. */
  const reap = async (db: pg.Client, key: number): Promise<number> => {
    const { rows } = await db.query<ClaimRow>(`SELECT job_id::text, queue, attempt FROM ${claims} WHERE worker_key = $1`, [key]);
    const byQueue = new Map<string, ClaimedAttempt[]>();
    for (const row of rows) byQueue.set(row.queue, [...(byQueue.get(row.queue) ?? []), { id: row.job_id, retryCount: row.attempt }]);
    let retried = 0;
    for (const [queue, attempts] of byQueue) {
      // The attempts still running as the dead process left them (a job it settled, or that was
      // fetched again since, is not one of them): only those are failed, and only their retries hurried.
      const { rows: running } = await db.query<{ id: string }>(
        `SELECT id::text FROM ${schema}.job WHERE name = $1 AND state = 'active' AND (id::text || ':' || retry_count::text) = ANY($2::text[])`,
        [queue, attempts.map((a) => `${a.id}:${a.retryCount}`)],
      );
      const dead = attempts.filter((a) => running.some((r) => r.id === a.id));
      if (dead.length === 0) continue;
      // Fenced to the attempt (pg-boss checks it again), the retry counted as pg-boss counts it.
      await boss.fail(queue, dead, { name: 'WorkerDied', message: 'the worker process running this job died (its liveness lock was released)' });
      // The retry runs now: the attempt did not fail, its process vanished, so a backoff protects nothing.
      const made = await db.query(`UPDATE ${schema}.job SET start_after = ${schema}.job_now() WHERE name = $1 AND id = ANY($2::uuid[]) AND state = 'retry' AND start_after > ${schema}.job_now()`, [queue, dead.map((a) => a.id)]);
      retried += made.rowCount ?? 0;
    }
    await db.query(`DELETE FROM ${claims} WHERE worker_key = $1 AND job_id = ANY($2::uuid[])`, [key, rows.map((r) => r.job_id)]);
    const released: Record<string, number> = {};
    for (const held of leases) {
      const n = await held.release(key);
      if (n > 0) released[held.name] = n;
    }
    const releasedAny = Object.keys(released).length > 0;
    if (rows.length > 0 || releasedAny) logger.warn({ workerKey: key, claims: rows.length, retried, released }, 'a worker process died; its jobs were failed for an immediate retry and its leases released');
    return retried + Object.values(released).reduce((a, b) => a + b, 0);
  };

  const check = async (): Promise<number> => {
    const db = await session();
    const { rows } = await db.query<{ worker_key: number }>(`SELECT DISTINCT worker_key FROM ${claims} WHERE worker_key <> $1`, [workerKey]);
    const keys = new Set(rows.map((r) => r.worker_key));
    for (const held of leases) for (const key of await held.owners()) keys.add(key);
    keys.delete(workerKey);
    let failed = 0;
    for (const key of keys) {
      const { rows: lock } = await db.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS locked', [WORKER_LOCK_SPACE, key]);
      if (!lock[0]?.locked) continue; // alive
      try {
        failed += await reap(db, key);
      } finally {
        await db.query('SELECT pg_advisory_unlock($1, $2)', [WORKER_LOCK_SPACE, key]);
      }
    }
    return failed;
  };

  await session();

  let running = false;
  const timer =
    options.intervalMs === 0
      ? null
      : setInterval(() => {
          if (running || stopped) return;
          running = true;
          check()
            .catch((err: unknown) => logger.warn({ err }, 'liveness check failed'))
            .finally(() => {
              running = false;
            });
        }, options.intervalMs ?? 1000);
  timer?.unref();

  return {
    get workerKey() {
      return workerKey;
    },
    current: () => (client !== null && !stopped ? workerKey : null),
    holds: (key) => client !== null && !stopped && workerKey === key,
    claim: async (queue, jobs) => {
      if (jobs.length === 0 || stopped) return;
      try {
        const db = await session();
        await db.query(
          `INSERT INTO ${claims} (job_id, queue, attempt, worker_key)
             SELECT id, $1, attempt, $2 FROM unnest($3::uuid[], $4::int[]) AS t(id, attempt)
           ON CONFLICT (job_id) DO UPDATE SET queue = EXCLUDED.queue, attempt = EXCLUDED.attempt, worker_key = EXCLUDED.worker_key, claimed_at = now()`,
          [queue, workerKey, jobs.map((j) => j.id), jobs.map((j) => j.retryCount)],
        );
      } catch (err) {
        logger.warn({ err, queue }, 'job claim not recorded; the heartbeat covers these jobs');
      }
    },
    release: async (jobIds) => {
      if (jobIds.length === 0 || !client) return;
      try {
        await client.query(`DELETE FROM ${claims} WHERE worker_key = $1 AND job_id = ANY($2::uuid[])`, [workerKey, [...jobIds]]);
      } catch (err) {
        logger.warn({ err }, 'job claims not released; they go once this process’s key is reaped (a fail fenced to a settled attempt does nothing)');
      }
    },
    check,
    stop: async () => {
      stopped = true;
      if (timer) clearInterval(timer);
      const db = client;
      client = null;
      await db?.end().catch(() => undefined);
    },
  };
}
