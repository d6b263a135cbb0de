// The HubSpot sandbox's CRM v3 objects through the real @hubspot/api-client: seeded shapes per
// docs/hubspot-mapping.md, batch limits and 207s, writes (validation, history, hs_lastmodifieddate),
// list paging and tenancy.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from '@hubspot/api-client';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../sandbox/hubspot/server.ts';

const START = Date.parse('2026-11-01T08:00:00.000Z');
let clock = START;
let sandbox: HubSpotSandbox;
let hs: Client;
let companyIds: string[];

/** The SDK types operators as a per-object-type enum; the wire value is the plain string. */
const op = (o: string): never => o as never;

interface ApiError { code: number; body: { category?: string; message?: string; context?: Record<string, string[]> } }

async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (error) {
    return error as ApiError;
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  sandbox = await startHubSpotSandbox({
    portals: [{ portalId: 62515, accounts: 12, seed: 'objects' }, { portalId: 777, accounts: 3, seed: 'other' }],
    rateLimit: { perTenSeconds: 100_000, searchPerSecond: 100_000 },
    now: () => clock,
  });
  hs = new Client({ accessToken: sandbox.portals[0]!.accessToken, basePath: sandbox.url });
  companyIds = sandbox.seeded(62515).map((s) => s.companyId);
});

afterAll(async () => {
  await sandbox.close();
});

describe('seeded records (docs/hubspot-mapping.md)', () => {
  it('companies carry the mapped properties, active_users history newest first', async () => {
    const { snapshot } = sandbox.seeded(62515)[0]!;
    const props = ['name', 'industry', 'customer_segment', 'licensed_seats', 'active_users', 'logins_last_30_days', 'arr', 'renewal_date', 'hs_lifecyclestage_customer_date', 'hubspot_owner_id'];
    const res = await hs.crm.companies.batchApi.read({ inputs: [{ id: companyIds[0]! }], properties: props, propertiesWithHistory: ['active_users'] });
    const company = res.results[0]!;
    expect(company.id).toBe(companyIds[0]);
    expect(company.archived).toBe(false);
    for (const p of [...props, 'hs_object_id', 'createdate', 'hs_lastmodifieddate']) expect(company.properties).toHaveProperty(p);
    expect(company.properties.name).toBe(snapshot.account.name);
    expect(company.properties.customer_segment).toBe(snapshot.account.segment);
    expect(company.properties.arr).toBe(String(snapshot.account.arr));
    expect(company.properties.renewal_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(company.properties.hs_lastmodifieddate).toBe(new Date(START).toISOString());
    expect(company.updatedAt.getTime()).toBe(START);
    const history = company.propertiesWithHistory!.active_users!;
    expect(history[0]!.value).toBe(String(snapshot.usage.activeUsers));
    expect(history).toHaveLength(1 + snapshot.usage.history.length);
    const times = history.map((h) => h.timestamp.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(history[0]).toMatchObject({ sourceType: expect.any(String) });
  });

  it('tickets, their emails, deals and contacts have HubSpot\'s fields', async () => {
    const assoc = await hs.crm.associations.v4.batchApi.getPage('companies', 'tickets', { inputs: [{ id: companyIds[1]! }] });
    const ticketIds = assoc.results[0]!.to.map((t) => String(t.toObjectId));
    expect(ticketIds).toHaveLength(25);
    const tickets = await hs.crm.tickets.batchApi.read({ inputs: ticketIds.map((id) => ({ id })), properties: ['hs_ticket_category', 'hs_ticket_priority', 'content', 'subject', 'closed_date', 'success_outage'], propertiesWithHistory: [] });
    expect(tickets.results).toHaveLength(25);
    for (const t of tickets.results) {
      expect(Object.keys(t.properties)).toEqual(expect.arrayContaining(['hs_ticket_category', 'hs_ticket_priority', 'content', 'createdate', 'closed_date']));
      expect(['LOW', 'MEDIUM', 'HIGH', 'URGENT']).toContain(t.properties.hs_ticket_priority);
      expect([null, 'PRODUCT_ISSUE', 'BILLING_ISSUE', 'FEATURE_REQUEST', 'GENERAL_INQUIRY']).toContain(t.properties.hs_ticket_category);
    }
    const generated = sandbox.seeded(62515)[1]!.snapshot.tickets;
    expect(tickets.results.map((t) => t.properties.createdate).sort()).toEqual(generated.map((t) => t.createdAt).sort());

    const emails = await hs.crm.associations.v4.batchApi.getPage('tickets', 'emails', { inputs: [{ id: ticketIds[0]! }] });
    const emailIds = emails.results[0]!.to.map((e) => String(e.toObjectId));
    const read = await hs.crm.objects.emails.batchApi.read({ inputs: emailIds.map((id) => ({ id })), properties: ['hs_email_text', 'hs_email_direction', 'hs_timestamp'], propertiesWithHistory: [] });
    for (const e of read.results) {
      expect(['INCOMING_EMAIL', 'EMAIL']).toContain(e.properties.hs_email_direction);
      expect(e.properties.hs_email_text).toEqual(expect.any(String));
      expect(Date.parse(e.properties.hs_timestamp ?? '')).toBeLessThanOrEqual(START);
    }

    const deals = await hs.crm.associations.v4.batchApi.getPage('companies', 'deals', { inputs: [{ id: companyIds[1]! }] });
    const dealRead = await hs.crm.deals.batchApi.read({ inputs: deals.results[0]!.to.map((d) => ({ id: String(d.toObjectId) })), properties: ['dealtype', 'closedate', 'amount', 'dealstage'], propertiesWithHistory: [] });
    const renewals = dealRead.results.filter((d) => d.properties.dealtype === 'existingbusiness');
    expect(renewals).toHaveLength(sandbox.seeded(62515)[1]!.snapshot.renewals.length);
    expect(dealRead.results.some((d) => d.properties.dealtype === 'newbusiness')).toBe(true);
    for (const d of dealRead.results) expect(['closedwon', 'closedlost', 'contractsent']).toContain(d.properties.dealstage);

    const contacts = await hs.crm.associations.v4.batchApi.getPage('companies', 'contacts', { inputs: [{ id: companyIds[1]! }] });
    const people = await hs.crm.contacts.batchApi.read({ inputs: contacts.results[0]!.to.map((c) => ({ id: String(c.toObjectId) })), properties: ['firstname', 'lastname', 'success_role', 'success_left_company', 'notes_last_contacted'], propertiesWithHistory: [] });
    for (const c of people.results) {
      expect(['true', 'false']).toContain(c.properties.success_left_company);
      expect(c.properties).toHaveProperty('lastmodifieddate');
    }
  });
});

describe('batch read', () => {
  it('refuses 101 inputs with a 400', async () => {
    const e = await failure(hs.crm.companies.batchApi.read({ inputs: Array.from({ length: 101 }, (_, i) => ({ id: String(i + 1) })), properties: [], propertiesWithHistory: [] }));
    expect(e.code).toBe(400);
    expect(e.body.category).toBe('VALIDATION_ERROR');
  });

  it('answers missing ids with a 207 the SDK returns as a success', async () => {
    const res = await hs.crm.companies.batchApi.read({ inputs: [{ id: companyIds[0]! }, { id: '1' }, { id: 'abc' }], properties: ['name'], propertiesWithHistory: [] });
    expect(res.results.map((r) => r.id)).toEqual([companyIds[0]]);
    expect('errors' in res && res.errors?.[0]).toMatchObject({ status: 'error', category: 'OBJECT_NOT_FOUND', context: { ids: ['1', 'abc'] } });
  });
});

describe('writes', () => {
  it('batch update: mixed outcomes are a 207; values are validated; writes move hs_lastmodifieddate and history', async () => {
    clock = START + 60_000;
    const res = await hs.crm.companies.batchApi.update({
      inputs: [
        { id: companyIds[2]!, properties: { active_users: '41', customer_segment: 'enterprise' } },
        { id: companyIds[3]!, properties: { no_such_property: 'x' } },
        { id: companyIds[4]!, properties: { arr: 'lots' } },
        { id: companyIds[5]!, properties: { customer_segment: 'giant' } },
      ],
    });
    expect(res.results.map((r) => r.id)).toEqual([companyIds[2]]);
    expect(res.results[0]!.properties.hs_lastmodifieddate).toBe(new Date(clock).toISOString());
    const errors = 'errors' in res ? (res.errors ?? []) : [];
    expect(errors).toHaveLength(3);
    expect(errors.map((e) => e.category)).toEqual(['VALIDATION_ERROR', 'VALIDATION_ERROR', 'VALIDATION_ERROR']);
    expect(errors.map((e) => e.message).join(' ')).toMatch(/PROPERTY_DOESNT_EXIST[\s\S]*INVALID_FLOAT[\s\S]*INVALID_OPTION/);

    const after = await hs.crm.companies.basicApi.getById(companyIds[2]!, ['active_users'], ['active_users']);
    expect(after.properties.active_users).toBe('41');
    expect(after.propertiesWithHistory!.active_users![0]).toMatchObject({ value: '41' });
    expect(after.propertiesWithHistory!.active_users![0]!.timestamp.getTime()).toBe(clock);
    const untouched = await hs.crm.companies.basicApi.getById(companyIds[4]!, ['arr']);
    expect(untouched.properties.hs_lastmodifieddate).toBe(new Date(START).toISOString());
  });

  it('numbers and booleans are accepted and stored as strings; all-invalid batches are a 400', async () => {
    const res = await fetch(`${sandbox.url}/crm/v3/objects/companies/batch/update`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sandbox.portals[0]!.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: [{ id: companyIds[6], properties: { licensed_seats: 120 } }] }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { results: Array<{ properties: Record<string, string> }> }).results[0]!.properties.licensed_seats).toBe('120');
    const e = await failure(hs.crm.companies.batchApi.update({ inputs: [{ id: companyIds[6]!, properties: { hs_object_id: '5' } }] }));
    expect(e.code).toBe(400);
    expect(e.body.message).toContain('READ_ONLY_VALUE');
  });

  it('PATCH validates like batch update, and search by hs_lastmodifieddate finds written records', async () => {
    clock = START + 120_000;
    const e = await failure(hs.crm.companies.basicApi.update(companyIds[7]!, { properties: { renewal_date: '2027-01-15T10:00:00Z' } }));
    expect(e.code).toBe(400);
    expect(e.body.message).toContain('INVALID_DATE');
    const ok = await hs.crm.companies.basicApi.update(companyIds[7]!, { properties: { renewal_date: '2027-01-15' } });
    expect(ok.properties.renewal_date).toBe('2027-01-15');
    const found = await hs.crm.companies.searchApi.doSearch({
      filterGroups: [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: op('GTE'), value: String(START + 60_000) }] }],
      sorts: ['hs_lastmodifieddate'],
      properties: ['name'],
      limit: 100,
      after: '0',
    });
    expect(found.results.map((r) => r.id).sort()).toEqual([companyIds[2]!, companyIds[6]!, companyIds[7]!].sort());
    expect(found.total).toBe(3);
    const missing = await failure(hs.crm.companies.basicApi.update('999', { properties: { arr: '1' } }));
    expect(missing.code).toBe(404);
  });
});

describe('reads', () => {
  it('lists with limit ≤ 100 and an after cursor only while more remain', async () => {
    const first = await hs.crm.companies.basicApi.getPage(5, undefined, ['name']);
    expect(first.results).toHaveLength(5);
    const second = await hs.crm.companies.basicApi.getPage(100, first.paging!.next!.after, ['name']);
    expect(second.results).toHaveLength(7);
    expect(second.paging).toBeUndefined();
    expect([...first.results, ...second.results].map((r) => r.id)).toEqual(companyIds);
    expect((await failure(hs.crm.companies.basicApi.getPage(101))).code).toBe(400);
    expect((await failure(hs.crm.companies.basicApi.getPage(60, undefined, undefined, ['active_users']))).code).toBe(400);
  });

  it('a missing object is a 404 OBJECT_NOT_FOUND; an unknown type a 400', async () => {
    const e = await failure(hs.crm.companies.basicApi.getById('123'));
    expect(e.code).toBe(404);
    expect(e.body.category).toBe('OBJECT_NOT_FOUND');
    const t = await fetch(`${sandbox.url}/crm/v3/objects/widgets/1`, { headers: { authorization: `Bearer ${sandbox.portals[0]!.accessToken}` } });
    expect(t.status).toBe(400);
    expect(await t.json()).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR', message: 'Unable to infer object type from: widgets' });
  });

  it('keeps tenants apart: portal B\'s token cannot read portal A\'s company', async () => {
    const other = new Client({ accessToken: sandbox.portals[1]!.accessToken, basePath: sandbox.url });
    expect((await failure(other.crm.companies.basicApi.getById(companyIds[0]!))).code).toBe(404);
    const res = await other.crm.companies.batchApi.read({ inputs: [{ id: companyIds[0]! }], properties: [], propertiesWithHistory: [] });
    expect(res.results).toHaveLength(0);
    const own = sandbox.seeded(777)[0]!.companyId;
    expect((await other.crm.companies.basicApi.getById(own)).id).toBe(own);
    expect((await failure(hs.crm.companies.basicApi.getById(own))).code).toBe(404);
  });
});

describe('simulateActivity', () => {
  it('changes the chosen companies now and nothing else', async () => {
    clock = START + 20 * 60_000;
    const { companyIds: changed } = sandbox.simulateActivity({ portalId: 62515, companyFraction: 0.25, seed: 'a' });
    expect(changed).toHaveLength(3);
    expect(sandbox.simulateActivity({ portalId: 777, companyFraction: 0, seed: 'a' }).companyIds).toEqual([]);
    const found = await hs.crm.companies.searchApi.doSearch({ filterGroups: [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: op('GTE'), value: new Date(clock).toISOString() }] }], properties: ['active_users'], limit: 10 });
    expect(found.results.map((r) => r.id).sort()).toEqual([...changed].sort());
    const tickets = await hs.crm.tickets.searchApi.doSearch({ filterGroups: [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: op('EQ'), value: String(clock) }] }], limit: 100 });
    expect(tickets.total).toBeGreaterThanOrEqual(3);
  });
});

describe('creating records', () => {
  it('creates a company with validated values, now as its dates, linked to an existing contact', async () => {
    clock = START + 25 * 60_000;
    const contactId = (await hs.crm.associations.v4.basicApi.getPage('companies', companyIds[0]!, 'contacts')).results[0]!.toObjectId;
    const created = await hs.crm.companies.basicApi.create({
      properties: { name: 'Lumenfield Dental', licensed_seats: '25', customer_segment: 'smb', renewal_date: '2027-10-31' },
      associations: [{ to: { id: String(contactId) }, types: [{ associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId: 280 }] }],
    });
    expect(created.id).toMatch(/^\d+$/);
    expect(created.properties).toMatchObject({ name: 'Lumenfield Dental', licensed_seats: '25', customer_segment: 'smb', renewal_date: '2027-10-31' });
    expect(created.createdAt.getTime()).toBe(clock);
    const read = await hs.crm.companies.basicApi.getById(created.id, ['name', 'createdate']);
    expect(read.properties.createdate).toBe(new Date(clock).toISOString());
    const contacts = await hs.crm.associations.v4.basicApi.getPage('companies', created.id, 'contacts');
    expect(contacts.results.map((r) => r.toObjectId)).toEqual([contactId]);
    const back = await hs.crm.associations.v4.basicApi.getPage('contacts', String(contactId), 'companies');
    expect(back.results.map((r) => String(r.toObjectId))).toContain(created.id);
  });

  it('creates nothing when a value or an association is invalid', async () => {
    const before = (await hs.crm.contacts.basicApi.getPage(100)).results.length;
    const bad = await failure(hs.crm.contacts.basicApi.create({ properties: { success_role: 'boss' }, associations: [] }));
    expect(bad.code).toBe(400);
    expect(bad.body.message).toContain('INVALID_OPTION');
    const dangling = await failure(hs.crm.contacts.basicApi.create({ properties: { firstname: 'Robin' }, associations: [{ to: { id: '999' }, types: [{ associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId: 279 }] }] }));
    expect(dangling.code).toBe(400);
    expect((await hs.crm.contacts.basicApi.getPage(100)).results).toHaveLength(before);
    const alone = await hs.crm.contacts.basicApi.create({ properties: { firstname: 'Robin', lastname: 'Okafor' }, associations: [] });
    expect((await hs.crm.associations.v4.basicApi.getPage('contacts', alone.id, 'companies')).results).toEqual([]);
  });
});
