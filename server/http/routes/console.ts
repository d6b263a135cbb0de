// The local console, for demo mode only (`npm start`; `serve` never mounts it): the web renderer
// (cards/web) at `/`, built in memory with esbuild when the sidecar starts, and a bridge under
// `/console/api/v1/hubspot/{portalId}/…` that forwards the browser's calls to the real card routes
// for the demo portal exactly as HubSpot relays a card's `hubspot.fetch`: it appends `userId`,
// `portalId`, `userEmail` and `appId` for the demo user and signs the full URL — the client secret
// stays on the server, and every call still passes the signature check and the caller guard.
// The bridge signs for whoever reaches it, so it answers only requests addressed to a loopback
// name (`Host`), which also defeats DNS rebinding, and `start` listens on loopback only.
import express from 'express';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { buildWebBundle, type WebBundle } from '../../../cards/web/build.ts';
import { isLoopbackHost } from '../../config.ts';
import { errorEnvelope } from '../errors.ts';
import { setRoutePattern } from '../observability.ts';
import { resolvePublicUrl } from '../public-url.ts';
import { sendWebAsset } from '../web-assets.ts';
import { getRawBody } from '../raw-body.ts';
import { hubSpotSignatureHeaders } from '../signature.ts';
import { withHubSpotFetchParams } from '../hubspot-caller.ts';
import { consoleDataRoutes, type ConsoleBackend } from './console-data.ts';
import { pathPattern, ROUTES, type RouteName } from '../../api/routes.ts';

export const CONSOLE_API_BASE = '/console';
const ASSETS = '/console/assets';

export interface ConsoleOptions {
  /** The one portal the console shows and the bridge reaches. */
  portalId: string;
  clientSecret: string;
  /** This process's own address (`http://127.0.0.1:3000`); read per request, so it may be set after listening. */
  localUrl: () => string;
  /** PUBLIC_URL when the sidecar has one: what the signature middleware checks URLs against. */
  publicUrl?: string | null;
  /** The HubSpot user the console acts as (the demo portal's installer, so an admin). */
  user: { userId: string; userEmail: string | null };
  /** HUBSPOT_APP_ID, appended as HubSpot appends it. */
  appId?: string | null;
  /** A bundle built already (tests); otherwise built now. */
  bundle?: WebBundle;
  /** The bridge's wait for the card routes (default 25 s, under the server's 30 s request timeout). */
  timeoutMs?: number;
  /** The overview, progress and "Recompute all" (console-data.ts); null until the sidecar runs. */
  backend?: () => ConsoleBackend | null;
}

export interface ConsoleRoutes {
  router: RequestHandler;
  /** How long building the bundle took (0 when one was given). */
  buildMs: number;
}

/** The card routes the bridge forwards (by name in the route table): nothing else — no admins, no uninstall, no webhooks, no OAuth. */
const FORWARDED: readonly RouteName[] = ['companySuccess', 'recompute', 'saveObjectives', 'contactSuccess', 'portfolio', 'recomputeAll', 'settings', 'saveSettings', 'previewSettings', 'renewalModel', 'chooseRenewalModel', 'writeFailures', 'redriveWriteFailures'];
/** Each forwarded route's method and path pattern, relative to `/console/api` (the portal is the first capture). */
const FORWARD_TABLE = FORWARDED.map((name) => ({ method: ROUTES[name].method, pattern: pathPattern(ROUTES[name].path.replace(/^\/api(?=\/)/, '')) }));
/** Whether a Host header names this machine's loopback (port aside); any other Host is refused (DNS rebinding). */
const loopbackHostHeader = (host: string) => isLoopbackHost(host.replace(/:\d{1,5}$/, ''));
/** Answer headers passed back to the browser as they are. */
const PASSED_HEADERS = ['content-type', 'retry-after'];

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A write must come from the console's own page: a cross-site form or fetch is refused (CSRF). */
function fromOwnPage(req: Request): boolean {
  const origin = req.get('origin');
  if (origin !== undefined) return origin === `${req.protocol}://${req.get('host') ?? ''}`;
  const site = req.get('sec-fetch-site');
  return site === undefined || site === 'same-origin' || site === 'none';
}

export async function consoleRoutes(options: ConsoleOptions): Promise<ConsoleRoutes> {
  const bundle = options.bundle ?? (await buildWebBundle());
  const timeoutMs = options.timeoutMs ?? 25_000;
  const html = bundle.htmlTemplate
    .replaceAll('{{portalId}}', escapeHtml(options.portalId))
    .replaceAll('{{apiBase}}', escapeHtml(CONSOLE_API_BASE))
    .replaceAll('{{js}}', escapeHtml(`${ASSETS}/${bundle.js}`))
    .replaceAll('{{css}}', escapeHtml(`${ASSETS}/${bundle.css}`));

  const router = express.Router();

  // The page, its data and the bridge answer only requests addressed to a loopback name: a page
  // served under another Host (DNS rebinding) must not read the portfolio or reach the bridge.
  // Express matches routes case-insensitively (`/CONSOLE/api/…` reaches the bridge), so this does too.
  router.use((req, res, next) => {
    const path = req.path.toLowerCase();
    if ((path === '/' || path.startsWith('/console')) && !loopbackHostHeader(req.get('host') ?? '')) {
      res.status(403).json(errorEnvelope('not_loopback', 'The demo console answers only on localhost: its bridge signs requests for whoever reaches it.'));
      return;
    }
    next();
  });

  router.get('/', (_req, res) => {
    res.set('cache-control', 'no-cache').type('html').send(html);
  });

  router.get(`${ASSETS}/:name`, (req, res) => sendWebAsset(req, res, bundle, 'No such console file.'));

  router.use(consoleDataRoutes({ portalId: options.portalId, backend: options.backend ?? (() => null), fromOwnPage }));

  router.use('/console/api', async (req: Request, res: Response) => {
    setRoutePattern(res, '/console/api/*');
    await forward(req, res);
  });

  async function forward(req: Request, res: Response): Promise<void> {
    const matching = FORWARD_TABLE.map((r) => ({ method: r.method, match: r.pattern.exec(req.path) })).filter((r) => r.match !== null);
    if (matching.length === 0) {
      res.status(404).json(errorEnvelope('not_found', 'The console forwards only the card routes.'));
      return;
    }
    if (matching[0]!.match![1] !== options.portalId) {
      res.status(403).json(errorEnvelope('not_demo_portal', `The console shows portal ${options.portalId} only.`));
      return;
    }
    if (!matching.some((r) => r.method === req.method)) {
      res.status(405).set('allow', matching.map((r) => r.method).join(', ')).json(errorEnvelope('method_not_allowed', `${req.method} is not forwarded.`));
      return;
    }
    if (req.method !== 'GET' && !fromOwnPage(req)) {
      res.status(403).json(errorEnvelope('cross_site', 'Changes are accepted from the console page only.'));
      return;
    }

    // What the card asked for, then what HubSpot appends (a card that adds them itself is refused by the sidecar, as in HubSpot).
    const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
    const relayed = withHubSpotFetchParams(`/api${req.path}${query}`, { userId: options.user.userId, portalId: options.portalId, userEmail: options.user.userEmail, appId: options.appId ?? null });
    const target = new URL(relayed, options.localUrl());
    // What the signature middleware will rebuild from the forwarded request (see public-url.ts).
    const signedUrl = resolvePublicUrl({ publicUrl: options.publicUrl, protocol: target.protocol.slice(0, -1), host: target.host, originalUrl: `${target.pathname}${target.search}` });
    const body = req.method === 'GET' ? undefined : (getRawBody(req) ?? Buffer.alloc(0));
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...hubSpotSignatureHeaders({ secret: options.clientSecret, method: req.method, url: signedUrl, rawBody: body ?? '', timestamp: Date.now() }),
    };

    let answer: globalThis.Response;
    try {
      answer = await fetch(target, { method: req.method, headers, ...(body !== undefined ? { body } : {}), signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    } catch (error) {
      (req as { log?: Logger }).log?.warn({ err: error, path: req.path }, 'console:bridge:failed');
      res.status(502).json(errorEnvelope('bridge_failed', 'The console could not reach the card API of this sidecar.'));
      return;
    }
    const bytes = Buffer.from(await answer.arrayBuffer());
    res.status(answer.status);
    for (const name of PASSED_HEADERS) {
      const value = answer.headers.get(name);
      if (value !== null) res.set(name, value);
    }
    res.set('cache-control', 'no-store');
    res.send(bytes);
  }

  return { router, buildMs: options.bundle ? 0 : bundle.buildMs };
}
