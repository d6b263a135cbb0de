// Counting tickets in time windows: how many, how heavy (type × priority weight), of which types.
import type { PreparedTicket } from './prepare.ts';
import type { TicketType } from './snapshot.ts';

export interface TicketWindow {
  count: number;
  weight: number;
  byType: Record<TicketType, number>;
  heaviest: PreparedTicket | null;
}

export function emptyByType(): Record<TicketType, number> {
  return { outage: 0, bug: 0, billing: 0, how_to: 0, feature_request: 0, other: 0 };
}

/** Tickets created in [from, to). */
export function ticketsCreatedIn(tickets: readonly PreparedTicket[], from: number, to: number): TicketWindow {
  const window: TicketWindow = { count: 0, weight: 0, byType: emptyByType(), heaviest: null };
  for (const t of tickets) {
    if (t.createdMs < from) continue;
    if (t.createdMs >= to) break; // sorted by creation
    window.count++;
    window.weight += t.weight;
    window.byType[t.type]++;
    if (!window.heaviest || t.weight > window.heaviest.weight) window.heaviest = t;
  }
  return window;
}

/**
 * An account's own rate blended with a reference rate: the reference counts as `priorUserDays` of
 * history, so a thin or missing baseline leans on the reference and a long one on the account.
 */
export function blendedRate(observed: number, observedUserDays: number, referencePerUserDay: number, priorUserDays: number): number {
  const denominator = observedUserDays + priorUserDays;
  return denominator > 0 ? (observed + referencePerUserDay * priorUserDays) / denominator : referencePerUserDay;
}

/** Tickets open at `t`: created at or before it and not yet closed. */
export function openTicketsAt(tickets: readonly PreparedTicket[], t: number): PreparedTicket[] {
  const open: PreparedTicket[] = [];
  for (const ticket of tickets) {
    if (ticket.createdMs > t) break;
    if (ticket.closedMs > t) open.push(ticket);
  }
  return open;
}
