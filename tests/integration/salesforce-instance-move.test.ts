// An org that moves (an org migration or a My Domain change): Salesforce's next refresh answers
// another `instance_url`. The sidecar stores it on the installation with the refreshed tokens and
// calls the new host from then on — this process at once, any other process from its next call.
// Driven through the real jsforce against the sandbox, whose moved org is served on another port
// and counted by host. On every database engine.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { salesforceTenantCrm } from '../../server/service/salesforce-crm.ts';
import { StoredSalesforceSession } from '../../server/service/salesforce-tokens.ts';
import { createStore, type Store } from '../../server/store/store.ts';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../sandbox/salesforce/server.ts';
import { testDatabases, type TestDb } from '../helpers/databases.ts';
import { cipher, key } from '../helpers/store-fixtures.ts';

const CRM = 'salesforce';
const TOKEN = 'POST /services/oauth2/token';
const hostOf = (url: string) => new URL(url).host;

describe.each(testDatabases())('an org whose instance moves, on $name', (engine) => {
  let sb: SalesforceSandbox;
  let db: TestDb;
  let store: Store;

  beforeAll(async () => {
    sb = await startSalesforceSandbox({ rotateRefreshTokens: true, orgs: [{ accounts: 4, seed: `sf-move-${engine.name}` }] });
    db = await engine.open();
    store = createStore(db, cipher(`k1:${key()}`));
  });

  afterAll(async () => {
    await db.close();
    await sb.close();
  });

  it('the refresh that names a new instance URL moves the installation; the next calls go there', async () => {
    const org = sb.orgs[0]!;
    const app = { loginUrl: sb.url, clientId: sb.client.clientId, clientSecret: sb.client.clientSecret };
    await store.installations.upsert({ crm: CRM, portalId: org.orgId, instanceUrl: org.instanceUrl, apiUserId: org.userId });
    await store.tokens.save(CRM, org.orgId, { accessToken: org.accessToken, refreshToken: org.refreshToken, expiresAtMs: Date.now() + 3_600_000 });
    const crm = salesforceTenantCrm({ store, app });
    const adapter = await crm.adapter(org.orgId);
    await adapter.provisionProperties();
    const before = await adapter.listAccountIds(null);
    expect(before.ids).toHaveLength(4);
    expect(sb.stats().apiByHost).toEqual({ [hostOf(sb.url)]: expect.any(Number) });

    const { instanceUrl: moved } = await sb.moveInstance(org.orgId);
    expect(hostOf(moved)).not.toBe(hostOf(sb.url));
    sb.expireAccessTokens(org.orgId);
    sb.resetStats();
    // The old session is refused; the refresh answers the new instance, which is stored with the tokens.
    expect((await adapter.listAccountIds(null)).ids).toEqual(before.ids);
    expect(sb.stats().byRoute[TOKEN]).toEqual({ '200': 1 });
    expect((await store.installations.get(CRM, org.orgId))?.instanceUrl).toBe(moved);

    sb.resetStats();
    expect((await adapter.loadAccounts(before.ids.slice(0, 2), '2026-11-01T00:00:00.000Z')).accounts).toHaveLength(2);
    const byHost = sb.stats().apiByHost;
    expect(Object.keys(byHost)).toEqual([hostOf(moved)]);
    expect(byHost[hostOf(moved)]).toBeGreaterThan(0);

    // Another process, starting from the store, calls the new instance without a refresh of its own.
    sb.resetStats();
    const session = new StoredSalesforceSession({ store, orgId: org.orgId, app });
    expect((await session.current()).instanceUrl).toBe(moved);
    const again = await salesforceTenantCrm({ store, app }).adapter(org.orgId);
    expect((await again.listAccountIds(null)).ids).toEqual(before.ids);
    expect(sb.stats().byRoute[TOKEN]).toBeUndefined();
    expect(Object.keys(sb.stats().apiByHost)).toEqual([hostOf(moved)]);
  });
});
