// Calibration learns from a portal's renewals only as far as they support it, and proves it on the newest ones.
import { describe, expect, it } from '@jest/globals';
import { predict, type BacktestRow } from '../../server/domain/backtest.ts';
import { calibrate, CALIBRATION_RULES } from '../../server/domain/calibrate.ts';
import { brierScore } from '../../server/domain/metrics.ts';
import { CANDIDATE_FACTORS, GLOBAL_RISK_MODEL, logOdds, sigmoid, type RiskModel } from '../../server/domain/risk-model.ts';
import { seededRandom } from '../../server/domain/seeded-random.ts';
import { normalFrom, spreadFactors } from '../helpers/risk-rows.ts';

const DAY = 86_400_000;

/**
 * Rows whose outcomes follow `truth`, with factor values spread like a real portfolio's, closing one
 * a day from `startMs`. `alsoAdoption` adds an adoption_share value to every row (a factor the
 * global model leaves at 0); `alsoYear` adds two candidate signals over the contract year (usage_slope_year, tenure).
 */
function rows(n: number, truth: RiskModel, seed: number, startMs = Date.parse('2024-01-01'), alsoAdoption = false, alsoYear = false): BacktestRow[] {
  const random = seededRandom(seed);
  const normal = normalFrom(random);
  return Array.from({ length: n }, (_, i) => {
    const x = spreadFactors(random, normal);
    if (random() < 0.4) x.sentiment_long = 0.6 * (random() - 0.5);
    if (alsoAdoption) x.adoption_share = 2 * normal();
    if (alsoYear) {
      x.usage_slope_year = Math.max(-1, Math.min(1, 0.4 * normal()));
      x.tenure = 1 + random();
    }
    const closeDate = new Date(startMs + Math.floor((i * 365 * DAY) / n)).toISOString().slice(0, 10);
    return { accountId: `a${i}`, renewalId: `r${seed}-${i}`, closeDate, at: closeDate, renewed: random() < sigmoid(logOdds(truth, x)), x, marks: [] };
  });
}

const withCoefficient = (factor: string, value: number, intercept = GLOBAL_RISK_MODEL.intercept): RiskModel => ({ ...GLOBAL_RISK_MODEL, version: 'truth', intercept, coefficients: { ...GLOBAL_RISK_MODEL.coefficients, [factor]: value } });

describe('calibrate', () => {
  it('moves the coefficient of a factor that is twice as predictive and improves held-out Brier', () => {
    const global = GLOBAL_RISK_MODEL.coefficients.champion_lost!;
    expect(global).toBe(-0.9);
    const truth = withCoefficient('champion_lost', 2 * global, 1.2);
    const c = calibrate(rows(3000, truth, 1));
    expect(c.mode).toBe('fitted');
    const champion = c.coefficients.find((k) => k.factor === 'champion_lost')!;
    expect(champion.global).toBe(global);
    expect(champion.value).toBeLessThan(1.5 * global);
    expect(c.validation!.candidate.brier).toBeLessThan(c.validation!.global.brier);
    const fresh = rows(2000, truth, 2, Date.parse('2025-01-01'));
    expect(brierScore(predict(fresh, c.model))!).toBeLessThan(brierScore(predict(fresh, GLOBAL_RISK_MODEL))!);
    // Every factor of these rows is one the global model weighs: the smaller factor set does.
    expect(c.validation!.candidate.factors).toBe('global');
    expect(c.reason).toMatch(/^Learned from 3000 renewals: the coefficients of the factors the global model weighs fitted/);
  });

  it('keeps the global model with too few renewals, and says so', () => {
    const few = rows(30, GLOBAL_RISK_MODEL, 3);
    const c = calibrate(few);
    expect(c.mode).toBe('global');
    expect(c.model).toBe(GLOBAL_RISK_MODEL);
    expect(c.reason).toContain('Too little history');
    expect(c.fittedOn.renewals).toBe(30);
    expect(c.coefficients.every((k) => k.value === k.global)).toBe(true);
  });

  it('only recalibrates intercept and slope with few losses', () => {
    // The portal renews more often than the global model expects, and its factors weigh more.
    const truth: RiskModel = { ...GLOBAL_RISK_MODEL, version: 't', intercept: GLOBAL_RISK_MODEL.intercept + 1, coefficients: Object.fromEntries(Object.entries(GLOBAL_RISK_MODEL.coefficients).map(([f, v]) => [f, v * 1.6])) };
    const c = calibrate(rows(200, truth, 4));
    const lost = c.fittedOn.lost;
    expect(Math.min(lost, c.fittedOn.won)).toBeLessThan(CALIBRATION_RULES.fullFitMinority);
    expect(c.mode).toBe('recalibrated');
    const slope = c.model.coefficients.seat_utilisation! / GLOBAL_RISK_MODEL.coefficients.seat_utilisation!;
    for (const k of c.coefficients) expect(k.value).toBeCloseTo(k.global * slope, 3);
  });

  it('keeps the global model when the fit does worse on the newest renewals than the global one', () => {
    // The older renewals followed another pattern; the newest follow the global model again.
    const older = rows(1400, withCoefficient('seat_utilisation', -0.6, 0.8), 5, Date.parse('2023-01-01'));
    const newer = rows(600, GLOBAL_RISK_MODEL, 6, Date.parse('2024-06-01'));
    const c = calibrate([...older, ...newer]);
    expect(c.mode).toBe('global');
    expect(c.reason).toMatch(/newest renewals .* no better than the global one/);
    expect(c.validation!.candidate.logLoss).toBeGreaterThan(c.validation!.global.logLoss);
  });

  it("weighs a factor the global model leaves at 0 when the portal's renewals depend on it", () => {
    expect(GLOBAL_RISK_MODEL.coefficients.adoption_share).toBe(0);
    const truth = withCoefficient('adoption_share', 0.8, 1.2);
    const c = calibrate(rows(3000, truth, 8, undefined, true));
    expect(c.mode).toBe('fitted');
    expect(c.validation!.candidate.factors).toBe('all');
    expect(c.model.coefficients.adoption_share).toBeGreaterThan(0.4);
    expect(c.reason).toMatch(/every coefficient fitted/);
    const fresh = rows(2000, truth, 9, Date.parse('2025-01-01'), true);
    const restricted = calibrate(rows(3000, truth, 8, undefined, false));
    expect(brierScore(predict(fresh, c.model))!).toBeLessThan(brierScore(predict(fresh, restricted.model))!);
  });

  it('weighs a candidate signal over the contract year that predicts, before opening every factor', () => {
    // The portal's renewals follow the usage slope over the year, which the global model leaves at 0;
    // per standard deviation the slope moves the log-odds about twice as much as seat utilisation, the
    // strongest factor of these rows.
    expect(CANDIDATE_FACTORS).toContain('usage_slope_year');
    expect(GLOBAL_RISK_MODEL.coefficients.usage_slope_year).toBe(0);
    const truth = withCoefficient('usage_slope_year', 2.5, 1.2);
    const c = calibrate(rows(3000, truth, 10, undefined, false, true));
    expect(c.mode).toBe('fitted');
    expect(c.validation!.candidate.factors).toBe('candidates');
    expect(c.reason).toMatch(/the coefficients of the factors the global model weighs and of the candidate signals fitted/);
    const slope = c.coefficients.find((k) => k.factor === 'usage_slope_year')!;
    expect(slope.global).toBe(0);
    expect(slope.value).toBeGreaterThan(1.5);
    // tenure says nothing here: shrunk towards 0, it stays small.
    expect(Math.abs(c.model.coefficients.tenure ?? 0)).toBeLessThan(0.3);
    // The silent factors outside the candidates stay at 0 in this set.
    expect(c.model.coefficients.rob_level).toBe(0);
    const fresh = rows(2000, truth, 11, Date.parse('2025-01-01'), false, true);
    expect(brierScore(predict(fresh, c.model))!).toBeLessThan(brierScore(predict(fresh, GLOBAL_RISK_MODEL))!);
    const blind = calibrate(rows(3000, truth, 10));
    expect(brierScore(predict(fresh, c.model))!).toBeLessThan(brierScore(predict(fresh, blind.model))!);
  });

  it('keeps the global model with too few renewals even when they carry the candidate signals', () => {
    const c = calibrate(rows(35, withCoefficient('usage_slope_year', 2.5, 1.2), 12, undefined, false, true));
    expect(c.mode).toBe('global');
    expect(c.model).toBe(GLOBAL_RISK_MODEL);
    for (const f of ['usage_slope_year', 'tenure']) expect(c.coefficients.find((k) => k.factor === f)).toEqual({ factor: f, value: 0, global: 0 });
  });

  it('chooses the level cut-offs so that "high" holds half the losses', () => {
    const c = calibrate(rows(3000, withCoefficient('usage_decline', -5, 1), 7));
    const data = rows(3000, withCoefficient('usage_decline', -5, 1), 7);
    const losses = predict(data.filter((r) => !r.renewed), c.model);
    const inHigh = losses.filter((p) => p.p < c.model.levels.high).length / losses.length;
    expect(inHigh).toBeGreaterThanOrEqual(0.5);
    expect(inHigh).toBeLessThan(0.53);
    expect(c.model.levels.medium).toBeGreaterThanOrEqual(c.model.levels.high);
  });
});
