// The express app: the foundation every route plugs into.
//   request id + log line → metrics timer → security headers → /healthz /readyz /metrics →
//   JSON body (raw bytes kept, 1 MB) → /openapi.json → your routes → 404 → error envelope
// Routes are plain express routers (or handlers, or { path, handler } pairs) so card routes,
// webhooks, OAuth and static files all fit; typed routes come from validate.ts.
import { createHash, timingSafeEqual } from 'node:crypto';
import express from 'express';
import type { Express, RequestHandler } from 'express';
import helmet from 'helmet';
import type { HelmetOptions } from 'helmet';
import type { Logger } from 'pino';
import { errorEnvelope, errorHandler, notFoundHandler } from './errors.ts';
import { healthRouter } from './health.ts';
import type { ReadinessChecks } from './health.ts';
import { createHttpMetrics, requestLogger, setRoutePattern } from './observability.ts';
import type { HttpMetrics } from './observability.ts';
import { openApiHandler, OpenApiRegistry } from './openapi.ts';
import type { OpenApiInfo } from './openapi.ts';
import { DEFAULT_BODY_LIMIT, jsonBodyParser } from './raw-body.ts';

export type MountedRoutes = RequestHandler | { path: string; handler: RequestHandler };

export interface CreateHttpAppOptions {
  logger: Logger;
  /** Mounted in order after the built-in endpoints and the body parser. */
  routes?: MountedRoutes[];
  /** Named async checks for /readyz, e.g. { database: () => db.ping(), queue: … } */
  readiness?: ReadinessChecks;
  readinessTimeoutMs?: number;
  /**
   * express `trust proxy`: false (default) ignores X-Forwarded-*; set it (true, a hop count or
   * addresses) only when a proxy you run sets them, so signatures are checked against the public URL.
   */
  trustProxy?: boolean | number | string | string[];
  /** The registry typed routes were declared in (validate.ts); /openapi.json is built from it. */
  registry?: OpenApiRegistry;
  openapi?: OpenApiInfo;
  /** Share a metrics registry with other parts (jobs…); one is created otherwise. */
  metrics?: HttpMetrics;
  /** Default 1 MB (HubSpot's fetch limit). */
  bodyLimit?: number | string;
  /**
   * CSP frame-ancestors, for pages served by the sidecar that another site embeds (a Salesforce
   * Canvas iframe): default 'self' only. Anything else also turns X-Frame-Options off.
   */
  frameAncestors?: string[];
  /** Replaces the helmet options below entirely. */
  helmet?: HelmetOptions;
  /** When set, GET /metrics answers only `Authorization: Bearer <metricsToken>` (401 otherwise). */
  metricsToken?: string | null;
}

/** GET /metrics behind a bearer token, compared in constant time. */
function metricsGuard(token: string | null | undefined): RequestHandler {
  if (!token) return (_req, _res, next) => next();
  const expected = createHash('sha256').update(token).digest();
  return (req, res, next) => {
    const given = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1] ?? '';
    if (timingSafeEqual(createHash('sha256').update(given).digest(), expected)) {
      next();
      return;
    }
    res.status(401).set('www-authenticate', 'Bearer').json(errorEnvelope('unauthorized', 'GET /metrics needs the METRICS_TOKEN as a bearer token.'));
  };
}

export function defaultHelmetOptions(frameAncestors: string[] = ["'self'"]): HelmetOptions {
  const onlySelf = frameAncestors.length === 1 && frameAncestors[0] === "'self'";
  return {
    // A JSON API plus, later, one static console page built from local files.
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors,
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
      },
    },
    xFrameOptions: onlySelf ? { action: 'sameorigin' } : false,
  };
}

export function createHttpApp(options: CreateHttpAppOptions): Express {
  const { logger } = options;
  const registry = options.registry ?? new OpenApiRegistry();
  const metrics = options.metrics ?? createHttpMetrics();
  const app = express();

  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy ?? false);

  app.use(requestLogger(logger));
  app.use(metrics.middleware);
  app.use(helmet(options.helmet ?? defaultHelmetOptions(options.frameAncestors)));

  app.use(healthRouter({ checks: options.readiness ?? {}, timeoutMs: options.readinessTimeoutMs, logger }));
  app.get('/metrics', metricsGuard(options.metricsToken), metrics.handler);

  app.use(jsonBodyParser({ limit: options.bodyLimit ?? DEFAULT_BODY_LIMIT }));
  app.get('/openapi.json', openApiHandler(registry, options.openapi ?? { title: 'Success Sidecar API', version: '0.1.0' }));

  for (const entry of options.routes ?? []) {
    if (typeof entry === 'function') app.use(entry);
    else app.use(entry.path, entry.handler);
  }

  app.use((_req, res, next) => {
    setRoutePattern(res, 'unmatched');
    next();
  });
  app.use(notFoundHandler());
  app.use(errorHandler({ logger }));
  return app;
}
