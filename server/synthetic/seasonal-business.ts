// Seasonal businesses under a generator shape's SeasonalBusinessShape: some customers (a retailer
// after the holidays, a drinks maker in winter, an agency between campaigns) use the product far
// less for months every year and pick it up again in season. Drawn per account from its own stream
// (which customers, which months, how deep), not from health: the usage counts of the off-season
// months, and their logins, fall by the account's share; nothing else of the account changes.
import type { AccountSnapshot } from '../domain/snapshot.ts';
import { scaleUsage } from './dated.ts';
import type { Rng } from './random.ts';
import type { SeasonalBusinessShape } from './shape.ts';

type Usage = AccountSnapshot['usage'];

export interface OffSeason {
  /** First off-season month, 0 = January. */
  startMonth: number;
  months: number;
  /** Share of active users kept in the off season. */
  kept: number;
}

/** The account's off season, or null when its business is not seasonal. */
export function drawOffSeason(rng: Rng, industry: string, shape: SeasonalBusinessShape): OffSeason | null {
  const seasonal = rng.bernoulli(shape.share[industry] ?? shape.other);
  const typical = shape.offStart[industry];
  const startMonth = typical === undefined ? rng.int(0, 11) : (typical + rng.int(-1, 1) + 12) % 12;
  const months = rng.int(shape.offMonths[0], shape.offMonths[1]);
  const kept = rng.float(shape.depth[0], shape.depth[1]);
  return seasonal ? { startMonth, months, kept } : null;
}

/** Whether the calendar month of `ms` is in the off season. */
export function inOffSeason(season: OffSeason, ms: number): boolean {
  return (new Date(ms).getUTCMonth() - season.startMonth + 12) % 12 < season.months;
}

/** Usage with the counts (and logins) of off-season months, and the current one in it, scaled down. */
export function applyOffSeason(usage: Usage, asOfMs: number, season: OffSeason): Usage {
  return scaleUsage(usage, asOfMs, (ms) => (inOffSeason(season, ms) ? season.kept : 1));
}
