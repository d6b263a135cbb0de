// The local console's Salesforce side, for demo mode only (`npm start`; `serve` never mounts it):
// the demo org's scored accounts (read from the store, like console-data.ts does for the portal)
// and a demo Canvas bridge. Salesforce opens the card by POSTing a `signed_request` to
// /canvas/salesforce; the bridge does exactly that on the browser's behalf: it builds the
// CanvasRequest envelope in Salesforce's shape for the demo org's installing user and the chosen
// Account, with `client.oauthToken` a real sandbox session of that org, signs it as Salesforce
// does (base64 HMAC-SHA256 with the consumer secret over the base64 JSON envelope), POSTs it to
// the sidecar's own Canvas route and answers with the page the Canvas route returned — so the
// console's iframe shows what a Lightning page's iframe shows, and the signed request (with the
// session in it) never reaches the browser. The envelope names the console's own origin as
// `targetOrigin`, so the page's frame-ancestors admit the console without any change to the
// Canvas route's rules. Like the HubSpot bridge, it signs for whoever reaches it, so it answers only
// requests addressed to a loopback name (`Host`).
import { createHmac } from 'node:crypto';
import express from 'express';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { isLoopbackHost } from '../../config.ts';
import { toId18 } from '../../crm/salesforce/record-id.ts';
import type { RiskLevel } from '../../domain/result.ts';
import type { PortfolioItem } from '../../store/results.ts';
import { CONSOLE_ROUTES, consoleContractRoute } from '../../api/console-contracts.ts';
import { errorEnvelope, errorHandler, HttpError } from '../errors.ts';
import { setRoutePattern } from '../observability.ts';
import { OpenApiRegistry } from '../openapi.ts';
import { createApiRouter } from '../validate.ts';
import { sidecarStarting } from './console-data.ts';
import { CANVAS_PATH } from './salesforce-canvas.ts';

/** Every route here starts with the org's (the route table's `salesforceOrg`). */
export const CONSOLE_SALESFORCE_BASE = CONSOLE_ROUTES.salesforceOrg.path;
/** The most accounts the console lists for the org (the demo org has a few hundred). */
const LIST_LIMIT = 500;
/** Answer headers of the Canvas page passed to the browser as they are (its CSP names who may frame it). */
const PASSED_HEADERS = ['content-type', 'content-security-policy', 'cache-control'];

/** The org's installation as the sidecar keeps it, and a current session of its installing user. */
export interface DemoOrgSession {
  instanceUrl: string;
  userId: string;
  accessToken: string;
}

export interface ConsoleSalesforceOptions {
  orgId: string;
  /** The External Client App's consumer secret: what Salesforce signs Canvas requests with. */
  consumerSecret: string;
  /** This process's own address; read per request. */
  localUrl: () => string;
  /** The installing user as Salesforce's envelope names it. */
  user: { userName: string; email: string | null; fullName: string };
  /** The org's installation and a live session (refreshed when due); null until the sidecar runs. */
  session: () => Promise<DemoOrgSession> | null;
  /** The org's scored accounts; null until the sidecar runs. */
  accounts: () => ((orgId: string, limit: number) => Promise<{ items: PortfolioItem[]; total: number }>) | null;
  timeoutMs?: number;
}

const loopbackHostHeader = (host: string) => isLoopbackHost(host.replace(/:\d{1,5}$/, ''));

/** A CanvasRequest as Salesforce sends it for a Canvas app on an Account page layout. */
export function demoCanvasEnvelope(o: { orgId: string; accountId: string; session: DemoOrgSession; user: ConsoleSalesforceOptions['user']; targetOrigin: string; issuedAt: number }): Record<string, unknown> {
  const version = { api: '66.0', season: 'SPRING' };
  return {
    algorithm: 'HMACSHA256',
    issuedAt: o.issuedAt,
    userId: o.session.userId,
    client: { instanceId: null, instanceUrl: o.session.instanceUrl, oauthToken: o.session.accessToken, refreshToken: null, targetOrigin: o.targetOrigin },
    context: {
      application: { name: 'Success Sidecar', developerName: 'success_sidecar', authType: 'SIGNED_REQUEST', version: '1.0', canvasUrl: CANVAS_PATH },
      user: { userId: o.session.userId, userName: o.user.userName, email: o.user.email, fullName: o.user.fullName, locale: 'en_US', language: 'en_US', timeZone: 'GMT', userType: 'STANDARD' },
      organization: { organizationId: o.orgId, name: 'Demo org', currencyIsoCode: 'USD', multicurrencyEnabled: false },
      environment: {
        displayLocation: 'PageLayout',
        locationUrl: `${o.session.instanceUrl}/lightning/r/Account/${o.accountId}/view`,
        uiTheme: 'Theme4d',
        dimensions: { width: '100%', height: '1000px' },
        version,
        parameters: {},
        record: { attributes: { type: 'Account', url: `/services/data/v${version.api}/sobjects/Account/${o.accountId}` }, Id: o.accountId },
      },
      links: { restUrl: `/services/data/v${version.api}/`, sobjectUrl: `/services/data/v${version.api}/sobjects/` },
    },
  };
}

/** Salesforce's signed request: base64(HMAC-SHA256(secret, E)) "." E, E the base64 JSON envelope. */
export function signDemoCanvasRequest(envelope: unknown, consumerSecret: string): string {
  const encoded = Buffer.from(JSON.stringify(envelope), 'utf8').toString('base64');
  return `${createHmac('sha256', consumerSecret).update(encoded, 'utf8').digest('base64')}.${encoded}`;
}

export function consoleSalesforceRoutes(options: ConsoleSalesforceOptions): express.Router {
  const router = express.Router();
  const timeoutMs = options.timeoutMs ?? 25_000;

  router.use(CONSOLE_SALESFORCE_BASE, (req, res, next) => {
    res.set('cache-control', 'no-store');
    if (!loopbackHostHeader(req.get('host') ?? '')) {
      res.status(403).json(errorEnvelope('not_loopback', 'The demo console answers only on localhost: its Canvas bridge signs requests for whoever reaches it.'));
      return;
    }
    next();
  });

  // The org and its accounts: registered from the route table with their contracts (console-contracts.ts).
  const api = createApiRouter({ registry: new OpenApiRegistry(), router });
  const common = { summary: 'Web console, Salesforce side (demo mode)', tags: ['console'], auth: 'none' as const };
  api.route({ ...consoleContractRoute('salesforceOrg'), ...common }, () => ({ orgId: options.orgId }));
  // The store keeps the level as text; the answer's contract checks it is one of the engine's levels.
  api.route({ ...consoleContractRoute('salesforceAccounts'), ...common }, async ({ req }) => {
    const list = options.accounts();
    if (!list) throw sidecarStarting();
    try {
      const { items, total } = await list(options.orgId, LIST_LIMIT);
      return { orgId: options.orgId, total, items: items.map((i) => ({ accountId: i.accountId, name: i.accountName, robScore: i.robScore, riskLevel: i.riskLevel as RiskLevel | null, renewalProbability: i.renewalProbability, renewalDate: i.renewalDate, arr: i.arr })) };
    } catch (error) {
      (req as { log?: Logger }).log?.warn({ err: error }, 'console:salesforce:accounts:failed');
      throw new HttpError(500, 'internal', 'The console could not read the org’s accounts from the database. Check the sidecar’s log, then reload.', undefined, { cause: error });
    }
  });

  // What the console's iframe loads: the Canvas page for this Account, as Salesforce would have it posted.
  router.get(CONSOLE_ROUTES.salesforceCard.path, async (req: Request, res: Response) => {
    setRoutePattern(res, CONSOLE_ROUTES.salesforceCard.path);
    const accountId = toId18(String(req.params.accountId));
    if (accountId === null) {
      res.status(400).json(errorEnvelope('invalid_request', 'accountId must be a Salesforce Account id.'));
      return;
    }
    const pending = options.session();
    if (!pending) throw sidecarStarting();
    let answer: globalThis.Response;
    try {
      const session = await pending;
      const envelope = demoCanvasEnvelope({ orgId: options.orgId, accountId, session, user: options.user, targetOrigin: `${req.protocol}://${req.get('host') ?? ''}`, issuedAt: Date.now() });
      const body = new URLSearchParams({ signed_request: signDemoCanvasRequest(envelope, options.consumerSecret) }).toString();
      answer = await fetch(new URL(CANVAS_PATH, options.localUrl()), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      // Never the envelope or the session in the log: the error only.
      (req as { log?: Logger }).log?.warn({ err: error instanceof Error ? error.message : 'unknown' }, 'console:canvas-bridge:failed');
      res.status(502).json(errorEnvelope('bridge_failed', 'The console could not open the Canvas card of this sidecar (is the org still installed?).'));
      return;
    }
    const bytes = Buffer.from(await answer.arrayBuffer());
    res.status(answer.status);
    for (const name of PASSED_HEADERS) {
      const value = answer.headers.get(name);
      if (value !== null) res.set(name, value);
    }
    // The Canvas page's own CSP (frame-ancestors: the org's origins and the console's) replaces the app default.
    if (answer.headers.get('content-security-policy') !== null) res.removeHeader('x-frame-options');
    res.send(bytes);
  });

  router.use(errorHandler());
  return router;
}
