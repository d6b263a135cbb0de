// The retry list's limits given to the sync (`retryLimits`) instead of the defaults, through the
// real @hubspot/api-client against the sandbox: fewer ids kept, and an id given up sooner.
import { afterEach, describe, expect, it } from '@jest/globals';
import { harness, PORTAL, type Harness } from '../helpers/hubspot.ts';

let h: Harness | undefined;

afterEach(async () => {
  await h?.sandbox.close();
  h = undefined;
});

describe('a sync given its own retry limits', () => {
  it('keeps at most maxIds, and gives an id up after giveUpAfter failed runs', async () => {
    h = await harness({ accounts: 6 });
    await h.adapter.provisionProperties();
    const seeded = h.sandbox.seeded(PORTAL).map((s) => s.companyId);
    const bad = [seeded[1]!, seeded[3]!, seeded[5]!];
    h.sandbox.setFaults({ associationFailures: { from: 'companies', to: 'tickets', ids: bad } });
    const retryLimits = { giveUpAfter: 2, maxIds: 2 };

    const full = await h.sync({ kind: 'full' }, { retryLimits });
    expect(full.failed.map((f) => f.id).sort()).toEqual([...bad].sort());
    expect(full.warnings).toEqual(['1 account(s) that failed are not kept for the next incremental sync (at most 2 are): run a full sync once the CRM answers']);
    const kept = Object.keys(h.store.state!.retry);
    expect(kept).toHaveLength(2);

    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await h.sync({ kind: 'incremental', sinceMs: h.store.state!.lastCompletedStartMs! }, { retryLimits });
    expect(second).toMatchObject({ accountsRead: 0, retriedFailed: 2 });
    expect(second.warnings).toEqual([expect.stringMatching(/^gave up reading again 2 account\(s\) after 2 consecutive failed syncs: /)]);
    expect(h.store.state!.retry).toEqual({});
  });
});
