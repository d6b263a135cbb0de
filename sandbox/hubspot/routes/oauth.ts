// OAuth for the one app: GET /oauth/authorize auto-approves (first portal, or ?portal_id=) and
// redirects with a single-use code; GET /marketplace/install plays a user who clicked Install on
// the app's marketplace listing (seamless flow, without partner sign-in) and consented: the app's
// Install button URL (its one redirect URL) gets a code issued for that URL and a returnUrl, a
// sandbox page (GET /marketplace/return) standing for the HubSpot page the user came from; POST /oauth/2026-03/token (form-encoded) exchanges a code or a
// refresh token; POST /oauth/2026-03/token/revoke deletes a refresh token (the app's own client
// credentials required; an unknown token is not an error, as RFC 7009 has it). Errors use HubSpot's standard error body (category VALIDATION_ERROR) with the
// legacy v1 code (BAD_AUTH_CODE, BAD_REFRESH_TOKEN …) as subCategory.
import type { Express } from 'express';
import { z } from 'zod';
import { DEFAULT_SCOPES } from '../auth.ts';
import { errorBody, HubSpotError } from '../errors.ts';
import { publicRoute, queryString } from '../pipeline.ts';
import type { SandboxState } from '../state.ts';
import { parse } from './common.ts';

function oauthError(code: string, message: string): HubSpotError {
  return new HubSpotError(400, errorBody('VALIDATION_ERROR', message, { subCategory: code, links: { 'knowledge-base': 'https://developers.hubspot.com/docs/api/oauth' } }));
}

const RevokeForm = z.object({
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
  token: z.string().optional(),
  token_type_hint: z.string().optional(),
});

const TokenForm = z.object({
  grant_type: z.string().optional(),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
  redirect_uri: z.string().optional(),
  code: z.string().optional(),
  refresh_token: z.string().optional(),
});

/** The portal a browser step acts in: ?portal_id= or the first one. */
function portalOf(ctx: { query: Record<string, unknown> }, state: SandboxState): number {
  const portalText = queryString(ctx.query, 'portal_id');
  const portalId = portalText === undefined ? [...state.stores.keys()][0] : Number(portalText);
  if (portalId === undefined || !state.stores.has(portalId)) throw oauthError('BAD_PORTAL_ID', `unknown portal ${portalText ?? ''}`);
  return portalId;
}

/** `url`: the sandbox's own base URL (known once it listens), which stands for app.hubspot.com. */
export function registerOAuthRoutes(app: Express, state: SandboxState, url: () => string): void {
  const { client } = state.tokens;

  publicRoute(app, state, 'GET', '/oauth/authorize', (ctx) => {
    const clientId = queryString(ctx.query, 'client_id');
    const redirectUri = queryString(ctx.query, 'redirect_uri');
    if (clientId !== client.clientId) throw oauthError('BAD_CLIENT_ID', 'missing or unknown client id');
    if (redirectUri !== client.redirectUri) throw oauthError('BAD_REDIRECT_URI', 'redirect_uri does not match one of the redirect URLs of the app');
    const portalId = portalOf(ctx, state);
    const scope = queryString(ctx.query, 'scope');
    const scopes = scope ? scope.split(/[\s+,]+/).filter(Boolean) : DEFAULT_SCOPES;
    const code = state.tokens.createCode(portalId, state.users.get(portalId) ?? 1, redirectUri, scopes);
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    const st = queryString(ctx.query, 'state');
    if (st !== undefined) target.searchParams.set('state', st);
    return { status: 302, location: target.toString() };
  });

  // The listing's Install button URL must be one of the app's redirect URLs; the code is bound to it
  // like any other, so the token endpoint below wants that same redirect_uri. The app's scopes are
  // those its configuration asks for (here the sandbox's defaults), and no state is sent.
  publicRoute(app, state, 'GET', '/marketplace/install', (ctx) => {
    const portalId = portalOf(ctx, state);
    const code = state.tokens.createCode(portalId, state.users.get(portalId) ?? 1, client.redirectUri, DEFAULT_SCOPES);
    const back = new URL('/marketplace/return', url());
    back.searchParams.set('portal_id', String(portalId));
    const target = new URL(client.redirectUri);
    target.searchParams.set('code', code);
    target.searchParams.set('returnUrl', back.toString());
    return { status: 302, location: target.toString() };
  });

  publicRoute(app, state, 'GET', '/marketplace/return', (ctx) => ({ status: 200, body: { page: 'marketplace-return', portalId: portalOf(ctx, state) } }));

  publicRoute(app, state, 'POST', '/oauth/2026-03/token/revoke', (ctx) => {
    const form = parse(RevokeForm, Object.fromEntries(new URLSearchParams(ctx.rawBody)));
    if (form.client_id !== client.clientId) throw oauthError('BAD_CLIENT_ID', 'missing or unknown client id');
    if (form.client_secret !== client.clientSecret) throw oauthError('BAD_CLIENT_SECRET', 'missing or invalid client secret');
    if (!form.token) throw oauthError('BAD_REFRESH_TOKEN', 'token is required');
    if (form.token_type_hint !== undefined && form.token_type_hint !== 'refresh_token') throw oauthError('UNSUPPORTED_TOKEN_TYPE', 'only refresh tokens can be revoked');
    state.tokens.revoke(form.token);
    return { status: 200, body: {} };
  });

  publicRoute(app, state, 'POST', '/oauth/2026-03/token', (ctx) => {
    const form = parse(TokenForm, Object.fromEntries(new URLSearchParams(ctx.rawBody)));
    if (form.grant_type !== 'authorization_code' && form.grant_type !== 'refresh_token') {
      throw oauthError('BAD_GRANT_TYPE', 'grant_type must be authorization_code or refresh_token');
    }
    if (form.client_id !== client.clientId) throw oauthError('BAD_CLIENT_ID', 'missing or unknown client id');
    if (form.client_secret !== client.clientSecret) throw oauthError('BAD_CLIENT_SECRET', 'missing or invalid client secret');
    if (form.grant_type === 'authorization_code') {
      const grant = form.code ? state.tokens.takeCode(form.code) : undefined;
      if (grant === undefined) throw oauthError('BAD_AUTH_CODE', 'missing or unknown auth code');
      if (grant === 'expired') throw oauthError('EXPIRED_AUTH_CODE', 'auth code is expired');
      if (form.redirect_uri !== grant.redirectUri) throw oauthError('BAD_REDIRECT_URI', 'redirect_uri does not match the redirect_uri the code was issued for');
      return { status: 200, body: state.tokens.issue(grant.portalId, grant.userId, grant.scopes) };
    }
    const grant = form.refresh_token ? state.tokens.takeRefresh(form.refresh_token) : undefined;
    if (!grant) throw oauthError('BAD_REFRESH_TOKEN', 'missing or invalid refresh token');
    const keep = state.tokens.rotate ? undefined : form.refresh_token;
    return { status: 200, body: state.tokens.issue(grant.portalId, grant.userId, grant.scopes, keep) };
  });
}
