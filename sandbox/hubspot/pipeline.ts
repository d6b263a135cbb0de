// How every request is served: CRM routes go through auth → rate limit → injected faults → body
// parsing → handler; every answer is counted by route pattern and status.
import express, { type Express, type Request, type Response } from 'express';
import { setTimeout as sleep } from 'node:timers/promises';
import { correlationId, HubSpotError, tenSecondlyLimit, secondlyLimit, validationError } from './errors.ts';
import type { SandboxState } from './state.ts';
import type { PortalStore } from './store.ts';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A redirect target (OAuth authorize). */
  location?: string;
}

export interface RequestContext {
  state: SandboxState;
  params: Record<string, string>;
  query: Record<string, unknown>;
  /** The body as received (JSON bodies parsed; form bodies left as text). */
  rawBody: string;
  json(): unknown;
}

export interface CrmContext extends RequestContext {
  portalId: number;
  store: PortalStore;
}

export type Method = 'GET' | 'POST' | 'PATCH';
type Handler<C> = (ctx: C) => Reply | Promise<Reply>;

const readBody = express.text({ type: () => true, limit: '50mb' });

function context(state: SandboxState, req: Request): RequestContext {
  const rawBody = typeof req.body === 'string' ? req.body : '';
  let parsed: { value: unknown } | undefined;
  return {
    state,
    params: req.params as Record<string, string>,
    query: req.query,
    rawBody,
    json(): unknown {
      if (parsed) return parsed.value;
      try {
        parsed = { value: rawBody.trim() === '' ? undefined : (JSON.parse(rawBody) as unknown) };
      } catch (error) {
        throw validationError(`Invalid input JSON on line 1: ${(error as Error).message}`);
      }
      return parsed.value;
    },
  };
}

function send(res: Response, reply: Reply): void {
  if (reply.headers) res.set(reply.headers);
  if (reply.location) {
    res.redirect(reply.status, reply.location);
    return;
  }
  if (reply.body === undefined) res.status(reply.status).end();
  else res.status(reply.status).json(reply.body);
}

function fromError(error: unknown): Reply {
  if (error instanceof HubSpotError) return { status: error.status, body: error.body, headers: error.headers };
  return { status: 500, body: { status: 'error', message: `internal error: ${(error as Error).message}`, correlationId: correlationId(), category: 'INTERNAL_ERROR' } };
}

function register(app: Express, method: Method, pattern: string, handler: (req: Request, res: Response) => Promise<void>): void {
  const route = app.route(pattern);
  if (method === 'GET') route.get(readBody, handler);
  else if (method === 'POST') route.post(readBody, handler);
  else route.patch(readBody, handler);
}

/** A route outside the CRM (OAuth): counted, not authenticated nor rate limited. */
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

/**
 * A CRM route. `limit` picks the policy: 'general' is the rolling 10-second window (its headers go
 * on every answer), 'search' the per-second search limit (HubSpot sends no rate-limit headers there).
 */
export function crmRoute(app: Express, state: SandboxState, method: Method, pattern: string, limit: 'general' | 'search', handler: Handler<CrmContext>): void {
  const key = `${method} ${pattern}`;
  register(app, method, pattern, async (req, res) => {
    let reply: Reply;
    let rateHeaders: Record<string, string> = {};
    try {
      const auth = state.tokens.authenticate(req.get('authorization'));
      if (!auth.ok) throw auth.error;
      const { portalId } = auth;
      const store = state.stores.get(portalId);
      if (!store) throw new Error(`no store for portal ${portalId}`);
      if (limit === 'general') {
        const decision = state.limiter.takeGeneral(portalId);
        rateHeaders = state.limiter.headers(decision);
        if (!decision.allowed) throw tenSecondlyLimit();
      } else if (!state.limiter.takeSearch(portalId).allowed) {
        throw secondlyLimit();
      }
      const fault = state.faults.decide(portalId);
      if (fault.latencyMs > 0) await sleep(fault.latencyMs);
      if (fault.kind === 'rate-limit') throw tenSecondlyLimit({ 'Retry-After': '1' });
      if (fault.kind === 'server-error') {
        throw new HubSpotError(fault.status, { status: 'error', message: `Temporary upstream error (${fault.status}); please retry.`, correlationId: correlationId(), category: 'INTERNAL_ERROR' });
      }
      reply = await handler({ ...context(state, req), portalId, store });
    } catch (error) {
      reply = fromError(error);
    }
    reply.headers = { ...rateHeaders, ...reply.headers };
    state.stats.count(key, reply.status);
    send(res, reply);
  });
}

/** The query parameter as a list: repeated keys (`?properties=a&properties=b`) and commas both work. */
export function queryList(query: Record<string, unknown>, name: string): string[] | undefined {
  const raw = query[name];
  if (raw === undefined) return undefined;
  const parts = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => (typeof v === 'string' ? v.split(',') : []));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

export function queryString(query: Record<string, unknown>, name: string): string | undefined {
  const raw = query[name];
  if (Array.isArray(raw)) return typeof raw[0] === 'string' ? raw[0] : undefined;
  return typeof raw === 'string' ? raw : undefined;
}
