// Task and Event WhoId in the sandbox, through jsforce 3.10, as Salesforce has it: a person, a
// Contact or a Lead (null when none); an id of another object is FIELD_INTEGRITY_EXCEPTION "Name ID:
// id value of incorrect type" (jsforce#1006); WhatId cannot hold a Lead, and an activity whose WhoId
// is a Lead cannot have a WhatId; Who is polymorphic (describe, and only Name-entity fields in SOQL).
// The seed sets WhoId to an engagement's first contact.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Connection } from 'jsforce';
import { AccountSnapshot } from '../../server/domain/snapshot.ts';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../sandbox/salesforce/server.ts';
import { connect, SF_AS_OF } from '../helpers/salesforce.ts';

let sb: SalesforceSandbox;
let conn: Connection;
let accountId: string;
let contactId: string;
let leadId: string;

const MEETING = { ActivityDateTime: '2026-10-20T15:00:00.000+0000', DurationInMinutes: 30 };

async function create(object: string, values: Record<string, unknown>): Promise<string> {
  const result = await conn.sobject(object).create(values);
  if (!result.success) throw new Error(`create ${object} failed`);
  return result.id;
}

beforeAll(async () => {
  sb = await startSalesforceSandbox({ asOf: SF_AS_OF, orgs: [{ accounts: 2, seed: 'who', ticketsPerAccount: 1 }] });
  conn = connect(sb, sb.orgs[0]!);
  accountId = (await conn.query<{ Id: string }>('SELECT Id FROM Account ORDER BY Id LIMIT 1')).records[0]!.Id;
  contactId = (await conn.query<{ Id: string }>(`SELECT Id FROM Contact WHERE AccountId = '${accountId}' LIMIT 1`)).records[0]!.Id;
  leadId = await create('Lead', { FirstName: 'Ada', LastName: 'Byrne', Company: 'Prospect Ltd', Status: 'Open - Not Contacted' });
});

afterAll(async () => {
  await sb.close();
});

describe('WhoId', () => {
  it('holds a Contact or a Lead, null when none, and Who.Name reads either', async () => {
    const withContact = await create('Event', { WhatId: accountId, WhoId: contactId, Subject: 'QBR', ...MEETING });
    const withLead = await create('Task', { WhoId: leadId, Subject: 'Intro call', TaskSubtype: 'Call' });
    const alone = await create('Task', { WhatId: accountId, Subject: 'Prep', TaskSubtype: 'Task' });
    const event = (await conn.query<{ WhoId: string; AccountId: string; Who: { Name: string } }>(`SELECT WhoId, AccountId, Who.Name FROM Event WHERE Id = '${withContact}'`)).records[0]!;
    expect(event).toMatchObject({ WhoId: contactId, AccountId: accountId, Who: { Name: expect.any(String) as unknown } });
    const tasks = (await conn.query<{ Id: string; WhoId: string | null; AccountId: string | null; Who: { Name: string } | null }>(`SELECT Id, WhoId, AccountId, Who.Name FROM Task WHERE Id IN ('${withLead}', '${alone}') ORDER BY Id`)).records;
    expect(tasks.map((t) => [t.Id, t.WhoId, t.AccountId, t.Who?.Name ?? null])).toEqual([[withLead, leadId, null, 'Ada Byrne'], [alone, null, accountId, null]]);
  });

  it('refuses an id of another object as Salesforce does, and a malformed id', async () => {
    await expect(conn.sobject('Task').create({ WhatId: accountId, WhoId: accountId, Subject: 'x', TaskSubtype: 'Call' })).rejects.toMatchObject({
      errorCode: 'FIELD_INTEGRITY_EXCEPTION', message: `Name ID: id value of incorrect type: ${accountId}`,
    });
    await expect(conn.sobject('Event').create({ WhoId: '003abc', Subject: 'x', ...MEETING })).rejects.toMatchObject({ errorCode: 'MALFORMED_ID' });
    await expect(conn.sobject('Event').create({ WhatId: leadId, Subject: 'x', ...MEETING })).rejects.toMatchObject({
      errorCode: 'FIELD_INTEGRITY_EXCEPTION', message: `Related To ID: id value of incorrect type: ${leadId}`,
    });
  });

  it('refuses a Lead WhoId next to a WhatId, on create and when an update makes the pair', async () => {
    await expect(conn.sobject('Task').create({ WhatId: accountId, WhoId: leadId, Subject: 'x', TaskSubtype: 'Call' })).rejects.toMatchObject({ errorCode: 'FIELD_INTEGRITY_EXCEPTION' });
    const task = await create('Task', { WhatId: accountId, Subject: 'Follow up', TaskSubtype: 'Call' });
    const result = await conn.sobject('Task').update([{ Id: task, WhoId: leadId }]);
    expect(result[0]).toMatchObject({ success: false, errors: [expect.objectContaining({ statusCode: 'FIELD_INTEGRITY_EXCEPTION', fields: ['WhoId', 'WhatId'] })] });
    await conn.sobject('Task').update({ Id: task, WhoId: contactId });
    const stored = (await conn.query<{ WhoId: string }>(`SELECT WhoId FROM Task WHERE Id = '${task}'`)).records[0]!;
    expect(stored.WhoId).toBe(contactId);
  });

  it('is polymorphic: describe lists Contact and Lead, and SOQL serves only Name-entity fields through Who', async () => {
    const field = (await conn.sobject('Task').describe()).fields.find((f) => f.name === 'WhoId');
    expect(field).toMatchObject({ referenceTo: ['Contact', 'Lead'], relationshipName: 'Who', polymorphicForeignKey: true, label: 'Name ID' });
    await expect(conn.query('SELECT Who.Email FROM Task')).rejects.toMatchObject({ errorCode: 'INVALID_FIELD', message: expect.stringContaining("No such column 'Email' on entity 'Name'") as unknown });
  });
});

describe('the seed', () => {
  it("sets an engagement's WhoId to its first contact, and leaves it null when the snapshot names none", async () => {
    const base = sb.seeded(sb.orgs[0]!.orgId)[0]!.snapshot;
    const snapshot = AccountSnapshot.parse({
      ...base,
      contacts: [{ id: 'k1', name: 'Maya Lund', role: 'executive' }, { id: 'k2', name: 'Omar Haddad', role: 'champion' }],
      engagements: [
        { at: '2026-10-01T10:00:00.000Z', kind: 'meeting', contactIds: ['k2', 'k1'] },
        { at: '2026-10-02T10:00:00.000Z', kind: 'call', contactIds: ['k1'] },
        { at: '2026-10-03T10:00:00.000Z', kind: 'call', contactIds: [] },
        { at: '2026-10-04T10:00:00.000Z', kind: 'meeting' },
      ],
    });
    const id = sb.seedAccount(sb.orgs[0]!.orgId, snapshot);
    const names = new Map((await conn.query<{ Id: string; Name: string }>(`SELECT Id, Name FROM Contact WHERE AccountId = '${id}'`)).records.map((c) => [c.Id, c.Name]));
    const rows = [
      ...(await conn.query<{ ActivityDate: string; WhoId: string | null }>(`SELECT ActivityDate, WhoId FROM Event WHERE AccountId = '${id}'`)).records,
      ...(await conn.query<{ ActivityDate: string; WhoId: string | null }>(`SELECT ActivityDate, WhoId FROM Task WHERE AccountId = '${id}'`)).records,
    ].sort((a, b) => a.ActivityDate.localeCompare(b.ActivityDate));
    expect(rows.map((r) => [r.ActivityDate, r.WhoId === null ? null : names.get(r.WhoId)])).toEqual([
      ['2026-10-01', 'Omar Haddad'], ['2026-10-02', 'Maya Lund'], ['2026-10-03', null], ['2026-10-04', null],
    ]);
  });
});
