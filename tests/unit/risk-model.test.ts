import { describe, expect, it } from '@jest/globals';
import { assessRisk, riskFactorValues, type RiskInputs } from '../../server/domain/risk.ts';
import { GLOBAL_RISK_MODEL, RISK_FACTORS, RiskModel } from '../../server/domain/risk-model.ts';

const DAY = 86_400_000;
const AT = Date.parse('2026-11-01T00:00:00Z');
const inputs: RiskInputs = {
  asOfMs: AT,
  renewalMs: AT + 40 * DAY,
  robScore: 45,
  robTrend: -6,
  showStoppers: [],
  sentimentMean: -0.2,
  lastMeaningfulEngagementMs: AT - 90 * DAY,
  championLost: 'champion Ana Silva',
  executiveLost: null,
  hasChampion: false,
  usersNow: 80,
  users90dAgo: 100,
};

describe('the risk model as a value', () => {
  it('reads one value per factor that has something to say', () => {
    // renewal_horizon: the renewal is near, so the other factors' negative effects weigh more (urgency × their sum).
    const x = riskFactorValues(inputs);
    expect(x).toEqual({ rob_level: -1.5, rob_trend: -0.6, sentiment: -0.2, engagement: 2, champion_lost: 1, usage_decline: expect.closeTo(0.2, 10), renewal_horizon: expect.any(Number) });
    expect(x.renewal_horizon).toBeLessThan(0);
    expect(Object.keys(GLOBAL_RISK_MODEL.coefficients)).toEqual([...RISK_FACTORS]);
  });

  it('uses the global model by default and an injected one when given', () => {
    const global = assessRisk(inputs);
    expect(assessRisk(inputs, GLOBAL_RISK_MODEL)).toEqual(global);
    const harsher: RiskModel = { ...GLOBAL_RISK_MODEL, version: 'test', coefficients: { ...GLOBAL_RISK_MODEL.coefficients, champion_lost: -3 } };
    const injected = assessRisk(inputs, harsher);
    expect(injected.renewalProbability).toBeLessThan(global.renewalProbability);
    expect(injected.notes.find((n) => n.factor === 'champion_lost')).toMatchObject({ effect: -3, text: 'Champion Ana Silva has left and no other champion is active.' });
    expect(global.notes.find((n) => n.factor === 'champion_lost')!.effect).toBe(Math.round(GLOBAL_RISK_MODEL.coefficients.champion_lost! * 100) / 100);
  });

  it('falls back to the global coefficient for a factor the model leaves out, and uses its cut-offs', () => {
    const partial: RiskModel = { version: 'p', intercept: GLOBAL_RISK_MODEL.intercept, coefficients: { champion_lost: GLOBAL_RISK_MODEL.coefficients.champion_lost! }, levels: { high: 0.01, medium: 0.02 } };
    const a = assessRisk(inputs, partial);
    expect(a.renewalProbability).toBe(assessRisk(inputs).renewalProbability);
    expect(a.level).toBe('low');
  });

  it('lets a calibration weigh the ROB components, which the global model leaves silent', () => {
    const withParts: RiskInputs = { ...inputs, components: { usage: 0.8, ticketBurden: 0.3 } };
    expect(riskFactorValues(withParts)).toMatchObject({ usage_component: expect.closeTo(3, 10), ticket_burden_component: expect.closeTo(-2, 10) });
    expect(GLOBAL_RISK_MODEL.coefficients.ticket_burden_component).toBe(0);
    const weighing: RiskModel = { ...GLOBAL_RISK_MODEL, version: 'w', coefficients: { ...GLOBAL_RISK_MODEL.coefficients, usage_component: 0.2, ticket_burden_component: 0 } };
    expect(assessRisk(withParts, { ...weighing, coefficients: { ...weighing.coefficients, usage_component: 0 } })).toEqual(assessRisk(inputs, { ...weighing, coefficients: { ...weighing.coefficients, usage_component: 0 } }));
    const a = assessRisk(withParts, weighing);
    expect(a.notes.find((n) => n.factor === 'usage_component')).toEqual({ factor: 'usage_component', effect: 0.6, text: 'Usage is at 80 of 100 in the ROB score.' });
    expect(a.renewalProbability).toBeGreaterThan(assessRisk(inputs, weighing).renewalProbability);
  });

  it('weighs seat utilisation in the global model, unsaturated', () => {
    const c = GLOBAL_RISK_MODEL.coefficients.seat_utilisation!;
    expect(c).toBeGreaterThan(0);
    const at = (u: number) => assessRisk({ ...inputs, seatUtilisation: u });
    expect(at(0.9).notes.find((n) => n.factor === 'seat_utilisation')).toEqual({ factor: 'seat_utilisation', effect: Math.round(c * 2 * 100) / 100, text: '90% of licensed seats are in use.' });
    expect(at(0.99).renewalProbability).toBeGreaterThan(at(0.9).renewalProbability);
    expect(at(0.9).renewalProbability).toBeGreaterThan(at(0.5).renewalProbability);
  });

  it('rejects cut-offs out of order', () => {
    expect(RiskModel.safeParse({ ...GLOBAL_RISK_MODEL, levels: { high: 0.9, medium: 0.5 } }).success).toBe(false);
  });
});
