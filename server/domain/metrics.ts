// How well predicted probabilities of renewing match what happened: ranking (AUC with a bootstrap
// interval), accuracy (Brier and its skill over the base rate), calibration (ECE over deciles of
// prediction) and the views a CS lead reads (losses caught among the riskiest, rate per level).
import { seededRandom } from './seeded-random.ts';

export interface Prediction {
  /** Predicted probability of renewing. */
  p: number;
  renewed: boolean;
}

/** Area under the ROC curve of `p` separating renewed from lost (ties count half); null if one class is missing. */
export function auc(predictions: readonly Prediction[]): number | null {
  const sorted = [...predictions].sort((a, b) => a.p - b.p);
  let positives = 0;
  let negatives = 0;
  let rankSum = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && sorted[j]!.p === sorted[i]!.p) j++;
    const averageRank = (i + 1 + j) / 2; // ranks are 1-based; ties share the average
    for (let k = i; k < j; k++) {
      if (sorted[k]!.renewed) { positives++; rankSum += averageRank; } else negatives++;
    }
    i = j;
  }
  if (positives === 0 || negatives === 0) return null;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** The 2.5th and 97.5th percentiles of AUC over `resamples` bootstrap resamples (seeded, so repeatable). */
export function aucInterval(predictions: readonly Prediction[], resamples = 200, seed = 13): [number, number] | null {
  if (auc(predictions) === null) return null;
  const random = seededRandom(seed);
  const n = predictions.length;
  const values: number[] = [];
  const sample: Prediction[] = new Array<Prediction>(n);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) sample[i] = predictions[Math.floor(random() * n)]!;
    const a = auc(sample);
    if (a !== null) values.push(a);
  }
  values.sort((a, b) => a - b);
  const at = (q: number) => values[Math.min(values.length - 1, Math.max(0, Math.round(q * (values.length - 1))))]!;
  return [at(0.025), at(0.975)];
}

/** Mean squared error of the probabilities (lower is better; 0.25 is a coin flip). */
export function brierScore(predictions: readonly Prediction[]): number | null {
  if (predictions.length === 0) return null;
  return predictions.reduce((s, { p, renewed }) => s + (p - (renewed ? 1 : 0)) ** 2, 0) / predictions.length;
}

/** 1 − Brier / Brier of always predicting `baseRate` (the observed rate unless given): > 0 beats the base rate. */
export function brierSkill(predictions: readonly Prediction[], baseRate?: number): number | null {
  const brier = brierScore(predictions);
  if (brier === null) return null;
  const rate = baseRate ?? renewalRate(predictions)!;
  const reference = brierScore(predictions.map((x) => ({ p: rate, renewed: x.renewed })))!;
  return reference === 0 ? null : 1 - brier / reference;
}

/** Mean log loss (natural log), probabilities clamped away from 0 and 1. */
export function logLoss(predictions: readonly Prediction[]): number | null {
  if (predictions.length === 0) return null;
  let sum = 0;
  for (const { p, renewed } of predictions) {
    const q = Math.min(1 - 1e-9, Math.max(1e-9, p));
    sum -= Math.log(renewed ? q : 1 - q);
  }
  return sum / predictions.length;
}

export function renewalRate(predictions: readonly Prediction[]): number | null {
  return predictions.length === 0 ? null : predictions.filter((x) => x.renewed).length / predictions.length;
}

export interface ReliabilityBin {
  /** Predictions in the bin range from `from` to `to`. */
  from: number;
  to: number;
  count: number;
  meanPredicted: number;
  observedRate: number;
}

/** Predictions sorted by p and cut into `bins` groups of (nearly) equal size: deciles by default. */
export function reliability(predictions: readonly Prediction[], bins = 10): ReliabilityBin[] {
  const sorted = [...predictions].sort((a, b) => a.p - b.p);
  const out: ReliabilityBin[] = [];
  for (let b = 0; b < bins; b++) {
    const group = sorted.slice(Math.floor((b * sorted.length) / bins), Math.floor(((b + 1) * sorted.length) / bins));
    if (group.length === 0) continue;
    out.push({
      from: group[0]!.p,
      to: group[group.length - 1]!.p,
      count: group.length,
      meanPredicted: group.reduce((s, x) => s + x.p, 0) / group.length,
      observedRate: group.filter((x) => x.renewed).length / group.length,
    });
  }
  return out;
}

/** Expected calibration error over the reliability deciles: Σ share × |mean predicted − observed|. */
export function expectedCalibrationError(predictions: readonly Prediction[], bins = 10): number | null {
  if (predictions.length === 0) return null;
  return reliability(predictions, bins).reduce((s, b) => s + (b.count / predictions.length) * Math.abs(b.meanPredicted - b.observedRate), 0);
}

/** Share of the lost renewals among the `share` of predictions with the lowest probability of renewing. */
export function lossesCaught(predictions: readonly Prediction[], share = 0.2): number | null {
  const losses = predictions.filter((x) => !x.renewed).length;
  if (losses === 0) return null;
  const riskiest = [...predictions].sort((a, b) => a.p - b.p).slice(0, Math.ceil(share * predictions.length));
  return riskiest.filter((x) => !x.renewed).length / losses;
}

export interface CalibrationBin {
  from: number;
  to: number;
  count: number;
  meanPredicted: number;
  observedRate: number;
}

/** Predictions grouped into equal-width probability bins, each with mean prediction and observed renewal rate. */
export function calibration(predictions: readonly Prediction[], bins = 5): CalibrationBin[] {
  const out: CalibrationBin[] = Array.from({ length: bins }, (_, i) => ({ from: i / bins, to: (i + 1) / bins, count: 0, meanPredicted: 0, observedRate: 0 }));
  for (const { p, renewed } of predictions) {
    const bin = out[Math.min(bins - 1, Math.floor(p * bins))]!;
    bin.count++;
    bin.meanPredicted += p;
    bin.observedRate += renewed ? 1 : 0;
  }
  for (const bin of out) {
    if (bin.count === 0) continue;
    bin.meanPredicted /= bin.count;
    bin.observedRate /= bin.count;
  }
  return out.filter((b) => b.count > 0);
}
