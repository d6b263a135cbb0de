// Active users over time as a step function of the known counts. Used for seat utilisation, usage
// trends and as the denominator of ticket rates ("tickets per active user").
import type { UsagePointMs } from './prepare.ts';
import { DAY_MS } from './time.ts';

/**
 * Active users at `t`, seeing only counts known by `upTo` (the moment the engine is evaluated at).
 * Before the first known count the series is taken as flat, so an account with a single count is
 * treated as steady rather than as having no users. Null when no count is known at all.
 */
export function usersAt(points: readonly UsagePointMs[], t: number, upTo: number): number | null {
  const first = points[0];
  if (!first) return null;
  let value = first.users;
  for (const p of points) {
    if (p.ms > t || p.ms > upTo) break;
    value = p.users;
  }
  return value;
}

/** ∫ active users dt over [from, to), in user-days, with the same visibility rule as usersAt. */
export function userDays(points: readonly UsagePointMs[], from: number, to: number, upTo: number): number {
  const first = points[0];
  if (!first || to <= from) return 0;
  let current = first.users;
  let i = 0;
  for (; i < points.length && points[i]!.ms <= from && points[i]!.ms <= upTo; i++) current = points[i]!.users;
  let total = 0;
  let cursor = from;
  for (; i < points.length; i++) {
    const p = points[i]!;
    if (p.ms >= to || p.ms > upTo) break;
    total += current * (p.ms - cursor);
    cursor = p.ms;
    current = p.users;
  }
  total += current * (to - cursor);
  return total / DAY_MS;
}
