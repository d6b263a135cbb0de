// The adapter's reads: related records for a page of accounts in a few queries per chunk of ids
// (IN lists kept under the URI limit; case threads through semi-joins, never per account or per
// case), every page followed with queryMore, every record parsed at the boundary.
import type { z } from 'zod';
import { accountFields, CASE_FIELDS, COMMENT_FIELDS, contactFields, EMAIL_FIELDS, EVENT_FIELDS, OPPORTUNITY_FIELDS, TASK_FIELDS, type SalesforceMapping } from './mapping.ts';
import { NativeAccount, NativeCase, NativeComment, NativeContact, NativeEmail, NativeEvent, NativeOpportunity, NativeTask, NativeUsage, type NativeBundle } from './native.ts';
import { chunkIds, field, fields, ids, soql } from './soql.ts';

export interface QueryPage {
  records: unknown[];
  done: boolean;
  nextRecordsUrl?: string;
}

/** What the reads need from a Salesforce connection (jsforce's Connection has both). */
export interface QueryClient {
  query(soql: string): PromiseLike<QueryPage>;
  queryMore(locator: string): PromiseLike<QueryPage>;
}

/** Every record of a query, following nextRecordsUrl until done. */
export async function queryEvery<S extends z.ZodType>(client: QueryClient, text: string, schema: S): Promise<Array<z.output<S>>> {
  const out: Array<z.output<S>> = [];
  let page = await client.query(text);
  for (;;) {
    for (const r of page.records) out.push(schema.parse(r));
    if (page.done || !page.nextRecordsUrl) return out;
    page = await client.queryMore(page.nextRecordsUrl);
  }
}

function group<T>(rows: T[], key: (r: T) => string | null | undefined): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    if (!k) continue;
    let list = map.get(k);
    if (!list) map.set(k, (list = []));
    list.push(r);
  }
  return map;
}

export interface LoadedBundles {
  bundles: NativeBundle[];
  /** Requested ids the org does not have (deleted, or never there). */
  missing: string[];
}

async function loadChunk(client: QueryClient, chunk: string[], mapping: SalesforceMapping, outputs: readonly string[]): Promise<LoadedBundles> {
  const inChunk = ids(chunk);
  // Case threads by semi-join on the chunk's cases: both halves are built by soql``.
  const casesOfChunk = soql`SELECT Id FROM Case WHERE AccountId IN ${inChunk}`;
  const subtypes = Object.keys(mapping.engagements.taskSubtypes);
  const h = mapping.usageHistory;
  const [accounts, contacts, cases, emails, comments, opportunities, tasks, events, usage] = await Promise.all([
    queryEvery(client, soql`SELECT ${fields(accountFields(mapping, outputs))} FROM Account WHERE Id IN ${inChunk}`, NativeAccount),
    queryEvery(client, soql`SELECT ${fields(contactFields(mapping))} FROM Contact WHERE AccountId IN ${inChunk}`, NativeContact),
    queryEvery(client, soql`SELECT ${fields(CASE_FIELDS)} FROM Case WHERE AccountId IN ${inChunk} ORDER BY CreatedDate`, NativeCase),
    queryEvery(client, `${soql`SELECT ${fields(EMAIL_FIELDS)} FROM EmailMessage WHERE ParentId IN `}(${casesOfChunk})`, NativeEmail),
    queryEvery(client, `${soql`SELECT ${fields(COMMENT_FIELDS)} FROM CaseComment WHERE ParentId IN `}(${casesOfChunk})`, NativeComment),
    queryEvery(client, soql`SELECT ${fields(OPPORTUNITY_FIELDS)} FROM Opportunity WHERE AccountId IN ${inChunk}`, NativeOpportunity),
    subtypes.length === 0 ? Promise.resolve([]) : queryEvery(client, soql`SELECT ${fields(TASK_FIELDS)} FROM Task WHERE AccountId IN ${inChunk} AND TaskSubtype IN ${subtypes}`, NativeTask),
    mapping.engagements.events ? queryEvery(client, soql`SELECT ${fields(EVENT_FIELDS)} FROM Event WHERE AccountId IN ${inChunk}`, NativeEvent) : Promise.resolve([]),
    h === null
      ? Promise.resolve([])
      : queryEvery(client, soql`SELECT ${fields(['Id', h.accountField, h.dateField, h.activeUsersField])} FROM ${field(h.object)} WHERE ${field(h.accountField)} IN ${inChunk} ORDER BY ${field(h.dateField)}`, NativeUsage),
  ]);
  const emailsByCase = group(emails, (e) => e.ParentId);
  const commentsByCase = group(comments, (c) => c.ParentId);
  const byAccount = {
    contacts: group(contacts, (c) => c.AccountId),
    cases: group(cases, (c) => c.AccountId),
    opportunities: group(opportunities, (o) => o.AccountId),
    tasks: group(tasks, (t) => t.AccountId),
    events: group(events, (e) => e.AccountId),
    usage: group(usage, (u) => (h === null ? null : (u[h.accountField] as string | null | undefined))),
  };
  const found = new Map(accounts.map((a) => [a.Id, a]));
  const bundles: NativeBundle[] = [];
  const missing: string[] = [];
  for (const requested of chunk) {
    const account = found.get(requested) ?? accounts.find((a) => a.Id.slice(0, 15) === requested);
    if (!account) {
      missing.push(requested);
      continue;
    }
    bundles.push({
      account,
      contacts: byAccount.contacts.get(account.Id) ?? [],
      cases: (byAccount.cases.get(account.Id) ?? []).map((record) => ({ record, emails: emailsByCase.get(record.Id) ?? [], comments: commentsByCase.get(record.Id) ?? [] })),
      opportunities: byAccount.opportunities.get(account.Id) ?? [],
      tasks: byAccount.tasks.get(account.Id) ?? [],
      events: byAccount.events.get(account.Id) ?? [],
      usage: byAccount.usage.get(account.Id) ?? [],
    });
  }
  return { bundles, missing };
}

/** Everything the engine needs for these accounts; chunks run one after another. */
export async function loadBundles(client: QueryClient, accountIds: readonly string[], mapping: SalesforceMapping, outputs: readonly string[] = []): Promise<LoadedBundles> {
  const out: LoadedBundles = { bundles: [], missing: [] };
  for (const chunk of chunkIds([...new Set(accountIds)])) {
    const loaded = await loadChunk(client, chunk, mapping, outputs);
    out.bundles.push(...loaded.bundles);
    out.missing.push(...loaded.missing);
  }
  return out;
}
