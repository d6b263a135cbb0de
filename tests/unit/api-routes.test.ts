// The route table and the contracts said once: the server registers each route from the table with
// its zod schemas, and the cards' client reads the same table and checks answers with JSON Schema
// generated from those schemas. These tests fail when the generated copy is stale, when a path and
// its params schema disagree, or when the client's check accepts what the contract refuses.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { CLIENT_SCHEMAS_FILE, clientSchemasSource } from '../../server/api/client-schemas.ts';
import type { Router } from 'express';
import { CONSOLE_ROUTE_CONTRACTS } from '../../server/api/console-contracts.ts';
import { ROUTE_CONTRACTS } from '../../server/api/routes.ts';
import { consoleDataRoutes } from '../../server/http/routes/console-data.ts';
import { consoleSalesforceRoutes } from '../../server/http/routes/console-salesforce.ts';
import type { PortfolioOverview, PortfolioProgress } from '../../server/store/portfolio-overview.ts';
import { CONFLICT_SCHEMAS, CONSOLE_RESPONSE_SCHEMAS, RESPONSE_SCHEMAS } from '../../app/src/app/cards/lib/client/contract-schemas.ts';
import { matchesSchema } from '../../app/src/app/cards/lib/client/json-schema.ts';
import { CONSOLE_ROUTES, fillPath, pathParamNames, pathPattern, ROUTES, SALESFORCE_ROUTES, type ConsoleDataRouteName, type ConsoleRouteName, type RouteName } from '../../cards/model/client.ts';
import { salesforceCardUrl } from '../../cards/web/console-api.ts';
import { raw } from '../fixtures/api/fixtures.ts';

const names = Object.keys(ROUTES) as RouteName[];

describe('route table', () => {
  it('has a contract for every route, and each path names exactly the parameters its schema parses', () => {
    expect(Object.keys(ROUTE_CONTRACTS).sort()).toEqual([...names].sort());
    for (const name of names) {
      expect({ name, params: pathParamNames(ROUTES[name].path).sort() }).toEqual({ name, params: Object.keys(ROUTE_CONTRACTS[name].params.shape).sort() });
    }
  });

  it('has one route per method and path, console routes and Salesforce card routes included', () => {
    const keys = [...Object.values(ROUTES), ...Object.values(SALESFORCE_ROUTES), ...Object.values(CONSOLE_ROUTES)].map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('fills a path (encoding each value) and matches the paths it describes', () => {
    expect(fillPath(ROUTES.companySuccess.path, { portalId: '62515', companyId: '42' })).toBe('/api/v1/hubspot/62515/companies/42/success');
    expect(fillPath('/a/:x', { x: 'a/b?c' })).toBe('/a/a%2Fb%3Fc');
    expect(() => fillPath(ROUTES.companySuccess.path, { portalId: '1' })).toThrow(/:companyId/);
    const pattern = pathPattern(ROUTES.removeAdmin.path);
    expect(pattern.exec('/api/v1/hubspot/7/settings/admins/9')?.slice(1)).toEqual(['7', '9']);
    expect(pattern.test('/api/v1/hubspot/7/settings/admins/x')).toBe(false);
    expect(pattern.test('/api/v1/hubspot/7/settings/admins/9/more')).toBe(false);
  });
});

const consoleNames = Object.keys(CONSOLE_ROUTES) as ConsoleRouteName[];

/** The method and path of every route an express router has (its `use` middleware aside). */
function registered(router: Router): string[] {
  const stack = (router as unknown as { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> }).stack;
  return stack.flatMap((layer) => (layer.route ? Object.keys(layer.route.methods).map((m) => `${m.toUpperCase()} ${layer.route!.path}`) : []));
}

describe("the console's routes in the table", () => {
  it('each has a contract whose params are the path\'s', () => {
    expect(Object.keys(CONSOLE_ROUTE_CONTRACTS).sort()).toEqual([...consoleNames].sort());
    for (const name of consoleNames) {
      expect({ name, params: pathParamNames(CONSOLE_ROUTES[name].path).sort() }).toEqual({ name, params: Object.keys(CONSOLE_ROUTE_CONTRACTS[name].params.shape).sort() });
    }
  });

  it("are exactly the routes the console's server side registers", () => {
    const data = consoleDataRoutes({ portalId: '1', backend: () => null, fromOwnPage: () => true });
    const salesforce = consoleSalesforceRoutes({ orgId: '00D000000000001AAA', consumerSecret: 'x', localUrl: () => 'http://127.0.0.1:1', user: { userName: 'u', email: null, fullName: 'U' }, session: () => null, accounts: () => null });
    const served = [...registered(data), ...registered(salesforce)].sort();
    expect(served).toEqual(consoleNames.map((n) => `${CONSOLE_ROUTES[n].method} ${CONSOLE_ROUTES[n].path}`).sort());
  });

  it('builds the card page URL from the table', () => {
    expect(salesforceCardUrl('001A/b')).toBe('/console/salesforce/card/001A%2Fb');
  });

  it("checks each JSON answer against its contract: what the server sends passes, a broken one does not", () => {
    const none = { accounts: 0, arr: 0 };
    const overview: PortfolioOverview = { accounts: 2, arr: 1200, accountsWithArr: 1, currency: 'USD', byRisk: { high: { accounts: 1, arr: 1200 }, medium: none, low: none, unknown: { accounts: 1, arr: 0 } }, next90Days: none, renewals: [{ month: '2026-12', byRisk: { high: { accounts: 1, arr: 1200 }, medium: none, low: none, unknown: none } }], robBuckets: [{ from: 0, to: 10, accounts: 1 }], unscored: 1 };
    const progress: PortfolioProgress = { syncing: false, mode: null, read: 0, scored: 2, lastComputedAt: '2026-12-06T10:00:00.000Z', written: 2, pendingWrites: 0, failedWrites: 0, lastSyncStartedAt: null };
    const answers: Record<ConsoleDataRouteName, [unknown, unknown]> = {
      overview: [overview, { ...overview, byRisk: { high: none } }],
      progress: [progress, { ...progress, syncing: 'no' }],
      recomputeAll: [{ queued: true }, { queued: false }],
      salesforceOrg: [{ orgId: '00D000000000001AAA' }, {}],
      salesforceAccounts: [
        { orgId: 'o', total: 1, items: [{ accountId: '001', name: 'Acme', robScore: 41.5, riskLevel: 'high', renewalProbability: 0.4, renewalDate: null, arr: null }] },
        { orgId: 'o', total: 1, items: [{ accountId: '001', name: 'Acme' }] },
      ],
    };
    for (const [name, [good, broken]] of Object.entries(answers) as Array<[ConsoleDataRouteName, [unknown, unknown]]>) {
      expect({ name, good: matchesSchema(CONSOLE_RESPONSE_SCHEMAS[name], good), broken: matchesSchema(CONSOLE_RESPONSE_SCHEMAS[name], broken) }).toEqual({ name, good: true, broken: false });
      // The server's own check agrees with the client's.
      expect({ name, good: CONSOLE_ROUTE_CONTRACTS[name].response.safeParse(good).success, broken: CONSOLE_ROUTE_CONTRACTS[name].response.safeParse(broken).success }).toEqual({ name, good: true, broken: false });
    }
    expect(Object.keys(answers).sort()).toEqual(Object.keys(CONSOLE_RESPONSE_SCHEMAS).sort());
  });
});

describe("the client's copy of the contracts", () => {
  it('is what `npm run contracts:generate` writes from the zod schemas today', () => {
    expect(readFileSync(CLIENT_SCHEMAS_FILE, 'utf8')).toBe(clientSchemasSource());
  });

  const recorded: Array<[RouteName, string]> = [
    ['companySuccess', 'company-at-risk'],
    ['companySuccess', 'company-good'],
    ['companySuccess', 'company-insufficient'],
    ['companySuccess', 'company-computing'],
    ['recompute', 'recompute-at-risk'],
    ['recompute', 'recompute-queued'],
    ['contactSuccess', 'contact-champion'],
    ['contactSuccess', 'contact-no-company'],
    ['settings', 'settings'],
    ['previewSettings', 'settings-preview'],
    ['renewalModel', 'renewal-model'],
    ['writeFailures', 'write-failures'],
  ];

  it('accepts every recorded answer, each against its route', () => {
    for (const [route, name] of recorded) expect({ route, name, ok: matchesSchema(RESPONSE_SCHEMAS[route], raw(name)) }).toEqual({ route, name, ok: true });
    expect(matchesSchema(CONFLICT_SCHEMAS.saveObjectives!, raw('objectives-conflict-at-risk'))).toBe(true);
    expect(matchesSchema(RESPONSE_SCHEMAS.saveObjectives, (raw('objectives-conflict-at-risk') as { current: unknown }).current)).toBe(true);
  });

  it('refuses what the contract refuses, and accepts fields a newer sidecar adds', () => {
    const view = raw('company-at-risk') as Record<string, unknown> & { result: Record<string, unknown>; company: Record<string, unknown> };
    const check = (v: unknown) => matchesSchema(RESPONSE_SCHEMAS.companySuccess, v);
    expect(check({ state: 'ready' })).toBe(false);
    expect(check({ ...view, state: 'done' })).toBe(false);
    expect(check({ ...view, computedAt: 42 })).toBe(false);
    expect(check({ ...view, result: { ...view.result, risk: { ...(view.result.risk as object), level: 'severe' } } })).toBe(false);
    expect(check({ ...view, history: [{ asOf: '2026-01-01' }] })).toBe(false);
    expect(check(Object.fromEntries(Object.entries(view).filter(([key]) => key !== 'company')))).toBe(false);
    expect(check({ ...view, company: { ...view.company, arr: '12000' } })).toBe(false);
    expect(check({ ...view, somethingNew: { nested: true } })).toBe(true);
    expect(check({ state: 'computing', portalId: '1', companyId: '2', retryAfterMs: 0 })).toBe(false); // positive
    expect(check({ state: 'computing', portalId: '1', companyId: '2', retryAfterMs: 1500 })).toBe(true);
    expect(matchesSchema(RESPONSE_SCHEMAS.redriveWriteFailures, { redriven: 1.5 })).toBe(false);
    expect(matchesSchema(RESPONSE_SCHEMAS.redriveWriteFailures, { redriven: 2 })).toBe(true);
  });
});
