// What an incremental sync watches: Accounts whose own record changed since a moment, and the
// accounts of every kind of row the engine reads that changed since then — Contacts, Cases,
// Opportunities, the usage-history rows (a monthly usage export writes only those, never the
// Account), and the Tasks and Events the mapping reads as engagements (their AccountId is derived
// by Salesforce from WhatId/WhoId, and filterable). All by SystemModstamp, which Salesforce sets on
// every insert and update, system ones included. One query per watched object, every page
// followed, SOQL only through soql``, every row parsed at the boundary.
import { z } from 'zod';
import type { ChangedAccount } from '../port.ts';
import { accountsModifiedSince, RELATED_OBJECTS } from './lookups.ts';
import { instant } from './mappers.ts';
import type { SalesforceMapping } from './mapping.ts';
import { Id } from './native.ts';
import { queryEvery, type QueryClient } from './queries.ts';
import { field, soql } from './soql.ts';

/** Rows of one object whose change may change an account's result. */
export interface ChangeWatch {
  object: string;
  /** The row's reference to its account. */
  accountField: string;
  /** A condition AND-ed to the query (built by soql``), e.g. only the mapped Task subtypes. */
  only: string | null;
}

/** The child objects to watch under this mapping (the Account itself is watched apart). */
export function changeWatches(mapping: SalesforceMapping): ChangeWatch[] {
  const watches: ChangeWatch[] = Object.values(RELATED_OBJECTS).map((object) => ({ object, accountField: 'AccountId', only: null }));
  const h = mapping.usageHistory;
  if (h !== null) watches.push({ object: h.object, accountField: h.accountField, only: null });
  const subtypes = Object.keys(mapping.engagements.taskSubtypes);
  if (subtypes.length > 0) watches.push({ object: 'Task', accountField: 'AccountId', only: soql`TaskSubtype IN ${subtypes}` });
  if (mapping.engagements.events) watches.push({ object: 'Event', accountField: 'AccountId', only: null });
  return watches;
}

/** The accounts of the watched rows changed at or after `since`. */
export async function accountsOfChangedRows(client: QueryClient, watch: ChangeWatch, since: Date): Promise<string[]> {
  const ref = field(watch.accountField);
  const text = soql`SELECT ${ref} FROM ${field(watch.object)} WHERE SystemModstamp >= ${since} AND ${ref} != null`;
  const rows = await queryEvery(client, watch.only === null ? text : `${text} AND ${watch.only}`, z.object({ [watch.accountField]: Id.nullable() }));
  return [...new Set(rows.flatMap((r) => (r[watch.accountField] ? [r[watch.accountField]!] : [])))];
}

/**
 * The candidates of an incremental sync: changed Accounts with their SystemModstamp, and the
 * accounts of changed watched rows marked relatedChanged (never skipped as our own write).
 */
export async function changedAccounts(client: QueryClient, mapping: SalesforceMapping, since: Date): Promise<ChangedAccount[]> {
  const [accounts, ...related] = await Promise.all([
    accountsModifiedSince(client, since),
    ...changeWatches(mapping).map((watch) => accountsOfChangedRows(client, watch, since)),
  ]);
  const changed = new Map<string, ChangedAccount>();
  for (const a of accounts) {
    changed.set(a.Id, { accountId: a.Id, modifiedAtMs: Date.parse(instant(a.SystemModstamp) ?? '') || null, relatedChanged: false });
  }
  for (const accountId of related.flat()) {
    const entry = changed.get(accountId) ?? { accountId, modifiedAtMs: null, relatedChanged: false };
    entry.relatedChanged = true;
    changed.set(accountId, entry);
  }
  return [...changed.values()];
}
