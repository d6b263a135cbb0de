// The longer-window signals the renewal-risk model reads besides the ROB score and its parts:
// what a customer's tickets, messages, contacts and usage said over the last months, measured the
// same way for any CRM's data. Everything is read as of `at`, seeing nothing dated later.
import type { EngineConfig } from './engine-config.ts';
import type { PreparedAccount, PreparedTicket } from './prepare.ts';
import type { TicketPriority } from './snapshot.ts';
import { DAY_MS } from './time.ts';
import { usersAt } from './usage-series.ts';
import { sortNumbersShort } from './small-sort.ts';

/** How the signals are measured (their coefficients are in the RiskModel). */
export const SIGNAL_SHAPE = {
  /** Touches (engagements of any kind) and ticket mix and resolution times are read over this many days. */
  windowDays: 180,
  /**
   * Resolution-time targets by priority, in hours: common support SLAs (4 hours urgent, a day high,
   * three days medium, a week low). Resolution time is read as the ratio to the target.
   */
  targetHours: { urgent: 4, high: 24, medium: 72, low: 168 } satisfies Record<TicketPriority, number>,
  /** Usage change is read over a year (monthly counts: the oldest may be up to a month younger). */
  usageYearDays: 365,
} as const;

export interface RiskSignals {
  /** Mean sentiment of the customer's messages over the sentiment window and in tickets still open, and how many there were. */
  longSentiment: { mean: number; messages: number; days: number } | null;
  /** Engagements of any kind in the window. */
  touches: number;
  /**
   * Median of log₂(hours to resolve ÷ target hours) over tickets closed in the window and tickets
   * still open (with the time open so far, which only grows), and how many.
   */
  resolution: { medianLog2: number; tickets: number } | null;
  /** Tickets created in the window or still open, and how many of them were how-to questions or feature requests. */
  ticketMix: { tickets: number; adoption: number } | null;
  /** Active users a year before `at` (null when unknown). */
  usersYearAgo: number | null;
}

/**
 * The sentiment window: every customer message the prepared account holds for a run at `asOf`
 * (its trend window plus the sentiment component's recent and earlier windows; 150 days by default).
 */
export function longSentimentDays(config: EngineConfig): number {
  const w = config.windows;
  return w.trendDays + w.recentDays + w.sentimentEarlierDays;
}

/**
 * The median of the log₂ of `sorted` (ascending, positive), taking the logarithm of the middle
 * one or two only: log₂ is increasing, so the middle of the ratios is the middle of their logs, and
 * the value is the same as from sorting every ratio's log₂ (one Math.log2 per account instead of one
 * per ticket).
 */
export function medianLog2(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? Math.log2(sorted[mid]!) : (Math.log2(sorted[mid - 1]!) + Math.log2(sorted[mid]!)) / 2;
}

/** SIGNAL_SHAPE.targetHours[priority], as a switch: a lookup keyed by a string that varies per ticket is slower. */
function targetHours(priority: TicketPriority): number {
  switch (priority) {
    case 'urgent': return SIGNAL_SHAPE.targetHours.urgent;
    case 'high': return SIGNAL_SHAPE.targetHours.high;
    case 'medium': return SIGNAL_SHAPE.targetHours.medium;
    case 'low': return SIGNAL_SHAPE.targetHours.low;
  }
}

const openAt = (t: PreparedTicket, at: number) => t.createdMs <= at && t.closedMs > at;

export function riskSignals(account: PreparedAccount, config: EngineConfig, at: number): RiskSignals {
  const from = at - SIGNAL_SHAPE.windowDays * DAY_MS;

  const sentimentDays = longSentimentDays(config);
  const sentimentFrom = at - sentimentDays * DAY_MS;
  // A ticket still open keeps its messages in: it must never read better by getting older.
  let sum = 0;
  let messages = 0;
  const ms = account.customerMessageMs;
  for (let i = 0; i < ms.length; i++) {
    if (ms[i]! > at || (ms[i]! <= sentimentFrom && !openAt(account.tickets[account.customerMessageTicket[i]!]!, at))) continue;
    sum += account.customerMessageSentiment[i]!;
    messages++;
  }

  let touches = 0;
  for (const t of account.engagementMs) if (t <= at && t > from) touches++;

  // Resolution time ÷ target per ticket; only the median's log₂ is taken (medianLog2).
  const ratios: number[] = [];
  let tickets = 0;
  let adoption = 0;
  for (const t of account.tickets) {
    if (t.createdMs > at) break; // sorted by creation
    const isOpen = openAt(t, at);
    if (isOpen || (t.closedMs <= at && t.closedMs > from)) {
      const hours = Math.max(0, Math.min(t.closedMs, at) - t.createdMs) / 3_600_000;
      ratios.push((hours + 1) / targetHours(t.priority));
    }
    if (isOpen || t.createdMs > from) {
      tickets++;
      if (t.type === 'how_to' || t.type === 'feature_request') adoption++;
    }
  }
  sortNumbersShort(ratios);

  return {
    longSentiment: messages > 0 ? { mean: sum / messages, messages, days: sentimentDays } : null,
    touches,
    resolution: ratios.length > 0 ? { medianLog2: medianLog2(ratios), tickets: ratios.length } : null,
    ticketMix: tickets > 0 ? { tickets, adoption } : null,
    usersYearAgo: account.usage.length > 0 && account.usage[0]!.ms <= at - (SIGNAL_SHAPE.usageYearDays - 31) * DAY_MS ? usersAt(account.usage, at - SIGNAL_SHAPE.usageYearDays * DAY_MS, at) : null,
  };
}
