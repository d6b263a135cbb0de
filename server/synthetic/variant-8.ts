// `variant-8` for `npm run bench:model`, written 2026-12-07 before any model figure on it was seen
// (no model, calibration, fit, backtest or score has been run on it, and its author did not read
// the model's code or docs). The earlier generators lose renewals over health and its slide, the
// people, support, price, budget cuts and product gaps. This one adds reasons CS teams write in
// lost-renewal reviews that none of them has, and a reason usage looks bad that loses nothing:
//
// - **A slow or failed onboarding** (server/synthetic/onboarding.ts). Every customer's active users
//   ramp up over its first months (40 % of the full count in the first month, most of the rest
//   within three). For some the onboarding drags (data never connected, team not trained): a share
//   of 16 % of small customers, 20 % of mid-market and 24 % of enterprise, times (1.5 − health at
//   the start) — about 16 % overall, more where the fit was poor from the outset. Their usage starts
//   at 15 % and closes the gap over about five months; they write three set-up questions in the
//   first 100 days instead of one, slower to close, some chased by the customer; their kickoff
//   meeting is 25–75 days after the start instead of 3–14, with one training call later instead of
//   two soon after. It costs 1.8 log-odds at the **first renewal** only (the customer never saw
//   the value it bought) and 0.3 at later ones. It shows only when the start is within the history.
// - **The customer is acquired** (server/synthetic/acquisitions.ts): 4 % of small customers a
//   year, 6 % of mid-market, 5 % of enterprise, at most once, whatever their health. The buyer often
//   moves it onto its own tools: a renewal closing within a year after it costs 2.6 − 1.4 × health
//   log-odds (1.9 at health 0.5), half that within the second year. The CRM sees it at most as a new
//   executive contact 20–120 days later (half of them), the executive on record leaving within 150
//   days (35 % of those with one on record then, about a fifth of all), or a billing ticket within
//   90 days asking to change the invoiced entity (20 %); about a quarter show nothing. One after
//   the account was scored is a surprise no model can see.
// - **Seasonal businesses** (server/synthetic/seasonal-business.ts): 40 % of retail customers, 35 %
//   of food & beverage, 20 % of media, 15 % of logistics, 10 % of professional services and 4 % of
//   the others (about 12 % of all customers) use the product far less for 4–6 months every year
//   (35–65 % of their active users, and their logins, kept; retail from about January, food &
//   beverage from about November, media from about June, the others any month). It does not change their odds: usage that looks bad
//   half the year, at customers who renew as their health says.
// - Health still matters (4.4 log-odds per unit, with a segment lean); the trajectory and the
//   health a year before are not read. About 71 % of closed renewals are won.
//
// And structural differences from the other generators, each because real books have it:
// - Three-year contracts for 25 % of enterprise customers, two-year for 20 % of enterprise and
//   15 % of mid-market.
// - Fewer, more uneven tickets: Poisson with mean (1.5 + 1.2 ln seats) × (0.6 + 0.8 × (1 − health))
//   × a log-normal spread between accounts (median 1, sd of its log 0.5): ≈ 3 a year at 5 seats,
//   12 at 5,000 for middling health, some accounts several times more or less than their like.
// - Usage tracking with gaps: 8 % of small customers untracked (5 % mid-market, 3 % enterprise),
//   4 % of monthly counts missing, one account in sixteen with an integration outage of 1–3 months.
// - No calendar season for everyone; customers a little more guarded than ours (tone 0.9).
// - Scored 120 days before each close date (a renewal playbook that starts four months out).
import type { RenewalOdds } from './portfolio.ts';
import { clamp, logistic } from './math.ts';
import type { Rng } from './random.ts';
import { DEFAULT_SHAPE, type GeneratorShape, type Segment } from './shape.ts';
import type { BenchGenerator } from './variants.ts';

/** Log-odds a slow onboarding costs at the first renewal, and at every later one. */
export const VARIANT_8_ONBOARDING_COST = { first: 1.8, later: 0.3 } as const;
/** An acquisition weighs fully on a renewal closing within this many days after it, half within twice as many. */
export const VARIANT_8_ACQUISITION_WINDOW_DAYS = 365;

/** Log-odds of renewing by segment, on top of health and the events. */
const SEGMENT_LEAN: Readonly<Record<Segment, number>> = { smb: -0.3, 'mid-market': 0, enterprise: 0.35 };

/** Log-odds an acquisition `days` before the close costs at health `h`. */
function acquisitionCost(h: number, days: number | null | undefined): number {
  if (days === null || days === undefined) return 0;
  const full = 2.6 - 1.4 * h;
  return days <= VARIANT_8_ACQUISITION_WINDOW_DAYS ? full : days <= 2 * VARIANT_8_ACQUISITION_WINDOW_DAYS ? full / 2 : 0;
}

/**
 * Logistic in health (4.4 per unit) with a segment lean, less 1.8 at the first renewal after a slow
 * onboarding (0.3 at later ones), less 2.6 − 1.4 × health within a year after an acquisition (half
 * in the second year). Seasonal businesses are not read.
 */
export const VARIANT_8_ODDS: RenewalOdds = (h, _trajectory, { segment, slowOnboarding, firstRenewal, daysSinceAcquired }) => {
  let x = -0.9 + 4.4 * h + SEGMENT_LEAN[segment];
  if (slowOnboarding) x -= firstRenewal ? VARIANT_8_ONBOARDING_COST.first : VARIANT_8_ONBOARDING_COST.later;
  x -= acquisitionCost(h, daysSinceAcquired);
  return clamp(logistic(x), 0.02, 0.98);
};

/** Contract length in years: enterprise 25 % three, 20 % two; mid-market 15 % two; small one. */
const contractYears = (segment: Segment, rng: Rng) => {
  const u = rng.next();
  if (segment === 'enterprise') return u < 0.25 ? 3 : u < 0.45 ? 2 : 1;
  return segment === 'mid-market' && u < 0.15 ? 2 : 1;
};

/**
 * Segment mix 52 / 33 / 15 %, health centred 0.52 / 0.56 / 0.6. Utilisation 30 % + 60 % × health;
 * CSM touches 2 + 11 × health per 180 days. Tickets, usage gaps, contracts and the three mechanisms
 * as above.
 */
export const VARIANT_8_SHAPE: GeneratorShape = {
  ...DEFAULT_SHAPE,
  segments: [
    ['smb', 0.52],
    ['mid-market', 0.33],
    ['enterprise', 0.15],
  ],
  healthMean: { smb: 0.52, 'mid-market': 0.56, enterprise: 0.6 },
  utilisation: [0.3, 0.6],
  engagement: [2, 11],
  ticketsPerYear: ({ seats, health }, rng) => {
    const spread = Math.exp(rng.normal(0, 0.5));
    return rng.poisson((1.5 + 1.2 * Math.log(seats)) * (0.6 + 0.8 * (1 - health)) * spread);
  },
  tone: 0.9,
  contractYears,
  usageReporting: {
    untracked: { smb: 0.08, 'mid-market': 0.05, enterprise: 0.03 },
    missingMonth: 0.04,
    outage: 0.0625,
    outageMonths: [1, 3],
    noise: 0.05,
  },
  onboarding: {
    share: { smb: 0.16, 'mid-market': 0.2, enterprise: 0.24 },
    rampFloor: [0.4, 0.15],
    rampMonths: [1.2, 5],
    setupTickets: [1, 3],
    ticketDays: 100,
    kickoffDays: [
      [3, 14],
      [25, 75],
    ],
  },
  acquisitions: {
    rate: { smb: 0.04, 'mid-market': 0.06, enterprise: 0.05 },
    newExecutive: 0.5,
    executiveDays: [20, 120],
    formerLeaves: 0.35,
    leaveDays: 150,
    notice: 0.2,
    noticeDays: 90,
  },
  seasonalBusiness: {
    share: { retail: 0.4, 'food & beverage': 0.35, media: 0.2, logistics: 0.15, 'professional services': 0.1 },
    other: 0.04,
    offStart: { retail: 0, 'food & beverage': 10, media: 5 },
    offMonths: [4, 6],
    depth: [0.35, 0.65],
  },
};

export const VARIANT_8: BenchGenerator = {
  options: { seed: 'bench-model-variant-8', renewalOdds: VARIANT_8_ODDS, shape: VARIANT_8_SHAPE },
  horizonDays: 120,
};
