// Numbers, money, dates and "3 hours ago", through Intl so they read the way the user's locale
// writes them. Pure: the clock is always a parameter. The engine's fixed en-US forms (and the
// cards' plurals) are in stable-format.ts.

import { MINUS, round } from './stable-format.ts';

export const DEFAULT_LOCALE = 'en-US';

function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  try {
    return new Intl.NumberFormat(locale, options);
  } catch {
    return new Intl.NumberFormat(DEFAULT_LOCALE, options); // an unknown locale tag from the CRM
  }
}

/** A plain number with at most `decimals` decimals: 72, 12.5, 1,204. */
export function formatNumber(value: number, decimals = 0, locale = DEFAULT_LOCALE): string {
  return numberFormat(locale, { maximumFractionDigits: decimals }).format(value);
}

/** A signed figure with a real minus sign: "+5.2", "−12", "0". */
export function formatSigned(value: number, decimals = 1, locale = DEFAULT_LOCALE): string {
  const rounded = round(value, decimals);
  if (rounded === 0) return formatNumber(0, 0, locale);
  const abs = formatNumber(Math.abs(rounded), decimals, locale);
  return rounded > 0 ? `+${abs}` : `${MINUS}${abs}`;
}

/** A 0–1 fraction as a percentage: 0.92 → "92%". */
export function formatPercent(fraction: number, decimals = 0, locale = DEFAULT_LOCALE): string {
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: decimals }).format(fraction);
}

/**
 * A probability as a whole percentage, never "0%" or "100%": the model's tails are not that
 * certain, so what would round there reads "below 1%" / "above 99%".
 */
export function formatProbability(probability: number, locale = DEFAULT_LOCALE): string {
  if (probability < 0.005) return `below ${formatPercent(0.01, 0, locale)}`;
  if (probability >= 0.995) return `above ${formatPercent(0.99, 0, locale)}`;
  return formatPercent(probability, 0, locale);
}

/** Hours, spelled out: "12.5 hours", "1 hour". */
export function formatHours(hours: number, locale = DEFAULT_LOCALE): string {
  return numberFormat(locale, { style: 'unit', unit: 'hour', unitDisplay: 'long', maximumFractionDigits: hours >= 100 ? 0 : 1 }).format(hours);
}

/** Money in its currency, whole units: "$4,380", "€1.200". An invalid code falls back to "4,380 XYZ". */
export function formatMoney(amount: number, currency: string, locale = DEFAULT_LOCALE): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0, minimumFractionDigits: 0 }).format(amount);
  } catch {
    return `${formatNumber(Math.round(amount), 0, locale)} ${currency}`;
  }
}

/** An ISO instant written in UTC as `locale` does (the default locale when it is unknown); null when not a date. */
function formatUtc(iso: string, options: Intl.DateTimeFormatOptions, locale: string): string | null {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  try {
    return new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).format(ms);
  } catch {
    return new Intl.DateTimeFormat(DEFAULT_LOCALE, { ...options, timeZone: 'UTC' }).format(ms);
  }
}

/** A calendar date (ISO date or date-time) as the locale writes it, read in UTC: "Jan 15, 2027". */
export function formatDate(iso: string, locale = DEFAULT_LOCALE): string {
  return formatUtc(iso, { dateStyle: 'medium' }, locale) ?? iso;
}

/** An instant as the locale writes a date and time, in UTC and saying so: "Dec 7, 2026, 7:20 PM UTC". */
export function formatDateTime(iso: string, locale = DEFAULT_LOCALE): string {
  const text = formatUtc(iso, { dateStyle: 'medium', timeStyle: 'short' }, locale);
  return text === null ? iso : `${text} UTC`;
}

/** The `YYYY-MM-DD` part of an instant, in UTC. */
export function isoDay(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso.slice(0, 10) : new Date(ms).toISOString().slice(0, 10);
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * "3 hours ago", "yesterday", "in 2 days", or `justNow` within 45 seconds either side. Units step
 * up at 45 minutes, 22 hours, 26 days and 11 months, the way people round.
 */
export function relativeTime(iso: string, now: number, justNow: string, locale = DEFAULT_LOCALE): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const diff = at - now;
  const abs = Math.abs(diff);
  if (abs < 45 * SECOND) return justNow;
  let rtf: Intl.RelativeTimeFormat;
  try {
    rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  } catch {
    rtf = new Intl.RelativeTimeFormat(DEFAULT_LOCALE, { numeric: 'auto' });
  }
  const sign = diff < 0 ? -1 : 1;
  const step = (unit: Intl.RelativeTimeFormatUnit, size: number) => rtf.format(sign * Math.max(1, Math.round(abs / size)), unit);
  if (abs < 45 * MINUTE) return step('minute', MINUTE);
  if (abs < 22 * HOUR) return step('hour', HOUR);
  if (abs < 26 * DAY) return step('day', DAY);
  if (abs < 320 * DAY) return step('month', 30.4375 * DAY);
  return step('year', 365.25 * DAY);
}

/** Whole days from `now` to `iso` (negative in the past), by UTC calendar day. */
export function daysUntil(iso: string, now: number): number | null {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return null;
  return Math.round((Date.parse(isoDay(iso)) - Date.parse(new Date(now).toISOString().slice(0, 10))) / DAY);
}

/**
 * Who saved something, as a person reads it: the sidecar records HubSpot's user as
 * `email (hubspot-user:123)`, or `hubspot-user:123` when HubSpot sent no email.
 */
export function savedByName(actor: string | null): string | null {
  if (actor === null) return null;
  const withEmail = /^(.+) \(hubspot-user:\d+\)$/.exec(actor);
  if (withEmail) return withEmail[1]!;
  const bare = /^hubspot-user:(\d+)$/.exec(actor);
  return bare ? `HubSpot user ${bare[1]}` : actor;
}
