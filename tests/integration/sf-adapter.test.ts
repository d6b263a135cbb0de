// What the Salesforce adapter does beyond the shared contract (tests/contract/crm-adapter.test.ts),
// with the real jsforce against the sandbox: incremental candidates by SystemModstamp over Account,
// Case, Contact, Opportunity, usage-history rows and the mapped Tasks and Events; lookups for the contact card and webhooks; 15-character ids; a
// clear error when our fields are hidden; the daily allowance in usage().
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Connection } from 'jsforce';
import { SalesforceAdapter } from '../../server/crm/salesforce/adapter.ts';
import { SalesforceMapping } from '../../server/crm/salesforce/mapping.ts';
import { DEFAULT_ENGINE_CONFIG } from '../../server/domain/engine-config.ts';
import { SentimentCache } from '../../server/domain/sentiment/cache.ts';
import { runSync, type SyncMode } from '../../server/sync/portfolio-sync.ts';
import { MemorySyncStateStore } from '../../server/sync/state.ts';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../sandbox/salesforce/server.ts';
import { adapterClient, connect, SF_AS_OF } from '../helpers/salesforce.ts';

let sb: SalesforceSandbox;
let conn: Connection;
let adapter: SalesforceAdapter;
const store = new MemorySyncStateStore();
const engine = { config: DEFAULT_ENGINE_CONFIG, sentiment: new SentimentCache() };
const sync = (mode: SyncMode) => runSync({ adapter, engine, store, mode, asOf: SF_AS_OF });

beforeAll(async () => {
  sb = await startSalesforceSandbox({ asOf: SF_AS_OF, orgs: [{ accounts: 60, seed: 'sfadapter', ticketsPerAccount: 2 }] });
  conn = connect(sb, sb.orgs[0]!);
  adapter = new SalesforceAdapter({ client: adapterClient(sb), retryPolicy: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 } });
});

afterAll(async () => {
  await sb.close();
});

describe('SalesforceAdapter', () => {
  it('says which field is hidden and how to fix it when the output fields are not provisioned', async () => {
    const [first] = (await adapter.listAccountIds(null)).ids;
    await expect(adapter.loadAccounts([first!], SF_AS_OF)).rejects.toMatchObject({ code: 'forbidden', message: expect.stringMatching(/Success_ROB_Score__c.*permission set/) as unknown });
  });

  it('finds the accounts whose record or related records changed since a moment, skipping its own writes', async () => {
    await adapter.provisionProperties();
    // SOQL datetimes have whole seconds: step past the second the org was seeded in.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const before = Date.now();
    const full = await sync({ kind: 'full' });
    expect(full).toMatchObject({ accountsRead: 60, accountsChanged: 60, failed: [] });

    const touched = sb.simulateActivity({ orgId: sb.orgs[0]!.orgId, accountFraction: 0.2, seed: 'inc' }).accountIds;
    expect(touched.length).toBeGreaterThan(0);
    const candidates = await adapter.changedAccounts(before);
    expect(candidates).toHaveLength(60);
    const related = candidates.filter((c) => c.relatedChanged).map((c) => c.accountId);
    expect(related.length).toBeGreaterThan(0);
    for (const id of related) expect(touched).toContain(id);

    const inc = await sync({ kind: 'incremental', sinceMs: before });
    expect(inc.accountsRead).toBe(touched.length);
    expect(inc.skippedOwnWrites).toBe(60 - touched.length);
    expect(inc.failed).toEqual([]);
  });

  it('recomputes exactly the accounts whose only change is a new usage row, task or event', async () => {
    // After the last write's second (SOQL datetimes have whole seconds), so nothing else is a candidate.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const since = Date.now();
    const [a, b, c] = (await adapter.listAccountIds(null)).ids.slice(-3);
    await conn.sobject('Usage_Snapshot__c').create({ Account__c: a, Snapshot_Date__c: SF_AS_OF.slice(0, 10), Active_Users__c: 1, Logins__c: 2 });
    await conn.sobject('Task').create({ WhatId: b, Subject: 'Call about the renewal', TaskSubtype: 'Call', Status: 'Completed' });
    await conn.sobject('Event').create({ WhatId: c, Subject: 'Quarterly review', ActivityDateTime: '2026-10-30T15:00:00.000+0000', DurationInMinutes: 60 });
    const before = adapter.usage().calls.query ?? 0;
    const candidates = await adapter.changedAccounts(since);
    expect(candidates.sort((x, y) => (x.accountId < y.accountId ? -1 : 1))).toEqual([a, b, c].sort().map((accountId) => ({ accountId, modifiedAtMs: null, relatedChanged: true })));
    // Account, Contact, Case, Opportunity, Usage_Snapshot__c, Task and Event: one query each.
    expect((adapter.usage().calls.query ?? 0) - before).toBe(7);

    const inc = await sync({ kind: 'incremental', sinceMs: since });
    expect(inc).toMatchObject({ mode: 'incremental', accountsRead: 3, skippedOwnWrites: 0, missing: 0, failed: [] });
  });

  it('watches only what the mapping reads: no usage object, only the mapped task subtypes, events when counted', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const since = Date.now();
    const narrow = new SalesforceAdapter({ client: adapterClient(sb), mapping: SalesforceMapping.parse({ usageHistory: null, engagements: { taskSubtypes: { Call: 'call' }, events: false } }) });
    const [a, b, c, d] = (await narrow.listAccountIds(null)).ids.slice(0, 4);
    await conn.sobject('Usage_Snapshot__c').create({ Account__c: a, Snapshot_Date__c: SF_AS_OF.slice(0, 10), Active_Users__c: 1 });
    await conn.sobject('Event').create({ WhatId: b, Subject: 'Lunch', ActivityDateTime: '2026-10-30T12:00:00.000+0000', DurationInMinutes: 60 });
    await conn.sobject('Task').create({ WhatId: c, Subject: 'Follow up', TaskSubtype: 'Task' });
    await conn.sobject('Task').create({ WhatId: d, Subject: 'Call', TaskSubtype: 'Call' });
    const listed = narrow.usage().calls.query ?? 0;
    expect(await narrow.changedAccounts(since)).toEqual([{ accountId: d, modifiedAtMs: null, relatedChanged: true }]);
    // Account, Contact, Case, Opportunity and Task: no usage or Event query.
    expect((narrow.usage().calls.query ?? 0) - listed).toBe(5);
    // The default mapping sees all four.
    expect((await adapter.changedAccounts(since)).map((x) => x.accountId).sort()).toEqual([a, b, c, d].sort());
  });

  it('reads our fields back as the engine wrote them, also for a 15-character id', async () => {
    const [id18] = (await adapter.listAccountIds(null)).ids;
    const id15 = id18!.slice(0, 15);
    const read = await adapter.readProperties([id15], ['success_renewal_risk', 'success_renewal_probability', 'Name']);
    const values = read.get(id15)!;
    expect(['low', 'medium', 'high']).toContain(values.success_renewal_risk);
    const p = Number(values.success_renewal_probability);
    expect(p).toBeGreaterThanOrEqual(0);
    expect(p).toBeLessThanOrEqual(1);
    expect(values.Name).toMatch(/\S/);
  });

  it('loads a contact with its account and open cases, and null for a contact it does not have', async () => {
    const rows = (await conn.query<{ Id: string; AccountId: string }>('SELECT Id, AccountId FROM Contact LIMIT 1')).records;
    const contact = rows[0]!;
    const open = (await conn.query<{ Id: string }>(`SELECT Id FROM Case WHERE ContactId = '${contact.Id}' AND IsClosed = false`)).records;
    const context = await adapter.loadContactContext(contact.Id);
    expect(context?.contact.id).toBe(contact.Id);
    expect(context?.accountIds).toEqual([contact.AccountId]);
    expect(context?.openTickets.map((t) => t.id).sort()).toEqual(open.map((c) => c.Id).sort());
    expect(await adapter.loadContactContext(`${contact.Id.slice(0, 11)}zzzz`)).toBeNull();
  });

  it('maps cases, contacts and opportunities to their accounts', async () => {
    const cases = (await conn.query<{ Id: string; AccountId: string }>('SELECT Id, AccountId FROM Case LIMIT 5')).records;
    const accounts = await adapter.accountsOf('tickets', cases.map((c) => c.Id));
    expect(accounts.sort()).toEqual([...new Set(cases.map((c) => c.AccountId))].sort());
    expect(await adapter.accountsOf('deals', [])).toEqual([]);
  });

  it('reports the org daily allowance as its budget', () => {
    const usage = adapter.usage();
    expect(usage.calls.query).toBeGreaterThan(0);
    expect(usage.budget.intervalMs).toBe(86_400_000);
    expect(usage.budget.max).toBe(sb.apiUsage(sb.orgs[0]!.orgId).max);
    expect(usage.budget.remaining).toBeGreaterThan(0);
  });

  it('resumes an interrupted full sync at its keyset cursor, reading every account once in all', async () => {
    const paged = new SalesforceAdapter({ client: adapterClient(sb), pageSize: 20 });
    const resumable = new MemorySyncStateStore();
    const abort = new AbortController();
    const first = await runSync({ adapter: paged, engine, store: resumable, mode: { kind: 'full' }, asOf: SF_AS_OF, signal: abort.signal, onProgress: (p) => p.pages === 1 && abort.abort() });
    expect(first).toMatchObject({ interrupted: true, accountsRead: 20 });
    const rest = await runSync({ adapter: paged, engine, store: resumable, mode: { kind: 'full' }, asOf: SF_AS_OF });
    expect(rest).toMatchObject({ resumed: true, interrupted: false, accountsRead: 40, failed: [] });
  });
});
