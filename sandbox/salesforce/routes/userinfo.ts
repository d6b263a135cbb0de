// The OpenID Connect UserInfo endpoint, on the login URL and every instance as Salesforce serves it:
// GET or POST /services/oauth2/userinfo with the access token in `Authorization: Bearer` (or the
// `oauth_token` parameter). 200 answers the session's user claims (`sub` = the identity URL,
// `user_id`, `organization_id`, names, email, `urls`, `active`, `user_type`…). Like the identity
// URL, and unlike the REST API's 401, it refuses with 403 and a bare error code: no token →
// `Missing_OAuth_Token`, an invalid, expired or revoked token → `Bad_OAuth_Token`. A deactivated
// user's sessions end with the deactivation, so their token is `Bad_OAuth_Token` too. Not counted
// against the org's API allowance. https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_using_userinfo_endpoint.htm
import type { Express } from 'express';
import { bearer, publicRoute, queryString, type Reply, type RequestContext } from '../pipeline.ts';
import { instanceUrlOf, type SandboxState } from '../state.ts';
import { identityUrl } from './oauth.ts';

const refused = (code: 'Missing_OAuth_Token' | 'Bad_OAuth_Token'): Reply => ({ status: 403, text: { contentType: 'text/plain;charset=UTF-8', body: code } });

function tokenOf(ctx: RequestContext): string | undefined {
  return bearer(ctx.header('authorization')) ?? queryString(ctx.query, 'oauth_token') ?? (new URLSearchParams(ctx.rawBody).get('oauth_token') || undefined);
}

export function registerUserInfoRoutes(app: Express, state: SandboxState): void {
  const answer = (ctx: RequestContext): Reply => {
    const token = tokenOf(ctx);
    if (!token) return refused('Missing_OAuth_Token');
    const session = state.tokens.authenticate(token);
    const org = session ? state.orgs.get(session.orgId) : undefined;
    const user = session ? org?.get(session.userId) : undefined;
    if (!session || !org || !user || user.IsActive !== true) return refused('Bad_OAuth_Token');
    const username = typeof user.Username === 'string' ? user.Username : '';
    const name = typeof user.Name === 'string' ? user.Name : username;
    const [given, ...family] = name.split(' ');
    const instance = instanceUrlOf(state, session.orgId);
    const base = `${instance}/services/data/v{version}`;
    return {
      status: 200,
      body: {
        sub: identityUrl(state, session.orgId, session.userId),
        user_id: session.userId,
        organization_id: session.orgId,
        preferred_username: username,
        nickname: username.split('@')[0],
        name,
        email: user.Email ?? null,
        email_verified: true,
        given_name: given ?? '',
        family_name: family.join(' '),
        zoneinfo: 'GMT',
        profile: `${instance}/${session.userId}`,
        is_salesforce_integration_user: false,
        urls: { rest: `${base}/`, sobjects: `${base}/sobjects/`, query: `${base}/query/`, metadata: `${instance}/services/Soap/m/{version}/${session.orgId.slice(0, 15)}` },
        active: true,
        user_type: 'STANDARD',
        language: 'en_US',
        locale: 'en_US',
        utcOffset: 0,
        updated_at: typeof user.LastModifiedDate === 'string' ? user.LastModifiedDate : null,
        is_app_installed: true,
      },
    };
  };
  publicRoute(app, state, 'GET', '/services/oauth2/userinfo', answer);
  publicRoute(app, state, 'POST', '/services/oauth2/userinfo', answer);
}
