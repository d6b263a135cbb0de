// REST query/queryMore on the Salesforce sandbox through jsforce 3.10: pages of 2,000 (200 with
// child subqueries), cursors, queryAll for archived activities, a strict SOQL parser that refuses
// unescaped quotes and unknown fields, and the seeded data in Salesforce's native shape.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Connection } from 'jsforce';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../sandbox/salesforce/server.ts';
import { connect, SF_AS_OF } from '../helpers/salesforce.ts';

let sb: SalesforceSandbox;
let conn: Connection;
const ACCOUNTS = 100;

interface Rec { Id: string; [k: string]: unknown }

async function failure(promise: PromiseLike<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { name: string; message: string };
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  sb = await startSalesforceSandbox({ asOf: SF_AS_OF, orgs: [{ accounts: ACCOUNTS, seed: 'sfq' }] });
  conn = connect(sb, sb.orgs[0]!);
});

afterAll(async () => {
  await sb.close();
});

describe('pages and cursors', () => {
  it('returns 2,000 records per batch and follows nextRecordsUrl with queryMore', async () => {
    const first = await conn.query<Rec>('SELECT Id, Subject FROM Case ORDER BY CreatedDate');
    expect(first.totalSize).toBe(ACCOUNTS * 25);
    expect(first.records).toHaveLength(2000);
    expect(first.done).toBe(false);
    expect(first.nextRecordsUrl).toMatch(/\/services\/data\/v66\.0\/query\/01g[A-Za-z0-9]{15}-2000$/);
    const second = await conn.queryMore<Rec>(first.nextRecordsUrl!);
    expect(second.done).toBe(true);
    expect(second.nextRecordsUrl).toBeUndefined();
    const ids = new Set([...first.records, ...second.records].map((r) => r.Id));
    expect(ids.size).toBe(ACCOUNTS * 25);
  });

  it('autoFetch walks every page, one API call each', async () => {
    sb.resetStats();
    const all = await conn.query<Rec>('SELECT Id FROM Case').run({ autoFetch: true, maxFetch: 100_000 });
    expect(all.records).toHaveLength(ACCOUNTS * 25);
    const byRoute = sb.stats().byRoute;
    expect(byRoute['GET /services/data/:version/query']?.['200']).toBe(1);
    expect(byRoute['GET /services/data/:version/query/:locator']?.['200']).toBe(1);
  });

  it('child subqueries shrink the batch to 200, and Sforce-Query-Options asks for fewer', async () => {
    const nested = await conn.query<Rec>('SELECT Id, (SELECT Id, CommentBody FROM CaseComments) FROM Case');
    expect(nested.records).toHaveLength(200);
    expect(nested.done).toBe(false);
    const small = await conn.query<Rec>('SELECT Id FROM Case', { headers: { 'Sforce-Query-Options': 'batchSize=500' } });
    expect(small.records).toHaveLength(500);
    const tooSmall = await conn.query<Rec>('SELECT Id FROM Case', { headers: { 'Sforce-Query-Options': 'batchSize=10' } });
    expect(tooSmall.records).toHaveLength(200);
  });

  it('refuses a locator it never issued', async () => {
    const e = await failure(conn.queryMore('/services/data/v66.0/query/01g5g00000ABCDEFGHI-2000'));
    expect(e.name).toBe('INVALID_QUERY_LOCATOR');
  });

  it('counts with COUNT() and pins parent rows with LIMIT/OFFSET', async () => {
    const count = await conn.query('SELECT COUNT() FROM Account');
    expect(count.totalSize).toBe(ACCOUNTS);
    expect(count.records).toHaveLength(0);
    const page = await conn.query<Rec>('SELECT Id, Name FROM Account ORDER BY Name DESC LIMIT 5 OFFSET 10');
    expect(page.records).toHaveLength(5);
    const names = page.records.map((r) => String(r.Name));
    expect([...names].sort().reverse()).toEqual(names);
  });
});

describe('strict SOQL', () => {
  it('an unescaped quote in a value is MALFORMED_QUERY; the escaped value is matched literally', async () => {
    const bare = await failure(conn.query("SELECT Id FROM Account WHERE Name = 'O'Brien Labs'"));
    expect(bare.name).toBe('MALFORMED_QUERY');
    const [target] = (await conn.query<Rec>('SELECT Id FROM Account LIMIT 1')).records;
    await conn.sobject('Account').update({ Id: target!.Id, Name: "O'Brien Labs" });
    const escaped = await conn.query<Rec>("SELECT Id FROM Account WHERE Name = 'O\\'Brien Labs'");
    expect(escaped.records.map((r) => r.Id)).toEqual([target!.Id]);
  });

  it('a value that smuggles in OR next to AND is refused, not widened', async () => {
    const injected = "x' OR Name != '";
    const e = await failure(conn.query(`SELECT Id FROM Account WHERE IsDeleted = false AND Name = '${injected}'`));
    expect(e.name).toBe('MALFORMED_QUERY');
    const invalidEscape = await failure(conn.query("SELECT Id FROM Account WHERE Name = 'a\\qb'"));
    expect(invalidEscape.name).toBe('MALFORMED_QUERY');
    const unterminated = await failure(conn.query("SELECT Id FROM Account WHERE Name = 'abc"));
    expect(unterminated.name).toBe('MALFORMED_QUERY');
  });

  it('unknown fields, relationships and objects are INVALID_FIELD / INVALID_TYPE with a pointer', async () => {
    const field = await failure(conn.query('SELECT Id, Bogus__c FROM Account'));
    expect(field.name).toBe('INVALID_FIELD');
    expect(field.message).toContain("No such column 'Bogus__c' on entity 'Account'");
    expect(field.message).toContain('ERROR at Row:1:Column:12');
    const rel = await failure(conn.query('SELECT Id, Nope.Name FROM Account'));
    expect(rel.name).toBe('INVALID_FIELD');
    const object = await failure(conn.query('SELECT Id FROM Widget__c'));
    expect(object.name).toBe('INVALID_TYPE');
    const child = await failure(conn.query('SELECT Id, (SELECT Id FROM Widgets) FROM Account'));
    expect(child.name).toBe('INVALID_TYPE');
  });

  it('filter values must have the field type: dates unquoted, datetimes with a time, ids well-formed', async () => {
    expect((await failure(conn.query('SELECT Id FROM Case WHERE CreatedDate > 2026-01-01'))).name).toBe('INVALID_FIELD');
    expect((await failure(conn.query("SELECT Id FROM Account WHERE Customer_Since__c > '2020-01-01'"))).name).toBe('INVALID_FIELD');
    expect((await failure(conn.query("SELECT Id FROM Account WHERE Id = 'abc'"))).name).toBe('INVALID_QUERY_FILTER_OPERATOR');
    expect((await failure(conn.query("SELECT Id FROM Case WHERE Description = 'x'"))).name).toBe('INVALID_FIELD');
    const recent = await conn.query<Rec>('SELECT Id, CreatedDate FROM Case WHERE CreatedDate >= 2026-10-01T00:00:00Z');
    expect(recent.records.every((r) => Date.parse(String(r.CreatedDate).replace('+0000', 'Z')) >= Date.parse('2026-10-01T00:00:00Z'))).toBe(true);
  });

  it('mixing AND and OR needs parentheses; with them it works', async () => {
    expect((await failure(conn.query("SELECT Id FROM Case WHERE IsClosed = true AND Priority = 'High' OR Priority = 'Critical'"))).name).toBe('MALFORMED_QUERY');
    const ok = await conn.query<Rec>("SELECT Id, Priority, IsClosed FROM Case WHERE IsClosed = true AND (Priority = 'High' OR Priority = 'Critical')").run({ autoFetch: true, maxFetch: 100_000 });
    expect(ok.records.length).toBeGreaterThan(0);
    expect(ok.records.every((r) => r.IsClosed === true && ['High', 'Critical'].includes(String(r.Priority)))).toBe(true);
  });

  it('semi-joins and IN lists select related records for many accounts in one query', async () => {
    const enterprise = (await conn.query<Rec>("SELECT Id FROM Account WHERE Customer_Segment__c = 'enterprise'")).records.map((r) => r.Id);
    const viaSemiJoin = await conn.query<Rec>("SELECT Id, AccountId FROM Case WHERE AccountId IN (SELECT Id FROM Account WHERE Customer_Segment__c = 'enterprise')").run({ autoFetch: true, maxFetch: 100_000 });
    const list = enterprise.map((id) => `'${id}'`).join(',');
    const viaList = await conn.query<Rec>(`SELECT Id, AccountId FROM Case WHERE AccountId IN (${list})`).run({ autoFetch: true, maxFetch: 100_000 });
    expect(viaSemiJoin.records.length).toBe(enterprise.length * 25);
    expect(new Set(viaList.records.map((r) => r.Id))).toEqual(new Set(viaSemiJoin.records.map((r) => r.Id)));
  });

  it('a query string past the URI limit is answered 414', async () => {
    const ids = Array.from({ length: 1000 }, () => "'001000000000000AAA'").join(',');
    const e = await failure(conn.query(`SELECT Id FROM Case WHERE AccountId IN (${ids})`));
    expect(e.name).toBe('ERROR_HTTP_414');
  });
});

describe('seeded in Salesforce shape', () => {
  it('archived activities are only seen by queryAll', async () => {
    const { archived } = sb.archiveActivities({ orgId: sb.orgs[0]!.orgId, olderThanDays: 60 });
    expect(archived).toBeGreaterThan(0);
    const live = await conn.query('SELECT COUNT() FROM Task');
    const all = await conn.query('SELECT COUNT() FROM Task', { scanAll: true });
    const archivedTasks = await conn.query('SELECT COUNT() FROM Task WHERE IsArchived = true', { scanAll: true });
    expect(archivedTasks.totalSize).toBeGreaterThan(0);
    expect(all.totalSize).toBe(live.totalSize + archivedTasks.totalSize);
    expect((await conn.query('SELECT COUNT() FROM Task WHERE IsArchived = true')).totalSize).toBe(0);
  });

  it('cases carry type, priority, closure and threads whose author is told apart as Salesforce does', async () => {
    const { accountId, snapshot } = sb.seeded(sb.orgs[0]!.orgId)[0]!;
    const cases = (await conn.query<Rec>(`SELECT Id, Subject, Type, Priority, IsClosed, ClosedDate, Origin, (SELECT Incoming, TextBody FROM EmailMessages ORDER BY MessageDate), (SELECT CommentBody, IsPublished, CreatedBy.UserType, CreatedBy.ContactId FROM CaseComments ORDER BY CreatedDate) FROM Case WHERE AccountId = '${accountId}' ORDER BY CreatedDate`)).records;
    expect(cases).toHaveLength(snapshot.tickets.length);
    const tickets = [...snapshot.tickets].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
    cases.forEach((c, i) => {
      const t = tickets[i]!;
      expect(c.Subject).toBe(t.subject);
      expect(c.IsClosed).toBe(t.closedAt != null);
      const emails = (c.EmailMessages as { records: Array<{ Incoming: boolean; TextBody: string }> } | null)?.records ?? [];
      const comments = ((c.CaseComments as { records: Array<{ IsPublished: boolean; CommentBody: string; CreatedBy: { UserType: string; ContactId: string | null } }> } | null)?.records ?? []).filter((m) => m.IsPublished);
      const thread = c.Origin === 'Email'
        ? emails.map((m) => ({ from: m.Incoming ? 'customer' : 'agent', text: m.TextBody }))
        : comments.map((m) => ({ from: m.CreatedBy.ContactId ? 'customer' : 'agent', text: m.CommentBody }));
      expect(thread).toEqual(t.messages.map((m: { from: string; text: string }) => ({ from: m.from, text: m.text })));
      if (c.Origin === 'Web') expect(comments.every((m) => (m.CreatedBy.UserType === 'PowerCustomerSuccess') === (m.CreatedBy.ContactId !== null))).toBe(true);
    });
  });

  it('renewal opportunities are told apart by Type and contacts carry the role field', async () => {
    const { accountId, snapshot } = sb.seeded(sb.orgs[0]!.orgId)[0]!;
    const opps = (await conn.query<Rec>(`SELECT Type, StageName, CloseDate, IsWon, IsClosed FROM Opportunity WHERE AccountId = '${accountId}' AND Type = 'Renewal'`)).records;
    expect(opps).toHaveLength(snapshot.renewals.length);
    const contacts = (await conn.query<Rec>(`SELECT Success_Role__c, Left_Company__c FROM Contact WHERE AccountId = '${accountId}'`)).records;
    expect(contacts.filter((c) => c.Success_Role__c === 'Champion')).toHaveLength(snapshot.contacts.filter((c: { role: string }) => c.role === 'champion').length);
    expect(contacts.filter((c) => c.Left_Company__c === true)).toHaveLength(snapshot.contacts.filter((c: { active: boolean }) => !c.active).length);
    const usage = (await conn.query<Rec>(`SELECT Active_Users__c, (SELECT Snapshot_Date__c, Active_Users__c, Logins__c FROM Usage_Snapshots__r) FROM Account WHERE Id = '${accountId}'`)).records[0]!;
    expect(usage.Active_Users__c).toBe(snapshot.usage.activeUsers);
    // One row per date of either history (active users and logins of a date share it).
    const dates = new Set([...snapshot.usage.history, ...snapshot.usage.loginHistory].map((p: { date: string }) => p.date));
    expect((usage.Usage_Snapshots__r as { totalSize: number }).totalSize).toBe(dates.size);
  });
});
