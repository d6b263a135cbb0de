// Property definitions: the HubSpot-defined ones each object type starts with, and the custom
// input properties of docs/hubspot-mapping.md (group `customer_success_inputs`). The product's output
// properties (success_rob_score …) are deliberately absent: the adapter provisions them.
import type { ObjectType } from './object-types.ts';

export type PropertyType = 'string' | 'number' | 'date' | 'datetime' | 'enumeration' | 'bool';

export interface PropertyOption {
  label: string;
  value: string;
  displayOrder: number;
  hidden: boolean;
  description?: string;
}

export interface PropertyDef {
  name: string;
  label: string;
  type: PropertyType;
  fieldType: string;
  description: string;
  groupName: string;
  options: PropertyOption[];
  displayOrder: number;
  hubspotDefined: boolean;
  /** Values HubSpot computes itself (ids, timestamps): writes fail with READ_ONLY_VALUE. */
  readOnlyValue: boolean;
  hasUniqueValue: boolean;
  hidden: boolean;
  formField: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface PropertyGroup {
  name: string;
  label: string;
  displayOrder: number;
}

export const INPUT_GROUP = 'customer_success_inputs';

type Spec = [name: string, label: string, type: PropertyType, fieldType: string, options?: Array<string | [string, string]>, readOnly?: boolean];

function opts(list: Array<string | [string, string]>): PropertyOption[] {
  return list.map((o, i) => {
    const [value, label] = typeof o === 'string' ? [o, o] : o;
    return { label, value, displayOrder: i, hidden: false };
  });
}

const OWNER_IDS = Array.from({ length: 12 }, (_, i) => String(71_000_001 + i));

/** HubSpot owner id for the generator's `owner-N`. */
export function ownerIdFor(ownerRef: string | undefined): string | undefined {
  const n = Number(/(\d+)$/.exec(ownerRef ?? '')?.[1]);
  return Number.isInteger(n) && n >= 1 && n <= OWNER_IDS.length ? OWNER_IDS[n - 1] : undefined;
}

/** HubSpot's industry enumeration values for the generator's industries (labels keep the plain words). */
export const INDUSTRY_CODES: Record<string, string> = {
  software: 'COMPUTER_SOFTWARE',
  logistics: 'LOGISTICS_AND_SUPPLY_CHAIN',
  healthcare: 'HOSPITAL_HEALTH_CARE',
  'food & beverage': 'FOOD_BEVERAGES',
  'life sciences': 'BIOTECHNOLOGY',
  'professional services': 'MANAGEMENT_CONSULTING',
  manufacturing: 'MACHINERY',
  media: 'MEDIA_PRODUCTION',
  energy: 'OIL_ENERGY',
  retail: 'RETAIL',
  'financial services': 'FINANCIAL_SERVICES',
  telecommunications: 'TELECOMMUNICATIONS',
};

const OWNER: Spec = ['hubspot_owner_id', 'Owner', 'enumeration', 'select', OWNER_IDS.map((id, i): [string, string] => [id, `Owner ${i + 1}`])];
const OBJECT_ID: Spec = ['hs_object_id', 'Record ID', 'number', 'number', undefined, true];
const MODIFIED: Spec = ['hs_lastmodifieddate', 'Last Modified Date', 'datetime', 'date', undefined, true];
const CREATED: Spec = ['createdate', 'Create Date', 'datetime', 'date', undefined, true];
const ENGAGEMENT_COMMON: Spec[] = [OBJECT_ID, MODIFIED, ['hs_createdate', 'Created at', 'datetime', 'date', undefined, true], ['hs_timestamp', 'Activity date', 'datetime', 'date'], OWNER];

const HUBSPOT_DEFINED: Record<ObjectType, { group: [string, string]; specs: Spec[] }> = {
  companies: {
    group: ['companyinformation', 'Company information'],
    specs: [
      OBJECT_ID, MODIFIED, CREATED, OWNER,
      ['name', 'Company name', 'string', 'text'],
      ['domain', 'Company Domain Name', 'string', 'text'],
      ['website', 'Website URL', 'string', 'text'],
      ['phone', 'Phone Number', 'string', 'text'],
      ['city', 'City', 'string', 'text'],
      ['country', 'Country/Region', 'string', 'text'],
      ['description', 'Description', 'string', 'textarea'],
      ['numberofemployees', 'Number of Employees', 'number', 'number'],
      ['annualrevenue', 'Annual Revenue', 'number', 'number'],
      ['industry', 'Industry', 'enumeration', 'select', Object.entries(INDUSTRY_CODES).map(([label, code]): [string, string] => [code, label])],
      ['lifecyclestage', 'Lifecycle Stage', 'enumeration', 'radio', ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer', 'evangelist', 'other']],
      ['hs_lifecyclestage_customer_date', 'Date entered "Customer (Lifecycle Stage Pipeline)"', 'datetime', 'date'],
      ['notes_last_contacted', 'Last Contacted', 'datetime', 'date'],
    ],
  },
  contacts: {
    group: ['contactinformation', 'Contact information'],
    specs: [
      OBJECT_ID, CREATED, OWNER,
      ['lastmodifieddate', 'Last Modified Date', 'datetime', 'date', undefined, true],
      ['firstname', 'First Name', 'string', 'text'],
      ['lastname', 'Last Name', 'string', 'text'],
      ['email', 'Email', 'string', 'text'],
      ['phone', 'Phone Number', 'string', 'text'],
      ['jobtitle', 'Job Title', 'string', 'text'],
      ['company', 'Company Name', 'string', 'text'],
      ['lifecyclestage', 'Lifecycle Stage', 'enumeration', 'radio', ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer', 'evangelist', 'other']],
      ['notes_last_contacted', 'Last Contacted', 'datetime', 'date'],
      ['associatedcompanyid', 'Primary Associated Company ID', 'number', 'number'],
    ],
  },
  tickets: {
    group: ['ticketinformation', 'Ticket information'],
    specs: [
      OBJECT_ID, MODIFIED, CREATED, OWNER,
      ['subject', 'Ticket name', 'string', 'text'],
      ['content', 'Ticket description', 'string', 'textarea'],
      ['hs_ticket_category', 'Category', 'enumeration', 'select', [['PRODUCT_ISSUE', 'Product issue'], ['BILLING_ISSUE', 'Billing issue'], ['FEATURE_REQUEST', 'Feature request'], ['GENERAL_INQUIRY', 'General inquiry']]],
      ['hs_ticket_priority', 'Priority', 'enumeration', 'select', [['LOW', 'Low'], ['MEDIUM', 'Medium'], ['HIGH', 'High'], ['URGENT', 'Urgent']]],
      ['hs_pipeline', 'Pipeline', 'enumeration', 'select', [['0', 'Support Pipeline']]],
      ['hs_pipeline_stage', 'Ticket status', 'enumeration', 'select', [['1', 'New'], ['2', 'Waiting on contact'], ['3', 'Waiting on us'], ['4', 'Closed']]],
      ['closed_date', 'Close date', 'datetime', 'date'],
    ],
  },
  deals: {
    group: ['dealinformation', 'Deal information'],
    specs: [
      OBJECT_ID, MODIFIED, CREATED, OWNER,
      ['dealname', 'Deal Name', 'string', 'text'],
      ['amount', 'Amount', 'number', 'number'],
      ['closedate', 'Close Date', 'datetime', 'date'],
      ['dealtype', 'Deal Type', 'enumeration', 'radio', [['newbusiness', 'New Business'], ['existingbusiness', 'Existing Business']]],
      ['pipeline', 'Pipeline', 'enumeration', 'select', [['default', 'Sales Pipeline']]],
      ['dealstage', 'Deal Stage', 'enumeration', 'radio', ['appointmentscheduled', 'qualifiedtobuy', 'presentationscheduled', 'decisionmakerboughtin', 'contractsent', 'closedwon', 'closedlost']],
    ],
  },
  notes: { group: ['notes', 'Note information'], specs: [...ENGAGEMENT_COMMON, ['hs_note_body', 'Note body', 'string', 'textarea']] },
  calls: {
    group: ['calls', 'Call information'],
    specs: [
      ...ENGAGEMENT_COMMON,
      ['hs_call_title', 'Call Title', 'string', 'text'],
      ['hs_call_body', 'Call notes', 'string', 'textarea'],
      ['hs_call_direction', 'Call direction', 'enumeration', 'select', ['INBOUND', 'OUTBOUND']],
      ['hs_call_duration', 'Call duration', 'number', 'number'],
      ['hs_call_status', 'Call status', 'enumeration', 'select', ['BUSY', 'CALLING_CRM_USER', 'CANCELED', 'COMPLETED', 'CONNECTING', 'FAILED', 'IN_PROGRESS', 'NO_ANSWER', 'QUEUED', 'RINGING']],
    ],
  },
  meetings: {
    group: ['meetings', 'Meeting information'],
    specs: [
      ...ENGAGEMENT_COMMON,
      ['hs_meeting_title', 'Meeting name', 'string', 'text'],
      ['hs_meeting_body', 'Meeting description', 'string', 'textarea'],
      ['hs_meeting_start_time', 'Start Time', 'datetime', 'date'],
      ['hs_meeting_end_time', 'End Time', 'datetime', 'date'],
      ['hs_meeting_outcome', 'Meeting outcome', 'enumeration', 'select', ['SCHEDULED', 'COMPLETED', 'RESCHEDULED', 'NO_SHOW', 'CANCELED']],
    ],
  },
  emails: {
    group: ['emails', 'Email information'],
    specs: [
      ...ENGAGEMENT_COMMON,
      ['hs_email_subject', 'Email subject', 'string', 'text'],
      ['hs_email_text', 'Email body', 'string', 'textarea'],
      ['hs_email_html', 'Email HTML body', 'string', 'html'],
      ['hs_email_direction', 'Email direction', 'enumeration', 'select', [['EMAIL', 'Sent by owner'], ['INCOMING_EMAIL', 'Reply from contact'], ['FORWARDED_EMAIL', 'Forwarded']]],
      ['hs_email_status', 'Email send status', 'enumeration', 'select', ['BOUNCED', 'FAILED', 'SCHEDULED', 'SENDING', 'SENT']],
    ],
  },
};

const CUSTOM_INPUTS: Partial<Record<ObjectType, Spec[]>> = {
  companies: [
    ['customer_segment', 'Customer segment', 'enumeration', 'select', ['smb', 'mid-market', 'enterprise']],
    ['licensed_seats', 'Licensed seats', 'number', 'number'],
    ['active_users', 'Active users', 'number', 'number'],
    ['logins_last_30_days', 'Logins (last 30 days)', 'number', 'number'],
    ['arr', 'ARR', 'number', 'number'],
    ['renewal_date', 'Renewal date', 'date', 'date'],
  ],
  contacts: [
    ['success_role', 'Success role', 'enumeration', 'select', ['champion', 'executive', 'admin', 'user', 'other']],
    ['success_left_company', 'Left the company', 'bool', 'booleancheckbox', [['true', 'Yes'], ['false', 'No']]],
  ],
  tickets: [['success_outage', 'Outage', 'bool', 'booleancheckbox', [['true', 'Yes'], ['false', 'No']]]],
};

function build(spec: Spec, group: string, order: number, hubspotDefined: boolean, at: number): PropertyDef {
  const [name, label, type, fieldType, options, readOnly] = spec;
  return {
    name, label, type, fieldType, description: '', groupName: group, options: opts(options ?? []), displayOrder: order,
    hubspotDefined, readOnlyValue: readOnly === true, hasUniqueValue: name === 'hs_object_id', hidden: false,
    formField: !readOnly, createdAt: at, updatedAt: at,
  };
}

/** The property groups and definitions a new portal has for one object type. */
export function initialDefinitions(type: ObjectType, at: number): { groups: PropertyGroup[]; properties: PropertyDef[] } {
  const { group, specs } = HUBSPOT_DEFINED[type];
  const groups: PropertyGroup[] = [{ name: group[0], label: group[1], displayOrder: -1 }];
  const properties = specs.map((s, i) => build(s, group[0], i, true, at));
  const custom = CUSTOM_INPUTS[type];
  if (custom) {
    groups.push({ name: INPUT_GROUP, label: 'Customer success inputs', displayOrder: 1 });
    custom.forEach((s, i) => properties.push(build(s, INPUT_GROUP, i, false, at)));
  }
  return { groups, properties };
}
