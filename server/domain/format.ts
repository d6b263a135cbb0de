// Number and text formatting shared by the reasons, notes and CRM property values, so that the
// same figure reads the same everywhere (and property strings are stable between runs).

export function round(value: number, decimals = 1): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

export function clamp(value: number, lo = 0, hi = 1): number {
  return value < lo ? lo : value > hi ? hi : value;
}

/** Signed figure with a real minus sign: "+3.2", "−12", "0". */
export function signed(value: number, decimals = 1): string {
  const r = round(value, decimals);
  if (r === 0) return '0';
  return (r > 0 ? '+' : '−') + String(Math.abs(r));
}

/** A number with at most `decimals` decimals and no trailing zeros: 12.5, 3, 0.42. */
export function num(value: number, decimals = 1): string {
  return String(round(value, decimals));
}

export function percent(fraction: number, decimals = 0): string {
  return `${num(fraction * 100, decimals)}%`;
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${grouped(count)} ${count === 1 ? singular : pluralForm}`;
}

/** A figure with thousands separators: 4,000; 12.5; 1,234.5. */
export function grouped(value: number): string {
  if (value < 1000 && value > -1000) return String(value);
  const [whole, fraction] = String(value).split('.');
  return whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (fraction === undefined ? '' : `.${fraction}`);
}

export function money(amount: number, currency: string): string {
  const whole = Math.round(amount);
  const grouped = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return currency === 'USD' ? `$${grouped}` : `${grouped} ${currency}`;
}

const TYPE_LABELS: Record<string, string> = {
  outage: 'outage',
  bug: 'bug',
  billing: 'billing issue',
  how_to: 'how-to question',
  feature_request: 'feature request',
  other: 'ticket',
};

export function ticketLabel(priority: string, type: string): string {
  return `${priority} ${TYPE_LABELS[type] ?? type}`;
}

export function capitalize(text: string): string {
  return text.length === 0 ? text : text[0]!.toUpperCase() + text.slice(1);
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

/** Effort in half-days of work, in words: "about two hours", "about a day". */
export function effortText(halfDays: number): string {
  if (halfDays <= 0.5) return 'about two hours';
  if (halfDays <= 1) return 'about half a day';
  if (halfDays <= 1.5) return 'most of a day';
  if (halfDays <= 2) return 'about a day';
  if (halfDays <= 3) return 'about a day and a half';
  return `about ${num(halfDays / 2, 0)} days`;
}
