// Recency-weighted fits follow a portal whose renewal rate moved, and leave a stable one as it was.
import { describe, expect, it } from '@jest/globals';
import { predict, type BacktestRow } from '../../server/domain/backtest.ts';
import { fitRecalibration } from '../../server/domain/calibrate.ts';
import { fitLogistic } from '../../server/domain/logistic-fit.ts';
import { effectiveCount, recencyWeights } from '../../server/domain/recency.ts';
import { GLOBAL_RISK_MODEL, logOdds, sigmoid } from '../../server/domain/risk-model.ts';
import { seededRandom } from '../../server/domain/seeded-random.ts';

const DAY = 86_400_000;
const START = Date.parse('2024-01-01');

/** One renewal a day over `days`; outcomes follow the global model moved by `shift(day)` in log-odds. */
function rows(days: number, shift: (day: number) => number, seed: number): BacktestRow[] {
  const random = seededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Array.from({ length: days }, (_, day) => {
    const x: Record<string, number> = { seat_utilisation: 3 * normal() };
    if (random() < 0.3) x.usage_decline = 0.5 * random();
    const closeDate = new Date(START + day * DAY).toISOString().slice(0, 10);
    return { accountId: `a${day}`, renewalId: `r${seed}-${day}`, closeDate, at: closeDate, renewed: random() < sigmoid(logOdds(GLOBAL_RISK_MODEL, x) + shift(day)), x, marks: [] };
  });
}

const meanPredicted = (r: readonly BacktestRow[], model = GLOBAL_RISK_MODEL) => predict(r, model).reduce((s, p) => s + p.p, 0) / r.length;
const rate = (r: readonly BacktestRow[]) => r.filter((x) => x.renewed).length / r.length;

describe('recency weights', () => {
  it('halve per half-life back from the newest renewal and average 1', () => {
    const w = recencyWeights([{ closeDate: '2025-01-01' }, { closeDate: '2024-10-03' }, { closeDate: '2024-07-05' }], 90);
    expect(w[0]! / w[1]!).toBeCloseTo(2, 6);
    expect(w[1]! / w[2]!).toBeCloseTo(2, 6);
    expect((w[0]! + w[1]! + w[2]!) / 3).toBeCloseTo(1, 9);
    expect(effectiveCount([1, 1, 1, 1])).toBeCloseTo(4, 9);
    expect(effectiveCount(w)).toBeLessThan(3);
  });

  it('weigh a fit like repeating the rows', () => {
    const x = [[0], [1], [2], [3], [0.5], [2.5]];
    const y = [0, 0, 1, 1, 1, 0];
    const weighted = fitLogistic({ x, y, prior: [0, 0], penalty: [0, 0.1], weight: [1, 2, 1, 3, 1, 1] });
    const repeated = fitLogistic({ x: [...x, x[1]!, x[3]!, x[3]!], y: [...y, y[1]!, y[3]!, y[3]!], prior: [0, 0], penalty: [0, 0.1] });
    expect(weighted.beta[0]).toBeCloseTo(repeated.beta[0]!, 6);
    expect(weighted.beta[1]).toBeCloseTo(repeated.beta[1]!, 6);
  });

  it('let a recalibration track a renewal rate that fell, where equal weights average it out', () => {
    // The first year renews more than the global model expects, the second far less.
    const history = rows(730, (day) => (day < 365 ? 0.8 : -0.8), 1);
    const newest = history.slice(-120);
    const equal = fitRecalibration(history, GLOBAL_RISK_MODEL, 'equal');
    const recent = fitRecalibration(history, GLOBAL_RISK_MODEL, 'recent', recencyWeights(history, 90));
    const gap = (model: typeof equal) => Math.abs(meanPredicted(newest, model) - rate(newest));
    expect(gap(recent)).toBeLessThan(0.05);
    expect(gap(equal)).toBeGreaterThan(gap(recent) + 0.05);
    expect(meanPredicted(newest, recent)).toBeLessThan(meanPredicted(newest, equal));
  });

  it('leave a stable portal where equal weights put it', () => {
    const history = rows(730, () => 0, 2);
    const equal = fitRecalibration(history, GLOBAL_RISK_MODEL, 'equal');
    const recent = fitRecalibration(history, GLOBAL_RISK_MODEL, 'recent', recencyWeights(history, 180));
    const fresh = rows(365, () => 0, 3);
    expect(Math.abs(meanPredicted(fresh, recent) - meanPredicted(fresh, equal))).toBeLessThan(0.03);
  });
});
