// The renewal-risk model as a value: an intercept, one coefficient per named factor and the
// probability cut-offs of the risk levels. The global model is the hand-set default; a portal's
// calibration (server/domain/calibrate.ts) produces another value of the same shape.
import { z } from 'zod';

const YEAR_FACTORS = [
  'utilisation_average',
  'usage_change_average',
  'usage_slope_year',
  'ticket_rate_year',
  'severe_share_year',
  'contacts_left_year',
  'touch_trend',
  'last_touch',
  'tenure',
  'sentiment_year',
  'touches_year',
  'first_reply_time',
  'thread_length',
  'logins_per_user',
  'logins_change_year',
  'sponsor_last_met',
  'contraction_ask',
  'contacts_engaged',
  'renewals_lost',
  'champion_new',
  'feature_requests_year',
  'onboarding_ramp',
] as const;

/** The factors the risk model reads, in the order their notes are written. New factors are appended. */
export const RISK_FACTORS = [
  'rob_level',
  'rob_trend',
  'show_stoppers',
  'sentiment',
  'engagement',
  'champion_lost',
  'no_champion',
  'executive_lost',
  'usage_decline',
  'usage_growth',
  'severe_open',
  'renewal_horizon',
  // Off (0) in the global model; a portal's calibration may weigh them.
  'usage_component',
  'ticket_burden_component',
  'sentiment_component',
  'resolution_component',
  'support_time_saved_component',
  'seat_utilisation',
  // Longer-window signals (risk-signals.ts), added with global-3.
  'sentiment_long',
  'touches',
  'resolution_time',
  'adoption_share',
  'usage_change_year',
  // Signals over the contract year (year-signals.ts, risk-year-factors.ts): 0 in the global model.
  ...YEAR_FACTORS,
] as const;
export type RiskFactor = (typeof RISK_FACTORS)[number];

/**
 * Candidate signals: 0 in the global model, tried by a portal's calibration (as a nested factor set,
 * shrunk towards 0) before every other silent factor. The signals over the contract year.
 */
export const CANDIDATE_FACTORS: readonly RiskFactor[] = YEAR_FACTORS;

/**
 * The direction each factor's coefficient may take (+1: a higher value means more likely to renew;
 * −1: less likely). A fit that would give a factor the other sign leaves it at 0 instead, so every
 * note reads the way its sentence says (a lost champion never raises the probability of renewing).
 */
export const FACTOR_DIRECTIONS: Readonly<Record<RiskFactor, 1 | -1>> = {
  rob_level: 1,
  rob_trend: 1,
  show_stoppers: -1,
  sentiment: 1,
  engagement: -1,
  champion_lost: -1,
  no_champion: -1,
  executive_lost: -1,
  usage_decline: -1,
  usage_growth: 1,
  severe_open: -1,
  renewal_horizon: 1,
  usage_component: 1,
  ticket_burden_component: 1,
  sentiment_component: 1,
  resolution_component: 1,
  support_time_saved_component: 1,
  seat_utilisation: 1,
  sentiment_long: 1,
  touches: 1,
  resolution_time: -1,
  adoption_share: 1,
  usage_change_year: 1,
  utilisation_average: 1,
  usage_change_average: 1,
  usage_slope_year: 1,
  ticket_rate_year: -1,
  severe_share_year: -1,
  contacts_left_year: -1,
  touch_trend: 1,
  last_touch: -1,
  tenure: 1,
  sentiment_year: 1,
  touches_year: 1,
  first_reply_time: -1,
  thread_length: -1,
  logins_per_user: 1,
  logins_change_year: 1,
  sponsor_last_met: -1,
  contraction_ask: -1,
  contacts_engaged: 1,
  renewals_lost: -1,
  champion_new: -1,
  feature_requests_year: -1,
  onboarding_ramp: 1,
};

const cutOff = z.number().min(0, 'a risk-level cut-off is a probability, from 0 to 1').max(1, 'a risk-level cut-off is a probability, from 0 to 1');

export const RiskLevels = z
  .object({
    /** p below → high risk. */
    high: cutOff,
    /** p below (and at least `high`) → medium risk; else low. */
    medium: cutOff,
  })
  .refine((l) => l.high <= l.medium, 'levels.high must not exceed levels.medium');

/**
 * The largest log-odds an intercept or a coefficient may have. Every factor's value is scaled to a
 * few units (per 10 points, log₂ of a ratio, 0 or 1), the fit shrinks each coefficient towards the
 * global one and never lets the data separate, so fits stay within a few log-odds (the global
 * model's largest is 1.35). 50 leaves ten times the room; beyond it the model says a renewal is
 * certain to 1 in 10²¹, which no history supports: a file saying so was edited or broken.
 */
export const MAX_LOG_ODDS = 50;
const logOddsWeight = (what: string) =>
  z
    .number({ error: `${what} must be a finite number of log-odds` })
    .min(-MAX_LOG_ODDS, `${what} must be between −${MAX_LOG_ODDS} and ${MAX_LOG_ODDS} log-odds (no fit comes near)`).max(MAX_LOG_ODDS, `${what} must be between −${MAX_LOG_ODDS} and ${MAX_LOG_ODDS} log-odds (no fit comes near)`);

export const RiskModel = z.object({
  version: z.string().min(1),
  /** Log-odds of renewing when every factor is silent (ROB at the healthy mark, nothing else to say). */
  intercept: logOddsWeight('the intercept'),
  /** Log-odds added per unit of each factor's value; a factor left out uses the global coefficient. */
  coefficients: z.record(z.string(), logOddsWeight('a coefficient')),
  levels: RiskLevels,
});
export type RiskModel = z.infer<typeof RiskModel>;

/**
 * The hand-set default, calibrated on the synthetic portfolio's backtest (seed "calibrate", 800
 * accounts, 610 past renewals scored as of 30 days before each): AUC 0.705, Brier 0.202, mean
 * predicted 0.67 against 0.67 observed. Units of each factor's value are in server/domain/risk.ts.
 */
export const GLOBAL_RISK_MODEL: RiskModel = {
  version: 'global-3',
  intercept: 1.0688,
  coefficients: {
    rob_level: 0,
    rob_trend: 0,
    show_stoppers: 0,
    sentiment: 0,
    engagement: -0.0199,
    champion_lost: -0.9,
    no_champion: -0.3,
    executive_lost: -0.306,
    usage_decline: -0.3837,
    usage_growth: 0.6244,
    severe_open: -0.4,
    renewal_horizon: 0.5,
    usage_component: 0.0414,
    ticket_burden_component: 0,
    sentiment_component: 0,
    resolution_component: 0,
    support_time_saved_component: 0,
    seat_utilisation: 0.1701,
    sentiment_long: 0.9531,
    touches: 0.2127,
    resolution_time: -0.0258,
    adoption_share: 0,
    usage_change_year: 1.3544,
    utilisation_average: 0,
    usage_change_average: 0,
    usage_slope_year: 0,
    ticket_rate_year: 0,
    severe_share_year: 0,
    contacts_left_year: 0,
    touch_trend: 0,
    last_touch: 0,
    tenure: 0,
    sentiment_year: 0,
    touches_year: 0,
    first_reply_time: 0,
    thread_length: 0,
    logins_per_user: 0,
    logins_change_year: 0,
    sponsor_last_met: 0,
    contraction_ask: 0,
    contacts_engaged: 0,
    renewals_lost: 0,
    champion_new: 0,
    feature_requests_year: 0,
    onboarding_ramp: 0,
  },
  levels: { high: 0.551, medium: 0.811 },
};

export function coefficient(model: RiskModel, factor: string): number {
  return model.coefficients[factor] ?? GLOBAL_RISK_MODEL.coefficients[factor] ?? 0;
}

export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** Log-odds of renewing for the factor values `x` (absent factors are 0). */
export function logOdds(model: RiskModel, x: Readonly<Record<string, number>>): number {
  let logit = model.intercept;
  for (const [factor, value] of Object.entries(x)) logit += coefficient(model, factor) * value;
  return logit;
}

const weighsYear = new WeakMap<RiskModel, boolean>();

/** Whether `model` gives any candidate signal over the contract year a weight. */
export function weighsYearSignals(model: RiskModel): boolean {
  let weighs = weighsYear.get(model);
  if (weighs === undefined) {
    weighs = CANDIDATE_FACTORS.some((f) => coefficient(model, f) !== 0);
    weighsYear.set(model, weighs);
  }
  return weighs;
}
