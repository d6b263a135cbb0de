// `generate --accounts N [--seed S] [--as-of ISO] [--tickets N] [--history-days D] [--out FILE]`: a synthetic
// portfolio as JSONL AccountSnapshots, deterministic for the same seed, as-of and ticket count.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { Instant } from '../domain/snapshot.ts';
import { generatePortfolio } from '../synthetic/portfolio.ts';
import { parseCommandArgs, positiveInt, todayIso, UsageError } from './args.ts';

export async function generateCommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, {
    accounts: { type: 'string', short: 'n' },
    seed: { type: 'string', short: 's' },
    'as-of': { type: 'string' },
    tickets: { type: 'string' },
    'history-days': { type: 'string' },
    out: { type: 'string', short: 'o' },
  });
  const accounts = positiveInt(args.accounts, 'accounts', -1);
  if (accounts < 0) throw new UsageError('generate needs --accounts N');
  const asOf = args['as-of'] ?? todayIso();
  if (!Instant.safeParse(asOf).success) throw new UsageError(`--as-of must be an ISO 8601 date or date-time, got "${asOf}"`);
  const ticketsPerAccount = positiveInt(args.tickets, 'tickets', 25);
  const historyDays = positiveInt(args['history-days'], 'history-days', 365);
  if (historyDays < 365 || historyDays > 1825) throw new UsageError(`--history-days must be from 365 to 1825, got ${historyDays}`);
  const out: Writable = args.out ? createWriteStream(args.out) : process.stdout;

  const tty = process.stderr.isTTY;
  let written = 0;
  for (const { snapshot } of generatePortfolio({ seed: args.seed ?? '1', accounts, asOf, ticketsPerAccount, historyDays })) {
    if (!out.write(`${JSON.stringify(snapshot)}\n`)) await once(out, 'drain');
    written++;
    if (tty && written % 500 === 0) process.stderr.write(`\rgenerated ${written.toLocaleString('en')} of ${accounts.toLocaleString('en')} accounts`);
  }
  if (tty) process.stderr.write(`\rgenerated ${written.toLocaleString('en')} of ${accounts.toLocaleString('en')} accounts\n`);
  if (args.out) {
    out.end();
    await once(out, 'finish');
  }
  return 0;
}
