// The HubSpot adapter and the portfolio sync against the sandbox, through the real SDK.
import { afterEach, describe, expect, it } from '@jest/globals';
import { Client } from '@hubspot/api-client';
import { scoreAccount } from '../../server/domain/engine.ts';
import { DEFAULT_ENGINE_CONFIG } from '../../server/domain/engine-config.ts';
import { PROPERTY_NAMES } from '../../server/domain/property-names.ts';
import { SentimentCache } from '../../server/domain/sentiment/cache.ts';
import { AccountSnapshot } from '../../server/domain/snapshot.ts';
import { AS_OF, harness, type Harness } from '../helpers/hubspot.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.sandbox.close();
  h = null;
});

const batchCalls = (r: { apiCalls: Record<string, number> }, kind: string) => r.apiCalls[kind] ?? 0;

async function companyProperties(hh: Harness, id: string): Promise<Record<string, string | null>> {
  const client = new Client({ accessToken: hh.sandbox.portals[0]!.accessToken, basePath: hh.sandbox.url });
  const company = await client.crm.companies.basicApi.getById(id, [...PROPERTY_NAMES]);
  return company.properties;
}

describe('provisioning', () => {
  it('creates the group and every property once; a second run writes nothing', async () => {
    h = await harness({ accounts: 2 });
    const first = await h.adapter.provisionProperties();
    expect(first.groupCreated).toBe(true);
    expect(first.created.sort()).toEqual([...PROPERTY_NAMES].sort());
    const before = h.adapter.usage().calls;
    const second = await h.adapter.provisionProperties();
    expect(second).toEqual({ groupCreated: false, created: [], existing: expect.arrayContaining([...PROPERTY_NAMES]), conflicts: [] });
    const after = h.adapter.usage().calls;
    expect(after['properties.create'] ?? 0).toBe(before['properties.create'] ?? 0);
    expect(after['properties.createGroup'] ?? 0).toBe(before['properties.createGroup'] ?? 0);
  });
});

describe('reading a portfolio', () => {
  it('rebuilds the generated customers faithfully: same scores from HubSpot data as from the source snapshots', async () => {
    h = await harness({ accounts: 12 });
    const seeded = h.sandbox.seeded(62515);
    const loaded = await h.adapter.loadAccounts(seeded.map((s) => s.companyId), AS_OF);
    expect(loaded.missing).toEqual([]);
    expect(loaded.invalid).toEqual([]);
    const deps = { config: DEFAULT_ENGINE_CONFIG, sentiment: new SentimentCache() };
    for (const { companyId, snapshot } of seeded) {
      const fromHubSpot = loaded.accounts.find((a) => a.accountId === companyId)!.snapshot;
      // HubSpot holds no objectives (CSMs keep them in the sidecar): compare without them.
      const source = AccountSnapshot.parse({ ...snapshot, objectives: [] });
      expect(fromHubSpot.tickets).toHaveLength(source.tickets.length);
      expect(fromHubSpot.tickets.reduce((n, t) => n + t.messages.length, 0)).toBe(source.tickets.reduce((n, t) => n + t.messages.length, 0));
      const a = scoreAccount(source, deps);
      const b = scoreAccount(fromHubSpot, deps);
      expect({ id: companyId, rob: b.rob.score, p: b.risk.renewalProbability, stoppers: b.plan.showStoppers.length }).toEqual({ id: companyId, rob: a.rob.score, p: a.risk.renewalProbability, stoppers: a.plan.showStoppers.length });
    }
  });
});

describe('reading a batch of accounts', () => {
  it('reads the company’s emails and its ticket threads’ emails together, in as few batches as their number needs', async () => {
    h = await harness({ accounts: 4 });
    const seeded = h.sandbox.seeded(62515);
    const ids = seeded.map((s) => s.companyId);
    // The emails linked to the companies and to their tickets, as HubSpot lists them.
    const client = new Client({ accessToken: h.sandbox.portals[0]!.accessToken, basePath: h.sandbox.url });
    const linked = async (from: string, to: string, of: string[]) =>
      (await client.crm.associations.v4.batchApi.getPage(from, to, { inputs: of.map((id) => ({ id })) })).results.flatMap((r) => r.to.map((t) => String(t.toObjectId)));
    const tickets = await linked('companies', 'tickets', ids);
    const emails = new Set([...(await linked('companies', 'emails', ids)), ...(await linked('tickets', 'emails', tickets))]);
    expect(emails.size).toBeGreaterThan(100); // enough that two separate reads would need one batch more
    const emailReads = () => h!.adapter.usage().calls['emails.batchRead'] ?? 0;
    const before = emailReads();
    const loaded = await h.adapter.loadAccounts(ids, AS_OF);
    // One read per 100 emails: not one for the company's and then more for the threads'.
    expect(emailReads() - before).toBe(Math.ceil(emails.size / 100));
    for (const { companyId, snapshot } of seeded) {
      const fromHubSpot = loaded.accounts.find((a) => a.accountId === companyId)!.snapshot;
      expect(fromHubSpot.tickets.reduce((n, t) => n + t.messages.length, 0)).toBe(snapshot.tickets.reduce((n, t) => n + t.messages.length, 0));
      expect(fromHubSpot.engagements.length).toBeGreaterThan(0);
    }
  });
});

describe('full sync', () => {
  it('writes every account, then a second sync over unchanged data writes nothing', async () => {
    h = await harness({ accounts: 30 });
    await h.adapter.provisionProperties();
    const first = await h.sync();
    expect(first).toMatchObject({ accountsRead: 30, accountsChanged: 30, unchanged: 0, failed: [], interrupted: false });
    // Every property is written: the plan summary is never blank (without objectives, which live
    // in the sidecar, it says none are agreed and lists suggested ones).
    expect(first.propertiesWritten).toBe(30 * PROPERTY_NAMES.length);
    const id = h.sandbox.seeded(62515)[0]!.companyId;
    const props = await companyProperties(h, id);
    expect(Number(props.success_rob_score)).toBeGreaterThanOrEqual(0);
    expect(['low', 'medium', 'high']).toContain(props.success_renewal_risk);

    const second = await h.sync();
    expect(second).toMatchObject({ accountsRead: 30, accountsChanged: 0, unchanged: 30, propertiesWritten: 0 });
    expect(batchCalls(second, 'companies.batchUpdate')).toBe(0);
  });

  it('never sends a batch over HubSpot’s limits', async () => {
    h = await harness({ accounts: 130 });
    await h.adapter.provisionProperties();
    await h.sync();
    const stats = h.sandbox.stats();
    for (const [route, statuses] of Object.entries(stats.byRoute)) expect({ route, bad: statuses['400'] ?? 0 }).toEqual({ route, bad: 0 });
  });
});

describe('rate limits', () => {
  it('keeps a portal inside its rolling 10-second budget: no 429 at all', async () => {
    h = await harness({ accounts: 20, perTenSeconds: 40 });
    await h.adapter.provisionProperties();
    const r = await h.sync();
    expect(r.apiCallsTotal).toBeGreaterThan(40); // the window had to roll at least once
    expect(r).toMatchObject({ accountsRead: 20, failed: [], rateLimited429: 0 });
    expect(h.sandbox.stats().rateLimited).toBe(0);
  }, 60_000);
});

describe('incremental sync', () => {
  it('reads only the companies that changed (own writes are not changes)', async () => {
    h = await harness({ accounts: 60 });
    await h.adapter.provisionProperties();
    const full = await h.sync();
    // Every company was modified by our own writes since the full sync started: none is a change.
    const fullStart = h.store.state!.lastCompletedStartMs!;
    const quiet = await h.sync({ kind: 'incremental', sinceMs: fullStart });
    expect(quiet.accountsRead).toBe(0);
    expect(quiet.skippedOwnWrites).toBe(60);

    const since = Date.now();
    const { companyIds } = h.sandbox.simulateActivity({ portalId: 62515, companyFraction: 0.1, seed: 'x' });
    const incremental = await h.sync({ kind: 'incremental', sinceMs: since });
    expect(incremental.accountsRead).toBe(companyIds.length);
    // One search per watched object type (companies, tickets, contacts, deals and the four kinds of
    // engagement) is paid however little changed; what follows scales with the changed companies.
    const searches = Object.entries(incremental.apiCalls).reduce((n, [kind, calls]) => n + (kind.endsWith('.search') ? calls : 0), 0);
    expect(searches).toBe(8);
    expect(incremental.apiCallsTotal - searches).toBeLessThan(full.apiCallsTotal * 0.3);
  });

  it('reads a company after a meeting or a call is logged on it, though the company itself did not change', async () => {
    h = await harness({ accounts: 6 });
    await h.adapter.provisionProperties();
    await h.sync();
    const [first, , third] = h.sandbox.seeded(62515).map((s) => s.companyId);
    const client = new Client({ accessToken: h.sandbox.portals[0]!.accessToken, basePath: h.sandbox.url });
    const modified = async (id: string) => (await client.crm.companies.basicApi.getById(id, ['hs_lastmodifieddate'])).properties.hs_lastmodifieddate;
    const before = await modified(first!);
    const since = Date.now();
    // Logged with its company (meeting → company 188, call → company 182), as HubSpot's activity APIs take it.
    const at = new Date(since).toISOString();
    await client.crm.objects.meetings.basicApi.create({ properties: { hs_timestamp: at, hs_meeting_title: 'QBR' }, associations: [{ to: { id: first! }, types: [{ associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId: 188 }] }] });
    await client.crm.objects.calls.basicApi.create({ properties: { hs_timestamp: at, hs_call_title: 'Check-in' }, associations: [{ to: { id: third! }, types: [{ associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId: 182 }] }] });
    expect(await modified(first!)).toBe(before);
    const changed = await h.adapter.changedAccounts(since);
    expect(changed.map((c) => c.accountId).sort()).toEqual([first, third].sort());
    expect(changed.every((c) => c.relatedChanged && c.modifiedAtMs === null)).toBe(true);
    const incremental = await h.sync({ kind: 'incremental', sinceMs: since });
    expect(incremental.accountsRead).toBe(2);
  });
});

describe('faults', () => {
  it('rides out 429 storms and 5xx errors, writing everything', async () => {
    h = await harness({ accounts: 40, sandbox: { faults: { seed: 'f', rateLimitBurstRate: 0.05, rateLimitBurstLength: 3, serverErrorRate: 0.05 } } });
    await h.adapter.provisionProperties();
    const r = await h.sync();
    expect(r).toMatchObject({ accountsRead: 40, accountsChanged: 40, failed: [] });
    expect(r.rateLimited429).toBeGreaterThan(0);
    expect(r.retries).toBeGreaterThan(0);
  });

  it('retries 207 partial failures per record', async () => {
    h = await harness({ accounts: 40, sandbox: { faults: { seed: 'p', partialFailureRate: 0.05 } } });
    await h.adapter.provisionProperties();
    const r = await h.sync();
    expect(r).toMatchObject({ accountsRead: 40, accountsChanged: 40, failed: [] });
  });

  it('reports records that keep failing instead of dropping them', async () => {
    h = await harness({ accounts: 10 });
    await h.adapter.provisionProperties();
    h.sandbox.setFaults({ seed: 'all', partialFailureRate: 1, partialFailureScope: 'update' });
    const r = await h.sync();
    expect(r.accountsChanged).toBe(0);
    expect(r.failed.map((f) => f.id).sort()).toEqual(h.sandbox.seeded(62515).map((s) => s.companyId).sort());
  });

  it('reports accounts it cannot read instead of aborting the sync', async () => {
    h = await harness({ accounts: 10 });
    await h.adapter.provisionProperties();
    h.sandbox.setFaults({ seed: 'reads', partialFailureRate: 1, partialFailureScope: 'read' });
    const r = await h.sync();
    expect(r.accountsRead).toBe(0);
    expect(r.failed).toHaveLength(10);
    expect(new Set(r.failed.map((f) => f.code))).toEqual(new Set(['read_failed']));
    expect(r.failed[0]!.message).toMatch(/kept failing to read/);
  });

  it('refreshes an access token that expires mid-sync and carries on', async () => {
    h = await harness({ accounts: 250, oauth: true });
    await h.adapter.provisionProperties();
    let expired = false;
    const r = await h.sync(undefined, {
      onProgress: () => {
        if (!expired) h!.sandbox.expireAccessTokens();
        expired = true;
      },
    });
    expect(r).toMatchObject({ accountsRead: 250, failed: [] });
    expect(h.sandbox.stats().byRoute['POST /oauth/2026-03/token']?.['200']).toBeGreaterThanOrEqual(1);
  });
});

describe('interruption', () => {
  it('resumes where it stopped, reading every account exactly once in all', async () => {
    h = await harness({ accounts: 250 });
    await h.adapter.provisionProperties();
    const abort = new AbortController();
    const first = await h.sync(undefined, { signal: abort.signal, onProgress: (p) => p.pages >= 1 && abort.abort() });
    expect(first.interrupted).toBe(true);
    expect(first.accountsRead).toBe(100);
    expect(h.store.state?.run?.cursor).not.toBeNull();
    const second = await h.sync();
    expect(second.resumed).toBe(true);
    expect(first.accountsRead + second.accountsRead).toBe(250);
    expect(h.store.state?.run).toBeNull();
  });
});
