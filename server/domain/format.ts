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
  return `${count} ${count === 1 ? singular : pluralForm}`;
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
