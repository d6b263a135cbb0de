// Webhook de-duplication, OAuth states and the sync checkpoint store, on PGlite and (when configured) Postgres.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createStore, type Store } from '../../server/store/store.ts';
import { emptyState, type SyncState } from '../../server/sync/state.ts';
import { testDatabases, type TestDb } from '../helpers/databases.ts';
import { cipher, portal } from '../helpers/store-fixtures.ts';

describe.each(testDatabases())('store on $name: webhooks, OAuth states, sync state', (engine) => {
  let db: TestDb;
  let store: Store;

  beforeAll(async () => {
    db = await engine.open();
    store = createStore(db, cipher());
  });
  afterAll(() => db?.close());

  it('hands out each webhook event id once', async () => {
    const id = portal('evt');
    expect(await store.webhookEvents.claimNew('hubspot', [`${id}-1`, `${id}-2`, `${id}-1`])).toEqual([`${id}-1`, `${id}-2`]);
    expect(await store.webhookEvents.claimNew('hubspot', [`${id}-2`, `${id}-3`])).toEqual([`${id}-3`]);
    expect(await store.webhookEvents.claimNew('salesforce', [`${id}-2`])).toEqual([`${id}-2`]); // ids are per CRM
    expect(await store.webhookEvents.claimNew('hubspot', [])).toEqual([]);
    // Concurrent deliveries of the same event: exactly one handler gets it.
    const racing = await Promise.all([1, 2, 3].map(() => store.webhookEvents.claimNew('hubspot', [`${id}-race`])));
    expect(racing.flat()).toEqual([`${id}-race`]);
  });

  it('prunes old webhook event ids', async () => {
    const id = portal('old');
    await store.webhookEvents.claimNew('hubspot', [id]);
    await db.query(`update webhook_events set received_at = now() - interval '8 days' where event_id = $1`, [id]);
    expect(await store.webhookEvents.prune(new Date(Date.now() - 7 * 86_400_000))).toBeGreaterThanOrEqual(1);
    expect(await store.webhookEvents.claimNew('hubspot', [id])).toEqual([id]);
  });

  it('makes OAuth states random, single-use and short-lived', async () => {
    const state = await store.oauthStates.create('hubspot', 60_000);
    expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits, url-safe
    expect(await store.oauthStates.create('hubspot', 60_000)).not.toBe(state);
    const both = await Promise.all([store.oauthStates.consume(state), store.oauthStates.consume(state)]);
    expect(both.filter(Boolean)).toEqual([{ crm: 'hubspot', codeVerifier: null }]);
    expect(await store.oauthStates.consume(state)).toBeNull();
    expect(await store.oauthStates.consume('made-up')).toBeNull();

    const expiring = await store.oauthStates.create('salesforce', 60_000);
    await db.query(`update oauth_states set expires_at = now() - interval '1 second' where state = $1`, [expiring]);
    expect(await store.oauthStates.consume(expiring)).toBeNull();
    expect(await store.oauthStates.prune(new Date())).toBeGreaterThanOrEqual(1);
  });

  it('expires an OAuth state after its time to live', async () => {
    const state = await store.oauthStates.create('hubspot', 1);
    await new Promise((r) => setTimeout(r, 20));
    expect(await store.oauthStates.consume(state)).toBeNull();
  });

  it('round-trips the sync state per portal, validated', async () => {
    const a = portal('sync-a');
    const b = portal('sync-b');
    const storeA = store.syncStateStore('hubspot', a);
    expect(await storeA.load()).toBeNull();
    const state: SyncState = {
      ...emptyState('hubspot', a),
      run: { mode: 'full', asOf: '2026-11-01T00:00:00.000Z', startedAtMs: 1, cursor: 'page-3', pending: [], done: 0, pages: 3, accountsRead: 300 },
      ownWrites: { 'company-1': 1_700_000_000_000 },
    };
    await storeA.save(state);
    expect(await storeA.load()).toEqual(state);
    await storeA.save({ ...state, run: null, lastCompletedStartMs: 5 });
    expect(await storeA.load()).toMatchObject({ run: null, lastCompletedStartMs: 5, ownWrites: { 'company-1': 1_700_000_000_000 } });
    expect(await store.syncStateStore('hubspot', b).load()).toBeNull();

    await expect(storeA.save({ ...state, version: 2 } as unknown as SyncState)).rejects.toThrow();
    await db.query(`update sync_state set state = '{"version": 9}' where portal_id = $1`, [a]);
    await expect(storeA.load()).rejects.toThrow(/not valid/);
  });

  it('keeps the accounts to read again, loads a row saved before they were kept, and a drain leaves them be', async () => {
    const p = portal('sync-retry');
    const states = store.syncStateStore('hubspot', p);
    const old = { version: 1 as const, crm: 'hubspot', tenantId: p, run: null, lastCompletedStartMs: 7, ownWrites: { 'company-1': 1_700_000_000_000 } };
    await states.save({ ...old, retry: {} });
    await db.query(`update sync_state set state = state - 'retry' where portal_id = $1`, [p]); // as a sidecar without the list saved it
    expect(await states.load()).toEqual({ ...old, retry: {} });

    const retry = { 'company-2': { failures: 2, code: 'read_failed', message: 'HubSpot kept failing to read this company (6 tries)' } };
    await states.save({ ...old, retry });
    await states.recordOwnWrites([{ accountId: 'company-3', modifiedAtMs: 1_700_000_000_001 }]);
    expect(await states.load()).toMatchObject({ retry, ownWrites: { 'company-1': 1_700_000_000_000, 'company-3': 1_700_000_000_001 } });
  });
});
