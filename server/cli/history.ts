// Shared by `calibrate` and `backtest`: read JSONL snapshots and turn each one's past renewals
// into backtest rows. Bad lines are reported on stderr with their number, like `score`.
import { createInterface } from 'node:readline';
import { BACKTEST_HORIZON_DAYS, backtestAccount, type BacktestRow, type SkippedRenewal } from '../domain/backtest.ts';
import { CALIBRATION_FORMAT, CalibrationFile } from '../domain/calibration-file.ts';
import { RISK_FACTORS } from '../domain/risk-model.ts';
import type { EngineDeps } from '../domain/engine.ts';
import { AccountSnapshot } from '../domain/snapshot.ts';
import { describeIssues } from '../scoring/score-lines.ts';
import { openInput, readJsonFile, UsageError } from './args.ts';

export interface History {
  rows: BacktestRow[];
  skipped: SkippedRenewal[];
  accounts: number;
  bad: number;
  /** The numbers of the first bad lines (at most FIRST_BAD_LINES of them), for the summary. */
  firstBad: number[];
  /** The latest snapshot as-of seen. */
  dataAsOf: string | null;
}

export async function readHistory(path: string, deps: EngineDeps, horizonDays: number): Promise<History> {
  const out: History = { rows: [], skipped: [], accounts: 0, bad: 0, firstBad: [], dataAsOf: null };
  const badLine = (n: number, message: string) => {
    out.bad++;
    if (out.firstBad.length < FIRST_BAD_LINES) out.firstBad.push(n);
    process.stderr.write(`line ${n}: ${message}\n`);
  };
  let line = 0;
  for await (const text of createInterface({ input: await openInput(path), crlfDelay: Infinity })) {
    line++;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      badLine(line, `not valid JSON (${(error as Error).message})`);
      continue;
    }
    const parsed = AccountSnapshot.safeParse(value);
    if (!parsed.success) {
      badLine(line, describeIssues(parsed.error));
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

/** The exit code of `score`, `backtest` and `calibrate` when some input lines could not be read. */
export const EXIT_BAD_LINES = 2;

/** How many bad lines the summary names by number (each is reported on stderr as it is read). */
export const FIRST_BAD_LINES = 5;

/** "lines 4, 9, 17, …; each is reported above": where to start looking. */
export function badLineNumbers(bad: number, first: readonly number[]): string {
  const more = bad > first.length ? ', …' : '';
  return `${first.length === 1 ? 'line' : 'lines'} ${first.join(', ')}${more}; each is reported above`;
}

/** "3 of 120 lines could not be read (lines 4, 9, 17; each is reported above)": the count and where to start looking. */
export function badLinesSummary(history: Pick<History, 'accounts' | 'bad' | 'firstBad'>): string {
  return `${history.bad} of ${history.accounts + history.bad} lines could not be read (${badLineNumbers(history.bad, history.firstBad)})`;
}

/** `--horizon`: whole days from 1 to 365; absent, `fallback` (a calibration's own horizon, else the default). */
export function horizonFrom(value: string | undefined, fallback = BACKTEST_HORIZON_DAYS): number {
  if (value === undefined) return fallback;
  const days = Number(value);
  if (!/^\d+$/.test(value.trim()) || days < 1 || days > 365) throw new UsageError(`--horizon must be a whole number of days from 1 to 365, got "${value}"`);
  return days;
}

const KNOWN_FACTORS: ReadonlySet<string> = new Set(RISK_FACTORS);

export function readCalibrationFile(path: string): CalibrationFile {
  const json = readJsonFile(path, 'calibration file');
  const format = typeof json === 'object' && json !== null && 'format' in json ? json.format : undefined;
  if (format !== CALIBRATION_FORMAT) {
    const found = typeof format === 'string' ? `is in format "${format}"` : 'names no format';
    throw new UsageError(`calibration file ${path} ${found}; this version reads "${CALIBRATION_FORMAT}": run calibrate again with this version to make one`);
  }
  const parsed = CalibrationFile.safeParse(json);
  if (!parsed.success) throw new UsageError(`calibration file ${path} is not a valid calibration: ${describeIssues(parsed.error, 5)}`);
  // A factor this version does not know would be ignored without a word (scoring reads only the factors it knows).
  const unknown = Object.keys(parsed.data.model.coefficients).filter((f) => !KNOWN_FACTORS.has(f));
  if (unknown.length > 0) throw new UsageError(`calibration file ${path} weighs factors this version does not know: ${unknown.join(', ')} (edited by hand, or made by another version? run calibrate again)`);
  return parsed.data;
}

export function countBy(keys: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of keys) out[k] = (out[k] ?? 0) + 1;
  return out;
}
