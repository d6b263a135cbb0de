// Recency weights, for fits that should follow drift (measured in bench/model-drift.ts; the
// calibration does not use them — docs/benchmarks.md says why): a renewal that closed `halfLifeDays`
// before the newest one counts half as much as the newest. Weights are scaled to a mean of 1, so a
// fit's shrinkage strengths (in renewals' worth of evidence) keep their meaning.
import type { BacktestRow } from './backtest.ts';
import { DAY_MS, toMs } from './time.ts';

export function recencyWeights(rows: readonly Pick<BacktestRow, 'closeDate'>[], halfLifeDays: number): number[] {
  const close = rows.map((r) => toMs(r.closeDate));
  const newest = Math.max(...close);
  const raw = close.map((ms) => 2 ** (-(newest - ms) / (halfLifeDays * DAY_MS)));
  const mean = raw.reduce((s, w) => s + w, 0) / raw.length;
  return raw.map((w) => w / mean);
}

/** How many unweighted observations the weighted ones are worth (Kish): (Σw)² ÷ Σw². */
export function effectiveCount(weights: readonly number[]): number {
  const sum = weights.reduce((s, w) => s + w, 0);
  const squares = weights.reduce((s, w) => s + w * w, 0);
  return squares === 0 ? 0 : (sum * sum) / squares;
}
