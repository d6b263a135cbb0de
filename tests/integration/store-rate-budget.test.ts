// The per-portal CRM budget shared through the database: limiters on two independent database
// handles (two connection pools on Postgres, like two sidecar processes) never spend more than the
// budget together, and a pause one of them hears holds for both.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HubSpotTransport } from '../../server/crm/hubspot/client.ts';
import { StaticToken } from '../../server/crm/hubspot/tokens.ts';
import { SharedWindowLimiter, type BudgetStore } from '../../server/crm/shared-limiter.ts';
import { startHubSpotSandbox } from '../../sandbox/hubspot/server.ts';
import { SHARED_WINDOW_GUARD_MS } from '../../server/service/portal-crm.ts';
import { openDatabase, type Database } from '../../server/store/db.ts';
import { createStore } from '../../server/store/store.ts';
import { testDatabases, type TestDb } from '../helpers/databases.ts';
import { cipher, portal } from '../helpers/store-fixtures.ts';

/** Records, on the database clock, the moment of every slot the store granted. */
function recording(store: BudgetStore, grants: number[]): BudgetStore {
  return {
    update: (bucket, decide) =>
      store.update(bucket, (state, now) => {
        const out = decide(state, now);
        const result = out.result as { granted?: boolean } | undefined;
        if (result?.granted === true) grants.push(now);
        return out;
      }),
  };
}

/** The most starts inside any window of `windowMs` (half-open, as the limiter counts). */
function busiestWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe.each(testDatabases())('shared rate budget on $name', (engine) => {
  let db: TestDb;
  let second: Database;

  beforeAll(async () => {
    db = await engine.open();
    second = db.url ? await openDatabase({ kind: 'postgres', url: db.url, poolSize: 4 }) : db;
  });
  afterAll(async () => {
    if (second !== db) await second.close();
    await db?.close();
  });

  it('two processes never spend more than the budget in any window together', async () => {
    const portalId = portal('budget');
    const grants: number[] = [];
    const limit = { max: 4, windowMs: 400 };
    const [a, b] = [db, second].map(
      (handle) => new SharedWindowLimiter({ store: recording(createStore(handle, cipher()).rateBudgets.forPortal('hubspot', portalId), grants), bucket: 'calls', ...limit }),
    );
    const started = Date.now();
    await Promise.all(Array.from({ length: 12 }, (_, i) => [a!.acquire(), b!.acquire(), (i % 2 ? a! : b!).acquire()]).flat());
    expect(grants).toHaveLength(36);
    expect(busiestWindow(grants, limit.windowMs)).toBe(limit.max);
    // 36 calls at 4 per 400 ms need at least 8 full windows after the first.
    expect(Date.now() - started).toBeGreaterThanOrEqual(8 * limit.windowMs - 50);
  });

  it('two transports on the shared budget, configured as the sidecar does, stay inside the sandbox limit: no 429', async () => {
    const portalId = 62_600 + (engine.name === 'postgres' ? 1 : 0);
    const sandbox = await startHubSpotSandbox({ portals: [{ portalId, accounts: 2, seed: 'shared-budget' }], rateLimit: { perTenSeconds: 10 } });
    try {
      const token = new StaticToken(sandbox.portals[0]!.accessToken);
      const [t1, t2] = [db, second].map((handle) => {
        const budget = createStore(handle, cipher()).rateBudgets.forPortal('hubspot', String(portalId));
        return new HubSpotTransport({ basePath: sandbox.url, tokens: token, limiter: new SharedWindowLimiter({ store: budget, bucket: 'calls', max: 10 - 2, windowMs: 10_000 + SHARED_WINDOW_GUARD_MS }) });
      });
      const list = (t: HubSpotTransport) => t.call('companies.list', (sdk) => sdk.crm.objects.basicApi.getPageWithHttpInfo('companies', 10));
      await Promise.all(Array.from({ length: 7 }, () => [list(t1!), list(t2!)]).flat());
      expect(sandbox.stats().rateLimited).toBe(0);
      expect(t1!.usage().rateLimited + t2!.usage().rateLimited).toBe(0);
      expect(sandbox.stats().requests).toBe(14);
    } finally {
      await sandbox.close();
    }
  }, 30_000);

  it('a pause written by one process (a 429) holds for the other; budgets of other portals are separate', async () => {
    const portalId = portal('pause');
    const storeA = createStore(db, cipher()).rateBudgets.forPortal('hubspot', portalId);
    const storeB = createStore(second, cipher()).rateBudgets.forPortal('hubspot', portalId);
    const other = new SharedWindowLimiter({ store: createStore(second, cipher()).rateBudgets.forPortal('hubspot', portal('other')), bucket: 'calls', max: 10, windowMs: 1000 });
    const a = new SharedWindowLimiter({ store: storeA, bucket: 'calls', max: 10, windowMs: 1000 });
    const b = new SharedWindowLimiter({ store: storeB, bucket: 'calls', max: 10, windowMs: 1000 });
    await a.acquire();
    a.backOff(700);
    await a.acquire(); // waits for its own pause (written before it asks)
    const before = Date.now();
    a.backOff(600);
    await a.acquire();
    const t = Date.now();
    await other.acquire();
    expect(Date.now() - t).toBeLessThan(300);
    b.observe(0, 3000); // the CRM said the budget is spent: a tenth of its interval for everyone
    await b.acquire();
    await a.acquire();
    expect(Date.now() - before).toBeGreaterThanOrEqual(600 + 300 - 50);
  });
});
