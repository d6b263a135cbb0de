// OAuth against the Salesforce sandbox with jsforce 3.10: the web-server flow with PKCE, token
// responses jsforce can establish a session from (id + instance_url), refresh on 401, refresh-token
// rotation (the rotated token kept from the `refresh` event, since jsforce drops it; a replayed
// token revokes the family), revoke and the identity URL.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Connection, OAuth2 } from 'jsforce';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../sandbox/salesforce/server.ts';
import { connect, SF_AS_OF, SF_VERSION, type TokenHolder } from '../helpers/salesforce.ts';

const START = Date.parse('2026-11-01T08:00:00.000Z');
let clock = START;
let rotating: SalesforceSandbox;
let plain: SalesforceSandbox;

async function failure(promise: PromiseLike<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { name: string; message: string };
  }
  throw new Error('expected the call to fail');
}

function oauth2(sb: SalesforceSandbox): OAuth2 {
  return new OAuth2({ clientId: sb.client.clientId, clientSecret: sb.client.clientSecret, redirectUri: sb.client.redirectUri, loginUrl: sb.url, useVerifier: true });
}

async function authorizeUrl(url: string): Promise<URL> {
  const res = await fetch(url, { redirect: 'manual' });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location') ?? '');
}

function tokenPost(sb: SalesforceSandbox, form: Record<string, string>): Promise<Response> {
  return fetch(`${sb.url}/services/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
}

beforeAll(async () => {
  const orgs = [{ accounts: 2, seed: 'o1' }, { accounts: 1, seed: 'o2' }];
  rotating = await startSalesforceSandbox({ asOf: SF_AS_OF, orgs, now: () => clock });
  plain = await startSalesforceSandbox({ asOf: SF_AS_OF, orgs, now: () => clock, rotateRefreshTokens: false });
});

afterAll(async () => {
  await Promise.all([rotating.close(), plain.close()]);
});

describe('web-server flow with PKCE', () => {
  it('authorizes through jsforce: code + verifier → session on the instance URL with the org and user ids', async () => {
    const o = oauth2(rotating);
    const location = await authorizeUrl(o.getAuthorizationUrl({ scope: 'api refresh_token', state: 'st-1' }));
    expect(`${location.origin}${location.pathname}`).toBe(rotating.client.redirectUri);
    expect(location.searchParams.get('state')).toBe('st-1');
    const conn = new Connection({ oauth2: o, version: SF_VERSION });
    const user = await conn.authorize(location.searchParams.get('code') ?? '');
    expect(user.organizationId).toBe(rotating.orgs[0]!.orgId);
    expect(user.id).toBe(rotating.orgs[0]!.userId);
    expect(conn.instanceUrl).toBe(rotating.url);
    expect(conn.refreshToken).toMatch(/^5Aep861/);
    const identity = await conn.identity();
    expect(identity.organization_id).toBe(rotating.orgs[0]!.orgId);
    expect((await conn.query('SELECT COUNT() FROM Account')).totalSize).toBe(2);
  });

  it('picks the org by login_hint and returns id and instance_url in the token response', async () => {
    const o = oauth2(rotating);
    const location = await authorizeUrl(o.getAuthorizationUrl({ login_hint: rotating.orgs[1]!.username }));
    const res = await tokenPost(rotating, { grant_type: 'authorization_code', code: location.searchParams.get('code') ?? '', client_id: o.clientId ?? '', client_secret: o.clientSecret ?? '', redirect_uri: o.redirectUri ?? '', code_verifier: o.codeVerifier ?? '' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, string>;
    expect(body.id).toBe(`${rotating.url}/id/${rotating.orgs[1]!.orgId}/${rotating.orgs[1]!.userId}`);
    expect(body.instance_url).toBe(rotating.url);
    expect(body.token_type).toBe('Bearer');
    expect(body.access_token?.startsWith(rotating.orgs[1]!.orgId.slice(0, 15))).toBe(true);
    expect(body.signature).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });

  it('refuses a wrong verifier, a reused code, and an authorize request without a challenge', async () => {
    const o = oauth2(rotating);
    const code = (await authorizeUrl(o.getAuthorizationUrl())).searchParams.get('code') ?? '';
    const wrong = await tokenPost(rotating, { grant_type: 'authorization_code', code, client_id: o.clientId ?? '', client_secret: o.clientSecret ?? '', redirect_uri: o.redirectUri ?? '', code_verifier: 'not-the-verifier' });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toEqual({ error: 'invalid_grant', error_description: 'invalid code verifier' });
    const reused = await failure(new Connection({ oauth2: o, version: SF_VERSION }).authorize(code));
    expect(reused.name).toBe('invalid_grant');
    const noPkce = new OAuth2({ clientId: rotating.client.clientId, redirectUri: rotating.client.redirectUri, loginUrl: rotating.url });
    const refused = await authorizeUrl(noPkce.getAuthorizationUrl());
    expect(refused.searchParams.get('error')).toBe('invalid_request');
    expect(refused.searchParams.get('code')).toBeNull();
  });

  it('refuses unknown clients, bad secrets and foreign redirect URIs', async () => {
    const badClient = await fetch(`${rotating.url}/services/oauth2/authorize?response_type=code&client_id=nope&redirect_uri=${encodeURIComponent(rotating.client.redirectUri)}`, { redirect: 'manual' });
    expect(badClient.status).toBe(400);
    const badRedirect = await fetch(`${rotating.url}/services/oauth2/authorize?response_type=code&client_id=${rotating.client.clientId}&redirect_uri=${encodeURIComponent('https://evil.example/cb')}`, { redirect: 'manual' });
    expect(badRedirect.status).toBe(400);
    const secret = await tokenPost(rotating, { grant_type: 'refresh_token', refresh_token: rotating.orgs[0]!.refreshToken, client_id: rotating.client.clientId, client_secret: 'wrong' });
    expect(await secret.json()).toEqual({ error: 'invalid_client', error_description: 'invalid client credentials' });
    const grant = await tokenPost(rotating, { grant_type: 'password', client_id: rotating.client.clientId, client_secret: rotating.client.clientSecret });
    expect(((await grant.json()) as { error: string }).error).toBe('unsupported_grant_type');
  });
});

async function freshGrant(sb: SalesforceSandbox): Promise<string> {
  const o = oauth2(sb);
  const code = (await authorizeUrl(o.getAuthorizationUrl())).searchParams.get('code') ?? '';
  const conn = new Connection({ oauth2: o, version: SF_VERSION });
  await conn.authorize(code);
  return conn.refreshToken ?? '';
}

describe('refresh with rotation', () => {
  it('refreshes on 401 and keeps working across rotations when the rotated token is stored', async () => {
    const holder: TokenHolder = { refreshToken: await freshGrant(rotating), refreshes: 0 };
    const first = holder.refreshToken;
    const conn = connect(rotating, rotating.orgs[0]!, { refresh: holder });
    for (let round = 1; round <= 3; round++) {
      rotating.expireAccessTokens(rotating.orgs[0]!.orgId);
      expect((await conn.query('SELECT COUNT() FROM Account')).totalSize).toBe(2);
      expect(holder.refreshes).toBe(round);
    }
    expect(holder.refreshToken).not.toBe(first);
  });

  it('jsforce alone replays the spent token on the second refresh; the replay revokes the whole family', async () => {
    const refreshToken = await freshGrant(rotating);
    const naive = new Connection({ version: SF_VERSION, loginUrl: rotating.url, instanceUrl: rotating.url, accessToken: rotating.orgs[0]!.accessToken, refreshToken, oauth2: { clientId: rotating.client.clientId, clientSecret: rotating.client.clientSecret, redirectUri: rotating.client.redirectUri, loginUrl: rotating.url } });
    let rotated: string | undefined;
    naive.on('refresh', (_t: string, res: { refresh_token?: string }) => {
      rotated ??= res.refresh_token;
    });
    rotating.expireAccessTokens(rotating.orgs[0]!.orgId);
    await naive.query('SELECT COUNT() FROM Account');
    expect(rotated).toBeDefined();
    expect(naive.refreshToken).toBe(refreshToken);
    const sessionAfterFirst = naive.accessToken ?? '';
    rotating.expireAccessTokens(rotating.orgs[0]!.orgId);
    const e = await failure(naive.query('SELECT COUNT() FROM Account'));
    expect(e.message).toContain('expired access/refresh token');
    const withRotated = await tokenPost(rotating, { grant_type: 'refresh_token', refresh_token: rotated ?? '', client_id: rotating.client.clientId, client_secret: rotating.client.clientSecret });
    expect(withRotated.status).toBe(400);
    clock += 1000;
    const res = await fetch(`${rotating.url}/services/data/v${SF_VERSION}/limits`, { headers: { authorization: `Bearer ${sessionAfterFirst}` } });
    expect(res.status).toBe(401);
  });

  it('without rotation the refresh response carries no refresh token and the same token keeps working', async () => {
    const refreshToken = await freshGrant(plain);
    for (let i = 0; i < 2; i++) {
      const res = await tokenPost(plain, { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: plain.client.clientId, client_secret: plain.client.clientSecret });
      const body = (await res.json()) as Record<string, string>;
      expect(res.status).toBe(200);
      expect(body.refresh_token).toBeUndefined();
      expect(body.id).toContain('/id/');
    }
  });

  it('a session without refresh details fails with INVALID_SESSION_ID once expired', async () => {
    const conn = connect(plain, plain.orgs[1]!);
    plain.expireAccessTokens(plain.orgs[1]!.orgId);
    const e = await failure(conn.query('SELECT Id FROM Account'));
    expect(e.name).toBe('INVALID_SESSION_ID');
  });
});

describe('revoke', () => {
  it('revoking the refresh token ends the grant and its sessions', async () => {
    const o = oauth2(rotating);
    const code = (await authorizeUrl(o.getAuthorizationUrl())).searchParams.get('code') ?? '';
    const conn = new Connection({ oauth2: o, version: SF_VERSION });
    await conn.authorize(code);
    await conn.query('SELECT COUNT() FROM Account');
    await o.revokeToken(conn.refreshToken ?? '');
    const refused = await failure(conn.query('SELECT COUNT() FROM Account'));
    expect(refused.message).toContain('expired access/refresh token');
    const again = await failure(o.revokeToken(conn.refreshToken ?? 'x'));
    expect(again.name).toBe('ERROR_HTTP_400');
  });
});

describe('an org moved to another instance', () => {
  it('token responses and the identity name the new instance, which serves the org; the other org stays; calls are counted by host', async () => {
    const sb = await startSalesforceSandbox({ asOf: SF_AS_OF, orgs: [{ accounts: 2, seed: 'm1' }, { accounts: 1, seed: 'm2' }] });
    try {
      const [moving, staying] = [sb.orgs[0]!, sb.orgs[1]!];
      const refresh = async (token: string) => {
        const res = await tokenPost(sb, { grant_type: 'refresh_token', refresh_token: token, client_id: sb.client.clientId, client_secret: sb.client.clientSecret });
        expect(res.status).toBe(200);
        return (await res.json()) as { id: string; instance_url: string; access_token: string };
      };
      const { instanceUrl } = await sb.moveInstance(moving.orgId);
      expect(instanceUrl).not.toBe(sb.url);
      const moved = await refresh(moving.refreshToken);
      expect(moved.instance_url).toBe(instanceUrl);
      // The login URL (token endpoint, identity) stays where it was.
      expect(moved.id.startsWith(`${sb.url}/id/`)).toBe(true);
      expect((await refresh(staying.refreshToken)).instance_url).toBe(sb.url);
      const identity = (await (await fetch(moved.id, { headers: { authorization: `Bearer ${moved.access_token}` } })).json()) as { urls: { rest: string } };
      expect(identity.urls.rest.startsWith(`${instanceUrl}/services/data/`)).toBe(true);

      sb.resetStats();
      const conn = new Connection({ version: SF_VERSION, instanceUrl: moved.instance_url, accessToken: moved.access_token });
      expect((await conn.query('SELECT Id FROM Account')).totalSize).toBe(2);
      expect(sb.stats().apiByHost).toEqual({ [new URL(instanceUrl).host]: 1 });

      const unknown = await fetch(`${sb.url}/__sandbox/move-instance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ orgId: '00D000000000000AAA' }) });
      expect(unknown.status).toBe(400);
      const overHttp = await fetch(`${sb.url}/__sandbox/move-instance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ orgId: staying.orgId }) });
      expect(((await overHttp.json()) as { instanceUrl: string }).instanceUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await sb.close();
    }
  });
});
