// `variant-5` for `npm run bench:model`, written 2026-12-06 before any model figure on it was seen
// (no model, calibration, fit or backtest has been run on it). The other generators renew on the
// level of the hidden health (variant-3 and variant-2 add some of its change) and, in variant-4, on
// the people around the close. In this one two things the level does not show decide much:
//
// - **A steady slide.** The odds read the change of health over the contract year more than its
//   level (5 log-odds per unit of change against 2.8 per unit of level): a customer who was fine a
//   year ago and has been sliding since is lost more often than one that has long sat at the same
//   modest level — the "they were happy last year" loss CS teams describe.
// - **How support answers.** Every account is served by one support pod, fast or overloaded; which
//   one is how the vendor staffed the queue (by segment: 40 % of small customers, 25 % of
//   mid-market, 10 % of enterprise are on the slow one), not the customer's health. On the slow
//   pod the first agent reply takes 40 hours on average instead of 3, and a resolved ticket is
//   reopened (the fix did not hold) 15 % of the time instead of 4 %; being on it costs 0.9
//   log-odds at renewal. The CRM holds it the way a help desk records it: message times, close
//   times, the customer's message after a close and the later close (server/synthetic/support-pods.ts).
//
// And structural differences from the other generators, each because real books have it:
// - Seats bought well ahead of use (shelfware): utilisation 35 % + 50 % × health.
// - A small-customer-heavy book (60 / 28 / 12 %), ticket volume growing with size and trouble.
// - Scored 45 days before each close date (a six-week renewal playbook).
import type { RenewalOdds } from './portfolio.ts';
import { clamp, logistic } from './math.ts';
import { DEFAULT_SHAPE, type GeneratorShape, type Segment } from './shape.ts';
import type { BenchGenerator } from './variants.ts';


/** Log-odds of renewing by segment, on top of health and support. */
const SEGMENT_LEAN: Readonly<Record<Segment, number>> = { smb: -0.15, 'mid-market': 0, enterprise: 0.25 };

/**
 * Logistic in the health now (2.8 per unit), its change over the contract year (5 per unit) and
 * the support pod (−0.9 on the slow one), with a segment lean. The trajectory label is not read.
 */
export const VARIANT_5_ODDS: RenewalOdds = (h, _trajectory, { healthYearBefore, segment, slowSupport }) => {
  const x = -0.4 + 2.8 * h + 5 * (h - healthYearBefore) + SEGMENT_LEAN[segment] - (slowSupport ? 0.9 : 0);
  return clamp(logistic(x), 0.02, 0.98);
};

/**
 * Segment mix 60 / 28 / 12 %, health centred 0.55 / 0.55 / 0.6. Utilisation 35 % + 50 % × health
 * (shelfware). CSM touches 3 + 9 × health per 180 days. Tickets a year Poisson, mean
 * 1.8 × seats^0.4 × (0.6 + 0.9 × (1 − health)) (≈ 4 at 5 seats, 14 at 100, 40 at 1,500 for an
 * account of middling health). Priority follows trouble a little less than ours; customers a little
 * terser (0.9). Support pods as above.
 */
export const VARIANT_5_SHAPE: GeneratorShape = {
  ...DEFAULT_SHAPE,
  segments: [
    ['smb', 0.6],
    ['mid-market', 0.28],
    ['enterprise', 0.12],
  ],
  healthMean: { smb: 0.55, 'mid-market': 0.55, enterprise: 0.6 },
  utilisation: [0.35, 0.5],
  engagement: [3, 9],
  ticketsPerYear: ({ seats, health }, rng) => rng.poisson(1.8 * Math.pow(seats, 0.4) * (0.6 + 0.9 * (1 - health))),
  priorityTilt: { urgent: [0.5, 1.3], high: [0.7, 0.8], low: [0.7, 0.6] },
  tone: 0.9,
  support: {
    slowPod: { smb: 0.4, 'mid-market': 0.25, enterprise: 0.1 },
    firstReplyHours: [3, 40],
    reopen: [0.04, 0.15],
  },
};

export const VARIANT_5: BenchGenerator = {
  options: { seed: 'bench-model-variant-5', renewalOdds: VARIANT_5_ODDS, shape: VARIANT_5_SHAPE },
  horizonDays: 45,
};
