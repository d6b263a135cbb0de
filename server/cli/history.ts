// Shared by `calibrate` and `backtest`: read JSONL snapshots and turn each one's past renewals
// into backtest rows. Bad lines are reported on stderr with their number, like `score`.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { BACKTEST_HORIZON_DAYS, backtestAccount, type BacktestRow, type SkippedRenewal } from '../domain/backtest.ts';
import { CalibrationFile } from '../domain/calibration-file.ts';
import type { EngineDeps } from '../domain/engine.ts';
import { AccountSnapshot } from '../domain/snapshot.ts';
import { describeIssues } from '../scoring/score-lines.ts';
import { positiveInt, readJsonFile, UsageError } from './args.ts';

export interface History {
  rows: BacktestRow[];
  skipped: SkippedRenewal[];
  accounts: number;
  bad: number;
  /** The latest snapshot as-of seen. */
  dataAsOf: string | null;
}

async function openInput(path: string): Promise<Readable> {
  if (path === '-') return process.stdin;
  const input = createReadStream(path);
  await new Promise<void>((resolve, reject) => {
    input.once('open', () => resolve());
    input.once('error', (e: NodeJS.ErrnoException) => reject(new UsageError(`cannot read ${path}: ${e.code ?? e.message}`)));
  });
  return input;
}

export async function readHistory(path: string, deps: EngineDeps, horizonDays: number): Promise<History> {
  const out: History = { rows: [], skipped: [], accounts: 0, bad: 0, dataAsOf: null };
  let line = 0;
  for await (const text of createInterface({ input: await openInput(path), crlfDelay: Infinity })) {
    line++;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      out.bad++;
      process.stderr.write(`line ${line}: not valid JSON (${(error as Error).message})\n`);
      continue;
    }
    const parsed = AccountSnapshot.safeParse(value);
    if (!parsed.success) {
      out.bad++;
      process.stderr.write(`line ${line}: ${describeIssues(parsed.error)}\n`);
      continue;
    }
    out.accounts++;
    if (out.dataAsOf === null || Date.parse(parsed.data.asOf) > Date.parse(out.dataAsOf)) out.dataAsOf = parsed.data.asOf;
    const { rows, skipped } = backtestAccount(parsed.data, deps, { horizonDays });
    out.rows.push(...rows);
    out.skipped.push(...skipped);
  }
  return out;
}

export function horizonFrom(value: string | undefined): number {
  const days = positiveInt(value, 'horizon', BACKTEST_HORIZON_DAYS);
  if (days < 1 || days > 365) throw new UsageError(`--horizon must be from 1 to 365 days, got ${days}`);
  return days;
}

export function readCalibrationFile(path: string): CalibrationFile {
  const parsed = CalibrationFile.safeParse(readJsonFile(path, 'calibration file'));
  if (!parsed.success) throw new UsageError(`calibration file ${path} is not a valid calibration: ${describeIssues(parsed.error, 5)}`);
  return parsed.data;
}

export function countBy(keys: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of keys) out[k] = (out[k] ?? 0) + 1;
  return out;
}
