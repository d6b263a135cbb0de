// `migrate [--data-dir DIR]`: brings the database up to date — Postgres at DATABASE_URL, otherwise
// the embedded PGlite database in DIR (default $DATA_DIR/db, i.e. .data/db). Prints one JSON line.
import { join } from 'node:path';
import { locationFromEnv, openDatabase } from '../store/db.ts';
import { parseCommandArgs, UsageError } from './args.ts';

/** The database as it is safe to print: no password. */
function describeLocation(url: string): string {
  try {
    const u = new URL(url);
    return `postgres://${u.username ? `${u.username}@` : ''}${u.host}${u.pathname}`;
  } catch {
    throw new UsageError('DATABASE_URL is not a valid postgres:// URL');
  }
}

export async function migrateCommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, { 'data-dir': { type: 'string' } });
  const dataDir = args['data-dir'] ?? join(process.env.DATA_DIR || '.data', 'db');
  const location = locationFromEnv({ DATABASE_URL: process.env.DATABASE_URL || undefined }, dataDir);
  const database = location.kind === 'postgres' ? describeLocation(location.url) : `pglite ${dataDir}`;
  const db = await openDatabase(location);
  try {
    const { applied, total } = await db.migrate();
    process.stdout.write(`${JSON.stringify({ database, applied, total, upToDate: applied.length === 0 })}\n`);
    return 0;
  } finally {
    await db.close();
  }
}
