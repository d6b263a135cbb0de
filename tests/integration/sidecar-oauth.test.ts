// The marketplace install against the sandbox's authorize and token endpoints: tokens stored
// encrypted, properties provisioned, first sync queued; a callback opened in another browser than
// the one that started the install refused (login CSRF) without using the state up; state reuse,
// expiry and a denied consent rejected; many concurrent requests at token expiry → exactly one
// refresh, rotated token stored.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LocalBrowser } from '../../server/cli/local-install.ts';
import { PROPERTY_GROUP, PROPERTY_NAMES } from '../../server/domain/property-names.ts';
import { INSTALL_COOKIE } from '../../server/http/install-browser.ts';
import { CLIENT_ID, CLIENT_SECRET, sleep, startStack, type Stack } from '../helpers/sidecar.ts';

const P = 74001;
const OTHER = 74002;
const ACCOUNTS = 20;
const CRM = 'hubspot';
const TOKEN_ROUTE = 'POST /oauth/2026-03/token';

let stack: Stack;
let usedCallback: string;
/** An install of P started (and refused in other browsers) by the first test, finished by the second. */
let pending: { callback: string; browser: LocalBrowser } | null = null;

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/\s+/g, ' ').trim();

/** The sandbox's authorize step for a state of our choosing: the callback URL it redirects to. */
async function authorizeWith(state: string, portalId: number): Promise<string> {
  const url = new URL('/oauth/authorize', stack.sandbox.url);
  url.searchParams.set('client_id', CLIENT_ID);
  url.searchParams.set('redirect_uri', new URL('/oauth/hubspot/callback', stack.sidecar.url).toString());
  url.searchParams.set('scope', 'oauth tickets');
  url.searchParams.set('state', state);
  url.searchParams.set('portal_id', String(portalId));
  const response = await fetch(url, { redirect: 'manual' });
  expect(response.status).toBe(302);
  return response.headers.get('location')!;
}

/** Opens a callback with no cookie, or with the install cookie of a browser that started the install of `startedState`. */
async function open(url: string, startedState?: string): Promise<{ status: number; page: string; setCookie: string[] }> {
  const response = await fetch(url, { redirect: 'manual', ...(startedState ? { headers: { cookie: `${INSTALL_COOKIE.hubspot}=${startedState}` } } : {}) });
  return { status: response.status, page: text(await response.text()), setCookie: response.headers.getSetCookie() };
}

const stateOf = (callback: string) => new URL(callback).searchParams.get('state')!;

beforeAll(async () => {
  stack = await startStack({
    portals: [
      { portalId: P, accounts: ACCOUNTS, ticketsPerAccount: 2, install: false },
      { portalId: OTHER, accounts: 2, install: false },
    ],
    sandbox: { rotateRefreshTokens: true },
    waitForSync: false,
    // The burst below asserts one refresh and every answer ready, not the cold budget (5 s by default).
    coldBudgetMs: 25_000,
  });
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

describe('OAuth install', () => {
  it('a callback opened in another browser than the one that started the install (no cookie, or its own) → 400, nothing installed, the state not used up', async () => {
    stack.sandbox.resetStats();
    pending = await stack.startInstall(P);

    // The link alone, as an attacker would send it (login CSRF): refused before anything is exchanged.
    const bare = await open(pending.callback);
    expect(bare.status).toBe(400);
    expect(bare.page).toMatch(/must be finished in the same browser that started it/);
    expect(bare.page).toMatch(/Nothing was installed/);
    expect(bare.page).toMatch(/Start the installation again/);
    expect(bare.setCookie).toEqual([]);

    // A browser with an install of its own under way: refused too, and its own install is left alone.
    const other = new LocalBrowser();
    expect((await other.open(new URL('/oauth/hubspot/install', stack.sidecar.url).toString())).status).toBe(302);
    const otherState = other.cookiesFor(pending.callback)[INSTALL_COOKIE.hubspot];
    expect(otherState).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const crossed = await other.open(pending.callback);
    expect(crossed.status).toBe(400);
    expect(text(await crossed.text())).toMatch(/must be finished in the same browser that started it/);
    expect(crossed.headers.getSetCookie()).toEqual([]);
    expect(other.cookiesFor(pending.callback)[INSTALL_COOKIE.hubspot]).toBe(otherState);

    // A cookie naming another state is no better than none.
    expect((await open(pending.callback, otherState)).status).toBe(400);

    expect(stack.sandbox.stats().byRoute[TOKEN_ROUTE]).toBeUndefined();
    expect(await stack.sidecar.store.installations.get(CRM, String(P))).toBeNull();
    expect(await stack.sidecar.store.tokens.load(CRM, String(P))).toBeNull();
  });

  it('install → authorize → callback in the same browser: tokens stored encrypted, properties created, first sync runs, the install cookie cleared', async () => {
    stack.sandbox.resetStats();
    const install = await fetch(new URL('/oauth/hubspot/install', stack.sidecar.url), { redirect: 'manual' });
    expect(install.status).toBe(302);
    // The install's state, kept in the browser for the callback only, as long as the state lasts.
    const [cookie, ...more] = install.headers.getSetCookie();
    expect(more).toEqual([]);
    const [pair, ...attributes] = cookie!.split(';').map((a) => a.trim());
    expect(pair).toBe(`${INSTALL_COOKIE.hubspot}=${new URL(install.headers.get('location')!).searchParams.get('state')}`);
    expect(attributes).toEqual(expect.arrayContaining(['Max-Age=600', 'Path=/oauth/hubspot/callback', 'HttpOnly', 'SameSite=Lax']));
    expect(attributes).not.toContain('Secure'); // the sidecar's URL here is http
    const authorize = new URL(install.headers.get('location')!);
    expect(authorize.origin + authorize.pathname).toBe(new URL('/oauth/authorize', stack.sandbox.url).toString());
    expect(authorize.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(authorize.searchParams.get('redirect_uri')).toBe(new URL('/oauth/hubspot/callback', stack.sidecar.url).toString());
    expect(authorize.searchParams.get('scope')!.split(' ')).toEqual(expect.arrayContaining(['oauth', 'crm.objects.companies.write', 'crm.schemas.companies.write', 'tickets']));
    expect(authorize.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // The install the first test started, refused twice in other browsers, finishes in its own.
    const { callback, browser } = pending ?? (await stack.startInstall(P));
    usedCallback = callback;
    expect(browser.cookiesFor(callback)[INSTALL_COOKIE.hubspot]).toBe(stateOf(callback));
    const response = await browser.open(callback);
    const done = { status: response.status, page: text(await response.text()) };
    expect(done.status).toBe(200);
    expect(done.page).toContain(`Portal ${P} is connected`);
    expect(done.page).toContain(`${PROPERTY_NAMES.length} created`);
    expect(response.headers.getSetCookie()).toEqual([expect.stringMatching(new RegExp(`^${INSTALL_COOKIE.hubspot}=;.*Path=/oauth/hubspot/callback;.*Expires=Thu, 01 Jan 1970`))]);
    expect(browser.cookiesFor(callback)).toEqual({});

    const installation = await stack.sidecar.store.installations.get(CRM, String(P));
    expect(installation).toMatchObject({ status: 'active', portalId: String(P) });
    expect(installation!.scopes).toEqual(expect.arrayContaining(['oauth', 'tickets']));
    expect(stack.sandbox.stats().byRoute[TOKEN_ROUTE]).toEqual({ '200': 1 });

    // The tokens decrypt to what HubSpot issued, and the raw columns hold neither of them.
    const tokens = await stack.sidecar.store.tokens.load(CRM, String(P));
    expect(tokens!.accessToken).toMatch(/^CN/);
    expect(tokens!.refreshToken).toMatch(/^na1-/);
    expect(tokens!.expiresAtMs).toBeGreaterThan(Date.now() + 25 * 60_000);
    const rows = await stack.db.query<{ access_token_enc: string; refresh_token_enc: string }>('select access_token_enc, refresh_token_enc from oauth_tokens where crm = $1 and portal_id = $2', [CRM, String(P)]);
    expect(rows).toHaveLength(1);
    const raw = JSON.stringify(rows[0]);
    for (const secret of [tokens!.accessToken, tokens!.refreshToken, tokens!.refreshToken.slice(4), Buffer.from(tokens!.accessToken).toString('base64').slice(0, 40)]) expect(raw).not.toContain(secret);
    expect(rows[0]!.access_token_enc).toMatch(/^v1:itest1:[^:]+:[^:]+:[^:]+$/);
    expect(rows[0]!.refresh_token_enc).toMatch(/^v1:itest1:/);

    // The properties exist in the portal, in our group.
    const properties = await stack.crmGet<{ results: Array<{ name: string; groupName: string }> }>(P, '/crm/v3/properties/companies');
    const ours = properties.results.filter((p) => (PROPERTY_NAMES as readonly string[]).includes(p.name));
    expect(ours.map((p) => p.name).sort()).toEqual([...PROPERTY_NAMES].sort());
    expect(new Set(ours.map((p) => p.groupName))).toEqual(new Set([PROPERTY_GROUP.name]));

    // The first sync was queued: every company gets a result, and the scores reach the CRM.
    await stack.waitForResults(P, ACCOUNTS);
    await stack.waitForIdle();
    const company = stack.sandbox.seeded(P)[0]!.companyId;
    const record = await stack.crmGet<{ properties: Record<string, string | null> }>(P, `/crm/v3/objects/companies/${company}?properties=success_rob_score`);
    const stored = await stack.sidecar.store.results.getLatest(CRM, String(P), company);
    expect(record.properties.success_rob_score).not.toBeNull();
    expect(Number(record.properties.success_rob_score)).toBeCloseTo(stored!.result.rob.score ?? Number.NaN, 1);
  }, 60_000);

  it('a used state is refused, even with a fresh code and the cookie that started it', async () => {
    const state = stateOf(usedCallback);
    const replay = await open(usedCallback, state);
    expect(replay.status).toBe(400);
    expect(replay.page).toMatch(/expired or was already used/);

    const fresh = await open(await authorizeWith(state, OTHER), state);
    expect(fresh.status).toBe(400);
    expect(fresh.page).toMatch(/expired or was already used/);
    expect(await stack.sidecar.store.installations.get(CRM, String(OTHER))).toBeNull();
    expect(await stack.sidecar.store.tokens.load(CRM, String(OTHER))).toBeNull();
  });

  it('an expired state is refused', async () => {
    const state = await stack.sidecar.store.oauthStates.create(CRM, 1);
    await sleep(30);
    const expired = await open(await authorizeWith(state, OTHER), state);
    expect(expired.status).toBe(400);
    expect(expired.page).toMatch(/expired or was already used/);
    expect(await stack.sidecar.store.installations.get(CRM, String(OTHER))).toBeNull();
  });

  it('an unknown state and a callback without code or state are refused', async () => {
    const forged = await open(await authorizeWith('A'.repeat(43), OTHER), 'A'.repeat(43));
    expect(forged.status).toBe(400);
    expect(forged.page).toMatch(/expired or was already used/);
    const incomplete = await open(new URL('/oauth/hubspot/callback?code=abc', stack.sidecar.url).toString());
    expect(incomplete.status).toBe(400);
    expect(incomplete.page).toMatch(/needs the code and state/);
    expect(await stack.sidecar.store.installations.get(CRM, String(OTHER))).toBeNull();
  });

  it('a code HubSpot does not know fails the install and installs nothing', async () => {
    const state = await stack.sidecar.store.oauthStates.create(CRM, 60_000);
    const callback = new URL(await authorizeWith(state, OTHER));
    callback.searchParams.set('code', 'not-a-code-hubspot-issued');
    const failed = await open(callback.toString(), state);
    expect(failed.status).toBeGreaterThanOrEqual(400);
    expect(failed.page).toMatch(/Installation not completed/);
    expect(await stack.sidecar.store.installations.get(CRM, String(OTHER))).toBeNull();
    expect(await stack.sidecar.store.tokens.load(CRM, String(OTHER))).toBeNull();
  });

  it('a denied consent (error=access_denied) → 400 page saying nothing was installed', async () => {
    const state = await stack.sidecar.store.oauthStates.create(CRM, 60_000);
    const denied = await open(new URL(`/oauth/hubspot/callback?error=access_denied&error_description=${encodeURIComponent('The user denied access')}&state=${state}`, stack.sidecar.url).toString());
    expect(denied.status).toBe(400);
    expect(denied.page).toMatch(/Installation cancelled/);
    expect(denied.page).toMatch(/Nothing was installed/);
    expect(await stack.sidecar.store.installations.get(CRM, String(OTHER))).toBeNull();
  });
});

describe('token refresh at expiry', () => {
  const companies = () => stack.sandbox.seeded(P).map((c) => c.companyId);

  /** Recomputes `recompute` and reads `cold` (companies with no stored result: computed on demand), all at once. */
  async function burst(recompute: string[], cold: string[] = []): Promise<number[]> {
    const responses = await Promise.all([
      ...recompute.map((id) => stack.signedFetch<{ status: string }>('POST', `/api/v1/hubspot/${P}/companies/${id}/recompute`)),
      ...cold.map((id) => stack.signedFetch<{ state: string }>('GET', `/api/v1/hubspot/${P}/companies/${id}/success`)),
    ]);
    for (const r of responses) if (r.status !== 200) throw new Error(`card request failed (${r.status}): ${r.text.slice(0, 300)}`);
    for (const r of responses.slice(recompute.length)) expect((r.json as { state: string }).state).toBe('ready');
    return responses.map((r) => r.status);
  }

  it('20 concurrent card requests (recomputes and cold reads) when the access token has expired → all succeed, one refresh, the rotated refresh token stored', async () => {
    await stack.waitForIdle();
    const before = (await stack.sidecar.store.tokens.load(CRM, String(P)))!;
    stack.sandbox.expireAccessTokens(P);
    stack.sandbox.resetStats();

    const ids = companies();
    expect(ids).toHaveLength(20);
    // Half of the companies are made cold (their stored result forgotten): the card computes them on demand.
    const cold = ids.slice(10);
    await stack.db.query('delete from account_results where crm = $1 and portal_id = $2 and account_id = any($3)', [CRM, String(P), cold]);
    expect(await stack.sidecar.store.results.count(CRM, String(P))).toBe(10);
    expect(await burst(ids.slice(0, 10), cold)).toEqual(ids.map(() => 200));
    expect(await stack.sidecar.store.results.count(CRM, String(P))).toBe(20);

    const stats = stack.sandbox.stats();
    expect(stats.byRoute[TOKEN_ROUTE]).toEqual({ '200': 1 });
    // The old token really was refused by the CRM (so the refresh was needed, and shared).
    const rejected = Object.values(stats.byRoute).reduce((n, byStatus) => n + (byStatus['401'] ?? 0), 0);
    expect(rejected).toBeGreaterThanOrEqual(1);

    const after = (await stack.sidecar.store.tokens.load(CRM, String(P)))!;
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).not.toBe(before.refreshToken);

    // With rotation the old refresh token is spent: only the stored one can refresh now.
    const old = await fetch(new URL('/oauth/2026-03/token', stack.sandbox.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, refresh_token: before.refreshToken }),
    });
    expect(old.status).toBe(400);
    await stack.waitForIdle();
  }, 60_000);

  it('the next expiry refreshes with the stored (rotated) refresh token, once again', async () => {
    stack.sandbox.expireAccessTokens(P);
    stack.sandbox.resetStats();
    const ids = companies().slice(0, 10);
    expect(await burst(ids)).toEqual(ids.map(() => 200));
    expect(stack.sandbox.stats().byRoute[TOKEN_ROUTE]).toEqual({ '200': 1 });
    await stack.waitForIdle();
    // Card reads from the store need no token at all.
    const view = await stack.signedFetch<{ state: string }>('GET', `/api/v1/hubspot/${P}/companies/${ids[0]}/success`);
    expect(view.status).toBe(200);
    expect(view.json.state).toBe('ready');
  }, 60_000);
});

describe('uninstall', () => {
  it('marks the installation inactive, deletes its tokens, and closes the card API and webhooks to it', async () => {
    const company = stack.sandbox.seeded(P)[0]!.companyId;
    expect((await stack.signedFetch('GET', `/api/v1/hubspot/${P}/companies/${company}/success`)).status).toBe(200);
    const done = await stack.signedFetch<{ uninstalled: boolean; purge: string }>('DELETE', `/api/v1/hubspot/${P}/installation`);
    expect(done.status).toBe(200);
    expect(done.json).toMatchObject({ uninstalled: true, purge: 'scheduled' });
    expect(stack.sandbox.revocations().map((r) => r.portalId)).toContain(P);
    expect((await stack.sidecar.store.installations.get(CRM, String(P)))?.status).toBe('uninstalled');
    expect(await stack.sidecar.store.tokens.load(CRM, String(P))).toBeNull();
    expect((await stack.sidecar.store.audit.list(CRM, String(P))).map((a) => a.action)).toContain('uninstalled');

    const after = await stack.signedFetch<{ error: { code: string } }>('GET', `/api/v1/hubspot/${P}/companies/${company}/success`);
    expect([after.status, after.json.error.code]).toEqual([403, 'not_installed']);
    const event = [{ eventId: 991, portalId: P, subscriptionType: 'company.propertyChange', objectId: Number(company), propertyName: 'name', occurredAt: Date.now() }];
    const hook = await stack.signedFetch<{ ignored: number }>('POST', '/webhooks/hubspot', event);
    expect([hook.status, hook.json.ignored]).toEqual([200, 1]);
  });
});
