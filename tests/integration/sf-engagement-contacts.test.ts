// Who took part in a meeting or call, read through the Salesforce adapter with the real jsforce
// against the sandbox: a Task or Event whose WhoId is one of the account's Contacts yields that
// contact in the engagement's contactIds, and with Shared Activities so does every other contact
// of the account it names (TaskWhoRelation/EventWhoRelation) — a meeting where the executive
// sponsor is only a secondary contact counts for the sponsor. A Lead (such an activity has no
// account) or another account's contact yields none, and neither does an activity naming nobody.
// An org without Shared Activities is read by WhoId only, after two refused queries per adapter.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Connection } from 'jsforce';
import { SalesforceAdapter } from '../../server/crm/salesforce/adapter.ts';
import { AccountSnapshot } from '../../server/domain/snapshot.ts';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../sandbox/salesforce/server.ts';
import { adapterClient, connect, SF_AS_OF } from '../helpers/salesforce.ts';

let sb: SalesforceSandbox;
let conn: Connection;
let adapter: SalesforceAdapter;

const RETRY = { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 20 };

beforeAll(async () => {
  sb = await startSalesforceSandbox({
    asOf: SF_AS_OF,
    orgs: [{ accounts: 2, seed: 'who-sync', ticketsPerAccount: 1 }, { accounts: 1, seed: 'who-solo', ticketsPerAccount: 1, sharedActivities: false }],
  });
  conn = connect(sb, sb.orgs[0]!);
  adapter = new SalesforceAdapter({ client: adapterClient(sb), retryPolicy: RETRY });
  await adapter.provisionProperties();
});

afterAll(async () => {
  await sb.close();
});

/** A seeded account whose engagements name its contacts (snapshot ids k1, k2). */
function written(): AccountSnapshot {
  const base = sb.seeded(sb.orgs[0]!.orgId)[0]!.snapshot;
  return AccountSnapshot.parse({
    ...base,
    contacts: [{ id: 'k1', name: 'Maya Lund', role: 'executive' }, { id: 'k2', name: 'Omar Haddad', role: 'champion' }],
    engagements: [
      { at: '2026-10-01T10:00:00.000Z', kind: 'meeting', contactIds: ['k1', 'k2'] },
      // The champion is the primary contact (WhoId), the sponsor only a secondary one.
      { at: '2026-10-01T15:00:00.000Z', kind: 'meeting', contactIds: ['k2', 'k1'] },
      { at: '2026-10-02T10:00:00.000Z', kind: 'call', contactIds: ['k2'] },
      { at: '2026-10-03T10:00:00.000Z', kind: 'note', contactIds: ['k1'] },
      { at: '2026-10-04T10:00:00.000Z', kind: 'meeting' },
      { at: '2026-10-05T10:00:00.000Z', kind: 'call', contactIds: [] },
    ],
  });
}

describe('engagement contactIds from Salesforce', () => {
  it("names every contact of the account a Task or Event names, the sponsor as a secondary one too, and nobody for a Lead, another account's contact or no one", async () => {
    const org = sb.orgs[0]!.orgId;
    const id = sb.seedAccount(org, written());
    const other = sb.seeded(org)[1]!.accountId;
    const contacts = new Map((await conn.query<{ Id: string; Name: string }>(`SELECT Id, Name FROM Contact WHERE AccountId = '${id}'`)).records.map((c) => [c.Name, c.Id]));
    const maya = contacts.get('Maya Lund')!;
    const omar = contacts.get('Omar Haddad')!;
    const stranger = (await conn.query<{ Id: string }>(`SELECT Id FROM Contact WHERE AccountId = '${other}' LIMIT 1`)).records[0]!.Id;
    const lead = (await conn.sobject('Lead').create({ LastName: 'Byrne', Company: 'Prospect Ltd' })) as { id: string };
    // On the account, with another account's contact: the account comes from WhatId.
    await conn.sobject('Event').create({ WhatId: id, WhoId: stranger, Subject: 'Joint workshop', ActivityDateTime: '2026-10-06T10:00:00.000+0000', DurationInMinutes: 60 });
    // On the account, with its sponsor and another account's contact: only the sponsor is the account's.
    await conn.sobject('Event').create({ WhatId: id, EventWhoIds: [stranger, maya], Subject: 'Partner briefing', ActivityDateTime: '2026-10-07T10:00:00.000+0000', DurationInMinutes: 60 });
    // With a Lead, a Task has no WhatId, so no account: the account's sync does not see it.
    await conn.sobject('Task').create({ WhoId: lead.id, Subject: 'Call the prospect', TaskSubtype: 'Call', Status: 'Completed' });

    const loaded = await adapter.loadAccounts([id], SF_AS_OF);
    expect(loaded.invalid).toEqual([]);
    const engagements = [...loaded.accounts[0]!.snapshot.engagements].sort((a, b) => a.at.localeCompare(b.at));
    expect(engagements.map((e) => [e.at.slice(0, 10), e.kind, e.contactIds])).toEqual([
      ['2026-10-01', 'meeting', [maya, omar]], // WhoId first, then the other people it names
      ['2026-10-01', 'meeting', [omar, maya]], // the sponsor only in EventWhoRelation: met all the same
      ['2026-10-02', 'call', [omar]],
      ['2026-10-03', 'note', [maya]],
      ['2026-10-04', 'meeting', undefined],
      ['2026-10-05', 'call', undefined],
      ['2026-10-06', 'meeting', undefined],
      ['2026-10-07', 'meeting', [maya]],
    ]);
    // The other account's sync does not get the meetings on this one through its contact.
    const theirs = await adapter.loadAccounts([other], SF_AS_OF);
    const mine = new Set(['2026-10-06T10:00:00.000Z', '2026-10-07T10:00:00.000Z']);
    expect(theirs.accounts[0]!.snapshot.engagements.filter((e) => mine.has(e.at))).toEqual([]);
  });

  it('reads an org without Shared Activities by WhoId alone, after two refused queries in the adapter\'s life', async () => {
    const org = sb.orgs[1]!;
    const solo = new SalesforceAdapter({ client: adapterClient(sb, org), retryPolicy: RETRY });
    await solo.provisionProperties();
    const id = sb.seedAccount(org.orgId, written());
    const refused = () => sb.stats().byRoute['GET /services/data/:version/query']?.['400'] ?? 0;
    sb.resetStats();
    const first = await solo.loadAccounts([id], SF_AS_OF);
    expect(refused()).toBe(2); // TaskWhoRelation and EventWhoRelation: INVALID_TYPE
    const engagements = [...first.accounts[0]!.snapshot.engagements].sort((a, b) => a.at.localeCompare(b.at));
    const names = new Map(first.accounts[0]!.snapshot.contacts.map((c) => [c.id, c.name]));
    expect(engagements.map((e) => [e.at.slice(0, 10), e.kind, e.contactIds?.map((c) => names.get(c))])).toEqual([
      ['2026-10-01', 'meeting', ['Maya Lund']],
      ['2026-10-01', 'meeting', ['Omar Haddad']], // WhoId only: the sponsor was there, Salesforce does not say so
      ['2026-10-02', 'call', ['Omar Haddad']],
      ['2026-10-03', 'note', ['Maya Lund']],
      ['2026-10-04', 'meeting', undefined],
      ['2026-10-05', 'call', undefined],
    ]);
    sb.resetStats();
    await solo.loadAccounts([id], SF_AS_OF);
    expect(refused()).toBe(0);
  });
});
