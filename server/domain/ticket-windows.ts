// Tickets in time windows: how many weighted ticket-days fall in a window.
import type { PreparedTicket } from './prepare.ts';

/**
 * An account's own rate blended with a reference rate: the reference counts as `priorUserDays` of
 * history, so a thin or missing baseline leans on the reference and a long one on the account.
 */
export function blendedRate(observed: number, observedUserDays: number, referencePerUserDay: number, priorUserDays: number): number {
  const denominator = observedUserDays + priorUserDays;
  return denominator > 0 ? (observed + referencePerUserDay * priorUserDays) / denominator : referencePerUserDay;
}

/**
 * A ticket weighs for every day it is open: its exposure is the interval from one day before it
 * was created (so a ticket closed within the hour still counts as a day) to its closing, or to
 * `at` while it is open. Exposure is continuous in time, so nothing jumps at a window's edge.
 */
export const MIN_EXPOSURE_DAYS = 1;

/** Days of `t`'s exposure inside [from, to), as seen at `at`. */
export function exposureDays(t: PreparedTicket, from: number, to: number, at: number): number {
  if (t.createdMs > at) return 0;
  const start = t.createdMs - MIN_EXPOSURE_DAYS * 86_400_000;
  const end = t.closedMs <= at ? t.closedMs : at;
  const lo = start > from ? start : from;
  const hi = end < to ? end : to;
  return hi > lo ? (hi - lo) / 86_400_000 : 0;
}

export interface TicketDays {
  /** Σ weight × exposure days. */
  load: number;
  /** Same, for severe tickets only (outages, urgent/high bugs). */
  severeLoad: number;
  /** Tickets with any exposure in the window. */
  count: number;
  /** Tickets created in the window. */
  created: number;
  /** The ticket with the largest share of `load` (the first of equal shares), and that share. */
  largest: PreparedTicket | null;
  largestLoad: number;
  /** The same among severe tickets, for `severeLoad`. */
  largestSevere: PreparedTicket | null;
  largestSevereLoad: number;
}

const emptyWindow = (): TicketDays => ({ load: 0, severeLoad: 0, count: 0, created: 0, largest: null, largestLoad: 0, largestSevere: null, largestSevereLoad: 0 });

/**
 * Weighted ticket-days in [from, to) seen at `at`. `skipOpen` leaves out tickets still open at
 * `at` (a baseline is the customer's usual, resolved load; what is open now is current burden).
 * `weightOf` lets a caller reweigh tickets (onboarding questions weigh less); without it, `t.weight`.
 */
export function ticketDaysIn(
  tickets: readonly PreparedTicket[],
  from: number,
  to: number,
  at: number,
  skipOpen: boolean,
  weightOf?: (t: PreparedTicket) => number,
): TicketDays {
  const window = emptyWindow();
  const lastStart = to + MIN_EXPOSURE_DAYS * 86_400_000;
  for (const t of tickets) {
    if (t.createdMs > at || t.createdMs >= lastStart) break; // sorted by creation
    if (skipOpen && t.closedMs > at) continue;
    const days = exposureDays(t, from, to, at);
    if (days <= 0) continue;
    addTicket(window, t, (weightOf ? weightOf(t) : t.weight) * days, from, to);
  }
  return window;
}

/** Adds `t`'s `load` in [from, to) to `window`'s sums. */
function addTicket(window: TicketDays, t: PreparedTicket, load: number, from: number, to: number): void {
  window.load += load;
  window.count++;
  if (t.createdMs >= from && t.createdMs < to) window.created++;
  if (load > window.largestLoad) { window.largest = t; window.largestLoad = load; }
  if (!t.severe) return;
  window.severeLoad += load;
  if (load > window.largestSevereLoad) { window.largestSevere = t; window.largestSevereLoad = load; }
}

/**
 * ticketDaysIn(tickets, recentFrom, at, at, false) and the `load` of
 * ticketDaysIn(tickets, baselineFrom, recentFrom, at, true) in one pass over the tickets: ticket
 * burden reads both in every ROB run. Each sum is taken over the same tickets in the same order as
 * by the two calls, so it has the same bits; a ticket created a day or more after `recentFrom` has
 * no exposure in the baseline, as there.
 */
export function recentAndBaselineTicketDays(tickets: readonly PreparedTicket[], baselineFrom: number, recentFrom: number, at: number): { recent: TicketDays; baselineLoad: number } {
  const recent = emptyWindow();
  let baselineLoad = 0;
  for (const t of tickets) {
    if (t.createdMs > at) break; // sorted by creation
    const days = exposureDays(t, recentFrom, at, at);
    if (days > 0) addTicket(recent, t, t.weight * days, recentFrom, at);
    if (t.closedMs > at) continue; // the baseline is resolved load only
    const baselineDays = exposureDays(t, baselineFrom, recentFrom, at);
    if (baselineDays > 0) baselineLoad += t.weight * baselineDays;
  }
  return { recent, baselineLoad };
}
