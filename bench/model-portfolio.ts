// The portfolios `npm run bench:model` (and its drift diagnostic) calibrate and evaluate on: a
// generated portfolio with three years of history; the calibration sees the portal as it was a year
// before `asOf`, with two years behind it (renewals closed by then, each scored `horizonDays`
// before its close date), the evaluation takes the next year's renewals, which the calibration
// never saw.
import { snapshotAsOf } from '../server/domain/as-of.ts';
import { backtestAccount, predict, type BacktestRow } from '../server/domain/backtest.ts';
import { DEFAULT_ENGINE_CONFIG } from '../server/domain/engine-config.ts';
import { auc, brierScore, expectedCalibrationError, type Prediction } from '../server/domain/metrics.ts';
import type { RiskModel } from '../server/domain/risk-model.ts';
import { SentimentCache } from '../server/domain/sentiment/cache.ts';
import { AccountSnapshot } from '../server/domain/snapshot.ts';
import { generatePortfolio } from '../server/synthetic/portfolio.ts';
import type { BenchGenerator } from '../server/synthetic/variants.ts';

export const BENCH_AS_OF = '2026-11-01T00:00:00.000Z';
const DAY = 86_400_000;
/** The calibration sees the portal as it was at this moment. */
export const CUT_MS = Date.parse(BENCH_AS_OF) - 365 * DAY;
/** How far back the portal's history reaches when the calibration sees it (issue 13: two years). */
export const CALIBRATION_HISTORY_DAYS = 730;
/** Generated history at `asOf`: the calibration's two years and the evaluation year. */
const HISTORY_DAYS = CALIBRATION_HISTORY_DAYS + 365;
export const r3 = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);

export interface Portfolio { train: BacktestRow[]; test: BacktestRow[]; oracle: Prediction[] }

export function buildPortfolio({ options, horizonDays }: BenchGenerator, accounts: number): Portfolio {
  const deps = { config: DEFAULT_ENGINE_CONFIG, sentiment: new SentimentCache() };
  const out: Portfolio = { train: [], test: [], oracle: [] };
  for (const { snapshot, truth } of generatePortfolio({ ...options, accounts, asOf: BENCH_AS_OF, historyDays: HISTORY_DAYS })) {
    const s = AccountSnapshot.parse(JSON.parse(JSON.stringify(snapshot)));
    // Calibration sees the portal as it was a year ago: only what was known then.
    out.train.push(...backtestAccount(snapshotAsOf(s, CUT_MS).snapshot, deps, { horizonDays }).rows);
    for (const row of backtestAccount(s, deps, { fromMs: CUT_MS + 1, horizonDays }).rows) {
      out.test.push(row);
      out.oracle.push({ p: truth.renewals.find((r) => r.id === row.renewalId)!.pRenew, renewed: row.renewed });
    }
  }
  return out;
}

/** AUC, its ratio to the oracle's, ECE and Brier skill against always predicting `baseRate`. */
export function figures(rows: readonly BacktestRow[], model: RiskModel, oracleAuc: number, baseRate: number) {
  const p = predict(rows, model);
  const a = auc(p)!;
  const reference = brierScore(p.map((x) => ({ p: baseRate, renewed: x.renewed })))!;
  return { auc: r3(a), aucRatio: r3(a / oracleAuc), ece: r3(expectedCalibrationError(p)), brierSkill: r3(1 - brierScore(p)! / reference) };
}
