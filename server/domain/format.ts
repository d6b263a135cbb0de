// Number and text formatting for the reasons, notes and CRM property values, so that the same
// figure reads the same everywhere (and property strings are stable between runs). The helpers the
// cards use too live in app/ (stable-format.ts, labels.ts: HubSpot bundles only app/) and are
// re-exported here; what follows only the engine writes.
export { capitalize, effortText, fixed, grouped, money, num, percent, plural, round, signed } from '../../app/src/app/cards/lib/model/stable-format.ts';
import { plural } from '../../app/src/app/cards/lib/model/stable-format.ts';
export { ticketLabel } from '../../app/src/app/cards/lib/model/labels.ts';
import { DAY_MS } from './time.ts';

/** How long a ticket has been open, from its whole days: "less than a day" under one, not "0 days". */
export function openFor(days: number): string {
  return days < 1 ? 'less than a day' : plural(days, 'day');
}

export function clamp(value: number, lo = 0, hi = 1): number {
  return value < lo ? lo : value > hi ? hi : value;
}

/** How a rate compares with a usual one, to go before "the usual rate": "about", "twice", "3 times". */
export function rateComparison(ratio: number): string {
  if (!Number.isFinite(ratio)) return 'far above';
  if (ratio < 0.8) return 'below';
  if (ratio <= 1.25) return 'about';
  if (ratio < 1.75) return 'one and a half times';
  if (ratio < 2.5) return 'twice';
  if (ratio > 10) return 'more than 10 times';
  return `${Math.round(ratio)} times`;
}

/** Whole days since the customer started, as of `asOfMs` (null when the start is unknown). */
export function startedDaysAgo(asOfMs: number, customerSinceMs: number | undefined): number | null {
  return customerSinceMs === undefined || !Number.isFinite(customerSinceMs) ? null : Math.max(0, Math.floor((asOfMs - customerSinceMs) / DAY_MS));
}

/**
 * How a sentence names a window of the last `days` (`prep`: "in", "over", "of"): "in the last 180
 * days". For a customer who started `started` days ago, within the window, it names what was read
 * instead: "since the customer started 40 days ago" when the window was clipped to the customer's
 * start (`clipped`: it holds nothing older), else the window with the customer's age beside it —
 * "in the last 180 days (the customer started 40 days ago)" — as it may hold older records.
 */
export function lastDays(days: number, started: number | null, clipped: boolean, prep = 'in'): string {
  const window = `${prep} the last ${plural(days, 'day')}`;
  if (started === null || (clipped ? started > days : started >= days)) return window;
  const ago = started === 0 ? 'today' : `${plural(started, 'day')} ago`;
  return clipped ? `since the customer started ${ago}` : `${window} (the customer started ${ago})`;
}
