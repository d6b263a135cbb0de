// What the sandbox sets on save, as Salesforce does, through jsforce 3.10: SystemModstamp on insert
// and update of Tasks, Events and Usage_Snapshot__c rows, and the read-only AccountId of Tasks and
// Events derived from WhatId (Account, Opportunity) or else WhoId (Contact) — so that an
// incremental sync can find them by `SystemModstamp >= … AND AccountId != null`.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Connection } from 'jsforce';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../sandbox/salesforce/server.ts';
import { connect, SF_AS_OF } from '../helpers/salesforce.ts';

const SEEDED_AT = Date.parse('2026-11-01T06:00:00.000Z');
let clock = SEEDED_AT;
let sb: SalesforceSandbox;
let conn: Connection;
let accounts: string[];

interface Rec { Id: string; AccountId: string | null; SystemModstamp: string; CreatedDate: string }

async function create(object: string, values: Record<string, unknown>): Promise<string> {
  const result = await conn.sobject(object).create(values);
  if (!result.success) throw new Error(`create ${object} failed`);
  return result.id;
}

async function read(object: string, id: string): Promise<Rec> {
  const rows = (await conn.query<Rec>(`SELECT Id, ${object === 'Usage_Snapshot__c' ? 'Account__c' : 'AccountId'}, SystemModstamp, CreatedDate FROM ${object} WHERE Id = '${id}'`)).records;
  return rows[0]!;
}

beforeAll(async () => {
  sb = await startSalesforceSandbox({ asOf: SF_AS_OF, orgs: [{ accounts: 6, seed: 'derived' }], now: () => clock });
  conn = connect(sb, sb.orgs[0]!);
  accounts = (await conn.query<{ Id: string }>('SELECT Id FROM Account ORDER BY Id')).records.map((r) => r.Id);
});

afterAll(async () => {
  await sb.close();
});

describe('Task and Event AccountId', () => {
  it('comes from WhatId when it is an Account or an Opportunity, else from a Contact WhoId, else null', async () => {
    const opportunity = (await conn.query<{ Id: string; AccountId: string }>(`SELECT Id, AccountId FROM Opportunity WHERE AccountId = '${accounts[1]}' LIMIT 1`)).records[0]!;
    const contact = (await conn.query<{ Id: string; AccountId: string }>(`SELECT Id, AccountId FROM Contact WHERE AccountId = '${accounts[2]}' LIMIT 1`)).records[0]!;
    const onAccount = await create('Task', { WhatId: accounts[0], Subject: 'Call', TaskSubtype: 'Call', Status: 'Completed' });
    const onOpportunity = await create('Task', { WhatId: opportunity.Id, Subject: 'Renewal call', TaskSubtype: 'Call', Status: 'Completed' });
    const withContact = await create('Event', { WhoId: contact.Id, Subject: 'QBR', ActivityDateTime: '2026-11-01T05:00:00.000+0000', DurationInMinutes: 30 });
    const alone = await create('Task', { Subject: 'Unrelated' });
    expect((await read('Task', onAccount)).AccountId).toBe(accounts[0]);
    expect((await read('Task', onOpportunity)).AccountId).toBe(accounts[1]);
    expect((await read('Event', withContact)).AccountId).toBe(accounts[2]);
    expect((await read('Task', alone)).AccountId).toBeNull();
  });

  it('is read-only: a create or update that sets it is refused', async () => {
    await expect(conn.sobject('Task').create({ AccountId: accounts[0], Subject: 'x' })).rejects.toMatchObject({ errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE' });
    const id = await create('Event', { WhatId: accounts[0], Subject: 'Meeting', ActivityDateTime: '2026-11-01T05:00:00.000+0000', DurationInMinutes: 30 });
    await expect(conn.sobject('Event').update({ Id: id, AccountId: accounts[1] })).rejects.toMatchObject({ errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE' });
    expect((await read('Event', id)).AccountId).toBe(accounts[0]);
  });

  it('follows WhatId when an update moves the activity to another account', async () => {
    const id = await create('Task', { WhatId: accounts[3], Subject: 'Email', TaskSubtype: 'Email' });
    await conn.sobject('Task').update({ Id: id, WhatId: accounts[4] });
    expect((await read('Task', id)).AccountId).toBe(accounts[4]);
  });
});

describe('SystemModstamp', () => {
  it('is set on insert and moved on update of Tasks, Events and usage rows, and found with AccountId != null', async () => {
    clock += 3_600_000;
    const since = '2026-11-01T07:00:00Z';
    const task = await create('Task', { WhatId: accounts[5], Subject: 'Call', TaskSubtype: 'Call' });
    const event = await create('Event', { WhatId: accounts[5], Subject: 'Meeting', ActivityDateTime: '2026-11-01T06:30:00.000+0000', DurationInMinutes: 30 });
    const usage = await create('Usage_Snapshot__c', { Account__c: accounts[5], Snapshot_Date__c: '2026-11-01', Active_Users__c: 12 });
    for (const [object, id] of [['Task', task], ['Event', event], ['Usage_Snapshot__c', usage]] as const) {
      const r = await read(object, id);
      expect(r.SystemModstamp).toBe('2026-11-01T07:00:00.000+0000');
      expect(r.CreatedDate).toBe(r.SystemModstamp);
    }
    const changedTasks = await conn.query<{ AccountId: string }>(`SELECT AccountId FROM Task WHERE SystemModstamp >= ${since} AND AccountId != null AND TaskSubtype IN ('Call', 'Email', 'Task')`);
    expect(changedTasks.records.map((r) => r.AccountId)).toEqual([accounts[5]]);
    const changedEvents = await conn.query<{ AccountId: string }>(`SELECT AccountId FROM Event WHERE SystemModstamp >= ${since} AND AccountId != null`);
    expect(changedEvents.records.map((r) => r.AccountId)).toEqual([accounts[5]]);
    const changedUsage = await conn.query<{ Account__c: string }>(`SELECT Account__c FROM Usage_Snapshot__c WHERE SystemModstamp >= ${since} AND Account__c != null`);
    expect(changedUsage.records.map((r) => r.Account__c)).toEqual([accounts[5]]);

    clock += 60_000;
    await conn.sobject('Usage_Snapshot__c').update({ Id: usage, Active_Users__c: 13 });
    const updated = await read('Usage_Snapshot__c', usage);
    expect(updated.SystemModstamp).toBe('2026-11-01T07:01:00.000+0000');
    expect(updated.CreatedDate).toBe('2026-11-01T07:00:00.000+0000');
  });
});
