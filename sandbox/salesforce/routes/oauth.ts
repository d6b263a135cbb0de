// OAuth 2.0 for the one External Client App, on the login URL: the web-server flow with PKCE
// (S256, required), the refresh_token grant (with rotation when on), revoke, and the identity URL.
// Token errors use Salesforce's {error, error_description} bodies.
import type { Express } from 'express';
import { z } from 'zod';
import { DEFAULT_SCOPES, pkceChallenge, type IssuedTokens } from '../auth.ts';
import { oauthError, SalesforceError } from '../errors.ts';
import { bearer, publicRoute, queryString, type Reply } from '../pipeline.ts';
import { instanceUrlOf, type SandboxState } from '../state.ts';

const TokenForm = z.object({
  grant_type: z.string().optional(),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
  redirect_uri: z.string().optional(),
  code: z.string().optional(),
  code_verifier: z.string().optional(),
  refresh_token: z.string().optional(),
});

function form(raw: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(raw));
}

export function identityUrl(state: SandboxState, orgId: string, userId: string): string {
  return `${state.baseUrl}/id/${orgId}/${userId}`;
}

function tokenResponse(state: SandboxState, t: IssuedTokens): Record<string, string> {
  const id = identityUrl(state, t.orgId, t.userId);
  return {
    access_token: t.accessToken,
    ...(t.refreshToken ? { refresh_token: t.refreshToken } : {}),
    signature: state.tokens.signature(id, t.issuedAt),
    scope: t.scopes.join(' '),
    // Salesforce names the org's current instance in every token response (it changes when the org moves).
    instance_url: instanceUrlOf(state, t.orgId),
    id,
    token_type: 'Bearer',
    issued_at: String(t.issuedAt),
  };
}

export function registerOAuthRoutes(app: Express, state: SandboxState): void {
  const { client } = state.tokens;

  publicRoute(app, state, 'GET', '/services/oauth2/authorize', (ctx): Reply => {
    const q = (name: string): string | undefined => queryString(ctx.query, name);
    const redirectUri = q('redirect_uri');
    if (q('client_id') !== client.clientId) return page(400, 'invalid_client_id', 'client identifier invalid');
    if (redirectUri !== client.redirectUri) return page(400, 'redirect_uri_mismatch', 'redirect_uri must match configuration');
    const target = new URL(redirectUri);
    const st = q('state');
    if (st !== undefined) target.searchParams.set('state', st);
    const fail = (error: string, description: string): Reply => {
      target.searchParams.set('error', error);
      target.searchParams.set('error_description', description);
      return { status: 302, location: target.toString() };
    };
    if (q('response_type') !== 'code') return fail('unsupported_response_type', 'response type not supported');
    const challenge = q('code_challenge');
    if (!challenge) return fail('invalid_request', 'missing required code challenge');
    if ((q('code_challenge_method') ?? 'S256') !== 'S256') return fail('invalid_request', 'invalid code challenge method');
    // Who signs in: the first org's integration user, or the active user `login_hint` names in any
    // org (Salesforce lets every user the app's policies admit authorize it, not only admins).
    const orgs = [...state.orgs.values()];
    const hint = q('login_hint');
    const signIn = hint ? orgs.map((o) => ({ org: o, user: [...o.table('User').values()].find((u) => u.Username === hint && u.IsActive === true) })).find((c) => c.user !== undefined) : { org: orgs[0], user: undefined };
    const org = signIn?.org;
    if (!org) return fail('access_denied', 'end-user denied authorization');
    const scopes = (q('scope') ?? DEFAULT_SCOPES.join(' ')).split(/[\s+]+/).filter(Boolean);
    const code = state.tokens.createCode({ orgId: org.orgId, userId: signIn.user?.Id ?? org.apiUserId, redirectUri, scopes, challenge });
    target.searchParams.set('code', code);
    return { status: 302, location: target.toString() };
  });

  publicRoute(app, state, 'POST', '/services/oauth2/token', (ctx) => {
    const parsed = TokenForm.safeParse(form(ctx.rawBody));
    if (!parsed.success) throw oauthError('invalid_request', 'bad request');
    const f = parsed.data;
    if (f.grant_type !== 'authorization_code' && f.grant_type !== 'refresh_token') throw oauthError('unsupported_grant_type', 'grant type not supported');
    if (f.client_id !== client.clientId) throw oauthError('invalid_client_id', 'client identifier invalid');
    if (f.client_secret !== client.clientSecret) throw oauthError('invalid_client', 'invalid client credentials');
    if (f.grant_type === 'authorization_code') {
      const grant = f.code ? state.tokens.takeCode(f.code) : undefined;
      if (grant === undefined || grant === 'expired') throw oauthError('invalid_grant', 'invalid authorization code');
      if (f.redirect_uri !== grant.redirectUri) throw oauthError('redirect_uri_mismatch', 'redirect_uri must match configuration');
      if (grant.challenge && (!f.code_verifier || pkceChallenge(f.code_verifier) !== grant.challenge)) throw oauthError('invalid_grant', 'invalid code verifier');
      return { status: 200, body: tokenResponse(state, state.tokens.issue(grant.orgId, grant.userId, grant.scopes)) };
    }
    const outcome = f.refresh_token ? state.tokens.useRefresh(f.refresh_token) : undefined;
    if (!outcome?.ok) throw oauthError('invalid_grant', 'expired access/refresh token');
    return { status: 200, body: tokenResponse(state, outcome.tokens) };
  });

  const revoke = (token: string | undefined): Reply => {
    if (!token || !state.tokens.revoke(token)) throw oauthError('unsupported_token_type', 'this token type is not supported');
    return { status: 200 };
  };
  publicRoute(app, state, 'POST', '/services/oauth2/revoke', (ctx) => revoke(form(ctx.rawBody).token));
  publicRoute(app, state, 'GET', '/services/oauth2/revoke', (ctx) => revoke(queryString(ctx.query, 'token')));

  publicRoute(app, state, 'GET', '/id/:orgId/:userId', (ctx) => {
    const session = state.tokens.authenticate(bearer(ctx.header('authorization')) ?? queryString(ctx.query, 'oauth_token'));
    if (!session) throw new SalesforceError(403, 'Bad_OAuth_Token');
    if (session.orgId !== ctx.params.orgId || session.userId !== ctx.params.userId) throw new SalesforceError(403, 'Bad_Id');
    const org = state.orgs.get(session.orgId);
    const user = org?.get(session.userId);
    const username = typeof user?.Username === 'string' ? user.Username : '';
    const instance = instanceUrlOf(state, session.orgId);
    const base = `${instance}/services/data/v{version}`;
    return {
      status: 200,
      body: {
        id: identityUrl(state, session.orgId, session.userId),
        asserted_user: true,
        user_id: session.userId,
        organization_id: session.orgId,
        username,
        nick_name: username.split('@')[0],
        display_name: user?.Name,
        email: user?.Email,
        active: true,
        user_type: 'STANDARD',
        language: 'en_US',
        locale: 'en_US',
        utcOffset: 0,
        urls: { rest: `${base}/`, sobjects: `${base}/sobjects/`, query: `${base}/query/`, metadata: `${instance}/services/Soap/m/{version}/${session.orgId.slice(0, 15)}` },
      },
    };
  });
}

function page(status: number, error: string, description: string): Reply {
  return { status, text: { contentType: 'text/html;charset=UTF-8', body: `<html><body><h1>Error</h1><p>error=${error}&amp;error_description=${description.replace(/ /g, '+')}</p></body></html>` } };
}
