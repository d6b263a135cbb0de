// A page of accounts too long for one IN list, with the real jsforce against the sandbox: listed
// in Id order it is read by Id range (one COUNT() and one query per object, whatever the page's
// size), and the result is the same as reading the same accounts by IN chunks; ids out of order
// or with a gap fall back to IN chunks, and ids the org lacks are still reported missing.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Connection } from 'jsforce';
import { accountIdPage } from '../../server/crm/salesforce/lookups.ts';
import { DEFAULT_SALESFORCE_MAPPING } from '../../server/crm/salesforce/mapping.ts';
import { loadBundles, type LoadedBundles, type QueryClient } from '../../server/crm/salesforce/queries.ts';
import { chunkIds } from '../../server/crm/salesforce/soql.ts';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../sandbox/salesforce/server.ts';
import { connect, SF_AS_OF } from '../helpers/salesforce.ts';

const ACCOUNTS = 1100;
let sb: SalesforceSandbox;
let conn: Connection;
let client: QueryClient;
let listed: string[];

beforeAll(async () => {
  sb = await startSalesforceSandbox({ asOf: SF_AS_OF, orgs: [{ accounts: ACCOUNTS, seed: 'sfr', ticketsPerAccount: 2 }] });
  conn = connect(sb, sb.orgs[0]!);
  client = { query: (text) => conn.query(text), queryMore: (locator) => conn.queryMore(locator) };
  listed = (await accountIdPage(client, null, 2000)).ids;
}, 60_000);

afterAll(async () => {
  await sb.close();
});

function calls(): { query: number; more: number } {
  const stats = sb.stats().byRoute;
  return { query: stats['GET /services/data/:version/query']?.['200'] ?? 0, more: stats['GET /services/data/:version/query/:locator']?.['200'] ?? 0 };
}

/** The loaded bundles keyed by account, for comparing two ways of loading the same accounts. */
function byAccount(loaded: LoadedBundles): Map<string, unknown> {
  return new Map(loaded.bundles.map((b) => [b.account.Id, b]));
}

describe('loadBundles for a page longer than one IN list', () => {
  it('reads a page listed in Id order by its Id range: a COUNT() and one query per object', async () => {
    expect(listed).toHaveLength(ACCOUNTS);
    expect(chunkIds(listed).length).toBeGreaterThan(1);
    sb.resetStats();
    const loaded = await loadBundles(client, listed, DEFAULT_SALESFORCE_MAPPING);
    expect(loaded.missing).toEqual([]);
    expect(loaded.bundles.map((b) => b.account.Id)).toEqual(listed);
    // 1 COUNT() + 9 objects + the 2 relation objects of Shared Activities; queryMore only where an
    // object has more than 2,000 records.
    expect(calls().query).toBe(12);
  });

  it('reads the same accounts the same way by IN chunks when the ids are out of order', async () => {
    const ranged = byAccount(await loadBundles(client, listed, DEFAULT_SALESFORCE_MAPPING));
    const shuffled = [...listed.slice(1), listed[0]!];
    sb.resetStats();
    const loaded = await loadBundles(client, shuffled, DEFAULT_SALESFORCE_MAPPING);
    // The range from the second id to the first holds none of them: COUNT() says so, IN chunks follow.
    expect(calls().query).toBe(1 + 11 * chunkIds(shuffled).length);
    expect(loaded.missing).toEqual([]);
    expect(byAccount(loaded)).toEqual(ranged);
  });

  it('falls back to IN chunks when the range holds accounts not asked for, and never returns them', async () => {
    const gap = listed.filter((_, i) => i !== 500);
    sb.resetStats();
    const loaded = await loadBundles(client, gap, DEFAULT_SALESFORCE_MAPPING);
    expect(calls().query).toBe(1 + 11 * chunkIds(gap).length);
    expect(loaded.bundles.map((b) => b.account.Id)).toEqual(gap);
  });

  it('still reports ids the org does not have as missing', async () => {
    const unknown = '001000000000000AAA';
    const loaded = await loadBundles(client, [...listed, unknown], DEFAULT_SALESFORCE_MAPPING);
    expect(loaded.missing).toEqual([unknown]);
    expect(loaded.bundles).toHaveLength(ACCOUNTS);
  });
});
