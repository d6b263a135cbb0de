// What a CS manager's audit of the engine's sentences found (findings 6, 14, 16, 18, 21), each on a
// small hand-built account: every case read wrong before and must read right now.
import { describe, expect, it } from '@jest/globals';
import { companyCardModel } from '../../app/src/app/cards/lib/model/company.ts';
import type { AccountResult } from '../../server/domain/result.ts';
import { healthy, noData } from '../helpers/archetypes.ts';
import { daysAgo, healthyInput, score } from '../helpers/snapshots.ts';

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
