// The route table and the contracts said once: the server registers each route from the table with
// its zod schemas, and the cards' client reads the same table and checks answers with JSON Schema
// generated from those schemas. These tests fail when the generated copy is stale, when a path and
// its params schema disagree, or when the client's check accepts what the contract refuses.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { CLIENT_SCHEMAS_FILE, clientSchemasSource } from '../../server/api/client-schemas.ts';
import { ROUTE_CONTRACTS } from '../../server/api/routes.ts';
import { CONFLICT_SCHEMAS, RESPONSE_SCHEMAS } from '../../app/src/app/cards/lib/client/contract-schemas.ts';
import { matchesSchema } from '../../app/src/app/cards/lib/client/json-schema.ts';
import { fillPath, pathParamNames, pathPattern, ROUTES, type RouteName } from '../../cards/model/client.ts';
import { raw } from '../fixtures/api/fixtures.ts';

const names = Object.keys(ROUTES) as RouteName[];

describe('route table', () => {
  it('has a contract for every route, and each path names exactly the parameters its schema parses', () => {
    expect(Object.keys(ROUTE_CONTRACTS).sort()).toEqual([...names].sort());
    for (const name of names) {
      expect({ name, params: pathParamNames(ROUTES[name].path).sort() }).toEqual({ name, params: Object.keys(ROUTE_CONTRACTS[name].params.shape).sort() });
    }
  });

  it('has one route per method and path', () => {
    const keys = names.map((n) => `${ROUTES[n].method} ${ROUTES[n].path}`);
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
