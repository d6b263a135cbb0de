// The sandbox's time: an injectable now() and Salesforce's formats (datetimes as
// "2026-11-01T09:30:00.000+0000", dates as "2026-11-01").
import { isoInstant } from '../../server/synthetic/portfolio.ts';

export type Clock = () => number;

export const DAY_MS = 86_400_000;

export function sfDateTime(ms: number): string {
  const iso = Number.isInteger(ms) && ms >= 0 ? isoInstant(ms) : new Date(ms).toISOString();
  return `${iso.slice(0, -1)}+0000`;
}

export function sfDate(ms: number): string {
  return sfDateTime(ms).slice(0, 10);
}

export function startOfUtcDay(ms: number): string {
  return new Date(Math.floor(ms / DAY_MS) * DAY_MS).toISOString();
}

/** Epoch ms of a stored date or datetime value. */
export function instantOf(value: string): number {
  return Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
}
