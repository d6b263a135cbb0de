// The sidecar for a Salesforce org, end to end with the real jsforce against the sandbox, on a
// sidecar configured for Salesforce only: install through the OAuth web-server flow with PKCE →
// (refused in any other browser than the one that started it) installation with its instance URL, Account fields provisioned, the first sync writes the
// Success_* fields; a second sync writes nothing; a recompute job; an access token expiring
// mid-sync under refresh-token rotation; uninstall revokes the grant; a grant revoked inside
// Salesforce uninstalls.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Connection } from 'jsforce';
import { OAuth2 } from 'jsforce';
import { LocalBrowser } from '../../server/cli/local-install.ts';
import { OUTPUT_FIELDS } from '../../server/crm/salesforce/fields.ts';
import { INSTALL_COOKIE } from '../../server/http/install-browser.ts';
import { connect } from '../helpers/salesforce.ts';
import { SF_CONSUMER_KEY, SF_CONSUMER_SECRET, startSalesforceStack, type SalesforceStack } from '../helpers/salesforce-stack.ts';

const CRM = 'salesforce';
const ACCOUNTS = 24;
const WRITES = 'PATCH /services/data/:version/composite/sobjects';
const TOKEN = 'POST /services/oauth2/token';

let stack: SalesforceStack;
let orgId: string;
let conn: Connection;
/** An install started (and refused in other browsers) by one test, finished by the next. */
let pending: { callback: string; browser: LocalBrowser } | null = null;
/**
 * The sidecar's clock: real time, or held at a moment. Scores depend on when they are computed (a
 * ticket leaves a 30-day window, a day passes since the last touch), so "unchanged data writes
 * nothing" holds only if the second sync scores as of the first one's moment.
 */
let heldAt: number | null = null;

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&#34;/g, '"').replace(/\s+/g, ' ').trim();

interface AccountRow { Id: string; Success_ROB_Score__c: number | null; Success_Computed_At__c: string | null }
async function accountsInOrg(): Promise<AccountRow[]> {
  const result = await conn.query<AccountRow>('SELECT Id, Success_ROB_Score__c, Success_Computed_At__c FROM Account ORDER BY Id');
  return result.records;
}

const results = () => stack.sidecar.store.results.count(CRM, orgId);

beforeAll(async () => {
  stack = await startSalesforceStack({
    now: () => heldAt ?? Date.now(),
    sandbox: {
      rotateRefreshTokens: true,
      orgs: [
        { accounts: ACCOUNTS, seed: 'sidecar-sf', ticketsPerAccount: 2 },
        { accounts: 3, seed: 'sidecar-sf-other' },
      ],
    },
  });
  orgId = stack.sandbox.orgs[0]!.orgId;
  // The test's own session (another grant than the sidecar's), refreshed when the sandbox expires sessions.
  const org = stack.sandbox.orgs[0]!;
  conn = connect(stack.sandbox, org, { refresh: { refreshToken: org.refreshToken, refreshes: 0 } });
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

describe('a sidecar configured for Salesforce only', () => {
  it('serves no HubSpot routes', async () => {
    expect((await fetch(new URL('/oauth/hubspot/install', stack.sidecar.url), { redirect: 'manual' })).status).toBe(404);
    expect((await fetch(new URL('/api/v1/hubspot/123/companies/1/success', stack.sidecar.url))).status).toBe(404);
    expect(() => stack.sidecar.install).toThrow(/HubSpot is not configured/);
    expect(Object.keys(stack.sidecar.services)).toEqual([CRM]);
  });
});

describe('Salesforce install', () => {
  it('sends the admin to the authorize page with PKCE (S256) and a one-time state', async () => {
    const response = await fetch(new URL('/oauth/salesforce/install', stack.sidecar.url), { redirect: 'manual' });
    expect(response.status).toBe(302);
    const authorize = new URL(response.headers.get('location')!);
    expect(authorize.origin + authorize.pathname).toBe(`${stack.sandbox.url}/services/oauth2/authorize`);
    expect(authorize.searchParams.get('client_id')).toBe(SF_CONSUMER_KEY);
    expect(authorize.searchParams.get('response_type')).toBe('code');
    expect(authorize.searchParams.get('redirect_uri')).toBe(new URL('/oauth/salesforce/callback', stack.sidecar.url).toString());
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get('scope')!.split(' ')).toEqual(expect.arrayContaining(['api', 'refresh_token']));
    expect(authorize.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The state stays in the browser that started the install, for the callback only, as long as the state lasts.
    const [pair, ...attributes] = response.headers.getSetCookie()[0]!.split(';').map((a) => a.trim());
    expect(pair).toBe(`${INSTALL_COOKIE.salesforce}=${authorize.searchParams.get('state')}`);
    expect(attributes).toEqual(expect.arrayContaining(['Max-Age=600', 'Path=/oauth/salesforce/callback', 'HttpOnly', 'SameSite=Lax']));
  });

  it('a callback opened in another browser than the one that started the install (no cookie, or its own) → 400, nothing installed, nothing exchanged', async () => {
    stack.sandbox.resetStats();
    pending = await stack.startInstall();
    const bare = await fetch(pending.callback, { redirect: 'manual' });
    expect(bare.status).toBe(400);
    expect(text(await bare.text())).toMatch(/must be finished in the same browser that started it.*Nothing was installed.*Start the installation again/);

    const other = new LocalBrowser();
    await other.open(new URL('/oauth/salesforce/install', stack.sidecar.url).toString());
    const otherState = other.cookiesFor(pending.callback)[INSTALL_COOKIE.salesforce];
    expect(otherState).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const crossed = await other.open(pending.callback);
    expect(crossed.status).toBe(400);
    expect(text(await crossed.text())).toMatch(/must be finished in the same browser that started it/);
    expect(crossed.headers.getSetCookie()).toEqual([]);
    expect(other.cookiesFor(pending.callback)[INSTALL_COOKIE.salesforce]).toBe(otherState);

    expect(stack.sandbox.stats().byRoute[TOKEN]).toBeUndefined();
    expect(await stack.sidecar.store.installations.get(CRM, orgId)).toBeNull();
    expect(await stack.sidecar.store.tokens.load(CRM, orgId)).toBeNull();
  });

  it('install → authorize → callback in the same browser: tokens encrypted, instance URL stored, fields provisioned, installer is admin, first sync writes every Account, the install cookie cleared', async () => {
    stack.sandbox.resetStats();
    // The install refused in other browsers just before finishes in its own: its state was not used up.
    const { callback, browser } = pending ?? (await stack.startInstall());
    const state = new URL(callback).searchParams.get('state')!;
    const done = await browser.open(callback);
    const page = text(await done.text());
    expect(done.status).toBe(200);
    expect(page).toContain(`Salesforce org ${orgId} is connected`);
    expect(page).toContain(`${OUTPUT_FIELDS.length} created`);
    expect(stack.sandbox.stats().byRoute[TOKEN]).toEqual({ '200': 1 });
    expect(done.headers.getSetCookie()).toEqual([expect.stringMatching(new RegExp(`^${INSTALL_COOKIE.salesforce}=;.*Path=/oauth/salesforce/callback;.*Expires=Thu, 01 Jan 1970`))]);
    expect(browser.cookiesFor(callback)).toEqual({});

    // The same callback again, even with the cookie that started it: the state was used once.
    const replay = await fetch(callback, { headers: { cookie: `${INSTALL_COOKIE.salesforce}=${state}` } });
    expect(replay.status).toBe(400);
    expect(text(await replay.text())).toContain('expired or was already used');

    const installation = await stack.sidecar.store.installations.get(CRM, orgId);
    expect(installation).toMatchObject({ status: 'active', portalId: orgId, instanceUrl: stack.sandbox.url, apiUserId: stack.sandbox.orgs[0]!.userId });
    expect(await stack.sidecar.store.admins.isAdmin(CRM, orgId, stack.sandbox.orgs[0]!.userId)).toBe(true);

    const tokens = await stack.sidecar.store.tokens.load(CRM, orgId);
    expect(tokens!.accessToken.startsWith(orgId.slice(0, 15))).toBe(true);
    const [raw] = await stack.db.query<{ access: string; refresh: string }>('select access_token_enc as access, refresh_token_enc as refresh from oauth_tokens where crm = $1 and portal_id = $2', [CRM, orgId]);
    expect(raw!.access).not.toContain(tokens!.accessToken);
    expect(raw!.refresh).not.toContain(tokens!.refreshToken);

    await stack.waitFor('every account scored', async () => (await results()) === ACCOUNTS, 60_000);
    await stack.waitForIdle();
    const rows = await accountsInOrg();
    expect(rows).toHaveLength(ACCOUNTS);
    for (const row of rows) {
      const stored = await stack.sidecar.store.results.getLatest(CRM, orgId, row.Id);
      expect(stored).not.toBeNull();
      expect(row.Success_Computed_At__c).not.toBeNull();
      expect(row.Success_ROB_Score__c).toBe(stored!.result.rob.score === null ? null : Math.round(stored!.result.rob.score * 10) / 10);
    }
    // Collections writes, never more than 200 records each.
    expect(stack.sandbox.stats().collectionSizes.every((n) => n >= 1 && n <= 200)).toBe(true);
    expect(stack.sandbox.stats().byRoute[WRITES]?.['200']).toBeGreaterThan(0);
  }, 120_000);

  it('a second full sync over unchanged data writes nothing', async () => {
    const before = await accountsInOrg();
    const first = await stack.sidecar.store.results.getLatest(CRM, orgId, before[0]!.Id);
    heldAt = Date.parse(first!.result.asOf); // the first sync's moment: only the data could differ
    try {
      stack.sandbox.resetStats();
      await stack.sidecar.jobs.send('sync-portfolio', { crm: CRM, portalId: orgId, mode: 'full' });
      await stack.waitFor('the sync to run', () => (stack.sandbox.stats().byRoute['GET /services/data/:version/query'] !== undefined));
      await stack.waitForIdle();
      expect(stack.sandbox.stats().byRoute[WRITES]).toBeUndefined();
      expect(await accountsInOrg()).toEqual(before);
    } finally {
      heldAt = null;
    }
  }, 60_000);

  it('a recompute job for a Salesforce account reads it again and writes what changed', async () => {
    const { accountIds } = stack.sandbox.simulateActivity({ orgId, accountFraction: 0.25, seed: 'recompute-1' });
    const accountId = accountIds[0]!;
    const before = await stack.sidecar.store.results.getLatest(CRM, orgId, accountId);
    stack.sandbox.resetStats();
    await stack.sidecar.jobs.sendRecompute({ crm: CRM, portalId: orgId, accountId, reason: 'test' });
    await stack.waitFor('the recompute to be stored', async () => (await stack.sidecar.store.results.getLatest(CRM, orgId, accountId))!.computedAt.getTime() > before!.computedAt.getTime());
    await stack.waitForIdle();
    const after = await stack.sidecar.store.results.getLatest(CRM, orgId, accountId);
    expect(after!.result).not.toEqual(before!.result);
    const row = (await accountsInOrg()).find((r) => r.Id === accountId)!;
    expect(row.Success_ROB_Score__c).toBe(after!.result.rob.score === null ? null : Math.round(after!.result.rob.score * 10) / 10);
    // Only that account was written.
    expect(stack.sandbox.stats().collectionSizes).toEqual([1]);
  }, 60_000);

  it('an access token expiring mid-sync is refreshed once under rotation; the rotated token is stored and the sync completes', async () => {
    const held = await stack.sidecar.store.tokens.load(CRM, orgId);
    stack.sandbox.simulateActivity({ orgId, accountFraction: 0.5, seed: 'expiry-1' });
    stack.sandbox.resetStats();
    // Expire the session once the sync has started reading.
    const expireOnce = stack.waitFor('the sync to start', () => stack.sandbox.stats().requests > 2, 30_000).then(() => stack.sandbox.expireAccessTokens(orgId));
    await stack.sidecar.jobs.send('sync-portfolio', { crm: CRM, portalId: orgId, mode: 'full' });
    await expireOnce;
    await stack.waitForIdle();
    expect(stack.sandbox.stats().byRoute[TOKEN]).toEqual({ '200': 1 });
    const rotated = await stack.sidecar.store.tokens.load(CRM, orgId);
    expect(rotated!.refreshToken).not.toBe(held!.refreshToken);
    expect(rotated!.accessToken).not.toBe(held!.accessToken);
    // Every Account holds what the store computed: the sync completed through the refresh.
    for (const row of await accountsInOrg()) {
      const stored = await stack.sidecar.store.results.getLatest(CRM, orgId, row.Id);
      expect(row.Success_ROB_Score__c).toBe(stored!.result.rob.score === null ? null : Math.round(stored!.result.rob.score * 10) / 10);
    }
    expect(await stack.sidecar.store.installations.get(CRM, orgId)).toMatchObject({ status: 'active' });
  }, 90_000);

  it("another user of an installed org (a CSM the app's policies admit) cannot install again: the tokens, integration user and admins stay, the new grant is revoked", async () => {
    const csm = stack.sandbox.orgs[0]!.username.replace(/^[^@]+@/, 'csm1@');
    const before = await stack.sidecar.store.tokens.load(CRM, orgId);
    const revoked = stack.sandbox.stats().byRoute['POST /services/oauth2/revoke']?.['200'] ?? 0;
    const page = await stack.install(csm);
    expect(page.status).toBe(403);
    expect(text(page.text)).toContain('only one of its admins can install it again');
    expect(await stack.sidecar.store.tokens.load(CRM, orgId)).toEqual(before);
    expect(await stack.sidecar.store.installations.get(CRM, orgId)).toMatchObject({ status: 'active', apiUserId: stack.sandbox.orgs[0]!.userId });
    const admins = await stack.sidecar.store.admins.list(CRM, orgId);
    expect(admins.map((a) => a.userId)).toEqual([stack.sandbox.orgs[0]!.userId]);
    expect(stack.sandbox.stats().byRoute['POST /services/oauth2/revoke']?.['200']).toBe(revoked + 1);
    // The installation's own grant still works (only the CSM's new one was revoked).
    await expect(connect(stack.sandbox, stack.sandbox.orgs[0]!, { accessToken: before!.accessToken }).query('SELECT Id FROM Account LIMIT 1')).resolves.toMatchObject({ totalSize: 1 });
  }, 60_000);

  it('uninstall revokes the refresh token at Salesforce and deletes the tokens', async () => {
    const held = await stack.sidecar.store.tokens.load(CRM, orgId);
    const outcome = await stack.sidecar.salesforceInstall!.uninstall(orgId, `salesforce-user:${stack.sandbox.orgs[0]!.userId}`);
    expect(outcome).toMatchObject({ uninstalled: true, revoked: true, purge: 'scheduled' });
    expect(await stack.sidecar.store.tokens.load(CRM, orgId)).toBeNull();
    expect(await stack.sidecar.store.installations.get(CRM, orgId)).toMatchObject({ status: 'uninstalled' });
    const oauth = new OAuth2({ loginUrl: stack.sandbox.url, clientId: SF_CONSUMER_KEY, clientSecret: SF_CONSUMER_SECRET });
    await expect(oauth.refreshToken(held!.refreshToken)).rejects.toMatchObject({ name: 'invalid_grant' });
    // The access token of the grant is gone too.
    await expect(connect(stack.sandbox, stack.sandbox.orgs[0]!, { accessToken: held!.accessToken }).query('SELECT Id FROM Account LIMIT 1')).rejects.toThrow();
    // A second uninstall changes nothing.
    expect(await stack.sidecar.salesforceInstall!.uninstall(orgId, 'again')).toMatchObject({ uninstalled: false, revoked: false });
  }, 60_000);

  it('a grant revoked inside Salesforce shows up at the next refresh and uninstalls the org', async () => {
    const page = await stack.install();
    expect(page.status).toBe(200);
    await stack.waitForIdle();
    const held = await stack.sidecar.store.tokens.load(CRM, orgId);
    // The admin revokes the app's access in Salesforce (Connected Apps OAuth Usage → Revoke).
    const oauth = new OAuth2({ loginUrl: stack.sandbox.url, clientId: SF_CONSUMER_KEY, clientSecret: SF_CONSUMER_SECRET });
    await oauth.revokeToken(held!.refreshToken);
    stack.sandbox.simulateActivity({ orgId, accountFraction: 0.25, seed: 'revoked-1' });
    await stack.sidecar.jobs.send('sync-portfolio', { crm: CRM, portalId: orgId, mode: 'full' });
    await stack.waitFor('the org to be uninstalled', async () => (await stack.sidecar.store.installations.get(CRM, orgId))?.status === 'uninstalled', 60_000);
    expect(await stack.sidecar.store.tokens.load(CRM, orgId)).toBeNull();
    const audit = await stack.sidecar.store.audit.list(CRM, orgId, 20);
    expect(audit.map((a) => a.action)).toContain('uninstalled_in_salesforce');
  }, 90_000);
});

describe('Salesforce install without metadata rights', () => {
  let bare: SalesforceStack;
  beforeAll(async () => {
    bare = await startSalesforceStack({ sandbox: { modifyMetadata: false, orgs: [{ accounts: 2, seed: 'sidecar-sf-bare' }] } });
  }, 60_000);
  afterAll(async () => {
    await bare?.close();
  });

  it('installs, and the result page says which permission the integration user lacks and what to do', async () => {
    const page = await bare.install();
    expect(page.status).toBe(200);
    const said = text(page.text);
    expect(said).toContain(`Salesforce org ${bare.sandbox.orgs[0]!.orgId} is connected`);
    expect(said).toMatch(/Success fields could not be created on Account: .*Modify Metadata/);
    expect(said).toContain('permission set');
    expect(await bare.sidecar.store.installations.get(CRM, bare.sandbox.orgs[0]!.orgId)).toMatchObject({ status: 'active' });
  }, 60_000);
});
