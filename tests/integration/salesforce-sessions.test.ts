// Stored Salesforce sessions on every database engine, against the sandbox with refresh-token
// rotation: sessions of two "processes" (two database handles on Postgres) racing on an expired
// access token make exactly one refresh (a second one would replay the spent token and revoke the
// grant); the rotated refresh token is stored encrypted; an uninstall in one process stops the
// other's calls at once and a re-install's tokens are taken up.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CrmError } from '../../server/crm/errors.ts';
import { StoredSalesforceSession } from '../../server/service/salesforce-tokens.ts';
import { openDatabase } from '../../server/store/db.ts';
import { createStore, type Store } from '../../server/store/store.ts';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../sandbox/salesforce/server.ts';
import { testDatabases, type TestDb } from '../helpers/databases.ts';
import { connect } from '../helpers/salesforce.ts';
import { cipher, key } from '../helpers/store-fixtures.ts';

const CRM = 'salesforce';
const TOKEN = 'POST /services/oauth2/token';
let sb: SalesforceSandbox;

beforeAll(async () => {
  sb = await startSalesforceSandbox({ rotateRefreshTokens: true, orgs: [{ accounts: 3, seed: 'sf-sessions-a' }, { accounts: 3, seed: 'sf-sessions-b' }, { accounts: 3, seed: 'sf-sessions-c' }] });
});

afterAll(async () => {
  await sb.close();
});

describe.each(testDatabases())('Salesforce sessions on $name', (engine) => {
  let db: TestDb;
  let store: Store;
  const keyring = `k1:${key()}`;
  const orgIndex = engine.name === 'pglite' ? 0 : 1;

  beforeAll(async () => {
    db = await engine.open();
    store = createStore(db, cipher(keyring));
  });

  afterAll(async () => {
    await db.close();
  });

  const app = () => ({ loginUrl: sb.url, clientId: sb.client.clientId, clientSecret: sb.client.clientSecret });

  it('one refresh across processes for an expired session; the rotated token is stored and works', async () => {
    const org = sb.orgs[orgIndex]!;
    await store.installations.upsert({ crm: CRM, portalId: org.orgId, instanceUrl: org.instanceUrl, apiUserId: org.userId });
    await store.tokens.save(CRM, org.orgId, { accessToken: org.accessToken, refreshToken: org.refreshToken, expiresAtMs: Date.now() + 3_600_000 });
    // Postgres: a second pool, as another process would have (only the advisory lock stands between them).
    const otherHandle = db.url ? await openDatabase({ kind: 'postgres', url: db.url, poolSize: 2 }) : db;
    const second = createStore(otherHandle, cipher(keyring));
    try {
      const a = new StoredSalesforceSession({ store, orgId: org.orgId, app: app() });
      const b = new StoredSalesforceSession({ store: second, orgId: org.orgId, app: app() });
      expect((await a.current()).accessToken).toBe(org.accessToken);
      expect(await b.current()).toEqual({ accessToken: org.accessToken, refreshToken: org.refreshToken, instanceUrl: org.instanceUrl });
      sb.expireAccessTokens(org.orgId);
      sb.resetStats();
      const refreshed = await Promise.all([a.refresh(org.accessToken), b.refresh(org.accessToken), a.refresh(org.accessToken), b.refresh(org.accessToken)]);
      expect(sb.stats().byRoute[TOKEN]).toEqual({ '200': 1 });
      expect(new Set(refreshed.map((t) => t.accessToken)).size).toBe(1);
      const stored = await store.tokens.load(CRM, org.orgId);
      expect(stored!.accessToken).toBe(refreshed[0].accessToken);
      expect(stored!.refreshToken).not.toBe(org.refreshToken);
      const [raw] = await db.query<{ refresh: string }>('select refresh_token_enc as refresh from oauth_tokens where crm = $1 and portal_id = $2', [CRM, org.orgId]);
      expect(raw!.refresh).not.toContain(stored!.refreshToken);
      // The new session works, and the stored refresh token is the live one: it refreshes again.
      const records = await connect(sb, org, { accessToken: stored!.accessToken }).query('SELECT Id FROM Account');
      expect(records.totalSize).toBe(3);
      sb.expireAccessTokens(org.orgId);
      const again = await b.refresh(stored!.accessToken);
      expect(again.accessToken).not.toBe(stored!.accessToken);
      expect(sb.stats().byRoute[TOKEN]).toEqual({ '200': 2 });
    } finally {
      if (otherHandle !== db) await otherHandle.close();
    }
  });

  it('an uninstall anywhere stops the next call; a re-install is picked up', async () => {
    const org = sb.orgs[2]!;
    const orgId = org.orgId;
    await store.installations.upsert({ crm: CRM, portalId: orgId, instanceUrl: org.instanceUrl, apiUserId: org.userId });
    await store.tokens.save(CRM, orgId, { accessToken: `${engine.name}-a1`, refreshToken: 'r1', expiresAtMs: Date.now() + 3_600_000 });
    const session = new StoredSalesforceSession({ store, orgId, app: app() });
    expect((await session.current()).accessToken).toBe(`${engine.name}-a1`);
    expect(await store.installations.markUninstalled(CRM, orgId)).toBe(true);
    await expect(session.current()).rejects.toBeInstanceOf(CrmError);
    await expect(session.current()).rejects.toThrow(/no active installation/);
    await store.installations.upsert({ crm: CRM, portalId: orgId, instanceUrl: org.instanceUrl, apiUserId: org.userId });
    await store.tokens.save(CRM, orgId, { accessToken: `${engine.name}-a2`, refreshToken: 'r2', expiresAtMs: Date.now() + 3_600_000 });
    expect((await session.current()).accessToken).toBe(`${engine.name}-a2`);
    await store.installations.markUninstalled(CRM, orgId);
  });

  it('installations check the tenant id of each CRM', async () => {
    await expect(store.installations.upsert({ crm: CRM, portalId: '12345' })).rejects.toThrow(/18-character id starting with 00D/);
    await expect(store.installations.upsert({ crm: 'hubspot', portalId: sb.orgs[0]!.orgId })).rejects.toThrow(/HubSpot portal id is a number/);
    await expect(store.installations.upsert({ crm: CRM, portalId: sb.orgs[0]!.orgId.slice(0, 15) })).rejects.toThrow(/18-character/);
  });
});
