// An org whose usage-history object predates its logins field (Usage_Snapshot__c.Logins__c), or
// whose integration user cannot see it: Salesforce refuses any query naming the field with
// INVALID_FIELD ("No such column 'Logins__c' on entity 'Usage_Snapshot__c'…"), and its query
// errors carry no `fields` list, so the message is the only place that names the field. Pure:
// whether an error is that refusal, the mapping to read with instead, and what to tell the admin.
import { toCrmError } from './errors.ts';
import type { SalesforceMapping } from './mapping.ts';

/** Whether `error` is the org refusing the mapping's logins field on its usage-history object. */
export function lacksLoginsField(error: unknown, mapping: SalesforceMapping): boolean {
  const h = mapping.usageHistory;
  if (h === null || h.loginsField === null) return false;
  const crm = toCrmError(error);
  return crm.category === 'INVALID_FIELD' && crm.message.includes(`'${h.loginsField}'`) && crm.message.includes(`'${h.object}'`);
}

/** The same mapping without the logins field (login history then reads as empty). */
export function withoutLoginsField(mapping: SalesforceMapping): SalesforceMapping {
  return mapping.usageHistory === null ? mapping : { ...mapping, usageHistory: { ...mapping.usageHistory, loginsField: null } };
}

/** What the sync reports while it reads the org without the field. */
export function missingLoginsWarning(mapping: SalesforceMapping): string {
  const h = mapping.usageHistory;
  const name = h ? `${h.object}.${h.loginsField ?? 'Logins__c'}` : 'Usage_Snapshot__c.Logins__c';
  return `The integration user cannot see ${name} (the org's usage object has no such field, or no read access to it): usage history is read without it and login history stays empty. Add the field (Number(10,0): logins over the 30 days before each row's date) and grant read access (docs/salesforce-mapping.md), or set usageHistory.loginsField to null in the mapping to read without it and drop this warning.`;
}
