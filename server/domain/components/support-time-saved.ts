// Support time saved: tickets avoided against the account's own usual rate, by type, × handling
// minutes. Only a customer's own history is a fair yardstick: until it has enough of it (and while
// it is onboarding) there is no figure, rather than one made up from a reference rate.
import { TICKET_TYPES } from '../snapshot.ts';
import { clamp, money, num, plural } from '../format.ts';
import { isOnboarding } from '../onboarding.ts';
import type { PreparedTicket } from '../prepare.ts';
import { DAY_MS } from '../time.ts';
import { userDays, usersAt } from '../usage-series.ts';
import { NO_DATA_VALUE, type ComponentOutcome, type EvalContext } from './context.ts';

/** Days of the customer's own history, before the savings window, needed for a baseline. */
export const MIN_SAVINGS_HISTORY_DAYS = 90;
/** Tickets in that history needed before a usual rate means anything. */
export const MIN_BASELINE_TICKETS = 5;
/** The value's yardstick is never less than an hour of handling (no division by a near-empty baseline). */
const MIN_EXPECTED_MINUTES = 60;

export interface SavingsFigures {
  windowDays: number;
  ticketsExpected: number;
  ticketsActual: number;
  ticketsAvoided: number;
  hoursSaved: number;
  moneySaved: number;
  currency: string;
}

export interface SupportTimeSavedOutcome extends ComponentOutcome {
  readonly savings: SavingsFigures;
}

export function supportTimeSavedComponent({ account, config, at, explain }: EvalContext): SupportTimeSavedOutcome {
  const windowDays = config.windows.savingsDays;
  const currency = config.currency;
  const users = usersAt(account.usage, at, at);
  const windowFrom = at - windowDays * DAY_MS;
  const baselineFrom = Math.max(windowFrom - config.windows.baselineDays * DAY_MS, account.customerSinceMs);
  const counts = countTickets(account.tickets, baselineFrom, windowFrom, at);
  const actual = counts.window;
  // The reason is built only when it will be read (the sentences cost more than the numbers);
  // written out at each return rather than passed as a callback, which every run would allocate.
  if (users === null) return noSavings(explain ? 'Active users are not known, so there is no usual ticket rate to compare with.' : '', windowDays, actual.count, currency);
  if (isOnboarding(account, at) || windowFrom - baselineFrom < MIN_SAVINGS_HISTORY_DAYS * DAY_MS) {
    const reason = explain ? `Not enough history yet: support time saved is measured against this customer's own ticket rate, which needs ${MIN_SAVINGS_HISTORY_DAYS} days of history before the last ${windowDays} days.` : '';
    return noSavings(reason, windowDays, actual.count, currency);
  }
  const baseline = counts.baseline;
  const baselineUserDays = userDays(account.usage, baselineFrom, windowFrom, at);
  // Whether the history is enough does not depend on whether its tickets are closed yet, so that
  // closing a ticket never switches this component on or off.
  const history = counts.history;
  if (history < MIN_BASELINE_TICKETS || baselineUserDays <= 0) {
    const reason = explain ? thinBaselineReason(history, baselineUserDays, windowFrom - baselineFrom < config.windows.baselineDays * DAY_MS, Math.round((windowFrom - baselineFrom) / DAY_MS), windowDays) : '';
    return noSavings(reason, windowDays, actual.count, currency);
  }
  const windowUserDays = userDays(account.usage, windowFrom, at, at);

  let expectedTickets = 0, expectedMinutes = 0, savedMinutes = 0;
  for (let k = 0; k < TICKET_TYPES.length; k++) {
    const type = TICKET_TYPES[k]!;
    const expected = (baseline.byType[k]! / baselineUserDays) * windowUserDays;
    expectedTickets += expected;
    expectedMinutes += expected * config.handlingMinutes[type];
    savedMinutes += (expected - actual.byType[k]!) * config.handlingMinutes[type];
  }
  const hoursSaved = Math.max(0, savedMinutes / 60);
  const savings: SavingsFigures = {
    windowDays,
    ticketsExpected: expectedTickets,
    ticketsActual: actual.count,
    ticketsAvoided: Math.max(0, expectedTickets - actual.count),
    hoursSaved,
    moneySaved: hoursSaved * config.costPerSupportHour,
    currency,
  };
  // At the usual rate the value is 0.5; no tickets at all → 1; twice the usual handling time → 0.
  const value = clamp(0.5 + (0.5 * savedMinutes) / Math.max(expectedMinutes, MIN_EXPECTED_MINUTES));
  if (!explain) return { value, hasData: true, reason: '', savings };
  const expectedText = `about ${num(expectedTickets, expectedTickets < 10 ? 1 : 0)} at this customer's usual rate`;
  const reason = hoursSaved >= 0.05
    ? `About ${plural(round1(hoursSaved), 'support hour')} saved in the last ${windowDays} days (${plural(actual.count, 'ticket')} against ${expectedText}), worth ${money(savings.moneySaved, currency)}.`
    : `No support time saved in the last ${windowDays} days: ${plural(actual.count, 'ticket')} against ${expectedText}.`;
  return { value, hasData: true, reason, savings };
}

/**
 * Why a baseline of `history` tickets over `days` gives no usual rate. "Not enough history yet"
 * only when the customer is younger than the baseline window (`young`): time may bring enough
 * tickets. A customer of years with next to no tickets has its history; it simply holds too few
 * tickets, and a quiet customer should not read as a new one.
 */
function thinBaselineReason(history: number, baselineUserDays: number, young: boolean, days: number, windowDays: number): string {
  const span = `the ${plural(days, 'day')} before the last ${windowDays} days`;
  if (history >= MIN_BASELINE_TICKETS) return `No active users recorded in ${span}, so there is no usual ticket rate per user to compare with.`;
  if (young) return `Not enough history yet: ${plural(history, 'ticket')} in ${span}; a usual rate needs at least ${MIN_BASELINE_TICKETS}.`;
  if (history === 0) return `No tickets in ${span}, so there is no usual ticket rate to measure support time saved against.`;
  return `Too few tickets for a usual rate: ${plural(history, 'ticket')} in ${span}; it needs at least ${MIN_BASELINE_TICKETS}, so support time saved is not measured.`;
}

function noSavings(reason: string, windowDays: number, ticketsActual: number, currency: string): SupportTimeSavedOutcome {
  return {
    value: NO_DATA_VALUE,
    hasData: false,
    reason,
    savings: { windowDays, ticketsExpected: 0, ticketsActual, ticketsAvoided: 0, hoursSaved: 0, moneySaved: 0, currency },
  };
}

const round1 = (v: number) => Math.round(v * 10) / 10;

interface TypeCounts {
  count: number;
  /** By ticket type, indexed as TICKET_TYPES. */
  byType: Int32Array;
}

/**
 * In one pass over the tickets (every ROB run reads all three): the savings window's tickets
 * (created in [windowFrom, at), plus every ticket still open at `at` — current work however old it
 * is — and created before `at`), the baseline's (created in [baselineFrom, windowFrom) and closed by `at`: never one still
 * open) and the history's (created in [baselineFrom, windowFrom), open or not).
 */
export function countTickets(tickets: readonly PreparedTicket[], baselineFrom: number, windowFrom: number, at: number): { window: TypeCounts; baseline: TypeCounts; history: number } {
  const window: TypeCounts = { count: 0, byType: new Int32Array(TICKET_TYPES.length) };
  const baseline: TypeCounts = { count: 0, byType: new Int32Array(TICKET_TYPES.length) };
  let history = 0;
  for (const t of tickets) {
    if (t.createdMs > at) break; // sorted by creation
    const open = t.closedMs > at;
    if (t.createdMs < at && (t.createdMs >= windowFrom || open)) {
      window.count++;
      window.byType[t.typeIndex]!++;
    }
    if (t.createdMs >= baselineFrom && t.createdMs < windowFrom) {
      history++;
      if (!open) {
        baseline.count++;
        baseline.byType[t.typeIndex]!++;
      }
    }
  }
  return { window, baseline, history };
}
