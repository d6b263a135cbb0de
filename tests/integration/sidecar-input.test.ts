// Bad input on every route answers a clear 4xx in the one error envelope and writes nothing; the
// happy paths answer what the contracts promise.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Portfolio, SettingsPreview, SettingsView, StoredPlan, SuccessView } from '../../server/api/contracts.ts';
import { expectError, startStack, type ApiResponse, type Stack } from '../helpers/sidecar.ts';

const P = 72001;
const ACCOUNTS = 8;
const CRM = 'hubspot';

let stack: Stack;
let companies: string[];
let contact: string;
const base = `/api/v1/hubspot/${P}`;

const objective = { statement: 'Halve the time agents spend on billing questions', importance: 7, satisfaction: 5 };

type Issue = { path: string; message: string };
const issuesOf = (r: ApiResponse) => (r.json as { error: { issues?: Issue[] } }).error.issues ?? [];

/** Runs `fn` and checks that nothing of the portal (nor any webhook id) was written meanwhile. */
async function writesNothing(fn: () => Promise<void>): Promise<void> {
  await stack.waitForIdle();
  const before = await stack.tenantFingerprint(P);
  const [events] = await stack.db.query<{ n: number }>('select count(*)::int as n from webhook_events');
  await fn();
  await stack.waitForIdle();
  expect(await stack.tenantFingerprint(P)).toEqual(before);
  expect((await stack.db.query<{ n: number }>('select count(*)::int as n from webhook_events'))[0]!.n).toBe(events!.n);
}

beforeAll(async () => {
  stack = await startStack({ portals: [{ portalId: P, accounts: ACCOUNTS }] });
  companies = stack.sandbox.seeded(P).map((c) => c.companyId);
  const links = await stack.crmGet<{ results: Array<{ toObjectId: number }> }>(P, `/crm/v4/objects/companies/${companies[0]}/associations/contacts`);
  contact = String(links.results[0]!.toObjectId);
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

describe('bad input → 4xx in the error envelope, nothing written', () => {
  it('non-numeric ids in the path', async () => {
    await writesNothing(async () => {
      const cases: Array<[string, string, unknown?]> = [
        ['GET', `${base}/companies/12a/success`],
        ['POST', `${base}/companies/acme/recompute`],
        ['PUT', `${base}/companies/-5/objectives`, { expectedVersion: 0, objectives: [objective] }],
        ['GET', `${base}/contacts/bob/success`],
        ['GET', '/api/v1/hubspot/portal-x/companies'],
        ['GET', '/api/v1/hubspot/62515x/settings'],
        ['PUT', '/api/v1/hubspot/1e3/settings', { expectedVersion: 0, engine: {}, mapping: {} }],
        ['POST', '/api/v1/hubspot/abc/settings/preview', { engine: {}, mapping: {} }],
      ];
      for (const [method, path, body] of cases) {
        const r = await stack.signedFetch(method, path, body);
        expectError(`${method} ${path}`, r, 400, 'invalid_request');
        expect(issuesOf(r).map((i) => i.path).some((p) => p.startsWith('params.'))).toBe(true);
      }
    });
  });

  it('unknown query fields on every card route', async () => {
    await writesNothing(async () => {
      const c = companies[0];
      const cases: Array<[string, string, unknown?]> = [
        ['GET', `${base}/companies/${c}/success?debug=1`],
        ['POST', `${base}/companies/${c}/recompute?force=true`],
        ['PUT', `${base}/companies/${c}/objectives?dryRun=1`, { expectedVersion: 0, objectives: [objective] }],
        ['GET', `${base}/contacts/${contact}/success?expand=all`],
        ['GET', `${base}/companies?sortBy=rob`],
        ['GET', `${base}/settings?raw=1`],
        ['PUT', `${base}/settings?dryRun=1`, { expectedVersion: 0, engine: {}, mapping: {} }],
        ['POST', `${base}/settings/preview?save=1`, { engine: {}, mapping: {} }],
      ];
      for (const [method, path, body] of cases) {
        const r = await stack.signedFetch(method, path, body);
        expectError(`${method} ${path}`, r, 400, 'invalid_request');
        const name = new URL(path, 'http://x').searchParams.keys().next().value;
        expect(issuesOf(r)).toContainEqual({ path: `query.${name}`, message: 'Unknown field' });
      }
    });
  });

  it('unknown body fields, at the top and nested', async () => {
    await writesNothing(async () => {
      const c = companies[0];
      const cases: Array<[string, string, unknown, string]> = [
        ['POST', `${base}/companies/${c}/recompute`, { force: true }, 'body.force'],
        ['PUT', `${base}/companies/${c}/objectives`, { expectedVersion: 0, objectives: [objective], owner: 'me' }, 'body.owner'],
        ['PUT', `${base}/companies/${c}/objectives`, { expectedVersion: 0, objectives: [{ ...objective, weight: 3 }] }, 'body.objectives.0.weight'],
        ['PUT', `${base}/settings`, { expectedVersion: 0, engine: {}, mapping: {}, activate: true }, 'body.activate'],
        ['POST', `${base}/settings/preview`, { engine: {}, mapping: {}, save: true }, 'body.save'],
      ];
      for (const [method, path, body, issue] of cases) {
        const r = await stack.signedFetch(method, path, body);
        expectError(`${method} ${path} ${issue}`, r, 400, 'invalid_request');
        expect(issuesOf(r)).toContainEqual({ path: issue, message: 'Unknown field' });
      }
    });
  });

  it('wrong types and out-of-range values', async () => {
    await writesNothing(async () => {
      const c = companies[0];
      const cases: Array<[string, string, unknown, string]> = [
        ['PUT', `${base}/companies/${c}/objectives`, { expectedVersion: '0', objectives: [objective] }, 'body.expectedVersion'],
        ['PUT', `${base}/companies/${c}/objectives`, { expectedVersion: 0, objectives: objective }, 'body.objectives'],
        ['PUT', `${base}/companies/${c}/objectives`, { expectedVersion: 0, objectives: [{ ...objective, importance: 11 }] }, 'body.objectives.0.importance'],
        ['PUT', `${base}/companies/${c}/objectives`, { expectedVersion: 0, objectives: [{ ...objective, satisfaction: -1 }] }, 'body.objectives.0.satisfaction'],
        ['PUT', `${base}/companies/${c}/objectives`, { expectedVersion: 0, objectives: [{ ...objective, statement: '   ' }] }, 'body.objectives.0.statement'],
        ['PUT', `${base}/companies/${c}/objectives`, { expectedVersion: 0, objectives: [{ ...objective, dueDate: 'next week' }] }, 'body.objectives.0.dueDate'],
        ['PUT', `${base}/companies/${c}/objectives`, { expectedVersion: -1, objectives: [] }, 'body.expectedVersion'],
        ['PUT', `${base}/companies/${c}/objectives`, [objective], '(root)'],
        ['PUT', `${base}/settings`, { expectedVersion: 0, engine: 'defaults', mapping: {} }, 'body.engine'],
        ['PUT', `${base}/settings`, { expectedVersion: 1.5, engine: {}, mapping: {} }, 'body.expectedVersion'],
        ['POST', `${base}/settings/preview`, { engine: {}, mapping: {}, companyIds: ['abc'] }, 'body.companyIds.0'],
        ['POST', `${base}/settings/preview`, { engine: {}, mapping: {}, companyIds: companies.concat(companies).slice(0, 11) }, 'body.companyIds'],
      ];
      for (const [method, path, body, issue] of cases) {
        const r = await stack.signedFetch(method, path, body);
        expectError(`${method} ${path} ${issue}`, r, 400, 'invalid_request');
        expect(issuesOf(r).map((i) => i.path)).toContain(issue === '(root)' ? 'body' : issue);
      }
      for (const query of ['limit=abc', 'limit=0', 'limit=201', 'offset=-1', 'sort=bogus', 'order=up', 'risk=extreme']) {
        const r = await stack.signedFetch('GET', `${base}/companies?${query}`);
        expectError(`GET companies?${query}`, r, 400, 'invalid_request');
        expect(issuesOf(r)[0]!.path).toBe(`query.${query.split('=')[0]}`);
      }
    });
  });

  it('settings the engine or the mapping would refuse: negative weights, a bad property name', async () => {
    await writesNothing(async () => {
      const cases: Array<[string, string, unknown, string]> = [
        ['PUT', `${base}/settings`, { expectedVersion: 0, engine: { componentWeights: { usage: -5 } }, mapping: {} }, 'body.engine.componentWeights.usage'],
        ['PUT', `${base}/settings`, { expectedVersion: 0, engine: { ticketTypeWeights: { outage: -1 } }, mapping: {} }, 'body.engine.ticketTypeWeights.outage'],
        ['PUT', `${base}/settings`, { expectedVersion: 0, engine: { componentWeights: { usage: 0, ticketBurden: 0, sentiment: 0, resolution: 0, supportTimeSaved: 0 } }, mapping: {} }, 'body.engine.componentWeights'],
        ['PUT', `${base}/settings`, { expectedVersion: 0, engine: { noSuchKnob: 1 }, mapping: {} }, 'body.engine.noSuchKnob'],
        ['PUT', `${base}/settings`, { expectedVersion: 0, engine: {}, mapping: { company: { arr: 'Annual Revenue!' } } }, 'body.mapping.company.arr'],
        ['PUT', `${base}/settings`, { expectedVersion: 0, engine: {}, mapping: { deal: { amount: 'amount' } } }, 'body.mapping.deal'],
        ['POST', `${base}/settings/preview`, { engine: { componentWeights: { usage: -5 } }, mapping: {} }, 'body.engine.componentWeights.usage'],
        ['POST', `${base}/settings/preview`, { engine: {}, mapping: { company: { arr: 'Annual Revenue!' } } }, 'body.mapping.company.arr'],
      ];
      for (const [method, path, body, issue] of cases) {
        const r = await stack.signedFetch(method, path, body);
        expectError(`${method} ${path} ${JSON.stringify(body)}`, r, 400, 'invalid_settings');
        expect(issuesOf(r).map((i) => i.path)).toContain(issue);
        expect((r.json as { error: { message: string } }).error.message).toContain(issue);
      }
      expect((await stack.sidecar.store.settings.get(CRM, String(P))).version).toBe(0);
    });
  });

  it('malformed JSON, signed, on every route with a body (and the webhook)', async () => {
    await writesNothing(async () => {
      const broken = '{"expectedVersion": 0, "objectives": [';
      for (const [method, path] of [
        ['PUT', `${base}/companies/${companies[0]}/objectives`],
        ['POST', `${base}/companies/${companies[0]}/recompute`],
        ['PUT', `${base}/settings`],
        ['POST', `${base}/settings/preview`],
        ['POST', '/webhooks/hubspot'],
      ] as const) {
        expectError(`${method} ${path}`, await stack.signedFetch(method, path, broken), 400, 'malformed_json');
      }
    });
  });

  it('a body over 1 MB is a 413', async () => {
    await writesNothing(async () => {
      const huge = { expectedVersion: 0, objectives: [{ ...objective, metric: 'x'.repeat(1_100_000) }] };
      expectError('PUT objectives 1.1 MB', await stack.signedFetch('PUT', `${base}/companies/${companies[0]}/objectives`, huge), 413, 'payload_too_large');
      expectError('PUT settings 1.1 MB', await stack.signedFetch('PUT', `${base}/settings`, { expectedVersion: 0, engine: { pad: 'x'.repeat(1_100_000) }, mapping: {} }), 413, 'payload_too_large');
      expectError('POST webhook 1.1 MB', await stack.signedFetch('POST', '/webhooks/hubspot', [{ eventId: 1, portalId: P, subscriptionType: 'company.propertyChange', objectId: 1, propertyName: 'x'.repeat(1_100_000) }]), 413, 'payload_too_large');
    });
  });

  it('a webhook body that is not a batch of events', async () => {
    await writesNothing(async () => {
      const event = { eventId: 9001, portalId: P, subscriptionType: 'company.propertyChange', objectId: Number(companies[0]), propertyName: 'name', occurredAt: Date.now() };
      for (const [label, body] of [
        ['an object', event],
        ['events without ids', [{ ...event, eventId: undefined }]],
        ['an object id of the wrong type', [{ ...event, objectId: { id: 1 } }]],
        ['more than 1,000 events', Array.from({ length: 1001 }, (_, i) => ({ ...event, eventId: 10_000 + i }))],
      ] as Array<[string, unknown]>) {
        expectError(`webhook: ${label}`, await stack.signedFetch('POST', '/webhooks/hubspot', body), 400, 'invalid_request');
      }
      // JSON that is not an object or an array is refused by the (strict) body parser.
      for (const raw of ['"company.propertyChange"', 'null', '42']) {
        expectError(`webhook: ${raw}`, await stack.signedFetch('POST', '/webhooks/hubspot', raw), 400, 'malformed_json');
      }
    });
  });
});

describe('happy paths', () => {
  it('GET success → 200 ready, matching the SuccessView contract', async () => {
    // Exactly what HubSpot sends: the card's URL plus userId, portalId, userEmail and appId.
    const r = await stack.signedFetch('GET', `${base}/companies/${companies[0]}/success`, undefined, { as: { userId: 42, userEmail: 'a@b.example' } });
    expect(r.status).toBe(200);
    const view = SuccessView.parse(r.json);
    if (view.state !== 'ready') throw new Error(`expected a ready view, got ${view.state}`);
    expect(view.portalId).toBe(String(P));
    expect(view.company.id).toBe(companies[0]);
    expect(view.history.length).toBeGreaterThanOrEqual(1);
    expect(view.plan.version).toBe(0);
  });

  it('GET contact success → the contact with its company view', async () => {
    const r = await stack.signedFetch<{ contact: { id: string }; companyId: string | null; company: unknown }>('GET', `${base}/contacts/${contact}/success`);
    expect(r.status).toBe(200);
    expect(r.json.contact.id).toBe(contact);
    expect(r.json.companyId).toBe(companies[0]);
    expect(SuccessView.parse(r.json.company).state).toBe('ready');
  });

  it('objectives: PUT → version 1; a second PUT on version 0 → 409 with the current plan; PUT on version 1 → 2', async () => {
    const path = `${base}/companies/${companies[1]}/objectives`;
    const as = { as: { userId: 42, userEmail: null } };
    const first = await stack.signedFetch('PUT', path, { expectedVersion: 0, objectives: [objective] }, as);
    expect(first.status).toBe(200);
    const plan = StoredPlan.parse(first.json);
    expect(plan.version).toBe(1);
    expect(plan.updatedBy).toBe('hubspot-user:42');
    expect(plan.objectives).toEqual([expect.objectContaining({ ...objective, status: 'open', id: expect.any(String) })]);

    const stale = await stack.signedFetch<{ error: { code: string }; current: unknown }>('PUT', path, { expectedVersion: 0, objectives: [{ ...objective, statement: 'Something else' }] });
    expectError('stale PUT objectives', stale, 409, 'version_conflict');
    expect(StoredPlan.parse(stale.json.current)).toEqual(plan);

    const next = await stack.signedFetch('PUT', path, { expectedVersion: 1, objectives: [{ ...plan.objectives[0]!, satisfaction: 9 }] });
    expect(next.status).toBe(200);
    const updated = StoredPlan.parse(next.json);
    expect(updated.version).toBe(2);
    expect(updated.objectives[0]!.id).toBe(plan.objectives[0]!.id);
    await stack.waitForIdle();
    const view = SuccessView.parse((await stack.signedFetch('GET', `${base}/companies/${companies[1]}/success`)).json);
    expect(view.state === 'ready' && view.plan.version).toBe(2);
  });

  it('recompute → computed, with one more history point; a retry is fine too', async () => {
    const before = await stack.sidecar.store.results.getHistory(CRM, String(P), companies[2]!, 1000);
    const r = await stack.signedFetch<{ status: string; view: unknown }>('POST', `${base}/companies/${companies[2]}/recompute`);
    expect(r.status).toBe(200);
    expect(r.json.status).toBe('computed');
    expect(SuccessView.parse(r.json.view).state).toBe('ready');
    const again = await stack.signedFetch<{ status: string }>('POST', `${base}/companies/${companies[2]}/recompute`, {});
    expect(again.status).toBe(200);
    const after = await stack.sidecar.store.results.getHistory(CRM, String(P), companies[2]!, 1000);
    expect(after.length).toBe(before.length + 2);
  });

  it('the portfolio, sorted by risk (lowest renewal probability first) and paged', async () => {
    const all = Portfolio.parse((await stack.signedFetch('GET', `${base}/companies?sort=risk&limit=200`)).json);
    expect(all.total).toBe(ACCOUNTS);
    expect(all.items.map((i) => i.companyId).sort()).toEqual([...companies].sort());
    const probabilities = all.items.map((i) => i.renewalProbability).filter((p): p is number => p !== null);
    expect(probabilities).toEqual([...probabilities].sort((a, b) => a - b));
    // nulls (insufficient data) come last
    const firstNull = all.items.findIndex((i) => i.renewalProbability === null);
    if (firstNull >= 0) expect(all.items.slice(firstNull).every((i) => i.renewalProbability === null)).toBe(true);

    const pages: string[] = [];
    for (let offset = 0; offset < ACCOUNTS; offset += 3) {
      const page = Portfolio.parse((await stack.signedFetch('GET', `${base}/companies?limit=3&offset=${offset}`)).json);
      expect(page).toMatchObject({ total: ACCOUNTS, limit: 3, offset });
      expect(page.items.length).toBe(Math.min(3, ACCOUNTS - offset));
      pages.push(...page.items.map((i) => i.companyId));
    }
    expect(pages).toEqual(all.items.map((i) => i.companyId));

    const desc = Portfolio.parse((await stack.signedFetch('GET', `${base}/companies?sort=rob&order=desc&limit=200`)).json);
    const scores = desc.items.map((i) => i.robScore).filter((s): s is number => s !== null);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('settings: PUT then GET round-trip with versions; a stale PUT → 409', async () => {
    const initial = SettingsView.parse((await stack.signedFetch('GET', `${base}/settings`)).json);
    expect(initial).toMatchObject({ version: 0, engine: {}, mapping: {}, updatedBy: null, updatedAt: null });

    const values = { engine: { costPerSupportHour: 80, componentWeights: { sentiment: 5 } }, mapping: { company: { arr: 'annual_revenue' }, renewalDealTypes: ['existingbusiness', 'renewal'] } };
    // Settings are an admin's: the installing user (the helper's default caller).
    const admin = `csm@example.com (hubspot-user:${stack.sandbox.installerUserId(P)})`;
    const saved = await stack.signedFetch('PUT', `${base}/settings`, { expectedVersion: 0, ...values });
    expect(saved.status).toBe(200);
    expect(SettingsView.parse(saved.json)).toMatchObject({ version: 1, ...values, updatedBy: admin, canManage: true });

    const read = SettingsView.parse((await stack.signedFetch('GET', `${base}/settings`)).json);
    expect(read).toMatchObject({ version: 1, ...values, updatedBy: admin });
    expect(read.updatedAt).not.toBeNull();

    const stale = await stack.signedFetch<{ current: unknown }>('PUT', `${base}/settings`, { expectedVersion: 0, engine: {}, mapping: {} });
    expectError('stale PUT settings', stale, 409, 'version_conflict');
    expect(SettingsView.parse(stale.json.current)).toMatchObject({ version: 1, ...values });

    const second = await stack.signedFetch('PUT', `${base}/settings`, { expectedVersion: 1, engine: {}, mapping: {} });
    expect(SettingsView.parse(second.json)).toMatchObject({ version: 2, engine: {}, mapping: {} });
  });

  it('preview → before and after for the accounts asked about, nothing saved', async () => {
    await writesNothing(async () => {
      const ids = companies.slice(0, 3);
      const r = await stack.signedFetch('POST', `${base}/settings/preview`, { engine: { componentWeights: { usage: 100, ticketBurden: 0, sentiment: 0, resolution: 0, supportTimeSaved: 0 } }, mapping: {}, companyIds: ids });
      expect(r.status).toBe(200);
      const preview = SettingsPreview.parse(r.json);
      expect(preview.accounts.map((a) => a.companyId).sort()).toEqual([...ids].sort());
      for (const a of preview.accounts) {
        expect(a.before).toEqual(expect.objectContaining({ robScore: expect.anything() }));
        expect(a.after).toHaveProperty('riskLevel');
      }
      // Weighting usage only moves at least one score.
      expect(preview.accounts.some((a) => a.before.robScore !== a.after.robScore)).toBe(true);

      const defaults = SettingsPreview.parse((await stack.signedFetch('POST', `${base}/settings/preview`, { engine: {}, mapping: {} })).json);
      expect(defaults.accounts.length).toBeGreaterThan(0);
      expect(defaults.accounts.length).toBeLessThanOrEqual(5);
    });
  });
});
