// HubSpot's seamless marketplace install (without partner sign-in) against the sandbox, through the
// real routes: the sandbox's marketplace sends the browser to our callback with a code and a
// returnUrl and no state; the sidecar installs exactly as the state flow does, then sends the
// browser back to returnUrl. A returnUrl that is not a HubSpot page is never followed; a code HubSpot
// refuses installs nothing and redirects nowhere; a callback with a state keeps the state flow's rules.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { freePort } from '../../server/cli/local-install.ts';
import { PROPERTY_GROUP, PROPERTY_NAMES } from '../../server/domain/property-names.ts';
import { INSTALL_COOKIE } from '../../server/http/install-browser.ts';
import { CLIENT_ID, CLIENT_SECRET, startStack, type Stack } from '../helpers/sidecar.ts';

const P = 75001;
const REUSED = 75002;
const FOREIGN = 75003;
const BOTH = 75004;
const ACCOUNTS = 6;
const CRM = 'hubspot';
const TOKEN_ROUTE = 'POST /oauth/2026-03/token';

let stack: Stack;

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&#34;/g, '"').replace(/\s+/g, ' ').trim();

/** The user clicks Install on the listing in (sandbox) HubSpot and consents: the Install button URL HubSpot sends the browser to. */
async function marketplaceInstall(portalId: number, on: Stack = stack): Promise<URL> {
  const response = await fetch(new URL(`/marketplace/install?portal_id=${portalId}`, on.sandbox.url), { redirect: 'manual' });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location')!);
}

/** Opens a URL as a browser with no cookie would, without following the redirect. */
async function open(url: URL | string): Promise<{ status: number; location: string | null; page: string; setCookie: string[] }> {
  const response = await fetch(url, { redirect: 'manual' });
  return { status: response.status, location: response.headers.get('location'), page: text(await response.text()), setCookie: response.headers.getSetCookie() };
}

async function expectNothingInstalled(portalId: number): Promise<void> {
  expect(await stack.sidecar.store.installations.get(CRM, String(portalId))).toBeNull();
  expect(await stack.sidecar.store.tokens.load(CRM, String(portalId))).toBeNull();
  expect(await stack.sidecar.store.admins.list(CRM, String(portalId))).toEqual([]);
}

beforeAll(async () => {
  stack = await startStack({
    portals: [P, REUSED, FOREIGN, BOTH].map((portalId) => ({ portalId, accounts: portalId === P ? ACCOUNTS : 1, ticketsPerAccount: 1, install: false })),
    waitForSync: false,
  });
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

describe('the seamless marketplace install', () => {
  it('code + returnUrl without state: the code is exchanged for our callback URL, the portal installed like the state flow, then 302 to returnUrl', async () => {
    stack.sandbox.resetStats();
    const callback = await marketplaceInstall(P);
    expect(callback.origin + callback.pathname).toBe(new URL('/oauth/hubspot/callback', stack.sidecar.url).toString());
    expect(callback.searchParams.get('state')).toBeNull();
    const returnUrl = callback.searchParams.get('returnUrl')!;
    expect(new URL(returnUrl).origin).toBe(new URL(stack.sandbox.url).origin);

    const done = await open(callback);
    expect(done.status).toBe(302);
    expect(done.location).toBe(returnUrl);
    expect(done.setCookie).toEqual([]); // no browser session, no install cookie
    expect(stack.sandbox.stats().byRoute[TOKEN_ROUTE]).toEqual({ '200': 1 });

    // Installed, with HubSpot's tokens stored and the installing HubSpot user (from the token answer) as first admin.
    expect(await stack.sidecar.store.installations.get(CRM, String(P))).toMatchObject({ status: 'active', portalId: String(P) });
    const tokens = await stack.sidecar.store.tokens.load(CRM, String(P));
    expect(tokens!.accessToken).toMatch(/^CN/);
    expect(tokens!.refreshToken).toMatch(/^na1-/);
    const installer = String(stack.sandbox.installerUserId(P));
    expect((await stack.sidecar.store.admins.list(CRM, String(P))).map((a) => a.userId)).toEqual([installer]);
    const audit = await stack.sidecar.store.audit.list(CRM, String(P));
    expect(audit.find((a) => a.action === 'installed')).toMatchObject({ actor: `hubspot-user:${installer}`, details: expect.objectContaining({ flow: 'marketplace' }) });

    // Provisioning ran: our properties exist in the portal, in our group.
    const properties = await stack.crmGet<{ results: Array<{ name: string; groupName: string }> }>(P, '/crm/v3/properties/companies');
    const ours = properties.results.filter((p) => (PROPERTY_NAMES as readonly string[]).includes(p.name));
    expect(ours.map((p) => p.name).sort()).toEqual([...PROPERTY_NAMES].sort());
    expect(new Set(ours.map((p) => p.groupName))).toEqual(new Set([PROPERTY_GROUP.name]));

    // The first sync ran; and the page returned to is the (sandbox) HubSpot page the user came from.
    await stack.waitForResults(P, ACCOUNTS);
    await stack.waitForIdle();
    const back = await fetch(returnUrl);
    expect(back.status).toBe(200);
    expect(await back.json()).toEqual({ page: 'marketplace-return', portalId: P });
  }, 60_000);

  it('the same code again → error page, no redirect, the code refused by HubSpot', async () => {
    // A code already exchanged (here straight at the token endpoint, as a replay would find it).
    const callback = await marketplaceInstall(REUSED);
    const code = callback.searchParams.get('code')!;
    const first = await fetch(new URL('/oauth/2026-03/token', stack.sandbox.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, code, redirect_uri: stack.sandbox.client.redirectUri }),
    });
    expect(first.status).toBe(200);
    stack.sandbox.resetStats();

    const replay = await open(callback);
    expect(replay.status).toBe(400);
    expect(replay.location).toBeNull();
    expect(replay.page).toMatch(/Installation not completed/);
    expect(replay.page).toMatch(/did not accept this installation code/);
    expect(replay.page).toMatch(/Nothing was installed/);
    expect(stack.sandbox.stats().byRoute[TOKEN_ROUTE]).toEqual({ '400': 1 });
    await expectNothingInstalled(REUSED);

    // A code HubSpot never issued: the same.
    const forged = new URL(callback);
    forged.searchParams.set('code', 'not-a-code-hubspot-issued');
    const bad = await open(forged);
    expect([bad.status, bad.location]).toEqual([400, null]);
    expect(bad.page).toMatch(/did not accept this installation code/);
    await expectNothingInstalled(REUSED);
  });

  it('HubSpot\'s token endpoint unreachable → the error page (502), no redirect, nothing installed', async () => {
    // A second sidecar whose HubSpot API is a port nothing listens on; the sandbox still plays the marketplace.
    const down = await startStack({
      portals: [{ portalId: REUSED, accounts: 1, ticketsPerAccount: 1, install: false }],
      waitForSync: false,
      env: { HUBSPOT_BASE_URL: `http://127.0.0.1:${await freePort()}` },
    });
    try {
      const failed = await open(await marketplaceInstall(REUSED, down));
      expect([failed.status, failed.location]).toEqual([502, null]);
      expect(failed.page).toMatch(/Installation not completed.*HubSpot could not complete the connection just now/);
      expect(await down.sidecar.store.installations.get(CRM, String(REUSED))).toBeNull();
      expect(await down.sidecar.store.tokens.load(CRM, String(REUSED))).toBeNull();
    } finally {
      await down.close();
    }
  }, 60_000);

  it('a returnUrl that is not a HubSpot page is not followed: the install goes on and ends on our page', async () => {
    const callback = await marketplaceInstall(FOREIGN);
    callback.searchParams.set('returnUrl', 'https://app.hubspot.com.evil.example/welcome');
    const done = await open(callback);
    expect(done.status).toBe(200);
    expect(done.location).toBeNull();
    expect(done.page).toContain(`Portal ${FOREIGN} is connected`);
    expect(done.page).toMatch(/was not a HubSpot page/);
    expect(done.page).not.toContain('evil.example');
    expect((await stack.sidecar.store.installations.get(CRM, String(FOREIGN)))?.status).toBe('active');

    // Another loopback origin than the configured sandbox's is no HubSpot page either.
    const again = await marketplaceInstall(FOREIGN);
    again.searchParams.set('returnUrl', 'http://127.0.0.1:9/marketplace/return');
    const other = await open(again);
    expect([other.status, other.location]).toEqual([200, null]);
    await stack.waitForIdle();
  }, 60_000);

  it('a callback with a state keeps the state flow rules, returnUrl or not: the browser binding applies and returnUrl is never followed', async () => {
    const returnUrl = new URL('/marketplace/return', stack.sandbox.url).toString();
    // A marketplace code with a state no browser started: refused before any exchange.
    const callback = await marketplaceInstall(BOTH);
    callback.searchParams.set('state', 'A'.repeat(43));
    stack.sandbox.resetStats();
    const refused = await open(callback);
    expect([refused.status, refused.location]).toEqual([400, null]);
    expect(refused.page).toMatch(/must be finished in the same browser that started it/);
    expect(stack.sandbox.stats().byRoute[TOKEN_ROUTE]).toBeUndefined();
    await expectNothingInstalled(BOTH);

    // The state flow in the browser that started it, with a returnUrl added: installed, our page, no redirect.
    const { callback: stated, browser } = await stack.startInstall(BOTH);
    const withReturn = new URL(stated);
    withReturn.searchParams.set('returnUrl', returnUrl);
    expect(browser.cookiesFor(withReturn.toString())[INSTALL_COOKIE.hubspot]).toBe(withReturn.searchParams.get('state'));
    const response = await browser.open(withReturn.toString());
    expect(response.status).toBe(200);
    expect(response.headers.get('location')).toBeNull();
    expect(text(await response.text())).toContain(`Portal ${BOTH} is connected`);
    const audit = await stack.sidecar.store.audit.list(CRM, String(BOTH));
    expect(audit.find((a) => a.action === 'installed')?.details).toMatchObject({ flow: 'state' });
    await stack.waitForIdle();
  }, 60_000);
});
