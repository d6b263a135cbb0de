// A Salesforce sync that writes directly (the CLI's) and whose writes keep failing: the accounts are
// kept in the sync state and the next incremental run reads and writes them again, though nothing of
// them changed. (The sidecar's syncs hand writes to the outbox, which retries them itself.)
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SalesforceAdapter } from '../../server/crm/salesforce/adapter.ts';
import { DEFAULT_ENGINE_CONFIG } from '../../server/domain/engine-config.ts';
import { SentimentCache } from '../../server/domain/sentiment/cache.ts';
import { runSync, type SyncMode } from '../../server/sync/portfolio-sync.ts';
import { MemorySyncStateStore } from '../../server/sync/state.ts';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../sandbox/salesforce/server.ts';
import { adapterClient, SF_AS_OF } from '../helpers/salesforce.ts';

let sb: SalesforceSandbox;
let adapter: SalesforceAdapter;
const store = new MemorySyncStateStore();
const engine = { config: DEFAULT_ENGINE_CONFIG, sentiment: new SentimentCache() };
const sync = (mode: SyncMode) => runSync({ adapter, engine, store, mode, asOf: SF_AS_OF });

beforeAll(async () => {
  sb = await startSalesforceSandbox({ asOf: SF_AS_OF, orgs: [{ accounts: 5, seed: 'sfretry', ticketsPerAccount: 1 }] });
  adapter = new SalesforceAdapter({ client: adapterClient(sb), retryPolicy: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 } });
  await adapter.provisionProperties();
});

afterAll(async () => {
  await sb.close();
});

describe('accounts whose write-back failed in a direct sync', () => {
  it('are read and written by the next incremental run', async () => {
    // SOQL datetimes have whole seconds: step past the second the org was seeded in.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    sb.setFaults({ lockErrorRate: 1 });
    const full = await sync({ kind: 'full' });
    expect(full).toMatchObject({ accountsRead: 5, accountsChanged: 0 });
    expect(full.failed.map((f) => f.code)).toEqual(Array(5).fill('UNABLE_TO_LOCK_ROW'));
    expect(Object.keys(store.state!.retry).sort()).toEqual(full.failed.map((f) => f.id).sort());

    sb.setFaults(null);
    const since = store.state!.lastCompletedStartMs!;
    expect(await adapter.changedAccounts(since)).toEqual([]);
    expect(await sync({ kind: 'incremental', sinceMs: since })).toMatchObject({ accountsRead: 5, accountsChanged: 5, retriedFailed: 5, failed: [] });
    expect(store.state!.retry).toEqual({});
  });

  it('an id still listed whose only change is our own write is read, not counted as skipped', async () => {
    // The run above wrote all five: since it began, each changed only by our own write. One stays
    // listed (as when a webhook's recompute wrote it before the next run read it).
    const since = store.state!.lastCompletedStartMs!;
    const [listed] = Object.keys(store.state!.ownWrites);
    store.state!.retry = { [listed!]: { failures: 1, code: 'read_failed', message: 'the CRM kept failing to read it' } };
    expect(await sync({ kind: 'incremental', sinceMs: since })).toMatchObject({ accountsRead: 1, retriedFailed: 1, skippedOwnWrites: 4, failed: [] });
    expect(store.state!.retry).toEqual({});
  });
});
