// Where the engine's inputs live in a Salesforce org: field API names and value mappings, with the
// defaults of docs/salesforce-mapping.md. Installations override any of it (picklist values differ
// from org to org; Salesforce ships no "Renewal" opportunity type).
import { z } from 'zod';

const Name = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'a Salesforce field API name');
const TicketType = z.enum(['outage', 'bug', 'billing', 'how_to', 'feature_request', 'other']);
const Priority = z.enum(['urgent', 'high', 'medium', 'low']);
const Role = z.enum(['champion', 'executive', 'admin', 'user', 'other']);
const Kind = z.enum(['meeting', 'call', 'email', 'note']);

export const SalesforceMapping = z
  .object({
    account: z
      .object({
        activeUsers: Name.nullable().default('Active_Users__c'),
        licensedSeats: Name.nullable().default('Licensed_Seats__c'),
        logins30d: Name.nullable().default('Logins_Last_30_Days__c'),
        arr: Name.nullable().default('ARR__c'),
        /** null: the renewal date comes from the next open renewal Opportunity only. */
        renewalDate: Name.nullable().default('Renewal_Date__c'),
        segment: Name.nullable().default('Customer_Segment__c'),
        customerSince: Name.nullable().default('Customer_Since__c'),
      })
      .strict()
      .prefault({}),
    /** A child object with one row per account and date (null: no usage history in the org). */
    usageHistory: z
      .object({
        object: Name.default('Usage_Snapshot__c'),
        relationship: Name.default('Usage_Snapshots__r'),
        accountField: Name.default('Account__c'),
        dateField: Name.default('Snapshot_Date__c'),
        activeUsersField: Name.default('Active_Users__c'),
        /** Logins over the 30 days before the row's date (null: the org's object has no such field). */
        loginsField: Name.nullable().default('Logins__c'),
      })
      .strict()
      .nullable()
      .prefault({}),
    contact: z
      .object({
        role: Name.nullable().default('Success_Role__c'),
        roles: z.record(z.string(), Role).default({ Champion: 'champion', 'Executive Sponsor': 'executive', Admin: 'admin', User: 'user' }),
        leftCompany: Name.nullable().default('Left_Company__c'),
        lastEngaged: Name.nullable().default('LastActivityDate'),
      })
      .strict()
      .prefault({}),
    case: z
      .object({
        types: z.record(z.string(), TicketType).default({ Outage: 'outage', Bug: 'bug', Billing: 'billing', 'How-To': 'how_to', 'Feature Request': 'feature_request' }),
        priorities: z.record(z.string(), Priority).default({ Critical: 'urgent', High: 'high', Medium: 'medium', Low: 'low' }),
        outageKeywords: z.array(z.string().min(2)).default(['outage', 'down for', 'unavailable', 'not loading for anyone']),
      })
      .strict()
      .prefault({}),
    /** Opportunity.Type values that mark a renewal. */
    renewalOpportunityTypes: z.array(z.string().min(1)).min(1).default(['Renewal']),
    /** Which activities count as engagements: Task.TaskSubtype → kind; Events are meetings. */
    engagements: z
      .object({
        taskSubtypes: z.record(z.string(), Kind).default({ Call: 'call', Email: 'email', Task: 'note' }),
        events: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    currency: z.string().length(3).default('USD'),
  })
  .strict();

export type SalesforceMapping = z.infer<typeof SalesforceMapping>;
export const DEFAULT_SALESFORCE_MAPPING: SalesforceMapping = SalesforceMapping.parse({});

/** The usage-history object's fields to read (null when the org keeps no usage history). */
export function usageHistoryFields(mapping: SalesforceMapping): string[] | null {
  const h = mapping.usageHistory;
  return h === null ? null : [...new Set(['Id', h.accountField, h.dateField, h.activeUsersField, ...present([h.loginsField])])];
}

function present(names: Array<string | null>): string[] {
  return names.filter((n): n is string => n !== null);
}

/** Account fields to read: standard ones, the mapping's, and our outputs (to write only changes). */
export function accountFields(mapping: SalesforceMapping, outputs: readonly string[] = []): string[] {
  const a = mapping.account;
  return [...new Set(['Id', 'Name', 'Industry', 'OwnerId', 'CreatedDate', 'SystemModstamp', ...present([a.activeUsers, a.licensedSeats, a.logins30d, a.arr, a.renewalDate, a.segment, a.customerSince]), ...outputs])];
}

export function contactFields(mapping: SalesforceMapping): string[] {
  const c = mapping.contact;
  return ['Id', 'AccountId', 'Name', ...present([c.role, c.leftCompany, c.lastEngaged])];
}

export const CASE_FIELDS = ['Id', 'AccountId', 'Subject', 'Description', 'Type', 'Priority', 'IsClosed', 'ClosedDate', 'CreatedDate', 'Origin'];
export const EMAIL_FIELDS = ['Id', 'ParentId', 'Incoming', 'TextBody', 'MessageDate'];
export const COMMENT_FIELDS = ['Id', 'ParentId', 'CommentBody', 'IsPublished', 'CreatedDate', 'CreatedBy.UserType', 'CreatedBy.ContactId'];
export const OPPORTUNITY_FIELDS = ['Id', 'AccountId', 'Type', 'CloseDate', 'Amount', 'IsClosed', 'IsWon'];
/** WhoId: the activity's primary person (a Contact, a Lead, or null) — see mappers.ts participants. */
export const TASK_FIELDS = ['Id', 'AccountId', 'WhoId', 'TaskSubtype', 'ActivityDate', 'CreatedDate'];
export const EVENT_FIELDS = ['Id', 'AccountId', 'WhoId', 'ActivityDateTime', 'ActivityDate'];
