// Login history (usage.loginHistory) through Salesforce, with the real jsforce against the sandbox:
// Usage_Snapshot__c.Logins__c comes back into the snapshot as seeded; an org whose object lacks the
// field refuses a query naming it (INVALID_FIELD, as Salesforce does), so the adapter reads it without
// the field once refused, with a warning, and any other missing field still fails the load.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SalesforceAdapter } from '../../server/crm/salesforce/adapter.ts';
import { SalesforceMapping } from '../../server/crm/salesforce/mapping.ts';
import { toCrmError } from '../../server/crm/salesforce/errors.ts';
import { DEFAULT_ENGINE_CONFIG } from '../../server/domain/engine-config.ts';
import { SentimentCache } from '../../server/domain/sentiment/cache.ts';
import { AccountSnapshot } from '../../server/domain/snapshot.ts';
import { runSync } from '../../server/sync/portfolio-sync.ts';
import { MemorySyncStateStore } from '../../server/sync/state.ts';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../sandbox/salesforce/server.ts';
import { adapterClient, connect, SF_AS_OF } from '../helpers/salesforce.ts';

let sb: SalesforceSandbox;
const engine = { config: DEFAULT_ENGINE_CONFIG, sentiment: new SentimentCache() };

const POINTS = [
  { date: '2026-08-01', logins30d: 410 },
  { date: '2026-09-01', logins30d: 0 },
  { date: '2026-09-20', logins30d: 377 }, // a date the active-users history does not have
  { date: '2026-10-01', logins30d: 402 },
];

function withLogins(base: AccountSnapshot, loginHistory: AccountSnapshot['usage']['loginHistory']): AccountSnapshot {
  return AccountSnapshot.parse({ ...base, usage: { ...base.usage, loginHistory } });
}

const adapterFor = (orgIndex: number, mapping?: SalesforceMapping) =>
  new SalesforceAdapter({ client: adapterClient(sb, sb.orgs[orgIndex]), ...(mapping ? { mapping } : {}), retryPolicy: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 20 } });

beforeAll(async () => {
  sb = await startSalesforceSandbox({
    asOf: SF_AS_OF,
    orgs: [
      { accounts: 4, seed: 'logins', ticketsPerAccount: 2 },
      { accounts: 4, seed: 'old-org', ticketsPerAccount: 2, withoutFields: ['Usage_Snapshot__c.Logins__c'] },
    ],
  });
  // The adapter reads our output fields too: they exist once provisioned.
  for (const i of [0, 1]) await adapterFor(i).provisionProperties();
});

afterAll(async () => {
  await sb.close();
});

describe('an org whose Usage_Snapshot__c has Logins__c', () => {
  it('brings the login history back exactly as seeded, next to the active-users history', async () => {
    const org = sb.orgs[0]!;
    const base = sb.seeded(org.orgId)[0]!.snapshot;
    const source = withLogins(base, POINTS);
    const id = sb.seedAccount(org.orgId, source);
    const loaded = await adapterFor(0).loadAccounts([id], SF_AS_OF);
    expect(loaded.invalid).toEqual([]);
    const usage = loaded.accounts[0]!.snapshot.usage;
    expect(JSON.stringify(usage.loginHistory)).toBe(JSON.stringify(POINTS));
    expect(JSON.stringify(usage.history)).toBe(JSON.stringify(source.usage.history));
    expect(usage.logins30d).toBe(source.usage.logins30d);
  });

  it('shares a row between the two histories on a date both have', async () => {
    const org = sb.orgs[0]!;
    const base = sb.seeded(org.orgId)[1]!.snapshot;
    const first = base.usage.history[0]!;
    const id = sb.seedAccount(org.orgId, withLogins(base, [{ date: first.date, logins30d: 123 }]));
    const rows = (await connect(sb, org).query<{ Snapshot_Date__c: string; Active_Users__c: number | null; Logins__c: number | null }>(`SELECT Snapshot_Date__c, Active_Users__c, Logins__c FROM Usage_Snapshot__c WHERE Account__c = '${id}' ORDER BY Snapshot_Date__c`)).records;
    expect(rows).toHaveLength(base.usage.history.length);
    expect(rows[0]).toMatchObject({ Snapshot_Date__c: first.date, Active_Users__c: first.activeUsers, Logins__c: 123 });
    expect(rows.slice(1).every((r) => r.Logins__c === null)).toBe(true);
  });
});

describe('an org whose Usage_Snapshot__c has no Logins__c', () => {
  it('refuses a query naming the field with INVALID_FIELD, as Salesforce does', async () => {
    const org = sb.orgs[1]!;
    let error: unknown;
    try {
      await connect(sb, org).query('SELECT Id, Logins__c FROM Usage_Snapshot__c');
    } catch (e) {
      error = e;
    }
    expect(toCrmError(error)).toMatchObject({ code: 'validation', category: 'INVALID_FIELD' });
  });

  it('with the default mapping, loads usage history without login history and says why in a warning', async () => {
    const org = sb.orgs[1]!;
    const seeded = sb.seeded(org.orgId);
    const adapter = adapterFor(1);
    const loaded = await adapter.loadAccounts(seeded.map((s) => s.accountId), SF_AS_OF);
    expect(loaded.invalid).toEqual([]);
    expect(loaded.accounts).toHaveLength(seeded.length);
    for (const { accountId, snapshot } of seeded) {
      const usage = loaded.accounts.find((a) => a.accountId === accountId)!.snapshot.usage;
      expect(usage.history.length).toBeGreaterThan(0);
      expect(usage.history).toEqual(snapshot.usage.history);
      expect(usage.loginHistory).toEqual([]);
    }
    expect(loaded.warnings).toEqual([expect.stringMatching(/Usage_Snapshot__c\.Logins__c.*usageHistory\.loginsField to null/)]);
    // The adapter remembers: a later load says it again, without asking for the field.
    const again = await adapter.loadAccounts([seeded[0]!.accountId], SF_AS_OF);
    expect(again.warnings).toEqual(loaded.warnings);
  });

  it('asks for the field once in a sync of several pages: one refused query more than a sync that never asks', async () => {
    const org = sb.orgs[1]!;
    const syncWith = async (mapping?: SalesforceMapping) => {
      const adapter = new SalesforceAdapter({ client: adapterClient(sb, org), pageSize: 2, ...(mapping ? { mapping } : {}) });
      const report = await runSync({ adapter, engine, store: new MemorySyncStateStore(), mode: { kind: 'full' }, asOf: SF_AS_OF, dryRun: true });
      return { report, calls: adapter.usage().calls };
    };
    const fallback = await syncWith();
    const never = await syncWith(SalesforceMapping.parse({ usageHistory: { loginsField: null } }));
    expect(fallback.report.accountsRead).toBe(sb.seeded(org.orgId).length);
    expect(fallback.report.failed).toEqual([]);
    expect(fallback.report.warnings).toHaveLength(1);
    expect(fallback.report.warnings[0]).toContain('Usage_Snapshot__c.Logins__c');
    expect(never.report.warnings).toEqual([]);
    // Two pages of two accounts, each reading its usage history: only the first asked for Logins__c.
    expect(never.calls.query).toBeGreaterThan(0);
    expect(fallback.calls.query).toBe(never.calls.query! + 1);
    expect({ ...fallback.calls, query: 0 }).toEqual({ ...never.calls, query: 0 });
    expect(fallback.report.apiCallsTotal).toBe(never.report.apiCallsTotal + 1);
  });

  it('still fails on any other field the usage object lacks', async () => {
    const org = sb.orgs[1]!;
    const ids = sb.seeded(org.orgId).map((s) => s.accountId);
    const adapter = adapterFor(1, SalesforceMapping.parse({ usageHistory: { activeUsersField: 'Seats_In_Use__c' } }));
    await expect(adapter.loadAccounts(ids, SF_AS_OF)).rejects.toMatchObject({ code: 'validation', category: 'INVALID_FIELD', message: expect.stringContaining("'Seats_In_Use__c'") as unknown });
  });

  it('with loginsField: null, loads usage history without login history', async () => {
    const org = sb.orgs[1]!;
    const seeded = sb.seeded(org.orgId);
    const loaded = await adapterFor(1, SalesforceMapping.parse({ usageHistory: { loginsField: null } })).loadAccounts(seeded.map((s) => s.accountId), SF_AS_OF);
    expect(loaded.accounts).toHaveLength(seeded.length);
    for (const { accountId, snapshot } of seeded) {
      const usage = loaded.accounts.find((a) => a.accountId === accountId)!.snapshot.usage;
      expect(usage.history).toEqual(snapshot.usage.history);
      expect(usage.loginHistory).toEqual([]);
    }
  });
});
