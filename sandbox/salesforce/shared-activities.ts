// Shared Activities: a Task or Event names one Lead or up to 50 Contacts. A caller writes them as
// TaskWhoIds/EventWhoIds (a JunctionIdList of ids); WhoId stays the primary one (the first of the
// list when the caller gives no WhoId), and Salesforce keeps one TaskWhoRelation/EventWhoRelation
// row per person — the primary included — which clients read with SOQL (the objects are
// query-only). An org without the setting has none of these (schema.ts withoutSharedActivities).
// https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-taskwhorelation.html
// https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-eventwhorelation.html
//
// The sandbox's own choices where the reference says nothing: the error texts below; a relation's
// AccountId is the related Contact's account (null for a Lead) — the reference says only "the
// Account ID of the relation"; changing WhoId alone swaps the primary's row and keeps the others;
// TaskWhoIds/EventWhoIds are not read back (no column in SOQL, not in the record).
import { recordError, type RecordError } from './errors.ts';
import { normalizeId } from './ids.ts';
import { objectFor, objectForId, type Schema } from './schema.ts';
import type { OrgStore, SfRecord } from './store.ts';

interface WhoList {
  /** The JunctionIdList field on the activity. */
  list: string;
  relation: string;
  /** The relation's reference to its activity. */
  parent: string;
}

const WHO_LISTS: Readonly<Record<string, WhoList>> = {
  Task: { list: 'TaskWhoIds', relation: 'TaskWhoRelation', parent: 'TaskId' },
  Event: { list: 'EventWhoIds', relation: 'EventWhoRelation', parent: 'EventId' },
};

/** At most this many contacts per activity (or one lead). */
export const MAX_WHO_CONTACTS = 50;

/** A TaskWhoIds/EventWhoIds value as written: ids of Contacts, or of one Lead alone. */
export function checkWhoIds(schema: Schema, label: string, name: string, value: unknown[]): { value: string[] } | RecordError {
  const ids: string[] = [];
  for (const raw of value) {
    const id = typeof raw === 'string' ? normalizeId(raw) : undefined;
    if (!id) return recordError('MALFORMED_ID', `${label}: id value of incorrect type: ${String(raw)}`, [name]);
    const object = objectForId(schema, id)?.name;
    if (object !== 'Contact' && object !== 'Lead') return recordError('FIELD_INTEGRITY_EXCEPTION', `${label}: id value of incorrect type: ${id}`, [name]);
    if (!ids.includes(id)) ids.push(id);
  }
  const leads = ids.filter((id) => objectForId(schema, id)?.name === 'Lead').length;
  if (leads > 0 && ids.length > 1) return recordError('FIELD_INTEGRITY_EXCEPTION', `${label}: an activity may name one lead or up to ${MAX_WHO_CONTACTS} contacts, not both`, [name]);
  if (ids.length > MAX_WHO_CONTACTS) return recordError('FIELD_INTEGRITY_EXCEPTION', `${label}: an activity may name up to ${MAX_WHO_CONTACTS} contacts, got ${ids.length}`, [name]);
  return { value: ids };
}

/**
 * Takes the people list out of an activity's values about to be stored (it is not a column). The
 * WhoId stays what the write or the stored record says while the list names it; otherwise the
 * list's first id becomes the WhoId. undefined: the write did not set a list.
 */
export function takeWhoIds(object: string, values: Record<string, unknown>, storedWhoId?: unknown): string[] | undefined {
  const spec = WHO_LISTS[object];
  if (!spec || !(spec.list in values)) return undefined;
  const listed = Array.isArray(values[spec.list]) ? (values[spec.list] as string[]) : [];
  delete values[spec.list];
  const whoId = 'WhoId' in values ? values.WhoId : storedWhoId;
  if (listed[0] !== undefined && (typeof whoId !== 'string' || (!('WhoId' in values) && !listed.includes(whoId)))) values.WhoId = listed[0];
  return listed;
}

function relationRows(org: OrgStore, spec: WhoList, activityId: string): SfRecord[] {
  const table = org.table(spec.relation);
  return [...org.lookup(spec.relation, spec.parent, activityId)].map((id) => table.get(id)).filter((r): r is SfRecord => r !== undefined);
}

/**
 * After an activity is stored: its relation rows are the people it names — WhoId and the list when
 * the write set one, else the rows it had with the primary swapped for the new WhoId.
 */
export function syncWhoRelations(org: OrgStore, object: string, record: SfRecord, listed: string[] | undefined, before: SfRecord | undefined): void {
  const spec = WHO_LISTS[object];
  if (!spec || !objectFor(org.schema, spec.relation)) return;
  const existing = relationRows(org, spec, record.Id);
  const kept = existing.map((r) => r.RelationId as string).filter((id) => id !== before?.WhoId);
  const people = [...new Set([typeof record.WhoId === 'string' ? [record.WhoId] : [], listed ?? kept].flat())];
  for (const r of existing) if (!people.includes(r.RelationId as string)) org.remove(spec.relation, r.Id);
  const have = new Set(existing.map((r) => r.RelationId));
  const at = Date.parse(String(record.SystemModstamp));
  for (const person of people) {
    if (have.has(person)) continue;
    const target = org.get(person);
    const type = objectForId(org.schema, person)?.name ?? null;
    org.insert(spec.relation, {
      [spec.parent]: record.Id, RelationId: person, Type: type,
      AccountId: type === 'Contact' && typeof target?.AccountId === 'string' ? target.AccountId : null,
    }, at, at);
  }
}
