// `variant-3` for `npm run bench:model`, written 2026-12-06 before any model figure on it was seen
// (no model, calibration or fit has been run on it). Unlike ours, `variant` and `variant-2`, its
// world changes *within* the calibration year (renewals closing 2024-11 … 2025-11 in the bench,
// whose asOf is 2026-11-01), so a model calibrated on last year's renewals meets a somewhat
// different one:
//
// - A price rise for renewals closing from 2025-07-01 on. Some customers leave over price whatever
//   their health (small ones most), so the base rate falls and health says less about renewing
//   after it. The evaluation year is all after it; the calibration year is split by it.
// - A new support process from 2025-06-01 (tickets prioritised by a form the customer fills in
//   rather than by an agent): far more of them filed as low priority, and urgency that follows the
//   customer's trouble less — trouble shows less in the ticket mix from then on.
//
// And three structural differences from the other generators, each chosen because real books
// have it and the model's factors read it:
// - Seasonal usage (fewer active users in July, August and December): utilisation read as of a
//   summer month looks worse at every account, so usage changes with the calendar, not only health.
// - Heavier-tailed seat counts (Pareto within each segment instead of log-uniform over a range):
//   a few customers are far larger than their segment's typical one, as in most B2B books.
// - Scored 90 days before each close date (a quarter-ahead renewal playbook) instead of 30 or 60.
import type { RenewalOdds } from './portfolio.ts';
import { clamp, logistic } from './math.ts';
import type { Rng } from './random.ts';
import { DEFAULT_SHAPE, type GeneratorShape, type Segment } from './shape.ts';
import type { BenchGenerator } from './variants.ts';


/** Renewals closing on or after this date are priced higher. */
export const VARIANT_3_PRICE_RISE = '2025-07-01';
/** Tickets created from this moment on are filed and prioritised by the new support process. */
export const VARIANT_3_NEW_SUPPORT = '2025-06-01T00:00:00.000Z';

/** Share of customers who leave over the new price alone, whatever their health. */
const PRICE_CHURN: Readonly<Record<Segment, number>> = { smb: 0.15, 'mid-market': 0.09, enterprise: 0.04 };

/**
 * Logistic in health now and in its change over the contract year (a customer whose health rose
 * renews more readily than one who has long been at that level, and one whose health fell less),
 * so the link differs from ours (health alone) and variant-2's (bands). From the price rise on,
 * a further share of every segment leaves over price alone.
 */
export const VARIANT_3_ODDS: RenewalOdds = (h, _trajectory, { healthYearBefore, segment, closeDate }) => {
  const p = logistic(5.5 * h + 2.5 * (h - healthYearBefore) - 1.4);
  const afterRise = closeDate >= VARIANT_3_PRICE_RISE;
  return clamp(afterRise ? p * (1 - PRICE_CHURN[segment]) : p, 0.02, 0.98);
};

/** Pareto seats from the segment's smallest size, heavier-tailed for bigger customers, capped. */
const SEAT_TAIL: Readonly<Record<Segment, { min: number; alpha: number; cap: number }>> = {
  smb: { min: 5, alpha: 1.6, cap: 150 },
  'mid-market': { min: 40, alpha: 1.4, cap: 2000 },
  enterprise: { min: 400, alpha: 1.3, cap: 12_000 },
};

function paretoSeats(segment: Segment, rng: Rng): number {
  const { min, alpha, cap } = SEAT_TAIL[segment];
  return Math.min(cap, Math.round(min * Math.pow(1 - rng.next(), -1 / alpha)));
}

/**
 * Usage by calendar month, January first: summer holidays (July, August) and December take a
 * tenth to a fifth of active users away at every account, healthy or not.
 */
const USAGE_SEASON: readonly number[] = [0.97, 1, 1, 1, 0.98, 0.95, 0.88, 0.8, 0.96, 1, 1, 0.84];

/**
 * Segment mix 50 / 35 / 15 %, health centred alike for smb and mid-market. Utilisation 20 % + 60 % ×
 * health; CSM touches 2 + 10 × health per 180 days. Tickets a year grow sublinearly with seats and
 * with trouble: Poisson, mean 2.2 × seats^0.35 × (0.5 + 1.1 × (1 − health)) (≈ 4 at 5 seats, 19 at
 * 400, 46 at 5,000 for an account of middling health). Before the new support process priority
 * follows trouble a little less than ours; after it, low priority is about twice as likely and
 * urgency follows health only through the ticket type (outages and bugs come more from accounts in
 * trouble). Customers somewhat terser than ours (85 % of the unhappy or happy messages).
 */
export const VARIANT_3_SHAPE: GeneratorShape = {
  ...DEFAULT_SHAPE,
  segments: [
    ['smb', 0.5],
    ['mid-market', 0.35],
    ['enterprise', 0.15],
  ],
  seats: paretoSeats,
  healthMean: { smb: 0.55, 'mid-market': 0.55, enterprise: 0.6 },
  utilisation: [0.2, 0.6],
  engagement: [2, 10],
  ticketsPerYear: ({ seats, health }, rng) => rng.poisson(2.2 * Math.pow(seats, 0.35) * (0.5 + 1.1 * (1 - health))),
  usageSeason: USAGE_SEASON,
  priorityTilt: { urgent: [0.5, 1.4], high: [0.6, 0.8], low: [0.7, 0.6] },
  triageChange: {
    fromMs: Date.parse(VARIANT_3_NEW_SUPPORT),
    priorityTilt: { urgent: [1, 0.1], high: [1, 0.1], low: [2, 0.2] },
  },
  tone: 0.85,
};

export const VARIANT_3: BenchGenerator = {
  options: { seed: 'bench-model-variant-3', renewalOdds: VARIANT_3_ODDS, shape: VARIANT_3_SHAPE },
  horizonDays: 90,
};
