// The Salesforce card as a Canvas app. Salesforce POSTs `signed_request` (urlencoded) to
// `/canvas/salesforce` each time the Account page shows the card; after the signature holds
// (crm/salesforce/canvas.ts) and the org is installed, the answer is the web card (cards/web,
// canvas entry) for that Account, with a card token bound to the org, the user and the Account
// (card-token.ts) for its API calls. The org, user and record come only from the verified envelope.
// Because a signature never goes stale, each load also asks Salesforce whether the envelope's
// session is still a live session of the user it names (crm/salesforce/canvas-session.ts): a kept
// `signed_request` whose session was revoked or expired, or whose user was deactivated, is refused.
//
// Framing: this page alone may be framed, and only by the org's own origins as the verified
// envelope names them (`client.instanceUrl`, `client.targetOrigin`): CSP frame-ancestors lists
// those, X-Frame-Options is dropped (it cannot name another origin); every other header is the
// app's default. A refusal of a request Salesforce did not sign keeps the defaults (not frameable by
// another site); a refusal after the signature holds (org not installed, session no longer live)
// may be framed by the same verified origins, so the user reads it in the Account page rather than
// a blocked frame. The page and its answers are `no-store`: it carries a token.
import express from 'express';
import type { Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { WebBundle } from '../../../cards/web/build.ts';
import { isHttpsOrLoopback } from '../../config.ts';
import { verifyCanvasRequest, type CanvasCaller } from '../../crm/salesforce/canvas.ts';
import type { CanvasSessionCheck } from '../../crm/salesforce/canvas-session.ts';
import { defaultHelmetOptions } from '../app.ts';
import type { CardTokens } from '../card-token.ts';
import { errorEnvelope } from '../errors.ts';
import { setRoutePattern } from '../observability.ts';
import { sendWebAsset } from '../web-assets.ts';

export const CANVAS_PATH = '/canvas/salesforce';
const ASSETS = '/canvas/assets';

export interface SalesforceCanvasOptions {
  /** The External Client App's consumer secret (SALESFORCE_CONSUMER_SECRET): Salesforce signs Canvas requests with it. */
  consumerSecret: () => string;
  tokens: CardTokens;
  /** Whether the org has installed the app (OAuth install); a Canvas request from another org is 403. */
  isInstalled: (orgId: string) => Promise<boolean>;
  /** Asks Salesforce whether the envelope's session is a live one of its user (with a short cache). */
  sessions: Pick<CanvasSessionCheck, 'check'>;
  /** The canvas bundle (`buildWebBundle({ entry: 'canvas' })`), or how to get it once. */
  bundle: WebBundle | (() => Promise<WebBundle>);
  /** Where the page's API calls go (default `/`: the sidecar that served the page). */
  apiBase?: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Origins allowed to frame the card: https, or http on a loopback host (the local sandbox). */
function frameOrigin(origin: string | null): string | null {
  if (origin === null) return null;
  const url = new URL(origin);
  return isHttpsOrLoopback(url) ? url.origin : null;
}

export function frameAncestorsFor(caller: Pick<CanvasCaller, 'instanceUrl' | 'targetOrigin'>): string[] {
  return [...new Set([frameOrigin(caller.instanceUrl), frameOrigin(caller.targetOrigin)].filter((o): o is string => o !== null))];
}

/** Sets the app's headers again with `ancestors` as the only origins that may frame the answer, then sends it. */
function framedBy(req: Request, res: Response, ancestors: readonly string[], send: () => void): void {
  helmet(defaultHelmetOptions([...ancestors]))(req, res, () => {
    res.removeHeader('x-frame-options');
    send();
  });
}

/** A refusal as a page; framable by `ancestors` (the verified envelope's origins) when given, else with the app's default headers. */
function errorPage(req: Request, res: Response, status: number, code: string, message: string, ancestors: readonly string[] = []): void {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Success Sidecar</title></head><body><main><h1>Success Sidecar cannot show this card</h1><p data-code="${escapeHtml(code)}">${escapeHtml(message)}</p></main></body></html>`;
  const send = () => res.status(status).set('cache-control', 'no-store').type('html').send(html);
  if (ancestors.length === 0) return void send();
  framedBy(req, res, ancestors, send);
}

export function salesforceCanvasRoutes(options: SalesforceCanvasOptions): RequestHandler {
  let bundle: Promise<WebBundle> | null = null;
  const getBundle = () => (bundle ??= typeof options.bundle === 'function' ? options.bundle() : Promise.resolve(options.bundle));
  const apiBase = options.apiBase ?? '/';
  const router = express.Router();

  router.post(CANVAS_PATH, express.urlencoded({ extended: false, limit: '128kb', parameterLimit: 20 }), async (req: Request, res: Response) => {
    setRoutePattern(res, CANVAS_PATH);
    const log = (req as { log?: Logger }).log;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const verified = verifyCanvasRequest(body.signed_request, options.consumerSecret());
    if (!verified.ok) {
      log?.warn({ code: verified.code }, 'canvas:refused');
      errorPage(req, res, verified.status, verified.code, verified.message);
      return;
    }
    const caller = verified.caller;
    const ancestors = frameAncestorsFor(caller);
    if (!(await options.isInstalled(caller.orgId))) {
      log?.warn({ orgId: caller.orgId, code: 'org_not_installed' }, 'canvas:refused');
      errorPage(req, res, 403, 'org_not_installed', `Success Sidecar is not installed in org ${caller.orgId}. An admin of the org installs it first (see the README, "Salesforce").`, ancestors);
      return;
    }
    if (ancestors.length === 0) {
      log?.warn({ orgId: caller.orgId, code: 'insecure_origin' }, 'canvas:refused');
      errorPage(req, res, 403, 'insecure_origin', 'The Salesforce origin in the signed request is not https: the card is framed by https origins only.');
      return;
    }
    const live = await options.sessions.check(verified.session, caller);
    if (!live.ok) {
      log?.warn({ orgId: caller.orgId, userId: caller.userId, code: live.code }, 'canvas:refused');
      errorPage(req, res, live.status, live.code, live.message, ancestors);
      return;
    }
    const web = await getBundle();
    const actor = caller.email ? `${caller.email} (salesforce-user:${caller.userId})` : `${caller.userName} (salesforce-user:${caller.userId})`;
    const { token } = options.tokens.mint({ orgId: caller.orgId, userId: caller.userId, accountId: caller.accountId, actor });
    const html = web.htmlTemplate
      .replaceAll('{{orgId}}', escapeHtml(caller.orgId))
      .replaceAll('{{accountId}}', escapeHtml(caller.accountId))
      .replaceAll('{{apiBase}}', escapeHtml(apiBase))
      .replaceAll('{{cardToken}}', escapeHtml(token))
      .replaceAll('{{js}}', escapeHtml(`${ASSETS}/${web.js}`))
      .replaceAll('{{css}}', escapeHtml(`${ASSETS}/${web.css}`));
    framedBy(req, res, ancestors, () => {
      log?.info({ orgId: caller.orgId, accountId: caller.accountId, userId: caller.userId, sessionCached: live.cached }, 'canvas:opened');
      res.status(200).set('cache-control', 'no-store').type('html').send(html);
    });
  });

  router.get(CANVAS_PATH, (_req, res) => {
    setRoutePattern(res, CANVAS_PATH);
    res.status(405).set('allow', 'POST').json(errorEnvelope('method_not_allowed', 'Salesforce opens the card with a POST of its signed request: add the Canvas app to an Account record page.'));
  });

  router.get(`${ASSETS}/:name`, async (req, res) => {
    setRoutePattern(res, `${ASSETS}/:name`);
    sendWebAsset(req, res, await getBundle(), 'No such card file.');
  });

  return router;
}
