// Shared Activities in the sandbox, through jsforce 3.10, as the Salesforce object reference has
// it: a Task or Event names up to 50 Contacts or one Lead (TaskWhoIds/EventWhoIds on write, the
// first the WhoId unless one is given), read back through the query-only TaskWhoRelation and
// EventWhoRelation (fields AccountId, RelationId, Type, TaskId/EventId, no IsWhat) or the
// TaskWhoRelations/EventWhoRelations child relationship (a nested query result, null when empty).
// An org without the setting has none of it: INVALID_TYPE for the objects and the relationships.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Connection } from 'jsforce';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../sandbox/salesforce/server.ts';
import { connect, SF_AS_OF } from '../helpers/salesforce.ts';

let sb: SalesforceSandbox;
let conn: Connection;
let without: Connection;
let accountId: string;
let otherAccountId: string;
let contacts: string[];
let stranger: string;
let leadId: string;

const MEETING = { ActivityDateTime: '2026-10-20T15:00:00.000+0000', DurationInMinutes: 30 };

async function create(c: Connection, object: string, values: Record<string, unknown>): Promise<string> {
  const result = await c.sobject(object).create(values);
  if (!result.success) throw new Error(`create ${object} failed`);
  return result.id;
}

beforeAll(async () => {
  sb = await startSalesforceSandbox({
    asOf: SF_AS_OF,
    orgs: [{ accounts: 2, seed: 'shared', ticketsPerAccount: 1 }, { accounts: 1, seed: 'solo', ticketsPerAccount: 1, sharedActivities: false }],
  });
  conn = connect(sb, sb.orgs[0]!);
  without = connect(sb, sb.orgs[1]!);
  [accountId, otherAccountId] = (await conn.query<{ Id: string }>('SELECT Id FROM Account ORDER BY Id')).records.map((r) => r.Id) as [string, string];
  contacts = await Promise.all(['Maya Lund', 'Omar Haddad'].map((name) => create(conn, 'Contact', { AccountId: accountId, FirstName: name.split(' ')[0], LastName: name.split(' ')[1] })));
  stranger = await create(conn, 'Contact', { AccountId: otherAccountId, LastName: 'Stranger' });
  leadId = await create(conn, 'Lead', { LastName: 'Byrne', Company: 'Prospect Ltd' });
});

afterAll(async () => {
  await sb.close();
});

describe('TaskWhoRelation and EventWhoRelation', () => {
  it('hold one row per person an activity names, the WhoId (the first listed) included', async () => {
    const [maya, omar] = contacts as [string, string];
    const event = await create(conn, 'Event', { WhatId: accountId, EventWhoIds: [omar, maya, stranger], Subject: 'QBR', ...MEETING });
    const stored = (await conn.query<{ WhoId: string }>(`SELECT WhoId FROM Event WHERE Id = '${event}'`)).records[0]!;
    expect(stored.WhoId).toBe(omar);
    const rows = (await conn.query<Record<string, unknown>>(`SELECT Id, EventId, RelationId, Type, AccountId FROM EventWhoRelation WHERE EventId = '${event}' ORDER BY RelationId`)).records;
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({ attributes: { type: 'EventWhoRelation', url: expect.stringMatching(/\/sobjects\/EventWhoRelation\/0RE/) as unknown }, EventId: event, Type: 'Contact' });
    expect(rows.map((r) => r.RelationId).sort()).toEqual([maya, omar, stranger].sort());
    // Filterable by AccountId (here: the person's account).
    const ofAccount = (await conn.query<{ RelationId: string }>(`SELECT RelationId FROM EventWhoRelation WHERE AccountId = '${accountId}' AND EventId = '${event}'`)).records;
    expect(ofAccount.map((r) => r.RelationId).sort()).toEqual([maya, omar].sort());

    const task = await create(conn, 'Task', { WhatId: accountId, WhoId: maya, TaskWhoIds: [omar, maya], Subject: 'Call', TaskSubtype: 'Call' });
    const taskRows = (await conn.query<{ TaskId: string; RelationId: string }>(`SELECT TaskId, RelationId FROM TaskWhoRelation WHERE TaskId = '${task}'`)).records;
    expect(taskRows.map((r) => r.RelationId).sort()).toEqual([maya, omar].sort());
    expect((await conn.query<{ WhoId: string }>(`SELECT WhoId FROM Task WHERE Id = '${task}'`)).records[0]!.WhoId).toBe(maya);
  });

  it('answer the child relationship as a nested query result, null when the activity names nobody', async () => {
    const [maya, omar] = contacts as [string, string];
    const named = await create(conn, 'Event', { WhatId: accountId, EventWhoIds: [maya, omar], Subject: 'Workshop', ...MEETING });
    const nobody = await create(conn, 'Event', { WhatId: accountId, Subject: 'Internal prep', ...MEETING });
    const rows = (await conn.query<Record<string, unknown>>(`SELECT Id, (SELECT RelationId, Type FROM EventWhoRelations) FROM Event WHERE Id IN ('${named}', '${nobody}') ORDER BY Id`)).records;
    const relation = (id: string) => ({ attributes: expect.objectContaining({ type: 'EventWhoRelation' }) as unknown, RelationId: id, Type: 'Contact' });
    const nested = rows[0]!.EventWhoRelations as { records: Array<{ RelationId: string }> };
    nested.records.sort((a, b) => a.RelationId.localeCompare(b.RelationId));
    expect(nested).toEqual({ totalSize: 2, done: true, records: [maya, omar].sort().map(relation) });
    expect(rows[1]!.EventWhoRelations).toBeNull();
  });

  it('follow a change of the people: a new list replaces the rows, a new WhoId alone swaps the primary', async () => {
    const [maya, omar] = contacts as [string, string];
    const event = await create(conn, 'Event', { WhatId: accountId, EventWhoIds: [maya, omar], Subject: 'Review', ...MEETING });
    const people = async () => (await conn.query<{ RelationId: string }>(`SELECT RelationId FROM EventWhoRelation WHERE EventId = '${event}'`)).records.map((r) => r.RelationId).sort();
    await conn.sobject('Event').update({ Id: event, EventWhoIds: [omar] });
    expect(await people()).toEqual([omar]);
    expect((await conn.query<{ WhoId: string }>(`SELECT WhoId FROM Event WHERE Id = '${event}'`)).records[0]!.WhoId).toBe(omar);
    await conn.sobject('Event').update({ Id: event, EventWhoIds: [omar, maya] });
    await conn.sobject('Event').update({ Id: event, WhoId: stranger });
    expect(await people()).toEqual([maya, stranger].sort());
  });

  it('stay as strict as Salesforce: query-only, only their own fields, a lead alone, no JunctionIdList in SOQL', async () => {
    const [maya] = contacts as [string];
    await expect(conn.sobject('TaskWhoRelation').create({ TaskId: '00T000000000000AAA', RelationId: maya })).rejects.toMatchObject({ errorCode: 'INVALID_TYPE_FOR_OPERATION' });
    // IsWhat is TaskRelation's, not TaskWhoRelation's.
    await expect(conn.query('SELECT IsWhat FROM TaskWhoRelation')).rejects.toMatchObject({ errorCode: 'INVALID_FIELD' });
    await expect(conn.query('SELECT EventWhoIds FROM Event')).rejects.toMatchObject({ errorCode: 'INVALID_FIELD' });
    await expect(conn.query(`SELECT Id FROM TaskWhoRelation WHERE AccountId = 'nope'`)).rejects.toMatchObject({ errorCode: 'INVALID_QUERY_FILTER_OPERATOR' });
    await expect(conn.sobject('Task').create({ EventWhoIds: [maya], Subject: 'x', TaskSubtype: 'Call' })).rejects.toMatchObject({ errorCode: 'INVALID_FIELD' });
    await expect(conn.sobject('Task').create({ TaskWhoIds: [leadId, maya], Subject: 'x', TaskSubtype: 'Call' })).rejects.toMatchObject({ errorCode: 'FIELD_INTEGRITY_EXCEPTION' });
    await expect(conn.sobject('Task').create({ TaskWhoIds: [accountId], Subject: 'x', TaskSubtype: 'Call' })).rejects.toMatchObject({ errorCode: 'FIELD_INTEGRITY_EXCEPTION' });
    const describe = await conn.sobject('TaskWhoRelation').describe();
    expect([describe.createable, describe.updateable]).toEqual([false, false]);
    expect(describe.fields.map((f) => f.name).sort()).toEqual(['AccountId', 'CreatedById', 'CreatedDate', 'Id', 'IsDeleted', 'LastModifiedDate', 'RelationId', 'SystemModstamp', 'TaskId', 'Type']);
    expect(describe.fields.find((f) => f.name === 'RelationId')).toMatchObject({ referenceTo: ['Contact', 'Lead'], relationshipName: 'Relation', filterable: true });
    const task = await conn.sobject('Task').describe();
    expect(task.childRelationships.find((r) => r.relationshipName === 'TaskWhoRelations')).toMatchObject({ childSObject: 'TaskWhoRelation', field: 'TaskId' });
  });

  it('take up to 50 contacts per activity', async () => {
    const many: string[] = [];
    for (let i = 0; i < 51; i++) many.push(await create(conn, 'Contact', { AccountId: accountId, LastName: `Attendee ${i + 1}` }));
    const fifty = await create(conn, 'Event', { WhatId: accountId, EventWhoIds: many.slice(0, 50), Subject: 'All hands', ...MEETING });
    expect((await conn.query(`SELECT Id FROM EventWhoRelation WHERE EventId = '${fifty}'`)).totalSize).toBe(50);
    await expect(conn.sobject('Event').create({ WhatId: accountId, EventWhoIds: many, Subject: 'Too many', ...MEETING })).rejects.toMatchObject({ errorCode: 'FIELD_INTEGRITY_EXCEPTION' });
  });

  it('do not exist in an org without Shared Activities', async () => {
    await expect(without.query('SELECT Id, RelationId FROM TaskWhoRelation')).rejects.toMatchObject({ errorCode: 'INVALID_TYPE' });
    await expect(without.query('SELECT Id FROM EventWhoRelation')).rejects.toMatchObject({ errorCode: 'INVALID_TYPE' });
    await expect(without.query('SELECT Id, (SELECT RelationId FROM TaskWhoRelations) FROM Task')).rejects.toMatchObject({ errorCode: 'INVALID_TYPE' });
    const contact = (await without.query<{ Id: string }>('SELECT Id FROM Contact LIMIT 1')).records[0]!.Id;
    await expect(without.sobject('Event').create({ EventWhoIds: [contact], Subject: 'x', ...MEETING })).rejects.toMatchObject({ errorCode: 'INVALID_FIELD' });
  });
});
