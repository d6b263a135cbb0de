// Invariants of the engine over hand-built random accounts (fast-check): ageing never helps,
// severe problems stay first, contributions add up, the same input gives the same output.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { scoreAccount } from '../../server/domain/engine.ts';
import { DEFAULT_ENGINE_CONFIG } from '../../server/domain/engine-config.ts';
import { analyzeSentiment } from '../../server/domain/sentiment/analyze.ts';
import { SentimentCache } from '../../server/domain/sentiment/cache.ts';
import { AccountSnapshot, type AccountSnapshotInput } from '../../server/domain/snapshot.ts';
import { ticket } from '../helpers/archetypes.ts';
import { AS_OF, daysAgo } from '../helpers/snapshots.ts';

const fresh = { config: DEFAULT_ENGINE_CONFIG, sentiment: { score: analyzeSentiment } };
const score = (input: AccountSnapshotInput) => scoreAccount(AccountSnapshot.parse(input), fresh);
const runs = { numRuns: 40, seed: 1206 };

const TEXTS = ['How do I export?', 'Thanks', 'Still broken.', 'Works now, great.', 'Any update?', 'We will not renew.', 'The report is not loading.'];
const TYPES = ['outage', 'bug', 'billing', 'how_to', 'feature_request', 'other'] as const;
const PRIORITIES = ['urgent', 'high', 'medium', 'low'] as const;

const ticketArb = fc.record({
  age: fc.integer({ min: 0, max: 400 }),
  open: fc.integer({ min: 0, max: 20 }),
  closed: fc.boolean(),
  type: fc.constantFrom(...TYPES),
  priority: fc.constantFrom(...PRIORITIES),
  text: fc.constantFrom(...TEXTS),
});

const accountArb = fc
  .record({
    users: fc.integer({ min: 1, max: 5000 }),
    extraSeats: fc.integer({ min: 0, max: 3000 }),
    usersBefore: fc.integer({ min: 1, max: 5000 }),
    tickets: fc.array(ticketArb, { maxLength: 25 }),
    championActive: fc.boolean(),
    renewalIn: fc.integer({ min: -30, max: 400 }),
    lastMeeting: fc.integer({ min: 1, max: 300 }),
    customerDays: fc.integer({ min: 10, max: 2000 }),
  })
  .map((a): AccountSnapshotInput => ({
    asOf: AS_OF,
    account: { id: 'acct', name: 'Random Co', crm: 'sandbox', licensedSeats: a.users + a.extraSeats, renewalDate: daysAgo(-a.renewalIn).slice(0, 10), customerSince: daysAgo(a.customerDays).slice(0, 10) },
    usage: { activeUsers: a.users, history: [{ date: daysAgo(90).slice(0, 10), activeUsers: a.usersBefore }] },
    tickets: a.tickets.map((t, i) => ticket(`t-${i}`, { daysAgo: t.age, closedAfterDays: t.closed ? Math.min(t.open, t.age) : null, type: t.type, priority: t.priority, texts: [t.text] })),
    contacts: [{ id: 'c-1', name: 'Chris', role: 'champion', active: a.championActive }],
    engagements: [{ at: daysAgo(a.lastMeeting), kind: 'meeting' }],
    objectives: [],
  }));

const severeArb = fc.record({ type: fc.constantFrom('outage', 'bug'), priority: fc.constantFrom('urgent', 'high') });

describe('engine invariants', () => {
  it('ageing never helps: as an open severe ticket ages day by day, ROB and renewal probability never rise or jump', () => {
    fc.assert(
      fc.property(accountArb, severeArb, fc.integer({ min: 1, max: 150 }), (account, severe, start) => {
        let previous: { rob: number; p: number } | null = null;
        for (let age = start; age <= start + 40; age += 2) {
          const r = score({ ...account, tickets: [...account.tickets!, ticket('sev', { daysAgo: age, type: severe.type, priority: severe.priority, texts: ['Still broken.'] })] });
          const now = { rob: r.rob.score!, p: r.risk.renewalProbability! };
          if (previous) {
            expect(now.rob).toBeLessThanOrEqual(previous.rob + 0.11); // scores are rounded to 0.1
            expect(now.p).toBeLessThanOrEqual(previous.p + 0.001); // probabilities to 0.001
            expect(previous.rob - now.rob).toBeLessThan(8); // two days of ageing: no cliff
          }
          previous = now;
        }
      }),
      { numRuns: 25, seed: 1206 },
    );
  });

  it('adding a severe open ticket keeps resolving a severe ticket the first step (after answering an ask to cancel or confirming a renewal due within two weeks), ahead of adoption and check-ins', () => {
    fc.assert(
      fc.property(accountArb, severeArb, fc.integer({ min: 0, max: 200 }), (account, severe, age) => {
        const r = score({ ...account, tickets: [...account.tickets!, ticket('sev', { daysAgo: age, type: severe.type, priority: severe.priority })] });
        const all = [r.plan.nextBestStep!, ...r.plan.alternatives];
        // A customer who asked to cancel or buy less ("We will not renew.") is called back first;
        // otherwise a renewal due within two weeks (or passed unrecorded) is confirmed first.
        const asked = r.plan.showStoppers.some((s) => s.kind === 'contraction_ask');
        expect(all[0]!.kind === 'answer_ask').toBe(asked);
        const renewing = !asked && r.risk.daysToRenewal !== null && r.risk.daysToRenewal <= 14;
        expect(all.some((s) => s.kind === 'confirm_renewal')).toBe(renewing);
        expect(all[0]!.kind === 'confirm_renewal').toBe(renewing);
        const steps = asked || renewing ? all.slice(1) : all;
        expect(steps[0]!.kind).toBe('resolve_ticket');
        const lastResolve = steps.map((s) => s.kind).lastIndexOf('resolve_ticket');
        for (const kind of ['adoption_session', 'schedule_check_in', 'close_objective_gap', 'deflect_how_to'] as const) {
          const i = steps.findIndex((s) => s.kind === kind);
          if (i >= 0) expect(i).toBeGreaterThan(lastResolve);
        }
      }),
      runs,
    );
  });

  it('resolving a severe ticket is always valued above zero, however many others are open', () => {
    fc.assert(
      fc.property(accountArb, fc.array(severeArb, { minLength: 1, maxLength: 8 }), (account, severe) => {
        const extra = severe.map((s, i) => ticket(`sev-${i}`, { daysAgo: 30 + i * 10, type: s.type, priority: s.priority }));
        const r = score({ ...account, tickets: [...account.tickets!, ...extra] });
        for (const s of [r.plan.nextBestStep!, ...r.plan.alternatives].filter((x) => x.kind === 'resolve_ticket')) expect(s.expectedGain).toBeGreaterThan(0);
      }),
      runs,
    );
  });

  it('has contributions that add up to the score and a valid, explained result', () => {
    fc.assert(
      fc.property(accountArb, (account) => {
        const r = score(account);
        const sum = r.rob.components.reduce((s, c) => s + c.contribution, 0);
        expect(Math.abs(sum - r.rob.score!)).toBeLessThanOrEqual(0.3);
        expect(r.rob.components.reduce((s, c) => s + c.weight, 0)).toBeCloseTo(1, 3);
        expect(r.properties.success_plan_summary.length).toBeGreaterThan(0);
        for (const c of r.rob.components) expect(c.reason.length).toBeGreaterThan(0);
      }),
      runs,
    );
  });

  it('is deterministic, with a cold or a warm sentiment cache', () => {
    fc.assert(
      fc.property(accountArb, (account) => {
        const snapshot = AccountSnapshot.parse(account);
        const cache = new SentimentCache();
        const a = JSON.stringify(scoreAccount(snapshot, fresh));
        const b = JSON.stringify(scoreAccount(snapshot, { config: DEFAULT_ENGINE_CONFIG, sentiment: cache }));
        const c = JSON.stringify(scoreAccount(structuredClone(snapshot), { config: DEFAULT_ENGINE_CONFIG, sentiment: cache }));
        expect(b).toBe(a);
        expect(c).toBe(a);
      }),
      runs,
    );
  });
});
