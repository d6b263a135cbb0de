// The reliability chart's data (pure): for each tenth of predictions that holds renewals, the mean
// predicted chance of renewing against the share that renewed, in percent, and one sentence that
// says the same for anyone who cannot see the chart.
import { formatNumber, type ModelView } from '../model/index.ts';
import { WEB_WORDING } from './wording.ts';

export interface ReliabilityPoint {
  /** Mean predicted chance of renewing in the decile, 0–100. */
  predicted: number;
  /** Share of its renewals that renewed, 0–100. */
  actual: number;
  renewals: number;
}

export function reliabilityPoints(view: ModelView): ReliabilityPoint[] {
  const rows = view.latest?.backtest.reliability ?? [];
  const pct = (x: number) => Math.round(x * 1000) / 10;
  return rows.filter((r) => r.count > 0).map((r) => ({ predicted: pct(r.meanPredicted), actual: pct(r.observedRate), renewals: r.count }));
}

/** How far, on average over renewals, the actual rate sits from the predicted one, in percentage points. */
export function reliabilitySummary(points: readonly ReliabilityPoint[], locale: string): string {
  const w = WEB_WORDING.model;
  const total = points.reduce((n, p) => n + p.renewals, 0);
  if (total === 0) return w.noReliability;
  const gap = points.reduce((sum, p) => sum + Math.abs(p.actual - p.predicted) * p.renewals, 0) / total;
  // A difference of two percentages is in points: "9% from 60%" could be read as 54.6%.
  const gapPoints = formatNumber(gap, 0, locale);
  return w.reliabilitySummary(points.length, gapPoints, gapPoints === formatNumber(1, 0, locale));
}
