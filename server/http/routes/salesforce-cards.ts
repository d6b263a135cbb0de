// The Salesforce card's API: the account view, recompute and the objectives, with HubSpot's shapes
// (contracts.ts) under `/api/v1/salesforce/{orgId}/accounts/{accountId}/…`. Every call carries
// the card token the Canvas page was given (card-token.ts): no token, a bad or an expired one is
// 401; a token for another org or another Account than the path's is 403; an org that is no longer
// installed is 403. The token was minted from a verified Canvas request, so the org, the user and
// the Account are Salesforce's word, never the page's.
import type { RequestHandler, Response } from 'express';
import { ObjectivesBody, ObjectivesConflict, RecomputeBody, RecomputeResponse, StoredPlan, SuccessView, UninstallResponse } from '../../api/contracts.ts';
import { SALESFORCE_ROUTES } from '../../api/routes.ts';
import { SalesforceAccountParams, SalesforceOrgParams, SalesforceUninstallQuery } from '../../api/salesforce-contracts.ts';
import { toId18 } from '../../crm/salesforce/record-id.ts';
import type { AccountService } from '../../service/accounts.ts';
import type { CardTokenClaims, CardTokens } from '../card-token.ts';
import { errorEnvelope } from '../errors.ts';
import type { PortalRateLimiter } from '../portal-rate-limit.ts';
import { reply, type ApiRouter } from '../validate.ts';

export interface SalesforceCardRouteDeps {
  /** The AccountService of the Salesforce tenants (its `crm.kind` is 'salesforce'). */
  accounts: AccountService;
  /** Whether the org is installed (and not uninstalled since the token was minted). */
  isInstalled: (orgId: string) => Promise<boolean>;
  /** Per-org allowances of the routes that cost Salesforce API calls. */
  limiter?: PortalRateLimiter;
  /** The org's admins (the installing user first): only they uninstall. */
  admins?: { isAdmin: (orgId: string, userId: string) => Promise<boolean>; list: (orgId: string) => Promise<Array<{ userId: string; email: string | null }>> };
  /** Revokes and deletes the org's tokens; its data is purged now or after the grace period. */
  uninstall?: (orgId: string, actor: string, options: { purgeNow: boolean }) => Promise<{ uninstalled: boolean; purge: 'done' | 'scheduled' | 'none'; purgeAfter: Date | null }>;
}

const WWW_AUTHENTICATE = 'Bearer realm="success-sidecar-card"';

/**
 * The `salesforce-card-token` auth scheme for `createApiRouter({ auth })`: a valid, unexpired card
 * token in `Authorization: Bearer …`, its claims kept for the route (`cardCallerOf`).
 */
export function salesforceCardAuth(tokens: CardTokens): RequestHandler {
  return (req, res, next) => {
    const match = /^Bearer ([A-Za-z0-9_.-]{1,2048})$/.exec(req.get('authorization') ?? '');
    if (!match) {
      res.status(401).set('www-authenticate', WWW_AUTHENTICATE).json(errorEnvelope('missing_card_token', 'This call needs the card token the Salesforce card page was given (Authorization: Bearer …). Open the card from the Account page in Salesforce.'));
      return;
    }
    const checked = tokens.verify(match[1]!);
    if (!checked.ok) {
      const message = checked.reason === 'expired' ? 'The card token has expired (tokens last 10 minutes): reload the Account page in Salesforce.' : 'The card token is not valid: reload the Account page in Salesforce.';
      res.status(401).set('www-authenticate', `${WWW_AUTHENTICATE}, error="invalid_token"`).json(errorEnvelope(checked.reason === 'expired' ? 'card_token_expired' : 'invalid_card_token', message));
      return;
    }
    res.locals.cardCaller = checked.claims;
    next();
  };
}

/** The card token's claims the auth stored; throws when a route has no `salesforce-card-token` auth (a bug, never a 2xx). */
export function cardCallerOf(res: Response): CardTokenClaims {
  const claims = (res.locals as { cardCaller?: CardTokenClaims }).cardCaller;
  if (!claims) throw new Error('cardCallerOf: this route has no salesforce-card-token auth');
  return claims;
}

/** After the token check: the path's org and Account must be the token's, and the org installed. */
function sameRecordGuard(isInstalled: (orgId: string) => Promise<boolean>): RequestHandler {
  return async (req, res, next) => {
    const claims = cardCallerOf(res);
    const orgId = toId18(String(req.params.orgId ?? ''));
    const accountId = toId18(String(req.params.accountId ?? ''));
    if (orgId === null || accountId === null) {
      res.status(400).json(errorEnvelope('invalid_request', 'Request validation failed', [...(orgId === null ? [{ path: 'params.orgId', message: 'a Salesforce id' }] : []), ...(accountId === null ? [{ path: 'params.accountId', message: 'a Salesforce id' }] : [])]));
      return;
    }
    if (orgId !== claims.orgId) {
      res.status(403).json(errorEnvelope('org_mismatch', `The org in the URL (${orgId}) is not the org the card was opened in.`));
      return;
    }
    if (accountId !== claims.accountId) {
      res.status(403).json(errorEnvelope('record_mismatch', `The card was opened on Account ${claims.accountId}; its token does not reach Account ${accountId}.`));
      return;
    }
    if (!(await isInstalled(orgId))) {
      res.status(403).json(errorEnvelope('org_not_installed', `Success Sidecar is not installed in org ${orgId}. An admin of the org can install it (see the README, "Salesforce").`));
      return;
    }
    next();
  };
}

/**
 * After the token check, for the org's own routes: the path's org must be the token's and the org
 * installed; with `admins`, the user must also be one of the org's admins (`action` says for what).
 */
export function orgGuard(isInstalled: (orgId: string) => Promise<boolean>, admins?: { deps: NonNullable<SalesforceCardRouteDeps['admins']>; action: string }): RequestHandler {
  return async (req, res, next) => {
    const claims = cardCallerOf(res);
    const orgId = toId18(String(req.params.orgId ?? ''));
    if (orgId === null) {
      res.status(400).json(errorEnvelope('invalid_request', 'Request validation failed', [{ path: 'params.orgId', message: 'a Salesforce id' }]));
      return;
    }
    if (orgId !== claims.orgId) {
      res.status(403).json(errorEnvelope('org_mismatch', `The org in the URL (${orgId}) is not the org the card was opened in.`));
      return;
    }
    if (!(await isInstalled(orgId))) {
      res.status(403).json(errorEnvelope('org_not_installed', `Success Sidecar is not installed in org ${orgId}.`));
      return;
    }
    if (admins && !(await admins.deps.isAdmin(orgId, claims.userId))) {
      const names = (await admins.deps.list(orgId)).map((a) => a.email ?? `Salesforce user ${a.userId}`);
      const who = names.length > 0 ? `Ask an admin of this org (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}).` : 'No admin is recorded for this org: reinstall the app to become its admin.';
      res.status(403).json(errorEnvelope('admin_required', `Only an admin of this org can ${admins.action}. ${who}`));
      return;
    }
    next();
  };
}

export function registerSalesforceCardRoutes(api: ApiRouter, deps: SalesforceCardRouteDeps): void {
  const { accounts, limiter } = deps;
  const guard = [sameRecordGuard(deps.isInstalled)];
  const tags = ['salesforce-cards'];
  const auth = 'salesforce-card-token' as const;

  api.route(
    { method: 'get', path: SALESFORCE_ROUTES.companySuccess.path, summary: 'The Account card: ROB, savings, risk, plan, history (Salesforce)', tags, auth, middleware: guard, params: SalesforceAccountParams, response: SuccessView },
    async ({ params }) => {
      const view = await accounts.view(params.orgId, params.accountId, { beforeColdCompute: () => limiter?.check(params.orgId, 'cold') });
      return view.state === 'computing' ? reply(202, view, { 'retry-after': String(Math.ceil(view.retryAfterMs / 1000)) }) : view;
    },
  );

  api.route(
    { method: 'post', path: SALESFORCE_ROUTES.recompute.path, summary: 'Recompute an Account now (idempotent; rate-limited per org)', tags, auth, middleware: guard, params: SalesforceAccountParams, body: RecomputeBody, response: RecomputeResponse },
    async ({ params }) => {
      limiter?.check(params.orgId, 'recompute');
      await accounts.recompute(params.orgId, params.accountId);
      return { status: 'computed' as const, view: await accounts.view(params.orgId, params.accountId) };
    },
  );

  api.route(
    { method: 'put', path: SALESFORCE_ROUTES.saveObjectives.path, summary: 'Replace the success plan objectives of an Account (409 when someone saved first)', tags, auth, middleware: guard, params: SalesforceAccountParams, body: ObjectivesBody, response: StoredPlan.or(ObjectivesConflict) },
    async ({ params, body, res }) => {
      const saved = await accounts.saveObjectives(params.orgId, params.accountId, body, cardCallerOf(res).actor);
      if (!saved.ok) return reply(409, { error: { code: 'version_conflict' as const, message: `The plan was changed by ${saved.current.updatedBy ?? 'someone else'} (now version ${saved.current.version}). Review it and apply your change again.` }, current: saved.current });
      return saved.plan;
    },
  );

  if (deps.uninstall && deps.admins) {
    const uninstall = deps.uninstall;
    api.route(
      { method: 'delete', path: SALESFORCE_ROUTES.uninstall.path, summary: 'Uninstall from the org (admins): the refresh token revoked at Salesforce and deleted, data purged after the grace period or at once with purge=now', tags, auth, middleware: [orgGuard(deps.isInstalled, { deps: deps.admins, action: 'uninstall the app' })], params: SalesforceOrgParams, query: SalesforceUninstallQuery, response: UninstallResponse },
      async ({ params, query, res }) => {
        const outcome = await uninstall(params.orgId, cardCallerOf(res).actor, { purgeNow: query.purge === 'now' });
        return { uninstalled: outcome.uninstalled, purge: outcome.purge, purgeAfter: outcome.purgeAfter ? outcome.purgeAfter.toISOString() : null };
      },
    );
  }
}
