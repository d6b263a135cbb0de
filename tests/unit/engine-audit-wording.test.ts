// What a CS manager's audit of the engine's sentences found (findings 6, 14, 16, 18, 21), each on a
// small hand-built account: every case read wrong before and must read right now.
import { describe, expect, it } from '@jest/globals';
import { companyCardModel } from '../../app/src/app/cards/lib/model/company.ts';
import type { AccountResult } from '../../server/domain/result.ts';
import { DEFAULT_ENGINE_CONFIG } from '../../server/domain/engine-config.ts';
import { GLOBAL_RISK_MODEL } from '../../server/domain/risk-model.ts';
import type { AccountSnapshotInput } from '../../server/domain/snapshot.ts';
import { healthy, newCustomer, noData, ticket } from '../helpers/archetypes.ts';
import { AS_OF, daysAgo, healthyInput, score } from '../helpers/snapshots.ts';

/** The company card's model of `result`, as both cards render it. */
function card(result: AccountResult) {
  const view = {
    state: 'ready' as const,
    portalId: 'p',
    company: { id: result.accountId, name: 'Co', renewalDate: null, arr: null, currency: null },
    computedAt: result.asOf,
    result,
    history: [],
    plan: { version: 0, objectives: [], updatedBy: null, updatedAt: null },
    pendingWrite: false,
  };
  return companyCardModel(view, Date.parse(result.asOf));
}
const cardNotes = (result: AccountResult): string[] => card(result).risk.notes.map((n) => n.text);

describe('renewal-risk notes (finding 14)', () => {
  it('lists no factor whose effect rounds to 0 as evidence: not on the card, not in the written-back notes', () => {
    // 50 days without a meeting is 5 days past the 45 that count as normal: −0.02 × 5 ÷ 30 ≈ −0.003.
    const input = healthyInput();
    input.engagements = [{ at: daysAgo(50), kind: 'meeting' }];
    const r = score(input);
    expect(r.risk.notes.filter((n) => n.factor !== 'days_to_renewal').every((n) => n.effect !== 0)).toBe(true);
    expect(r.risk.notes.some((n) => n.factor === 'engagement')).toBe(false);
    expect(cardNotes(r).some((t) => /No meeting or call/.test(t))).toBe(false);
    expect(r.properties.success_renewal_risk_notes).not.toMatch(/No meeting or call/);
    // A few days more and it moves the probability: then it is evidence.
    input.engagements = [{ at: daysAgo(70), kind: 'meeting' }];
    const later = score(input);
    expect(later.risk.notes.find((n) => n.factor === 'engagement')!.effect).toBeLessThan(0);
    expect(later.properties.success_renewal_risk_notes).toMatch(/No meeting or call for 70 days/);
  });
});

describe('touches and silence side by side (finding 21)', () => {
  it('says the silence counts meetings and calls only, so "12 touches" beside "no meeting for 109 days" is no contradiction', () => {
    const input = healthyInput();
    input.engagements = [{ at: daysAgo(109), kind: 'meeting' }, ...Array.from({ length: 11 }, (_, k) => ({ at: daysAgo(5 + k * 9), kind: k % 2 === 0 ? ('email' as const) : ('note' as const) }))];
    const notes = score(input).risk.notes;
    expect(notes.find((n) => n.factor === 'touches')!.text).toBe('12 meetings, calls, emails or notes with the customer in the last 180 days.');
    expect(notes.find((n) => n.factor === 'engagement')!.text).toBe(`No meeting or call for 109 days (the last on ${daysAgo(109).slice(0, 10)}; emails and notes are not counted here).`);
  });
});

describe('contacts without a name (finding 16)', () => {
  const NAMELESS = /no name recorded, contact (p-1|p-2|p-3)/;

  it('names a lost champion and sponsor by role and CRM id in show-stoppers, risk notes and steps, never by the bare id', () => {
    const input = healthyInput();
    input.contacts = [
      { id: 'p-1', role: 'champion', active: false, lastEngagedAt: daysAgo(90) },
      { id: 'p-2', name: '  ', role: 'executive', active: false, lastEngagedAt: daysAgo(90) },
      { id: 'p-3', role: 'admin', active: true, lastEngagedAt: daysAgo(5) },
    ];
    const r = score(input);
    const stoppers = r.plan.showStoppers.filter((s) => s.kind === 'champion_lost' || s.kind === 'executive_lost').map((s) => `${s.title} — ${s.reason}`);
    expect(stoppers).toEqual([
      'Champion lost (no name recorded, contact p-1) — The champion (no name recorded, contact p-1) is no longer active and no one else active holds that role.',
      'Executive sponsor lost (no name recorded, contact p-2) — The executive sponsor (no name recorded, contact p-2) is no longer active and no one else active holds that role.',
    ]);
    const notes = r.risk.notes.map((n) => n.text);
    expect(notes).toContain('The champion (no name recorded, contact p-1) has left and no other champion is active.');
    expect(notes).toContain('The executive sponsor (no name recorded, contact p-2) has left and no other executive is active.');
    const steps = [r.plan.nextBestStep!, ...r.plan.alternatives].map((s) => s.action);
    expect(steps).toContain('Find a new champion to replace the champion (no name recorded, contact p-1) and win them over');
    expect(steps).toContain('Book a value check-in call with the admin (no name recorded, contact p-3) to review objectives');
    // Nowhere a bare id where a name would stand.
    const texts = [...stoppers, ...notes, ...steps, r.properties.success_renewal_risk_notes, r.properties.success_next_best_step];
    for (const t of texts) expect(t.replace(new RegExp(NAMELESS, 'g'), '')).not.toMatch(/\bp-[123]\b/);
  });

  it('names an unnamed sponsor by role and id in the renewal call and in the note on when they were last met', () => {
    const input = healthyInput();
    input.account = { ...input.account, renewalDate: daysAgo(-10).slice(0, 10) };
    input.contacts = [{ id: 'p-2', role: 'executive', active: true, lastEngagedAt: daysAgo(100) }];
    input.engagements = [{ at: daysAgo(100), kind: 'meeting', contactIds: ['p-2'] }];
    const config = { ...DEFAULT_ENGINE_CONFIG, riskModel: { ...GLOBAL_RISK_MODEL, version: 's', coefficients: { ...GLOBAL_RISK_MODEL.coefficients, sponsor_last_met: -0.5 } } };
    const r = score(input, config);
    expect(r.risk.notes.find((n) => n.factor === 'sponsor_last_met')!.text).toBe(`The last meeting or call with the executive sponsor (no name recorded, contact p-2) was 100 days ago (${daysAgo(100).slice(0, 10)}).`);
    const steps = [r.plan.nextBestStep!, ...r.plan.alternatives].map((s) => s.action);
    expect(steps.find((a) => a.startsWith('Call '))).toMatch(/^Call the executive sponsor \(no name recorded, contact p-2\) before the renewal on /);
    expect(steps).toContain('Book a value check-in call with the executive sponsor (no name recorded, contact p-2) to review objectives');
  });

  it('keeps the recorded name where there is one: "Champion Dana has left", "with Sofia (admin)"', () => {
    const input = healthyInput();
    input.contacts = [
      { id: 'p-1', name: 'Dana', role: 'champion', active: false, lastEngagedAt: daysAgo(90) },
      { id: 'p-3', name: 'Sofia', role: 'admin', active: true, lastEngagedAt: daysAgo(5) },
    ];
    const r = score(input);
    expect(r.risk.notes.map((n) => n.text)).toContain('Champion Dana has left and no other champion is active.');
    expect(r.plan.showStoppers.find((s) => s.kind === 'champion_lost')).toMatchObject({ title: 'Champion lost: Dana', reason: 'Dana, the champion, is no longer active and no one else active holds that role.' });
    expect([r.plan.nextBestStep!, ...r.plan.alternatives].map((s) => s.action)).toContain('Book a value check-in call with Sofia (admin) to review objectives');
  });
});

describe('a score without usage data (finding 6)', () => {
  it('says plainly which components the score rests on when usage is untracked', () => {
    const input = healthyInput();
    input.usage = { activeUsers: null, history: [] };
    const r = score(input);
    // No active users: usage, ticket burden and support time saved have no data; resolution carries most of it.
    expect(r.rob.components.filter((c) => c.hasData).map((c) => [c.key, c.weight])).toEqual([['sentiment', 0.15], ['resolution', 0.85]]);
    expect(card(r).components.basis).toBe('The score rests on sentiment (15%) and resolution (85%) only: usage, ticket burden and support time saved have no data.');
  });

  it('says nothing of the kind when every component has data, or when there is no score', () => {
    const full = score(healthy());
    expect(full.rob.components.every((c) => c.hasData)).toBe(true);
    expect(card(full).components.basis).toBeNull();
    const none = score(noData());
    expect(none.rob.score).toBeNull();
    expect(card(none).components.basis).toBeNull();
  });
});

describe('windows longer than a new customer\'s life (finding 18)', () => {
  /** A customer who started 40 days ago: four tickets answered within hours, meetings and emails, a contact gone. */
  const youngCustomer = (): AccountSnapshotInput => ({
    asOf: AS_OF,
    account: { id: 'a-young', name: 'Young Co', crm: 'sandbox', licensedSeats: 50, renewalDate: '2027-09-22', customerSince: daysAgo(40).slice(0, 10) },
    usage: { activeUsers: 30, history: [{ date: daysAgo(40).slice(0, 10), activeUsers: 20 }] },
    tickets: [30, 20, 12, 6].map((d, k) => {
      const t = ticket(`y-${k}`, { daysAgo: d, closedAfterDays: 2, type: 'how_to', priority: 'low', subject: 'How do I invite users?', texts: ['Thanks, works now'] });
      return { ...t, messages: [...(t.messages ?? []), { at: daysAgo(d - 0.2), from: 'agent' as const, text: 'Here is how.' }] };
    }),
    contacts: [
      { id: 'p-1', name: 'Nia', role: 'champion', active: true, lastEngagedAt: daysAgo(10) },
      { id: 'p-2', name: 'Ola', role: 'user', active: false, leftAt: daysAgo(15), lastEngagedAt: daysAgo(30) },
    ],
    engagements: [{ at: daysAgo(38), kind: 'meeting' }, { at: daysAgo(20), kind: 'email' }, { at: daysAgo(10), kind: 'call' }],
    objectives: [],
  });
  /** A portal model that weighs year signals, so their notes are written. */
  const weighing = { ...GLOBAL_RISK_MODEL, version: 'w', coefficients: { ...GLOBAL_RISK_MODEL.coefficients, sentiment_year: 0.5, first_reply_time: -0.5, contacts_left_year: -0.5, contacts_engaged: 0.5, contraction_ask: -0.5 } };

  it('names the span read since the customer started where the window is clipped to it, not "the last 365 days"', () => {
    const r = score(youngCustomer(), { ...DEFAULT_ENGINE_CONFIG, riskModel: weighing });
    const note = (factor: string) => r.risk.notes.find((n) => n.factor === factor)!.text;
    expect(note('sentiment_year')).toMatch(/^Since the customer started 40 days ago and in tickets still open, the customer's 4 messages were /);
    expect(note('first_reply_time')).toMatch(/^Over the 4 tickets opened since the customer started 40 days ago, the median wait /);
    for (const n of r.risk.notes) expect(n.text).not.toMatch(/the last 365 days(?! \(the customer started)/);
    // Usage counts that begin later than the customer: the window starts at the first count, and says so.
    const later = youngCustomer();
    later.usage = { activeUsers: 30, history: [{ date: daysAgo(35).slice(0, 10), activeUsers: 20 }] };
    const notes = score(later, { ...DEFAULT_ENGINE_CONFIG, riskModel: weighing }).risk.notes;
    expect(notes.find((n) => n.factor === 'sentiment_year')!.text).toMatch(/^Over the last 35 days and in tickets still open, /);
  });

  it('keeps the full window of a count not clipped to the start, with the customer\'s age beside it', () => {
    const r = score(youngCustomer(), { ...DEFAULT_ENGINE_CONFIG, riskModel: weighing });
    const texts = r.risk.notes.map((n) => n.text);
    expect(texts).toContain('1 contact left the customer in the last 365 days (the customer started 40 days ago).');
    expect(texts).toContain('3 meetings, calls, emails or notes with the customer in the last 180 days (the customer started 40 days ago).');
    const asked = youngCustomer();
    asked.tickets = [...asked.tickets!, { ...ticket('ask', { daysAgo: 8, closedAfterDays: 1, type: 'billing' }), subject: 'Please cancel our subscription' }];
    const ask = score(asked, { ...DEFAULT_ENGINE_CONFIG, riskModel: weighing }).risk.notes.find((n) => n.factor === 'contraction_ask')!;
    expect(ask.text).toBe(`The customer asked to cancel, not renew or reduce what they buy in 1 ticket of the last 180 days (the customer started 40 days ago); the latest on ${daysAgo(8).slice(0, 10)}, ticket ask.`);
    // Younger than the 30-day windows of the ROB score: a customer of 20 days.
    const young = score(newCustomer());
    const reason = (key: string) => young.rob.components.find((c) => c.key === key)!.reason;
    expect(reason('usage')).toBe('12 of 40 seats active (30%), up from 5 since the customer started 20 days ago.');
    expect(reason('ticketBurden')).toMatch(/^3 tickets open at some point in the last 30 days \(the customer started 20 days ago\), /);
  });

  it('reads as before for a customer older than the windows', () => {
    const input = youngCustomer();
    input.account = { ...input.account, customerSince: '2023-01-01' };
    const texts = score(input, { ...DEFAULT_ENGINE_CONFIG, riskModel: weighing }).risk.notes.map((n) => n.text);
    expect(texts).toContain('1 contact left the customer in the last 365 days.');
    expect(texts).toContain('3 meetings, calls, emails or notes with the customer in the last 180 days.');
  });
});
