// The cards' calls to the sidecar (server/api/contracts.ts describes each route). Pure: the fetch
// function is injected — `hubspot.fetch` in HubSpot, a stub in tests — so this file has no
// package imports and any card or page in app/ can use it.
import type {
  ContactView,
  ModelView,
  ObjectivesBody,
  ObjectivesConflict,
  RecomputeResponse,
  RedriveResponse,
  SettingsBody,
  SettingsPreview,
  SettingsPreviewBody,
  SettingsView,
  SuccessView,
  WriteFailures,
} from '../model/api-types.ts';
import { errorKindFor, type ApiError } from '../model/errors.ts';
import { TIMEOUTS } from './origin.ts';

export interface SidecarFetchOptions {
  method: 'GET' | 'POST' | 'PUT';
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

export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; error: ApiError; conflict?: unknown };

/**
 * Which portal's routes the card calls. Nothing else: `hubspot.fetch` appends `userId`, `portalId`,
 * `userEmail` and `appId` to every URL itself (and signs them), and the sidecar refuses a request
 * that carries any of them twice — so the card adds no query parameter of its own.
 */
export interface CardIdentity {
  /** The HubSpot portal, or the Salesforce org id with `crm: 'salesforce'`. */
  portalId: string;
  /** Salesforce's card routes are `/api/v1/salesforce/{orgId}/accounts/{accountId}/…` (default: HubSpot's). */
  crm?: 'hubspot' | 'salesforce';
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// Shape checks on the way in: enough to be sure the card can render what it got. The sidecar
// parses with the zod contract on its side; the cards carry no schema library.
export function isSuccessView(v: unknown): v is SuccessView {
  if (!isObject(v)) return false;
  if (v.state === 'computing') return typeof v.retryAfterMs === 'number';
  return (
    v.state === 'ready' &&
    isObject(v.company) &&
    typeof v.computedAt === 'string' &&
    isObject(v.result) &&
    isObject(v.result.rob) &&
    Array.isArray(v.result.rob.components) &&
    isObject(v.result.risk) &&
    isObject(v.result.plan) &&
    isObject(v.result.savings) &&
    Array.isArray(v.history) &&
    isStoredPlan(v.plan)
  );
}

export function isStoredPlan(v: unknown): v is ObjectivesConflict['current'] {
  return isObject(v) && typeof v.version === 'number' && Array.isArray(v.objectives);
}

export function isContactView(v: unknown): v is ContactView {
  return isObject(v) && isObject(v.contact) && Array.isArray(v.contact.openTickets) && (v.company === null || isSuccessView(v.company));
}

export function isObjectivesConflict(v: unknown): v is ObjectivesConflict {
  return isObject(v) && isObject(v.error) && v.error.code === 'version_conflict' && isStoredPlan(v.current);
}

export function isRecomputeResponse(v: unknown): v is RecomputeResponse {
  return isObject(v) && (v.status === 'computed' || v.status === 'queued') && (v.view === undefined || isSuccessView(v.view));
}

export function isSettingsView(v: unknown): v is SettingsView {
  return isObject(v) && isObject(v.engine) && isObject(v.mapping) && typeof v.version === 'number' && Array.isArray(v.admins) && typeof v.canManage === 'boolean';
}

export function isModelView(v: unknown): v is ModelView {
  return isObject(v) && isObject(v.inUse) && typeof v.inUse.source === 'string' && typeof v.canManage === 'boolean' && (v.latest === null || (isObject(v.latest) && isObject(v.latest.backtest) && Array.isArray(v.latest.coefficients)));
}

export function isWriteFailures(v: unknown): v is WriteFailures {
  return isObject(v) && Array.isArray(v.items) && v.items.every((i) => isObject(i) && typeof i.id === 'number' && typeof i.companyId === 'string' && isObject(i.properties) && typeof i.failedAt === 'string');
}

export function isRedriveResponse(v: unknown): v is RedriveResponse {
  return isObject(v) && typeof v.redriven === 'number';
}

export function isSettingsPreview(v: unknown): v is SettingsPreview {
  return isObject(v) && Array.isArray(v.accounts);
}

function serverCode(body: unknown): string | null {
  return isObject(body) && isObject(body.error) && typeof body.error.code === 'string' ? body.error.code : null;
}

function serverMessage(body: unknown): string | null {
  return isObject(body) && isObject(body.error) && typeof body.error.message === 'string' ? body.error.message : null;
}

/**
 * One call to the sidecar: the answer accepted by `accept`, or what went wrong (unreachable, a
 * status mapped to a kind, a body that is not what was expected). A 409 carries its body as
 * `conflict`.
 */
export async function sidecarRequest<T>(fetch: SidecarFetch, url: string, options: SidecarFetchOptions, accept: (body: unknown) => body is T): Promise<ApiResult<T>> {
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
    return { ok: false, error: { kind: errorKindFor(response.status, serverCode(body)), status: response.status, serverMessage: serverMessage(body) }, ...(response.status === 409 ? { conflict: body } : {}) };
  }
  if (!accept(body)) return { ok: false, error: { kind: 'bad_response', status: response.status, serverMessage: null } };
  return { ok: true, status: response.status, data: body };
}

export interface SidecarApi {
  companySuccess(companyId: string): Promise<ApiResult<SuccessView>>;
  recompute(companyId: string): Promise<ApiResult<RecomputeResponse>>;
  /** 409 → `{ ok: false, error.kind: 'conflict', conflict: ObjectivesConflict }`. */
  saveObjectives(companyId: string, body: ObjectivesBody): Promise<ApiResult<unknown>>;
  contactSuccess(contactId: string): Promise<ApiResult<ContactView>>;
  settings(): Promise<ApiResult<SettingsView>>;
  saveSettings(body: SettingsBody): Promise<ApiResult<unknown>>;
  previewSettings(body: SettingsPreviewBody): Promise<ApiResult<SettingsPreview>>;
  /** The renewal model: in use, learned from the portal's renewals, its backtest. */
  renewalModel(): Promise<ApiResult<ModelView>>;
  /** Admins only: results use the default model, or the learned one again. */
  chooseRenewalModel(use: 'global' | 'learned'): Promise<ApiResult<ModelView>>;
  /** Write-backs the CRM refused for good, newest first. */
  writeFailures(): Promise<ApiResult<WriteFailures>>;
  /** Admins only: sends failed write-backs again (all, or these ids). */
  redriveWriteFailures(ids?: number[]): Promise<ApiResult<RedriveResponse>>;
  /** Admins only (403 otherwise): makes another user of the portal an admin. */
  addAdmin(body: { userId: string; email?: string }): Promise<ApiResult<unknown>>;
}

export function createSidecarApi(fetch: SidecarFetch, origin: string, who: CardIdentity): SidecarApi {
  const salesforce = who.crm === 'salesforce';
  const base = `${origin}/api/v1/${salesforce ? 'salesforce' : 'hubspot'}/${encodeURIComponent(who.portalId)}`;
  const url = (path: string) => `${base}${path}`;

  const call = <T>(path: string, options: SidecarFetchOptions, accept: (body: unknown) => body is T) => sidecarRequest(fetch, url(path), options, accept);

  const anything = (_: unknown): _ is unknown => true;
  const company = (id: string) => `/${salesforce ? 'accounts' : 'companies'}/${encodeURIComponent(id)}`;
  return {
    companySuccess: (id) => call(`${company(id)}/success`, { method: 'GET', timeout: TIMEOUTS.readMs }, isSuccessView),
    recompute: (id) => call(`${company(id)}/recompute`, { method: 'POST', timeout: TIMEOUTS.writeMs, body: {} }, isRecomputeResponse),
    saveObjectives: (id, body) => call(`${company(id)}/objectives`, { method: 'PUT', timeout: TIMEOUTS.writeMs, body }, anything),
    contactSuccess: (id) => call(`/contacts/${encodeURIComponent(id)}/success`, { method: 'GET', timeout: TIMEOUTS.readMs }, isContactView),
    settings: () => call('/settings', { method: 'GET', timeout: TIMEOUTS.readMs }, isSettingsView),
    saveSettings: (body) => call('/settings', { method: 'PUT', timeout: TIMEOUTS.writeMs, body }, anything),
    previewSettings: (body) => call('/settings/preview', { method: 'POST', timeout: TIMEOUTS.writeMs, body }, isSettingsPreview),
    renewalModel: () => call('/settings/model', { method: 'GET', timeout: TIMEOUTS.readMs }, isModelView),
    chooseRenewalModel: (use) => call('/settings/model', { method: 'PUT', timeout: TIMEOUTS.writeMs, body: { use } }, isModelView),
    writeFailures: () => call('/write-failures', { method: 'GET', timeout: TIMEOUTS.readMs }, isWriteFailures),
    redriveWriteFailures: (ids) => call('/write-failures/redrive', { method: 'POST', timeout: TIMEOUTS.writeMs, body: ids === undefined ? {} : { ids } }, isRedriveResponse),
    addAdmin: (body) => call('/settings/admins', { method: 'POST', timeout: TIMEOUTS.writeMs, body }, anything),
  };
}
