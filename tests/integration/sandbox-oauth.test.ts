// OAuth against the sandbox: authorize (auto-approved) → code → tokens → refresh, with and without
// refresh-token rotation, and HubSpot-like 400s for bad codes, tokens and clients; the marketplace's
// seamless install (code + returnUrl sent to the app's redirect URL) held to the same code rules.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from '@hubspot/api-client';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../sandbox/hubspot/server.ts';

const START = Date.parse('2026-11-01T08:00:00.000Z');
let clock = START;
let plain: HubSpotSandbox;
let rotating: HubSpotSandbox;

interface Tokens { access_token: string; refresh_token: string; expires_in: number; token_type: string; hub_id: number; user_id: number; scopes: string[] }

async function authorize(sb: HubSpotSandbox, extra = ''): Promise<{ code: string; state: string | null }> {
  const { clientId, redirectUri } = sb.client;
  const res = await fetch(`${sb.url}/oauth/authorize?client_id=${clientId}&redirect_uri=${encodeURIComponent(redirectUri)}&scope=oauth%20crm.objects.companies.read&state=xyz${extra}`, { redirect: 'manual' });
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get('location') ?? '');
  expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
  return { code: location.searchParams.get('code') ?? '', state: location.searchParams.get('state') };
}

function token(sb: HubSpotSandbox, form: Record<string, string>): Promise<Response> {
  return fetch(`${sb.url}/oauth/2026-03/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: sb.client.clientId, client_secret: sb.client.clientSecret, ...form }).toString(),
  });
}

beforeAll(async () => {
  const portals = [{ portalId: 62515, accounts: 2, seed: 'o' }, { portalId: 8, accounts: 1, seed: 'p' }];
  plain = await startHubSpotSandbox({ portals, now: () => clock });
  rotating = await startHubSpotSandbox({ portals, now: () => clock, rotateRefreshTokens: true, accessTokenTtlSeconds: 600 });
});

afterAll(async () => {
  await Promise.all([plain.close(), rotating.close()]);
});

describe('oauth', () => {
  it('exchanges an auto-approved code for 30-minute tokens that work with the SDK', async () => {
    const { code, state } = await authorize(plain);
    expect(state).toBe('xyz');
    const res = await token(plain, { grant_type: 'authorization_code', code, redirect_uri: plain.client.redirectUri });
    expect(res.status).toBe(200);
    const tokens = (await res.json()) as Tokens;
    expect(tokens).toMatchObject({ expires_in: 1800, token_type: 'bearer', hub_id: 62515, user_id: expect.any(Number), scopes: ['oauth', 'crm.objects.companies.read'] });
    const hs = new Client({ accessToken: tokens.access_token, basePath: plain.url });
    expect((await hs.crm.companies.basicApi.getPage(10)).results).toHaveLength(2);
    // Codes are single use.
    const again = await token(plain, { grant_type: 'authorization_code', code, redirect_uri: plain.client.redirectUri });
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR', subCategory: 'BAD_AUTH_CODE' });
  });

  it('installs in the portal named by portal_id; codes expire after 10 minutes', async () => {
    const { code } = await authorize(plain, '&portal_id=8');
    const tokens = (await (await token(plain, { grant_type: 'authorization_code', code, redirect_uri: plain.client.redirectUri })).json()) as Tokens;
    expect(tokens.hub_id).toBe(8);
    const late = await authorize(plain);
    clock += 10 * 60_000 + 1;
    const res = await token(plain, { grant_type: 'authorization_code', code: late.code, redirect_uri: plain.client.redirectUri });
    expect(await res.json()).toMatchObject({ subCategory: 'EXPIRED_AUTH_CODE' });
  });

  it('refreshes without rotation: the refresh token stays valid, access tokens expire after the TTL', async () => {
    const { refreshToken } = plain.portals[0]!;
    const first = (await (await token(plain, { grant_type: 'refresh_token', refresh_token: refreshToken })).json()) as Tokens;
    expect(first.refresh_token).toBe(refreshToken);
    const second = await token(plain, { grant_type: 'refresh_token', refresh_token: refreshToken });
    expect(second.status).toBe(200);
    clock += 1800 * 1000;
    const expired = await fetch(`${plain.url}/crm/v3/objects/companies`, { headers: { authorization: `Bearer ${first.access_token}` } });
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ category: 'EXPIRED_AUTHENTICATION' });
  });

  it('rotates refresh tokens when enabled: the old one is then refused', async () => {
    const { refreshToken } = rotating.portals[0]!;
    const res = await token(rotating, { grant_type: 'refresh_token', refresh_token: refreshToken });
    const tokens = (await res.json()) as Tokens;
    expect(tokens.expires_in).toBe(600);
    expect(tokens.refresh_token).not.toBe(refreshToken);
    const reused = await token(rotating, { grant_type: 'refresh_token', refresh_token: refreshToken });
    expect(reused.status).toBe(400);
    expect(await reused.json()).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR', subCategory: 'BAD_REFRESH_TOKEN', correlationId: expect.any(String) });
    expect((await token(rotating, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token })).status).toBe(200);
  });

  it('refuses a wrong client, secret, redirect URI or grant type with 400s', async () => {
    const { code } = await authorize(plain);
    const cases: Array<[Record<string, string>, string]> = [
      [{ grant_type: 'authorization_code', code, redirect_uri: 'http://evil.example/cb' }, 'BAD_REDIRECT_URI'],
      [{ grant_type: 'password' }, 'BAD_GRANT_TYPE'],
      [{ grant_type: 'refresh_token', refresh_token: plain.portals[0]!.refreshToken, client_secret: 'wrong' }, 'BAD_CLIENT_SECRET'],
      [{ grant_type: 'refresh_token', refresh_token: plain.portals[0]!.refreshToken, client_id: 'wrong' }, 'BAD_CLIENT_ID'],
    ];
    for (const [form, sub] of cases) {
      const res = await token(plain, form);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ subCategory: sub });
    }
    const bad = await fetch(`${plain.url}/oauth/authorize?client_id=nope&redirect_uri=x`, { redirect: 'manual' });
    expect(bad.status).toBe(400);
    expect(plain.stats().byRoute['POST /oauth/2026-03/token']?.['400']).toBeGreaterThanOrEqual(6);
  });

  it('the marketplace install sends the app\'s redirect URL a code and a returnUrl (no state); the code is single use and bound to that URL', async () => {
    const { redirectUri } = plain.client;
    const install = async (query = '') => {
      const res = await fetch(`${plain.url}/marketplace/install${query}`, { redirect: 'manual' });
      expect(res.status).toBe(302);
      return new URL(res.headers.get('location') ?? '');
    };
    const sent = await install('?portal_id=8');
    expect(`${sent.origin}${sent.pathname}`).toBe(redirectUri);
    expect([...sent.searchParams.keys()].sort()).toEqual(['code', 'returnUrl']);
    const returnUrl = sent.searchParams.get('returnUrl')!;
    expect(returnUrl).toBe(`${plain.url}/marketplace/return?portal_id=8`);
    const back = await fetch(returnUrl);
    expect([back.status, await back.json()]).toEqual([200, { page: 'marketplace-return', portalId: 8 }]);

    const code = sent.searchParams.get('code')!;
    const tokens = (await (await token(plain, { grant_type: 'authorization_code', code, redirect_uri: redirectUri })).json()) as Tokens;
    expect(tokens).toMatchObject({ hub_id: 8, user_id: plain.installerUserId(8), token_type: 'bearer' });
    const again = await token(plain, { grant_type: 'authorization_code', code, redirect_uri: redirectUri });
    expect([again.status, await again.json()]).toEqual([400, expect.objectContaining({ subCategory: 'BAD_AUTH_CODE' })]);

    // Another redirect URI than the one the code was issued for is refused (and the code is spent).
    const other = (await install()).searchParams.get('code')!;
    for (const [redirect_uri, sub] of [['http://evil.example/oauth/hubspot/callback', 'BAD_REDIRECT_URI'], [redirectUri, 'BAD_AUTH_CODE']] as const) {
      const res = await token(plain, { grant_type: 'authorization_code', code: other, redirect_uri });
      expect([res.status, await res.json()]).toEqual([400, expect.objectContaining({ subCategory: sub })]);
    }
    // Expired after 10 minutes, like any code.
    const late = (await install()).searchParams.get('code')!;
    clock += 10 * 60_000 + 1;
    expect(await (await token(plain, { grant_type: 'authorization_code', code: late, redirect_uri: redirectUri })).json()).toMatchObject({ subCategory: 'EXPIRED_AUTH_CODE' });

    expect((await fetch(`${plain.url}/marketplace/install?portal_id=999`, { redirect: 'manual' })).status).toBe(400);
  });
});
