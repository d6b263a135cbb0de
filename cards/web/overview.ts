// The portfolio at a glance, as view models: headline figures, the renewals chart (ARR per month
// stacked by risk level), the ROB distribution, the sync's progress and the CSV export of the
// table. Pure: the clock and the locale are parameters.
import type { PortfolioOverview, PortfolioProgress, RiskKey } from '../../server/store/portfolio-overview.ts';
import { DEFAULT_LOCALE, formatMoney, formatNumber, RISK_LABELS, WORDING, type Tone } from '../model/index.ts';
import type { PortfolioItem } from './api.ts';
import { WEB_WORDING } from './wording.ts';

export type { PortfolioOverview, PortfolioProgress, RiskKey };

/** Stacking order, bottom up: what needs attention sits on the axis. */
export const RISK_ORDER: readonly RiskKey[] = ['high', 'medium', 'low', 'unknown'];

export function riskName(key: RiskKey): string {
  return key === 'unknown' ? WORDING.company.riskUnknown : RISK_LABELS[key].text;
}

export function riskTone(key: RiskKey): Tone {
  return key === 'unknown' ? 'default' : RISK_LABELS[key].tone;
}

export interface Headline {
  key: string;
  label: string;
  display: string;
  detail: string | null;
  tone: Tone;
}

export function headlines(o: PortfolioOverview, locale = DEFAULT_LOCALE): Headline[] {
  const w = WEB_WORDING.overview;
  const money = (n: number) => formatMoney(n, o.currency ?? 'USD', locale);
  const share = (n: number) => (o.arr > 0 ? w.shareOfArr(formatNumber((n / o.arr) * 100, 0, locale)) : null);
  return [
    { key: 'accounts', label: w.accounts, display: formatNumber(o.accounts, 0, locale), detail: o.unscored > 0 ? w.unscored(o.unscored) : null, tone: 'default' },
    { key: 'arr', label: w.arr, display: money(o.arr), detail: o.accountsWithArr < o.accounts ? w.arrCoverage(o.accountsWithArr, o.accounts) : null, tone: 'default' },
    { key: 'arrHigh', label: w.arrAt(riskName('high')), display: money(o.byRisk.high.arr), detail: share(o.byRisk.high.arr), tone: o.byRisk.high.arr > 0 ? 'danger' : 'default' },
    { key: 'arrMedium', label: w.arrAt(riskName('medium')), display: money(o.byRisk.medium.arr), detail: share(o.byRisk.medium.arr), tone: o.byRisk.medium.arr > 0 ? 'warning' : 'default' },
    { key: 'renewals90', label: w.next90, display: formatNumber(o.next90Days.accounts, 0, locale), detail: w.next90Arr(money(o.next90Days.arr)), tone: 'default' },
  ];
}

export interface RenewalMonth {
  month: string;
  label: string;
  high: number;
  medium: number;
  low: number;
  unknown: number;
  total: number;
  accounts: number;
}

export function monthLabel(month: string, locale = DEFAULT_LOCALE): string {
  const ms = Date.parse(`${month}-01T00:00:00Z`);
  try {
    return new Intl.DateTimeFormat(locale, { month: 'short', year: '2-digit', timeZone: 'UTC' }).format(ms);
  } catch {
    return month;
  }
}

export function renewalMonths(o: PortfolioOverview, locale = DEFAULT_LOCALE): RenewalMonth[] {
  return o.renewals.map((m) => {
    const arr = (k: RiskKey) => m.byRisk[k].arr;
    return {
      month: m.month,
      label: monthLabel(m.month, locale),
      high: arr('high'),
      medium: arr('medium'),
      low: arr('low'),
      unknown: arr('unknown'),
      total: RISK_ORDER.reduce((n, k) => n + arr(k), 0),
      accounts: RISK_ORDER.reduce((n, k) => n + m.byRisk[k].accounts, 0),
    };
  });
}

/** Risk levels that appear in the renewals at all (an empty series only clutters the legend). */
export function renewalSeries(months: readonly RenewalMonth[]): RiskKey[] {
  return RISK_ORDER.filter((k) => months.some((m) => m[k] > 0));
}

export function renewalSummary(months: readonly RenewalMonth[], currency: string, locale = DEFAULT_LOCALE): string {
  const busiest = months.reduce<RenewalMonth | null>((best, m) => (m.total > (best?.total ?? 0) ? m : best), null);
  const total = months.reduce((n, m) => n + m.total, 0);
  return busiest ? WEB_WORDING.overview.renewalsSummary(formatMoney(total, currency, locale), busiest.label, formatMoney(busiest.total, currency, locale)) : WEB_WORDING.overview.noRenewals;
}

export interface RobBar {
  label: string;
  accounts: number;
}

export function robBars(o: PortfolioOverview): RobBar[] {
  return o.robBuckets.map((b) => ({ label: `${b.from}\u2013${b.to}`, accounts: b.accounts }));
}

export function robSummary(o: PortfolioOverview, locale = DEFAULT_LOCALE): string {
  const under40 = o.robBuckets.filter((b) => b.to < 40).reduce((n, b) => n + b.accounts, 0);
  const from60 = o.robBuckets.filter((b) => b.from >= 60).reduce((n, b) => n + b.accounts, 0);
  return WEB_WORDING.overview.robSummary(under40, from60, (n) => formatNumber(n, 0, locale));
}

export interface ProgressModel {
  /** Show the panel: a sync is running or writes are still on their way. */
  active: boolean;
  title: string;
  read: number;
  scored: number;
  written: number;
  /** The bar: accounts written back out of those known so far. */
  value: number;
  max: number;
  text: string;
  failedWrites: number;
}

export function progressModel(p: PortfolioProgress, locale = DEFAULT_LOCALE): ProgressModel {
  const w = WEB_WORDING.progress;
  const known = Math.max(p.read, p.scored);
  const n = (v: number) => formatNumber(v, 0, locale);
  return {
    active: p.syncing || p.pendingWrites > 0,
    title: p.syncing ? (p.lastSyncStartedAt === null ? w.firstSync : w.syncing) : w.writing,
    read: p.read,
    scored: p.scored,
    written: p.written,
    value: p.written,
    max: Math.max(1, known),
    text: w.counts(n(p.read), n(p.scored), n(p.written)),
    failedWrites: p.failedWrites,
  };
}

/** A CSV cell: quoted when needed; text that a spreadsheet would run as a formula is defused. */
function cell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The table as CSV (RFC 4180, CRLF), plain numbers so a spreadsheet can sum them. */
export function portfolioCsv(items: readonly PortfolioItem[]): string {
  const c = WEB_WORDING.csv.columns;
  const header = [c.name, c.companyId, c.rob, c.trend, c.risk, c.chance, c.arr, c.renewal, c.showStoppers, c.status, c.computedAt];
  const rows = items.map((i) => [
    cell(i.name),
    cell(i.companyId),
    cell(i.robScore === null ? null : Math.round(i.robScore * 10) / 10),
    cell(i.robTrend === null ? null : Math.round(i.robTrend * 10) / 10),
    cell(i.riskLevel === null ? null : RISK_LABELS[i.riskLevel].text),
    cell(i.renewalProbability === null ? null : Math.round(i.renewalProbability * 100)),
    cell(i.arr ?? null),
    cell(i.renewalDate),
    cell(i.showStoppers),
    cell(i.status === 'insufficient_data' ? WEB_WORDING.portfolio.insufficient : WEB_WORDING.csv.ok),
    cell(i.computedAt),
  ]);
  return [header.map(cell), ...rows].map((r) => r.join(',')).join('\r\n') + '\r\n';
}

export function csvFileName(todayIso: string, filtered: boolean): string {
  return `accounts-${filtered ? 'filtered-' : ''}${todayIso}.csv`;
}

/** Today in the browser's own calendar (not UTC): what "the next 90 days" start from. */
export function localDay(now: number): string {
  const d = new Date(now);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
