// The web renderer's calls to the sidecar: the same card client HubSpot uses (cards/model/client.ts)
// over the browser's fetch, plus the portfolio. It knows two things about where it runs: the base
// URL in front of `/api/v1/hubspot/…` and how to authenticate a request. The local console needs
// no credentials (its server signs every call it forwards); the Salesforce Canvas page passes an
// `auth` that adds its card token, and `crm: 'salesforce'` for Salesforce's card routes.
import type { Portfolio } from '../../server/api/contracts.ts';
import { createSidecarApi, type RouteMethod, type SidecarApi, type SidecarFetch } from '../model/client.ts';
import type { RouteQuery } from '../model/index.ts';

export type { Portfolio };
export type PortfolioItem = Portfolio['items'][number];
export type PortfolioSort = NonNullable<RouteQuery<'portfolio'>['sort']>;
export type SortOrder = NonNullable<RouteQuery<'portfolio'>['order']>;
/** The portfolio query the console always sends in full (the route has defaults for each). */
export type PortfolioParams = RouteQuery<'portfolio'> & { sort: PortfolioSort; order: SortOrder; limit: number; offset: number };

export interface WebRequest {
  method: RouteMethod;
  url: string;
  /** The exact body that will be sent (what a signature has to cover). */
  body: string | undefined;
}

/** Headers that authenticate one request. */
export type WebAuth = (request: WebRequest) => Record<string, string> | Promise<Record<string, string>>;

export interface WebApiOptions {
  /** What comes before the route paths (`/api/v1/hubspot/{portalId}/…`): the sidecar's origin, or the console's bridge (`…/console`). */
  baseUrl: string;
  portalId: string;
  /** Salesforce's card routes (`/api/v1/salesforce/{orgId}/accounts/…`, portalId = the org id); default HubSpot's. */
  crm?: 'hubspot' | 'salesforce';
  auth?: WebAuth;
  /** Default: the global fetch. */
  fetch?: typeof globalThis.fetch;
}

/** The card client, portfolio included: every route the console calls is in the route table. */
export type WebApi = SidecarApi;

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
  const fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  // No portalId or userId in the query: whoever relays the request (HubSpot, the console's bridge) appends them.
  return createSidecarApi(browserSidecarFetch(options.auth, fetchImpl), options.baseUrl.replace(/\/+$/, ''), { portalId: options.portalId, ...(options.crm ? { crm: options.crm } : {}) });
}
