import { describe, expect, it } from '@jest/globals';
import { AccountResult } from '../../server/domain/result.ts';
import { parseEngineConfig } from '../../server/domain/engine-config.ts';
import { PROPERTY_NAMES } from '../../server/domain/property-names.ts';
import { GLOBAL_RISK_MODEL } from '../../server/domain/risk-model.ts';
import { AS_OF, contractExample, daysAgo, healthyInput, score, urgentBug } from '../helpers/snapshots.ts';

const sumOfContributions = (r: AccountResult) => r.rob.components.reduce((s, c) => s + c.contribution, 0);

describe('scoreAccount on the contract example', () => {
  const result = score(contractExample());

  it('returns a result that satisfies the published AccountResult schema', () => {
    expect(() => AccountResult.parse(result)).not.toThrow();
    expect(result.accountId).toBe('c-1');
    expect(result.status).toBe('ok');
  });

  it('has contributions that add up to the score, within rounding', () => {
    expect(result.rob.score).not.toBeNull();
    expect(Math.abs(sumOfContributions(result) - result.rob.score!)).toBeLessThanOrEqual(0.5);
    expect(result.rob.score!).toBeGreaterThanOrEqual(0);
    expect(result.rob.score!).toBeLessThanOrEqual(100);
  });

  it('explains every component with a sentence and effective weights that sum to 1', () => {
    for (const c of result.rob.components) expect(c.reason.length).toBeGreaterThan(10);
    expect(result.rob.components.reduce((s, c) => s + c.weight, 0)).toBeCloseTo(1, 3);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(score(contractExample()))).toBe(JSON.stringify(result));
  });

  it('names the open urgent bug as a show-stopper, with its evidence', () => {
    expect(result.plan.showStoppers).toEqual([
      expect.objectContaining({ id: 'ticket:t-1', kind: 'open_severe_ticket', evidence: ['t-1'] }),
    ]);
    expect(result.plan.showStoppers[0]!.title).toContain('Export fails');
  });

  it('writes every product property as a string', () => {
    expect(Object.keys(result.properties).sort()).toEqual([...PROPERTY_NAMES].sort());
    for (const v of Object.values(result.properties)) expect(typeof v).toBe('string');
    expect(result.properties.success_rob_score).toBe(String(result.rob.score));
    expect(result.properties.success_renewal_risk).toBe(result.risk.level);
    expect(result.properties.success_showstoppers).toBe('1');
    expect(result.properties.success_computed_at).toBe('2026-11-01T00:00:00.000Z');
    expect(result.properties.success_renewal_risk_notes.split('\n')).toEqual(result.risk.notes.map((n) => n.text));
  });

  it('cites evidence in the risk notes: days to renewal and the open severe ticket', () => {
    const texts = result.risk.notes.map((n) => n.text);
    expect(texts[0]).toBe('Renewal in 75 days (2027-01-15).');
    expect(texts).toContain('A severe ticket has been open 11 days; it weighs more every day it stays open.');
    expect(result.plan.showStoppers.some((s) => s.title.includes('Urgent bug open 11 days'))).toBe(true);
    expect(result.risk.daysToRenewal).toBe(75);
  });
});

describe('next best step', () => {
  it('picks resolving the urgent bug, valued by its share of the ticket burden and open load', () => {
    const before = score(contractExample());
    const step = before.plan.nextBestStep!;
    expect(step.kind).toBe('resolve_ticket');
    expect(step.evidence).toEqual(['t-1']);
    // The only ticket carries the whole burden: its gain is every point the two ticket components lose.
    const lost = before.rob.components
      .filter((c) => c.key === 'ticketBurden' || c.key === 'resolution')
      .reduce((sum, c) => sum + c.weight * (1 - c.value) * 100, 0);
    expect(step.expectedGain).toBeCloseTo(lost, 0);
    expect(step.renewalProbabilityGain).toBeGreaterThan(0);
    expect(step.effortText).toBe('about a day');
    expect(step.why).toMatch(/severe problem comes before/);
  });

  it('offers a check-in and nothing costly to a healthy, engaged account with objectives', () => {
    const input = healthyInput();
    input.objectives = [{ id: 'o-1', statement: 'Minimise the time it takes to add a user', importance: 5, satisfaction: 5, status: 'achieved' }];
    const r = score(input);
    expect(r.plan.showStoppers).toEqual([]);
    expect(r.plan.nextBestStep?.kind).toBe('schedule_check_in');
  });

  it('books the check-in with the executive sponsor when the portal model weighs how long ago they were met', () => {
    const input = healthyInput();
    input.objectives = [{ id: 'o-1', statement: 'Minimise the time it takes to add a user', importance: 5, satisfaction: 5, status: 'achieved' }];
    input.engagements = [{ at: daysAgo(10), kind: 'meeting', contactIds: ['p-1'] }, { at: daysAgo(200), kind: 'call', contactIds: ['p-2'] }];
    const global = score(input).plan.nextBestStep!;
    expect(global.action).toBe('Book a value check-in call with Dana to review objectives');
    const model = { ...GLOBAL_RISK_MODEL, version: 'portal-1', coefficients: { ...GLOBAL_RISK_MODEL.coefficients, sponsor_last_met: -0.4 } };
    const r = score(input, parseEngineConfig({ riskModel: model }));
    const note = r.risk.notes.find((n) => n.factor === 'sponsor_last_met')!;
    expect(note.text).toMatch(/^The last meeting or call with the executive sponsor \(Eve\) was 200 days ago/);
    const step = r.plan.nextBestStep!;
    expect(step.kind).toBe('schedule_check_in');
    expect(step.action).toBe('Book a value check-in call with Eve, the executive sponsor, to review objectives');
    expect(step.evidence).toEqual(['p-2']);
    expect(step.renewalProbabilityGain).toBeGreaterThan(global.renewalProbabilityGain);
  });

  it("puts a customer's ask to cancel or buy less first: a show-stopper quoting it and a call about it", () => {
    const input = healthyInput();
    input.objectives = [{ id: 'o-1', statement: 'Minimise the time it takes to add a user', importance: 5, satisfaction: 5, status: 'achieved' }];
    input.tickets!.push({
      id: 't-ask', createdAt: daysAgo(12), closedAt: daysAgo(10), type: 'billing', priority: 'low', subject: 'Renewal',
      messages: [{ at: daysAgo(12), from: 'customer', text: 'Our budget was cut, so we need to reduce our seats from 100 to 60 at renewal.' }, { at: daysAgo(10), from: 'agent', text: 'Passed to your account manager.' }],
    });
    const r = score(input);
    const stopper = r.plan.showStoppers.find((s) => s.kind === 'contraction_ask')!;
    expect(stopper.title).toBe('Customer asked to cancel or buy less: Renewal');
    expect(stopper.reason).toBe(`On ${daysAgo(12).slice(0, 10)} the customer wrote in ticket t-ask: “Our budget was cut, so we need to reduce our seats from 100 to 60 at renewal.”`);
    expect(stopper.evidence).toEqual(['t-ask']);
    const step = r.plan.nextBestStep!;
    expect(step.kind).toBe('answer_ask');
    expect(step.action).toBe('Call Dana about their request to cancel or buy less (ticket t-ask) and agree what would keep them');
    expect(step.evidence).toEqual(['t-ask', 'p-1']);
    expect(step.why).toMatch(/^The customer asked to cancel or buy less: answering that comes before any other step\./);
    // Older than 90 days, or only the agent's words: no show-stopper.
    const old = healthyInput();
    old.objectives = input.objectives;
    old.tickets!.push({ id: 't-old', createdAt: daysAgo(100), closedAt: daysAgo(98), type: 'billing', priority: 'low', subject: 'Please cancel our subscription', messages: [] });
    old.tickets!.push({ id: 't-agent', createdAt: daysAgo(5), closedAt: daysAgo(4), type: 'billing', priority: 'low', subject: 'Invoice', messages: [{ at: daysAgo(5), from: 'agent', text: 'You can downgrade your plan at any time.' }] });
    const quiet = score(old);
    expect(quiet.plan.showStoppers.some((s) => s.kind === 'contraction_ask')).toBe(false);
    expect(quiet.plan.nextBestStep?.kind).toBe('schedule_check_in');
  });

  it('calls the sponsor to confirm a renewal due within two weeks before any fix that takes days', () => {
    const input = healthyInput();
    input.account.renewalDate = '2026-11-04';
    input.tickets!.push(urgentBug('t-bug', 40));
    const r = score(input);
    const step = r.plan.nextBestStep!;
    expect(step.kind).toBe('confirm_renewal');
    expect(step.action).toBe('Call Eve before the renewal on 2026-11-04 (in 3 days) to confirm it and agree a plan for the urgent bug t-bug');
    expect(step.evidence).toEqual(['p-2']);
    expect(step.effortText).toBe('about two hours');
    expect(step.why).toMatch(/^The renewal is due in 3 days: work that takes days cannot change the decision now, so confirm it with the customer first\. Next best: “Resolve urgent bug t-bug/);
    expect(r.plan.alternatives[0]!.kind).toBe('resolve_ticket');
    // Tomorrow, today, and without a sponsor: the champion.
    input.account.renewalDate = '2026-11-02';
    expect(score(input).plan.nextBestStep!.action).toMatch(/^Call Eve before the renewal on 2026-11-02 \(tomorrow\)/);
    input.account.renewalDate = '2026-11-01';
    input.contacts![1]!.active = false;
    expect(score(input).plan.nextBestStep!.action).toMatch(/^Call Dana before the renewal on 2026-11-01 \(today\)/);
  });

  it('asks where a renewal stands once its date has passed with no outcome recorded, and leaves a far or recorded one alone', () => {
    const input = healthyInput();
    input.objectives = [{ id: 'o-1', statement: 'Minimise the time it takes to add a user', importance: 5, satisfaction: 5, status: 'achieved' }];
    input.account.renewalDate = '2026-10-20';
    const passed = score(input).plan.nextBestStep!;
    expect(passed.kind).toBe('confirm_renewal');
    expect(passed.action).toBe('Ask Eve whether the contract due for renewal on 2026-10-20 was renewed, and record the outcome in the CRM');
    expect(passed.why).toMatch(/^The renewal date passed 12 days ago and no outcome is recorded/);
    input.renewals = [{ id: 'd-2', closeDate: '2026-10-20', amount: 100000, outcome: 'won' }];
    expect(score(input).plan.nextBestStep!.kind).toBe('schedule_check_in');
    input.renewals = [];
    input.account.renewalDate = '2026-11-16';
    const far = score(input);
    expect(far.plan.nextBestStep!.kind).toBe('schedule_check_in');
    expect(far.plan.alternatives.some((s) => s.kind === 'confirm_renewal')).toBe(false);
  });

  it('asks to agree objectives first when none are recorded', () => {
    const r = score(healthyInput());
    expect(r.plan.nextBestStep?.kind).toBe('agree_objectives');
  });
});

describe('missing data', () => {
  it('does not penalise an account with no tickets and healthy usage', () => {
    const input = healthyInput();
    input.tickets = [];
    const r = score(input);
    const byKey = Object.fromEntries(r.rob.components.map((c) => [c.key, c]));
    expect(byKey.ticketBurden!.value).toBe(1);
    expect(byKey.resolution!.value).toBe(1);
    expect(byKey.sentiment!.hasData).toBe(false);
    expect(byKey.sentiment!.weight).toBe(0);
    expect(r.rob.score!).toBeGreaterThanOrEqual(score(healthyInput()).rob.score!);
    expect(r.rob.score!).toBeGreaterThan(85);
  });

  it('answers "insufficient data" with no score when nothing is known', () => {
    const r = score({ asOf: AS_OF, account: { id: 'x', name: 'Ghost' } });
    expect(r.status).toBe('insufficient_data');
    expect(r.statusReason).toMatch(/Not enough data/);
    expect(r.rob.score).toBeNull();
    expect(r.rob.trend30d).toBeNull();
    expect(r.risk.level).toBeNull();
    expect(r.risk.renewalProbability).toBeNull();
    expect(r.properties.success_rob_score).toBe('');
    expect(r.properties.success_renewal_risk).toBe('');
    expect(r.plan.nextBestStep?.kind).toBe('complete_data');
    expect(() => AccountResult.parse(r)).not.toThrow();
    // No score, so no component counts: resolution ("No open tickets.") does not show weight 1, +100.
    const resolution = r.rob.components.find((c) => c.key === 'resolution')!;
    expect(resolution).toMatchObject({ reason: 'No open tickets.', weight: 0, contribution: 0 });
    expect(r.rob.components.every((c) => c.weight === 0 && c.contribution === 0)).toBe(true);
  });

  it('gives no 30-day trend to a customer who started less than 30 days ago, instead of a fall from before they existed', () => {
    const input = healthyInput();
    input.account.customerSince = daysAgo(20).slice(0, 10);
    input.usage = { activeUsers: 40, history: [] };
    input.tickets = [{ ...urgentBug('t-new', 8), type: 'outage' as const, priority: 'high' as const }];
    input.renewals = [];
    const r = score(input);
    expect(r.rob.score).not.toBeNull();
    expect(r.rob.trend30d).toBeNull();
    expect(r.properties.success_rob_trend_30d).toBe('');
    // A model that weighs the trend reads none either, and says nothing about it.
    const model = { ...GLOBAL_RISK_MODEL, version: 'portal-1', coefficients: { ...GLOBAL_RISK_MODEL.coefficients, rob_trend: 0.25 } };
    const weighed = score(input, parseEngineConfig({ riskModel: model }));
    expect(weighed.rob.trend30d).toBeNull();
    expect(weighed.risk.notes.some((n) => n.factor === 'rob_trend')).toBe(false);
    // Thirty days in, the trend is measured again.
    input.account.customerSince = daysAgo(30).slice(0, 10);
    expect(score(input).rob.trend30d).not.toBeNull();
  });

  it('still scores an account with tickets but no usage, leaving usage out', () => {
    const input = healthyInput();
    input.usage = { history: [] };
    const r = score(input);
    expect(r.status).toBe('ok');
    const usage = r.rob.components.find((c) => c.key === 'usage')!;
    expect(usage.hasData).toBe(false);
    expect(usage.contribution).toBe(0);
  });
});

describe('comparability', () => {
  it('gives a 10× larger customer with 10× the tickets the same ticket burden', () => {
    const small = healthyInput();
    const big = healthyInput();
    big.account.licensedSeats = 1000;
    big.usage = { activeUsers: 850, history: big.usage!.history!.map((p) => ({ ...p, activeUsers: p.activeUsers * 10 })) };
    big.tickets = Array.from({ length: 10 }, (_, k) => big.tickets!.map((t) => ({ ...t, id: `${t.id}-${k}` }))).flat();
    const burden = (r: AccountResult) => r.rob.components.find((c) => c.key === 'ticketBurden')!.value;
    expect(Math.abs(burden(score(big)) - burden(score(small)))).toBeLessThan(0.02);
  });
});

describe('configuration', () => {
  it('normalises component weights and moves the score when they change', () => {
    const base = score(contractExample());
    const usageHeavy = score(contractExample(), parseEngineConfig({ componentWeights: { usage: 90, ticketBurden: 5, sentiment: 0, resolution: 5, supportTimeSaved: 0 } }));
    expect(usageHeavy.rob.components.find((c) => c.key === 'usage')!.weight).toBeCloseTo(0.9, 3);
    expect(usageHeavy.rob.score).not.toBe(base.rob.score);
  });

  it('rejects a configuration with unknown keys or negative weights', () => {
    expect(() => parseEngineConfig({ componentWeights: { usage: -1 } })).toThrow();
    expect(() => parseEngineConfig({ ticketTypeWeights: { outages: 3 } })).toThrow();
  });

  it('prices support time with the configured cost per hour', () => {
    const input = healthyInput();
    // A usual rate from the customer's own history (6 tickets 100–250 days ago), none since.
    input.tickets = input.tickets!.slice(0, 1).flatMap((t) => [100, 130, 160, 190, 220, 250].map((d, i) => ({ ...t, id: `b-${i}`, createdAt: daysAgo(d), closedAt: daysAgo(d - 1), messages: [] })));
    const cheap = score(input, parseEngineConfig({ costPerSupportHour: 10 }));
    const dear = score(input, parseEngineConfig({ costPerSupportHour: 100 }));
    expect(cheap.savings.hoursSaved).toBeGreaterThan(0);
    expect(dear.savings.moneySaved).toBeCloseTo(cheap.savings.moneySaved * 10, -1);
  });
});

describe('objectives', () => {
  it('ranks by opportunity = importance + max(importance − satisfaction, 0) and flags overdue ones', () => {
    const input = healthyInput();
    input.objectives = [
      { id: 'o-a', statement: 'Reduce time to export', importance: 6, satisfaction: 6, status: 'open' },
      { id: 'o-b', statement: 'Minimise onboarding time', importance: 8, satisfaction: 2, status: 'open', dueDate: '2026-10-01' },
      { id: 'o-c', statement: 'Increase report adoption', importance: 9, satisfaction: 9, status: 'achieved' },
    ];
    const r = score(input);
    expect(r.plan.objectives.map((o) => [o.id, o.opportunity])).toEqual([['o-b', 14], ['o-c', 9], ['o-a', 6]]);
    expect(r.plan.objectives[0]!.overdue).toBe(true);
    expect(r.plan.showStoppers.map((s) => s.id)).toContain('objective:o-b');
    expect(r.properties.success_plan_summary.split('\n')[0]).toBe('[open, overdue] Minimise onboarding time, due 2026-10-01');
  });
});

describe('an urgent bug in a healthy account', () => {
  it('lowers ROB and the probability of renewing, and shows as the first step', () => {
    const input = healthyInput();
    input.tickets = [...input.tickets!, urgentBug('t-9', 5)];
    const before = score(healthyInput());
    const after = score(input);
    expect(after.rob.score!).toBeLessThan(before.rob.score!);
    expect(after.risk.renewalProbability!).toBeLessThan(before.risk.renewalProbability!);
    expect(after.plan.nextBestStep?.evidence).toEqual(['t-9']);
    expect(daysAgo(5) < AS_OF).toBe(true);
  });
});
