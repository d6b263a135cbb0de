// Numbers and plurals in fixed en-US form, without Intl: the engine's reasons, notes and CRM
// property values must read the same on every run and machine, and the cards' English sentences
// count things the same way. format.ts formats figures for the user's locale on top of `round`
// and `MINUS`. Pure, no imports: HubSpot bundles only app/, and the server imports it from here.

/** The real minus sign, U+2212. */
export const MINUS = '\u2212';

/** 10^0 … 10^4, the scales the engine rounds to (exact, as 10 ** n is); `10 ** n` is a call. */
const POWERS_OF_TEN = [1, 10, 100, 1000, 10_000];
const scale = (decimals: number) => POWERS_OF_TEN[decimals] ?? 10 ** decimals;

export function round(value: number, decimals = 1): number {
  const f = scale(decimals);
  return Math.round(value * f) / f;
}

/**
 * String(|units| / 10^decimals) for a whole number of units (`units` = Math.round(value × 10^decimals)):
 * the digits of the rounded figure without its sign. For 0–2 decimals and |units| below 2^31 it is
 * written from integers (the quotient's shortest form is exactly "whole.fraction" without trailing
 * zeros there); formatting a fraction as a double costs about twice as much, and the engine writes
 * a few dozen figures per account.
 */
function unsignedDigits(units: number, decimals: number): string {
  const a = units < 0 ? -units : units;
  if (decimals > 2 || !(a < 2_147_483_648)) return String(a / scale(decimals));
  if (decimals === 0) return String(a);
  const f = decimals === 1 ? 10 : 100;
  const whole = (a / f) | 0;
  const rest = a - whole * f;
  if (rest === 0) return String(whole);
  if (decimals === 1) return `${whole}.${rest}`;
  return rest % 10 === 0 ? `${whole}.${rest / 10}` : `${whole}.${rest < 10 ? '0' : ''}${rest}`;
}

/** String(round(value, decimals)), written without formatting a double where it can (unsignedDigits). */
export function fixed(value: number, decimals = 1): string {
  const units = Math.round(value * scale(decimals));
  if (units !== units) return 'NaN';
  const digits = unsignedDigits(units, decimals);
  return units < 0 ? `-${digits}` : digits;
}

/** Signed figure with a real minus sign: "+3.2", "−12", "0". */
export function signed(value: number, decimals = 1): string {
  const units = Math.round(value * scale(decimals));
  if (units === 0) return '0';
  return (units > 0 ? '+' : MINUS) + unsignedDigits(units, decimals);
}

/** A number with at most `decimals` decimals and no trailing zeros: 12.5, 3, 0.42. */
export function num(value: number, decimals = 1): string {
  return fixed(value, decimals);
}

export function percent(fraction: number, decimals = 0): string {
  return `${num(fraction * 100, decimals)}%`;
}

/** "1 account", "4,000 accounts", "2 open show-stoppers". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${grouped(count)} ${count === 1 ? singular : pluralForm}`;
}

const THOUSANDS = /\B(?=(\d{3})+(?!\d))/g;

/** "0" … "999": the counts the engine's sentences write most, without converting each time. */
const SMALL_COUNTS = Array.from({ length: 1000 }, (_, i) => String(i));

/** A figure with thousands separators: 4,000; 12.5; 1,234.5. */
export function grouped(value: number): string {
  if ((value | 0) === value && value >= 0 && value < 1000) return SMALL_COUNTS[value]!;
  if (value < 1000 && value > -1000) return String(value);
  const [whole, fraction] = String(value).split('.');
  return whole!.replace(THOUSANDS, ',') + (fraction === undefined ? '' : `.${fraction}`);
}

/** Whole units: "$4,380" in dollars, "4,380 EUR" otherwise. */
export function money(amount: number, currency: string): string {
  const whole = String(Math.round(amount)).replace(THOUSANDS, ',');
  return currency === 'USD' ? `$${whole}` : `${whole} ${currency}`;
}

export function capitalize(text: string): string {
  return text.length === 0 ? text : text[0]!.toUpperCase() + text.slice(1);
}

/** Effort in half-days of work, in words (the engine's step text and the cards' "Effort:" line): "about two hours", "about a day". */
export function effortText(halfDays: number): string {
  if (halfDays <= 0.5) return 'about two hours';
  if (halfDays <= 1) return 'about half a day';
  if (halfDays <= 1.5) return 'most of a day';
  if (halfDays <= 2) return 'about a day';
  if (halfDays <= 3) return 'about a day and a half';
  return `about ${num(halfDays / 2, 0)} days`;
}
