// The sandbox's one notion of time: an injectable `now()` (tests advance it) and HubSpot's formats.
import { isoInstant } from '../../server/synthetic/portfolio.ts';

export type Clock = () => number;

export const DAY_MS = 86_400_000;

/** HubSpot's datetime format: ISO 8601 in UTC with milliseconds ("2026-11-01T09:30:00.000Z"). */
export function iso(ms: number): string {
  return Number.isInteger(ms) && ms >= 0 ? isoInstant(ms) : new Date(ms).toISOString();
}

/** Start of the UTC day of `ms`, as ISO: the default as-of of generated data. */
export function startOfUtcDay(ms: number): string {
  return iso(Math.floor(ms / DAY_MS) * DAY_MS);
}

/**
 * An instant from a value HubSpot accepts for date/datetime properties and search filters:
 * epoch milliseconds (as a string or number), an ISO date-time or an ISO date (UTC midnight).
 */
export function parseInstant(raw: string): number | undefined {
  const text = raw.trim();
  if (/^-?\d+$/.test(text)) return Number(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return undefined;
  const ms = Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text);
  return Number.isFinite(ms) ? ms : undefined;
}
