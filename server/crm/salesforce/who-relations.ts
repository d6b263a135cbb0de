// Everyone a Task or Event names, not only its WhoId. With Shared Activities on, an activity names
// one Lead or up to 50 Contacts; WhoId holds the primary one and TaskWhoRelation/EventWhoRelation
// one row per person (the primary included): query-only objects, API 29.0+, whose fields AccountId,
// RelationId, Type and TaskId/EventId are all filterable.
// https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-taskwhorelation.html
// https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-eventwhorelation.html
//
// One query per object per scope of accounts, filtered by the relation's AccountId ("the Account
// ID of the relation"): whether that is the person's account or the activity's, every row the
// sync keeps — a contact of account A on an activity of account A — has AccountId A, so the
// filter never drops one (rows of other activities or other accounts' contacts are dropped by
// the join in queries.ts and by mappers.ts). An org without Shared Activities has no such object:
// Salesforce refuses the query with INVALID_TYPE, and the adapter stops asking (WhoOrg).
import { z } from 'zod';
import { toCrmError } from './errors.ts';
import { Id } from './native.ts';

/** One person an activity names, parsed at the boundary: the activity and the person's id. */
export interface WhoRow {
  activityId: string;
  relationId: string | null;
}

const NativeTaskWho = z.looseObject({ TaskId: Id, RelationId: Id.nullable() }).transform((r): WhoRow => ({ activityId: r.TaskId, relationId: r.RelationId }));
const NativeEventWho = z.looseObject({ EventId: Id, RelationId: Id.nullable() }).transform((r): WhoRow => ({ activityId: r.EventId, relationId: r.RelationId }));

export const TASK_WHO = { object: 'TaskWhoRelation', activityField: 'TaskId', schema: NativeTaskWho } as const;
export const EVENT_WHO = { object: 'EventWhoRelation', activityField: 'EventId', schema: NativeEventWho } as const;

/**
 * Whether the org has the relation objects, as far as this adapter knows: true until Salesforce
 * refuses one with INVALID_TYPE, then false for the adapter's life (at most the two refused
 * queries of the first scope per sync; the sidecar builds an adapter per sync, so an org that turns
 * Shared Activities on is read in full from the next one).
 */
export interface WhoOrg {
  sharedActivities: boolean;
}

/** Whether `error` is Salesforce saying the object does not exist for this org or user. */
export function lacksWhoRelations(error: unknown): boolean {
  return toCrmError(error).category === 'INVALID_TYPE';
}

/** The people an activity names, by activity id: RelationIds, in the order read. */
export function peopleByActivity(rows: readonly WhoRow[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const { activityId, relationId } of rows) {
    if (relationId === null) continue;
    let list = map.get(activityId);
    if (!list) map.set(activityId, (list = []));
    if (!list.includes(relationId)) list.push(relationId);
  }
  return map;
}
