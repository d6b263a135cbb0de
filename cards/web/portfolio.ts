// The portfolio page's view model: the query it shows (kept in the address, so a view can be
// bookmarked and Back works) and one row per account, built from the same figures, tags and
// formats as the cards.
import type { RiskLevel } from '../model/index.ts';
import { DEFAULT_LOCALE, formatDate, formatNumber, NO_VALUE, probabilityFigure, relativeTime, riskTag, scoreFigure, trendModel, WORDING, type Figure, type TagModel, type Tone, type TrendModel } from '../model/index.ts';
import type { PortfolioItem, PortfolioParams, PortfolioSort, SortOrder } from './api.ts';
import { WEB_WORDING } from './wording.ts';

export const PAGE_SIZES = [10, 25, 50, 100, 200] as const;
const SORTS: readonly PortfolioSort[] = ['risk', 'rob', 'renewal', 'name'];
const RISKS: readonly RiskLevel[] = ['high', 'medium', 'low'];
export const RISK_FILTERS = RISKS;

export interface PortfolioQuery {
  sort: PortfolioSort;
  order: SortOrder;
  /** Name contains (trimmed; '' for all). */
  q: string;
  risk: RiskLevel | null;
  /** 1-based. */
  page: number;
  size: number;
}

/** Riskiest first: what needs attention comes first. */
export const DEFAULT_QUERY: PortfolioQuery = { sort: 'risk', order: 'asc', q: '', risk: null, page: 1, size: 25 };

const oneOf = <T extends string>(values: readonly T[], v: string | null): T | null => (v !== null && (values as readonly string[]).includes(v) ? (v as T) : null);

function positive(v: string | null, fallback: number): number {
  const n = v === null ? NaN : Number(v);
  return Number.isSafeInteger(n) && n >= 1 ? n : fallback;
}

/** The query from the address's parameters; anything unknown falls back to the default. */
export function parsePortfolioQuery(params: URLSearchParams): PortfolioQuery {
  const size = Number(params.get('size'));
  return {
    sort: oneOf(SORTS, params.get('sort')) ?? DEFAULT_QUERY.sort,
    order: oneOf(['asc', 'desc'] as const, params.get('order')) ?? DEFAULT_QUERY.order,
    q: (params.get('q') ?? '').trim().slice(0, 100),
    risk: oneOf(RISKS, params.get('risk')),
    page: positive(params.get('page'), 1),
    size: (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_QUERY.size,
  };
}

/** The address parameters for a query, defaults left out. */
export function portfolioSearch(q: PortfolioQuery): string {
  const params = new URLSearchParams();
  if (q.sort !== DEFAULT_QUERY.sort) params.set('sort', q.sort);
  if (q.order !== DEFAULT_QUERY.order) params.set('order', q.order);
  if (q.q) params.set('q', q.q);
  if (q.risk) params.set('risk', q.risk);
  if (q.page !== 1) params.set('page', String(q.page));
  if (q.size !== DEFAULT_QUERY.size) params.set('size', String(q.size));
  return params.toString();
}

export function toApiParams(q: PortfolioQuery): PortfolioParams {
  return { sort: q.sort, order: q.order, limit: q.size, offset: (q.page - 1) * q.size, ...(q.risk ? { risk: q.risk } : {}), ...(q.q ? { q: q.q } : {}) };
}

/** Clicking a column: the same column flips its order, another starts at its default (ascending). */
export function sortedBy(q: PortfolioQuery, sort: PortfolioSort): PortfolioQuery {
  return { ...q, sort, order: q.sort === sort ? (q.order === 'asc' ? 'desc' : 'asc') : 'asc', page: 1 };
}

export function sortDescription(q: Pick<PortfolioQuery, 'sort' | 'order'>): string {
  return WEB_WORDING.portfolio.sorts[q.sort][q.order];
}

export interface PortfolioRow {
  companyId: string;
  name: string;
  insufficient: boolean;
  score: Figure;
  trend: TrendModel | null;
  trendText: string;
  risk: TagModel;
  probability: Figure;
  /** ARR as the CRM holds it: in its currency when the API names one, else the bare amount (never a guessed "$"), or "—". */
  arr: string;
  renewal: { date: string | null; display: string; relative: string | null };
  showStoppers: { count: number; display: string; tone: Tone };
  computed: string;
}

export function portfolioRow(item: PortfolioItem, now: number, locale = DEFAULT_LOCALE): PortfolioRow {
  const w = WEB_WORDING.portfolio;
  const trend = trendModel(item.robTrend, locale);
  return {
    companyId: item.companyId,
    name: item.name,
    insufficient: item.status === 'insufficient_data',
    score: scoreFigure(item.robScore, locale),
    trend,
    trendText: trend?.short ?? NO_VALUE,
    risk: riskTag(item.riskLevel),
    probability: probabilityFigure(item.renewalProbability, item.riskLevel, locale),
    // The portfolio route does not say which currency the CRM's ARR is in (the company view does).
    arr: item.arr === null || item.arr === undefined ? NO_VALUE : formatNumber(Math.round(item.arr), 0, locale),
    renewal: item.renewalDate
      ? { date: item.renewalDate, display: formatDate(item.renewalDate, locale), relative: relativeTime(item.renewalDate, now, WORDING.common.justNow, locale) }
      : { date: null, display: w.noRenewal, relative: null },
    showStoppers: { count: item.showStoppers, display: item.showStoppers === 0 ? w.none : String(item.showStoppers), tone: item.showStoppers === 0 ? 'default' : 'danger' },
    computed: WORDING.company.computedAgo(relativeTime(item.computedAt, now, WORDING.common.justNow, locale)),
  };
}

export interface PageInfo {
  page: number;
  pages: number;
  range: string;
  pageText: string;
  hasPrevious: boolean;
  hasNext: boolean;
}

export function pageInfo(total: number, offset: number, limit: number, shown: number): PageInfo {
  const w = WEB_WORDING.portfolio;
  const pages = Math.max(1, Math.ceil(total / limit));
  const page = Math.floor(offset / limit) + 1;
  return {
    page,
    pages,
    range: w.range(shown === 0 ? 0 : offset + 1, offset + shown, total),
    pageText: w.page(page, pages),
    hasPrevious: page > 1,
    hasNext: page < pages,
  };
}
