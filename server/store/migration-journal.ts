// Which migrations exist (drizzle-kit's journal) and how many a database has applied (Drizzle's
// bookkeeping table), so `migrate()` can say what it did.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export interface MigrationReport {
  /** Tags of the migrations this call applied, in order (empty: already up to date). */
  applied: string[];
  /** Migrations applied to the database in all. */
  total: number;
}

const Journal = z.object({ entries: z.array(z.object({ idx: z.number(), tag: z.string() })) });

export function migrationTags(folder: string): string[] {
  const journal = Journal.parse(JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')));
  return journal.entries.sort((a, b) => a.idx - b.idx).map((e) => e.tag);
}

type Query = (text: string) => Promise<Array<Record<string, unknown>>>;

export async function appliedCount(query: Query): Promise<number> {
  const [exists] = await query(`select to_regclass('drizzle.__drizzle_migrations') is not null as present`);
  if (exists?.present !== true) return 0;
  const [row] = await query('select count(*)::int as n from drizzle.__drizzle_migrations');
  return z.coerce.number().int().parse(row?.n ?? 0);
}

/** Runs `migrate` between two counts (the caller holds whatever lock keeps others out meanwhile). */
export async function reportMigrations(folder: string, query: Query, migrate: () => Promise<void>): Promise<MigrationReport> {
  const before = await appliedCount(query);
  await migrate();
  const after = await appliedCount(query);
  return { applied: migrationTags(folder).slice(before, after), total: after };
}
