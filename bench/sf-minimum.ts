// What bench/sync-salesforce.ts compares against: the calls the sandbox saw, sorted into kinds by
// route, and the fewest calls Salesforce's limits allow for the data a sync must read and write —
// every record the engine needs in query batches of 2,000 (one query and its queryMores per object,
// the TaskWhoRelation/EventWhoRelation rows of an org with Shared Activities among them,
// no child subqueries, which Salesforce pages 200 at a time), every changed account in sObject
// Collections calls of 200, plus the sign-in and provisioning calls a run makes whatever the data.
import { DEFAULT_SALESFORCE_MAPPING } from '../server/crm/salesforce/mapping.ts';
import type { QueryClient } from '../server/crm/salesforce/queries.ts';
import { field, soql } from '../server/crm/salesforce/soql.ts';

export const QUERY_BATCH = 2_000;
export const COLLECTION_BATCH = 200;

export interface SandboxStats {
  requests: number;
  byRoute: Record<string, Record<string, number>>;
  collectionSizes: number[];
}

const KINDS: Array<[RegExp, string]> = [
  [/^GET \/services\/data\/:version\/query(All)?$/, 'query'],
  [/^GET \/services\/data\/:version\/query(All)?\/:locator$/, 'queryMore'],
  [/^PATCH \/services\/data\/:version\/composite\/sobjects$/, 'collections'],
  [/^GET \/services\/data\/:version\/sobjects(\/:type\/describe)?$/, 'describe'],
  [/^GET \/services\/data\/:version\/limits$/, 'limits'],
  [/^POST \/services\/Soap\/m\/:version$/, 'metadata'],
  [/^(GET|POST) \/(services\/oauth2\/|id\/)/, 'oauth'],
  [/^PATCH \/services\/data\/:version\/sobjects\/:type\/:id$/, 'recordUpdate'],
  [/^POST \/services\/data\/:version\/sobjects\/:type$/, 'recordCreate'],
  [/^GET \/services\/data\/:version\/sobjects\/:type\/:id$/, 'recordRead'],
];

/** Requests by kind (every answer counts, refused ones too) and how many were not 2xx. */
export function callsByKind(stats: SandboxStats): { total: number; byKind: Record<string, number>; notOk: number } {
  const byKind: Record<string, number> = {};
  let total = 0;
  let notOk = 0;
  for (const [route, statuses] of Object.entries(stats.byRoute)) {
    const kind = KINDS.find(([pattern]) => pattern.test(route))?.[1] ?? 'other';
    for (const [status, n] of Object.entries(statuses)) {
      byKind[kind] = (byKind[kind] ?? 0) + n;
      total += n;
      if (!status.startsWith('2')) notOk += n;
    }
  }
  return { total, byKind, notOk };
}

/** How many records of each object a full sync has to read (the adapter's filters, default mapping). */
export async function recordCounts(client: QueryClient): Promise<Record<string, number>> {
  const m = DEFAULT_SALESFORCE_MAPPING;
  const count = async (text: string) => {
    const page = (await client.query(text)) as { totalSize?: unknown };
    if (typeof page.totalSize !== 'number') throw new Error(`COUNT() without totalSize: ${text}`);
    return page.totalSize;
  };
  const casesOfAccounts = soql`SELECT Id FROM Case WHERE AccountId != null`;
  const usage = m.usageHistory;
  /** The people of Tasks and Events (Shared Activities): none to read when the org has no such object. */
  const relations = async (object: string): Promise<Record<string, number>> => {
    try {
      return { [object]: await count(soql`SELECT COUNT() FROM ${field(object)} WHERE AccountId != null`) };
    } catch (error) {
      if ((error as { errorCode?: unknown }).errorCode === 'INVALID_TYPE') return {};
      throw error;
    }
  };
  return {
    Account: await count(soql`SELECT COUNT() FROM Account`),
    Contact: await count(soql`SELECT COUNT() FROM Contact WHERE AccountId != null`),
    Case: await count(soql`SELECT COUNT() FROM Case WHERE AccountId != null`),
    EmailMessage: await count(`${soql`SELECT COUNT() FROM EmailMessage WHERE ParentId IN `}(${casesOfAccounts})`),
    CaseComment: await count(`${soql`SELECT COUNT() FROM CaseComment WHERE ParentId IN `}(${casesOfAccounts})`),
    Opportunity: await count(soql`SELECT COUNT() FROM Opportunity WHERE AccountId != null`),
    Task: await count(soql`SELECT COUNT() FROM Task WHERE AccountId != null AND TaskSubtype IN ${Object.keys(m.engagements.taskSubtypes)}`),
    Event: m.engagements.events ? await count(soql`SELECT COUNT() FROM Event WHERE AccountId != null`) : 0,
    ...(usage ? { [usage.object]: await count(soql`SELECT COUNT() FROM ${field(usage.object)} WHERE ${field(usage.accountField)} != null`) } : {}),
    ...(Object.keys(m.engagements.taskSubtypes).length > 0 ? await relations('TaskWhoRelation') : {}),
    ...(m.engagements.events ? await relations('EventWhoRelation') : {}),
  };
}

/** ceil(records / 2,000) per object + ceil(changed / 200) + the fixed calls. */
export function minimumCalls(records: Record<string, number>, changedAccounts: number, fixedCalls: number): { total: number; parts: { reads: number; writes: number; fixed: number } } {
  const reads = Object.values(records).reduce((n, count) => n + Math.ceil(count / QUERY_BATCH), 0);
  const writes = Math.ceil(changedAccounts / COLLECTION_BATCH);
  return { total: reads + writes + fixedCalls, parts: { reads, writes, fixed: fixedCalls } };
}
