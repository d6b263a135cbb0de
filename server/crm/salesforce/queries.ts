// The adapter's reads: related records for a page of accounts in a few queries per object — by Id
// range for a page listed in Id order, else per chunk of ids (IN lists kept under the URI limit) —
// case threads through semi-joins, never per account or per case; the people of Tasks and Events
// (Shared Activities) by the relations' AccountId; every page followed with queryMore, every
// record parsed at the boundary.
import { z } from 'zod';
import { OUTPUT_FIELDS } from './fields.ts';
import { accountFields, CASE_FIELDS, COMMENT_FIELDS, contactFields, EMAIL_FIELDS, EVENT_FIELDS, OPPORTUNITY_FIELDS, TASK_FIELDS, usageHistoryFields, type SalesforceMapping } from './mapping.ts';
import { NativeAccount, NativeCase, NativeComment, NativeContact, NativeEmail, NativeEvent, NativeOpportunity, NativeTask, NativeUsage, type NativeBundle } from './native.ts';
import { chunkIds, field, fields, id, ids, soql } from './soql.ts';
import { EVENT_WHO, lacksWhoRelations, peopleByActivity, TASK_WHO, type WhoOrg, type WhoRow } from './who-relations.ts';

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

/**
 * Which accounts one load reads: those of an id list (IN, kept under the URI limit by chunkIds),
 * or every account whose Id lies between two ids (a page listed in Id order, however long).
 */
type Scope = { kind: 'ids'; ids: string[] } | { kind: 'range'; first: string; last: string };

/** `<name> IN (…)` or `<name> >= first AND <name> <= last`, built by soql``. */
function within(name: string, scope: Scope): string {
  return scope.kind === 'ids' ? soql`${field(name)} IN ${ids(scope.ids)}` : soql`${field(name)} >= ${id(scope.first)} AND ${field(name)} <= ${id(scope.last)}`;
}

const LONG_TEXT = new Set(OUTPUT_FIELDS.filter((f) => f.type === 'LongTextArea').map((f) => f.name));

/** Records per batch when a query selects two or more long text fields. */
const LONG_TEXT_BATCH = 200;

/**
 * The Account fields of up to `count` accounts. Salesforce returns 200 records a batch instead of
 * 2,000 when a query selects two or more long text fields, so for more than 200 accounts they are
 * read in as many queries as keep at most one long text field in each.
 */
async function accountsIn(client: QueryClient, scope: Scope, names: readonly string[], count: number): Promise<NativeAccount[]> {
  const later = count <= LONG_TEXT_BATCH ? [] : names.filter((n) => LONG_TEXT.has(n)).slice(1);
  const groups = [names.filter((n) => !later.includes(n)), ...later.map((n) => ['Id', n])];
  const [base, ...extra] = await Promise.all(groups.map((g) => queryEvery(client, `${soql`SELECT ${fields(g)} FROM Account WHERE `}${within('Id', scope)}`, z.looseObject({ Id: z.string() }))));
  const byId = new Map((base ?? []).map((a) => [a.Id, { ...a }]));
  for (const rows of extra) for (const r of rows) Object.assign(byId.get(r.Id) ?? {}, r);
  return [...byId.values()].map((a) => NativeAccount.parse(a));
}

/**
 * When the usage-history query fails: the mapping to read it with instead (the query runs again
 * with it, and so do the rest of the load's), or null to let the load fail.
 */
export type UsageFallback = (error: unknown, mapping: SalesforceMapping) => SalesforceMapping | null;

/** How a load reads the usage history; `mapping` becomes the fallback's once it has answered. */
interface UsageRead {
  mapping: SalesforceMapping;
  fallback: UsageFallback | null;
}

/** The usage-history rows of a scope, oldest first (none when the org keeps no usage history). */
async function usageRows(client: QueryClient, scope: Scope, read: UsageRead): Promise<NativeUsage[]> {
  const h = read.mapping.usageHistory;
  const usageFields = usageHistoryFields(read.mapping);
  if (h === null || usageFields === null) return [];
  try {
    return await queryEvery(client, `${soql`SELECT ${fields(usageFields)} FROM ${field(h.object)} WHERE `}${within(h.accountField, scope)}${soql` ORDER BY ${field(h.dateField)}`}`, NativeUsage);
  } catch (error) {
    const instead = read.fallback?.(error, read.mapping) ?? null;
    if (instead === null) throw error;
    read.mapping = instead;
    read.fallback = null;
    return usageRows(client, scope, read);
  }
}

/**
 * The people the scope's activities of one kind name (who-relations.ts): activity id and
 * RelationId per row; none when the mapping reads no such activity or the org has no Shared
 * Activities (learnt from Salesforce's INVALID_TYPE, then never asked again by this `who`).
 */
async function whoRows(client: QueryClient, spec: typeof TASK_WHO | typeof EVENT_WHO, scope: Scope, who: WhoOrg, wanted: boolean): Promise<WhoRow[]> {
  if (!wanted || !who.sharedActivities) return [];
  try {
    return await queryEvery(client, `${soql`SELECT ${fields([spec.activityField, 'RelationId'])} FROM ${field(spec.object)} WHERE `}${within('AccountId', scope)}`, spec.schema);
  } catch (error) {
    if (!lacksWhoRelations(error)) throw error;
    who.sharedActivities = false;
    return [];
  }
}

async function loadScope(client: QueryClient, scope: Scope, requested: readonly string[], mapping: SalesforceMapping, outputs: readonly string[], usageRead: UsageRead, who: WhoOrg): Promise<LoadedBundles> {
  const ofAccounts = within('AccountId', scope);
  // Case threads by semi-join on the scope's cases: both halves are built by soql``.
  const casesOfScope = `${soql`SELECT Id FROM Case WHERE `}${ofAccounts}`;
  const subtypes = Object.keys(mapping.engagements.taskSubtypes);
  const h = mapping.usageHistory;
  const [accounts, contacts, cases, emails, comments, opportunities, tasks, events, usage, taskPeople, eventPeople] = await Promise.all([
    accountsIn(client, scope, accountFields(mapping, outputs), requested.length),
    queryEvery(client, `${soql`SELECT ${fields(contactFields(mapping))} FROM Contact WHERE `}${ofAccounts}`, NativeContact),
    queryEvery(client, `${soql`SELECT ${fields(CASE_FIELDS)} FROM Case WHERE `}${ofAccounts}${soql` ORDER BY CreatedDate`}`, NativeCase),
    queryEvery(client, `${soql`SELECT ${fields(EMAIL_FIELDS)} FROM EmailMessage WHERE ParentId IN `}(${casesOfScope})`, NativeEmail),
    queryEvery(client, `${soql`SELECT ${fields(COMMENT_FIELDS)} FROM CaseComment WHERE ParentId IN `}(${casesOfScope})`, NativeComment),
    queryEvery(client, `${soql`SELECT ${fields(OPPORTUNITY_FIELDS)} FROM Opportunity WHERE `}${ofAccounts}`, NativeOpportunity),
    subtypes.length === 0 ? Promise.resolve([]) : queryEvery(client, `${soql`SELECT ${fields(TASK_FIELDS)} FROM Task WHERE `}${ofAccounts}${soql` AND TaskSubtype IN ${subtypes}`}`, NativeTask),
    mapping.engagements.events ? queryEvery(client, `${soql`SELECT ${fields(EVENT_FIELDS)} FROM Event WHERE `}${ofAccounts}`, NativeEvent) : Promise.resolve([]),
    usageRows(client, scope, usageRead),
    whoRows(client, TASK_WHO, scope, who, subtypes.length > 0),
    whoRows(client, EVENT_WHO, scope, who, mapping.engagements.events),
  ]);
  const people = peopleByActivity([...taskPeople, ...eventPeople]);
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
  /** The people named by one account's activities (only read when the org has Shared Activities). */
  const peopleOf = (activities: ReadonlyArray<{ Id: string }>): Map<string, string[]> =>
    new Map(activities.flatMap((a) => (people.has(a.Id) ? [[a.Id, people.get(a.Id) as string[]] as const] : [])));
  const found = new Map(accounts.map((a) => [a.Id, a]));
  const by15 = new Map(accounts.map((a) => [a.Id.slice(0, 15), a]));
  const bundles: NativeBundle[] = [];
  const missing: string[] = [];
  // Only the accounts asked for: a range may also hold accounts created since it was listed.
  for (const asked of requested) {
    const account = found.get(asked) ?? by15.get(asked);
    if (!account) {
      missing.push(asked);
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
      ...(who.sharedActivities ? { people: peopleOf([...(byAccount.tasks.get(account.Id) ?? []), ...(byAccount.events.get(account.Id) ?? [])]) } : {}),
    });
  }
  return { bundles, missing };
}

/**
 * Whether the accounts from the first to the last of these ids are exactly as many as the ids:
 * true for a page listed in Id order (listAccountIds), so that its related records can be read by
 * Id range, a few queries per object for up to 2,000 accounts instead of one per IN chunk. One
 * COUNT() call decides; anything else (ids out of order, gaps) is read by IN chunks.
 */
async function isWholeRange(client: QueryClient, ordered: readonly string[]): Promise<boolean> {
  const [first, last] = [ordered[0], ordered.at(-1)];
  if (first === undefined || last === undefined) return false;
  const page = (await client.query(soql`SELECT COUNT() FROM Account WHERE Id >= ${id(first)} AND Id <= ${id(last)}`)) as QueryPage & { totalSize?: unknown };
  return page.totalSize === ordered.length;
}

/**
 * Everything the engine needs for these accounts. A listed page is read by its Id range; other id
 * lists in IN chunks, one after another; an id the range did not cover is read by IN as well.
 * `usageFallback` may answer a failed usage-history query once per load (the later chunks read as
 * it said); `who` says whether to read the activities' other people (and learns when the org has
 * no Shared Activities).
 */
export async function loadBundles(client: QueryClient, accountIds: readonly string[], mapping: SalesforceMapping, outputs: readonly string[] = [], usageFallback: UsageFallback | null = null, who: WhoOrg = { sharedActivities: true }): Promise<LoadedBundles> {
  const unique = [...new Set(accountIds)];
  const out: LoadedBundles = { bundles: [], missing: [] };
  const usageRead: UsageRead = { mapping, fallback: usageFallback };
  let rest = unique;
  if (chunkIds(unique).length > 1 && (await isWholeRange(client, unique))) {
    const loaded = await loadScope(client, { kind: 'range', first: unique[0]!, last: unique.at(-1)! }, unique, mapping, outputs, usageRead, who);
    out.bundles.push(...loaded.bundles);
    rest = loaded.missing;
  }
  for (const chunk of rest.length === 0 ? [] : chunkIds(rest)) {
    const loaded = await loadScope(client, { kind: 'ids', ids: chunk }, chunk, mapping, outputs, usageRead, who);
    out.bundles.push(...loaded.bundles);
    out.missing.push(...loaded.missing);
  }
  return out;
}
