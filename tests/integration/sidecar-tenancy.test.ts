// Tenancy: portal A's signed requests can never read or change portal B's data, on every card
// route. Two portals installed through OAuth, a third (C) present in the CRM but never installed.
// Requests are sent as HubSpot relays a card's fetch (userId, portalId, userEmail, appId appended);
// HubSpot's portalId is the identity: missing, repeated or different from the path's → refused.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { hubSpotSignatureHeaders } from '../../server/http/signature.ts';
import { CLIENT_SECRET, expectError, startStack, type Stack } from '../helpers/sidecar.ts';

const A = 71001;
const B = 71002;
const C = 71003;
const CRM = 'hubspot';

let stack: Stack;
const companies: Record<number, string[]> = {};
const contacts: Record<number, string> = {};

interface Ids {
  company: string;
  contact: string;
}

interface CardRoute {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: (portal: number, ids: Ids) => string;
  body?: (ids: Ids) => unknown;
  /** Names a record (company or contact) of the portal: another portal's record is a 404. */
  record: boolean;
}

const objectives = { expectedVersion: 0, objectives: [{ statement: 'Cut ticket volume by a third', importance: 8, satisfaction: 4 }] };

const ROUTES: CardRoute[] = [
  { name: 'GET company success', method: 'GET', path: (p, i) => `/api/v1/hubspot/${p}/companies/${i.company}/success`, record: true },
  { name: 'POST recompute', method: 'POST', path: (p, i) => `/api/v1/hubspot/${p}/companies/${i.company}/recompute`, record: true },
  { name: 'PUT objectives', method: 'PUT', path: (p, i) => `/api/v1/hubspot/${p}/companies/${i.company}/objectives`, body: () => objectives, record: true },
  { name: 'GET contact success', method: 'GET', path: (p, i) => `/api/v1/hubspot/${p}/contacts/${i.contact}/success`, record: true },
  { name: 'POST settings preview', method: 'POST', path: (p) => `/api/v1/hubspot/${p}/settings/preview`, body: (i) => ({ engine: { componentWeights: { usage: 50 } }, mapping: {}, companyIds: [i.company] }), record: true },
  { name: 'GET companies', method: 'GET', path: (p) => `/api/v1/hubspot/${p}/companies`, record: false },
  { name: 'GET settings', method: 'GET', path: (p) => `/api/v1/hubspot/${p}/settings`, record: false },
  { name: 'PUT settings', method: 'PUT', path: (p) => `/api/v1/hubspot/${p}/settings`, body: () => ({ expectedVersion: 0, engine: { costPerSupportHour: 99 }, mapping: {} }), record: false },
  { name: 'POST recompute-all', method: 'POST', path: (p) => `/api/v1/hubspot/${p}/recompute-all`, body: () => ({}), record: false },
  { name: 'POST settings/admins', method: 'POST', path: (p) => `/api/v1/hubspot/${p}/settings/admins`, body: () => ({ userId: '555' }), record: false },
  { name: 'DELETE settings/admins/:userId', method: 'DELETE', path: (p) => `/api/v1/hubspot/${p}/settings/admins/555`, record: false },
  { name: 'DELETE installation', method: 'DELETE', path: (p) => `/api/v1/hubspot/${p}/installation`, record: false },
];

const idsOf = (portal: number): Ids => ({ company: companies[portal]![0]!, contact: contacts[portal]! });

const withQuery = (path: string, query: string) => `${path}${path.includes('?') ? '&' : '?'}${query}`;

/** Everything portal B has in the store: results, history, plans, settings, audit. */
async function portalState(portal: number) {
  const { store } = stack.sidecar;
  const id = String(portal);
  const perCompany = await Promise.all(
    companies[portal]!.map(async (company) => {
      const latest = await store.results.getLatest(CRM, id, company);
      const history = await store.results.getHistory(CRM, id, company, 1000);
      const plan = await store.plans.get(CRM, id, company);
      return { company, computedAt: latest?.computedAt.toISOString() ?? null, robScore: latest?.result.rob.score ?? null, history: history.length, planVersion: plan.version, objectives: plan.objectives };
    }),
  );
  const settings = await store.settings.get(CRM, id);
  const rows = await stack.db.query<{ n: number }>('select count(*)::int as n from audit_log where crm = $1 and portal_id = $2', [CRM, id]);
  return { fingerprint: await stack.tenantFingerprint(portal), perCompany, results: await store.results.count(CRM, id), settings: { version: settings.version, engine: settings.engine, mapping: settings.mapping }, audit: rows[0]!.n };
}

async function firstContactOf(portal: number): Promise<string> {
  for (const company of companies[portal]!) {
    const links = await stack.crmGet<{ results: Array<{ toObjectId: number }> }>(portal, `/crm/v4/objects/companies/${company}/associations/contacts`);
    if (links.results[0]) return String(links.results[0].toObjectId);
  }
  throw new Error(`portal ${portal} has no contact`);
}

beforeAll(async () => {
  stack = await startStack({
    portals: [
      { portalId: A, accounts: 5 },
      { portalId: B, accounts: 5 },
      { portalId: C, accounts: 2, install: false },
    ],
  });
  for (const p of [A, B, C]) companies[p] = stack.sandbox.seeded(p).map((c) => c.companyId);
  for (const p of [A, B, C]) contacts[p] = await firstContactOf(p);
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

describe('tenancy on every card route', () => {
  it('the setup: A and B are installed and synced, C is not installed', async () => {
    expect(await stack.sidecar.store.results.count(CRM, String(A))).toBe(5);
    expect(await stack.sidecar.store.results.count(CRM, String(B))).toBe(5);
    expect(await stack.sidecar.store.installations.get(CRM, String(C))).toBeNull();
    // Ids are unique across the sandbox's portals: B's records do not exist in A.
    expect(companies[A]!.some((id) => companies[B]!.includes(id))).toBe(false);
  });

  it("A's signed request for B's company or contact is a 404 and changes nothing of B's (nor writes under A)", async () => {
    const before = await portalState(B);
    const beforeA = await portalState(A);
    for (const route of ROUTES.filter((r) => r.record)) {
      const response = await stack.signedFetch(route.method, route.path(A, idsOf(B)), route.body?.(idsOf(B)));
      expectError(route.name, response, 404, 'not_found');
    }
    await stack.waitForIdle();
    expect(await portalState(B)).toEqual(before);
    expect(await portalState(A)).toEqual(beforeA);
    // Nothing was stored under A for B's records either.
    const { store } = stack.sidecar;
    expect(await store.results.getLatest(CRM, String(A), companies[B]![0]!)).toBeNull();
    expect((await store.plans.get(CRM, String(A), companies[B]![0]!)).version).toBe(0);
    expect(await store.results.count(CRM, String(A))).toBe(5);
  });

  it('a portal without an installation (C) is a 403 on every route, even for its own records', async () => {
    for (const route of ROUTES) {
      const response = await stack.signedFetch(route.method, route.path(C, idsOf(C)), route.body?.(idsOf(C)));
      expectError(route.name, response, 403, 'not_installed');
    }
    const { store } = stack.sidecar;
    expect(await store.results.count(CRM, String(C))).toBe(0);
    expect((await store.settings.get(CRM, String(C))).version).toBe(0);
    expect((await store.plans.get(CRM, String(C), companies[C]![0]!)).version).toBe(0);
  });

  it("HubSpot's portalId B on a path naming A is a 403 on every route (the path is only the card's claim)", async () => {
    const before = await portalState(B);
    const beforeA = await portalState(A);
    for (const route of ROUTES) {
      const response = await stack.signedFetch(route.method, route.path(A, idsOf(A)), route.body?.(idsOf(A)), { as: { portalId: B, userId: stack.sandbox.installerUserId(B) } });
      expectError(route.name, response, 403, 'portal_mismatch');
    }
    // …and the other way round: B's own records named through A's path by B's user.
    for (const route of ROUTES) {
      const response = await stack.signedFetch(route.method, route.path(A, idsOf(B)), route.body?.(idsOf(B)), { as: { portalId: B, userId: stack.sandbox.installerUserId(B) } });
      expectError(route.name, response, 403, 'portal_mismatch');
    }
    await stack.waitForIdle();
    expect(await portalState(B)).toEqual(before);
    expect(await portalState(A)).toEqual(beforeA);
  });

  it('without HubSpot\'s portalId and userId (a signed request HubSpot did not relay for a card) every route is a 401', async () => {
    const before = await portalState(A);
    for (const route of ROUTES) {
      const response = await stack.signedFetch(route.method, route.path(A, idsOf(A)), route.body?.(idsOf(A)), { as: false });
      expectError(`${route.name} (no parameters)`, response, 401, 'missing_caller');
      const onlyUser = await stack.signedFetch(route.method, `${route.path(A, idsOf(A))}?userId=5`, route.body?.(idsOf(A)), { as: false });
      expectError(`${route.name} (no portalId)`, onlyUser, 401, 'missing_caller');
    }
    await stack.waitForIdle();
    expect(await portalState(A)).toEqual(before);
  });

  it('a portalId or userId the card added itself (so HubSpot\'s comes twice) is a 400 on every route', async () => {
    const before = await portalState(A);
    for (const route of ROUTES) {
      for (const extra of [`portalId=${A}`, `portalId=${B}`, 'userId=1']) {
        const response = await stack.signedFetch(route.method, withQuery(route.path(A, idsOf(A)), extra), route.body?.(idsOf(A)));
        expectError(`${route.name} (${extra} added by the card)`, response, 400, 'repeated_parameter');
      }
    }
    await stack.waitForIdle();
    expect(await portalState(A)).toEqual(before);
  });

  it('a request relayed for another HubSpot app (appId) is a 403 on every route', async () => {
    for (const route of ROUTES) {
      const response = await stack.signedFetch(route.method, route.path(A, idsOf(A)), route.body?.(idsOf(A)), { as: { appId: '999' } });
      expectError(route.name, response, 403, 'wrong_app');
      const none = await stack.signedFetch(route.method, route.path(A, idsOf(A)), route.body?.(idsOf(A)), { as: { appId: null } });
      expectError(`${route.name} (no appId)`, none, 403, 'wrong_app');
    }
  });

  it('unsigned, wrongly signed and stale requests are a 401 on every route', async () => {
    const before = await portalState(B);
    for (const route of ROUTES) {
      const path = route.path(B, idsOf(B));
      const body = route.body?.(idsOf(B));
      const unsigned = await stack.signedFetch(route.method, path, body, { unsigned: true });
      const wrongSecret = await stack.signedFetch(route.method, path, body, { secret: 'not-the-app-secret-at-all' });
      const stale = await stack.signedFetch(route.method, path, body, { timestamp: Date.now() - 6 * 60_000 });
      for (const [kind, response] of Object.entries({ unsigned, wrongSecret, stale })) {
        expectError(`${route.name} (${kind})`, response, 401, 'invalid_signature');
      }
    }
    await stack.waitForIdle();
    expect(await portalState(B)).toEqual(before);
  });

  it("a signature made for A's URL does not open B's", async () => {
    const before = await portalState(B);
    const signedFor = new URL(`/api/v1/hubspot/${A}/settings`, stack.sidecar.url).toString();
    const headers = hubSpotSignatureHeaders({ secret: CLIENT_SECRET, method: 'GET', url: signedFor, rawBody: '', timestamp: Date.now() });
    const response = await fetch(new URL(`/api/v1/hubspot/${B}/settings`, stack.sidecar.url), { headers });
    expect(response.status).toBe(401);
    expect(await portalState(B)).toEqual(before);
  });

  it('results, objectives and settings saved through A never appear under B', async () => {
    const before = await portalState(B);
    const [a0, a1] = companies[A]!;

    const saved = await stack.signedFetch<{ version: number }>('PUT', `/api/v1/hubspot/${A}/companies/${a0}/objectives`, objectives, { as: { userId: 7 } });
    expect(saved.status).toBe(200);
    expect(saved.json.version).toBe(1);
    const recomputed = await stack.signedFetch<{ status: string }>('POST', `/api/v1/hubspot/${A}/companies/${a1}/recompute`);
    expect(recomputed.status).toBe(200);
    const current = await stack.signedFetch<{ version: number }>('GET', `/api/v1/hubspot/${A}/settings`);
    const settings = await stack.signedFetch<{ version: number }>('PUT', `/api/v1/hubspot/${A}/settings`, { expectedVersion: current.json.version, engine: { costPerSupportHour: 75 }, mapping: {} });
    expect(settings.status).toBe(200);
    await stack.waitForIdle();

    // A sees its own changes…
    const viewA = await stack.signedFetch<{ state: string; plan: { version: number; objectives: Array<{ statement: string }> } }>('GET', `/api/v1/hubspot/${A}/companies/${a0}/success`);
    expect(viewA.status).toBe(200);
    expect(viewA.json.plan.version).toBe(1);
    expect(viewA.json.plan.objectives.map((o) => o.statement)).toEqual(['Cut ticket volume by a third']);

    // …B sees none of them, through the API or in the store.
    const portfolioB = await stack.signedFetch<{ items: Array<{ companyId: string }>; total: number }>('GET', `/api/v1/hubspot/${B}/companies?limit=200`);
    expect(portfolioB.status).toBe(200);
    expect(portfolioB.json.total).toBe(5);
    expect(portfolioB.json.items.map((i) => i.companyId).sort()).toEqual([...companies[B]!].sort());
    const portfolioA = await stack.signedFetch<{ items: Array<{ companyId: string }> }>('GET', `/api/v1/hubspot/${A}/companies?limit=200`);
    expect(portfolioA.json.items.map((i) => i.companyId).sort()).toEqual([...companies[A]!].sort());

    for (const company of [a0, a1]) {
      const asB = await stack.signedFetch('GET', `/api/v1/hubspot/${B}/companies/${company}/success`);
      expect(asB.status).toBe(404);
      expect(await stack.sidecar.store.results.getLatest(CRM, String(B), company!)).toBeNull();
      expect((await stack.sidecar.store.plans.get(CRM, String(B), company!)).version).toBe(0);
    }
    const settingsB = await stack.signedFetch<{ version: number; engine: Record<string, unknown> }>('GET', `/api/v1/hubspot/${B}/settings`);
    expect(settingsB.json.engine).not.toHaveProperty('costPerSupportHour', 75);
    await stack.waitForIdle();
    expect(await portalState(B)).toEqual(before);
  });
});
