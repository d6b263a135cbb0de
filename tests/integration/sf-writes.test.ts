// Write-back with the real jsforce against the sandbox: ≤ 200 records per collections call, only
// changed fields, 503s and row locks retried with backoff, per-record errors and the daily limit
// reported, nothing dropped.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { Connection } from 'jsforce';
import { provision } from '../../server/crm/salesforce/provision.ts';
import { changedFields, writeAccounts, type AccountUpdate, type WriteDeps } from '../../server/crm/salesforce/writes.ts';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../sandbox/salesforce/server.ts';
import { adapterClient, connect, SF_AS_OF } from '../helpers/salesforce.ts';

let sb: SalesforceSandbox;
let conn: Connection;
let accountIds: string[];
const sleeps: number[] = [];
const deps: WriteDeps = {
  now: () => Date.parse('2026-11-01T09:00:00Z'),
  sleep: (ms) => {
    sleeps.push(ms);
    return Promise.resolve();
  },
  random: () => 0.5,
  policy: { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 2000 },
};

function updates(score: number, count = accountIds.length): AccountUpdate[] {
  return accountIds.slice(0, count).map((accountId, i) => ({ accountId, fields: { Success_ROB_Score__c: score + (i % 10) / 10, Success_Renewal_Risk__c: i % 2 ? 'High' : 'Low' } }));
}

beforeAll(async () => {
  sb = await startSalesforceSandbox({ asOf: SF_AS_OF, orgs: [{ accounts: 450, seed: 'sfwb', ticketsPerAccount: 1 }] });
  conn = connect(sb, sb.orgs[0]!);
  await provision(adapterClient(sb));
  accountIds = (await conn.query<{ Id: string }>('SELECT Id FROM Account ORDER BY Id').run({ autoFetch: true, maxFetch: 10_000 })).records.map((r) => r.Id);
});

afterAll(async () => {
  await sb.close();
});

afterEach(() => {
  sb.setFaults(null);
  sleeps.length = 0;
});

describe('writeAccounts', () => {
  it('writes 450 accounts in 200 + 200 + 50 and a second pass with unchanged values sends nothing', async () => {
    sb.resetStats();
    const out = await writeAccounts(adapterClient(sb), updates(50), deps);
    expect(out.written).toHaveLength(450);
    expect(out.failed).toEqual([]);
    expect(sb.stats().collectionSizes).toEqual([200, 200, 50]);
    const current = new Map((await conn.query<Record<string, unknown> & { Id: string }>('SELECT Id, Success_ROB_Score__c, Success_Renewal_Risk__c FROM Account').run({ autoFetch: true, maxFetch: 10_000 })).records.map((r) => [r.Id, r]));
    const again = updates(50).map((u) => ({ accountId: u.accountId, fields: changedFields(current.get(u.accountId) ?? {}, u.fields) }));
    sb.resetStats();
    const second = await writeAccounts(adapterClient(sb), again, deps);
    expect(second).toEqual({ written: [], failed: [] });
    expect(sb.stats().collectionSizes).toEqual([]);
  });

  it('retries whole calls that get 503 and records that stay locked, until every record is written', async () => {
    sb.setFaults({ seed: 'w', writeErrorRate: 0.4, lockErrorRate: 0.2 });
    sb.resetStats();
    const out = await writeAccounts(adapterClient(sb), updates(60), deps);
    expect(out.failed).toEqual([]);
    expect(new Set(out.written.map((w) => w.accountId)).size).toBe(450);
    const routes = sb.stats().byRoute['PATCH /services/data/:version/composite/sobjects'] ?? {};
    expect(routes['503']).toBeGreaterThan(0);
    expect(sleeps.length).toBeGreaterThan(0);
    expect(Math.max(...sb.stats().collectionSizes)).toBeLessThanOrEqual(200);
  });

  it('reports every record when the calls keep failing, and per-record errors without retrying them', async () => {
    sb.setFaults({ writeErrorRate: 1 });
    const down = await writeAccounts(adapterClient(sb), updates(70, 250), deps);
    expect(down.written).toEqual([]);
    expect(down.failed).toHaveLength(250);
    expect(down.failed[0]).toMatchObject({ code: 'server', nativeCode: 'SERVER_UNAVAILABLE' });
    sb.setFaults(null);
    sb.resetStats();
    const mixed = await writeAccounts(adapterClient(sb), [
      { accountId: accountIds[0]!, fields: { Success_Renewal_Risk__c: 'Extreme' } },
      { accountId: accountIds[1]!, fields: { Success_ROB_Score__c: 99.9 } },
    ], deps);
    expect(mixed.written.map((w) => w.accountId)).toEqual([accountIds[1]]);
    expect(mixed.failed).toEqual([{ accountId: accountIds[0], code: 'validation', nativeCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', message: expect.stringContaining('Extreme') }]);
    expect(sb.stats().collectionSizes).toEqual([2]);
  });

  it('the daily limit fails the batch at once, without retries', async () => {
    const orgId = sb.orgs[0]!.orgId;
    sb.setApiLimit({ consume: { orgId, count: sb.apiUsage(orgId).max } });
    sb.resetStats();
    const out = await writeAccounts(adapterClient(sb), updates(80, 10), deps);
    expect(out.failed.map((f) => [f.code, f.nativeCode])).toEqual(Array(10).fill(['rate_limited', 'REQUEST_LIMIT_EXCEEDED']));
    expect(sb.stats().byRoute['PATCH /services/data/:version/composite/sobjects']).toEqual({ '403': 1 });
  });
});
