// Records as the REST query API returns them, parsed at the boundary. Mapping-dependent fields
// (usage, role, …) stay in the record and are read by name in mappers.ts.
import { z } from 'zod';

/** An 18-character record id, as the REST API returns every id. */
export const Id = z.string().regex(/^[a-zA-Z0-9]{18}$/);
const Text = z.string().nullable().optional();

export const NativeAccount = z.looseObject({ Id, Name: z.string(), CreatedDate: z.string(), SystemModstamp: z.string() });
export const NativeContact = z.looseObject({ Id, AccountId: Id });
export const NativeCase = z.looseObject({
  Id, AccountId: Id, Subject: Text, Description: Text, Type: Text, Priority: Text, IsClosed: z.boolean(), ClosedDate: Text, CreatedDate: z.string(), Origin: Text,
});
export const NativeEmail = z.looseObject({ Id, ParentId: Id, Incoming: z.boolean(), TextBody: Text, MessageDate: Text });
export const NativeComment = z.looseObject({
  Id, ParentId: Id, CommentBody: Text, IsPublished: z.boolean(), CreatedDate: z.string(),
  CreatedBy: z.object({ UserType: Text, ContactId: Text }).nullable(),
});
export const NativeOpportunity = z.looseObject({ Id, AccountId: Id, Type: Text, CloseDate: z.string(), Amount: z.number().nullable().optional(), IsClosed: z.boolean(), IsWon: z.boolean() });
export const NativeTask = z.looseObject({ Id, AccountId: Id.nullable(), WhoId: Id.nullable().optional(), TaskSubtype: Text, ActivityDate: Text, CreatedDate: z.string() });
export const NativeEvent = z.looseObject({ Id, AccountId: Id.nullable(), WhoId: Id.nullable().optional(), ActivityDateTime: Text, ActivityDate: Text });
export const NativeUsage = z.looseObject({ Id });

export type NativeAccount = z.infer<typeof NativeAccount>;
export type NativeContact = z.infer<typeof NativeContact>;
export type NativeCase = z.infer<typeof NativeCase>;
export type NativeEmail = z.infer<typeof NativeEmail>;
export type NativeComment = z.infer<typeof NativeComment>;
export type NativeOpportunity = z.infer<typeof NativeOpportunity>;
export type NativeTask = z.infer<typeof NativeTask>;
export type NativeEvent = z.infer<typeof NativeEvent>;
export type NativeUsage = z.infer<typeof NativeUsage>;

/** One account and everything related to it, as loaded. */
export interface NativeBundle {
  account: NativeAccount;
  contacts: NativeContact[];
  cases: Array<{ record: NativeCase; emails: NativeEmail[]; comments: NativeComment[] }>;
  opportunities: NativeOpportunity[];
  tasks: NativeTask[];
  events: NativeEvent[];
  usage: NativeUsage[];
  /**
   * Everyone each Task and Event names (TaskWhoRelation/EventWhoRelation RelationIds, the WhoId
   * included), by activity id; absent when the org has no Shared Activities (WhoId only).
   */
  people?: ReadonlyMap<string, readonly string[]>;
}
