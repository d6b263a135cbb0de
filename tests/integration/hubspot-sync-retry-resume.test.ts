// The retry list across an incremental run that is interrupted and resumed from its checkpoint,
// through the real @hubspot/api-client against the sandbox. One logical run reads each id of the
// list once, whichever invocation reaches it; each invocation's report counts (retriedFailed) the
// listed ids it read itself, as accountsRead counts the accounts it read, so the counts of the
// interrupted part and the resumed part add up to the list.
import { afterEach, describe, expect, it } from '@jest/globals';
import { Client } from '@hubspot/api-client';
import { harness, PORTAL, type Harness } from '../helpers/hubspot.ts';

let h: Harness | undefined;

afterEach(async () => {
  await h?.sandbox.close();
  h = undefined;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('an incremental run with listed ids, interrupted and resumed', () => {
  it('reads each listed id once in all, counts each in the part that read it, and keeps what failed once', async () => {
    h = await harness({ accounts: 10 });
    await h.adapter.provisionProperties();
    const seeded = h.sandbox.seeded(PORTAL).map((s) => s.companyId);
    // A full sync HubSpot cannot read three companies' tickets in: they are listed.
    h.sandbox.setFaults({ associationFailures: { from: 'companies', to: 'tickets', ids: [seeded[1]!, seeded[4]!, seeded[7]!] } });
    expect(await h.sync()).toMatchObject({ accountsRead: 7, accountsChanged: 7 });
    const listed = Object.keys(h.store.state!.retry);
    expect(listed.sort()).toEqual([seeded[1], seeded[4], seeded[7]].sort());
    // HubSpot answers again, but for the first listed one (read in the interrupted part below).
    const stuck = listed[0]!;
    h.sandbox.setFaults({ associationFailures: { from: 'companies', to: 'tickets', ids: [stuck] } });
    // Three other companies change.
    const hs = new Client({ accessToken: h.sandbox.portals[0]!.accessToken, basePath: h.sandbox.url });
    const changed = [seeded[0]!, seeded[2]!, seeded[3]!];
    for (const id of changed) await hs.crm.companies.basicApi.update(id, { properties: { success_rob_score: '3' } });
    await sleep(5);

    const loaded: string[] = [];
    const load = h.adapter.loadAccounts.bind(h.adapter);
    h.adapter.loadAccounts = (ids, asOf) => {
      loaded.push(...ids);
      return load(ids, asOf);
    };
    const mode = { kind: 'incremental' as const, sinceMs: h.store.state!.lastCompletedStartMs! };
    // Pages of two: the three changed ones, then the listed ones; stopped after the second page.
    const abort = new AbortController();
    const first = await h.sync(mode, { pageSize: 2, signal: abort.signal, onProgress: (p) => p.pages >= 2 && abort.abort() });
    expect(first).toMatchObject({ interrupted: true, resumed: false, accountsRead: 3, retriedFailed: 1, failed: [{ id: stuck, code: 'read_failed' }] });
    expect(loaded).toHaveLength(4);
    expect(h.store.state!.retry[stuck]?.failures).toBe(2);

    const second = await h.sync(mode, { pageSize: 2 });
    expect(second).toMatchObject({ interrupted: false, resumed: true, accountsRead: 2, retriedFailed: 2, failed: [] });
    expect(first.retriedFailed + second.retriedFailed).toBe(listed.length);
    expect(loaded.sort()).toEqual([...changed, ...listed].sort());
    // The one that failed counts one failed run, not one per invocation, and stays listed.
    expect(h.store.state!.retry).toEqual({ [stuck]: expect.objectContaining({ failures: 2, code: 'read_failed' }) });
    expect(h.store.state!.run).toBeNull();

    // The next run is a new logical run: it reads the one still listed again, and counts it.
    h.sandbox.setFaults(null);
    await sleep(5);
    loaded.length = 0;
    expect(await h.sync({ kind: 'incremental', sinceMs: h.store.state!.lastCompletedStartMs! }, { pageSize: 2 })).toMatchObject({ resumed: false, accountsRead: 1, retriedFailed: 1, failed: [] });
    expect(loaded).toEqual([stuck]);
    expect(h.store.state!.retry).toEqual({});
  });

  it('stopped before its first page, reports no listed id read, and the resumed part reads and counts them all', async () => {
    h = await harness({ accounts: 6 });
    await h.adapter.provisionProperties();
    const seeded = h.sandbox.seeded(PORTAL).map((s) => s.companyId);
    h.sandbox.setFaults({ associationFailures: { from: 'companies', to: 'tickets', ids: [seeded[2]!, seeded[5]!] } });
    expect(await h.sync()).toMatchObject({ accountsRead: 4 });
    h.sandbox.setFaults(null);
    await sleep(5);
    const mode = { kind: 'incremental' as const, sinceMs: h.store.state!.lastCompletedStartMs! };
    const abort = new AbortController();
    abort.abort();
    expect(await h.sync(mode, { signal: abort.signal })).toMatchObject({ interrupted: true, accountsRead: 0, retriedFailed: 0 });
    expect(await h.sync(mode)).toMatchObject({ interrupted: false, resumed: true, accountsRead: 2, retriedFailed: 2, failed: [] });
    expect(h.store.state!.retry).toEqual({});
  });
});
