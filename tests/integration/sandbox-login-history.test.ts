// Login history (usage.loginHistory) through HubSpot: the sandbox keeps the logins property's
// history as HubSpot does, refuses a history read of more than 50 companies as HubSpot does, and the
// adapter, through the real @hubspot/api-client, brings a company's login history back as it was seeded.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from '@hubspot/api-client';
import { AccountSnapshot } from '../../server/domain/snapshot.ts';
import { AS_OF, harness, PORTAL, type Harness } from '../helpers/hubspot.ts';

let h: Harness;
let hs: Client;

/** A generated customer whose usage carries login history (the generator does not fill it yet). */
function withLogins(base: AccountSnapshot, logins30d: number | null, loginHistory: AccountSnapshot['usage']['loginHistory']): AccountSnapshot {
  return AccountSnapshot.parse({ ...base, usage: { ...base.usage, logins30d, loginHistory } });
}

const POINTS = [
  { date: '2026-08-01', logins30d: 410 },
  { date: '2026-09-01', logins30d: 388 },
  { date: '2026-10-01', logins30d: 0 },
  { date: '2026-11-01', logins30d: 395 },
];

beforeAll(async () => {
  h = await harness({ accounts: 60 });
  hs = new Client({ accessToken: h.sandbox.portals[0]!.accessToken, basePath: h.sandbox.url });
});

afterAll(async () => {
  await h.sandbox.close();
});

describe('the sandbox', () => {
  it('keeps the logins property’s history, newest first, the current value at its head', async () => {
    const base = h.sandbox.seeded(PORTAL)[0]!.snapshot;
    const id = h.sandbox.seedAccount(PORTAL, withLogins(base, 395, POINTS));
    const res = await hs.crm.companies.batchApi.read({ inputs: [{ id }], properties: ['logins_last_30_days'], propertiesWithHistory: ['logins_last_30_days', 'active_users'] });
    const company = res.results[0]!;
    expect(company.properties.logins_last_30_days).toBe('395');
    const history = company.propertiesWithHistory!.logins_last_30_days!;
    expect(history.map((e) => [e.value, e.timestamp.toISOString()])).toEqual([
      ['395', AS_OF],
      ['0', '2026-10-01T00:00:00.000Z'],
      ['388', '2026-09-01T00:00:00.000Z'],
      ['410', '2026-08-01T00:00:00.000Z'],
    ]);
    expect(history.every((e) => e.sourceType === 'INTEGRATION')).toBe(true);
    expect(company.propertiesWithHistory!.active_users![0]!.value).toBe(String(base.usage.activeUsers));
  });

  it('refuses a batch read with history of more than 50 inputs, as HubSpot does; 50 with history and more without are fine', async () => {
    const ids = h.sandbox.seeded(PORTAL).map((s) => s.companyId);
    expect(ids.length).toBeGreaterThanOrEqual(51);
    let error: { code?: number; body?: { category?: string; message?: string } } | undefined;
    try {
      await hs.crm.companies.batchApi.read({ inputs: ids.slice(0, 51).map((id) => ({ id })), properties: [], propertiesWithHistory: ['logins_last_30_days'] });
    } catch (e) {
      error = e as typeof error;
    }
    expect(error?.code).toBe(400);
    expect(error?.body).toMatchObject({ category: 'VALIDATION_ERROR', message: expect.stringContaining('property histories is 50') });
    const fifty = await hs.crm.companies.batchApi.read({ inputs: ids.slice(0, 50).map((id) => ({ id })), properties: [], propertiesWithHistory: ['logins_last_30_days'] });
    expect(fifty.results).toHaveLength(50);
    const plain = await hs.crm.companies.batchApi.read({ inputs: ids.slice(0, 60).map((id) => ({ id })), properties: ['name'], propertiesWithHistory: [] });
    expect(plain.results).toHaveLength(60);
  });
});

describe('the adapter', () => {
  it('brings a company’s login history back exactly as seeded, next to its active-users history', async () => {
    const base = h.sandbox.seeded(PORTAL)[1]!.snapshot;
    const source = withLogins(base, 395, POINTS);
    const id = h.sandbox.seedAccount(PORTAL, source);
    const loaded = await h.adapter.loadAccounts([id], AS_OF);
    const snapshot = loaded.accounts[0]!.snapshot;
    expect(JSON.stringify(snapshot.usage.loginHistory)).toBe(JSON.stringify(POINTS));
    expect(snapshot.usage.logins30d).toBe(395);
    // Active users: the seed's earlier points, then the current value at the snapshot's date.
    expect(snapshot.usage.history.at(-1)).toEqual({ date: AS_OF.slice(0, 10), activeUsers: base.usage.activeUsers });
  });

  it('keeps a login history whose current value is blank (cleared), and has none when the company has none', async () => {
    const base = h.sandbox.seeded(PORTAL)[2]!.snapshot;
    const cleared = h.sandbox.seedAccount(PORTAL, withLogins(base, null, POINTS.slice(0, 3)));
    const none = h.sandbox.seedAccount(PORTAL, withLogins(base, null, []));
    const loaded = await h.adapter.loadAccounts([cleared, none], AS_OF);
    const byId = new Map(loaded.accounts.map((a) => [a.accountId, a.snapshot]));
    expect(byId.get(cleared)!.usage).toMatchObject({ logins30d: null });
    expect(JSON.stringify(byId.get(cleared)!.usage.loginHistory)).toBe(JSON.stringify(POINTS.slice(0, 3)));
    expect(byId.get(none)!.usage).toMatchObject({ logins30d: null, loginHistory: [] });
  });

  it('reads more than 50 companies with history in batches of 50, none refused', async () => {
    const ids = h.sandbox.seeded(PORTAL).map((s) => s.companyId);
    h.sandbox.resetStats();
    const before = h.adapter.usage().calls['companies.batchRead'] ?? 0;
    const loaded = await h.adapter.loadAccounts(ids, AS_OF);
    expect(loaded.accounts).toHaveLength(ids.length);
    expect((h.adapter.usage().calls['companies.batchRead'] ?? 0) - before).toBe(Math.ceil(ids.length / 50));
    expect(h.sandbox.stats().byRoute['POST /crm/v3/objects/:type/batch/read']?.['400'] ?? 0).toBe(0);
  });
});
