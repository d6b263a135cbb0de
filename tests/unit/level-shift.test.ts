// A portal whose newest renewals renew at another level than the model predicts gets its intercept
// moved towards theirs; one whose renewals hold their level keeps its calibration exactly; the
// settings pages say which.
import { describe, expect, it } from '@jest/globals';
import { renewalModelSection } from '../../app/src/app/cards/lib/model/renewal-model.ts';
import { predict, type BacktestRow } from '../../server/domain/backtest.ts';
import { calibrate, CALIBRATION_RULES } from '../../server/domain/calibrate.ts';
import { checkLevelShift } from '../../server/domain/level-shift.ts';
import { logLoss } from '../../server/domain/metrics.ts';
import { GLOBAL_RISK_MODEL, logOdds, sigmoid } from '../../server/domain/risk-model.ts';
import { seededRandom } from '../../server/domain/seeded-random.ts';
import { normalFrom, spreadFactors } from '../helpers/risk-rows.ts';

const DAY = 86_400_000;
const OFF = { ...CALIBRATION_RULES, levelShiftZ: Infinity };
const EMPTY_BACKTEST = { modelVersion: 'm', renewals: 0, won: 0, lost: 0, auc: null, aucInterval: null, brier: null, brierSkill: null, ece: null, reliability: [], lossesCaughtTop20: null, levels: { low: { count: 0, renewalRate: null }, medium: { count: 0, renewalRate: null }, high: { count: 0, renewalRate: null } } };

/**
 * `n` renewals over a year from `start`, renewing as the global model predicts less `drop(i)`
 * (probability points) for the i-th.
 */
function rows(n: number, seed: number, start: string, drop: (i: number) => number): BacktestRow[] {
  const random = seededRandom(seed);
  const normal = normalFrom(random);
  return Array.from({ length: n }, (_, i) => {
    const x = spreadFactors(random, normal);
    const closeDate = new Date(Date.parse(start) + Math.floor((i * 365 * DAY) / n)).toISOString().slice(0, 10);
    const p = Math.max(0.01, sigmoid(logOdds(GLOBAL_RISK_MODEL, x)) - drop(i));
    return { accountId: `a${i}`, renewalId: `r${seed}-${i}`, closeDate, at: closeDate, renewed: random() < p, x, marks: [] };
  });
}

const mean = (values: readonly number[]) => values.reduce((s, v) => s + v, 0) / values.length;
const rate = (r: readonly BacktestRow[]) => r.filter((x) => x.renewed).length / r.length;

describe('level shift in the newest renewals', () => {
  // From the last third of the year on, renewals renew 15 points less than the model predicts (a
  // price rise), and so does the next year.
  const drifted = (seed: number) => rows(1000, seed, '2024-01-01', (i) => (i >= 667 ? 0.15 : 0));
  const nextYear = rows(1000, 100, '2025-01-01', () => 0.15);

  it.each([
    ['a learned model', 2, 'fitted'],
    ['the global model, kept by the time split', 1, 'recalibrated'],
  ])('moves the intercept of %s towards the newest level and predicts the next year better', (_, seed, mode) => {
    const history = drifted(seed);
    const c = calibrate(history);
    const without = calibrate(history, GLOBAL_RISK_MODEL, OFF);
    expect(c.mode).toBe(mode);
    const shift = c.levelShift!;
    expect(shift.renewals).toBe(300);
    expect(shift.z).toBeLessThan(-CALIBRATION_RULES.levelShiftZ);
    expect(shift.observedRate).toBeLessThan(shift.predictedRate - 0.05);
    // Shrunk by the evidence: towards the newest level, not past it.
    expect(shift.applied).toBeLessThan(0);
    expect(shift.applied).toBeGreaterThan(shift.seen);
    expect(c.model.intercept).toBeCloseTo(without.model.intercept + shift.applied, 3);
    // Only the level moves: every coefficient is the one the calibration chose without the check.
    expect(c.model.coefficients).toEqual(without.model.coefficients);
    expect(c.reason).toContain(`The 300 newest renewals (closing from ${shift.from}) renewed`);
    expect(c.reason).toContain(`its intercept moved by ${shift.applied} log-odds`);
    const after = predict(nextYear, c.model);
    const before = predict(nextYear, without.model);
    expect(logLoss(after)!).toBeLessThan(logLoss(before)! - 0.01);
    expect(Math.abs(mean(after.map((p) => p.p)) - rate(nextYear))).toBeLessThan(Math.abs(mean(before.map((p) => p.p)) - rate(nextYear)) - 0.05);
  });

  it('leaves portals whose renewals hold their level exactly as calibrated without the check', () => {
    for (let seed = 10; seed < 22; seed++) {
      const history = rows(1000, seed, '2024-01-01', () => 0);
      const c = calibrate(history);
      expect(Math.abs(c.levelShift!.z)).toBeLessThan(CALIBRATION_RULES.levelShiftZ);
      expect(c.levelShift!.applied).toBe(0);
      expect(c.model).toEqual(calibrate(history, GLOBAL_RISK_MODEL, OFF).model);
      expect(c.reason).not.toContain('intercept moved');
    }
  });

  it('measures the shift that would match the newest level, and allows for an intercept fitted on them too', () => {
    const history = drifted(3);
    const newest = history.slice(700);
    const global = checkLevelShift(newest, history, GLOBAL_RISK_MODEL, false, 2.576);
    const matched = predict(newest, { ...GLOBAL_RISK_MODEL, intercept: GLOBAL_RISK_MODEL.intercept + global.seen });
    expect(mean(matched.map((p) => p.p))).toBeCloseTo(rate(newest), 4);
    expect(global.observedRate).toBeCloseTo(rate(newest), 4);
    // An intercept fitted on every renewal has already moved part of the way towards the newest
    // ones, so the gap left is tested against a smaller noise: the same gap is more evidence.
    const fitted = checkLevelShift(newest, history, GLOBAL_RISK_MODEL, true, 2.576);
    expect(Math.abs(fitted.z)).toBeGreaterThan(Math.abs(global.z));
    expect(fitted.seen).toBe(global.seen);
  });
});

describe('the settings pages', () => {
  const view = (applied: number) => ({
    inUse: { version: 'portal-3', source: 'learned' as const },
    canManage: true,
    latest: {
      version: 'portal-3',
      fittedAt: '2026-11-02T08:00:00.000Z',
      mode: 'fitted' as const,
      reason: 'Learned from 1000 renewals.',
      fittedOn: { renewals: 1000, won: 700, lost: 300, firstCloseDate: '2024-01-01', lastCloseDate: '2024-12-31' },
      coefficients: [],
      levelShift: { from: '2024-09-12', renewals: 300, observedRate: 0.5367, predictedRate: 0.6175, z: -3.56, applied },
      backtest: EMPTY_BACKTEST,
      globalBacktest: EMPTY_BACKTEST,
    },
  });

  it('say how the newest renewals renewed against the prediction, and whether the level moved', () => {
    expect(renewalModelSection(view(-0.3269), 'en-US').learned!.newest).toBe('The 300 newest renewals (from Sep 12, 2024) renewed 53.7% where the model predicted 61.8%: more than chance explains, so its level was moved towards theirs.');
    expect(renewalModelSection(view(0), 'en-US').learned!.newest).toBe('The 300 newest renewals (from Sep 12, 2024) renewed 53.7%; the model predicted 61.8%, a gap chance explains.');
    expect(renewalModelSection({ ...view(0), latest: { ...view(0).latest, levelShift: null } }, 'en-US').learned!.newest).toBeNull();
  });
});
