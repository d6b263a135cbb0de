// Simulated activity for incremental syncs: a deterministic sample of accounts gets new usage, a
// new case with its emails and a reply on an open case, all visible by SystemModstamp.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Connection } from 'jsforce';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../sandbox/salesforce/server.ts';
import { connect, SF_AS_OF } from '../helpers/salesforce.ts';

const SEEDED_AT = Date.parse('2026-11-01T06:00:00.000Z');
let clock = SEEDED_AT;
let sb: SalesforceSandbox;
let conn: Connection;

beforeAll(async () => {
  sb = await startSalesforceSandbox({ asOf: SF_AS_OF, orgs: [{ accounts: 40, seed: 'act' }], now: () => clock });
  conn = connect(sb, sb.orgs[0]!);
});

afterAll(async () => {
  await sb.close();
});

describe('simulateActivity', () => {
  it('touches a deterministic sample; the changes are found by SystemModstamp', async () => {
    clock += 3_600_000;
    const since = '2026-11-01T06:30:00Z';
    expect((await conn.query(`SELECT COUNT() FROM Account WHERE SystemModstamp > ${since}`)).totalSize).toBe(0);
    const { accountIds } = sb.simulateActivity({ orgId: sb.orgs[0]!.orgId, accountFraction: 0.25, seed: 's1' });
    expect(accountIds).toHaveLength(10);
    const changed = (await conn.query<{ Id: string }>(`SELECT Id FROM Account WHERE SystemModstamp > ${since}`)).records.map((r) => r.Id);
    expect(new Set(changed)).toEqual(new Set(accountIds));
    const viaCases = (await conn.query<{ Id: string }>(`SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Case WHERE SystemModstamp > ${since})`)).records.map((r) => r.Id);
    expect(new Set(viaCases)).toEqual(new Set(accountIds));
    const emails = await conn.query(`SELECT COUNT() FROM EmailMessage WHERE ParentId IN (SELECT Id FROM Case WHERE SystemModstamp > ${since})`);
    expect(emails.totalSize).toBeGreaterThanOrEqual(10);
  });

  it('is reproducible: the same seed on the same seeded org picks the same accounts', async () => {
    const other = await startSalesforceSandbox({ asOf: SF_AS_OF, orgs: [{ accounts: 40, seed: 'act' }], now: () => clock });
    try {
      const a = other.simulateActivity({ orgId: other.orgs[0]!.orgId, accountFraction: 0.25, seed: 's1' });
      const first = sb.seeded(sb.orgs[0]!.orgId).map((s) => s.accountId);
      const second = other.seeded(other.orgs[0]!.orgId).map((s) => s.accountId);
      const b = sb.simulateActivity({ orgId: sb.orgs[0]!.orgId, accountFraction: 0.25, seed: 's1' });
      expect(a.accountIds.map((id) => second.indexOf(id)).sort()).toEqual(b.accountIds.map((id) => first.indexOf(id)).sort());
    } finally {
      await other.close();
    }
  });
});
