// Fields Salesforce computes on save rather than taking from the caller. Contact.Name and Lead.Name
// from the first and last names. Task.AccountId and
// Event.AccountId (read-only): the account of WhatId when it is an Account, Opportunity or
// Contract, else the account of WhoId when it is a Contact, else null — on insert and on update.
// https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_task.htm
import { objectForId } from './schema.ts';
import type { OrgStore, SfRecord } from './store.ts';

const ACTIVITIES = new Set(['Task', 'Event']);
/** What a WhatId may point at to give the activity an account (Contract is not in the sandbox). */
const WHAT_WITH_ACCOUNT = new Set(['Account', 'Opportunity', 'Contract']);
const WHO_WITH_ACCOUNT = new Set(['Contact']);

/** The account of the record `id` points at, when it is one of `objects`. */
function accountOf(org: OrgStore, id: unknown, objects: ReadonlySet<string>): string | null {
  const target = typeof id === 'string' ? org.get(id) : undefined;
  const object = target ? objectForId(org.schema, target.Id)?.name : undefined;
  if (!target || !object || !objects.has(object)) return null;
  if (object === 'Account') return target.Id;
  return typeof target.AccountId === 'string' ? target.AccountId : null;
}

/** People whose read-only Name is their first and last names (salutation and middle name aside). */
const PEOPLE = new Set(['Contact', 'Lead']);

/** Sets the derived fields of a record of `object` about to be stored. */
export function deriveFields(org: OrgStore, object: string, record: SfRecord): void {
  if (PEOPLE.has(object)) record.Name = [record.FirstName, record.LastName].filter((n) => typeof n === 'string' && n !== '').join(' ');
  if (!ACTIVITIES.has(object)) return;
  record.AccountId = accountOf(org, record.WhatId, WHAT_WITH_ACCOUNT) ?? accountOf(org, record.WhoId, WHO_WITH_ACCOUNT);
}
