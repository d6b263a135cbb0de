// Typed routes: one declaration gives the express route, the request validation, the handler's
// types and the OpenAPI operation.
//
//   const api = createApiRouter({ registry, auth: { 'hubspot-signature': requireHubSpotSignature({ secret }) } });
//   api.route({ method: 'get', path: '/api/accounts/:accountId', params, query, response, summary, tags, auth: 'hubspot-signature' },
//     async ({ params, query }) => loadAccount(params.accountId, query.portalId));
//   app: createHttpApp({ routes: [api.router], registry, … })
//
// Objects given as params/query/body are made strict unless built with z.looseObject (use that
// where a caller may add fields you do not know, e.g. query parameters appended by a platform): an
// unknown field is a 400 `invalid_request` with issues [{ path: 'query.foo', message: 'Unknown field' }].
// Nested objects keep their own mode (use z.strictObject inside bodies where it matters).
// Query values arrive as strings (arrays when repeated): use z.coerce.number() and friends.
// The handler returns the body (200, or `successStatus`), `{ status, body, headers? }`, or nothing
// (204). A declared response schema is applied to 2xx bodies: it strips fields it does not name and
// a body that does not match is a 500 (the contract is broken), never sent as is.
import { Router } from 'express';
import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import { HttpError, zodIssues } from './errors.ts';
import type { ErrorIssue } from './errors.ts';
import { setRoutePattern } from './observability.ts';
import type { AnyZodObject, AuthScheme, HttpMethod, OpenApiRegistry } from './openapi.ts';

type Out<S, Fallback> = S extends z.ZodType ? z.output<S> : Fallback;
type In<S> = S extends z.ZodType ? z.input<S> : unknown;

export interface RouteSpec<
  P extends AnyZodObject | undefined = undefined,
  Q extends AnyZodObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  R extends z.ZodType | undefined = undefined,
> {
  method: HttpMethod;
  /** express path syntax (/api/accounts/:accountId), relative to the router's basePath */
  path: string;
  summary: string;
  description?: string;
  tags?: string[];
  auth: AuthScheme;
  operationId?: string;
  params?: P;
  query?: Q;
  body?: B;
  response?: R;
  /** default 200 */
  successStatus?: number;
  /** extra middleware, run after authentication and before validation */
  middleware?: RequestHandler[];
}

export interface RouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  req: Request;
  res: Response;
}

export interface Reply<T> {
  status: number;
  body: T;
  headers?: Record<string, string>;
}

export type RouteResult<T> = T | Reply<T> | undefined | void;

export type RouteHandler<P, Q, B, R> = (
  ctx: RouteContext<Out<P, Record<string, string>>, Out<Q, Record<string, unknown>>, Out<B, unknown>>,
) => RouteResult<In<R>> | Promise<RouteResult<In<R>>>;

/** An explicit status (and headers) for a handler's answer. */
export function reply<T>(status: number, body: T, headers?: Record<string, string>): Reply<T> {
  return headers ? { status, body, headers } : { status, body };
}

const REPLY_KEYS = new Set(['status', 'body', 'headers']);

function isReply(value: unknown): value is Reply<unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return typeof (value as { status?: unknown }).status === 'number' && keys.includes('body') && keys.every((k) => REPLY_KEYS.has(k));
}

/** z.object → strict (unknown keys rejected); z.looseObject and z.strictObject are kept as they are. */
export function strictByDefault<T extends AnyZodObject>(schema: T): T {
  return schema._zod.def.catchall === undefined ? (schema.strict() as unknown as T) : schema;
}

async function validatePart(schema: z.ZodType, value: unknown, location: string, issues: ErrorIssue[]): Promise<unknown> {
  const result = await schema.safeParseAsync(value);
  if (result.success) return result.data;
  issues.push(...zodIssues(result.error, location));
  return undefined;
}

export interface ApiRouterOptions {
  registry: OpenApiRegistry;
  /** The middleware behind each auth scheme; a route naming a scheme without one fails at registration. */
  auth?: Partial<Record<Exclude<AuthScheme, 'none'>, RequestHandler>>;
  /** Prefix for every route path (express and OpenAPI alike); mount `router` at the app's root. */
  basePath?: string;
  router?: Router;
}

export class ApiRouter {
  readonly router: Router;
  readonly registry: OpenApiRegistry;
  readonly #auth: Partial<Record<Exclude<AuthScheme, 'none'>, RequestHandler>>;
  readonly #basePath: string;

  constructor(options: ApiRouterOptions) {
    this.router = options.router ?? Router();
    this.registry = options.registry;
    this.#auth = options.auth ?? {};
    this.#basePath = (options.basePath ?? '').replace(/\/+$/, '');
  }

  route<P extends AnyZodObject | undefined = undefined, Q extends AnyZodObject | undefined = undefined, B extends z.ZodType | undefined = undefined, R extends z.ZodType | undefined = undefined>(
    spec: RouteSpec<P, Q, B, R>,
    handler: RouteHandler<P, Q, B, R>,
  ): this {
    const path = `${this.#basePath}${spec.path}`;
    const params = spec.params ? strictByDefault(spec.params) : undefined;
    const query = spec.query ? strictByDefault(spec.query) : undefined;
    const body = spec.body instanceof z.ZodObject ? strictByDefault(spec.body as AnyZodObject) : spec.body;
    const response = spec.response;
    const successStatus = spec.successStatus ?? 200;

    this.registry.add({
      method: spec.method,
      path,
      summary: spec.summary,
      description: spec.description,
      tags: spec.tags ?? [],
      auth: spec.auth,
      operationId: spec.operationId,
      params,
      query,
      body,
      response,
      successStatus,
    });

    const handlers: RequestHandler[] = [
      (req, res, next) => {
        setRoutePattern(res, `${req.baseUrl}${path}`);
        next();
      },
    ];
    if (spec.auth !== 'none') {
      const auth = this.#auth[spec.auth];
      if (!auth) throw new Error(`Route ${spec.method.toUpperCase()} ${path} needs auth '${spec.auth}' but the ApiRouter has no middleware for it`);
      handlers.push(auth);
    }
    handlers.push(...(spec.middleware ?? []));

    handlers.push(async (req, res) => {
      const issues: ErrorIssue[] = [];
      const p = params ? await validatePart(params, req.params, 'params', issues) : req.params;
      const q = query ? await validatePart(query, req.query, 'query', issues) : req.query;
      const b = body ? await validatePart(body, req.body, 'body', issues) : (req.body as unknown);
      if (issues.length > 0) throw new HttpError(400, 'invalid_request', 'Request validation failed', issues);

      const ctx = { params: p, query: q, body: b, req, res } as Parameters<RouteHandler<P, Q, B, R>>[0];
      const result: unknown = await handler(ctx);
      if (res.headersSent) return;

      const answer = isReply(result) ? result : { status: result === undefined ? (successStatus === 200 ? 204 : successStatus) : successStatus, body: result };
      if (answer.headers) res.set(answer.headers);
      if (answer.body === undefined) {
        res.status(answer.status).end();
        return;
      }
      let out: unknown = answer.body;
      if (response && answer.status >= 200 && answer.status < 300) {
        const checked = await response.safeParseAsync(out);
        if (!checked.success) {
          const where = checked.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
          throw new Error(`Response of ${spec.method.toUpperCase()} ${path} does not match its schema at: ${where}`, { cause: checked.error });
        }
        out = checked.data;
      }
      res.status(answer.status).json(out);
    });

    this.router[spec.method](path, ...handlers);
    return this;
  }
}

export function createApiRouter(options: ApiRouterOptions): ApiRouter {
  return new ApiRouter(options);
}
