// Logging and metrics for the HTTP layer.
// Logs: pino, JSON lines. Requests are logged by pino-http with a request id, method, URL (secret
// query values masked), status and time: never headers beyond an allowlist, never bodies. Any
// logged field whose name looks like a credential (token, secret, password, authorization, cookie,
// signature) or is a body is replaced by "[Redacted]", however deep in a plain object it sits.
// Metrics: prom-client, one registry per app, default process metrics plus
// http_request_duration_seconds{method, route, status_code}, route being the pattern
// (/api/accounts/:id), never the raw URL.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler, Response } from 'express';
import { pino } from 'pino';
import type { DestinationStream, LevelWithSilent, Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export type { Logger } from 'pino';

export const REDACTED = '[Redacted]';
/** Field names whose values never reach a log line. */
export const SENSITIVE_KEY = /token|secret|passw|authorization|cookie|signature|api[-_]?key|^body$|^rawBody$/i;
/** Query parameters masked in logged URLs (OAuth codes and state, and the user's email HubSpot appends to card requests). */
const SENSITIVE_QUERY_KEY = /token|secret|passw|signature|api[-_]?key|^code$|^state$|email/i;
/** Request headers that are logged; everything else (Authorization, cookies, signatures…) is not. */
const LOGGED_REQUEST_HEADERS = ['host', 'user-agent', 'content-type', 'content-length', 'x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host'];
const LOGGED_RESPONSE_HEADERS = ['content-type', 'content-length'];
const MAX_DEPTH = 8;

/** pino's path-based redaction, a second line behind the key-name scrubbing below. */
const REDACT_PATHS = [
  'authorization',
  'cookie',
  'body',
  '*.authorization',
  '*.cookie',
  '*.body',
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["x-hubspot-signature"]',
  '*.headers["x-hubspot-signature-v3"]',
  '*.headers["set-cookie"]',
];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * A copy of `value` with credential-like fields replaced. Walks plain objects and arrays only
 * (class instances such as requests and errors go through their serializers), `deep` also walks
 * objects of other prototypes (for already-serialized values).
 */
export function redactLogValue(value: unknown, deep = false, depth = 0): unknown {
  if (depth > MAX_DEPTH || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => redactLogValue(v, deep, depth + 1));
  if (!isPlainObject(value) && !(deep && !Buffer.isBuffer(value) && !(value instanceof Date))) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    out[key] = SENSITIVE_KEY.test(key) && v !== undefined && v !== null ? REDACTED : redactLogValue(v, deep, depth + 1);
  }
  return out;
}

/** The URL with sensitive query values masked: /oauth/callback?code=[Redacted]&portal=1. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const key = eq < 0 ? pair : pair.slice(0, eq);
      let name = key;
      try {
        name = decodeURIComponent(key);
      } catch {
        // keep the raw key
      }
      return eq >= 0 && SENSITIVE_QUERY_KEY.test(name) ? `${key}=${REDACTED}` : pair;
    });
  return `${url.slice(0, q)}?${params.join('&')}`;
}

function pickHeaders(headers: Record<string, unknown> | undefined, allow: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!headers) return out;
  for (const name of allow) if (headers[name] !== undefined) out[name] = headers[name];
  return out;
}

interface SerializedReqLike {
  id?: unknown;
  method?: unknown;
  url?: unknown;
  headers?: Record<string, unknown>;
  remoteAddress?: unknown;
  /** The request itself (pino-std-serializers keeps it, not enumerable): Express's `req.ip`. */
  raw?: object;
}

interface SerializedResLike {
  statusCode?: unknown;
  headers?: Record<string, unknown>;
}

function clientIp(raw: object | undefined): { clientIp?: string } {
  const ip = raw && 'ip' in raw ? raw.ip : undefined;
  return typeof ip === 'string' ? { clientIp: ip } : {};
}

/** What a request looks like in the log (applied to pino-std-serializers' output). */
function serializeRequest(req: SerializedReqLike): Record<string, unknown> {
  return {
    id: req.id,
    method: req.method,
    url: typeof req.url === 'string' ? redactUrl(req.url) : req.url,
    remoteAddress: req.remoteAddress,
    // The client as Express believes it: the peer, or with TRUST_PROXY the address the trusted
    // proxies forwarded (X-Forwarded-For itself is logged raw, as any client may send it).
    ...clientIp(req.raw),
    headers: pickHeaders(req.headers, LOGGED_REQUEST_HEADERS),
  };
}

function serializeResponse(res: SerializedResLike): Record<string, unknown> {
  return { statusCode: res.statusCode, headers: pickHeaders(res.headers, LOGGED_RESPONSE_HEADERS) };
}

export interface CreateLoggerOptions {
  level?: LevelWithSilent;
  /** Where lines go (default stdout); tests pass a stream to read them back. */
  destination?: DestinationStream;
  name?: string;
}

export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const opts = {
    level: options.level ?? 'info',
    ...(options.name ? { name: options.name } : {}),
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    serializers: {
      err: (e: unknown) => redactLogValue(pino.stdSerializers.err(e as Error), true),
      req: (r: unknown) => (isPlainObject(r) ? redactLogValue(r) : serializeRequest(pino.stdSerializers.req(r as IncomingMessage))),
      res: (r: unknown) => (isPlainObject(r) ? redactLogValue(r) : serializeResponse(pino.stdSerializers.res(r as ServerResponse))),
    },
    hooks: {
      logMethod(this: Logger, args: Parameters<Logger['info']>, method: (...a: unknown[]) => void) {
        const [first, ...rest] = args as unknown[];
        method.apply(this, isPlainObject(first) ? [redactLogValue(first), ...rest] : (args as unknown[]));
      },
    },
  };
  return options.destination ? pino(opts, options.destination) : pino(opts);
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

export interface RequestLoggerOptions {
  /** Paths whose successful requests are not logged (probes and scrapes); default health and metrics. */
  quietPaths?: string[];
}

/**
 * pino-http: one line per request with a request id (an incoming X-Request-Id when well formed,
 * else a UUID; echoed as X-Request-Id), req.log for handlers, no bodies, allowlisted headers only.
 */
export function requestLogger(logger: Logger, options: RequestLoggerOptions = {}): RequestHandler {
  const quiet = new Set(options.quietPaths ?? ['/healthz', '/readyz', '/metrics']);
  const middleware = pinoHttp({
    logger,
    genReqId: (req, res) => {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    serializers: {
      req: (r: SerializedReqLike) => serializeRequest(r),
      res: (r: SerializedResLike) => serializeResponse(r),
      err: (e: unknown) => redactLogValue(e, true),
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    autoLogging: { ignore: (req) => quiet.has((req.url ?? '').split('?', 1)[0]!) },
  });
  return middleware;
}

// ---------------------------------------------------------------------------------------------
// Metrics

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Routes that set their own pattern (the typed route helper does) write it here. */
export function setRoutePattern(res: Response, pattern: string): void {
  res.locals.routePattern = pattern;
}

/** Middleware form, e.g. in front of express.static: app.use('/console', labelRoute('/console/*'), …). */
export function labelRoute(pattern: string): RequestHandler {
  return (_req, res, next) => {
    setRoutePattern(res, pattern);
    next();
  };
}

/** The route label: the matched pattern, never the raw URL (ids would explode the series). */
export function routeLabel(req: Request, res: Response): string {
  const pattern: unknown = res.locals.routePattern;
  if (typeof pattern === 'string') return pattern;
  const route = (req as { route?: { path?: unknown } }).route;
  if (route && typeof route.path === 'string') return `${req.baseUrl ?? ''}${route.path}` || '/';
  return res.statusCode === 404 ? 'unmatched' : 'other';
}

export interface HttpMetrics {
  registry: Registry;
  requestDuration: Histogram<'method' | 'route' | 'status_code'>;
  /** Times every request; mount early. */
  middleware: RequestHandler;
  /** GET /metrics in the Prometheus text format. */
  handler: RequestHandler;
}

export interface HttpMetricsOptions {
  registry?: Registry;
  /** process/Node metrics (CPU, memory, event loop lag, GC…); default true */
  defaultMetrics?: boolean;
}

export function createHttpMetrics(options: HttpMetricsOptions = {}): HttpMetrics {
  const registry = options.registry ?? new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  const requestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration in seconds, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15],
    registers: [registry],
  });

  const middleware: RequestHandler = (req, res, next) => {
    const start = process.hrtime.bigint();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const method = KNOWN_METHODS.has(req.method) ? req.method : 'OTHER';
      requestDuration.observe({ method, route: routeLabel(req, res), status_code: String(res.statusCode) }, seconds);
    });
    next();
  };

  const handler: RequestHandler = async (_req, res) => {
    const body = await registry.metrics();
    res.set('Content-Type', registry.contentType).set('Cache-Control', 'no-store').send(body);
  };

  return { registry, requestDuration, middleware, handler };
}
