// The daily API allowance of the Salesforce sandbox through jsforce 3.10: Sforce-Limit-Info on
// every answer (jsforce's conn.limitInfo), /limits, REQUEST_LIMIT_EXCEEDED once the rolling 24-hour
// allowance is spent, versions, and the /__sandbox/ control API used by out-of-process benchmarks.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Connection } from 'jsforce';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../sandbox/salesforce/server.ts';
import { connect, SF_AS_OF, SF_VERSION, type TokenHolder } from '../helpers/salesforce.ts';

const START = Date.parse('2026-11-01T08:00:00.000Z');
let clock = START;
let sb: SalesforceSandbox;
let conn: Connection;
let orgId: string;
let holder: TokenHolder;

async function failure(promise: PromiseLike<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { name: string; message: string };
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  sb = await startSalesforceSandbox({ asOf: SF_AS_OF, orgs: [{ accounts: 2, seed: 'sfl' }], now: () => clock, dailyApiRequests: 50 });
  // Sessions last 2 hours; the test moves the clock a day on, so jsforce refreshes (rotation kept).
  holder = { refreshToken: sb.orgs[0]!.refreshToken, refreshes: 0 };
  conn = connect(sb, sb.orgs[0]!, { refresh: holder });
  orgId = sb.orgs[0]!.orgId;
});

afterAll(async () => {
  await sb.close();
});

describe('daily API allowance', () => {
  it('counts every call and reports it in Sforce-Limit-Info and /limits', async () => {
    await conn.query('SELECT Id FROM Account');
    expect(conn.limitInfo).toEqual({ apiUsage: { used: 1, limit: 50 } });
    await failure(conn.query('SELECT Nope FROM Account'));
    expect(sb.apiUsage(orgId).used).toBe(2);
    const limits = await conn.limits();
    expect(limits.DailyApiRequests).toEqual({ Max: 50, Remaining: 47 });
    const res = await fetch(`${sb.url}/services/data/v${SF_VERSION}/query?q=${encodeURIComponent('SELECT Id FROM Account')}`, { headers: { authorization: `Bearer ${sb.orgs[0]!.accessToken}` } });
    expect(res.headers.get('sforce-limit-info')).toBe('api-usage=4/50');
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
  });

  it('refuses calls with REQUEST_LIMIT_EXCEEDED once spent, until the rolling window frees them', async () => {
    sb.setApiLimit({ consume: { orgId, count: 50 - sb.apiUsage(orgId).used } });
    const e = await failure(conn.query('SELECT Id FROM Account'));
    expect(e.name).toBe('REQUEST_LIMIT_EXCEEDED');
    expect(e.message).toBe('TotalRequests Limit exceeded.');
    expect(sb.apiUsage(orgId).used).toBe(50);
    const meta = await failure(conn.metadata.read('CustomField', 'Account.X__c'));
    expect(meta.name).toBe('sf:REQUEST_LIMIT_EXCEEDED');
    clock += 24 * 3_600_000 + 1;
    expect((await conn.query('SELECT COUNT() FROM Account')).totalSize).toBe(2);
    expect(conn.limitInfo.apiUsage?.used).toBe(1);
  });

  it('rejects an unauthenticated call with INVALID_SESSION_ID without counting it', async () => {
    const before = sb.apiUsage(orgId).used;
    const res = await fetch(`${sb.url}/services/data/v${SF_VERSION}/limits`, { headers: { authorization: 'Bearer nope' } });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    expect(res.headers.get('sforce-limit-info')).toBeNull();
    expect(sb.apiUsage(orgId).used).toBe(before);
  });
});

describe('versions and resources', () => {
  it('serves supported versions only', async () => {
    const versions = (await (await fetch(`${sb.url}/services/data`)).json()) as Array<{ version: string }>;
    expect(versions.map((v) => v.version)).toContain('66.0');
    expect(versions.map((v) => v.version)).not.toContain('30.0');
    const old = await fetch(`${sb.url}/services/data/v30.0/limits`, { headers: { authorization: `Bearer ${sb.orgs[0]!.accessToken}` } });
    expect(old.status).toBe(404);
    expect(((await old.json()) as Array<{ errorCode: string }>)[0]?.errorCode).toBe('NOT_FOUND');
  });

  it('describes objects with child relationships and picklist values', async () => {
    const d = await conn.describe('Case');
    expect(d.childRelationships.map((c) => c.relationshipName)).toEqual(expect.arrayContaining(['CaseComments', 'EmailMessages']));
    expect(d.fields.find((f) => f.name === 'Priority')?.picklistValues?.map((p: { value: string }) => p.value)).toEqual(['Critical', 'High', 'Medium', 'Low']);
    const global = await conn.describeGlobal();
    expect(global.sobjects.map((s) => s.name)).toEqual(expect.arrayContaining(['Account', 'Contact', 'Case', 'Opportunity', 'Task', 'Event']));
  });
});

describe('control API over HTTP', () => {
  it('reports info and usage, sets faults and limits, expires tokens', async () => {
    const info = (await (await fetch(`${sb.url}/__sandbox/info`)).json()) as { url: string; orgs: Array<{ orgId: string }> };
    expect(info.url).toBe(sb.url);
    expect(info.orgs.map((o) => o.orgId)).toEqual([orgId]);
    const post = (path: string, body: unknown): Promise<Response> => fetch(`${sb.url}/__sandbox/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post('api-limit', { max: 1000 })).status).toBe(200);
    expect(((await (await fetch(`${sb.url}/__sandbox/usage/${orgId}`)).json()) as { max: number }).max).toBe(1000);
    expect((await post('faults', { writeErrorRate: 2 })).status).toBe(400);
    expect((await post('faults', { writeErrorRate: 1 })).status).toBe(200);
    const e = await failure(conn.sobject('Account').update([{ Id: (await conn.query<{ Id: string }>('SELECT Id FROM Account')).records[0]!.Id, Website: 'https://x.example' }]));
    expect(e.name).toBe('SERVER_UNAVAILABLE');
    expect((await post('faults', null)).status).toBe(200);
    expect((await post('expire-tokens', { orgId })).status).toBe(200);
    const refreshes = holder.refreshes;
    await conn.query('SELECT Id FROM Account');
    expect(holder.refreshes).toBe(refreshes + 1);
    expect((await post('expire-tokens', { orgId: 'nope' })).status).toBe(400);
  });
});
