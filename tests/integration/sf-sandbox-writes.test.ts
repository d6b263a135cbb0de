// sObject Collections on the Salesforce sandbox through jsforce 3.10: the 200-record limit (and
// jsforce's allowRecursive chunking), per-record errors with statusCode, allOrNone rollback,
// whole-request JSON errors, single-record PATCH, and injected 503s and row locks on writes.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { Connection } from 'jsforce';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../sandbox/salesforce/server.ts';
import { connect, SF_AS_OF, SF_VERSION } from '../helpers/salesforce.ts';

let sb: SalesforceSandbox;
let conn: Connection;
let caseIds: string[];
let accountIds: string[];

interface Rec { Id: string; [k: string]: unknown }
interface SaveResult { id: string | null; success: boolean; errors: Array<{ statusCode: string; message: string; fields: string[] }> }

async function failure(promise: PromiseLike<unknown>): Promise<{ name: string; message: string; errorCode?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { name: string; message: string };
  }
  throw new Error('expected the call to fail');
}

function collectionsPatch(body: unknown): Promise<SaveResult[]> {
  return conn.request<SaveResult[]>({ method: 'PATCH', url: `/services/data/v${SF_VERSION}/composite/sobjects`, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
}

beforeAll(async () => {
  sb = await startSalesforceSandbox({ asOf: SF_AS_OF, orgs: [{ accounts: 20, seed: 'sfw' }] });
  conn = connect(sb, sb.orgs[0]!);
  caseIds = (await conn.query<Rec>('SELECT Id FROM Case ORDER BY Id').run({ autoFetch: true, maxFetch: 10_000 })).records.map((r) => r.Id);
  accountIds = (await conn.query<Rec>('SELECT Id FROM Account ORDER BY Id')).records.map((r) => r.Id);
});

afterAll(async () => {
  await sb.close();
});

afterEach(() => {
  sb.setFaults(null);
});

describe('the 200-record limit', () => {
  it('refuses more than 200 records in one call with EXCEEDED_ID_LIMIT, changing nothing', async () => {
    const records = caseIds.slice(0, 201).map((Id) => ({ Id, Subject: 'too many' }));
    const e = await failure(conn.sobject('Case').update(records));
    expect(e.name).toBe('EXCEEDED_ID_LIMIT');
    const changed = await conn.query("SELECT COUNT() FROM Case WHERE Subject = 'too many'");
    expect(changed.totalSize).toBe(0);
  });

  it('jsforce with allowRecursive sends 450 records as 200 + 200 + 50, one API call each', async () => {
    sb.resetStats();
    const before = sb.apiUsage(sb.orgs[0]!.orgId).used;
    const records = caseIds.slice(0, 450).map((Id) => ({ Id, Subject: 'chunked' }));
    const results = await conn.sobject('Case').update(records, { allowRecursive: true });
    expect(results.every((r) => r.success)).toBe(true);
    expect(sb.stats().collectionSizes).toEqual([200, 200, 50]);
    expect(sb.apiUsage(sb.orgs[0]!.orgId).used - before).toBe(3);
    expect((await conn.query("SELECT COUNT() FROM Case WHERE Subject = 'chunked'")).totalSize).toBe(450);
  });
});

describe('per-record results', () => {
  it('reports each failing record with statusCode, message and fields, in input order, and applies the rest', async () => {
    const [a, b, c, d, e] = accountIds;
    const results = await collectionsPatch({
      allOrNone: false,
      records: [
        { attributes: { type: 'Account' }, id: a, Name: 'Renamed A' },
        { attributes: { type: 'Account' }, id: b, Bogus__c: 1 },
        { attributes: { type: 'Account' }, id: c, LastActivityDate: '2026-01-01' },
        { attributes: { type: 'Account' }, id: d, Name: 'x'.repeat(256) },
        { attributes: { type: 'Account' }, id: e, ARR__c: 1e20 },
        { attributes: { type: 'Account' }, id: '001000000000000AAA', Name: 'ghost' },
        { attributes: { type: 'Account' }, id: caseIds[0], Name: 'wrong type' },
        { attributes: { type: 'Account' }, Name: 'no id' },
        { id: a, Name: 'no type' },
      ],
    });
    expect(results.map((r) => r.success)).toEqual([true, false, false, false, false, false, false, false, false]);
    expect(results.map((r) => r.errors[0]?.statusCode)).toEqual([
      undefined, 'INVALID_FIELD', 'INVALID_FIELD_FOR_INSERT_UPDATE', 'STRING_TOO_LONG', 'NUMBER_OUTSIDE_VALID_RANGE',
      'INVALID_CROSS_REFERENCE_KEY', 'MALFORMED_ID', 'MISSING_ARGUMENT', 'INVALID_TYPE',
    ]);
    expect(results[3]!.errors[0]!.fields).toEqual(['Name']);
    expect(results[0]!.id).toBe(a);
    const renamed = await conn.sobject('Account').retrieve(a!);
    expect(renamed.Name).toBe('Renamed A');
  });

  it('with allOrNone one failure rolls every record back', async () => {
    const [a, b] = accountIds;
    const results = await collectionsPatch({
      allOrNone: true,
      records: [
        { attributes: { type: 'Account' }, id: a, Name: 'Should not stick' },
        { attributes: { type: 'Account' }, id: b, Name: 'y'.repeat(300) },
      ],
    });
    expect(results[0]).toEqual({ id: a, success: false, errors: [{ statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK', message: 'Record rolled back because not all records were valid and the request was using AllOrNone header', fields: [] }] });
    expect(results[1]!.errors[0]!.statusCode).toBe('STRING_TOO_LONG');
    expect((await conn.sobject('Account').retrieve(a!)).Name).not.toBe('Should not stick');
  });

  it('a value of the wrong JSON type fails the whole request with JSON_PARSER_ERROR', async () => {
    const e = await failure(collectionsPatch({ records: [{ attributes: { type: 'Account' }, id: accountIds[0], ARR__c: 'lots' }] }));
    expect(e.name).toBe('JSON_PARSER_ERROR');
  });

  it('an update moves LastModifiedDate and SystemModstamp even when values are unchanged', async () => {
    const [a] = accountIds;
    const before = await conn.sobject('Account').retrieve(a!, { fields: ['Name', 'SystemModstamp'] });
    await new Promise((r) => setTimeout(r, 5));
    await conn.sobject('Account').update({ Id: a!, Name: before.Name as string });
    const after = await conn.sobject('Account').retrieve(a!, { fields: ['Name', 'SystemModstamp'] });
    expect(after.SystemModstamp).not.toBe(before.SystemModstamp);
  });

  it('single-record PATCH answers 204 and errors as a REST error array', async () => {
    const ok = await conn.sobject('Account').update({ Id: accountIds[1]!, Website: 'https://example.org' });
    expect(ok).toEqual({ id: accountIds[1], success: true, errors: [] });
    const e = await failure(conn.sobject('Account').update({ Id: accountIds[1]!, Nope__c: 'x' }));
    expect(e.name).toBe('INVALID_FIELD');
  });
});

describe('faults', () => {
  it('503 on writes: collections and PATCH fail, reads keep working', async () => {
    sb.setFaults({ writeErrorRate: 1 });
    const e = await failure(conn.sobject('Account').update([{ Id: accountIds[0]!, Name: 'during outage' }]));
    expect(e.name).toBe('SERVER_UNAVAILABLE');
    expect((await conn.query('SELECT COUNT() FROM Account')).totalSize).toBe(20);
  });

  it('row locks fail single records inside an otherwise successful call', async () => {
    sb.setFaults({ lockErrorRate: 1 });
    const results = await conn.sobject('Account').update(accountIds.slice(0, 3).map((Id) => ({ Id, Website: 'https://locked.example' })));
    expect(results.map((r) => (r as SaveResult).errors[0]?.statusCode)).toEqual(['UNABLE_TO_LOCK_ROW', 'UNABLE_TO_LOCK_ROW', 'UNABLE_TO_LOCK_ROW']);
  });

  it('latency is added to every call', async () => {
    sb.setFaults({ latencyMs: { min: 40, max: 60 } });
    const started = performance.now();
    await conn.query('SELECT COUNT() FROM Account');
    expect(performance.now() - started).toBeGreaterThanOrEqual(39);
  });
});
