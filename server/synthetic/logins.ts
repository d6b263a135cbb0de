// Logins over the 30 days before each monthly usage count: how often the account's active users
// log in, which moves with hidden health as it was at that date. The CRM holds it the way a usage
// integration writes it: the same monthly dates as the active-user counts (HubSpot keeps the
// property's history; Salesforce a field on the usage snapshot object). Drawn from the account's
// own `logins` stream after everything else, so adding it changes no other draw.
import type { AccountSnapshot } from '../domain/snapshot.ts';
import type { Rng } from './random.ts';
import type { LoginShape } from './shape.ts';

type Usage = AccountSnapshot['usage'];

const DAY_MS = 86_400_000;

/**
 * The generator's own link, which the current count has always followed: each active user logs in
 * 8 + 12 × health times a month, plus a uniform 0–5, drawn afresh for every count.
 */
function defaultPerUser(rng: Rng, health: number): number {
  return 8 + 12 * health + rng.float(0, 5);
}

/**
 * `usage` with a login count at every usage count's date (and, under a shape's LoginShape, the
 * current count redrawn by the same rule). `healthAt(ageDays)` is hidden health that many days
 * before `asOfMs`.
 */
export function withLoginHistory(rng: Rng, usage: Usage, asOfMs: number, healthAt: (ageDays: number) => number, shape: LoginShape | null): Usage {
  const habit = shape ? Math.exp(rng.normal(0, shape.habitSpread)) : 1;
  const perUser = (health: number) =>
    shape ? (shape.perUser[0] + shape.perUser[1] * health) * habit * Math.exp(rng.normal(0, shape.noise)) : defaultPerUser(rng, health);
  const loginHistory = usage.history.map((point) => {
    const ageDays = (asOfMs - Date.parse(`${point.date}T00:00:00Z`)) / DAY_MS;
    return { date: point.date, logins30d: Math.max(0, Math.round(point.activeUsers * perUser(healthAt(ageDays)))) };
  });
  if (!shape || usage.activeUsers === null || usage.activeUsers === undefined) return { ...usage, loginHistory };
  return { ...usage, logins30d: Math.max(0, Math.round(usage.activeUsers * perUser(healthAt(0)))), loginHistory };
}
