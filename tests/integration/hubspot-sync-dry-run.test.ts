// A dry run (computes, writes nothing) must not change what a real run will read or write, through
// the real @hubspot/api-client against the sandbox: it leaves the sync state as it found it — no
// checkpoint for a real run to resume past pages it never wrote, no `lastCompletedStartMs` for a
// `--since last` run to skip changes it never wrote, the retry list as it was — and it neither
// resumes nor moves the checkpoint of an interrupted real run. An interrupted dry run starts over.
// The runs stopped part-way are incremental ones from the epoch (every company, in pages of two):
// a full run's pages are HubSpot's list pages of 100, and one checkpoint serves both modes alike.
import { afterEach, describe, expect, it } from '@jest/globals';
import { Client } from '@hubspot/api-client';
import { harness, PORTAL, type Harness } from '../helpers/hubspot.ts';

let h: Harness | undefined;

afterEach(async () => {
  await h?.sandbox.close();
  h = undefined;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function hubspot(hh: Harness): Client {
  return new Client({ accessToken: hh.sandbox.portals[0]!.accessToken, basePath: hh.sandbox.url });
}

/** The ROB score each company holds in HubSpot (null: never written). */
async function heldScores(hh: Harness, ids: readonly string[]): Promise<Record<string, string | null>> {
  const held: Record<string, string | null> = {};
  for (const id of ids) held[id] = (await hubspot(hh).crm.companies.basicApi.getById(id, ['success_rob_score'])).properties.success_rob_score ?? null;
  return held;
}

describe('a dry run and the real runs around it', () => {
  it('interrupted, leaves no checkpoint: the real run after it reads and writes every company, and a dry run starts over', async () => {
    h = await harness({ accounts: 6 });
    await h.adapter.provisionProperties();
    const ids = h.sandbox.seeded(PORTAL).map((s) => s.companyId);
    const everything = { kind: 'incremental' as const, sinceMs: 0 };
    const stopAfterTwoPages = () => {
      const abort = new AbortController();
      return { pageSize: 2, signal: abort.signal, onProgress: (p: { pages: number }) => p.pages >= 2 && abort.abort() };
    };
    const dry = await h.sync(everything, { dryRun: true, ...stopAfterTwoPages() });
    expect(dry).toMatchObject({ dryRun: true, interrupted: true, accountsRead: 4, propertiesWritten: 0 });

    const real = await h.sync(everything, { pageSize: 2 });
    expect(real).toMatchObject({ dryRun: false, resumed: false, interrupted: false, accountsRead: 6, accountsChanged: 6, failed: [] });
    expect(Object.values(await heldScores(h, ids)).every((score) => score !== null)).toBe(true);

    // Nor does a dry run resume an interrupted dry run: it starts over and reads the whole portfolio.
    const after = structuredClone(h.store.state);
    expect(await h.sync(everything, { dryRun: true, ...stopAfterTwoPages() })).toMatchObject({ interrupted: true, accountsRead: 4 });
    expect(h.store.state).toEqual(after);
    expect(await h.sync(everything, { dryRun: true, pageSize: 2 })).toMatchObject({ dryRun: true, resumed: false, interrupted: false, accountsRead: 6, accountsChanged: 0 });
    expect(h.store.state).toEqual(after);
  });

  it('completed, full or incremental, leaves lastCompletedStartMs: the next --since last run writes the change made before it', async () => {
    h = await harness({ accounts: 4 });
    await h.adapter.provisionProperties();
    const ids = h.sandbox.seeded(PORTAL).map((s) => s.companyId);
    expect(await h.sync()).toMatchObject({ accountsChanged: 4, failed: [] });
    const computed = await heldScores(h, ids);
    const before = structuredClone(h.store.state);
    await sleep(5);
    // Someone overwrites one company's score in HubSpot: the next real incremental run must put it back.
    const touched = ids[2]!;
    await hubspot(h).crm.companies.basicApi.update(touched, { properties: { success_rob_score: '3' } });
    await sleep(5);

    const full = await h.sync({ kind: 'full' }, { dryRun: true });
    expect(full).toMatchObject({ dryRun: true, interrupted: false, accountsRead: 4, accountsChanged: 1, propertiesWritten: 0 });
    const afterFull = structuredClone(h.store.state);
    await sleep(5);
    const incremental = await h.sync({ kind: 'incremental', sinceMs: h.store.state!.lastCompletedStartMs! }, { dryRun: true });
    expect(incremental).toMatchObject({ dryRun: true, interrupted: false, accountsRead: 1, accountsChanged: 1, propertiesWritten: 0 });
    const afterIncremental = structuredClone(h.store.state);
    expect((await heldScores(h, [touched]))[touched]).toBe('3');

    await sleep(5);
    const real = await h.sync({ kind: 'incremental', sinceMs: h.store.state!.lastCompletedStartMs! });
    expect(real).toMatchObject({ dryRun: false, resumed: false, accountsRead: 1, accountsChanged: 1, failed: [] });
    expect(await heldScores(h, ids)).toEqual(computed);
    expect(afterFull).toEqual(before);
    expect(afterIncremental).toEqual(before);
  });

  it('after an interrupted real run, neither resumes nor moves its checkpoint: the real run resumes where it stopped', async () => {
    h = await harness({ accounts: 6 });
    await h.adapter.provisionProperties();
    const ids = h.sandbox.seeded(PORTAL).map((s) => s.companyId);
    const everything = { kind: 'incremental' as const, sinceMs: 0 };
    const abort = new AbortController();
    const first = await h.sync(everything, { pageSize: 2, signal: abort.signal, onProgress: (p) => p.pages >= 1 && abort.abort() });
    expect(first).toMatchObject({ interrupted: true, accountsRead: 2, accountsChanged: 2 });
    const before = structuredClone(h.store.state);
    expect(before?.run).toMatchObject({ mode: 'incremental', done: 2, pages: 1 });

    const dry = await h.sync(everything, { dryRun: true, pageSize: 2 });
    const afterDry = structuredClone(h.store.state);

    const resumed = await h.sync(everything, { pageSize: 2 });
    expect(resumed).toMatchObject({ resumed: true, interrupted: false, accountsRead: 4, accountsChanged: 4, failed: [] });
    expect(h.store.state!.run).toBeNull();
    expect(Object.values(await heldScores(h, ids)).every((score) => score !== null)).toBe(true);
    // The dry run showed the whole portfolio: the two companies already written had nothing to change.
    expect(dry).toMatchObject({ dryRun: true, resumed: false, interrupted: false, accountsRead: 6, accountsChanged: 4, unchanged: 2 });
    expect(afterDry).toEqual(before);
  });

  it('leaves the retry list as it was, whether the companies on it fail again or are read', async () => {
    h = await harness({ accounts: 6 });
    await h.adapter.provisionProperties();
    const ids = h.sandbox.seeded(PORTAL).map((s) => s.companyId);
    const bad = [ids[1]!, ids[4]!];
    h.sandbox.setFaults({ associationFailures: { from: 'companies', to: 'tickets', ids: bad } });
    expect(await h.sync()).toMatchObject({ accountsRead: 4, failed: bad.map((id) => expect.objectContaining({ id, code: 'read_failed' })) });
    const before = structuredClone(h.store.state);
    expect(Object.keys(before!.retry).sort()).toEqual([...bad].sort());
    const since = () => ({ kind: 'incremental' as const, sinceMs: h!.store.state!.lastCompletedStartMs! });
    await sleep(5);

    // Still failing: a dry run counts no failed run against them (that would give them up sooner).
    expect(await h.sync(since(), { dryRun: true, retryLimits: { giveUpAfter: 2, maxIds: 10 } })).toMatchObject({ dryRun: true, retriedFailed: 2, warnings: [] });
    expect(h.store.state!.retry).toEqual(before!.retry);
    // Read fine: a dry run does not take them off the list, since it wrote nothing.
    h.sandbox.setFaults(null);
    expect(await h.sync(since(), { dryRun: true })).toMatchObject({ dryRun: true, retriedFailed: 2, accountsRead: 2, failed: [] });
    expect(h.store.state!.retry).toEqual(before!.retry);
    expect(h.store.state).toEqual(before);

    const real = await h.sync(since());
    expect(real).toMatchObject({ dryRun: false, retriedFailed: 2, accountsRead: 2, accountsChanged: 2, failed: [] });
    expect(h.store.state!.retry).toEqual({});
    expect(Object.values(await heldScores(h, ids)).every((score) => score !== null)).toBe(true);
  });
});
