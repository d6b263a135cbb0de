// The console's own calls, beside the card client (api.ts): the portfolio overview, the sync's
// progress, "Recompute all" (server/http/routes/console-data.ts), the demo Salesforce org and its
// accounts (console-salesforce.ts), and every account matching the filters, page by page, for the
// CSV export. Each URL comes from the route table (CONSOLE_ROUTES) and each answer is checked
// against its contract (CONSOLE_RESPONSE_SCHEMAS, generated from server/api/console-contracts.ts).
import type { z } from 'zod';
import type { CONSOLE_ROUTE_CONTRACTS } from '../../server/api/console-contracts.ts';
import { CONSOLE_RESPONSE_SCHEMAS } from '../../app/src/app/cards/lib/client/contract-schemas.ts';
import { conforms, CONSOLE_ROUTES, fillPath, sidecarRequest, TIMEOUTS, type ApiResult, type ConsoleDataRouteName } from '../model/client.ts';
import { browserSidecarFetch, type PortfolioItem, type PortfolioParams, type WebApi } from './api.ts';
import type { PortfolioOverview, PortfolioProgress } from './overview.ts';

/** A console route's 2xx answer, as its contract parses it. */
export type ConsoleResponse<K extends ConsoleDataRouteName> = z.output<NonNullable<(typeof CONSOLE_ROUTE_CONTRACTS)[K]['response']>>;
export type SalesforceAccountRow = ConsoleResponse<'salesforceAccounts'>['items'][number];

export interface ConsoleDataApi {
  overview(today: string): Promise<ApiResult<PortfolioOverview>>;
  progress(): Promise<ApiResult<PortfolioProgress>>;
  recomputeAll(): Promise<ApiResult<ConsoleResponse<'recomputeAll'>>>;
  salesforceOrg(): Promise<ApiResult<ConsoleResponse<'salesforceOrg'>>>;
  salesforceAccounts(): Promise<ApiResult<ConsoleResponse<'salesforceAccounts'>>>;
}

/** The page the console's iframe loads for a Salesforce Account (the demo Canvas bridge). */
export const salesforceCardUrl = (accountId: string, origin = '') => `${origin}${fillPath(CONSOLE_ROUTES.salesforceCard.path, { accountId })}`;

/** `origin`: where the console is served ('' in the browser: the page's own). */
export function createConsoleDataApi(origin = '', fetchImpl: typeof globalThis.fetch = (input, init) => globalThis.fetch(input, init)): ConsoleDataApi {
  const send = browserSidecarFetch(undefined, fetchImpl);
  const call = <K extends ConsoleDataRouteName>(name: K, query: Record<string, string> = {}): Promise<ApiResult<ConsoleResponse<K>>> => {
    const { method, path } = CONSOLE_ROUTES[name];
    const qs = new URLSearchParams(query).toString();
    const options = { method, timeout: method === 'GET' ? TIMEOUTS.readMs : TIMEOUTS.writeMs, ...(method === 'GET' ? {} : { body: {} }) };
    return sidecarRequest(send, `${origin}${fillPath(path, {})}${qs ? `?${qs}` : ''}`, options, conforms<ConsoleResponse<K>>(CONSOLE_RESPONSE_SCHEMAS[name]));
  };
  return {
    overview: (today) => call('overview', { today }),
    progress: () => call('progress'),
    recomputeAll: () => call('recomputeAll'),
    salesforceOrg: () => call('salesforceOrg'),
    salesforceAccounts: () => call('salesforceAccounts'),
  };
}

/** The largest page the portfolio route serves. */
const EXPORT_PAGE = 200;

/** Every account the filters match (all pages), in the table's order. */
export async function allPortfolioItems(api: WebApi, params: PortfolioParams): Promise<ApiResult<PortfolioItem[]>> {
  const items: PortfolioItem[] = [];
  for (let offset = 0; ; offset += EXPORT_PAGE) {
    const page = await api.portfolio({ ...params, limit: EXPORT_PAGE, offset });
    if (!page.ok) return page;
    items.push(...page.data.items);
    if (page.data.items.length < EXPORT_PAGE || items.length >= page.data.total) return { ok: true, status: 200, data: items };
  }
}
