// What a CS manager's audit of the engine's sentences found (findings 6, 14, 16, 18, 21), each on a
// small hand-built account: every case read wrong before and must read right now.
import { describe, expect, it } from '@jest/globals';
import { companyCardModel } from '../../app/src/app/cards/lib/model/company.ts';
import type { AccountResult } from '../../server/domain/result.ts';
import { daysAgo, healthyInput, score } from '../helpers/snapshots.ts';

/** The company card's model of `result`, as both cards render it. */
function cardNotes(result: AccountResult): string[] {
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
  return companyCardModel(view, Date.parse(result.asOf)).risk.notes.map((n) => n.text);
}

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
