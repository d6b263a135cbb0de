// One database handle for both engines: embedded PGlite (a data directory, or in memory) when no
// DATABASE_URL is given, Postgres through `pg` otherwise. Both speak the same SQL, so one Drizzle
// schema and one migration set serve the laptop and production.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { fromPglite, type Db as BossDb } from 'pg-boss';
import { reportMigrations, type MigrationReport } from './migration-journal.ts';
import * as schema from './schema.ts';

export type { MigrationReport } from './migration-journal.ts';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));

/** The Drizzle database, whichever engine is underneath. */
export type Orm = PgDatabase<PgQueryResultHKT, typeof schema>;

/** The transaction `orm.transaction(async (tx) => …)` hands its callback. */
export type Transaction = Parameters<Parameters<Orm['transaction']>[0]>[0];

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  readonly orm: Orm;
  /**
   * Runs the migrations that have not run yet and says which (idempotent, safe at every start;
   * on Postgres, processes starting together migrate one at a time).
   */
  migrate(): Promise<MigrationReport>;
  /** Plain SQL with positional parameters, for health checks and tests. */
  query<T = Record<string, unknown>>(text: string, values?: unknown[]): Promise<T[]>;
  /** What pg-boss needs to run on the same database. */
  bossDb(): BossDb | { connectionString: string };
  close(): Promise<void>;
}

export type DatabaseLocation =
  | { kind: 'pglite'; dataDir: string | null } // null: in memory (tests)
  | { kind: 'postgres'; url: string; poolSize?: number };

export function locationFromEnv(env: { DATABASE_URL?: string | undefined }, dataDir = '.data/db'): DatabaseLocation {
  return env.DATABASE_URL ? { kind: 'postgres', url: env.DATABASE_URL } : { kind: 'pglite', dataDir };
}

export async function openDatabase(location: DatabaseLocation): Promise<Database> {
  if (location.kind === 'pglite') {
    if (location.dataDir) mkdirSync(location.dataDir, { recursive: true });
    const client = location.dataDir ? await PGlite.create(location.dataDir) : await PGlite.create();
    const orm = drizzlePglite(client, { schema }) as unknown as Orm;
    let migrating: Promise<unknown> = Promise.resolve();
    return {
      kind: 'pglite',
      orm,
      migrate: () => {
        // One connection, one process: a promise chain keeps two calls from interleaving.
        const run = migrating.then(() =>
          reportMigrations(MIGRATIONS_FOLDER, async (text) => (await client.query<Record<string, unknown>>(text)).rows, () => migratePglite(drizzlePglite(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER })),
        );
        migrating = run.catch(() => undefined);
        return run;
      },
      query: async <T>(text: string, values?: unknown[]) => (await client.query<T>(text, values)).rows,
      bossDb: () => fromPglite(client),
      close: () => client.close(),
    };
  }
  const pool = new pg.Pool({ connectionString: location.url, max: location.poolSize ?? 10 });
  // A broken idle connection must not crash the process; the next query gets a fresh one.
  pool.on('error', () => undefined);
  const orm = drizzlePg(pool, { schema }) as unknown as Orm;
  return {
    kind: 'postgres',
    orm,
    migrate: () => migratePostgres(pool),
    query: async <T>(text: string, values?: unknown[]) => (await pool.query(text, values)).rows as T[],
    bossDb: () => ({ connectionString: location.url }),
    close: () => pool.end(),
  };
}

/** Several processes may start at once: one migrates at a time (session advisory lock on one connection). */
async function migratePostgres(pool: pg.Pool): Promise<MigrationReport> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      return await reportMigrations(
        MIGRATIONS_FOLDER,
        async (text) => (await client.query<Record<string, unknown>>(text)).rows,
        () => migratePg(drizzlePg(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER }),
      );
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}

/** Arbitrary, fixed: the advisory lock key that serializes migrations. */
const MIGRATION_LOCK = 0x5ec1_d0ca;
