// Where a portal's calibration may bend a factor's effect: a sum of straight lines cannot say "below
// 40 % of seats in use is much worse than 40–60 %". The factors bent are the few that move the
// log-odds most in the portal's linear fit (|coefficient| × the spread of their values), each at the
// median of its own values on the portal's renewals, so the knot sits where the data is and each
// side has rows to learn its slope from. The fit itself (penalised like every coefficient, the bend
// shrunk towards none) is fitFull's (calibrate.ts); whether it is taken is the time split's call.
import type { BacktestRow } from './backtest.ts';
import type { RiskModel } from './risk-model.ts';

export const HINGE_RULES = {
  /** Each side of the knot must hold at least this share of the rows where the factor has a value… */
  minSideShare: 0.1,
  /** …and at least this many rows. */
  minSideRows: 20,
} as const;

/** A bend to fit: the factor and where its slope may change (in the factor's units). */
export interface HingeAt {
  factor: string;
  knot: number;
}

/** Not bent: an interaction of the other effects (urgency × their negative sum), not a measured value. */
const NEVER_BENT = new Set(['renewal_horizon']);

/** The hinge's column for a row: max(0, value − knot), 0 when the factor has nothing to say (as the engine reads it). */
export const hingeColumn = (hinge: HingeAt, value: number | undefined): number => (value === undefined ? 0 : Math.max(0, value - hinge.knot));

/** Rounded to 0.01 (and never −0). */
const round2 = (x: number) => Math.round(x * 100) / 100 + 0;

function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The factors to bend under `linear` (a linear fit on `rows`), strongest first: at most `count` of
 * those it weighs, by |coefficient| × the standard deviation of their values, each with its knot at
 * the median of its values on `rows` (rounded to 0.01 so the model reads plainly) and enough rows on
 * each side of it.
 */
export function chooseHinges(rows: readonly BacktestRow[], linear: RiskModel, count: number): HingeAt[] {
  const factors = [...new Set(rows.flatMap((r) => Object.keys(r.x)))].filter((f) => !NEVER_BENT.has(f) && (linear.coefficients[f] ?? 0) !== 0);
  const scored: { factor: string; knot: number; strength: number }[] = [];
  for (const factor of factors) {
    const present = rows.map((r) => r.x[factor]).filter((v): v is number => v !== undefined).sort((a, b) => a - b);
    if (present.length === 0) continue;
    const knot = round2(median(present));
    const above = present.filter((v) => v > knot).length;
    const enough = Math.max(HINGE_RULES.minSideRows, HINGE_RULES.minSideShare * present.length);
    if (above < enough || present.length - above < enough) continue;
    const values = rows.map((r) => r.x[factor] ?? 0);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
    scored.push({ factor, knot, strength: Math.abs(linear.coefficients[factor]!) * sd });
  }
  return scored
    .sort((a, b) => b.strength - a.strength || a.factor.localeCompare(b.factor))
    .slice(0, count)
    .map(({ factor, knot }) => ({ factor, knot }));
}
