// `variant-6` for `npm run bench:model`, written 2026-12-07 before any model figure on it was seen
// (no model, calibration, fit or backtest has been run on it), together with the login history it
// carries. It is there to judge signals read from how often users log in without trusting the
// generator's own link, under which logins per user follow health closely at every account. Here:
//
// - **Login habits differ between customers.** Some customers' users log in twice as often as
//   others' whatever their health (how the product fits their work): logins per active user are
//   (6 + 8 × health) × a habit that varies by ±30 % (log-normal) from account to account, with
//   12 % noise per monthly count. So how often users log in, compared across accounts, says little;
//   how it moved at one account says more.
// - **A steep threshold.** A customer renews unless health has fallen under about 0.4: log-odds
//   8 × (health − 0.38), with the fall over the contract year costing 2 log-odds per unit; the
//   trajectory label is not read.
//
// And structural differences from the other generators, each because real books have it:
// - Enterprise customers on two-year contracts half the time.
// - A summer dip in usage (20 % fewer active users in July and August), as in education and public
//   sector books.
// - Usage tracking with gaps: 15 % of small customers untracked, 8 % of monthly counts missing,
//   one account in ten with an integration outage of 2–4 months; login counts come with the same
//   monthly export, so they are missing with the active-user counts.
// - Ticket volume a Poisson of 4 + 14 × (1 − health) a year; customers more outspoken (tone 1.2).
// - Scored 60 days before each close date.
import type { RenewalOdds } from './portfolio.ts';
import { clamp, logistic } from './math.ts';
import { DEFAULT_SHAPE, type GeneratorShape } from './shape.ts';
import type { BenchGenerator } from './variants.ts';


/** Logistic threshold at health 0.38, steep (8 per unit), the year's fall costing 2 per unit. */
export const VARIANT_6_ODDS: RenewalOdds = (h, _trajectory, { healthYearBefore }) =>
  clamp(logistic(8 * (h - 0.38) - 2 * Math.max(0, healthYearBefore - h)), 0.02, 0.98);

export const VARIANT_6_SHAPE: GeneratorShape = {
  ...DEFAULT_SHAPE,
  segments: [
    ['smb', 0.45],
    ['mid-market', 0.35],
    ['enterprise', 0.2],
  ],
  healthMean: { smb: 0.52, 'mid-market': 0.56, enterprise: 0.6 },
  utilisation: [0.3, 0.55],
  engagement: [2, 10],
  ticketsPerYear: ({ health }, rng) => rng.poisson(4 + 14 * (1 - health)),
  usageSeason: [1, 1, 1, 1, 1, 0.95, 0.8, 0.8, 1, 1, 1, 0.95],
  tone: 1.2,
  contractYears: (segment, rng) => (segment === 'enterprise' && rng.bernoulli(0.5) ? 2 : 1),
  usageReporting: {
    untracked: { smb: 0.15, 'mid-market': 0.06, enterprise: 0.03 },
    missingMonth: 0.08,
    outage: 0.1,
    outageMonths: [2, 4],
    noise: 0.08,
  },
  logins: { perUser: [6, 8], habitSpread: 0.3, noise: 0.12 },
};

export const VARIANT_6: BenchGenerator = {
  options: { seed: 'bench-model-variant-6', renewalOdds: VARIANT_6_ODDS, shape: VARIANT_6_SHAPE },
  horizonDays: 60,
};
