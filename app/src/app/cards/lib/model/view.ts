// The building blocks every view model is made of. Renderers (HubSpot ui-extensions, the web
// console) map these one to one onto their own components and never format anything themselves.

/** How a value should feel: renderers pick the colour. */
export type Tone = 'success' | 'warning' | 'danger' | 'info' | 'default';

export type Unit = 'points' | 'percent' | 'hours' | 'money' | 'count' | 'days';

/** One number with its unit, already formatted. `value` is null when there is nothing to show. */
export interface Figure {
  key: string;
  label: string;
  value: number | null;
  unit: Unit;
  /** ISO 4217 code when `unit` is money. */
  currency?: string;
  /** The formatted value ("72", "92%", "$4,380", "12.5 hours", or "—"). */
  display: string;
  tone: Tone;
  /** A short explanation shown next to or under the figure. */
  hint?: string;
}

export interface TrendModel {
  value: number;
  /** "+5.2 points in 30 days". */
  display: string;
  /** Short form for compact places: "+5.2". */
  short: string;
  direction: 'increase' | 'decrease' | 'flat';
  tone: Tone;
}

export interface TagModel {
  text: string;
  tone: Tone;
}

export interface TextLine {
  text: string;
  tone: Tone;
}

/** One row of a chart: a date, a series name and a value. */
export interface ChartPoint {
  date: string;
  series: string;
  value: number;
  /** Scored afterwards as of this date, not observed then. */
  reconstructed?: boolean;
}

export const NO_VALUE = '\u2014';
