// Who is calling a card route, as HubSpot asserts it. `hubspot.fetch` appends `userId`, `portalId`,
// `userEmail` and `appId` to the query string of every request a card makes, and signs that full
// URL, so after the signature check these four values are HubSpot's word — the only identity the
// card routes trust. The portal in the path is the card's claim and must agree with HubSpot's
// `portalId`. HubSpot does not assert which record the card is shown on: any user of a portal
// can read any of that portal's accounts (documented in the README).
import type { RequestHandler, Response } from 'express';
import { errorEnvelope } from './errors.ts';

export interface HubSpotCaller {
  portalId: string;
  userId: string;
  userEmail: string | null;
  appId: string | null;
}

/** The parameters in the order `hubspot.fetch` appends them. */
export const HUBSPOT_FETCH_PARAMS = ['userId', 'portalId', 'userEmail', 'appId'] as const;

/**
 * The URL as `hubspot.fetch` sends it: the card's URL with HubSpot's four parameters appended
 * after whatever query the card had. For everything that imitates HubSpot (the demo bridge, the
 * tests, `cli sign`, the fixtures recorder).
 */
export function withHubSpotFetchParams(url: string, caller: { userId: string | number; portalId: string | number; userEmail?: string | null; appId?: string | number | null }): string {
  const params = new URLSearchParams();
  params.set('userId', String(caller.userId));
  params.set('portalId', String(caller.portalId));
  if (caller.userEmail) params.set('userEmail', caller.userEmail);
  if (caller.appId !== undefined && caller.appId !== null) params.set('appId', String(caller.appId));
  return `${url}${url.includes('?') ? '&' : '?'}${params.toString()}`;
}

const DIGITS = /^\d{1,20}$/;

export interface CallerGuardOptions {
  isActive: (portalId: string) => Promise<boolean>;
  /** HUBSPOT_APP_ID: when set, `appId` must be present and equal to it. */
  appId: string | null;
}

function one(value: unknown): { ok: true; value: string | undefined } | { ok: false } {
  if (value === undefined) return { ok: true, value: undefined };
  return typeof value === 'string' ? { ok: true, value } : { ok: false };
}

/**
 * After the signature check: HubSpot's parameters present exactly once, the path's portal equal to
 * HubSpot's `portalId`, the app ours, the portal installed. Stores the caller (`callerOf`).
 */
export function hubSpotCallerGuard(options: CallerGuardOptions): RequestHandler {
  return async (req, res, next) => {
    const pathPortal = String(req.params.portalId ?? '');
    if (!DIGITS.test(pathPortal)) {
      res.status(400).json(errorEnvelope('invalid_request', 'Request validation failed', [{ path: 'params.portalId', message: 'a numeric id' }]));
      return;
    }
    const query = req.query as Record<string, unknown>;
    const repeated = HUBSPOT_FETCH_PARAMS.filter((name) => !one(query[name]).ok);
    if (repeated.length > 0) {
      res.status(400).json(errorEnvelope('repeated_parameter', `${repeated.join(', ')} must appear once: HubSpot appends them to every card request, so a card must not add them itself.`, repeated.map((name) => ({ path: `query.${name}`, message: 'appears more than once' }))));
      return;
    }
    const portalId = query.portalId as string | undefined;
    const userId = query.userId as string | undefined;
    if (portalId === undefined || userId === undefined || !DIGITS.test(portalId) || !DIGITS.test(userId)) {
      const missing = [...(portalId === undefined || !DIGITS.test(portalId) ? ['portalId'] : []), ...(userId === undefined || !DIGITS.test(userId) ? ['userId'] : [])];
      res.status(401).json(errorEnvelope('missing_caller', `This request does not say who is calling: HubSpot adds portalId and userId to every request a card makes, and they are missing or not numeric here (${missing.join(', ')}).`, missing.map((name) => ({ path: `query.${name}`, message: 'a numeric id added by HubSpot' }))));
      return;
    }
    if (pathPortal !== portalId) {
      res.status(403).json(errorEnvelope('portal_mismatch', `The portal in the URL (${pathPortal}) is not the portal HubSpot says the card runs in (${portalId}).`));
      return;
    }
    const appId = query.appId as string | undefined;
    if (options.appId !== null && appId !== options.appId) {
      res.status(403).json(errorEnvelope('wrong_app', 'This request was relayed for another HubSpot app.'));
      return;
    }
    if (!(await options.isActive(portalId))) {
      res.status(403).json(errorEnvelope('not_installed', `Success Sidecar is not installed in portal ${portalId}. An admin can install it from the HubSpot marketplace.`));
      return;
    }
    const userEmail = query.userEmail as string | undefined;
    res.locals.caller = { portalId, userId, userEmail: userEmail && userEmail.length <= 254 ? userEmail : null, appId: appId ?? null } satisfies HubSpotCaller;
    next();
  };
}

/** The caller the guard stored; throws when a route forgot the guard (a bug, never a 2xx). */
export function callerOf(res: Response): HubSpotCaller {
  const caller = (res.locals as { caller?: HubSpotCaller }).caller;
  if (!caller) throw new Error('callerOf: this route has no hubSpotCallerGuard');
  return caller;
}

/** How the caller appears in plans, settings and the audit log: HubSpot's user id, and its email when HubSpot sent one. */
export function actorOf(caller: HubSpotCaller): string {
  return caller.userEmail ? `${caller.userEmail} (hubspot-user:${caller.userId})` : `hubspot-user:${caller.userId}`;
}

/** Admin-only routes: 403 naming who can do it. */
export function requireAdmin(options: { isAdmin: (portalId: string, userId: string) => Promise<boolean>; admins: (portalId: string) => Promise<Array<{ userId: string; email: string | null }>>; action: string }): RequestHandler {
  return async (_req, res, next) => {
    const caller = callerOf(res);
    if (await options.isAdmin(caller.portalId, caller.userId)) {
      next();
      return;
    }
    const admins = await options.admins(caller.portalId);
    const names = admins.map((a) => a.email ?? `HubSpot user ${a.userId}`);
    const who = names.length > 0 ? `Ask an admin of this portal (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}), or have one add you as an admin in the app's settings.` : 'No admin is recorded for this portal: reinstall the app to become its admin.';
    res.status(403).json(errorEnvelope('admin_required', `Only an admin of this portal can ${options.action}. ${who}`));
  };
}
