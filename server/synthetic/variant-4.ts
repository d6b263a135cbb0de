// `variant-4` for `npm run bench:model`, written 2026-12-06 before any model figure on it was seen
// (no model, calibration, fit or backtest has been run on it). The other generators decide a
// renewal from the hidden health alone (through a logistic, bands or a trajectory); in this one
// renewals are decided substantially by **people and problems at renewal time**, as CS teams say
// their churn post-mortems read ("our champion left and nobody replaced them", "the sponsor never
// met us", "we renewed in the middle of an outage"):
//
// - A dated people process (server/synthetic/people.ts): the champion and the executive sponsor
//   leave now and then (people change jobs whatever the account's health, and more often where
//   the product is a struggle), are replaced soon or only months later, and the sponsor meets the
//   vendor a few times a year. The snapshot carries all of it the way a CRM does: every champion
//   and sponsor as a contact with the dates they joined and left, the sponsor's meetings among the
//   engagements. The odds read who is in place on the close date and when the sponsor was last met.
// - Unresolved severe problems: each urgent or high outage or bug unresolved in the 30 days before
//   the close date lowers the odds (customers do not sign while the product is on fire).
//
// And structural differences from the other generators, each because real books have it:
// - Multi-year contracts: 45 % of enterprise and 20 % of mid-market accounts sign for two years
//   (renewals every second anniversary), as larger customers commonly do for a price lock.
// - Usage that reaches the CRM badly: a quarter of small customers and a few larger ones have no
//   usage tracking at all (no integration set up), 12 % of monthly counts are missing, three
//   accounts in ten had an integration outage of 2–5 months with no counts, and the counts that
//   arrive are noisier (log-normal, sd 0.15). Usage also follows health less (30 % + 50 % × health).
// - A tech-touch small-business segment: almost no CSM time, about one ticket a year and outspoken
//   customers (tone 1.3), so besides noisy usage (not tracked at a quarter of them) the tone of
//   those few tickets is the main signal about them; enterprise customers write more guardedly
//   (tone 0.7).
// - Scored 60 days before each close date (a two-month renewal playbook).
import type { RenewalOdds } from './portfolio.ts';
import { clamp, logistic } from './math.ts';
import type { Rng } from './random.ts';
import { DEFAULT_SHAPE, type GeneratorShape, type Segment } from './shape.ts';
import type { BenchGenerator } from './variants.ts';


/** Log-odds of renewing by segment, on top of health and events (small customers churn more readily). */
const SEGMENT_LEAN: Readonly<Record<Segment, number>> = { smb: -0.2, 'mid-market': 0, enterprise: 0.3 };

/**
 * Logistic in health (less steep than ours: 2.4 per unit of health against 6) plus what happened
 * around the close date: no champion in place −1.3, a champion who took over within the year
 * (still finding their feet) −0.5, no sponsor in place −0.5, the sponsor met within 180 days
 * +0.6, each severe ticket unresolved in the last 30 days −0.8 (two at most). The trajectory and
 * the health a year before are not read.
 */
export const VARIANT_4_ODDS: RenewalOdds = (h, _trajectory, { segment, events }) => {
  let x = -0.2 + 2.4 * h + SEGMENT_LEAN[segment];
  if (events) {
    if (!events.championInPlace) x -= 1.3;
    else if (events.daysSinceChampionLeft !== null && events.daysSinceChampionLeft <= 365) x -= 0.5;
    if (!events.sponsorInPlace) x -= 0.5;
    if (events.daysSinceExecutiveTouch !== null && events.daysSinceExecutiveTouch <= 180) x += 0.6;
    x -= 0.8 * Math.min(events.severeUnresolved, 2);
  }
  return clamp(logistic(x), 0.02, 0.98);
};

/** Share of the segment's accounts on two-year contracts. */
const TWO_YEAR_SHARE: Readonly<Record<Segment, number>> = { smb: 0, 'mid-market': 0.2, enterprise: 0.45 };

const contractYears = (segment: Segment, rng: Rng) => (rng.bernoulli(TWO_YEAR_SHARE[segment]) ? 2 : 1);

/** Tickets a year of an account of middling health, by segment (scaled by trouble below). */
const TICKETS_A_YEAR: Readonly<Record<Segment, number>> = { smb: 1, 'mid-market': 8, enterprise: 20 };

/**
 * Segment mix 45 / 35 / 20 %, health centred 0.55 / 0.55 / 0.58. Utilisation 30 % + 50 % × health.
 * CSM touches 2 + 8 × health per 180 days, × 0.15 for small customers (tech-touch), 1 for
 * mid-market and 1.6 for enterprise. Tickets a year Poisson, by segment × (0.5 + 1 × (1 − health)):
 * ≈ 1 / 8 / 19 at middling health. Priority follows trouble a little less than ours. The sponsor
 * meets the vendor (0.3 + 1.4 × health) × 0.3 / 1.5 / 3 times a year; the champion leaves
 * 0.15 + 0.35 × (1 − health) times a year and the sponsor 0.08 + 0.15 × (1 − health); someone who
 * left is replaced within weeks with chance 0.3 + 0.5 × health, otherwise after 1 + 8 months on average.
 */
export const VARIANT_4_SHAPE: GeneratorShape = {
  ...DEFAULT_SHAPE,
  segments: [
    ['smb', 0.45],
    ['mid-market', 0.35],
    ['enterprise', 0.2],
  ],
  healthMean: { smb: 0.55, 'mid-market': 0.55, enterprise: 0.58 },
  utilisation: [0.3, 0.5],
  engagement: [2, 8],
  touch: { smb: 0.15, 'mid-market': 1, enterprise: 1.6 },
  ticketsPerYear: ({ segment, health }, rng) => rng.poisson(TICKETS_A_YEAR[segment] * (0.5 + (1 - health))),
  priorityTilt: { urgent: [0.5, 1.2], high: [0.7, 0.7], low: [0.7, 0.5] },
  tone: 1,
  toneBySegment: { smb: 1.3, 'mid-market': 0.9, enterprise: 0.7 },
  contractYears,
  usageReporting: {
    untracked: { smb: 0.25, 'mid-market': 0.08, enterprise: 0.04 },
    missingMonth: 0.12,
    outage: 0.3,
    outageMonths: [2, 5],
    noise: 0.15,
  },
  people: {
    championLeaves: [0.15, 0.35],
    sponsorLeaves: [0.08, 0.15],
    replacedSoon: [0.3, 0.5],
    replacementDays: [30, 240],
    executiveTouches: [0.3, 1.4],
    executiveTouchRate: { smb: 0.3, 'mid-market': 1.5, enterprise: 3 },
  },
};

export const VARIANT_4: BenchGenerator = {
  options: { seed: 'bench-model-variant-4', renewalOdds: VARIANT_4_ODDS, shape: VARIANT_4_SHAPE },
  horizonDays: 60,
};
