// Usage: active users against licensed seats, and the direction of the trend.
import { clamp, grouped, percent, plural, startedDaysAgo } from '../format.ts';
import { DAY_MS } from '../time.ts';
import { usersAt } from '../usage-series.ts';
import { NO_DATA_VALUE, type ComponentOutcome, type EvalContext } from './context.ts';

/** Utilisation at or above this counts as fully used (some seats always sit idle). */
export const FULL_UTILISATION = 0.8;
/** A change of ±20 % in 30 days moves the trend part to its ends. */
const TREND_SPAN = 0.4;
const UTILISATION_SHARE = 0.75;

export interface UsageOutcome extends ComponentOutcome {
  readonly users: number | null;
  readonly utilisation: number | null;
  readonly change30d: number | null;
}

export function usageComponent({ account, config, at, explain }: EvalContext): UsageOutcome {
  const users = usersAt(account.usage, at, at);
  if (users === null) {
    return { value: NO_DATA_VALUE, hasData: false, reason: 'Active users are not known, so usage is not counted.', users, utilisation: null, change30d: null };
  }
  const before = usersAt(account.usage, at - config.windows.trendDays * DAY_MS, at) ?? users;
  const change = (users - before) / Math.max(before, 1);
  const trendPart = clamp(0.5 + change / TREND_SPAN);
  const seats = account.seats;
  const utilisation = seats && seats > 0 ? Math.min(1, users / seats) : null;
  const value = utilisation === null ? trendPart : UTILISATION_SHARE * Math.min(1, utilisation / FULL_UTILISATION) + (1 - UTILISATION_SHARE) * trendPart;
  if (!explain) return { value: clamp(value), hasData: true, reason: '', users, utilisation, change30d: change };
  // 0 seats recorded is a figure, not a gap: say so rather than "unknown" (no utilisation either way).
  const seatText = utilisation !== null
    ? `${grouped(users)} of ${plural(seats!, 'seat')} active (${percent(utilisation)})`
    : `${plural(users, 'active user')} (${seats === 0 ? '0 licensed seats recorded' : 'licensed seats unknown'})`;
  const days = config.windows.trendDays;
  // A customer younger than the window has no count from its start: the earliest count stands for it.
  const started = startedDaysAgo(at, account.customerSinceMs);
  const young = started !== null && started < days;
  const since = started === 0 ? 'since the customer started today' : `since the customer started ${plural(started ?? 0, 'day')} ago`;
  const trendText = before === users ? (young ? `steady ${since}` : `steady over ${days} days`) : `${before > users ? 'down' : 'up'} from ${grouped(before)} ${young ? since : `${days} days ago`}`;
  return { value: clamp(value), hasData: true, reason: `${seatText}, ${trendText}.`, users, utilisation, change30d: change };
}
