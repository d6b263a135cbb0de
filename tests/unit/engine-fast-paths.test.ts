// The engine's fast paths give the same bits as the straightforward ones, on generated portfolios:
// score-only ROB runs against full evaluations, runs without sentences against explained runs,
// the risk model's shared factor pass against notes rebuilt from riskFactorValues, the median
// resolution time from the middle ratios against every ratio's log₂ sorted, and a warm
// sentiment cache against scoring every message anew; and the single passes that replaced
// separate filters or passes (support-time-saved's counts, resolution's open tickets, ticket
// burden's two windows, objective ranking)
// against those filters written out.
import { describe, expect, it } from '@jest/globals';
import { modelTrend, scoreAccount } from '../../server/domain/engine.ts';
import { DEFAULT_ENGINE_CONFIG } from '../../server/domain/engine-config.ts';
import { round } from '../../server/domain/format.ts';
import { keepTickets, prepareAccount, type PreparedAccount, type PreparedTicket } from '../../server/domain/prepare.ts';
import { evaluateRob, robScore, type RobEvaluation } from '../../server/domain/rob.ts';
import { assess } from '../../server/domain/assess.ts';
import { assessRisk, riskFactorValues, riskLevel, type RiskInputs } from '../../server/domain/risk.ts';
import { riskSignals, SIGNAL_SHAPE } from '../../server/domain/risk-signals.ts';
import { recentAndBaselineTicketDays, ticketDaysIn } from '../../server/domain/ticket-windows.ts';
import { coefficient, GLOBAL_RISK_MODEL, sigmoid, type RiskModel } from '../../server/domain/risk-model.ts';
import { analyzeSentiment } from '../../server/domain/sentiment/analyze.ts';
import { SentimentCache } from '../../server/domain/sentiment/cache.ts';
import { AccountSnapshot } from '../../server/domain/snapshot.ts';
import { countTickets } from '../../server/domain/components/support-time-saved.ts';
import { openLoad, resolutionComponent } from '../../server/domain/components/resolution.ts';
import { rankObjectives } from '../../server/domain/objectives.ts';
import { TICKET_TYPES } from '../../server/domain/snapshot.ts';
import { DAY_MS, toMs } from '../../server/domain/time.ts';
import { generatePortfolio } from '../../server/synthetic/portfolio.ts';

const config = DEFAULT_ENGINE_CONFIG;
const fresh = { score: analyzeSentiment };
const SEEDS = ['fast-1', 'fast-2', 'fast-3'];
const ACCOUNTS = 300;

function portfolio(seed: string): AccountSnapshot[] {
  const asOf = '2026-11-01T00:00:00.000Z';
  return Array.from(generatePortfolio({ seed, accounts: ACCOUNTS, asOf, ticketsPerAccount: 12 }), (g) => AccountSnapshot.parse(JSON.parse(JSON.stringify(g.snapshot))));
}

/**
 * The numbers of an evaluation, without its sentences (reasons), as text for exact comparison.
 * Left out too: sentiment.recentMean, which the sentiment component itself gives differently with
 * and without sentences when there are only earlier messages (the mean of the earlier ones vs null;
 * reported, not changed here: the engine's results must stay as they are).
 */
function numbers(rob: RobEvaluation): string {
  const { components, ...rest } = rob;
  const reasonless = components.map(({ reason: _reason, ...c }) => c);
  const strip = (o: object) => ({ ...o, reason: undefined });
  return JSON.stringify({ ...rest, components: reasonless, usage: strip(rest.usage), sentiment: { ...strip(rest.sentiment), recentMean: undefined }, burden: strip(rest.burden), resolution: strip(rest.resolution) });
}

/** The moments the engine evaluates an account at, and the account without the tickets open now. */
function runs(account: PreparedAccount): { account: PreparedAccount; at: number }[] {
  const at = account.asOfMs;
  const pastAt = at - config.windows.trendDays * DAY_MS;
  const without = keepTickets(account, (t) => t.closedMs <= at);
  return [at, pastAt, at - 10 * DAY_MS].flatMap((t) => [{ account, at: t }, { account: without, at: t }]);
}

/** assessRisk as written before the shared factor pass: notes rebuilt from riskFactorValues. */
function straightforwardRisk(inputs: RiskInputs, model: RiskModel): { probability: number; level: string; effects: [string, number][] } {
  let logit = model.intercept;
  const effects: [string, number][] = [];
  for (const [factor, v] of Object.entries(riskFactorValues(inputs, model))) {
    const c = coefficient(model, factor);
    if (c === 0) continue;
    const effect = round(c * v, 2);
    logit += effect;
    if (effect !== 0) effects.push([factor, effect]); // an effect that rounds to 0 has no note
  }
  effects.sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]));
  const p = sigmoid(logit);
  return { probability: round(p, 3), level: riskLevel(p, model), effects };
}

const calibrated: RiskModel = { ...GLOBAL_RISK_MODEL, version: 'test', intercept: 1.1, coefficients: { ...GLOBAL_RISK_MODEL.coefficients, usage_component: 0.3, rob_trend: 0.4, sentiment: 0 } };

describe.each(SEEDS)('fast paths on a generated portfolio (seed %s)', (seed) => {
  const snapshots = portfolio(seed);
  const prepared = snapshots.map((s) => prepareAccount(s, config, fresh));

  it('robScore gives the bits of evaluateRob(…).score at every moment the engine evaluates', () => {
    let compared = 0;
    for (const account of prepared) {
      for (const { account: a, at } of runs(account)) {
        const ctx = { account: a, config, at, explain: false };
        expect(Object.is(robScore(ctx), evaluateRob(ctx).score)).toBe(true);
        compared++;
      }
    }
    expect(compared).toBe(ACCOUNTS * 6);
  });

  it('the risk model\'s trend matches two full runs on the account without its open tickets', () => {
    let withOpen = 0, shortcut = 0;
    for (const account of prepared) {
      const at = account.asOfMs;
      const pastAt = at - config.windows.trendDays * DAY_MS;
      const pastScore = robScore({ account, config, at: pastAt, explain: false });
      const fast = modelTrend(account, config, at, pastAt, pastScore);
      if (!account.tickets.some((t) => t.createdMs <= at && t.closedMs > at)) {
        expect(fast).toBeUndefined();
        continue;
      }
      withOpen++;
      if (account.tickets.every((t) => t.closedMs <= at || t.createdMs > pastAt)) shortcut++;
      const without = keepTickets(account, (t) => t.closedMs <= at);
      const now = evaluateRob({ account: without, config, at, explain: false }).score;
      const then = evaluateRob({ account: without, config, at: pastAt, explain: false }).score;
      expect(Object.is(fast, now === null || then === null ? null : now - then)).toBe(true);
    }
    expect(withOpen).toBeGreaterThan(20);
    expect(shortcut).toBeGreaterThan(5);
    expect(shortcut).toBeLessThan(withOpen);
  });

  it('a model that does not weigh the trend gives the same assessment without the model trend; one that does reads it', () => {
    let withTrend = 0;
    const calibratedConfig = { ...config, riskModel: calibrated };
    for (const account of prepared) {
      const at = account.asOfMs;
      const pastAt = at - config.windows.trendDays * DAY_MS;
      const pastScore = robScore({ account, config, at: pastAt, explain: false });
      const trend = modelTrend(account, config, at, pastAt, pastScore);
      if (trend === undefined) continue;
      withTrend++;
      const skipped = assess(account, config, at, pastScore, true);
      const computed = assess(account, config, at, pastScore, true, undefined, trend);
      expect(JSON.stringify(skipped.risk)).toBe(JSON.stringify(computed.risk));
      const weighed = assess(account, calibratedConfig, at, pastScore, true, undefined, trend);
      expect(JSON.stringify(scoreAccount(account.snapshot, { config: calibratedConfig, sentiment: fresh }).risk)).toBe(JSON.stringify(weighed.risk));
    }
    expect(withTrend).toBeGreaterThan(20);
  });

  it('runs without sentences compute the same numbers as explained runs', () => {
    for (const account of prepared) {
      for (const { account: a, at } of runs(account)) {
        const quiet = evaluateRob({ account: a, config, at, explain: false });
        const explained = evaluateRob({ account: a, config, at, explain: true });
        expect(numbers(quiet)).toBe(numbers(explained));
        expect(explained.components.every((c) => c.reason.length > 0)).toBe(true);
      }
    }
  });

  it('the risk assessment matches notes rebuilt from riskFactorValues, under the global and a calibrated model', () => {
    let assessed = 0;
    for (const account of prepared) {
      const at = account.asOfMs;
      const a = assess(account, config, at, robScore({ account, config, at: at - 30 * DAY_MS, explain: false }), false);
      if (!a.riskInputs) continue;
      assessed++;
      for (const model of [GLOBAL_RISK_MODEL, calibrated]) {
        const fast = assessRisk(a.riskInputs, model, true);
        const reference = straightforwardRisk(a.riskInputs, model);
        expect(fast.renewalProbability).toBe(reference.probability);
        expect(fast.level).toBe(reference.level);
        expect(fast.notes.filter((n) => n.factor !== 'days_to_renewal').map((n) => [n.factor, n.effect])).toEqual(reference.effects);
      }
    }
    expect(assessed).toBeGreaterThan(ACCOUNTS / 2);
  });

  it('the median resolution time takes log₂ of the middle ratios only, as sorting every ratio\'s log₂ would', () => {
    let compared = 0;
    for (const account of prepared) {
      for (const { account: a, at } of runs(account)) {
        // As written before: log₂ of every ticket's resolution ratio, sorted, then the median.
        const from = at - SIGNAL_SHAPE.windowDays * DAY_MS;
        const logs = a.tickets
          .filter((t) => t.createdMs <= at && (t.closedMs > at || t.closedMs > from))
          .map((t) => Math.log2((Math.max(0, Math.min(t.closedMs, at) - t.createdMs) / 3_600_000 + 1) / SIGNAL_SHAPE.targetHours[t.priority]))
          .sort((x, y) => x - y);
        const mid = logs.length >> 1;
        const reference = logs.length === 0 ? null : logs.length % 2 === 1 ? logs[mid]! : (logs[mid - 1]! + logs[mid]!) / 2;
        const fast = riskSignals(a, config, at).resolution;
        expect(fast === null ? null : [fast.medianLog2, fast.tickets]).toEqual(reference === null ? null : [reference, logs.length]);
        if (reference !== null) compared++;
      }
    }
    expect(compared).toBeGreaterThan(ACCOUNTS * 3);
  });

  it('ticket burden\'s recent and baseline ticket-days in one pass are the two windows\' own passes', () => {
    let compared = 0;
    for (const account of prepared) {
      for (const { account: a, at } of runs(account)) {
        const recentFrom = at - config.windows.recentDays * DAY_MS;
        for (const baselineFrom of [recentFrom - config.windows.baselineDays * DAY_MS, recentFrom - 20 * DAY_MS, recentFrom, recentFrom + 5 * DAY_MS]) {
          const both = recentAndBaselineTicketDays(a.tickets, baselineFrom, recentFrom, at);
          expect(both.recent).toEqual(ticketDaysIn(a.tickets, recentFrom, at, at, false));
          expect(Object.is(both.baselineLoad, ticketDaysIn(a.tickets, baselineFrom, recentFrom, at, true).load)).toBe(true);
          compared++;
        }
      }
    }
    expect(compared).toBe(ACCOUNTS * 24);
  });

  it('support time saved counts its window, baseline and history in one pass as three separate filters would', () => {
    let compared = 0;
    for (const account of prepared) {
      for (const { account: a, at } of runs(account)) {
        const windowFrom = at - config.windows.savingsDays * DAY_MS;
        const baselineFrom = Math.max(windowFrom - config.windows.baselineDays * DAY_MS, a.customerSinceMs);
        const open = (t: PreparedTicket) => t.closedMs > at;
        // As written before the single pass: created in [from, to) and not after `at`; the window
        // also takes every older ticket still open, the baseline none that is open.
        const window = a.tickets.filter((t) => t.createdMs < at && (t.createdMs >= windowFrom || open(t)));
        const baseline = a.tickets.filter((t) => t.createdMs >= baselineFrom && t.createdMs < windowFrom && t.createdMs <= at && !open(t));
        const history = a.tickets.filter((t) => t.createdMs >= baselineFrom && t.createdMs < windowFrom);
        const byType = (list: PreparedTicket[]) => TICKET_TYPES.map((type) => list.filter((t) => t.type === type).length);
        const fast = countTickets(a.tickets, baselineFrom, windowFrom, at);
        expect([fast.window.count, [...fast.window.byType], fast.baseline.count, [...fast.baseline.byType], fast.history]).toEqual([window.length, byType(window), baseline.length, byType(baseline), history.length]);
        compared++;
      }
    }
    expect(compared).toBe(ACCOUNTS * 6);
  });

  it('resolution reads the open tickets in one pass as it did from the list of open tickets', () => {
    for (const account of prepared) {
      for (const { account: a, at } of runs(account)) {
        const open = a.tickets.filter((t) => t.createdMs <= at && t.closedMs > at);
        const load = open.reduce((sum, t) => sum + openLoad(t, at), 0);
        const r = resolutionComponent({ account: a, config, at, explain: true });
        expect(r.load).toBe(load);
        expect(r.value).toBe(open.length === 0 ? 1 : Math.min(1, config.resolutionHalfLoad / (config.resolutionHalfLoad + load)));
        if (open.length > 0) expect(r.reason).toContain(open.length === 1 ? '1 open ticket:' : `${open.length} open tickets;`);
      }
    }
  });

  it('objectives are ranked as by the comparator that parsed due dates on every comparison', () => {
    const at = Date.parse('2026-11-01T00:00:00.000Z');
    for (const s of snapshots) {
      const reference = s.objectives
        .map((o) => ({ ...o, opportunity: o.importance + Math.max(o.importance - o.satisfaction, 0), overdue: (o.status === 'open' || o.status === 'at_risk') && !!o.dueDate && toMs(o.dueDate) < at }))
        .sort((a, b) => b.opportunity - a.opportunity || Number(b.overdue) - Number(a.overdue) || (a.dueDate ? toMs(a.dueDate) : Infinity) - (b.dueDate ? toMs(b.dueDate) : Infinity) || a.id.localeCompare(b.id));
      expect(JSON.stringify(rankObjectives(s.objectives, at))).toBe(JSON.stringify(reference));
    }
  });

  it('each prepared ticket weighs its type weight × its priority weight, and knows its type\'s index, under the default and a changed configuration', () => {
    const changed = { ...config, ticketTypeWeights: { ...config.ticketTypeWeights, bug: 5.5 }, priorityWeights: { ...config.priorityWeights, low: 0.25 } };
    for (const c of [config, changed]) {
      for (const s of snapshots.slice(0, 50)) {
        const prepared = prepareAccount(s, c, fresh);
        for (const t of prepared.tickets) {
          expect(t.weight).toBe(c.ticketTypeWeights[t.type] * c.priorityWeights[t.priority]);
          expect(TICKET_TYPES[t.typeIndex]).toBe(t.type);
        }
      }
    }
  });

  it('whole results are byte-identical with a warm sentiment cache and with every message scored anew', () => {
    const cache = new SentimentCache();
    for (const s of snapshots) scoreAccount(s, { config, sentiment: cache });
    expect(cache.hits).toBeGreaterThan(0);
    for (const s of snapshots) {
      expect(JSON.stringify(scoreAccount(s, { config, sentiment: cache }))).toBe(JSON.stringify(scoreAccount(s, { config, sentiment: fresh })));
    }
  });
});
