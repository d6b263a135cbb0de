// The history from day one: the dates a first compute reconstructs, the snapshot as it looked on
// each of them (nothing dated later), and the engine's figures for each; then how the cards show
// reconstructed points (their own series, a note, real points taking their month).
import { describe, expect, it } from '@jest/globals';
import { companyCardModel, historyNote, historyPoints } from '../../cards/model/index.ts';
import { AccountSnapshot } from '../../server/domain/snapshot.ts';
import { snapshotAsOf } from '../../server/domain/as-of.ts';
import { backfillDates, reconstructHistory } from '../../server/service/backfill.ts';
import { fixtures } from '../fixtures/api/fixtures.ts';
import { AS_OF, daysAgo, deps, healthyInput } from '../helpers/snapshots.ts';

describe('reconstructed history', () => {
  it('is dated the first of each of the 12 months before the as-of, never before the customer started', () => {
    expect(backfillDates('2026-12-06T10:00:00Z')).toEqual([
      '2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z', '2026-05-01T00:00:00.000Z', '2026-06-01T00:00:00.000Z',
      '2026-07-01T00:00:00.000Z', '2026-08-01T00:00:00.000Z', '2026-09-01T00:00:00.000Z', '2026-10-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z',
    ]);
    // Exactly on the first: that day is today, not history.
    expect(backfillDates('2026-12-01T00:00:00Z', 2)).toEqual(['2026-10-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z']);
    expect(backfillDates('2026-12-06T00:00:00Z', 12, '2026-09-15')).toEqual(['2026-10-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z']);
  });

  it('scores the snapshot as it looked then: later tickets, messages, usage and engagements left out, later closings still open', () => {
    const input = healthyInput();
    const snapshot = AccountSnapshot.parse({
      ...input,
      usage: { ...input.usage, loginHistory: [{ date: daysAgo(90).slice(0, 10), logins30d: 700 }, { date: daysAgo(30).slice(0, 10), logins30d: 650 }] },
      tickets: [
        { id: 'old', createdAt: daysAgo(200), closedAt: daysAgo(10), type: 'bug', priority: 'high', subject: 'Export', messages: [{ at: daysAgo(200), from: 'customer', text: 'broken' }, { at: daysAgo(10), from: 'customer', text: 'thanks' }] },
        { id: 'new', createdAt: daysAgo(20), type: 'how_to', priority: 'low', subject: 'How?' },
      ],
      engagements: [{ at: daysAgo(100), kind: 'call' }, { at: daysAgo(5), kind: 'meeting' }],
      renewals: [{ id: 'r1', closeDate: '2026-10-15', outcome: 'won' }],
    });
    const then = snapshotAsOf(snapshot, Date.parse(daysAgo(60))).snapshot;
    expect(then.asOf).toBe(daysAgo(60));
    expect(then.tickets.map((t) => [t.id, t.closedAt ?? null, t.messages.length])).toEqual([['old', null, 1]]);
    expect(then.engagements).toHaveLength(1);
    expect(then.usage.history.every((p) => Date.parse(p.date) <= Date.parse(daysAgo(60)))).toBe(true);
    expect(then.usage.activeUsers).toBe(82); // the last usage point before then (2026-08-01)
    expect(then.usage.loginHistory).toEqual([{ date: daysAgo(90).slice(0, 10), logins30d: 700 }]);
    expect(then.renewals[0]!.outcome).toBe('open');

    const points = reconstructHistory(snapshot, deps());
    expect(points.map((p) => p.asOf)).toEqual(backfillDates(AS_OF, 12, '2023-01-01'));
    for (const p of points) {
      expect(p.robScore === null || (p.robScore >= 0 && p.robScore <= 100)).toBe(true);
      expect(p.renewalProbability === null || (p.renewalProbability >= 0 && p.renewalProbability <= 1)).toBe(true);
    }
    // Scored from different data, not copies of today's result.
    expect(new Set(points.map((p) => p.robScore)).size).toBeGreaterThan(1);
  });

  it('scores the people in place then: a champion who left since still counts for the months before', () => {
    const input = healthyInput();
    const stayed = AccountSnapshot.parse({ ...input, contacts: input.contacts!.map((c) => ({ ...c, since: '2023-01-01T00:00:00.000Z' })) });
    const left = AccountSnapshot.parse({
      ...input,
      contacts: input.contacts!.map((c) => ({ ...c, since: '2023-01-01T00:00:00.000Z', ...(c.role === 'champion' ? { active: false, leftAt: daysAgo(45), lastEngagedAt: daysAgo(45) } : {}) })),
    });
    const departure = Date.parse(daysAgo(45));
    const a = reconstructHistory(stayed, deps());
    const b = reconstructHistory(left, deps());
    const beforeIt = b.filter((p) => Date.parse(p.asOf) < departure);
    const afterIt = b.filter((p) => Date.parse(p.asOf) >= departure);
    expect(beforeIt.length).toBeGreaterThan(6);
    expect(afterIt.length).toBeGreaterThan(0);
    // Before the departure the account reads as it did then; after it, the lost champion weighs.
    expect(beforeIt).toEqual(a.slice(0, beforeIt.length));
    for (const [i, p] of afterIt.entries()) expect(p.renewalProbability!).toBeLessThan(a[beforeIt.length + i]!.renewalProbability!);
  });

  it('shows reconstructed points as their own series with a note, until a real point takes their month', () => {
    const real = { computedAt: '2026-12-06T10:00:00.000Z', asOf: '2026-12-06T10:00:00.000Z', robScore: 70, renewalProbability: 0.8, riskLevel: 'low' as const };
    const rebuilt = (asOf: string, score: number) => ({ computedAt: asOf, asOf, robScore: score, renewalProbability: 0.5, riskLevel: 'medium' as const, reconstructed: true });
    const points = historyPoints([rebuilt('2026-10-01T00:00:00.000Z', 50), rebuilt('2026-11-01T00:00:00.000Z', 60), rebuilt('2026-12-01T00:00:00.000Z', 65), real]);
    expect(points.map((p) => [p.date, p.series, p.value])).toEqual([
      ['2026-10-01', 'ROB score (reconstructed)', 50],
      ['2026-10-01', 'Chance of renewing (%) (reconstructed)', 50],
      ['2026-11-01', 'ROB score (reconstructed)', 60],
      ['2026-11-01', 'Chance of renewing (%) (reconstructed)', 50],
      ['2026-12-06', 'ROB score', 70],
      ['2026-12-06', 'Chance of renewing (%)', 80],
    ]);
    expect(historyNote(points)).toBe("Points up to Nov 1, 2026 are reconstructed: today's data scored as of the first of each month. Real history takes their place as the score is recomputed over time.");
    expect(historyNote(historyPoints([real]))).toBeNull();

    const view = fixtures.companyAtRisk();
    const model = companyCardModel({ ...view, history: [rebuilt('2026-09-01T00:00:00.000Z', 40), ...view.history] }, Date.parse(view.computedAt));
    expect(model.history.note).toMatch(/^Points up to Sep 1, 2026 are reconstructed/);
  });
});
