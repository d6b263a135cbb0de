// The cards' calls to the sidecar, derived from the route table (routes.ts: method and path) and
// the route contracts (server/api/routes.ts: the types here, and contract-schemas.ts, generated from
// the same zod schemas, which every answer is checked against). Pure: the fetch function is
// injected — `hubspot.fetch` in HubSpot, the browser's fetch on the web, a stub in tests — so this
// file has no package imports and any card or page in app/ can use it.
import type { ObjectivesBody, RouteBody, RouteConflict as ConflictOf, RouteQuery, RouteResponse, SettingsBody, SettingsPreviewBody } from '../model/api-types.ts';
import { errorKindFor, type ApiError, type CardCrm } from '../model/errors.ts';
import { CONFLICT_SCHEMAS, RESPONSE_SCHEMAS } from './contract-schemas.ts';
import { matchesSchema, type JsonSchema } from './json-schema.ts';
import { TIMEOUTS } from './origin.ts';
import { fillPath, ROUTES, SALESFORCE_ROUTES, type PathParams, type RouteMethod, type RouteName, type SalesforceRouteName } from './routes.ts';

export interface SidecarFetchOptions {
  method: RouteMethod;
  timeout: number;
  body?: Record<string, unknown>;
}

/** The part of `Response` the cards use (hubspot.fetch resolves to a Response). */
export interface SidecarResponse {
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
}

export type SidecarFetch = (url: string, options: SidecarFetchOptions) => Promise<SidecarResponse>;

/** `conflict`: a 409's body, when it is the route's conflict answer (the other person's version). */
export type ApiResult<T, C = never> = { ok: true; status: number; data: T } | { ok: false; error: ApiError; conflict?: C };

/**
 * Which portal's routes the card calls. Nothing else: `hubspot.fetch` appends `userId`, `portalId`,
 * `userEmail` and `appId` to every URL itself (and signs them), and the sidecar refuses a request
 * that carries any of them twice — so the card adds no query parameter of its own.
 */
export interface CardIdentity {
  /** The HubSpot portal, or the Salesforce org id with `crm: 'salesforce'`. */
  portalId: string;
  /** Salesforce's card routes (SALESFORCE_ROUTES: the account, settings, renewal model and admin routes); default HubSpot's. */
  crm?: 'hubspot' | 'salesforce';
}


const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function serverCode(body: unknown): string | null {
  return isObject(body) && isObject(body.error) && typeof body.error.code === 'string' ? body.error.code : null;
}

function serverMessage(body: unknown): string | null {
  return isObject(body) && isObject(body.error) && typeof body.error.message === 'string' ? body.error.message : null;
}

/** The check for an answer: the body matches the JSON Schema of its contract. */
export const conforms =
  <T>(schema: JsonSchema) =>
  (body: unknown): body is T =>
    matchesSchema(schema, body);

/**
 * One call to the sidecar: the answer accepted by `accept`, or what went wrong (unreachable, a
 * status mapped to a kind, a body that is not what was expected). A 409 whose body `acceptConflict`
 * accepts carries it as `conflict`.
 */
export async function sidecarRequest<T, C = never>(
  fetch: SidecarFetch,
  url: string,
  options: SidecarFetchOptions,
  accept: (body: unknown) => body is T,
  acceptConflict?: (body: unknown) => body is C,
  /** The CRM the card runs in: errors about the CRM name it. */
  crm: CardCrm = 'hubspot',
): Promise<ApiResult<T, C>> {
  let response: SidecarResponse;
  try {
    response = await fetch(url, options);
  } catch {
    return { ok: false, error: { kind: 'unreachable', status: null, serverMessage: null } };
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    if (response.ok) return { ok: false, error: { kind: 'bad_response', status: response.status, serverMessage: null } };
  }
  if (!response.ok) {
    const error: ApiError = { kind: errorKindFor(response.status, serverCode(body), crm), status: response.status, serverMessage: serverMessage(body) };
    return response.status === 409 && acceptConflict?.(body) ? { ok: false, error, conflict: body } : { ok: false, error };
  }
  if (!accept(body)) return { ok: false, error: { kind: 'bad_response', status: response.status, serverMessage: null } };
  return { ok: true, status: response.status, data: body };
}

type Call<K extends RouteName> = Promise<ApiResult<RouteResponse<K>>>;

export interface SidecarApi {
  companySuccess(companyId: string): Call<'companySuccess'>;
  recompute(companyId: string): Call<'recompute'>;
  /** 409 → `{ ok: false, error.kind: 'conflict', conflict: ObjectivesConflict }`. */
  saveObjectives(companyId: string, body: ObjectivesBody): Promise<ApiResult<RouteResponse<'saveObjectives'>, ConflictOf<'saveObjectives'>>>;
  contactSuccess(contactId: string): Call<'contactSuccess'>;
  /** One page of the portfolio (the HubSpot-appended identity is not the caller's to add). */
  portfolio(query: RouteQuery<'portfolio'>): Call<'portfolio'>;
  settings(): Call<'settings'>;
  saveSettings(body: SettingsBody): Promise<ApiResult<RouteResponse<'saveSettings'>, ConflictOf<'saveSettings'>>>;
  previewSettings(body: SettingsPreviewBody): Call<'previewSettings'>;
  /** The renewal model: in use, learned from the portal's renewals, its backtest. */
  renewalModel(): Call<'renewalModel'>;
  /** Admins only: results use the default model, or the learned one again. */
  chooseRenewalModel(use: RouteBody<'chooseRenewalModel'>['use']): Call<'chooseRenewalModel'>;
  /** Write-backs the CRM refused for good, newest first. */
  writeFailures(): Call<'writeFailures'>;
  /** Admins only: sends failed write-backs again (all, or these ids). */
  redriveWriteFailures(ids?: number[]): Call<'redriveWriteFailures'>;
  /** Admins only (403 otherwise): makes another user of the portal an admin. */
  addAdmin(body: RouteBody<'addAdmin'>): Call<'addAdmin'>;
  /** Admins only: removes an admin (409 for the last one). */
  removeAdmin(userId: string): Call<'removeAdmin'>;
}


export interface CallInit {
  body?: Record<string, unknown>;
  /** Query parameters of the caller's own (never the identity HubSpot appends). */
  query?: Readonly<Record<string, string | number | undefined>>;
}

/** The URL of a route on `origin` for the card's portal: the table's path, parameters filled in. */
export function routeUrl<K extends RouteName>(origin: string, name: K, params: PathParams<K>, query?: CallInit['query']): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined && value !== '') search.set(key, String(value));
  const qs = search.toString();
  return `${origin}${fillPath(ROUTES[name].path, params)}${qs ? `?${qs}` : ''}`;
}

/**
 * Calls one route of the table: its method, its path on `origin`, the read or write timeout, and the
 * check of the answer (and of a 409's body) against the route's contract.
 */
export function callRoute<K extends RouteName>(fetch: SidecarFetch, origin: string, name: K, params: PathParams<K>, init: CallInit = {}): Promise<ApiResult<RouteResponse<K>, ConflictOf<K>>> {
  return callAt(fetch, routeUrl(origin, name, params, init.query), name, init);
}

/** One of Salesforce's card routes: its path from SALESFORCE_ROUTES, the contract of HubSpot's route of the same name. */
export function callSalesforceRoute<K extends SalesforceRouteName>(fetch: SidecarFetch, origin: string, name: K, params: { orgId: string; accountId?: string; userId?: string }, init: CallInit = {}): Promise<ApiResult<RouteResponse<K>, ConflictOf<K>>> {
  return callAt(fetch, `${origin}${fillPath(SALESFORCE_ROUTES[name].path, params)}`, name, init, 'salesforce');
}

function callAt<K extends RouteName>(fetch: SidecarFetch, url: string, name: K, init: CallInit, crm: CardCrm = 'hubspot'): Promise<ApiResult<RouteResponse<K>, ConflictOf<K>>> {
  const { method } = ROUTES[name];
  const options: SidecarFetchOptions = { method, timeout: method === 'GET' ? TIMEOUTS.readMs : TIMEOUTS.writeMs, ...(init.body !== undefined ? { body: init.body } : {}) };
  const conflict = CONFLICT_SCHEMAS[name];
  return sidecarRequest(fetch, url, options, conforms<RouteResponse<K>>(RESPONSE_SCHEMAS[name]), conflict ? conforms<ConflictOf<K>>(conflict) : undefined, crm);
}

/** The Canvas card's client: Salesforce has the account routes, the org's settings, renewal model and admins; anything else is a programming error. */
function salesforceApi(fetch: SidecarFetch, origin: string, orgId: string): SidecarApi {
  const account = (accountId: string) => ({ orgId, accountId });
  const none = (what: string) => () => Promise.reject(new Error(`${what}: not one of Salesforce's card routes (account, settings, renewal model, admins)`));
  return {
    companySuccess: (accountId) => callSalesforceRoute(fetch, origin, 'companySuccess', account(accountId)),
    recompute: (accountId) => callSalesforceRoute(fetch, origin, 'recompute', account(accountId), { body: {} }),
    saveObjectives: (accountId, body) => callSalesforceRoute(fetch, origin, 'saveObjectives', account(accountId), { body }),
    contactSuccess: none('contactSuccess'),
    portfolio: none('portfolio'),
    settings: () => callSalesforceRoute(fetch, origin, 'settings', { orgId }),
    saveSettings: (body) => callSalesforceRoute(fetch, origin, 'saveSettings', { orgId }, { body }),
    previewSettings: none('previewSettings'),
    renewalModel: () => callSalesforceRoute(fetch, origin, 'renewalModel', { orgId }),
    chooseRenewalModel: (use) => callSalesforceRoute(fetch, origin, 'chooseRenewalModel', { orgId }, { body: { use } }),
    writeFailures: none('writeFailures'),
    redriveWriteFailures: none('redriveWriteFailures'),
    addAdmin: (body) => callSalesforceRoute(fetch, origin, 'addAdmin', { orgId }, { body }),
    removeAdmin: (userId) => callSalesforceRoute(fetch, origin, 'removeAdmin', { orgId, userId }),
  };
}

export function createSidecarApi(fetch: SidecarFetch, origin: string, who: CardIdentity): SidecarApi {
  if (who.crm === 'salesforce') return salesforceApi(fetch, origin, who.portalId);
  const portal = { portalId: who.portalId };
  const call = <K extends RouteName>(name: K, params: PathParams<K>, init?: CallInit) => callRoute(fetch, origin, name, params, init);
  return {
    companySuccess: (companyId) => call('companySuccess', { ...portal, companyId }),
    recompute: (companyId) => call('recompute', { ...portal, companyId }, { body: {} }),
    saveObjectives: (companyId, body) => call('saveObjectives', { ...portal, companyId }, { body }),
    contactSuccess: (contactId) => call('contactSuccess', { ...portal, contactId }),
    portfolio: (query) => call('portfolio', portal, { query }),
    settings: () => call('settings', portal),
    saveSettings: (body) => call('saveSettings', portal, { body }),
    previewSettings: (body) => call('previewSettings', portal, { body }),
    renewalModel: () => call('renewalModel', portal),
    chooseRenewalModel: (use) => call('chooseRenewalModel', portal, { body: { use } }),
    writeFailures: () => call('writeFailures', portal),
    redriveWriteFailures: (ids) => call('redriveWriteFailures', portal, { body: ids === undefined ? {} : { ids } }),
    addAdmin: (body) => call('addAdmin', portal, { body }),
    removeAdmin: (userId) => call('removeAdmin', { ...portal, userId }),
  };
}
