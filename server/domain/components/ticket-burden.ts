// Ticket burden: weighted tickets per active user in the recent window, against the account's own
// baseline (blended with a reference rate while the baseline is thin) and against that reference.
import { TICKET_TYPES } from '../snapshot.ts';
import { clamp, num, plural, signed, ticketLabel } from '../format.ts';
import { blendedRate, ticketsCreatedIn } from '../ticket-windows.ts';
import { DAY_MS } from '../time.ts';
import { userDays, usersAt } from '../usage-series.ts';
import { NO_DATA_VALUE, type ComponentOutcome, type EvalContext } from './context.ts';
import type { EngineConfig } from '../engine-config.ts';

/** Reference weighted tickets per user-day: the reference mix at medium priority. */
export function referenceWeightedRate(config: EngineConfig): number {
  let perUser30d = 0;
  for (const type of TICKET_TYPES) perUser30d += config.referenceTicketsPerUserPer30d[type] * config.ticketTypeWeights[type] * config.priorityWeights.medium;
  return perUser30d / 30;
}

export function ticketBurdenComponent({ account, config, at, explain }: EvalContext): ComponentOutcome {
  const users = usersAt(account.usage, at, at);
  if (users === null) return { value: NO_DATA_VALUE, hasData: false, reason: 'Active users are not known, so tickets cannot be put per user.' };
  const { recentDays, baselineDays } = config.windows;
  const recentFrom = at - recentDays * DAY_MS;
  const baselineFrom = Math.max(recentFrom - baselineDays * DAY_MS, account.customerSinceMs);

  const recent = ticketsCreatedIn(account.tickets, recentFrom, at);
  const recentUserDays = Math.max(userDays(account.usage, recentFrom, at, at), 1);
  const baseline = ticketsCreatedIn(account.tickets, baselineFrom, recentFrom);
  const baselineUserDays = baselineFrom < recentFrom ? userDays(account.usage, baselineFrom, recentFrom, at) : 0;

  const reference = referenceWeightedRate(config);
  // The prior is sized by the users at the end of the baseline, so today's count moves only the
  // recent rate (fewer users for the same tickets is more burden per user, never less).
  const priorUsers = usersAt(account.usage, recentFrom, at) ?? users;
  const expected = blendedRate(baseline.weight, baselineUserDays, reference, config.baselinePriorDays * Math.max(priorUsers, 1));
  const rate = recent.weight / recentUserDays;
  const value = 0.5 * (expected / (expected + rate)) + 0.5 * (reference / (reference + rate));

  if (!explain) return { value: clamp(value), hasData: true, reason: '' };
  const per100 = (r: number) => num(r * 30 * 100, 1);
  const change = expected > 0 ? (rate - expected) / expected : 0;
  const heaviest = recent.heaviest ? `; heaviest: ${ticketLabel(recent.heaviest.priority, recent.heaviest.type)}` : '';
  const reason =
    recent.count === 0
      ? `No tickets in the last ${recentDays} days (baseline ${per100(expected)} weighted tickets per 100 active users a month).`
      : `${plural(recent.count, 'ticket')} in the last ${recentDays} days = ${per100(rate)} weighted per 100 active users vs a baseline of ${per100(expected)} (${signed(change * 100, 0)}%)${heaviest}.`;
  return { value: clamp(value), hasData: true, reason };
}
