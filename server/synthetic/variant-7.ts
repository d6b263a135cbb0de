// `variant-7` for `npm run bench:model`, written 2026-12-07 before any model figure on it was seen
// (no model, calibration, fit, backtest or score has been run on it, and its author did not read
// the model's code or docs). In the other generators a renewal follows how well the product serves
// the customer (hidden health, its slide, the people, the support). Here a good part of churn comes
// from **the customer's own business and from what the product cannot do**, two reasons CS teams
// commonly write in lost-renewal notes besides poor adoption ("budget cut", "went with a tool that
// has X"):
//
// - **Budget cuts.** Now and then a customer cuts spend (a downturn, a reorganisation, a new CFO
//   reviewing software): 16 % of small customers a year, 12 % of mid-market, 8 % of enterprise, and
//   twice as many during a downturn from 2025-09-01 to 2026-09-01 (as in 2023, when SaaS renewals
//   met spend reviews everywhere). A cut in the year before a close date costs 3 − 2.4 × health
//   log-odds at renewal (1.8 at health 0.5): a tool the customer relies on survives the review more
//   often than a nice-to-have. The CRM sees a cut only partly, the way it would: half of them come with layoffs
//   (15–45 % fewer active users from the cut on, the licensed seats unchanged until the renewal),
//   and a third of customers write a billing ticket asking to reduce the contract within 45 days;
//   the rest show nothing. A cut shortly before the close (after the account was scored) is a
//   surprise no model can see.
// - **A product gap.** Some customers need a capability the product lacks (SSO, an audit trail, an
//   integration): 8 % of small customers, 15 % of mid-market and 22 % of enterprise, whatever their
//   health. It costs 1.1 log-odds at every renewal (a competitor that has it is evaluated), and it
//   shows only in their tickets: far more feature requests among them (which elsewhere come from
//   healthy, engaged customers), so with few tickets it is hard to see.
// - Health still matters, less steeply than ours (3.4 log-odds per unit against 6), with a segment
//   lean; the trajectory and the health a year before are not read.
//
// And structural differences from the other generators, each because real books have it:
// - Two-year contracts for 35 % of enterprise and 10 % of mid-market customers.
// - A December dip in usage (15 % fewer active users; 8 % in August).
// - Usage tracking with a few gaps: 10 % of small customers untracked, 5 % of monthly counts missing,
//   one account in twelve with an integration outage of 1–3 months.
// - Ticket volume by segment and trouble; customers a little more outspoken than ours (tone 1.1).
// - Scored 75 days before each close date (a renewal playbook that starts a quarter out, less two weeks).
import type { RenewalOdds } from './portfolio.ts';
import { clamp, logistic } from './math.ts';
import type { Rng } from './random.ts';
import { DEFAULT_SHAPE, type GeneratorShape, type Segment } from './shape.ts';
import type { BenchGenerator } from './variants.ts';


/** Cuts a year are twice as frequent from this day … */
export const VARIANT_7_DOWNTURN_FROM = '2025-09-01';
/** … to this one (excluded). */
export const VARIANT_7_DOWNTURN_TO = '2026-09-01';
/** A cut weighs on a renewal that closes within this many days after it. */
export const VARIANT_7_CUT_WINDOW_DAYS = 365;

/** Log-odds of renewing by segment, on top of health, cuts and the gap. */
const SEGMENT_LEAN: Readonly<Record<Segment, number>> = { smb: -0.25, 'mid-market': 0, enterprise: 0.3 };

/**
 * Logistic in health (3.4 per unit), a segment lean, −1.1 with a product gap, and a budget cut in
 * the year before the close costing 3 − 2.4 × health (1.8 at health 0.5, 0.84 at health 0.9).
 */
export const VARIANT_7_ODDS: RenewalOdds = (h, _trajectory, { segment, daysSinceBudgetCut, productGap }) => {
  let x = -0.2 + 3.4 * h + SEGMENT_LEAN[segment];
  if (productGap) x -= 1.1;
  if (daysSinceBudgetCut !== null && daysSinceBudgetCut !== undefined && daysSinceBudgetCut <= VARIANT_7_CUT_WINDOW_DAYS) x -= 3 - 2.4 * h;
  return clamp(logistic(x), 0.02, 0.98);
};

/** Share of the segment's accounts on two-year contracts. */
const TWO_YEAR_SHARE: Readonly<Record<Segment, number>> = { smb: 0, 'mid-market': 0.1, enterprise: 0.35 };

const contractYears = (segment: Segment, rng: Rng) => (rng.bernoulli(TWO_YEAR_SHARE[segment]) ? 2 : 1);

/** Tickets a year of an account of middling health, by segment (scaled by trouble below). */
const TICKETS_A_YEAR: Readonly<Record<Segment, number>> = { smb: 4, 'mid-market': 10, enterprise: 22 };

/**
 * Segment mix 50 / 32 / 18 %, health centred 0.55 / 0.57 / 0.6. Utilisation 28 % + 60 % × health;
 * CSM touches 2.5 + 9 × health per 180 days. Tickets a year Poisson, by segment ×
 * (0.6 + 0.8 × (1 − health)): ≈ 4 / 10 / 22 at middling health. Priority follows trouble a little
 * less than ours. Budget cuts and the product gap as above.
 */
export const VARIANT_7_SHAPE: GeneratorShape = {
  ...DEFAULT_SHAPE,
  segments: [
    ['smb', 0.5],
    ['mid-market', 0.32],
    ['enterprise', 0.18],
  ],
  healthMean: { smb: 0.55, 'mid-market': 0.57, enterprise: 0.6 },
  utilisation: [0.28, 0.6],
  engagement: [2.5, 9],
  ticketsPerYear: ({ segment, health }, rng) => rng.poisson(TICKETS_A_YEAR[segment] * (0.6 + 0.8 * (1 - health))),
  usageSeason: [1, 1, 1, 1, 1, 1, 1, 0.92, 1, 1, 1, 0.85],
  priorityTilt: { urgent: [0.5, 1.3], high: [0.7, 0.8], low: [0.7, 0.6] },
  tone: 1.1,
  contractYears,
  usageReporting: {
    untracked: { smb: 0.1, 'mid-market': 0.04, enterprise: 0.02 },
    missingMonth: 0.05,
    outage: 0.08,
    outageMonths: [1, 3],
    noise: 0.06,
  },
  budgetCuts: {
    rate: { smb: 0.16, 'mid-market': 0.12, enterprise: 0.08 },
    downturn: { fromMs: Date.parse(`${VARIANT_7_DOWNTURN_FROM}T00:00:00Z`), toMs: Date.parse(`${VARIANT_7_DOWNTURN_TO}T00:00:00Z`), factor: 2 },
    layoffs: 0.5,
    usageDrop: [0.15, 0.45],
    ask: 0.33,
    askDays: 45,
  },
  productGap: {
    share: { smb: 0.08, 'mid-market': 0.15, enterprise: 0.22 },
    featureRequests: 0.35,
  },
};

export const VARIANT_7: BenchGenerator = {
  options: { seed: 'bench-model-variant-7', renewalOdds: VARIANT_7_ODDS, shape: VARIANT_7_SHAPE },
  horizonDays: 75,
};
