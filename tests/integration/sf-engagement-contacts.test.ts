// Who took part in a meeting or call, read through the Salesforce adapter with the real jsforce
// against the sandbox: a Task or Event whose WhoId is one of the account's Contacts yields that
// contact in the engagement's contactIds; a Lead (such an activity has no account) or another
// account's contact yields none, and neither does an activity without a WhoId.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Connection } from 'jsforce';
import { SalesforceAdapter } from '../../server/crm/salesforce/adapter.ts';
import { AccountSnapshot } from '../../server/domain/snapshot.ts';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../sandbox/salesforce/server.ts';
import { adapterClient, connect, SF_AS_OF } from '../helpers/salesforce.ts';

let sb: SalesforceSandbox;
let conn: Connection;
let adapter: SalesforceAdapter;

beforeAll(async () => {
  sb = await startSalesforceSandbox({ asOf: SF_AS_OF, orgs: [{ accounts: 2, seed: 'who-sync', ticketsPerAccount: 1 }] });
  conn = connect(sb, sb.orgs[0]!);
  adapter = new SalesforceAdapter({ client: adapterClient(sb), retryPolicy: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 20 } });
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
      { at: '2026-10-02T10:00:00.000Z', kind: 'call', contactIds: ['k2'] },
      { at: '2026-10-03T10:00:00.000Z', kind: 'note', contactIds: ['k1'] },
      { at: '2026-10-04T10:00:00.000Z', kind: 'meeting' },
      { at: '2026-10-05T10:00:00.000Z', kind: 'call', contactIds: [] },
    ],
  });
}

describe('engagement contactIds from Salesforce', () => {
  it("names the account's contact a Task or Event has as WhoId, and nobody for a Lead, another account's contact or no WhoId", async () => {
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
    // With a Lead, a Task has no WhatId, so no account: the account's sync does not see it.
    await conn.sobject('Task').create({ WhoId: lead.id, Subject: 'Call the prospect', TaskSubtype: 'Call', Status: 'Completed' });

    const loaded = await adapter.loadAccounts([id], SF_AS_OF);
    expect(loaded.invalid).toEqual([]);
    const engagements = [...loaded.accounts[0]!.snapshot.engagements].sort((a, b) => a.at.localeCompare(b.at));
    expect(engagements.map((e) => [e.at.slice(0, 10), e.kind, e.contactIds])).toEqual([
      ['2026-10-01', 'meeting', [maya]], // WhoId is the first contact only
      ['2026-10-02', 'call', [omar]],
      ['2026-10-03', 'note', [maya]],
      ['2026-10-04', 'meeting', undefined],
      ['2026-10-05', 'call', undefined],
      ['2026-10-06', 'meeting', undefined],
    ]);
  });
});
