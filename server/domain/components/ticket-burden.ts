// Ticket burden: weighted ticket-days per active user in the recent window (a ticket weighs for
// every day it is open), against the account's own resolved history (blended with a reference
// rate while that history is thin) and against the reference itself. Severe tickets also weigh
// by themselves, whatever the account's size.
import { TICKET_TYPES } from '../snapshot.ts';
import { clamp, lastDays, openFor, plural, rateComparison, startedDaysAgo, ticketLabel } from '../format.ts';
import { isOnboarding } from '../onboarding.ts';
import type { PreparedTicket } from '../prepare.ts';
import { blendedRate, recentAndBaselineTicketDays, ticketDaysIn, type TicketDays } from '../ticket-windows.ts';
import { DAY_MS } from '../time.ts';
import { userDays, usersAt } from '../usage-series.ts';
import { NO_DATA_VALUE, type ComponentOutcome, type EvalContext } from './context.ts';
import type { EngineConfig } from '../engine-config.ts';

/** Days a typical ticket stays open: turns the reference ticket rate into ticket-days. */
export const REFERENCE_OPEN_DAYS = 3;
/**
 * Weighted ticket-days of severe tickets in the window at which the burden can be at most one half,
 * for an account of any size (an urgent bug, weight 9, open about a week).
 */
export const SEVERE_HALF_LOAD = 60;
/**
 * Rates are per active user, but never per fewer than this many: a team of two filing one ticket
 * is not ten times as burdened as a team of twenty filing one.
 */
export const MIN_RATE_USERS = 10;
/** During onboarding, how-to questions and feature requests weigh this share: they are expected. */
export const ONBOARDING_QUESTION_WEIGHT = 0.5;

const referenceRates = new WeakMap<EngineConfig, number>();

/** Reference weighted ticket-days per user-day: the reference mix at medium priority. */
export function referenceWeightedRate(config: EngineConfig): number {
  // Depends on the configuration alone, and every ROB run of every account reads it.
  let rate = referenceRates.get(config);
  if (rate === undefined) referenceRates.set(config, (rate = computeReferenceRate(config)));
  return rate;
}

function computeReferenceRate(config: EngineConfig): number {
  let perUser30d = 0;
  for (const type of TICKET_TYPES) perUser30d += config.referenceTicketsPerUserPer30d[type] * config.ticketTypeWeights[type] * config.priorityWeights.medium;
  return (perUser30d / 30) * REFERENCE_OPEN_DAYS;
}

/** "an urgent outage", "a high bug": a ticket label with its article. */
const articled = (label: string) => `${/^[aeiou]/i.test(label) ? 'an' : 'a'} ${label}`;

const onboardingWeight = (t: PreparedTicket) => (t.type === 'how_to' || t.type === 'feature_request' ? t.weight * ONBOARDING_QUESTION_WEIGHT : t.weight);

export interface TicketBurdenOutcome extends ComponentOutcome {
  /** Weighted ticket-days in the recent window (the denominator of each ticket's share). */
  readonly load: number;
}

export function ticketBurdenComponent({ account, config, at, explain }: EvalContext): TicketBurdenOutcome {
  const users = usersAt(account.usage, at, at);
  if (users === null) return { value: NO_DATA_VALUE, hasData: false, reason: 'Active users are not known, so tickets cannot be put per user.', load: 0 };
  const { recentDays, baselineDays } = config.windows;
  const recentFrom = at - recentDays * DAY_MS;
  const onboarding = isOnboarding(account, at);
  const recentUserDays = Math.max(userDays(account.usage, recentFrom, at, at), MIN_RATE_USERS * recentDays);
  const reference = referenceWeightedRate(config);
  let recent: TicketDays;
  let expected = reference;
  if (onboarding) {
    recent = ticketDaysIn(account.tickets, recentFrom, at, at, false, onboardingWeight);
  } else {
    const baselineFrom = Math.max(recentFrom - baselineDays * DAY_MS, account.customerSinceMs);
    const windows = recentAndBaselineTicketDays(account.tickets, baselineFrom, recentFrom, at);
    recent = windows.recent;
    const baselineUserDays = baselineFrom < recentFrom ? Math.max(userDays(account.usage, baselineFrom, recentFrom, at), (MIN_RATE_USERS * (recentFrom - baselineFrom)) / DAY_MS) : 0;
    // The prior is sized by the users at the end of the baseline, so today's count moves only the
    // recent rate (fewer users for the same tickets is more burden per user, never less).
    const priorUsers = usersAt(account.usage, recentFrom, at) ?? users;
    expected = blendedRate(windows.baselineLoad, baselineUserDays, reference, config.baselinePriorDays * Math.max(priorUsers, MIN_RATE_USERS));
  }
  const rate = recent.load / recentUserDays;
  const perUser = 0.5 * (expected / (expected + rate)) + 0.5 * (reference / (reference + rate));
  const severeFloor = SEVERE_HALF_LOAD / (SEVERE_HALF_LOAD + recent.severeLoad);
  const value = clamp(Math.min(perUser, severeFloor));

  if (!explain) return { value, hasData: true, reason: '', load: recent.load };
  const window = lastDays(recentDays, startedDaysAgo(at, account.customerSinceMs), false);
  if (recent.count === 0) return { value, hasData: true, reason: `No tickets ${window}.`, load: 0 };
  const yardstick = onboarding ? 'what is usual for a new customer' : "this customer's usual rate";
  // The ticket named is the one that weighs most in the figure shown: when the severe floor sets
  // it, only severe tickets count there (a how-to question open all month adds nothing to it).
  const bySevere = severeFloor < perUser;
  const h = (bySevere ? recent.largestSevere : recent.largest)!;
  const hDays = Math.floor((at - h.createdMs) / DAY_MS);
  const open = h.closedMs > at;
  const named = recent.count === 1 ? `; it ${open ? 'is' : 'was'} ${articled(ticketLabel(h.priority, h.type))}` : `; largest share: ${ticketLabel(h.priority, h.type)}`;
  const largest = open ? `${named}, open ${openFor(hDays)} so far` : named;
  const size = bySevere ? ' Severe tickets count in full however many users the account has.' : '';
  const reason = `${plural(recent.count, 'ticket')} open at some point ${window}, ${rateComparison(rate / expected)} ${yardstick}${largest}.${size}`;
  return { value, hasData: true, reason, load: recent.load };
}
