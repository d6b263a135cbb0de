// Properties, groups and the custom-property limits endpoint through the real @hubspot/api-client.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from '@hubspot/api-client';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../sandbox/hubspot/server.ts';

let sandbox: HubSpotSandbox;
let hs: Client;

interface ApiError { code: number; body: { category?: string; message?: string } }

async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (error) {
    return error as ApiError;
  }
  throw new Error('expected the call to fail');
}

/** The SDK types type/fieldType as per-module enums; the wire values are plain strings. */
const e = (v: string): never => v as never;

function property(name: string, extra: Record<string, unknown> = {}): never {
  return { name, label: name, type: 'number', fieldType: 'number', groupName: 'success_sidecar', ...extra } as never;
}

beforeAll(async () => {
  sandbox = await startHubSpotSandbox({ portals: [{ portalId: 62515, accounts: 3, seed: 'props' }], rateLimit: { perTenSeconds: 100_000 }, customPropertyLimit: 10 });
  hs = new Client({ accessToken: sandbox.portals[0]!.accessToken, basePath: sandbox.url });
});

afterAll(async () => {
  await sandbox.close();
});

describe('properties', () => {
  it('lists HubSpot-defined properties (flagged) and the custom inputs, not the product\'s outputs', async () => {
    const all = (await hs.crm.properties.coreApi.getAll('companies')).results;
    const byName = new Map(all.map((p) => [p.name, p]));
    expect(byName.get('name')?.hubspotDefined).toBe(true);
    expect(byName.get('hs_lastmodifieddate')?.modificationMetadata?.readOnlyValue).toBe(true);
    for (const name of ['customer_segment', 'licensed_seats', 'active_users', 'logins_last_30_days', 'arr', 'renewal_date']) {
      expect(byName.get(name)).toMatchObject({ groupName: 'customer_success_inputs' });
      expect(byName.get(name)?.hubspotDefined).toBeUndefined();
    }
    expect(byName.get('renewal_date')?.type).toBe('date');
    expect(byName.has('success_rob_score')).toBe(false);
    const tickets = await hs.crm.properties.coreApi.getByName('tickets', 'success_outage');
    expect(tickets).toMatchObject({ type: 'bool', fieldType: 'booleancheckbox' });
    expect((await failure(hs.crm.properties.coreApi.getByName('companies', 'nope'))).code).toBe(404);
  });

  it('creates groups and properties, with 409 on duplicates and 400 on invalid definitions', async () => {
    const group = await hs.crm.properties.groupsApi.create('companies', { name: 'success_sidecar', label: 'Customer success (Success Sidecar)' });
    expect(group).toMatchObject({ name: 'success_sidecar', archived: false });
    const dupGroup = await failure(hs.crm.properties.groupsApi.create('companies', { name: 'success_sidecar', label: 'again' }));
    expect(dupGroup.code).toBe(409);
    expect((await hs.crm.properties.groupsApi.getAll('companies')).results.map((g) => g.name)).toContain('success_sidecar');

    const created = await hs.crm.properties.coreApi.create('companies', property('success_rob_score'));
    expect(created).toMatchObject({ name: 'success_rob_score', type: 'number', groupName: 'success_sidecar' });
    const dup = await failure(hs.crm.properties.coreApi.create('companies', property('success_rob_score')));
    expect(dup.code).toBe(409);
    expect(dup.body).toMatchObject({ category: 'OBJECT_ALREADY_EXISTS', message: "Property named 'success_rob_score' already exists." });

    const invalid = [
      property('Bad Name'),
      property('success_x', { groupName: 'missing_group' }),
      property('success_y', { type: e('number'), fieldType: e('select') }),
      property('success_z', { type: e('enumeration'), fieldType: e('select') }),
      property('success_w', { type: e('text') }),
    ];
    for (const p of invalid) expect((await failure(hs.crm.properties.coreApi.create('companies', p))).code).toBe(400);
  });

  it('makes a created property writable and validates its values', async () => {
    await hs.crm.properties.coreApi.create('companies', property('success_risk_level', { type: e('enumeration'), fieldType: e('select'), options: [{ label: 'High', value: 'high', hidden: false }, { label: 'Low', value: 'low', hidden: false }] }));
    const id = sandbox.seeded(62515)[0]!.companyId;
    const ok = await hs.crm.companies.basicApi.update(id, { properties: { success_rob_score: '72.5', success_risk_level: 'high' } });
    expect(ok.properties).toMatchObject({ success_rob_score: '72.5', success_risk_level: 'high' });
    const bad = await failure(hs.crm.companies.basicApi.update(id, { properties: { success_risk_level: 'medium' } }));
    expect(bad.code).toBe(400);
    expect(bad.body.message).toContain('INVALID_OPTION');
  });

  it('reports custom-property usage and refuses properties past the limit', async () => {
    const res = await fetch(`${sandbox.url}/crm/v3/limits/custom-properties`, { headers: { authorization: `Bearer ${sandbox.portals[0]!.accessToken}` } });
    expect(res.status).toBe(200);
    const limits = (await res.json()) as { byObjectType: Array<{ objectTypeId: string; limit: number; usage: number; percentage: number; singularLabel: string; pluralLabel: string }>; overallLimit: number; overallUsage: number; overallPercentage: number };
    const companies = limits.byObjectType.find((o) => o.objectTypeId === '0-2');
    expect(companies).toMatchObject({ singularLabel: 'Company', pluralLabel: 'Companies', limit: 10, usage: 8, percentage: 80 });
    expect(limits.overallUsage).toBe(8 + 2 + 1);
    await hs.crm.properties.coreApi.create('companies', property('success_a'));
    await hs.crm.properties.coreApi.create('companies', property('success_b'));
    const over = await failure(hs.crm.properties.coreApi.create('companies', property('success_c')));
    expect(over.code).toBe(400);
    expect(over.body.message).toMatch(/limit of 10 custom properties/);
  });
});
