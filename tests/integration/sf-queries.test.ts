// The Salesforce adapter's reads with the real jsforce against the sandbox: a page of accounts
// loads in a fixed handful of queries (never per account or per case), every page is followed,
// and the mapped snapshots carry what the org was seeded from.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Connection } from 'jsforce';
import { AccountSnapshot } from '../../server/domain/snapshot.ts';
import { DEFAULT_SALESFORCE_MAPPING } from '../../server/crm/salesforce/mapping.ts';
import { toCrmError } from '../../server/crm/salesforce/errors.ts';
import { toSnapshot } from '../../server/crm/salesforce/mappers.ts';
import { loadBundles, type QueryClient } from '../../server/crm/salesforce/queries.ts';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../sandbox/salesforce/server.ts';
import { connect, SF_AS_OF } from '../helpers/salesforce.ts';

const ACCOUNTS = 120;
let sb: SalesforceSandbox;
let conn: Connection;
let client: QueryClient;

beforeAll(async () => {
  sb = await startSalesforceSandbox({ asOf: SF_AS_OF, orgs: [{ accounts: ACCOUNTS, seed: 'sfa' }] });
  conn = connect(sb, sb.orgs[0]!);
  client = {
    query: (text) => conn.query(text),
    queryMore: (locator) => conn.queryMore(locator),
  };
});

afterAll(async () => {
  await sb.close();
});

describe('loadBundles + toSnapshot', () => {
  it('loads a page of accounts in one query per object, plus the extra pages the data needs', async () => {
    const seeded = sb.seeded(sb.orgs[0]!.orgId);
    sb.resetStats();
    const { bundles, missing } = await loadBundles(client, seeded.map((s) => s.accountId), DEFAULT_SALESFORCE_MAPPING);
    expect(missing).toEqual([]);
    expect(bundles).toHaveLength(ACCOUNTS);
    const stats = sb.stats().byRoute;
    const first = stats['GET /services/data/:version/query']?.['200'] ?? 0;
    const more = stats['GET /services/data/:version/query/:locator']?.['200'] ?? 0;
    // 9 objects, and the people of Tasks and Events (TaskWhoRelation, EventWhoRelation: Shared Activities).
    expect(first).toBe(11);
    const messages = bundles.reduce((n, b) => n + b.cases.reduce((m, c) => m + c.emails.length + c.comments.length, 0), 0);
    const cases = ACCOUNTS * 25;
    // The fewest pages the 2,000-record batches allow, object by object.
    const minimum = [cases, messages].map((n) => Math.ceil(n / 2000) - 1).reduce((x, y) => x + y, 0);
    expect(more).toBeLessThanOrEqual(minimum + 1);
    expect(more).toBeGreaterThanOrEqual(minimum - 1);
  });

  it('maps every account back to what it was seeded from', async () => {
    const seeded = sb.seeded(sb.orgs[0]!.orgId);
    const { bundles } = await loadBundles(client, seeded.map((s) => s.accountId), DEFAULT_SALESFORCE_MAPPING);
    const byId = new Map(bundles.map((b) => [b.account.Id, b]));
    for (const { accountId, snapshot: truth } of seeded) {
      const mapped = AccountSnapshot.parse(toSnapshot(byId.get(accountId)!, DEFAULT_SALESFORCE_MAPPING, SF_AS_OF));
      expect(mapped.account).toMatchObject({ id: accountId, name: truth.account.name, crm: 'salesforce', segment: truth.account.segment, licensedSeats: truth.account.licensedSeats, arr: truth.account.arr, renewalDate: truth.account.renewalDate?.slice(0, 10) ?? null, customerSince: truth.account.customerSince });
      expect(mapped.usage).toEqual({ activeUsers: truth.usage.activeUsers, logins30d: truth.usage.logins30d, history: truth.usage.history, loginHistory: truth.usage.loginHistory });
      const strip = (t: AccountSnapshot['tickets'][number]) => ({ createdAt: t.createdAt, closedAt: t.closedAt ?? null, type: t.type, priority: t.priority, subject: t.subject, messages: t.messages });
      const byTime = (a: { createdAt: string }, b: { createdAt: string }) => a.createdAt.localeCompare(b.createdAt);
      expect(mapped.tickets.map(strip).sort(byTime)).toEqual(truth.tickets.map(strip).sort(byTime));
      expect(mapped.contacts.map((c) => [c.role, c.active, c.lastEngagedAt?.slice(0, 10) ?? null])).toEqual(truth.contacts.map((c) => [c.role, c.active, c.lastEngagedAt?.slice(0, 10) ?? null]));
      const renewals = (r: AccountSnapshot['renewals']) => r.map((x) => [x.closeDate, x.amount ?? null, x.outcome]).sort();
      expect(renewals(mapped.renewals)).toEqual(renewals(truth.renewals));
      const engagements = (e: AccountSnapshot['engagements']) => e.map((x) => `${x.at}|${x.kind}`).sort();
      expect(engagements(mapped.engagements)).toEqual(engagements(truth.engagements));
    }
  });

  it('reports ids the org does not have as missing', async () => {
    const { bundles, missing } = await loadBundles(client, ['001000000000000AAA'], DEFAULT_SALESFORCE_MAPPING);
    expect(bundles).toEqual([]);
    expect(missing).toEqual(['001000000000000AAA']);
  });

  it('classifies the errors jsforce raises from the org into the port codes', async () => {
    const caught = async (p: PromiseLike<unknown>): Promise<unknown> => {
      try {
        await p;
      } catch (error) {
        return error;
      }
      throw new Error('expected a failure');
    };
    expect(toCrmError(await caught(conn.query('SELECT Bogus__c FROM Account'))).code).toBe('validation');
    expect(toCrmError(await caught(conn.query("SELECT Id FROM Account WHERE Name = 'a'b'"))).code).toBe('validation');
    const orgId = sb.orgs[0]!.orgId;
    sb.setApiLimit({ consume: { orgId, count: sb.apiUsage(orgId).max } });
    expect(toCrmError(await caught(conn.query('SELECT Id FROM Account'))).code).toBe('rate_limited');
    sb.setApiLimit({ max: sb.apiUsage(orgId).max * 10 });
    sb.expireAccessTokens(orgId);
    const expired = toCrmError(await caught(conn.query('SELECT Id FROM Account')));
    expect([expired.code, expired.category]).toEqual(['unauthorized', 'INVALID_SESSION_ID']);
  });
});
