// Do the newest renewals renew at the rate the chosen model predicts for them? A price rise, new
// packaging or a new support process moves a portal's renewal rate at a date, and a model fitted
// on the whole history predicts the average of before and after. This is a score test of one
// extra intercept for the newest renewals: the gap between how many renewed and how many the
// model predicted, divided by its standard deviation when nothing moved. Only beyond
// `threshold` standard deviations is the intercept moved, and then by the shift seen shrunk by
// its evidence (empirical Bayes: × (1 − 1/z²), the share of the shift's size that is not noise:
// 85 % of it just past a threshold of 2.58, nearly all of it far beyond).
import type { BacktestRow } from './backtest.ts';
import { logOdds, sigmoid, type RiskModel } from './risk-model.ts';

export interface LevelShift {
  /** The renewals checked: the newest ones, closing from this date (the time split's held-out block). */
  from: string;
  renewals: number;
  observedRate: number;
  /** The chosen model's mean predicted probability for them. */
  predictedRate: number;
  /** Standard deviations between renewed and predicted, if nothing moved (score statistic). */
  z: number;
  threshold: number;
  /** The intercept change (log-odds) that would make the model predict them exactly. */
  seen: number;
  /** What was added to the intercept: 0 within noise, else `seen` × (1 − 1/z²). */
  applied: number;
}

const r4 = (x: number) => Math.round(x * 10_000) / 10_000;

/**
 * `newest` are the newest renewals, `all` every renewal the model was fitted on (newest included).
 * When the model's intercept was fitted on `all` (a learned model), the renewals it was fitted on
 * already pull it towards the newest ones' level, and the test is that of a separate intercept for
 * the newest against one for the rest: its variance is the newest ones' information × (1 − their
 * share of the information). The other coefficients are treated as known, which can only make the
 * test more cautious. For a model not fitted on them (the global one) the variance is their
 * information.
 */
export function checkLevelShift(newest: readonly BacktestRow[], all: readonly BacktestRow[], model: RiskModel, interceptFitted: boolean, threshold: number): LevelShift {
  const eta = newest.map((r) => logOdds(model, r.x));
  const p = eta.map(sigmoid);
  const renewed = newest.filter((r) => r.renewed).length;
  const predicted = p.reduce((s, v) => s + v, 0);
  const information = p.reduce((s, v) => s + v * (1 - v), 0);
  const share = interceptFitted ? information / all.reduce((s, r) => { const q = sigmoid(logOdds(model, r.x)); return s + q * (1 - q); }, 0) : 0;
  const variance = information * (1 - share);
  const z = variance > 0 ? (renewed - predicted) / Math.sqrt(variance) : 0;
  const seen = interceptOffset(eta, renewed);
  const applied = Math.abs(z) >= threshold ? seen * (1 - 1 / (z * z)) : 0;
  return {
    from: newest[0]?.closeDate ?? '',
    renewals: newest.length,
    observedRate: r4(renewed / newest.length),
    predictedRate: r4(predicted / newest.length),
    z: Math.round(z * 100) / 100,
    threshold,
    seen: r4(seen),
    applied: r4(applied),
  };
}

/** The δ for which Σ σ(ηᵢ + δ) equals `renewed`, the number renewed (Newton's method; the sum rises with δ). */
function interceptOffset(eta: readonly number[], renewed: number): number {
  if (renewed === 0 || renewed === eta.length) return 0; // no finite answer; the caller needs both outcomes anyway
  let delta = 0;
  for (let i = 0; i < 100; i++) {
    let sum = 0;
    let slope = 0;
    for (const e of eta) {
      const q = sigmoid(e + delta);
      sum += q;
      slope += q * (1 - q);
    }
    const step = (renewed - sum) / slope;
    delta += Math.max(-1, Math.min(1, step));
    if (Math.abs(step) < 1e-10) break;
  }
  return delta;
}

/** The model with its intercept moved by the shift applied (unchanged when none was). */
export function shifted(model: RiskModel, shift: LevelShift, version: string): RiskModel {
  return { ...model, version, intercept: r4(model.intercept + shift.applied) };
}
