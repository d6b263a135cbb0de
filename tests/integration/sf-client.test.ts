// The adapter's jsforce client against the sandbox with refresh-token rotation: refreshes are
// single-flight per org across Connections, the rotated token is saved before it is used, and the
// same client serves queries, collections and metadata.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OrgRefresher, SalesforceClient, type SalesforceTokens, type TokenVault } from '../../server/crm/salesforce/client.ts';
import { provision } from '../../server/crm/salesforce/provision.ts';
import { loadBundles } from '../../server/crm/salesforce/queries.ts';
import { DEFAULT_SALESFORCE_MAPPING } from '../../server/crm/salesforce/mapping.ts';
import { writeAccounts } from '../../server/crm/salesforce/writes.ts';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../sandbox/salesforce/server.ts';
import { SF_AS_OF } from '../helpers/salesforce.ts';

class MemoryVault implements TokenVault {
  readonly saved: SalesforceTokens[] = [];
  private tokens: SalesforceTokens;

  constructor(tokens: SalesforceTokens) {
    this.tokens = tokens;
  }

  load(): Promise<SalesforceTokens> {
    return Promise.resolve(this.tokens);
  }

  async save(_orgId: string, tokens: SalesforceTokens): Promise<void> {
    await new Promise((r) => setTimeout(r, 10));
    this.tokens = tokens;
    this.saved.push(tokens);
  }
}

let sb: SalesforceSandbox;
let vault: MemoryVault;
let refresher: OrgRefresher;

function client(tokens: SalesforceTokens): SalesforceClient {
  const org = sb.orgs[0]!;
  return new SalesforceClient({ orgId: org.orgId, userId: org.userId, loginUrl: sb.url, tokens, refresher });
}

beforeAll(async () => {
  sb = await startSalesforceSandbox({ asOf: SF_AS_OF, orgs: [{ accounts: 5, seed: 'sfc' }] });
  const org = sb.orgs[0]!;
  vault = new MemoryVault({ accessToken: org.accessToken, refreshToken: org.refreshToken, instanceUrl: org.instanceUrl });
  refresher = new OrgRefresher({ loginUrl: sb.url, ...sb.client }, vault);
});

afterAll(async () => {
  await sb.close();
});

describe('SalesforceClient', () => {
  it('two clients of one org whose sessions expire together refresh once, and keep working across rotations', async () => {
    const a = client(await vault.load());
    const b = client(await vault.load());
    for (let round = 1; round <= 3; round++) {
      sb.expireAccessTokens();
      sb.resetStats();
      const [ra, rb] = await Promise.all([a.query('SELECT Id FROM Account'), b.query('SELECT Id FROM Account')]);
      expect([ra.records.length, rb.records.length]).toEqual([5, 5]);
      expect(sb.stats().byRoute['POST /services/oauth2/token']).toEqual({ '200': 1 });
      expect(vault.saved).toHaveLength(round);
    }
    const tokens = vault.saved.map((t) => t.refreshToken);
    expect(new Set([sb.orgs[0]!.refreshToken, ...tokens]).size).toBe(4);
  });

  it('serves provisioning, reads and collections writes, refreshing mid-run', async () => {
    const c = client(await vault.load());
    await provision(c);
    sb.expireAccessTokens();
    const { bundles } = await loadBundles(c, sb.seeded(sb.orgs[0]!.orgId).map((s) => s.accountId), DEFAULT_SALESFORCE_MAPPING, ['Success_ROB_Score__c']);
    expect(bundles).toHaveLength(5);
    sb.expireAccessTokens();
    const out = await writeAccounts(c, bundles.map((b) => ({ accountId: b.account.Id, fields: { Success_ROB_Score__c: 55.5 } })), { now: Date.now, sleep: () => Promise.resolve(), random: () => 0 });
    expect(out).toMatchObject({ failed: [] });
    expect(out.written).toHaveLength(5);
  });
});
