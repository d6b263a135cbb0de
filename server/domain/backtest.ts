// Backtesting renewal risk against an account's own history: score the account as it looked some
// days before each past renewal (as-of.ts: nothing dated later is seen) and compare the predicted
// probability of renewing with what happened. Rows keep the factor values, so any RiskModel can be
// evaluated — or fitted — on them without scoring again.
import { z } from 'zod';
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

/** How many days before its close date a past renewal is scored as of, unless told otherwise. */
export const BACKTEST_HORIZON_DAYS = 30;
/** A horizon a backtest may be given: from a day to a year. */
export const BacktestHorizonDays = z.number().int().min(1).max(365);

export interface BacktestOptions {
  /** Score each renewal this many days before its close date (BACKTEST_HORIZON_DAYS by default). */
  horizonDays?: number;
  /** Only renewals closing at or after this moment. */
  fromMs?: number;
  /** Only renewals closing at or before this moment. */
  toMs?: number;
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

/**
 * Why a past renewal could not be scored honestly: the usage history does not reach back far
 * enough before it, the account was not yet a customer at the moment it would be scored, or the
 * engine could not score the account then. In the order the settings page names them.
 */
export const SKIP_REASONS = ['usage_history_too_short', 'not_yet_a_customer', 'insufficient_data'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export interface SkippedRenewal {
  accountId: string;
  renewalId: string;
  reason: SkipReason;
}

export interface AccountBacktest {
  rows: BacktestRow[];
  skipped: SkippedRenewal[];
}

/** One row per won or lost renewal of the account (within the options' window), or the reason it was skipped. */
export function backtestAccount(snapshot: AccountSnapshot, deps: EngineDeps, options: BacktestOptions = {}): AccountBacktest {
  const horizon = (options.horizonDays ?? BACKTEST_HORIZON_DAYS) * DAY_MS;
  const rows: BacktestRow[] = [];
  const skipped: SkippedRenewal[] = [];
  const { config, sentiment } = deps;
  const accountId = snapshot.account.id;
  for (const renewal of snapshot.renewals) {
    if (renewal.outcome === 'open') continue;
    const closeMs = toMs(renewal.closeDate);
    if ((options.fromMs !== undefined && closeMs < options.fromMs) || (options.toMs !== undefined && closeMs > options.toMs)) continue;
    const at = closeMs - horizon;
    const gap = asOfGap(snapshot, at);
    if (gap) {
      skipped.push({ accountId, renewalId: renewal.id, reason: gap });
      continue;
    }
    const view = snapshotAsOf(snapshot, at);
    const account = prepareAccount(view.snapshot, config, sentiment, { readYear: true });
    const past = evaluateRob({ account, config, at: at - config.windows.trendDays * DAY_MS, explain: false });
    const now = assess(account, config, at, past.score, false);
    if (!now.riskInputs) {
      skipped.push({ accountId, renewalId: renewal.id, reason: 'insufficient_data' });
      continue;
    }
    rows.push({ accountId, renewalId: renewal.id, closeDate: renewal.closeDate, at: view.snapshot.asOf, renewed: renewal.outcome === 'won', x: riskFactorValues(withYearSignals(now.riskInputs, account, at)), marks: view.marks });
  }
  return { rows, skipped };
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
  /** Renewals that could not be scored, by reason (reasons with none left out). */
  skipped: Partial<Record<SkipReason, number>>;
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
