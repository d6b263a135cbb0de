// The generators `npm run bench:model` evaluates the renewal model on, besides the generator's own
// defaults. Each is a portfolio shaped differently from the one the model was built against, so the
// bench can tell a model that reads renewals in general from one that reads this generator.
//
// - `variant` (written with the model's first version): another seed, 12 tickets a year instead
//   of 25, and a quadratic, trajectory-dependent link from hidden health to renewing. The risk
//   signals of global-3 were chosen by comparing AUCs on it, so it is no longer held out.
// - `variant-2` (written 2026-12-06, before any model figure on it was seen): differs in structure,
//   not only in seed — see VARIANT_2 below. It is evaluated 60 days before each close date
//   instead of 30.
// - `variant-3` (written 2026-12-06, before any model figure on it was seen): drifts within its
//   calibration year; in its own file, variant-3.ts.
import type { GeneratePortfolioOptions, RenewalOdds } from './portfolio.ts';
import { clamp } from './math.ts';
import { DEFAULT_SHAPE, type GeneratorShape } from './shape.ts';

export type GeneratorOptions = Omit<GeneratePortfolioOptions, 'accounts' | 'asOf' | 'historyDays' | 'startIndex'>;

export interface BenchGenerator {
  options: GeneratorOptions;
  /** How many days before each close date its renewals are scored. */
  horizonDays: number;
}


export const VARIANT_1: BenchGenerator = {
  options: {
    seed: 'bench-model-variant',
    ticketsPerAccount: 12,
    renewalOdds: (h, trajectory) => clamp(0.95 - 0.9 * (1 - h) ** 2 - (trajectory === 'declining' ? 0.12 : 0), 0.02, 0.98),
  },
  horizonDays: 30,
};

/**
 * Renewing by bands of health rather than smoothly (a customer renews unless things are clearly
 * bad), with an interaction: an account in the lower bands whose health fell by more than 0.1 over
 * the contract year is 25 points less likely to renew; enterprise customers are stickier (+5
 * points), small ones less so (−5). The trajectory label itself is not read.
 */
export const VARIANT_2_ODDS: RenewalOdds = (h, _trajectory, { healthYearBefore, segment }) => {
  const band = h < 0.3 ? 0.35 : h < 0.55 ? 0.7 : 0.9;
  const slipping = h < 0.55 && healthYearBefore - h > 0.1 ? 0.25 : 0;
  const stickiness = segment === 'enterprise' ? 0.05 : segment === 'smb' ? -0.05 : 0;
  return clamp(band - slipping + stickiness, 0.03, 0.97);
};

/**
 * A mid-market-heavy vendor whose product is easiest for small customers: fewer SMBs (30 %),
 * more mid-market (45 %) and enterprise (25 %), and health centred lower for bigger customers.
 * Seats are bought ahead of use, so utilisation says less about health (40 % + 45 % × health
 * instead of 25 % + 70 %); CSMs are pooled, so touches say less (4 + 6 × health per 180 days
 * instead of 1.5 + 14). Ticket volume grows with size and trouble (Poisson, mean
 * (3 + 2.5 ln seats) × (0.6 + 0.8 × (1 − health)) a year: ≈ 8 at 5 seats, 24 at 5,000, for an
 * account of middling health) instead of 25 for everyone. Customers escalate more and priority
 * follows health less; they are terser (60 % of the unhappy or happy messages).
 */
export const VARIANT_2_SHAPE: GeneratorShape = {
  ...DEFAULT_SHAPE,
  segments: [
    ['smb', 0.3],
    ['mid-market', 0.45],
    ['enterprise', 0.25],
  ],
  healthMean: { smb: 0.58, 'mid-market': 0.52, enterprise: 0.5 },
  utilisation: [0.4, 0.45],
  engagement: [4, 6],
  ticketsPerYear: ({ seats, health }, rng) => rng.poisson((3 + 2.5 * Math.log(seats)) * (0.6 + 0.8 * (1 - health))),
  priorityTilt: { urgent: [1, 0.5], high: [1, 0.4], low: [0.9, 0.3] },
  tone: 0.6,
};

export const VARIANT_2: BenchGenerator = {
  options: { seed: 'bench-model-variant-2', renewalOdds: VARIANT_2_ODDS, shape: VARIANT_2_SHAPE },
  horizonDays: 60,
};
