// The databases the store tests run on: PGlite in memory always; Postgres too when
// TEST_DATABASE_URL is set — every `open()` creates a fresh database (store_<random>) through an
// admin connection on that URL and drops it on close. REQUIRE_POSTGRES=1 turns an unset or
// unreachable Postgres into a loud failure instead of a skipped engine.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../server/store/db.ts';

/** A test database; `url` (Postgres only) lets a test open a second, independent handle on it. */
export type TestDb = Database & { readonly url: string | null };

export interface TestDatabase {
  name: 'pglite' | 'postgres';
  /** A fresh, empty database; migrated unless `{ migrate: false }`. Its close() also drops it. */
  open(options?: { migrate?: boolean }): Promise<TestDb>;
}

const adminUrl = process.env.TEST_DATABASE_URL || undefined;
const required = process.env.REQUIRE_POSTGRES === '1';

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function postgresProblem(): Promise<string | null> {
  if (!adminUrl) return 'TEST_DATABASE_URL is not set';
  try {
    await withAdmin((c) => c.query('select 1'));
    return null;
  } catch (error) {
    return `cannot reach TEST_DATABASE_URL: ${(error as Error).message}`;
  }
}

const problem = await postgresProblem();
if (problem && required) throw new Error(`REQUIRE_POSTGRES=1 but Postgres is not usable (${problem})`);
if (problem && adminUrl) process.stderr.write(`store tests: Postgres skipped (${problem}); set REQUIRE_POSTGRES=1 to make this an error\n`);

const pglite: TestDatabase = {
  name: 'pglite',
  async open({ migrate = true } = {}) {
    const db = await openDatabase({ kind: 'pglite', dataDir: null });
    if (migrate) await db.migrate();
    return Object.assign(db, { url: null });
  },
};

const postgres: TestDatabase = {
  name: 'postgres',
  async open({ migrate = true } = {}) {
    const name = `store_${randomBytes(6).toString('hex')}`;
    await withAdmin((c) => c.query(`create database ${name}`));
    const url = new URL(adminUrl!);
    url.pathname = `/${name}`;
    const db = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 4 });
    const drop = async () => {
      await db.close();
      await withAdmin((c) => c.query(`drop database if exists ${name} with (force)`));
    };
    try {
      if (migrate) await db.migrate();
    } catch (error) {
      await drop();
      throw error;
    }
    return { ...db, close: drop, url: url.toString() };
  },
};

export function testDatabases(): TestDatabase[] {
  return problem ? [pglite] : [pglite, postgres];
}
