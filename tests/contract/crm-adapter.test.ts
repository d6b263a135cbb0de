// The CRM adapter contract: the same cases against every adapter on its own sandbox (HubSpot
// through the real @hubspot/api-client, Salesforce through the real jsforce). What is counted
// comes from the sandboxes' own request stats, not from the adapters.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CrmAdapter, CrmLimits } from '../../server/crm/port.ts';
import { SalesforceAdapter } from '../../server/crm/salesforce/adapter.ts';
import { DEFAULT_ENGINE_CONFIG } from '../../server/domain/engine-config.ts';
import { SentimentCache } from '../../server/domain/sentiment/cache.ts';
import { runSync, type SyncOptions, type SyncReport } from '../../server/sync/portfolio-sync.ts';
import { MemorySyncStateStore } from '../../server/sync/state.ts';
import { startSalesforceSandbox } from '../../sandbox/salesforce/server.ts';
import { AS_OF, harness } from '../helpers/hubspot.ts';
import { adapterClient, SF_AS_OF } from '../helpers/salesforce.ts';

const ACCOUNTS = 120;

interface Rig {
  adapter: CrmAdapter;
  /** Routes as the sandbox's stats name them. */
  routes: { writeRecords: string; tokenRefresh: string };
  /** Requests per route and status since the last reset. */
  byRoute(): Record<string, Record<string, number>>;
  requests(): number;
  resetStats(): void;
  /** Calls provisioning made that change the CRM's schema or permissions. */
  provisioningWrites(before: Record<string, number>): number;
  expireTokens(): void;
  /** A well-formed account id the CRM does not have. */
  absentId(existing: string): string;
  /** The limits each CRM documents. */
  documentedLimits: CrmLimits;
  sync(extra?: Partial<SyncOptions>): Promise<SyncReport>;
  close(): Promise<void>;
}

const engine = { config: DEFAULT_ENGINE_CONFIG, sentiment: new SentimentCache() };

async function hubspotRig(): Promise<Rig> {
  const h = await harness({ accounts: ACCOUNTS, oauth: true });
  return {
    adapter: h.adapter,
    routes: { writeRecords: 'POST /crm/v3/objects/:type/batch/update', tokenRefresh: 'POST /oauth/2026-03/token' },
    byRoute: () => h.sandbox.stats().byRoute,
    requests: () => h.sandbox.stats().requests,
    resetStats: () => h.sandbox.resetStats(),
    provisioningWrites: () => {
      const r = h.sandbox.stats().byRoute;
      return ['POST /crm/v3/properties/:type', 'POST /crm/v3/properties/:type/groups'].reduce((n, k) => n + Object.values(r[k] ?? {}).reduce((a, b) => a + b, 0), 0);
    },
    expireTokens: () => h.sandbox.expireAccessTokens(),
    absentId: () => '999999999999',
    documentedLimits: { textMaxLength: 65_536, readBatch: 100, writeBatch: 100 },
    sync: (extra = {}) => runSync({ adapter: h.adapter, engine, store: h.store, mode: { kind: 'full' }, asOf: AS_OF, ...extra }),
    close: () => h.sandbox.close(),
  };
}

async function salesforceRig(): Promise<Rig> {
  const sb = await startSalesforceSandbox({ asOf: SF_AS_OF, orgs: [{ accounts: ACCOUNTS, seed: 'contract', ticketsPerAccount: 3 }] });
  const adapter = new SalesforceAdapter({ client: adapterClient(sb), pageSize: 50, retryPolicy: { maxAttempts: 5, baseDelayMs: 5, maxDelayMs: 50 } });
  const store = new MemorySyncStateStore();
  return {
    adapter,
    routes: { writeRecords: 'PATCH /services/data/:version/composite/sobjects', tokenRefresh: 'POST /services/oauth2/token' },
    byRoute: () => sb.stats().byRoute,
    requests: () => sb.stats().requests,
    resetStats: () => sb.resetStats(),
    // The Metadata API is one SOAP route for reads and saves alike: saves are told apart by the
    // adapter's own count; the permission set assignment is a REST create.
    provisioningWrites: (before) => {
      const r = sb.stats().byRoute;
      const creates = Object.values(r['POST /services/data/:version/sobjects/:type'] ?? {}).reduce((a, b) => a + b, 0);
      const soap = Object.values(r['POST /services/Soap/m/:version'] ?? {}).reduce((a, b) => a + b, 0);
      const reads = (adapter.usage().calls.metadataRead ?? 0) - (before.metadataRead ?? 0);
      return creates + soap - reads;
    },
    expireTokens: () => sb.expireAccessTokens(),
    absentId: (existing) => `${existing.slice(0, 11)}zzzz`,
    documentedLimits: { textMaxLength: 32_768, readBatch: 2_000, writeBatch: 200 },
    sync: (extra = {}) => runSync({ adapter, engine, store, mode: { kind: 'full' }, asOf: SF_AS_OF, ...extra }),
    close: () => sb.close(),
  };
}

const count = (byRoute: Record<string, Record<string, number>>, route: string, status?: string): number =>
  Object.entries(byRoute[route] ?? {}).reduce((n, [s, c]) => n + (status === undefined || s === status ? c : 0), 0);

describe.each([
  ['hubspot', hubspotRig],
  ['salesforce', salesforceRig],
] as const)('%s adapter', (crm, makeRig) => {
  let rig: Rig;
  let ids: string[] = [];

  beforeAll(async () => {
    rig = await makeRig();
  });

  afterAll(async () => {
    await rig.close();
  });

  it('states its own limits', () => {
    expect(rig.adapter.crm).toBe(crm);
    expect(rig.adapter.limits).toEqual(rig.documentedLimits);
  });

  it('lists every account once, in pages', async () => {
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const page = await rig.adapter.listAccountIds(cursor);
      pages.push(page.ids);
      cursor = page.next;
    } while (cursor !== null && pages.length < 50);
    ids = pages.flat();
    expect(pages.length).toBeGreaterThan(1);
    expect(new Set(ids).size).toBe(ACCOUNTS);
    for (const page of pages) expect(page.length).toBeLessThanOrEqual(rig.adapter.limits.readBatch);
  });

  it('provisions its fields, and a second time changes nothing', async () => {
    const first = await rig.adapter.provisionProperties();
    expect(first.conflicts).toEqual([]);
    expect(first.created.length + first.existing.length).toBe(11);
    rig.resetStats();
    const before = { ...rig.adapter.usage().calls };
    const second = await rig.adapter.provisionProperties();
    expect(second).toMatchObject({ groupCreated: false, created: [], conflicts: [] });
    expect(second.existing).toHaveLength(11);
    expect(rig.provisioningWrites(before)).toBe(0);
  });

  it('loads accounts with their related records in batched calls, and names the ones it does not have', async () => {
    rig.resetStats();
    const absent = rig.absentId(ids[0]!);
    const loaded = await rig.adapter.loadAccounts([...ids, absent], crm === 'hubspot' ? AS_OF : SF_AS_OF);
    expect(loaded.accounts.map((a) => a.accountId).sort()).toEqual([...ids].sort());
    expect(loaded.missing).toEqual([absent]);
    expect(loaded.invalid).toEqual([]);
    expect(loaded.unreadable).toEqual([]);
    const tickets = loaded.accounts.flatMap((a) => a.snapshot.tickets);
    expect(tickets.length).toBeGreaterThan(ACCOUNTS);
    expect(tickets.some((t) => t.messages.some((m) => m.from === 'customer'))).toBe(true);
    expect(loaded.accounts.filter((a) => a.snapshot.contacts.length > 0).length).toBeGreaterThan(ACCOUNTS / 2);
    // Batched: many records per call, never a call per account.
    const records = loaded.accounts.reduce((n, a) => n + 1 + a.snapshot.tickets.length + a.snapshot.contacts.length + a.snapshot.engagements.length + a.snapshot.renewals.length, 0);
    expect(records / rig.requests()).toBeGreaterThan(10);
  });

  it('writes only what changed: a second sync over the same data makes no write calls', async () => {
    rig.resetStats();
    const first = await rig.sync();
    expect(first).toMatchObject({ accountsRead: ACCOUNTS, failed: [], missing: 0 });
    expect(first.accountsChanged).toBe(ACCOUNTS);
    expect(count(rig.byRoute(), rig.routes.writeRecords, '200')).toBeGreaterThan(0);
    expect(first.apiCallsTotal).toBeGreaterThan(0);

    rig.resetStats();
    const second = await rig.sync();
    expect(second).toMatchObject({ accountsRead: ACCOUNTS, accountsChanged: 0, propertiesWritten: 0, unchanged: ACCOUNTS, failed: [] });
    expect(count(rig.byRoute(), rig.routes.writeRecords)).toBe(0);
  });

  it('reports a record that cannot be written with the port code, and writes the others', async () => {
    const absent = rig.absentId(ids[1]!);
    const out = await rig.adapter.writeProperties([
      { accountId: ids[1]!, properties: { success_next_best_step: `contract ${crm}` } },
      { accountId: absent, properties: { success_next_best_step: `contract ${crm}` } },
    ]);
    expect(out.written.map((w) => w.accountId)).toEqual([ids[1]]);
    expect(out.failed).toEqual([expect.objectContaining({ accountId: absent, code: 'not_found', nativeCode: expect.stringMatching(/\S/) as unknown })]);
    const read = await rig.adapter.readProperties([ids[1]!], ['success_next_best_step']);
    expect(read.get(ids[1]!)).toEqual({ success_next_best_step: `contract ${crm}` });
  });

  it('refreshes a token that expires mid-run and completes the run', async () => {
    rig.resetStats();
    let expired = false;
    const r = await rig.sync({
      onProgress: () => {
        if (!expired) rig.expireTokens();
        expired = true;
      },
    });
    expect(expired).toBe(true);
    expect(r).toMatchObject({ accountsRead: ACCOUNTS, failed: [], interrupted: false });
    expect(count(rig.byRoute(), rig.routes.tokenRefresh, '200')).toBeGreaterThanOrEqual(1);
    // The one account changed by hand above is put back; nothing else is written.
    expect(r.accountsChanged).toBe(1);
  });
});
