// One recompute batch per portal at a time across the fleet, for a while.
//
// A batch costs about the same CRM calls whatever its size (one load: a companies read, an
// association read per related type, a read per type, the write-back), and the portal's budget is
// shared by every process. Batches of one or two started side by side by several fetchers spend the
// budget on repeated fixed costs; the same changes in one batch cost one load. So a fetcher that
// takes a portal's recomputes while another batch of that portal is in flight hands them back
// (a fresh request for each account, due 0.3 s later, and the fetched job completed): they wait
// in the queue and the next batch of the portal takes them all at once.
//
// "For a while": a batch holds its portal's gate at most `holdSeconds`. A slow batch (a slow CRM,
// a huge account) then no longer holds the portal's other accounts back: the next fetcher takes
// the gate and goes on beside it. The gate of a process that died goes with its liveness key.
//
// Postgres only, like the liveness it rides on (the gate's holder is a liveness key).
import type { PgBoss } from 'pg-boss';
import { WORKER_LOCK_SPACE } from './liveness.ts';

export interface PortalGate {
  /** Takes the gates of these keys that are free (or held longer than the hold); resolves with the keys taken, and the token to release them with. */
  enter(keys: readonly string[], workerKey: number): Promise<{ taken: Set<string>; token: string }>;
  /** Releases what `enter` took with this token. Never throws: the hold bound frees a gate left behind. */
  leave(keys: readonly string[], token: string): Promise<void>;
  /** The liveness keys that hold a gate now (see liveness.ts `KeyedLeases`). */
  owners(): Promise<number[]>;
  /** The process of this key is dead: its gates are free. */
  release(key: number): Promise<number>;
}

export async function createPortalGate(boss: PgBoss, schema: string, holdSeconds: number): Promise<PortalGate> {
  if (!(holdSeconds > 0)) throw new Error('holdSeconds must be > 0');
  const table = `${schema}.batch_gates`;
  const db = boss.getDb();
  // Processes starting together: one creates the table at a time (CREATE … IF NOT EXISTS races otherwise).
  await db.executeSql(
    `BEGIN;
     SELECT pg_advisory_xact_lock(${WORKER_LOCK_SPACE}, 0);
     CREATE TABLE IF NOT EXISTS ${table} (key text PRIMARY KEY, worker_key int NOT NULL, token text NOT NULL, taken_at timestamptz NOT NULL DEFAULT now());
     COMMIT;`,
  );
  return {
    enter: async (keys, workerKey) => {
      const token = `${workerKey}:${Math.random().toString(36).slice(2)}`;
      if (keys.length === 0) return { taken: new Set(), token };
      const { rows } = await db.executeSql(
        `INSERT INTO ${table} AS g (key, worker_key, token) SELECT k, $2, $3 FROM unnest($1::text[]) AS k
           ON CONFLICT (key) DO UPDATE SET worker_key = EXCLUDED.worker_key, token = EXCLUDED.token, taken_at = now()
           WHERE g.taken_at < now() - make_interval(secs => $4::double precision)
         RETURNING key`,
        [[...keys], workerKey, token, holdSeconds],
      );
      return { taken: new Set((rows as Array<{ key: string }>).map((r) => r.key)), token };
    },
    leave: async (keys, token) => {
      if (keys.length === 0) return;
      await db.executeSql(`DELETE FROM ${table} WHERE key = ANY($1::text[]) AND token = $2`, [[...keys], token]).catch(() => undefined);
    },
    owners: async () => {
      const { rows } = await db.executeSql(`SELECT DISTINCT worker_key FROM ${table} WHERE taken_at >= now() - make_interval(secs => $1::double precision)`, [holdSeconds]);
      return (rows as Array<{ worker_key: number }>).map((r) => r.worker_key);
    },
    release: async (key) => {
      const { rows } = await db.executeSql(`DELETE FROM ${table} WHERE worker_key = $1 RETURNING key`, [key]);
      return rows.length;
    },
  };
}
