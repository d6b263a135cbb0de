// The trust boundary (issue: "Trust only what the CRM asserts"): admins from HubSpot's user ids,
// webhooks no card can send, our own rate limits in front of the portal's CRM budget, and an
// uninstall that revokes, cancels and purges — including one made inside HubSpot and one racing a
// token refresh. Every request is sent as HubSpot relays a card's fetch (see helpers/sidecar.ts).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SettingsView } from '../../server/api/contracts.ts';
import { expectError, startStack, type Stack } from '../helpers/sidecar.ts';

const ADMINS = 76001;
const GONE = 76002; // uninstalled with purge=now
const REVOKED = 76003; // uninstalled inside HubSpot
const RACE = 76004; // uninstall racing a refresh
const CRM = 'hubspot';

let stack: Stack;
const first = (portal: number) => stack.sandbox.seeded(portal)[0]!.companyId;
const admin = (portal: number) => stack.sandbox.installerUserId(portal);

beforeAll(async () => {
  stack = await startStack({
    portals: [ADMINS, GONE, REVOKED, RACE].map((portalId) => ({ portalId, accounts: 3 })),
    portalLimits: { recompute: { burst: 3, perMinute: 1 } },
  });
}, 90_000);

afterAll(async () => {
  await stack?.close();
});

describe('admins', () => {
  const base = `/api/v1/hubspot/${ADMINS}`;
  const change = (version: number) => ({ expectedVersion: version, engine: { costPerSupportHour: 90 }, mapping: {} });

  it('the installing user (from the OAuth token, not the browser) is the first admin', async () => {
    const view = SettingsView.parse((await stack.signedFetch('GET', `${base}/settings`)).json);
    expect(view.admins.map((a) => a.userId)).toEqual([String(admin(ADMINS))]);
    expect(view.canManage).toBe(true);
    const asOther = SettingsView.parse((await stack.signedFetch('GET', `${base}/settings`, undefined, { as: { userId: 555 } })).json);
    expect(asOther.canManage).toBe(false);
  });

  it('settings changes, recompute-all, admin changes and uninstall are 403 for others, naming who can do them', async () => {
    const before = await stack.tenantFingerprint(ADMINS);
    const as = { as: { userId: 555, userEmail: 'someone@example.com' } };
    for (const [method, path, body] of [
      ['PUT', `${base}/settings`, change(0)],
      ['POST', `${base}/recompute-all`, {}],
      ['POST', `${base}/settings/admins`, { userId: '555' }],
      ['DELETE', `${base}/settings/admins/${admin(ADMINS)}`, undefined],
      ['DELETE', `${base}/installation`, undefined],
    ] as const) {
      const r = await stack.signedFetch<{ error: { message: string } }>(method, path, body, as);
      expectError(`${method} ${path}`, r, 403, 'admin_required');
      expect(r.json.error.message).toContain(`HubSpot user ${admin(ADMINS)}`);
    }
    expect(await stack.tenantFingerprint(ADMINS)).toEqual(before);
    expect((await stack.sidecar.store.installations.get(CRM, String(ADMINS)))?.status).toBe('active');
  });

  it('an admin adds another; the audit log records HubSpot\'s user id and email, the last admin cannot be removed', async () => {
    const added = await stack.signedFetch<{ admins: Array<{ userId: string }> }>('POST', `${base}/settings/admins`, { userId: '555', email: 'new.admin@example.com' });
    expect(added.status).toBe(200);
    expect(added.json.admins.map((a) => a.userId).sort()).toEqual([String(admin(ADMINS)), '555'].sort());
    const saved = await stack.signedFetch('PUT', `${base}/settings`, change(0), { as: { userId: 555, userEmail: 'new.admin@example.com' } });
    expect(saved.status).toBe(200);
    expect(SettingsView.parse(saved.json).updatedBy).toBe('new.admin@example.com (hubspot-user:555)');

    const audit = await stack.sidecar.store.audit.list(CRM, String(ADMINS));
    expect(audit.find((a) => a.action === 'admin_added')).toMatchObject({ actor: `csm@example.com (hubspot-user:${admin(ADMINS)})`, target: 'hubspot-user:555' });
    expect(audit.find((a) => a.action === 'installed')?.actor).toBe(`hubspot-user:${admin(ADMINS)}`);

    expect((await stack.signedFetch('DELETE', `${base}/settings/admins/555`)).status).toBe(200);
    const last = await stack.signedFetch('DELETE', `${base}/settings/admins/${admin(ADMINS)}`);
    expectError('removing the last admin', last, 409, 'last_admin');
  });

  it('recompute-all queues a full sync for an admin, once per window', async () => {
    const r = await stack.signedFetch<{ status: string }>('POST', `${base}/recompute-all`, {});
    expect([r.status, r.json.status]).toEqual([202, 'queued']);
    const again = await stack.signedFetch('POST', `${base}/recompute-all`, {});
    expectError('second recompute-all', again, 429, 'rate_limited');
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);
    await stack.waitForIdle();
  });
});

describe('our own limits protect the portal\'s CRM budget', () => {
  it('recompute beyond the allowance is a 429 with Retry-After, and costs no CRM call', async () => {
    const path = `/api/v1/hubspot/${ADMINS}/companies/${first(ADMINS)}/recompute`;
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await stack.signedFetch('POST', path, {})).status);
    expect(statuses).toEqual([200, 200, 200]);
    stack.sandbox.resetStats();
    const limited = await stack.signedFetch('POST', path, {});
    expectError('fourth recompute', limited, 429, 'rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(stack.sandbox.stats().requests).toBe(0);
    await stack.waitForIdle();
  });

  it('a company the CRM does not have is remembered: asking again costs no CRM call', async () => {
    const path = `/api/v1/hubspot/${ADMINS}/companies/999999999/success`;
    expectError('unknown company', await stack.signedFetch('GET', path), 404, 'not_found');
    stack.sandbox.resetStats();
    expectError('unknown company again', await stack.signedFetch('GET', path), 404, 'not_found');
    expect(stack.sandbox.stats().requests).toBe(0);
  });
});

describe('webhooks no card can send', () => {
  const event = (portalId: number, eventId: number) => ({ eventId, subscriptionId: 1, portalId, appId: 4242001, occurredAt: Date.now(), subscriptionType: 'company.propertyChange', attemptNumber: 0, objectId: Number(first(portalId)), propertyName: 'name', propertyValue: 'x', changeSource: 'CRM_UI' });

  it('a webhook with a query string — what hubspot.fetch always adds — is refused and claims nothing', async () => {
    const rows = async () => (await stack.db.query<{ n: number }>('select count(*)::int as n from webhook_events'))[0]!.n;
    const before = await rows();
    const forged = await stack.signedFetch('POST', `/webhooks/hubspot?userId=${admin(ADMINS)}&portalId=${ADMINS}`, [event(GONE, 880_001)], { as: false });
    expectError('webhook with a query', forged, 403, 'not_a_webhook');
    expect(await rows()).toBe(before);
  });

  it('more events for one portal than HubSpot ever sends in one request is a 400', async () => {
    const many = Array.from({ length: 101 }, (_, i) => event(ADMINS, 881_000 + i));
    expectError('101 events', await stack.signedFetch('POST', '/webhooks/hubspot', many), 400, 'too_many_events');
  });
});

describe('uninstall is complete', () => {
  it('purge=now: the refresh token is revoked at HubSpot and every row of the portal is gone', async () => {
    const done = await stack.signedFetch<{ uninstalled: boolean; purge: string }>('DELETE', `/api/v1/hubspot/${GONE}/installation?purge=now`);
    expect(done.status).toBe(200);
    expect(done.json).toMatchObject({ uninstalled: true, purge: 'done' });
    expect(stack.sandbox.revocations().map((r) => r.portalId)).toContain(GONE);
    const left = await stack.tenantFingerprint(GONE);
    expect(Object.values(left).map((t) => t.rows)).toEqual(Object.values(left).map(() => 0));
    expect(await stack.sidecar.store.tokens.load(CRM, String(GONE))).toBeNull();
    const jobs = await stack.db.query<{ n: number }>(`select count(*)::int as n from pgboss.job where data->>'portalId' = $1 and state < 'active'`, [String(GONE)]);
    expect(jobs[0]!.n).toBe(0);
    // The card API is closed to it.
    expectError('card after uninstall', await stack.signedFetch('GET', `/api/v1/hubspot/${GONE}/companies/${first(GONE)}/success`), 403, 'not_installed');
  });

  it('an uninstall made inside HubSpot is noticed at the next refresh (invalid grant) and handled as one', async () => {
    stack.sandbox.uninstallApp(REVOKED);
    const r = await stack.signedFetch('POST', `/api/v1/hubspot/${REVOKED}/companies/${first(REVOKED)}/recompute`, {});
    expect(r.status).toBeGreaterThanOrEqual(400);
    await stack.waitFor('the installation to be marked uninstalled', async () => (await stack.sidecar.store.installations.get(CRM, String(REVOKED)))?.status === 'uninstalled');
    expect(await stack.sidecar.store.tokens.load(CRM, String(REVOKED))).toBeNull();
    expect((await stack.sidecar.store.audit.list(CRM, String(REVOKED))).map((a) => a.action)).toContain('uninstalled_in_hubspot');
    expectError('card after', await stack.signedFetch('GET', `/api/v1/hubspot/${REVOKED}/settings`), 403, 'not_installed');
  });

  it('a refresh racing the uninstall never writes the tokens back', async () => {
    stack.sandbox.expireAccessTokens(RACE);
    const refreshing = stack.signedFetch('POST', `/api/v1/hubspot/${RACE}/companies/${first(RACE)}/recompute`, {});
    const uninstalling = stack.signedFetch('DELETE', `/api/v1/hubspot/${RACE}/installation`);
    const [, done] = await Promise.all([refreshing, uninstalling]);
    expect(done.status).toBe(200);
    await stack.waitForIdle();
    expect((await stack.sidecar.store.installations.get(CRM, String(RACE)))?.status).toBe('uninstalled');
    expect(await stack.sidecar.store.tokens.load(CRM, String(RACE))).toBeNull();
  });
});
