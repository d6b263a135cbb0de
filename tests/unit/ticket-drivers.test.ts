// The ticket a ROB component names as its largest share must be the one that weighs most in the
// figure it shows (audit finding 8: a stale how-to question named over a recent severe bug).
import { describe, expect, it } from '@jest/globals';
import { SEVERE_HALF_LOAD } from '../../server/domain/components/ticket-burden.ts';
import type { AccountResult } from '../../server/domain/result.ts';
import { healthy, ticket } from '../helpers/archetypes.ts';
import { score } from '../helpers/snapshots.ts';

const component = (r: AccountResult, key: string) => r.rob.components.find((c) => c.key === key)!;

describe('ticket burden names the ticket that weighs most in its figure', () => {
  it('when the severe floor sets the figure, a recent severe bug, not a how-to question open for months', () => {
    const input = healthy();
    // 4,000 users: the per-user part hardly moves, so the severe floor sets the burden.
    input.account = { ...input.account, licensedSeats: 4500 };
    input.usage = { activeUsers: 4000, history: [{ date: '2026-05-01', activeUsers: 4000 }] };
    input.tickets = [
      ...input.tickets!,
      ticket('stale', { daysAgo: 200, subject: 'How do I rename a board?' }), // 0.5 × 30 days in the window
      ticket('bug', { daysAgo: 3, closedAfterDays: 1, type: 'bug', priority: 'high', subject: 'Export fails' }), // 6 × 2 days
    ];
    const burden = component(score(input), 'ticketBurden');
    expect(burden.value).toBeCloseTo(SEVERE_HALF_LOAD / (SEVERE_HALF_LOAD + 6 * 2), 3);
    expect(burden.reason).toContain('; largest share: high bug.');
    expect(burden.reason).not.toContain('how-to');
  });

  it('when the per-user rate sets the figure, the ticket with the most ticket-days, however light', () => {
    const input = healthy();
    input.tickets = [
      ...input.tickets!,
      ticket('stale', { daysAgo: 200, subject: 'How do I rename a board?' }), // 0.5 × 30 days in the window
      ticket('bug', { daysAgo: 10, closedAfterDays: 2, type: 'bug', priority: 'medium', subject: 'Typo' }), // 3 × 3 days
    ];
    const burden = component(score(input), 'ticketBurden');
    expect(burden.reason).toContain('; largest share: low-priority how-to question, open 200 days so far.');
  });
});

describe('resolution names the open ticket with the largest share of the open load', () => {
  it('an old bug open for months before a new outage, in words that do not call it the heaviest', () => {
    const input = healthy();
    input.tickets = [
      ...input.tickets!,
      ticket('old', { daysAgo: 120, type: 'bug', priority: 'medium', subject: 'Typo' }), // 3 × (1 + 120 ÷ 14) ≈ 28.7
      ticket('new', { daysAgo: 0.25, type: 'outage', priority: 'urgent', subject: 'Down' }), // 24 × (1 + 0.25 ÷ 14) ≈ 24.4
    ];
    const resolution = component(score(input), 'resolution');
    expect(resolution.reason).toBe('2 open tickets; largest share: medium bug, open 120 days.');
  });
});
