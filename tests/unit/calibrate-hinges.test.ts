// Bends in a factor's effect: the calibration takes one only when the portal's own renewals show a
// shape a straight line misses, the engine scores a bent model as the backtest predicts it, and
// calibration files without bends still load.
import { describe, expect, it } from '@jest/globals';
import { predict, type BacktestRow } from '../../server/domain/backtest.ts';
import { calibrate, CALIBRATION_RULES, fitFull } from '../../server/domain/calibrate.ts';
import { chooseHinges } from '../../server/domain/calibrate-hinges.ts';
import { CALIBRATION_FORMAT, CALIBRATION_FORMAT_BENT, CalibrationFile, calibrationFormatFor } from '../../server/domain/calibration-file.ts';
import { logLoss } from '../../server/domain/metrics.ts';
import { assessRisk, riskFactorValues, type RiskInputs } from '../../server/domain/risk.ts';
import { GLOBAL_RISK_MODEL, logOdds, RiskModel, sigmoid, weighsYearSignals } from '../../server/domain/risk-model.ts';
import { seededRandom } from '../../server/domain/seeded-random.ts';

const DAY = 86_400_000;

/**
 * Renewals closing one a day from `startMs`, with seat utilisation spread from 10 % to 100 % and a
 * few other factors; `logit` gives each row's log-odds of renewing from its factor values.
 */
function rows(n: number, logit: (x: Record<string, number>) => number, seed: number, startMs = Date.parse('2024-01-01')): BacktestRow[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const utilisation = 0.1 + 0.9 * random();
    const x: Record<string, number> = { seat_utilisation: (utilisation - 0.7) * 10 };
    if (random() < 0.25) x.champion_lost = 1;
    if (random() < 0.4) x.sentiment_long = 0.6 * (random() - 0.5);
    if (random() < 0.3) x.usage_decline = 0.5 * random();
    const closeDate = new Date(startMs + Math.floor((i * 365 * DAY) / n)).toISOString().slice(0, 10);
    return { accountId: `a${i}`, renewalId: `r${seed}-${i}`, closeDate, at: closeDate, renewed: random() < sigmoid(logit(x)), x, marks: [] };
  });
}

const rest = (x: Record<string, number>) => -0.9 * (x.champion_lost ?? 0) + 1.5 * (x.sentiment_long ?? 0) - 1 * (x.usage_decline ?? 0);
/** Risk jumps below 40 % of seats in use (seat_utilisation −3); above that, utilisation barely matters. */
const step = (x: Record<string, number>) => 1.6 - 2.4 * (x.seat_utilisation! < -3 ? 1 : 0) + rest(x);
/** The same factors, every effect a straight line. */
const linear = (x: Record<string, number>) => 0.9 + 0.3 * x.seat_utilisation! + rest(x);

describe('bends in the calibration', () => {
  it('bends seat utilisation when risk jumps below 40 % of seats, and predicts fresh renewals better', () => {
    const history = rows(3000, step, 1);
    const bent = calibrate(history, GLOBAL_RISK_MODEL, { hingeFactors: 3 });
    const straight = calibrate(history, GLOBAL_RISK_MODEL, { hingeFactors: 0 });
    expect(bent.mode).toBe('fitted');
    expect(bent.validation!.candidate.bent).toBe(true);
    expect(straight.validation!.candidate.bent).toBe(false);
    // The held-out renewals of the time split judged it better than the best straight fit.
    expect(bent.validation!.candidate.logLoss).toBeLessThan(straight.validation!.candidate.logLoss);
    const hinge = bent.model.hinges!.find((h) => h.factor === 'seat_utilisation')!;
    // Knot at the median of the portal's values (utilisation ≈ 55 %); above it the slope is much
    // flatter (shrunk towards no bend, so not quite flat).
    expect(hinge.knot).toBeGreaterThan(-2.5);
    expect(hinge.knot).toBeLessThan(-0.5);
    const below = bent.model.coefficients.seat_utilisation!;
    expect(below).toBeGreaterThan(0);
    expect(hinge.coefficient).toBeLessThan(-0.5 * below);
    expect(below + hinge.coefficient).toBeGreaterThanOrEqual(0); // still the factor's direction above the knot
    expect(bent.reason).toContain('with the effect');
    expect(bent.reason).toContain('seat utilisation');
    const fresh = rows(3000, step, 2, Date.parse('2025-01-01'));
    expect(logLoss(predict(fresh, bent.model))!).toBeLessThan(logLoss(predict(fresh, straight.model))! - 0.005);
  });

  it('does not bend when every effect is a straight line', () => {
    const c = calibrate(rows(3000, linear, 3), GLOBAL_RISK_MODEL, { hingeFactors: 3 });
    expect(c.mode).toBe('fitted');
    expect(c.validation!.candidate.bent).toBe(false);
    expect(c.model.hinges).toBeUndefined();
  });

  it('tries no bend by default: measured on the benchmark portfolios and not adopted', () => {
    expect(CALIBRATION_RULES.hingeFactors).toBe(0);
    const c = calibrate(rows(3000, step, 1));
    expect(c.validation!.candidate.bent).toBe(false);
    expect(c.model.hinges).toBeUndefined();
  });

  it('flattens a bend rather than let the slope above the knot turn against the factor', () => {
    // Above 60 % of seats in use (seat_utilisation −1) renewing gets a little less likely: the fit
    // may not say "more seats in use, less likely to renew", so the effect stops growing there.
    const turning = (x: Record<string, number>) => 1 + 0.5 * Math.min(x.seat_utilisation!, -1) - 0.15 * Math.max(0, x.seat_utilisation! + 1) + rest(x);
    const model = fitFull(rows(4000, turning, 6), GLOBAL_RISK_MODEL, 2, 'turning', undefined, {}, undefined, [{ factor: 'seat_utilisation', knot: -1 }]);
    const below = model.coefficients.seat_utilisation!;
    expect(below).toBeGreaterThan(0.3);
    expect(model.hinges).toEqual([{ factor: 'seat_utilisation', knot: -1, coefficient: -below }]);
    expect(logOdds(model, { seat_utilisation: 3 })).toBeCloseTo(logOdds(model, { seat_utilisation: -1 }), 10);
  });

  it('bends only factors the linear fit weighs, with rows on both sides of the knot', () => {
    const history = rows(2000, step, 4);
    const straight = fitFull(history, GLOBAL_RISK_MODEL, 8, 'straight');
    const hinges = chooseHinges(history, straight, 3);
    // champion_lost is 1 wherever it has a value: nothing lies above its median, so it is never bent.
    expect(hinges.map((h) => h.factor)).not.toContain('champion_lost');
    expect(hinges[0]!.factor).toBe('seat_utilisation');
    expect(chooseHinges(history, straight, 1)).toEqual([hinges[0]]);
    expect(chooseHinges(history, { ...straight, coefficients: { ...straight.coefficients, seat_utilisation: 0 } }, 3).map((h) => h.factor)).not.toContain('seat_utilisation');
  });
});

describe('a bent model in the engine', () => {
  const AT = Date.parse('2026-11-01T00:00:00Z');
  const inputs: RiskInputs = {
    asOfMs: AT,
    renewalMs: null,
    robScore: 55,
    robTrend: -4,
    showStoppers: [],
    sentimentMean: -0.2,
    lastMeaningfulEngagementMs: AT - 80 * DAY,
    championLost: null,
    executiveLost: 'Ben Ode',
    hasChampion: true,
    usersNow: 70,
    users90dAgo: 100,
  };
  const model: RiskModel = {
    ...GLOBAL_RISK_MODEL,
    version: 'bent',
    coefficients: { ...GLOBAL_RISK_MODEL.coefficients, seat_utilisation: 0.4, usage_decline: -1.2, rob_level: 0 },
    // Utilisation counts 0.4 a unit below 60 % and 0.1 above; ROB level counts only above 70, where the linear coefficient is 0.
    hinges: [
      { factor: 'seat_utilisation', knot: -1, coefficient: -0.3 },
      { factor: 'rob_level', knot: 1, coefficient: 0.25 },
    ],
  };

  it('scores the same as the backtest predicts, on either side of the knots', () => {
    for (const [utilisation, rob] of [[0.25, 55], [0.6, 70], [0.95, 92]] as const) {
      const at: RiskInputs = { ...inputs, seatUtilisation: utilisation, robScore: rob };
      const x = riskFactorValues(at);
      const engine = assessRisk(at, model);
      const engineLogit = engine.notes.reduce((s, n) => s + n.effect, model.intercept);
      // The engine rounds each note's effect to 0.01; the backtest sums them unrounded.
      expect(Math.abs(engineLogit - logOdds(model, x))).toBeLessThanOrEqual(0.005 * engine.notes.length + 1e-9);
      expect(engine.renewalProbability).toBe(Math.round(sigmoid(engineLogit) * 1000) / 1000);
      expect(Math.abs(engine.renewalProbability - predict([{ accountId: 'a', renewalId: 'r', closeDate: '2027-01-01', at: '2026-11-01', renewed: true, x, marks: [] }], model)[0]!.p)).toBeLessThan(0.003);
      const expected = (factor: string, c: number, knot: number, bend: number) => Math.round((c * x[factor]! + bend * Math.max(0, x[factor]! - knot)) * 100) / 100;
      expect(engine.notes.find((n) => n.factor === 'seat_utilisation')!.effect).toBe(expected('seat_utilisation', 0.4, -1, -0.3));
      const robNote = engine.notes.find((n) => n.factor === 'rob_level');
      if (rob > 70) expect(robNote!.effect).toBe(expected('rob_level', 0, 1, 0.25));
      else expect(robNote?.effect ?? 0).toBe(0);
    }
  });

  it('reads below and above the knot with the slopes the model states', () => {
    const p = (u: number) => assessRisk({ ...inputs, seatUtilisation: u }, model).renewalProbability;
    // 10 points of utilisation below 60 % move the log-odds by 0.4, above it by 0.1.
    const lowGap = Math.log(p(0.5) / (1 - p(0.5))) - Math.log(p(0.4) / (1 - p(0.4)));
    const highGap = Math.log(p(0.9) / (1 - p(0.9))) - Math.log(p(0.8) / (1 - p(0.8)));
    expect(lowGap).toBeCloseTo(0.4, 1);
    expect(highGap).toBeCloseTo(0.1, 1);
  });

  it('reads the year signals when a bend alone weighs one', () => {
    const onlyBent: RiskModel = { ...GLOBAL_RISK_MODEL, version: 'year-bend', hinges: [{ factor: 'tenure', knot: 1.5, coefficient: 0.3 }] };
    expect(GLOBAL_RISK_MODEL.coefficients.tenure).toBe(0);
    expect(weighsYearSignals(GLOBAL_RISK_MODEL)).toBe(false);
    expect(weighsYearSignals(onlyBent)).toBe(true);
  });

  it('leaves a model without bends scoring as before', () => {
    const straight: RiskModel = { version: model.version, intercept: model.intercept, coefficients: model.coefficients, levels: model.levels };
    const at: RiskInputs = { ...inputs, seatUtilisation: 0.95 };
    expect(assessRisk(at, { ...straight, hinges: [] })).toEqual(assessRisk(at, straight));
    expect(assessRisk(at, { ...straight, hinges: [{ factor: 'seat_utilisation', knot: -1, coefficient: 0 }] })).toEqual(assessRisk(at, straight));
  });
});

describe('calibration files', () => {
  const file = (format: string, model: unknown) => ({
    format,
    dataAsOf: '2026-11-01T00:00:00.000Z',
    horizonDays: 30,
    mode: 'fitted',
    reason: 'Learned from 1200 renewals.',
    model,
    fittedOn: { renewals: 1200, won: 800, lost: 400, firstCloseDate: '2025-01-02', lastCloseDate: '2026-10-30', skipped: {} },
    validation: null,
    coefficients: [{ factor: 'champion_lost', value: -1.1, global: -0.9 }],
    backtest: {},
  });
  const straight = { version: 'fitted-2026-10-30-n1200', intercept: 1.1, coefficients: { champion_lost: -1.1, seat_utilisation: 0.2 }, levels: { high: 0.5, medium: 0.8 } };

  it('load as before when written without bends (format @1), and their model scores as before', () => {
    const parsed = CalibrationFile.parse(JSON.parse(JSON.stringify(file('success-sidecar/risk-calibration@1', straight))));
    expect(parsed.model).toEqual(straight);
    expect(parsed.model.hinges).toBeUndefined();
    expect(calibrationFormatFor(parsed.model)).toBe(CALIBRATION_FORMAT);
    expect(logOdds(parsed.model, { seat_utilisation: 2, champion_lost: 1 })).toBeCloseTo(1.1 + 0.4 - 1.1, 10);
  });

  it('say @2 when the model has bends, and keep them', () => {
    const bent = { ...straight, hinges: [{ factor: 'seat_utilisation', knot: -1, coefficient: -0.15 }] };
    expect(calibrationFormatFor(RiskModel.parse(bent))).toBe(CALIBRATION_FORMAT_BENT);
    const parsed = CalibrationFile.parse(file(CALIBRATION_FORMAT_BENT, bent));
    expect(parsed.model.hinges).toEqual(bent.hinges);
    expect(logOdds(parsed.model, { seat_utilisation: 2 })).toBeCloseTo(1.1 + 0.4 - 0.15 * 3, 10);
    expect(CalibrationFile.safeParse(file('success-sidecar/risk-calibration@3', bent)).success).toBe(false);
    // One bend per factor: the engine reads a factor's bend once.
    expect(RiskModel.safeParse({ ...bent, hinges: [...bent.hinges, { factor: 'seat_utilisation', knot: 1, coefficient: 0.1 }] }).success).toBe(false);
  });
});
