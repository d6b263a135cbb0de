// How every request is served. API routes: version check → session (Bearer/OAuth header) → daily
// allowance → injected latency and write faults → handler; every answer of an authenticated call
// carries Sforce-Limit-Info. Public routes (OAuth) skip all of that. Every answer is counted.
import express, { type Express, type Request, type Response } from 'express';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Session } from './auth.ts';
import { invalidSession, jsonParserError, notFound, requestLimitExceeded, restError, SalesforceError } from './errors.ts';
import type { SandboxState } from './state.ts';
import type { OrgStore } from './store.ts';

export interface Reply {
  status: number;
  body?: unknown;
  /** A non-JSON body (SOAP, HTML) with its content type. */
  text?: { contentType: string; body: string };
  headers?: Record<string, string>;
  location?: string;
}

export interface RequestContext {
  state: SandboxState;
  /** The Host header: which of the server's hosts the request was sent to. */
  host: string | undefined;
  params: Record<string, string>;
  query: Record<string, unknown>;
  rawBody: string;
  header(name: string): string | undefined;
  json(): unknown;
}

export interface ApiContext extends RequestContext {
  session: Session;
  org: OrgStore;
  /** "66.0" */
  version: string;
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
type Handler<C> = (ctx: C) => Reply | Promise<Reply>;

export const MIN_VERSION = 31;
export const MAX_VERSION = 68;
const MAX_URI = 16_384;
const readBody = express.text({ type: () => true, limit: '50mb' });

function context(state: SandboxState, req: Request): RequestContext {
  const rawBody = typeof req.body === 'string' ? req.body : '';
  return {
    state,
    host: req.get('host'),
    params: req.params as Record<string, string>,
    query: req.query,
    rawBody,
    header: (name) => req.get(name),
    json(): unknown {
      if (rawBody.trim() === '') return undefined;
      try {
        return JSON.parse(rawBody) as unknown;
      } catch (error) {
        throw jsonParserError(`Unexpected character: ${(error as Error).message}`);
      }
    },
  };
}

function send(res: Response, reply: Reply): void {
  if (reply.headers) res.set(reply.headers);
  if (reply.location) {
    res.redirect(reply.status, reply.location);
    return;
  }
  res.status(reply.status);
  // Written raw: Express would rewrite the content type as "application/json; charset=utf-8".
  const [type, body] = reply.text ? [reply.text.contentType, reply.text.body] : reply.body === undefined ? [undefined, undefined] : ['application/json;charset=UTF-8', JSON.stringify(reply.body)];
  if (type === undefined || body === undefined) {
    res.end();
    return;
  }
  res.setHeader('Content-Type', type);
  res.end(body);
}

export function fromError(error: unknown): Reply {
  if (error instanceof SalesforceError) return { status: error.status, body: error.body, headers: error.headers };
  return { status: 500, body: [{ errorCode: 'UNKNOWN_EXCEPTION', message: `An unexpected error occurred: ${(error as Error).message}` }] };
}

function register(app: Express, method: Method, pattern: string, handler: (req: Request, res: Response) => Promise<void>): void {
  const route = app.route(pattern);
  if (method === 'GET') route.get(readBody, handler);
  else if (method === 'POST') route.post(readBody, handler);
  else if (method === 'PATCH') route.patch(readBody, handler);
  else route.delete(readBody, handler);
}

/** A route outside the data API (OAuth, identity): counted, not limited. */
export function publicRoute(app: Express, state: SandboxState, method: Method, pattern: string, handler: Handler<RequestContext>): void {
  const key = `${method} ${pattern}`;
  register(app, method, pattern, async (req, res) => {
    let reply: Reply;
    try {
      reply = await handler(context(state, req));
    } catch (error) {
      reply = fromError(error);
    }
    state.stats.count(key, reply.status);
    send(res, reply);
  });
}

export function bearer(header: string | undefined): string | undefined {
  return /^(?:Bearer|OAuth)\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
}

export function parseVersion(raw: string | undefined): string | undefined {
  const m = /^v(\d{2})\.0$/.exec(raw ?? '');
  const n = Number(m?.[1]);
  return m && n >= MIN_VERSION && n <= MAX_VERSION ? `${n}.0` : undefined;
}

/**
 * Session, allowance and faults for any authenticated call (REST here, SOAP in routes/metadata.ts);
 * `host` is the Host the call was sent to (counted: which instance a client calls).
 */
export async function admit(state: SandboxState, orgIdToken: string | undefined, write: boolean, host: string | undefined): Promise<{ session: Session; org: OrgStore }> {
  const session = state.tokens.authenticate(orgIdToken);
  const org = session ? state.orgs.get(session.orgId) : undefined;
  // Deactivating a user ends their sessions.
  if (!session || !org || org.get(session.userId)?.IsActive === false) throw invalidSession();
  state.stats.apiHost(host ?? '');
  if (!state.allowance.take(org.orgId)) throw requestLimitExceeded();
  const latency = state.faults.latencyMs(org.orgId);
  if (latency > 0) await sleep(latency);
  if (write && state.faults.failWrite(org.orgId)) {
    throw restError(503, 'SERVER_UNAVAILABLE', 'Service temporarily unavailable; please try again later.');
  }
  return { session, org };
}

/** A REST data API route under /services/data/:version. */
export function apiRoute(app: Express, state: SandboxState, method: Method, pattern: string, handler: Handler<ApiContext>): void {
  const key = `${method} ${pattern}`;
  register(app, method, pattern, async (req, res) => {
    let reply: Reply;
    let orgId: string | undefined;
    try {
      if (req.originalUrl.length > MAX_URI) {
        reply = { status: 414, text: { contentType: 'text/html', body: '<html><body>414 URI Too Long</body></html>' } };
      } else {
        const version = parseVersion(req.params.version as string | undefined);
        if (!version) throw notFound();
        const { session, org } = await admit(state, bearer(req.get('authorization')), method !== 'GET', req.get('host'));
        orgId = org.orgId;
        reply = await handler({ ...context(state, req), session, org, version });
      }
    } catch (error) {
      reply = fromError(error);
      orgId ??= state.tokens.authenticate(bearer(req.get('authorization')))?.orgId;
    }
    if (orgId) reply.headers = { ...reply.headers, 'Sforce-Limit-Info': state.allowance.header(orgId) };
    state.stats.count(key, reply.status);
    send(res, reply);
  });
}

export function queryString(query: Record<string, unknown>, name: string): string | undefined {
  const raw = query[name];
  if (Array.isArray(raw)) return typeof raw[0] === 'string' ? raw[0] : undefined;
  return typeof raw === 'string' ? raw : undefined;
}
