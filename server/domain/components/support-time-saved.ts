// Support time saved: tickets avoided against the account's baseline, by type, × handling minutes.
import { TICKET_TYPES, type TicketType } from '../snapshot.ts';
import { clamp, money, num } from '../format.ts';
import { blendedRate, ticketsCreatedIn } from '../ticket-windows.ts';
import { DAY_MS } from '../time.ts';
import { userDays, usersAt } from '../usage-series.ts';
import { NO_DATA_VALUE, type ComponentOutcome, type EvalContext } from './context.ts';

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
  const actual = ticketsCreatedIn(account.tickets, windowFrom, at);
  if (users === null) {
    const savings = { windowDays, ticketsExpected: 0, ticketsActual: actual.count, ticketsAvoided: 0, hoursSaved: 0, moneySaved: 0, currency };
    return { value: NO_DATA_VALUE, hasData: false, reason: 'Active users are not known, so no baseline of tickets can be expected.', savings };
  }
  const baselineFrom = Math.max(windowFrom - config.windows.baselineDays * DAY_MS, account.customerSinceMs);
  const baseline = ticketsCreatedIn(account.tickets, baselineFrom, windowFrom);
  const baselineUserDays = baselineFrom < windowFrom ? userDays(account.usage, baselineFrom, windowFrom, at) : 0;
  const windowUserDays = userDays(account.usage, windowFrom, at, at);
  const priorUserDays = config.baselinePriorDays * Math.max(usersAt(account.usage, windowFrom, at) ?? users, 1);

  let expectedTickets = 0, expectedMinutes = 0, savedMinutes = 0;
  for (const type of TICKET_TYPES as readonly TicketType[]) {
    const rate = blendedRate(baseline.byType[type], baselineUserDays, config.referenceTicketsPerUserPer30d[type] / 30, priorUserDays);
    const expected = rate * windowUserDays;
    expectedTickets += expected;
    expectedMinutes += expected * config.handlingMinutes[type];
    savedMinutes += (expected - actual.byType[type]) * config.handlingMinutes[type];
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
  // At the baseline the value is 0.5; no tickets at all → 1; twice the expected handling time → 0.
  const value = expectedMinutes > 0 ? clamp(0.5 + (0.5 * savedMinutes) / expectedMinutes) : NO_DATA_VALUE;
  const reason = !explain
    ? ''
    : hoursSaved > 0
      ? `About ${num(hoursSaved)} support hours saved in ${windowDays} days (${num(actual.count, 0)} tickets against ${num(expectedTickets)} expected), worth ${money(savings.moneySaved, currency)}.`
      : `No support time saved in ${windowDays} days: ${num(actual.count, 0)} tickets against ${num(expectedTickets)} expected at the baseline rate.`;
  return { value, hasData: expectedMinutes > 0, reason, savings };
}
