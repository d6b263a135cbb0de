// How the adapter's reads keep Salesforce's batches full: IN lists split into as few, equally
// sized chunks as the URI limit allows, and the Account fields split so that no query selects two
// long text fields (Salesforce answers those 200 records a batch instead of 2,000).
import { describe, expect, it } from '@jest/globals';
import { OUTPUT_FIELDS } from '../../server/crm/salesforce/fields.ts';
import { accountFields, DEFAULT_SALESFORCE_MAPPING } from '../../server/crm/salesforce/mapping.ts';
import { loadBundles, type QueryClient, type QueryPage } from '../../server/crm/salesforce/queries.ts';
import { chunkIds, fields, ids, soql } from '../../server/crm/salesforce/soql.ts';

const OUTPUT_NAMES = OUTPUT_FIELDS.map((f) => f.name);
const LONG_TEXT = new Set(OUTPUT_FIELDS.filter((f) => f.type === 'LongTextArea').map((f) => f.name));
const accountId = (i: number) => `001${String(i).padStart(12, '0')}AAA`;

/** Answers Account queries with every selected field set to "<field>:<id>", every other object with nothing. */
function fakeOrg(accounts: string[]): QueryClient & { texts: string[] } {
  const texts: string[] = [];
  return {
    texts,
    query(text: string): Promise<QueryPage> {
      texts.push(text);
      const m = /^SELECT (.+?) FROM (\w+) /.exec(text);
      if (m?.[2] !== 'Account') return Promise.resolve({ records: [], done: true });
      const selected = m[1]!.split(', ');
      const base = { Name: 'n', CreatedDate: '2026-01-01T00:00:00.000+0000', SystemModstamp: '2026-01-01T00:00:00.000+0000' };
      return Promise.resolve({ done: true, records: accounts.map((Id) => ({ ...Object.fromEntries(selected.map((f) => [f, `${f}:${Id}`])), ...base, Id })) });
    },
    queryMore: () => Promise.reject(new Error('no more pages')),
  };
}

describe('query batches', () => {
  it('splits ids into equal chunks, as few as keep the longest query under the 16,384-character URI limit', () => {
    const all = Array.from({ length: 2000 }, (_, i) => accountId(i));
    const chunks = chunkIds(all);
    expect(chunks.flat()).toEqual(all);
    expect(chunks.map((c) => c.length)).toEqual([500, 500, 500, 500]);
    const select = fields(accountFields(DEFAULT_SALESFORCE_MAPPING, OUTPUT_NAMES));
    for (const c of chunks) {
      const path = `/services/data/v66.0/query?q=${encodeURIComponent(soql`SELECT ${select} FROM Account WHERE Id IN ${ids(c)}`)}`;
      expect(path.length).toBeLessThan(16_384);
    }
    expect(chunkIds(all.slice(0, 501)).map((c) => c.length)).toEqual([251, 250]);
    expect(chunkIds([])).toEqual([]);
  });

  it('reads up to 200 accounts in one Account query, long text fields and all', async () => {
    const accounts = Array.from({ length: 200 }, (_, i) => accountId(i));
    const org = fakeOrg(accounts);
    const { bundles } = await loadBundles(org, accounts, DEFAULT_SALESFORCE_MAPPING, OUTPUT_NAMES);
    expect(org.texts.filter((t) => / FROM Account /.test(t))).toHaveLength(1);
    expect(bundles).toHaveLength(200);
    for (const b of bundles) for (const name of LONG_TEXT) expect(b.account[name]).toBe(`${name}:${b.account.Id}`);
  });

  it('for more than 200 accounts never selects two long text fields in one Account query, and merges the parts by Id', async () => {
    const accounts = Array.from({ length: 201 }, (_, i) => accountId(i));
    const org = fakeOrg(accounts);
    const { bundles } = await loadBundles(org, accounts, DEFAULT_SALESFORCE_MAPPING, OUTPUT_NAMES);
    const accountQueries = org.texts.filter((t) => / FROM Account /.test(t));
    expect(accountQueries.length).toBe(LONG_TEXT.size);
    for (const text of accountQueries) expect([...LONG_TEXT].filter((f) => text.includes(f)).length).toBeLessThanOrEqual(1);
    expect(bundles).toHaveLength(201);
    for (const b of bundles) {
      for (const name of accountFields(DEFAULT_SALESFORCE_MAPPING, OUTPUT_NAMES).filter((n) => !['Id', 'Name', 'CreatedDate', 'SystemModstamp'].includes(n))) {
        expect(b.account[name]).toBe(`${name}:${b.account.Id}`);
      }
    }
  });
});
