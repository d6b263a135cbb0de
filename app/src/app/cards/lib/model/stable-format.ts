// Numbers and plurals in fixed en-US form, without Intl: the engine's reasons, notes and CRM
// property values must read the same on every run and machine, and the cards' English sentences
// count things the same way. format.ts formats figures for the user's locale on top of `round`
// and `MINUS`. Pure, no imports: HubSpot bundles only app/, and the server imports it from here.

/** The real minus sign, U+2212. */
export const MINUS = '\u2212';

export function round(value: number, decimals = 1): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

/** Signed figure with a real minus sign: "+3.2", "−12", "0". */
export function signed(value: number, decimals = 1): string {
  const r = round(value, decimals);
  if (r === 0) return '0';
  return (r > 0 ? '+' : MINUS) + String(Math.abs(r));
}

/** A number with at most `decimals` decimals and no trailing zeros: 12.5, 3, 0.42. */
export function num(value: number, decimals = 1): string {
  return String(round(value, decimals));
}

export function percent(fraction: number, decimals = 0): string {
  return `${num(fraction * 100, decimals)}%`;
}

/** "1 account", "4,000 accounts", "2 open show-stoppers". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${grouped(count)} ${count === 1 ? singular : pluralForm}`;
}

const THOUSANDS = /\B(?=(\d{3})+(?!\d))/g;

/** A figure with thousands separators: 4,000; 12.5; 1,234.5. */
export function grouped(value: number): string {
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
