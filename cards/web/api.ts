// The web renderer's calls to the sidecar: the same card client HubSpot uses (cards/model/client.ts)
// over the browser's fetch, plus the portfolio. It knows two things about where it runs: the base
// URL in front of `/api/v1/hubspot/…` and how to authenticate a request. The local console needs
// no credentials (its server signs every call it forwards); the Salesforce Canvas page passes an
// `auth` that adds its card token, and `crm: 'salesforce'` for Salesforce's card routes.
import type { Portfolio } from '../../server/api/contracts.ts';
import { createSidecarApi, sidecarRequest, TIMEOUTS, type ApiResult, type SidecarApi, type SidecarFetch } from '../model/client.ts';
import type { RiskLevel } from '../model/index.ts';

export type { Portfolio };
export type PortfolioItem = Portfolio['items'][number];
export type PortfolioSort = 'rob' | 'risk' | 'renewal' | 'name';
export type SortOrder = 'asc' | 'desc';

export interface WebRequest {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  /** The exact body that will be sent (what a signature has to cover). */
  body: string | undefined;
}

/** Headers that authenticate one request. */
export type WebAuth = (request: WebRequest) => Record<string, string> | Promise<Record<string, string>>;

export interface WebApiOptions {
  /** What comes before `/api/v1/hubspot/{portalId}`: the sidecar's origin, or the console's bridge (`…/console`). */
  baseUrl: string;
  portalId: string;
  /** Salesforce's card routes (`/api/v1/salesforce/{orgId}/accounts/…`, portalId = the org id); default HubSpot's. */
  crm?: 'hubspot' | 'salesforce';
  auth?: WebAuth;
  /** Default: the global fetch. */
  fetch?: typeof globalThis.fetch;
}

export interface PortfolioParams {
  sort: PortfolioSort;
  order: SortOrder;
  limit: number;
  offset: number;
  risk?: RiskLevel;
  q?: string;
}

export interface WebApi extends SidecarApi {
  portfolio(params: PortfolioParams): Promise<ApiResult<Portfolio>>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function isPortfolio(v: unknown): v is Portfolio {
  return isObject(v) && Array.isArray(v.items) && typeof v.total === 'number' && typeof v.offset === 'number' && typeof v.limit === 'number';
}

/** A `SidecarFetch` on the browser's fetch: JSON bodies, the card's timeout, `auth`'s headers. */
export function browserSidecarFetch(auth: WebAuth | undefined, fetchImpl: typeof globalThis.fetch): SidecarFetch {
  return async (url, options) => {
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const headers: Record<string, string> = { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) };
    if (auth) Object.assign(headers, await auth({ method: options.method, url, body }));
    return fetchImpl(url, { method: options.method, headers, ...(body !== undefined ? { body } : {}), signal: AbortSignal.timeout(options.timeout), credentials: 'same-origin' });
  };
}

export function createWebApi(options: WebApiOptions): WebApi {
  const base = options.baseUrl.replace(/\/+$/, '');
  const fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const send = browserSidecarFetch(options.auth, fetchImpl);
  const cards = createSidecarApi(send, base, { portalId: options.portalId, ...(options.crm ? { crm: options.crm } : {}) });

  function portfolio(params: PortfolioParams): Promise<ApiResult<Portfolio>> {
    // No portalId or userId: whoever relays the request (HubSpot, the console's bridge) appends them.
    const query = new URLSearchParams({ sort: params.sort, order: params.order, limit: String(params.limit), offset: String(params.offset) });
    if (params.risk) query.set('risk', params.risk);
    if (params.q) query.set('q', params.q);
    const url = `${base}/api/v1/hubspot/${encodeURIComponent(options.portalId)}/companies?${query.toString()}`;
    return sidecarRequest(send, url, { method: 'GET', timeout: TIMEOUTS.readMs }, isPortfolio);
  }

  return { ...cards, portfolio };
}
