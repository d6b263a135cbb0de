// Association reads that HubSpot fails inside a 207, through the real @hubspot/api-client against
// the sandbox (faults.associationFailures). Only OBJECT_NOT_FOUND means "this record has none"; an
// input failed for another reason is read again. One that keeps failing sets aside the companies
// it concerns (reported read_failed, kept in the sync state and read again by the next sync, incremental
// ones included, until it is read or given up) instead of scoring a company
// without its tickets or a meeting without the people in it; the rest of the page is scored.
// Callers that cannot set one company aside (webhooks, incremental candidates, the contact card) throw.
import { afterEach, describe, expect, it } from '@jest/globals';
import { Client } from '@hubspot/api-client';
import { AccountSnapshot } from '../../server/domain/snapshot.ts';
import { RETRY_GIVE_UP_AFTER } from '../../server/sync/retry.ts';
import { AS_OF, harness, PORTAL, type Harness } from '../helpers/hubspot.ts';
import { startStack } from '../helpers/sidecar.ts';
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
  const byId = new Map<string, string | null>();
  for (let i = 0; i < ids.length; i += 100) {
    const read = await hs.crm.companies.batchApi.read({ inputs: ids.slice(i, i + 100).map((id) => ({ id })), properties: ['success_rob_score'], propertiesWithHistory: [] });
    for (const r of read.results) byId.set(r.id, r.properties.success_rob_score ?? null);
  }
  return ids.map((id) => byId.get(id) ?? null);
}

/** The ids of `to` HubSpot associates with one record (through the v4 single-record read). */
async function linked(from: string, id: string, to: string): Promise<string[]> {
  const hs = new Client({ accessToken: h!.sandbox.portals[0]!.accessToken, basePath: h!.sandbox.url });
  return (await hs.crm.associations.v4.basicApi.getPage(from, id, to, undefined, 500)).results.map((r) => String(r.toObjectId));
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
  const notScored = (what: string, category = 'INTERNAL_ERROR') => `HubSpot kept failing to read ${what} (6 tries; ${category}); not scored on partial data`;

  it('leave out the company whose tickets cannot be read; the rest of its page and the pages after it are written', async () => {
    h = await harness({ accounts: 150 });
    await h.adapter.provisionProperties();
    const first = await h.adapter.listAccountIds(null);
    const second = await h.adapter.listAccountIds(first.next);
    expect(second.ids).toHaveLength(50);
    const bad = first.ids[7]!;
    h.sandbox.setFaults({ associationFailures: { from: 'companies', to: 'tickets', ids: [bad], category: 'RATE_LIMITS' } });
    const report = await h.sync();
    expect(report).toMatchObject({ interrupted: false, accountsRead: 149, accountsChanged: 149 });
    expect(report.failed).toEqual([{ id: bad, code: 'read_failed', message: notScored('the tickets associated with this company', 'RATE_LIMITS') }]);
    expect(h.store.state?.run).toBeNull();
    const all = [...first.ids, ...second.ids];
    expect((await scores(all)).map((s, i) => all[i] === bad || s !== null)).toEqual(all.map(() => true));
    expect(await scores([bad])).toEqual([null]);
    expect(Object.keys(h.store.state!.retry)).toEqual([bad]);

    // The next sync reads it again, and with HubSpot answering, scores and writes it.
    h.sandbox.setFaults(null);
    expect(await h.sync()).toMatchObject({ accountsRead: 150, accountsChanged: 1, unchanged: 149, failed: [] });
    expect(await scores([bad])).not.toEqual([null]);
    expect(h.store.state!.retry).toEqual({});
  });

  it('leave out the companies of a meeting whose participants cannot be read, not the others', async () => {
    h = await harness({ accounts: 10 });
    await h.adapter.provisionProperties();
    const ids = h.sandbox.seeded(PORTAL).map((s) => s.companyId);
    const company = ids[3]!;
    const meeting = (await linked('companies', company, 'meetings'))[0]!;
    expect(meeting).toBeDefined();
    const its = await linked('meetings', meeting, 'companies');
    expect(its).toContain(company);
    h.sandbox.setFaults({ associationFailures: { from: 'meetings', to: 'contacts', ids: [meeting] } });
    const report = await h.sync();
    expect(report).toMatchObject({ accountsRead: 10 - its.length, accountsChanged: 10 - its.length });
    expect(report.failed.sort((a, b) => a.id.localeCompare(b.id))).toEqual([...its].sort().map((id) => ({ id, code: 'read_failed', message: notScored(`the contacts of meeting ${meeting}`) })));
    expect((await scores(ids)).map((s) => s === null)).toEqual(ids.map((id) => its.includes(id)));

    h.sandbox.setFaults(null);
    expect(await h.sync()).toMatchObject({ accountsRead: 10, accountsChanged: its.length, failed: [] });
    expect((await scores(ids)).every((s) => s !== null)).toBe(true);
  });

  it('leave out the companies of an email whose contacts cannot be read, not the others', async () => {
    h = await harness({ accounts: 10 });
    await h.adapter.provisionProperties();
    const ids = h.sandbox.seeded(PORTAL).map((s) => s.companyId);
    // An email of the company's own (not a ticket's thread message), which names someone.
    const company = ids[2]!;
    const threads = new Set<string>();
    for (const ticket of await linked('companies', company, 'tickets')) for (const id of await linked('tickets', ticket, 'emails')) threads.add(id);
    let email: string | undefined;
    for (const id of await linked('companies', company, 'emails')) if (!email && !threads.has(id) && (await linked('emails', id, 'contacts')).length > 0) email = id;
    expect(email).toBeDefined();
    const its = await linked('emails', email!, 'companies');
    expect(its).toContain(company);
    h.sandbox.setFaults({ associationFailures: { from: 'emails', to: 'contacts', ids: [email!] } });
    const report = await h.sync();
    expect(report).toMatchObject({ accountsRead: 10 - its.length, accountsChanged: 10 - its.length });
    expect(report.failed.sort((a, b) => a.id.localeCompare(b.id))).toEqual([...its].sort().map((id) => ({ id, code: 'read_failed', message: notScored(`the contacts of email ${email}`) })));
    expect((await scores(ids)).map((s) => s === null)).toEqual(ids.map((id) => its.includes(id)));

    // With HubSpot answering again, the next sync reads and writes them, the email naming its contacts.
    h.sandbox.setFaults(null);
    expect(await h.sync()).toMatchObject({ accountsRead: 10, accountsChanged: its.length, failed: [] });
    expect((await scores(ids)).every((s) => s !== null)).toBe(true);
    const loaded = await h.adapter.loadAccounts([company], AS_OF);
    const named = new Set(loaded.accounts[0]!.snapshot.contacts.map((c) => c.id));
    const emailContacts = (await linked('emails', email!, 'contacts')).filter((id) => named.has(id));
    expect(loaded.accounts[0]!.snapshot.engagements.filter((e) => e.kind === 'email').some((e) => e.contactIds?.length && e.contactIds.every((id) => emailContacts.includes(id)))).toBe(true);
  });

  it('do not leave out a company for the contacts of a thread message HubSpot also associates with it (not one of its engagements)', async () => {
    h = await harness({ accounts: 10 });
    const ids = h.sandbox.seeded(PORTAL).map((s) => s.companyId);
    let company: string | undefined;
    let message: string | undefined;
    for (const id of ids) {
      for (const t of await linked('companies', id, 'tickets')) if (!message) [company, message] = [id, (await linked('tickets', t, 'emails'))[0]];
    }
    expect(message).toBeDefined();
    const hs = new Client({ accessToken: h.sandbox.portals[0]!.accessToken, basePath: h.sandbox.url });
    await hs.crm.associations.v4.batchApi.createDefault('companies', 'emails', { inputs: [{ _from: { id: company! }, to: { id: message! } }] });
    const clean = await h.adapter.loadAccounts(ids, AS_OF);
    h.sandbox.setFaults({ associationFailures: { from: 'emails', to: 'contacts', ids: [message!] } });
    expect(await h.adapter.loadAccounts(ids, AS_OF)).toEqual(clean);
  });

  it('leave out the company of a ticket whose thread cannot be read', async () => {
    h = await harness({ accounts: 10 });
    const ids = h.sandbox.seeded(PORTAL).map((s) => s.companyId);
    let company: string | undefined;
    let ticket: string | undefined;
    for (const id of ids) {
      for (const t of await linked('companies', id, 'tickets')) if (!ticket && (await linked('tickets', t, 'emails')).length > 0) [company, ticket] = [id, t];
    }
    expect(ticket).toBeDefined();
    h.sandbox.setFaults({ associationFailures: { from: 'tickets', to: 'emails', ids: [ticket!] } });
    const loaded = await h.adapter.loadAccounts(ids, AS_OF);
    expect(loaded.unreadable).toEqual([{ accountId: company, message: notScored(`the emails of ticket ${ticket}`) }]);
    expect(loaded.accounts.map((a) => a.accountId).sort()).toEqual(ids.filter((id) => id !== company).sort());
  });

  it('still fail the callers that cannot leave one out: webhooks, the incremental sync’s candidates and the contact card', async () => {
    h = await harness({ accounts: 3 });
    const company = h.sandbox.seeded(PORTAL)[0]!.companyId;
    const contact = (await linked('companies', company, 'contacts'))[0]!;
    h.sandbox.setFaults({ associationFailures: { to: 'companies' } });
    const kept = { name: 'CrmError', code: 'server', category: 'INTERNAL_ERROR', message: expect.stringMatching(/kept failing to read the companies of 1 contacts \(6 tries/) };
    // A change to the contact would otherwise reach no company: the webhook lookup fails (its events
    // stay unclaimed, for the next incremental sync), and so does the incremental sync (to run again from the same point).
    await expect(h.adapter.accountsOf('contacts', [contact])).rejects.toMatchObject(kept);
    await expect(h.adapter.changedAccounts(0)).rejects.toMatchObject({ name: 'CrmError', code: 'server' });
    // The contact card says HubSpot failed rather than showing a contact of no company.
    await expect(h.adapter.loadContactContext(contact)).rejects.toMatchObject(kept);
  });
});

describe('a company an incremental sync could not read', () => {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const incremental = () => h!.sync({ kind: 'incremental', sinceMs: h!.store.state!.lastCompletedStartMs! });

  /** A full sync, then someone overwrites one company's score: the next incremental sync sees that change, but HubSpot keeps failing to read its tickets. */
  async function failedInIncremental(): Promise<{ bad: string; right: string }> {
    h = await harness({ accounts: 10 });
    await h.adapter.provisionProperties();
    expect(await h.sync()).toMatchObject({ accountsChanged: 10, failed: [] });
    const bad = h.sandbox.seeded(PORTAL)[4]!.companyId;
    const [right] = await scores([bad]);
    const hs = new Client({ accessToken: h.sandbox.portals[0]!.accessToken, basePath: h.sandbox.url });
    await hs.crm.companies.basicApi.update(bad, { properties: { success_rob_score: right === '1' ? '2' : '1' } });
    await sleep(5);
    h.sandbox.setFaults({ associationFailures: { from: 'companies', to: 'tickets', ids: [bad] } });
    const report = await incremental();
    expect(report).toMatchObject({ mode: 'incremental', accountsRead: 0, retriedFailed: 0, failed: [{ id: bad, code: 'read_failed' }] });
    await sleep(5);
    return { bad, right: right! };
  }

  it('is read and written by the next incremental sync once HubSpot answers, though nothing of it changed since', async () => {
    const { bad, right } = await failedInIncremental();
    h!.sandbox.setFaults(null);
    expect(await h!.adapter.changedAccounts(h!.store.state!.lastCompletedStartMs!)).toEqual([]);
    expect(await incremental()).toMatchObject({ accountsRead: 1, accountsChanged: 1, retriedFailed: 1, failed: [], warnings: [] });
    expect(await scores([bad])).toEqual([right]);
    expect(h!.store.state!.retry).toEqual({});
    // Read once, it is not read again.
    await sleep(5);
    expect(await incremental()).toMatchObject({ accountsRead: 0, retriedFailed: 0 });
  });

  it('is read along with the changed ones, once, when it changed again too', async () => {
    const { bad } = await failedInIncremental();
    h!.sandbox.setFaults(null);
    const other = h!.sandbox.seeded(PORTAL)[6]!.companyId;
    const hs = new Client({ accessToken: h!.sandbox.portals[0]!.accessToken, basePath: h!.sandbox.url });
    await hs.crm.companies.basicApi.update(bad, { properties: { success_rob_score: '3' } });
    await hs.crm.companies.basicApi.update(other, { properties: { success_rob_score: '3' } });
    const report = await incremental();
    expect(report).toMatchObject({ accountsRead: 2, accountsChanged: 2, retriedFailed: 1, failed: [] });
  });

  it('that keeps failing is given up after RETRY_GIVE_UP_AFTER failed runs, with a warning, and then costs nothing', async () => {
    const { bad } = await failedInIncremental();
    for (let run = 2; run < RETRY_GIVE_UP_AFTER; run++) {
      const report = await incremental();
      expect(report).toMatchObject({ accountsRead: 0, retriedFailed: 1, failed: [{ id: bad, code: 'read_failed' }], warnings: [] });
      expect(h!.store.state!.retry[bad]?.failures).toBe(run);
      await sleep(5);
    }
    const last = await incremental();
    expect(last).toMatchObject({ retriedFailed: 1, failed: [{ id: bad, code: 'read_failed' }] });
    expect(last.warnings).toEqual([expect.stringMatching(new RegExp(`^gave up reading again 1 account\\(s\\) after ${RETRY_GIVE_UP_AFTER} consecutive failed syncs: ${bad} \\(read_failed: HubSpot kept failing to read the tickets`))]);
    expect(h!.store.state!.retry).toEqual({});
    await sleep(5);
    const before = associationReads();
    expect(await incremental()).toMatchObject({ accountsRead: 0, retriedFailed: 0, failed: [], warnings: [] });
    expect(associationReads()).toBe(before);
  }, 120_000);
});

describe('a company card whose associations HubSpot keeps failing to read', () => {
  it('answers 502 crm_data_unusable saying what failed, and is computed once HubSpot answers', async () => {
    const P = 76201;
    const stack = await startStack({ portals: [{ portalId: P, accounts: 2 }] });
    try {
      const company = stack.sandbox.seeded(P)[0]!.companyId;
      stack.sandbox.setFaults({ associationFailures: { from: 'companies', to: 'deals', ids: [company] } });
      const failed = await stack.signedFetch<{ error: { code: string; message: string } }>('POST', `/api/v1/hubspot/${P}/companies/${company}/recompute`);
      expect(failed.status).toBe(502);
      expect(failed.json.error).toEqual({ code: 'crm_data_unusable', message: 'HubSpot kept failing to read the deals associated with this company (6 tries; INTERNAL_ERROR); not scored on partial data' });
      stack.sandbox.setFaults(null);
      expect((await stack.signedFetch('POST', `/api/v1/hubspot/${P}/companies/${company}/recompute`)).status).toBe(200);
    } finally {
      await stack.close();
    }
  }, 60_000);
});

describe('the sidecar’s scheduled incremental sync', () => {
  it('reads again a company an earlier sync could not read, though nothing of it changed, from the portal’s stored sync state', async () => {
    const P = 76202;
    const portalId = String(P);
    const stack = await startStack({ portals: [{ portalId: P, accounts: 3 }] });
    try {
      const company = stack.sandbox.seeded(P)[0]!.companyId;
      const states = stack.sidecar.store.syncStateStore('hubspot', portalId);
      const history = async () => (await stack.sidecar.store.results.getHistory('hubspot', portalId, company, 1000)).length;
      stack.sandbox.setFaults({ associationFailures: { from: 'companies', to: 'tickets', ids: [company] } });
      await stack.sidecar.jobs.send('sync-portfolio', { crm: 'hubspot', portalId, mode: 'full' });
      await stack.waitForIdle();
      expect(Object.keys((await states.load())!.retry)).toEqual([company]);
      const before = await history();

      stack.sandbox.setFaults(null);
      await stack.sidecar.jobs.send('sync-portfolio', { crm: 'hubspot', portalId, mode: 'incremental' });
      await stack.waitForIdle();
      expect((await states.load())!.retry).toEqual({});
      expect(await history()).toBe(before + 1);
    } finally {
      await stack.close();
    }
  }, 90_000);

  it('takes the retry limits from the environment: with SYNC_RETRY_GIVE_UP_AFTER=1 a company it could not read is not kept', async () => {
    const P = 76203;
    const portalId = String(P);
    const stack = await startStack({ portals: [{ portalId: P, accounts: 3 }], env: { SYNC_RETRY_GIVE_UP_AFTER: '1' } });
    try {
      const company = stack.sandbox.seeded(P)[0]!.companyId;
      stack.sandbox.setFaults({ associationFailures: { from: 'companies', to: 'tickets', ids: [company] } });
      await stack.sidecar.jobs.send('sync-portfolio', { crm: 'hubspot', portalId, mode: 'full' });
      await stack.waitForIdle();
      const state = await stack.sidecar.store.syncStateStore('hubspot', portalId).load();
      expect(state!.lastCompletedStartMs).not.toBeNull();
      expect(state!.retry).toEqual({});
    } finally {
      await stack.close();
    }
  }, 90_000);
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
