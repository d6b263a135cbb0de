// Association reads that HubSpot fails inside a 207, through the real @hubspot/api-client against
// the sandbox (faults.associationFailures). Only OBJECT_NOT_FOUND means "this record has none"; an
// input failed for another reason is read again, and one that keeps failing fails the sync's page
// instead of scoring a company without its tickets or a meeting without the people in it.
import { afterEach, describe, expect, it } from '@jest/globals';
import { Client } from '@hubspot/api-client';
import { AccountSnapshot } from '../../server/domain/snapshot.ts';
import { AS_OF, harness, PORTAL, type Harness } from '../helpers/hubspot.ts';
import { daysAgo, healthyInput } from '../helpers/snapshots.ts';

let h: Harness | undefined;

afterEach(async () => {
  await h?.sandbox.close();
  h = undefined;
});

const associationReads = () => h!.adapter.usage().calls['associations.batchRead'] ?? 0;

/** The score each company holds in the sandbox (null: never written). */
async function scores(ids: readonly string[]): Promise<Array<string | null>> {
  const hs = new Client({ accessToken: h!.sandbox.portals[0]!.accessToken, basePath: h!.sandbox.url });
  const read = await hs.crm.companies.batchApi.read({ inputs: ids.map((id) => ({ id })), properties: ['success_rob_score'], propertiesWithHistory: [] });
  const byId = new Map(read.results.map((r) => [r.id, r.properties.success_rob_score ?? null]));
  return ids.map((id) => byId.get(id) ?? null);
}

describe('association inputs HubSpot fails for a while', () => {
  it('are read again, and the accounts come out as they do without the failures', async () => {
    h = await harness({ accounts: 10 });
    const ids = h.sandbox.seeded(PORTAL).map((s) => s.companyId);
    const clean = await h.adapter.loadAccounts(ids, AS_OF);
    const cleanReads = associationReads();
    // What a wrong "none" would lose is there to lose: tickets, and people in meetings.
    expect(clean.accounts.some((a) => a.snapshot.tickets.length > 0)).toBe(true);
    expect(clean.accounts.some((a) => a.snapshot.engagements.some((e) => e.kind === 'meeting' && (e.contactIds?.length ?? 0) > 0))).toBe(true);

    // Every input of every pair fails its first two reads (a temporary error inside the 207).
    h.sandbox.setFaults({ associationFailures: { times: 2 } });
    expect(await h.adapter.loadAccounts(ids, AS_OF)).toEqual(clean);
    expect(associationReads() - cleanReads).toBe(3 * cleanReads);

    // The webhook path (records → their companies) too, here with a rate limit hit inside the batch.
    const contacts = [...new Set(clean.accounts.flatMap((a) => a.snapshot.contacts.map((c) => c.id)))];
    h.sandbox.setFaults(null);
    const companies = await h.adapter.accountsOf('contacts', contacts);
    h.sandbox.setFaults({ associationFailures: { to: 'companies', times: 1, category: 'RATE_LIMITS' } });
    expect((await h.adapter.accountsOf('contacts', contacts)).sort()).toEqual(companies.sort());
  });

  it('do not stop a sync, and what it writes is what a sync without them writes', async () => {
    h = await harness({ accounts: 10 });
    await h.adapter.provisionProperties();
    h.sandbox.setFaults({ associationFailures: { times: 1 } });
    expect(await h.sync()).toMatchObject({ accountsRead: 10, accountsChanged: 10, failed: [] });
    h.sandbox.setFaults(null);
    expect(await h.sync()).toMatchObject({ accountsRead: 10, accountsChanged: 0, unchanged: 10 });
  });
});

describe('association inputs HubSpot keeps failing', () => {
  it('fail the page loudly when who took part in the meetings cannot be read; none of its companies is written', async () => {
    h = await harness({ accounts: 10 });
    await h.adapter.provisionProperties();
    const ids = h.sandbox.seeded(PORTAL).map((s) => s.companyId);
    h.sandbox.setFaults({ associationFailures: { from: 'meetings', to: 'contacts' } });
    await expect(h.sync()).rejects.toMatchObject({ name: 'CrmError', code: 'server', category: 'INTERNAL_ERROR', message: expect.stringMatching(/kept failing to read the contacts of \d+ meetings \(6 tries/) });
    expect(await scores(ids)).toEqual(ids.map(() => null));
    h.sandbox.setFaults(null);
    expect(await h.sync()).toMatchObject({ accountsRead: 10, accountsChanged: 10, failed: [] });
  });

  it('stop the sync at that page, which the next sync reads again from its checkpoint', async () => {
    h = await harness({ accounts: 150 });
    await h.adapter.provisionProperties();
    const first = await h.adapter.listAccountIds(null);
    const second = await h.adapter.listAccountIds(first.next);
    expect(second.ids).toHaveLength(50);
    h.sandbox.setFaults({ associationFailures: { from: 'companies', to: 'tickets', ids: [second.ids[7]!], category: 'RATE_LIMITS' } });
    await expect(h.sync()).rejects.toMatchObject({ name: 'CrmError', code: 'rate_limited', category: 'RATE_LIMITS' });
    expect(h.store.state?.run?.cursor).toBe(first.next);
    expect((await scores(first.ids)).every((s) => s !== null)).toBe(true);
    expect(await scores(second.ids)).toEqual(second.ids.map(() => null));
    h.sandbox.setFaults(null);
    expect(await h.sync()).toMatchObject({ resumed: true, accountsRead: 50, accountsChanged: 50, failed: [] });
    expect((await scores(second.ids)).every((s) => s !== null)).toBe(true);
  });
});

describe('records without associations', () => {
  it('still read as having none (HubSpot’s OBJECT_NOT_FOUND), and are not read again', async () => {
    h = await harness({ accounts: 1 });
    const base = healthyInput();
    const quiet = AccountSnapshot.parse({ ...base, account: { ...base.account, id: 'quiet', name: 'Quiet Co' }, tickets: [], renewals: [], engagements: [{ at: daysAgo(5), kind: 'meeting', contactIds: [] }] });
    const id = h.sandbox.seedAccount(PORTAL, quiet);
    const before = associationReads();
    const loaded = await h.adapter.loadAccounts([id], AS_OF);
    expect(loaded.unreadable).toEqual([]);
    const snapshot = loaded.accounts[0]!.snapshot;
    expect(snapshot.tickets).toEqual([]);
    expect(snapshot.renewals).toEqual([]);
    expect(snapshot.engagements).toEqual([{ at: daysAgo(5), kind: 'meeting', contactIds: [] }]);
    // One read per pair asked: the company → its seven kinds of record, its meeting → contacts.
    expect(associationReads() - before).toBe(8);
  });
});
