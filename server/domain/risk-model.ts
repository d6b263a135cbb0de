// The renewal-risk model as a value: an intercept, one coefficient per named factor and the
// probability cut-offs of the risk levels. The global model is the hand-set default; a portal's
// calibration (server/domain/calibrate.ts) produces another value of the same shape.
import { z } from 'zod';

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
] as const;
export type RiskFactor = (typeof RISK_FACTORS)[number];

export const RiskLevels = z
  .object({
    /** p below → high risk. */
    high: z.number().min(0).max(1),
    /** p below (and at least `high`) → medium risk; else low. */
    medium: z.number().min(0).max(1),
  })
  .refine((l) => l.high <= l.medium, 'levels.high must not exceed levels.medium');

export const RiskModel = z.object({
  version: z.string().min(1),
  /** Log-odds of renewing when every factor is silent (ROB at the healthy mark, nothing else to say). */
  intercept: z.number(),
  /** Log-odds added per unit of each factor's value; a factor left out uses the global coefficient. */
  coefficients: z.record(z.string(), z.number()),
  levels: RiskLevels,
});
export type RiskModel = z.infer<typeof RiskModel>;

/**
 * The hand-set default, calibrated on the synthetic portfolio's backtest (seed "calibrate", 800
 * accounts, 610 past renewals scored as of 30 days before each): AUC 0.705, Brier 0.202, mean
 * predicted 0.67 against 0.67 observed. Units of each factor's value are in server/domain/risk.ts.
 */
export const GLOBAL_RISK_MODEL: RiskModel = {
  version: 'global-2',
  intercept: 2.4,
  coefficients: {
    rob_level: 0.35,
    rob_trend: 0.25,
    show_stoppers: -0.4,
    sentiment: 2.0,
    engagement: -0.25,
    champion_lost: -0.9,
    no_champion: -0.3,
    executive_lost: -0.5,
    usage_decline: -2.0,
    usage_growth: 1.0,
    severe_open: -0.4,
    renewal_horizon: 0.5,
    usage_component: 0,
    ticket_burden_component: 0,
    sentiment_component: 0,
    resolution_component: 0,
    support_time_saved_component: 0,
    seat_utilisation: 0,
  },
  levels: { high: 0.55, medium: 0.8 },
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
