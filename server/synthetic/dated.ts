// Small helpers for the generator's dated records, shared by the portfolio and the shape knobs
// that add records or rescale counts (budget cuts, onboarding, acquisitions, seasonal businesses).
import type { AccountSnapshot } from '../domain/snapshot.ts';

type Usage = AccountSnapshot['usage'];

/** Tickets oldest first, by when they were opened (ISO strings of one format compare as instants). */
export const byCreatedAt = (a: { createdAt: string }, b: { createdAt: string }): number => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0);

/** Engagements oldest first, by when they took place. */
export const byAt = (a: { at: string }, b: { at: string }): number => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0);

/** An instant as ISO text, rounded down to the second (for the few records the knobs add). */
export const isoSecond = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString();

/**
 * Usage with every count multiplied by `shareAt` its moment and rounded: the current active users
 * and logins at `asOfMs`, each history point at its date (UTC midnight).
 */
export function scaleUsage(usage: Usage, asOfMs: number, shareAt: (ms: number) => number): Usage {
  const at = (date: string) => shareAt(Date.parse(`${date}T00:00:00Z`));
  const now = shareAt(asOfMs);
  const scaled = (n: number | null | undefined) => (n === null || n === undefined ? n : Math.round(n * now));
  return {
    activeUsers: scaled(usage.activeUsers),
    logins30d: scaled(usage.logins30d),
    history: usage.history.map((p) => ({ date: p.date, activeUsers: Math.round(p.activeUsers * at(p.date)) })),
    loginHistory: usage.loginHistory.map((p) => ({ date: p.date, logins30d: Math.round(p.logins30d * at(p.date)) })),
  };
}
