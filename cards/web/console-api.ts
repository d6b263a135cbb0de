// The console's own calls, beside the card client (api.ts): the portfolio overview, the sync's
// progress, "Recompute all" (server/http/routes/console-data.ts), and every account matching the
// filters, page by page, for the CSV export.
import { sidecarRequest, TIMEOUTS, type ApiResult } from '../model/client.ts';
import { browserSidecarFetch, type PortfolioItem, type PortfolioParams, type WebApi } from './api.ts';
import { isOverview, isProgress, type PortfolioOverview, type PortfolioProgress } from './overview.ts';

export interface ConsoleDataApi {
  overview(today: string): Promise<ApiResult<PortfolioOverview>>;
  progress(): Promise<ApiResult<PortfolioProgress>>;
  recomputeAll(): Promise<ApiResult<unknown>>;
}

/** `base` is the console's API base (`/console`): the data routes live under `/console/data`. */
export function createConsoleDataApi(base: string, fetchImpl: typeof globalThis.fetch = (input, init) => globalThis.fetch(input, init)): ConsoleDataApi {
  const root = `${base.replace(/\/+$/, '')}/data`;
  const send = browserSidecarFetch(undefined, fetchImpl);
  return {
    overview: (today) => sidecarRequest(send, `${root}/overview?today=${encodeURIComponent(today)}`, { method: 'GET', timeout: TIMEOUTS.readMs }, isOverview),
    progress: () => sidecarRequest(send, `${root}/progress`, { method: 'GET', timeout: TIMEOUTS.readMs }, isProgress),
    recomputeAll: () => sidecarRequest(send, `${root}/recompute-all`, { method: 'POST', timeout: TIMEOUTS.readMs, body: {} }, (v): v is unknown => v !== undefined),
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
