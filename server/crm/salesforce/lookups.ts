// The adapter's smaller reads: account ids a page at a time (keyset on Id, so a resumed sync
// needs no server cursor, which Salesforce expires after 15 idle minutes), Accounts changed since
// a moment by SystemModstamp (changes.ts watches the rest), the accounts of related records, a
// few Account fields, and one contact with its open cases. SOQL only through soql``; every record parsed at the boundary.
import { z } from 'zod';
import { CASE_FIELDS, contactFields, type SalesforceMapping } from './mapping.ts';
import { Id, NativeCase, NativeContact } from './native.ts';
import { queryEvery, type QueryClient } from './queries.ts';
import { chunkIds, field, fields, id, ids, soql } from './soql.ts';

/** Query results come in batches of 2,000 at most: a page of account ids is one call. */
export const ID_PAGE_LIMIT = 2_000;

export async function accountIdPage(client: QueryClient, after: string | null, size: number): Promise<{ ids: string[]; next: string | null }> {
  const limit = Math.max(1, Math.min(ID_PAGE_LIMIT, Math.floor(size)));
  const text = after === null
    ? soql`SELECT Id FROM Account ORDER BY Id LIMIT ${limit}`
    : soql`SELECT Id FROM Account WHERE Id > ${id(after)} ORDER BY Id LIMIT ${limit}`;
  const rows = await queryEvery(client, text, z.object({ Id }));
  const list = rows.map((r) => r.Id);
  return { ids: list, next: list.length === limit ? (list.at(-1) ?? null) : null };
}

/** Accounts whose own record changed at or after `since`, with their SystemModstamp. */
export function accountsModifiedSince(client: QueryClient, since: Date): Promise<Array<{ Id: string; SystemModstamp: string }>> {
  return queryEvery(client, soql`SELECT Id, SystemModstamp FROM Account WHERE SystemModstamp >= ${since}`, z.object({ Id, SystemModstamp: z.string() }));
}

export const RELATED_OBJECTS = { contacts: 'Contact', tickets: 'Case', deals: 'Opportunity' } as const;
export type RelatedObject = (typeof RELATED_OBJECTS)[keyof typeof RELATED_OBJECTS];

const AccountRef = z.object({ AccountId: Id.nullable() });

function accountIdsOf(rows: Array<z.infer<typeof AccountRef>>): string[] {
  return rows.flatMap((r) => (r.AccountId ? [r.AccountId] : []));
}

/** The accounts these records of one object belong to. */
export async function accountsOfRecords(client: QueryClient, object: RelatedObject, recordIds: readonly string[]): Promise<string[]> {
  const out = new Set<string>();
  for (const chunk of chunkIds([...new Set(recordIds)])) {
    for (const a of accountIdsOf(await queryEvery(client, soql`SELECT AccountId FROM ${field(object)} WHERE Id IN ${ids(chunk)}`, AccountRef))) out.add(a);
  }
  return [...out];
}

/** Some Account fields of these accounts, keyed by 18-character id. */
export async function accountFieldValues(client: QueryClient, accountIds: readonly string[], names: readonly string[]): Promise<Array<Record<string, unknown> & { Id: string }>> {
  const out: Array<Record<string, unknown> & { Id: string }> = [];
  const wanted = [...new Set(['Id', ...names])];
  for (const chunk of chunkIds([...new Set(accountIds)])) {
    out.push(...(await queryEvery(client, soql`SELECT ${fields(wanted)} FROM Account WHERE Id IN ${ids(chunk)}`, z.looseObject({ Id }))));
  }
  return out;
}

/** One contact and its open cases; null when the org has no such contact. */
export async function contactWithOpenCases(client: QueryClient, contactId: string, mapping: SalesforceMapping): Promise<{ contact: NativeContact; cases: NativeCase[] } | null> {
  const [contacts, cases] = await Promise.all([
    queryEvery(client, soql`SELECT ${fields(contactFields(mapping))} FROM Contact WHERE Id = ${id(contactId)}`, NativeContact),
    queryEvery(client, soql`SELECT ${fields(CASE_FIELDS)} FROM Case WHERE ContactId = ${id(contactId)} AND IsClosed = false ORDER BY CreatedDate DESC`, NativeCase),
  ]);
  const contact = contacts[0];
  return contact ? { contact, cases } : null;
}
