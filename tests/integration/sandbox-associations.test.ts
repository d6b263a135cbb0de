// Associations v4 batch read through the real @hubspot/api-client: HubSpot's default type ids,
// symmetry, type ids in the path, per-input paging at 500, errors for ids without associations,
// and injected failures of some inputs inside a 207 (faults.associationFailures).
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from '@hubspot/api-client';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../sandbox/hubspot/server.ts';

let sandbox: HubSpotSandbox;
let hs: Client;
let companies: string[];

beforeAll(async () => {
  sandbox = await startHubSpotSandbox({
    portals: [{ portalId: 62515, accounts: 2, seed: 'assoc', ticketsPerAccount: 1100 }],
    rateLimit: { perTenSeconds: 100_000 },
  });
  hs = new Client({ accessToken: sandbox.portals[0]!.accessToken, basePath: sandbox.url });
  companies = sandbox.seeded(62515).map((s) => s.companyId);
});

afterAll(async () => {
  await sandbox.close();
});

function typeIds(types: Array<{ typeId: number }>): number[] {
  return types.map((t) => t.typeId).sort((a, b) => a - b);
}

describe('associations v4 batch read', () => {
  it('uses HubSpot\'s default association type ids, both ways', async () => {
    const expected: Array<[string, string, number[]]> = [
      ['companies', 'contacts', [2, 280]],
      ['contacts', 'companies', [1, 279]],
      ['companies', 'deals', [6, 342]],
      ['deals', 'companies', [5, 341]],
      ['companies', 'tickets', [25, 340]],
      ['tickets', 'companies', [26, 339]],
    ];
    for (const [from, to, ids] of expected) {
      const source = from === 'companies' ? companies[0]! : undefined;
      const fromId = source ?? String((await hs.crm.associations.v4.batchApi.getPage('companies', from, { inputs: [{ id: companies[0]! }] })).results[0]!.to[0]!.toObjectId);
      const res = await hs.crm.associations.v4.batchApi.getPage(from, to, { inputs: [{ id: fromId }] });
      const first = res.results[0]!;
      expect(first._from.id).toBe(fromId);
      expect(typeIds(first.to[0]!.associationTypes)).toEqual(ids);
      expect(first.to[0]!.associationTypes.every((t) => String(t.category) === 'HUBSPOT_DEFINED')).toBe(true);
      if (to === 'companies') expect(String(first.to[0]!.toObjectId)).toBe(companies[0]);
    }
    const ticket = (await hs.crm.associations.v4.batchApi.getPage('companies', 'tickets', { inputs: [{ id: companies[1]! }] })).results[0]!.to[0]!;
    const emails = await hs.crm.associations.v4.batchApi.getPage('tickets', 'emails', { inputs: [{ id: String(ticket.toObjectId) }] });
    expect(emails.results[0]!.to[0]!.associationTypes).toEqual([{ category: 'HUBSPOT_DEFINED', typeId: 223, label: null }]);
    const back = await hs.crm.associations.v4.batchApi.getPage('emails', 'tickets', { inputs: [{ id: String(emails.results[0]!.to[0]!.toObjectId) }] });
    expect(back.results[0]!.to).toEqual([{ toObjectId: ticket.toObjectId, associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 224, label: null }] }]);
  });

  it('accepts object type ids (0-2, 0-5) as well as names', async () => {
    const byName = await hs.crm.associations.v4.batchApi.getPage('companies', 'tickets', { inputs: [{ id: companies[0]! }] });
    const byId = await hs.crm.associations.v4.batchApi.getPage('0-2', '0-5', { inputs: [{ id: companies[0]! }] });
    expect(byId.results[0]!.to).toEqual(byName.results[0]!.to);
  });

  it('pages each input 500 at a time', async () => {
    const all: number[] = [];
    let inputs: Array<{ id: string; after?: string }> = companies.map((id) => ({ id }));
    let rounds = 0;
    while (inputs.length > 0) {
      const res = await hs.crm.associations.v4.batchApi.getPage('companies', 'tickets', { inputs });
      rounds++;
      inputs = [];
      for (const r of res.results) {
        expect(r.to.length).toBeLessThanOrEqual(500);
        if (r._from.id === companies[0]) all.push(...r.to.map((t) => Number(t.toObjectId)));
        if (r.paging?.next?.after) inputs.push({ id: r._from.id, after: r.paging.next.after });
      }
    }
    expect(rounds).toBe(3);
    expect(all).toHaveLength(1100);
    expect(new Set(all).size).toBe(1100);
  });

  it('reports ids without associations as errors in a 207, and refuses 1,001 inputs', async () => {
    const res = await hs.crm.associations.v4.batchApi.getPage('companies', 'contacts', { inputs: [{ id: companies[0]! }, { id: '42' }] });
    expect(res.results).toHaveLength(1);
    expect('errors' in res && res.errors).toEqual([
      expect.objectContaining({ status: 'error', category: 'OBJECT_NOT_FOUND', subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND', context: expect.objectContaining({ fromObjectId: ['42'] }) }),
    ]);
    const tooMany = await fetch(`${sandbox.url}/crm/v4/associations/companies/contacts/batch/read`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sandbox.portals[0]!.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: Array.from({ length: 1001 }, (_, i) => ({ id: String(i + 1) })) }),
    });
    expect(tooMany.status).toBe(400);
    expect(await tooMany.json()).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
  });
});

describe('associations v4 batch read with injected failures', () => {
  afterEach(() => sandbox.setFaults(null));

  it('fails chosen inputs inside a 207 as HubSpot does (category, context.ids), apart from the inputs without associations, and answers them once their failures are spent', async () => {
    sandbox.setFaults({ associationFailures: { from: 'companies', to: 'contacts', ids: [companies[0]!], times: 2 } });
    const inputs = [{ id: companies[0]! }, { id: companies[1]! }, { id: '42' }];
    for (let round = 0; round < 2; round++) {
      const res = await hs.crm.associations.v4.batchApi.getPage('companies', 'contacts', { inputs });
      expect(res.status).toBe('COMPLETE');
      expect(res.results.map((r) => r._from.id)).toEqual([companies[1]]);
      expect('numErrors' in res && res.numErrors).toBe(2);
      expect('errors' in res && res.errors).toEqual([
        expect.objectContaining({ category: 'OBJECT_NOT_FOUND', context: expect.objectContaining({ fromObjectId: ['42'] }) }),
        expect.objectContaining({ status: 'error', category: 'INTERNAL_ERROR', message: expect.stringMatching(/temporary/), context: { ids: [companies[0]] } }),
      ]);
    }
    const third = await hs.crm.associations.v4.batchApi.getPage('companies', 'contacts', { inputs });
    expect(third.results.map((r) => r._from.id)).toEqual([companies[0], companies[1]]);
    expect('errors' in third && third.errors?.map((e) => e.category)).toEqual(['OBJECT_NOT_FOUND']);
    // Another pair is untouched.
    expect((await hs.crm.associations.v4.batchApi.getPage('companies', 'tickets', { inputs: [{ id: companies[0]! }] })).results).toHaveLength(1);
  });

  it('keeps failing an input while no count is given, with the category asked for, set through the control API too', async () => {
    const set = await fetch(`${sandbox.url}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ associationFailures: { to: 'companies', category: 'RATE_LIMITS' } }) });
    expect(set.status).toBe(200);
    const contact = String((await hs.crm.associations.v4.batchApi.getPage('companies', 'contacts', { inputs: [{ id: companies[0]! }] })).results[0]!.to[0]!.toObjectId);
    for (let round = 0; round < 3; round++) {
      const res = await hs.crm.associations.v4.batchApi.getPage('contacts', 'companies', { inputs: [{ id: contact }] });
      expect(res.results).toEqual([]);
      expect('errors' in res && res.errors).toEqual([expect.objectContaining({ category: 'RATE_LIMITS', context: { ids: [contact] } })]);
    }
    const refused = await fetch(`${sandbox.url}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ associationFailures: { category: 'OBJECT_NOT_FOUND' } }) });
    expect(refused.status).toBe(400);
  });
});

describe('associations v4 list for one record', () => {
  it('pages one company\'s tickets with the SDK\'s basic API, the same ids as the batch read', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await hs.crm.associations.v4.basicApi.getPage('companies', companies[0]!, 'tickets', after, 500);
      for (const r of page.results) seen.push(String(r.toObjectId));
      after = page.paging?.next?.after;
      pages++;
    } while (after);
    expect(pages).toBe(3); // 1,100 tickets at 500 per page
    const batch: string[] = [];
    let cursor: string | undefined;
    do {
      const r = (await hs.crm.associations.v4.batchApi.getPage('companies', 'tickets', { inputs: [{ id: companies[0]!, ...(cursor ? { after: cursor } : {}) }] })).results[0]!;
      batch.push(...r.to.map((t) => String(t.toObjectId)));
      cursor = r.paging?.next?.after;
    } while (cursor);
    expect(seen).toEqual(batch);
  });

  it('answers an empty list for a record without associations and refuses a limit over 500', async () => {
    const none = await hs.crm.associations.v4.basicApi.getPage('companies', '999999999', 'tickets');
    expect(none.results).toEqual([]);
    await expect(hs.crm.associations.v4.basicApi.getPage('companies', companies[0]!, 'tickets', undefined, 501)).rejects.toMatchObject({ code: 400 });
  });
});

describe('associations v4 batch associate (default type)', () => {
  it('links existing records both ways with the default type, once however often it is asked', async () => {
    const contact = String((await hs.crm.associations.v4.basicApi.getPage('companies', companies[1]!, 'contacts')).results[0]!.toObjectId);
    const tickets = (await hs.crm.associations.v4.basicApi.getPage('companies', companies[1]!, 'tickets', undefined, 2)).results.map((r) => String(r.toObjectId));
    const res = await hs.crm.associations.v4.batchApi.createDefault('contacts', 'tickets', { inputs: [...tickets, tickets[0]!].map((id) => ({ _from: { id: contact }, to: { id } })) });
    expect(res.results.map((r) => [r._from.id, r.to.id, r.associationSpec.associationTypeId])).toEqual([...tickets, tickets[0]!].map((id) => [contact, id, 15]));
    const linked = await hs.crm.associations.v4.basicApi.getPage('contacts', contact, 'tickets');
    expect(linked.results.map((r) => String(r.toObjectId))).toEqual(tickets);
    expect(typeIds(linked.results[0]!.associationTypes)).toEqual([15]);
    const back = await hs.crm.associations.v4.batchApi.getPage('tickets', 'contacts', { inputs: [{ id: tickets[0]! }] });
    expect(back.results[0]!.to.map((t) => String(t.toObjectId))).toEqual([contact]);
  });

  it('refuses an unknown record (404) and a pair HubSpot cannot associate (400), linking nothing', async () => {
    const ticket = String((await hs.crm.associations.v4.basicApi.getPage('companies', companies[0]!, 'tickets', undefined, 1)).results[0]!.toObjectId);
    await expect(hs.crm.associations.v4.batchApi.createDefault('contacts', 'tickets', { inputs: [{ _from: { id: '999999999' }, to: { id: ticket } }] })).rejects.toMatchObject({ code: 404 });
    await expect(hs.crm.associations.v4.batchApi.createDefault('deals', 'tickets', { inputs: [{ _from: { id: '1' }, to: { id: ticket } }] })).rejects.toMatchObject({ code: 400 });
    expect((await hs.crm.associations.v4.batchApi.getPage('tickets', 'contacts', { inputs: [{ id: ticket }] })).results).toEqual([]);
  });
});
