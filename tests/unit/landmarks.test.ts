// Landmarks (each past renewal scored also at earlier moments, every row of a renewal weighing
// 1 ÷ its rows) and a learned model averaged with the global one: both honest, both transparent.
import { describe, expect, it } from '@jest/globals';
import { asOfGap } from '../../server/domain/as-of.ts';
import { backtestAccount, horizonRows, type BacktestRow } from '../../server/domain/backtest.ts';
import { blend, calibrate, CALIBRATION_RULES, fitFull, renewalsByClose, splitIndex, weighted } from '../../server/domain/calibrate.ts';
import { DEFAULT_ENGINE_CONFIG } from '../../server/domain/engine-config.ts';
import { GLOBAL_RISK_MODEL, logOdds, sigmoid, type RiskModel } from '../../server/domain/risk-model.ts';
import { seededRandom } from '../../server/domain/seeded-random.ts';
import { SentimentCache } from '../../server/domain/sentiment/cache.ts';
import { AccountSnapshot } from '../../server/domain/snapshot.ts';
import { generateAccount } from '../../server/synthetic/portfolio.ts';
import { normalFrom, spreadFactors } from '../helpers/risk-rows.ts';

const AS_OF = '2026-11-01T00:00:00.000Z';
const DAY = 86_400_000;
const deps = { config: DEFAULT_ENGINE_CONFIG, sentiment: new SentimentCache() };
const withHistory = (index: number, historyDays = 730) => AccountSnapshot.parse(generateAccount({ seed: 'lm', index, asOf: AS_OF, historyDays }).snapshot);
const iso = (ms: number) => new Date(ms).toISOString();

/** An urgent outage, a usage collapse, a meeting and a departure, all dated after `atMs`. */
function laterFacts(s: AccountSnapshot, atMs: number): AccountSnapshot {
  const out = structuredClone(s);
  out.tickets.push({ id: 'late', createdAt: iso(atMs + DAY), closedAt: null, type: 'outage', priority: 'urgent', subject: 'Down', messages: [{ at: iso(atMs + DAY), from: 'customer', text: 'This is terrible, we will cancel.' }] });
  out.usage.history.push({ date: iso(atMs + 2 * DAY).slice(0, 10), activeUsers: 0 });
  out.engagements.push({ at: iso(atMs + 3 * DAY), kind: 'meeting' });
  for (const c of out.contacts) if (c.active && c.role === 'champion') Object.assign(c, { active: false, leftAt: iso(atMs + 4 * DAY) });
  return out;
}

describe('landmark rows', () => {
  const accounts = [0, 1, 2, 3, 4, 5].map((i) => withHistory(i));
  const landmarkDays = [30, 60];

  it('score each renewal at the horizon and at each landmark before it, the horizon row as without landmarks', () => {
    let landmarks = 0;
    for (const s of accounts) {
      const plain = backtestAccount(s, deps).rows;
      const { rows } = backtestAccount(s, deps, { landmarkDays });
      expect(horizonRows(rows)).toEqual(plain);
      for (const r of rows) {
        const before = (Date.parse(r.closeDate) - Date.parse(r.at)) / DAY;
        expect([30, 60, 90]).toContain(before);
        if (before > 30) landmarks++;
      }
    }
    expect(landmarks).toBeGreaterThan(10);
  });

  it('never reach before the data begins: a landmark the history does not cover is left out', () => {
    let left = 0;
    let covered = 0;
    for (const s of accounts) {
      // The usage counts begin 130 days before the first renewal's close: its horizon row is covered, the 60-day landmark is not.
      const first = s.renewals.filter((r) => r.outcome !== 'open').sort((a, b) => a.closeDate.localeCompare(b.closeDate))[0]!;
      const begins = Date.parse(first.closeDate) - 130 * DAY;
      const trimmed = structuredClone(s);
      trimmed.usage.history = trimmed.usage.history.filter((p) => Date.parse(p.date) >= begins);
      const { rows } = backtestAccount(trimmed, deps, { landmarkDays });
      for (const r of rows) expect(asOfGap(trimmed, Date.parse(r.at))).toBeNull();
      for (const h of horizonRows(rows)) {
        for (const days of landmarkDays) {
          const at = Date.parse(h.closeDate) - (30 + days) * DAY;
          if (asOfGap(trimmed, at) !== null) {
            expect(rows.some((r) => r.renewalId === h.renewalId && Date.parse(r.at) === at)).toBe(false);
            left++;
          }
        }
      }
      if (asOfGap(trimmed, Date.parse(first.closeDate) - 30 * DAY) === null) {
        // Each landmark the data covers is there (the 90-day lookback has 31 days of slack), the rest not: the 60-day one never is.
        expect(rows.filter((r) => r.renewalId === first.id)).toHaveLength(1 + landmarkDays.filter((d) => asOfGap(trimmed, Date.parse(first.closeDate) - (30 + d) * DAY) === null).length);
        expect(asOfGap(trimmed, Date.parse(first.closeDate) - 90 * DAY)).toBe('usage_history_too_short');
        covered++;
      }
    }
    expect(covered).toBeGreaterThan(2);
    expect(left).toBeGreaterThanOrEqual(covered);
  });

  it('never change when facts dated after the landmark are added, and do when one before it is (no leakage)', () => {
    let checked = 0;
    for (const s of accounts.slice(0, 3)) {
      for (const row of backtestAccount(s, deps, { landmarkDays }).rows) {
        if (Date.parse(row.closeDate) - Date.parse(row.at) === 30 * DAY) continue;
        const again = backtestAccount(laterFacts(s, Date.parse(row.at)), deps, { landmarkDays }).rows.find((r) => r.renewalId === row.renewalId && r.at === row.at);
        expect(again).toEqual(row);
        const earlier = structuredClone(s);
        earlier.usage.history.push({ date: iso(Date.parse(row.at) - 5 * DAY).slice(0, 10), activeUsers: 0 });
        expect(backtestAccount(earlier, deps, { landmarkDays }).rows.find((r) => r.renewalId === row.renewalId && r.at === row.at)!.x).not.toEqual(row.x);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5);
  });
});

/** Renewals whose outcomes follow `truth`, one a day, each with `k` − 1 extra rows at earlier landmarks (values moved by noise). */
function renewals(n: number, k: number, truth: RiskModel, seed: number, copies = false): BacktestRow[] {
  const random = seededRandom(seed);
  const normal = normalFrom(random);
  const start = Date.parse('2024-01-01');
  return Array.from({ length: n }, (_, i) => {
    const x = spreadFactors(random, normal);
    const closeMs = start + Math.floor(i / 3) * DAY; // three renewals close each day: ties for the split
    const renewed = random() < sigmoid(logOdds(truth, x));
    return Array.from({ length: k }, (_, j) => ({
      accountId: `a${i % 7}`,
      renewalId: `r${i}`,
      closeDate: iso(closeMs).slice(0, 10),
      at: iso(closeMs - (30 + 30 * j) * DAY),
      renewed,
      x: j === 0 || copies ? x : Object.fromEntries(Object.entries(x).map(([f, v]) => [f, v + 0.3 * normal()])),
      marks: [],
    }));
  }).flat();
}

const truth: RiskModel = { ...GLOBAL_RISK_MODEL, version: 'truth', intercept: 1.2, coefficients: { ...GLOBAL_RISK_MODEL.coefficients, champion_lost: -1.8 } };

describe('landmark weights and the time split', () => {
  it('weigh every renewal once in total, whatever its number of rows', () => {
    const rows = renewals(300, 3, truth, 1).filter((r, i) => i % 5 !== 4); // some renewals lose a landmark
    const { rows: fitRows, weight } = weighted(renewalsByClose(rows));
    expect(fitRows).toHaveLength(rows.length);
    const perRenewal = new Map<string, number>();
    fitRows.forEach((r, i) => perRenewal.set(r.renewalId, (perRenewal.get(r.renewalId) ?? 0) + weight![i]!));
    expect(perRenewal.size).toBe(300);
    for (const total of perRenewal.values()) expect(total).toBeCloseTo(1, 12);
    expect(new Set(weight).size).toBeGreaterThan(1); // 1/3 and 1/2 both occur
    expect(weighted(renewalsByClose(renewals(50, 1, truth, 2))).weight).toBeUndefined();
  });

  it('keeps every row of a renewal on one side of the time split, and judges on the horizon rows', () => {
    const rows = renewals(1000, 3, truth, 3).reverse();
    const groups = renewalsByClose(rows);
    const split = splitIndex(groups.length, CALIBRATION_RULES.heldOutShare);
    const trainIds = new Set(groups.slice(0, split).flatMap((g) => g.rows.map((r) => r.renewalId)));
    const testIds = new Set(groups.slice(split).flatMap((g) => g.rows.map((r) => r.renewalId)));
    expect([...trainIds].filter((id) => testIds.has(id))).toEqual([]);
    expect(groups.every((g) => g.rows.length === 3 && g.rows.every((r) => r.renewalId === g.horizon.renewalId))).toBe(true);
    expect(groups.every((g) => g.rows.every((r) => Date.parse(r.at) <= Date.parse(g.horizon.at)))).toBe(true);
    const newestTrain = groups[split - 1]!.horizon.closeDate;
    expect(groups.slice(split).every((g) => g.horizon.closeDate >= newestTrain)).toBe(true);
    const c = calibrate(rows);
    expect(c.fittedOn.renewals).toBe(1000);
    expect(c.validation!.train + c.validation!.heldOut).toBe(1000);
    expect(c.validation!.rows).toBe(3000);
  });

  it('gives the model of one row per renewal when the landmark rows repeat the horizon row (each renewal counts once)', () => {
    const once = renewals(1500, 1, truth, 4);
    const thrice = renewals(1500, 3, truth, 4, true);
    const a = calibrate(once);
    const b = calibrate(thrice);
    expect(b.mode).toBe(a.mode);
    expect(b.validation!.candidate.penalty).toBe(a.validation!.candidate.penalty);
    for (const [f, v] of Object.entries(a.model.coefficients)) expect(b.model.coefficients[f]).toBeCloseTo(v, 3);
    // Without the weights the copies would count three times: shrinkage would weigh a third as much.
    const unweighted = fitFull(thrice, GLOBAL_RISK_MODEL, 32, 'x');
    const weightedFit = fitFull(thrice, GLOBAL_RISK_MODEL, 32, 'x', undefined, {}, thrice.map(() => 1 / 3));
    const single = fitFull(once, GLOBAL_RISK_MODEL, 32, 'x');
    expect(weightedFit.coefficients.champion_lost).toBeCloseTo(single.coefficients.champion_lost!, 3);
    expect(Math.abs(unweighted.coefficients.champion_lost! - single.coefficients.champion_lost!)).toBeGreaterThan(0.01);
  });
});

describe('a learned model averaged with the global one', () => {
  const learned: RiskModel = { version: 'learned', intercept: 0.4, coefficients: { seat_utilisation: 0.5, sentiment_long: 2, tenure: 0.3 }, levels: { high: 0.4, medium: 0.7 } };

  it('is one linear model whose log-odds are the weighted average of the two', () => {
    const random = seededRandom(5);
    const normal = normalFrom(random);
    const mixed = blend(learned, GLOBAL_RISK_MODEL, 0.5, 'mixed');
    expect(mixed.version).toBe('mixed');
    for (let i = 0; i < 200; i++) {
      const x = { ...spreadFactors(random, normal), tenure: random() * 3 };
      expect(logOdds(mixed, x)).toBeCloseTo(0.5 * logOdds(learned, x) + 0.5 * logOdds(GLOBAL_RISK_MODEL, x), 2);
    }
    // A factor the learned model leaves out takes the global coefficient in its half.
    expect(mixed.coefficients.champion_lost).toBeCloseTo(GLOBAL_RISK_MODEL.coefficients.champion_lost!, 4);
    expect(mixed.coefficients.tenure).toBeCloseTo(0.15, 4);
    expect(blend(learned, GLOBAL_RISK_MODEL, 1)).toEqual(learned);
  });

  it('is what the calibration stores when its rules average half and half, and says so', () => {
    const rows = renewals(2500, 1, truth, 6);
    const plain = calibrate(rows);
    const half = calibrate(rows, GLOBAL_RISK_MODEL, { ...CALIBRATION_RULES, blendWeights: [0.5] });
    expect(plain.mode).toBe('fitted');
    expect(half.mode).toBe('fitted');
    expect(half.validation!.candidate.blend).toBe(0.5);
    expect(half.reason).toContain("averaged with the global model's");
    for (const f of Object.keys(GLOBAL_RISK_MODEL.coefficients)) {
      expect(half.model.coefficients[f]).toBeCloseTo((plain.model.coefficients[f]! + GLOBAL_RISK_MODEL.coefficients[f]!) / 2, 3);
    }
    // Let the split choose: on rows whose truth is far from the global model, the learned model alone predicts better.
    const chosen = calibrate(rows, GLOBAL_RISK_MODEL, { ...CALIBRATION_RULES, blendWeights: [1, 0.5] });
    expect(chosen.validation!.candidate.blend).toBe(1);
    expect(chosen.model.coefficients).toEqual(plain.model.coefficients);
  });
});
