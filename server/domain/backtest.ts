// Backtesting renewal risk against an account's own history: score the account as it looked some
// days before each past renewal (as-of.ts: nothing dated later is seen) and compare the predicted
// probability of renewing with what happened. Rows keep the factor values, so any RiskModel can be
// evaluated — or fitted — on them without scoring again.
import { asOfGap, snapshotAsOf } from './as-of.ts';
import { assess, withYearSignals } from './assess.ts';
import type { EngineDeps } from './engine.ts';
import { prepareAccount } from './prepare.ts';
import { evaluateRob } from './rob.ts';
import { logOdds, sigmoid, type RiskModel } from './risk-model.ts';
import { riskFactorValues, riskLevel } from './risk.ts';
import type { RiskLevel } from './result.ts';
import type { AccountSnapshot } from './snapshot.ts';
import { DAY_MS, toMs } from './time.ts';
import {
  auc, aucInterval, brierScore, brierSkill, expectedCalibrationError, lossesCaught, reliability, renewalRate,
  type Prediction, type ReliabilityBin,
} from './metrics.ts';

export { auc, brierScore, calibration, type Prediction } from './metrics.ts';
export { snapshotAsOf } from './as-of.ts';

export interface BacktestOptions {
  /** Score each renewal this many days before its close date (30 by default). */
  horizonDays?: number;
  /** Only renewals closing at or after this moment. */
  fromMs?: number;
  /** Only renewals closing at or before this moment. */
  toMs?: number;
  /**
   * Landmarks: also score each renewal this many days further before its close (e.g. [30, 60]: at
   * the horizon + 30 and + 60 days), each as of its own moment, seeing nothing dated later. A
   * landmark is left out where the data does not reach back to it (see asOfGap) or the engine
   * could not score then; none is tried for a renewal whose horizon row was skipped. The rows of
   * one renewal share its ids; the horizon row is the one with the latest `at`. None by default.
   */
  landmarkDays?: readonly number[];
}

export interface BacktestRow {
  accountId: string;
  renewalId: string;
  closeDate: string;
  /** The moment the account was scored as of. */
  at: string;
  renewed: boolean;
  /** The risk model's factor values at that moment. */
  x: Record<string, number>;
  /** What had to be taken from today's data (see as-of.ts). */
  marks: string[];
}

export type SkipReason = 'not_yet_a_customer' | 'usage_history_too_short' | 'insufficient_data';

export interface SkippedRenewal {
  accountId: string;
  renewalId: string;
  reason: SkipReason;
}

export interface AccountBacktest {
  rows: BacktestRow[];
  skipped: SkippedRenewal[];
}

/** One row per won or lost renewal of the account (within the options' window), or the reason it was skipped; more with landmarks. */
export function backtestAccount(snapshot: AccountSnapshot, deps: EngineDeps, options: BacktestOptions = {}): AccountBacktest {
  const horizon = (options.horizonDays ?? 30) * DAY_MS;
  const rows: BacktestRow[] = [];
  const skipped: SkippedRenewal[] = [];
  const accountId = snapshot.account.id;
  for (const renewal of snapshot.renewals) {
    if (renewal.outcome === 'open') continue;
    const closeMs = toMs(renewal.closeDate);
    if ((options.fromMs !== undefined && closeMs < options.fromMs) || (options.toMs !== undefined && closeMs > options.toMs)) continue;
    const first = scoreAt(snapshot, deps, closeMs - horizon);
    if (typeof first === 'string') {
      skipped.push({ accountId, renewalId: renewal.id, reason: first });
      continue;
    }
    const renewed = renewal.outcome === 'won';
    rows.push({ accountId, renewalId: renewal.id, closeDate: renewal.closeDate, at: first.at, renewed, x: first.x, marks: first.marks });
    for (const days of options.landmarkDays ?? []) {
      const earlier = scoreAt(snapshot, deps, closeMs - horizon - days * DAY_MS);
      if (typeof earlier !== 'string') rows.push({ accountId, renewalId: renewal.id, closeDate: renewal.closeDate, at: earlier.at, renewed, x: earlier.x, marks: earlier.marks });
    }
  }
  return { rows, skipped };
}

/** The factor values as of `at` (nothing dated later seen), or why the account cannot be scored then. */
function scoreAt(snapshot: AccountSnapshot, deps: EngineDeps, at: number): SkipReason | Pick<BacktestRow, 'at' | 'x' | 'marks'> {
  const gap = asOfGap(snapshot, at);
  if (gap) return gap;
  const { config, sentiment } = deps;
  const view = snapshotAsOf(snapshot, at);
  const account = prepareAccount(view.snapshot, config, sentiment, { readYear: true });
  const past = evaluateRob({ account, config, at: at - config.windows.trendDays * DAY_MS, explain: false });
  const now = assess(account, config, at, past.score, false);
  if (!now.riskInputs) return 'insufficient_data';
  return { at: view.snapshot.asOf, x: riskFactorValues(withYearSignals(now.riskInputs, account, at)), marks: view.marks };
}

/** The model's probability of renewing for each row. */
export function predict(rows: readonly BacktestRow[], model: RiskModel): Prediction[] {
  return rows.map((r) => ({ p: sigmoid(logOdds(model, r.x)), renewed: r.renewed }));
}

export interface LevelOutcome {
  count: number;
  renewalRate: number | null;
}

export interface BacktestReport {
  modelVersion: string;
  renewals: number;
  won: number;
  lost: number;
  skipped: Record<string, number>;
  /** Rows that had to use today's data for something (by mark). */
  marked: Record<string, number>;
  auc: number | null;
  /** 95 % bootstrap interval of the AUC. */
  aucInterval: [number, number] | null;
  brier: number | null;
  /** Against always predicting the observed renewal rate. */
  brierSkill: number | null;
  /** Expected calibration error over deciles of prediction. */
  ece: number | null;
  reliability: ReliabilityBin[];
  /** Share of lost renewals among the riskiest 20 % of predictions. */
  lossesCaughtTop20: number | null;
  levels: Record<RiskLevel, LevelOutcome>;
}

const r4 = (x: number | null) => (x === null ? null : Math.round(x * 10_000) / 10_000);

export function backtestReport(rows: readonly BacktestRow[], model: RiskModel, skipped: readonly SkippedRenewal[] = []): BacktestReport {
  const predictions = predict(rows, model);
  const count = <T extends string>(keys: readonly T[]) => keys.reduce<Record<string, number>>((acc, k) => ((acc[k] = (acc[k] ?? 0) + 1), acc), {});
  const levels = { high: [], medium: [], low: [] } as Record<RiskLevel, Prediction[]>;
  for (const p of predictions) levels[riskLevel(p.p, model)].push(p);
  const level = (l: RiskLevel): LevelOutcome => ({ count: levels[l].length, renewalRate: r4(renewalRate(levels[l])) });
  const interval = aucInterval(predictions);
  return {
    modelVersion: model.version,
    renewals: rows.length,
    won: rows.filter((r) => r.renewed).length,
    lost: rows.filter((r) => !r.renewed).length,
    skipped: count(skipped.map((s) => s.reason)),
    marked: count(rows.flatMap((r) => r.marks)),
    auc: r4(auc(predictions)),
    aucInterval: interval ? [r4(interval[0])!, r4(interval[1])!] : null,
    brier: r4(brierScore(predictions)),
    brierSkill: r4(brierSkill(predictions)),
    ece: r4(expectedCalibrationError(predictions)),
    reliability: reliability(predictions).map((b) => ({ from: r4(b.from)!, to: r4(b.to)!, count: b.count, meanPredicted: r4(b.meanPredicted)!, observedRate: r4(b.observedRate)! })),
    lossesCaughtTop20: r4(lossesCaught(predictions, 0.2)),
    levels: { high: level('high'), medium: level('medium'), low: level('low') },
  };
}

const renewalKey = (r: Pick<BacktestRow, 'accountId' | 'renewalId'>) => `${r.accountId}\u0000${r.renewalId}`;

/**
 * The rows of each renewal together (landmarks, see BacktestOptions), in the order first seen:
 * `horizon` is the renewal's row at the horizon (its latest `at`), `rows` all of its rows.
 */
export function byRenewal<R extends Pick<BacktestRow, 'accountId' | 'renewalId' | 'at'>>(rows: readonly R[]): { horizon: R; rows: R[] }[] {
  const groups = new Map<string, { horizon: R; rows: R[] }>();
  for (const r of rows) {
    const key = renewalKey(r);
    const group = groups.get(key);
    if (!group) groups.set(key, { horizon: r, rows: [r] });
    else {
      group.rows.push(r);
      if (toMs(r.at) > toMs(group.horizon.at)) group.horizon = r;
    }
  }
  return [...groups.values()];
}

/** One row per renewal, the one at the horizon: what a backtest report is computed on. */
export function horizonRows<R extends Pick<BacktestRow, 'accountId' | 'renewalId' | 'at'>>(rows: readonly R[]): R[] {
  return byRenewal(rows).map((g) => g.horizon);
}
