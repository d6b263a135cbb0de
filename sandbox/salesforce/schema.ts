// The org's data model: standard objects with the fields a customer-success app reads, plus the
// org's own custom fields (usage on Account, the contact role). Names are case-insensitive in SOQL
// and describe; each org gets its own copy because the Metadata API adds fields to it.
export type FieldType = 'id' | 'string' | 'textarea' | 'picklist' | 'boolean' | 'int' | 'double' | 'currency' | 'percent' | 'date' | 'datetime' | 'reference' | 'email' | 'url' | 'junctionidlist';

export interface FieldDef {
  name: string;
  label: string;
  type: FieldType;
  length?: number;
  precision?: number;
  scale?: number;
  picklist?: string[];
  restricted?: boolean;
  updateable: boolean;
  createable: boolean;
  nillable: boolean;
  custom: boolean;
  /** The objects an id may point at; two or more: a polymorphic field (WhoId, WhatId). */
  referenceTo?: string[];
  relationshipName?: string;
  /** 'profile': the API user's profile sees it; 'permission-set': only a granting, assigned permission set shows it. */
  access: 'profile' | 'permission-set';
}

export interface ChildRelationship {
  name: string;
  childObject: string;
  field: string;
}

export interface ObjectDef {
  name: string;
  label: string;
  keyPrefix: string;
  fields: Map<string, FieldDef>;
  children: Map<string, ChildRelationship>;
  createable: boolean;
  updateable: boolean;
  /** Task and Event: old rows are archived and only queryAll returns them. */
  archivable: boolean;
}

type FieldSpec = Partial<FieldDef> & Pick<FieldDef, 'name' | 'type'>;

function field(spec: FieldSpec): FieldDef {
  const system = ['Id', 'CreatedDate', 'LastModifiedDate', 'SystemModstamp', 'IsDeleted', 'CreatedById'].includes(spec.name);
  return {
    label: spec.name.replace(/__c$/, '').replace(/_/g, ' '),
    updateable: !system && spec.type !== 'id',
    createable: !system && spec.type !== 'id',
    nillable: spec.type !== 'boolean' && !system,
    custom: spec.name.endsWith('__c'),
    access: 'profile',
    ...spec,
  };
}

const text = (name: string, length = 255, extra: Partial<FieldDef> = {}): FieldSpec => ({ name, type: 'string', length, ...extra });
const ref = (name: string, referenceTo: string | string[], relationshipName: string, extra: Partial<FieldDef> = {}): FieldSpec => ({
  name, type: 'reference', length: 18, referenceTo: typeof referenceTo === 'string' ? [referenceTo] : referenceTo, relationshipName, ...extra,
});
/**
 * Task/Event WhoId: a person, Contact or Lead (label "Name ID"); WhatId: a thing — of the sandbox's
 * objects, an Account, Opportunity or Case (label "Related To ID"; Salesforce also allows Contract,
 * Campaign, Asset and activity-enabled custom objects, which the sandbox does not have).
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_task.htm
 */
const who = (): FieldSpec => ref('WhoId', ['Contact', 'Lead'], 'Who', { label: 'Name ID' });
const what = (): FieldSpec => ref('WhatId', ['Account', 'Opportunity', 'Case'], 'What', { label: 'Related To ID' });
const readOnly = { updateable: false, createable: false };
/**
 * Shared Activities (shared-activities.ts): TaskWhoIds/EventWhoIds, a JunctionIdList of Contact or
 * Lead ids written on create and update (Properties: Create, Update — not a column SOQL reads),
 * linked to the TaskWhoRelations/EventWhoRelations child relationship.
 * https://developer.salesforce.com/docs/atlas.en-us.208.0.api.meta/api/sforce_api_objects_event.htm
 */
const whoIds = (name: string): FieldSpec => ({ name, type: 'junctionidlist', referenceTo: ['Contact', 'Lead'], label: name, nillable: true });
/**
 * TaskWhoRelation / EventWhoRelation (API 29.0+, only with Shared Activities): query-only (supported
 * calls describeSObjects, query, retrieve), every field read-only and filterable: AccountId, the
 * activity (TaskId / EventId), RelationId (polymorphic Contact or Lead, relationship "Relation") and
 * Type (string(50), "Contact" or "Lead").
 * https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-taskwhorelation.html
 * https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-eventwhorelation.html
 * The key prefixes are those of TaskRelation (0RT) and EventRelation (0RE), of which these are
 * filtered views; the sandbox has no TaskRelation/EventRelation objects.
 */
const whoRelation = (activityField: string, activity: string): FieldSpec[] => [
  ref('AccountId', 'Account', 'Account', readOnly), ref(activityField, activity, activity, readOnly),
  ref('RelationId', ['Contact', 'Lead'], 'Relation', readOnly), text('Type', 50, readOnly),
];

function system(): FieldSpec[] {
  return [
    { name: 'Id', type: 'id', length: 18, nillable: false },
    { name: 'IsDeleted', type: 'boolean' },
    { name: 'CreatedDate', type: 'datetime' },
    ref('CreatedById', 'User', 'CreatedBy', readOnly),
    { name: 'LastModifiedDate', type: 'datetime' },
    { name: 'SystemModstamp', type: 'datetime' },
  ];
}

export const CASE_TYPES = ['Outage', 'Bug', 'Billing', 'How-To', 'Feature Request', 'Other'];
export const CASE_PRIORITIES = ['Critical', 'High', 'Medium', 'Low'];
export const CASE_STATUSES = ['New', 'Working', 'Waiting on Customer', 'Escalated', 'Closed'];
export const CONTACT_ROLES = ['Champion', 'Executive Sponsor', 'Admin', 'User'];
/** The defaults plus the "Renewal" value this org added (Salesforce ships without it). */
export const OPPORTUNITY_TYPES = ['New Customer', 'Existing Customer - Upgrade', 'Existing Customer - Replacement', 'Existing Customer - Downgrade', 'Renewal'];
export const STAGES = ['Prospecting', 'Negotiation/Review', 'Closed Won', 'Closed Lost'];
export const INDUSTRIES = ['Technology', 'Transportation', 'Healthcare', 'Food & Beverage', 'Biotechnology', 'Consulting', 'Manufacturing', 'Media', 'Energy', 'Retail', 'Finance', 'Telecommunications', 'Other'];

const SPECS: Array<{ name: string; label: string; keyPrefix: string; fields: FieldSpec[]; createable?: boolean; updateable?: boolean; archivable?: boolean }> = [
  {
    name: 'User', label: 'User', keyPrefix: '005', createable: false, updateable: false,
    fields: [text('Name', 121, readOnly), text('Username', 80), { name: 'Email', type: 'email', length: 128 },
      { name: 'UserType', type: 'picklist', picklist: ['Standard', 'PowerCustomerSuccess', 'CspLitePortal', 'AutomatedProcess'], ...readOnly },
      { name: 'IsActive', type: 'boolean' }, ref('ContactId', 'Contact', 'Contact', readOnly)],
  },
  {
    name: 'Account', label: 'Account', keyPrefix: '001',
    fields: [text('Name'), { name: 'Type', type: 'picklist', picklist: ['Prospect', 'Customer - Direct', 'Customer - Channel', 'Other'] },
      { name: 'Industry', type: 'picklist', picklist: INDUSTRIES }, { name: 'Website', type: 'url', length: 255 },
      { name: 'NumberOfEmployees', type: 'int', precision: 8 }, { name: 'AnnualRevenue', type: 'currency', precision: 18, scale: 0 },
      ref('OwnerId', 'User', 'Owner'), { name: 'LastActivityDate', type: 'date', ...readOnly },
      { name: 'Customer_Segment__c', type: 'picklist', picklist: ['smb', 'mid-market', 'enterprise'] },
      { name: 'Customer_Since__c', type: 'date' }, { name: 'Renewal_Date__c', type: 'date' },
      { name: 'ARR__c', type: 'currency', precision: 16, scale: 2 },
      { name: 'Licensed_Seats__c', type: 'double', precision: 8, scale: 0 },
      { name: 'Active_Users__c', type: 'double', precision: 8, scale: 0 },
      { name: 'Logins_Last_30_Days__c', type: 'double', precision: 10, scale: 0 }],
  },
  {
    name: 'Contact', label: 'Contact', keyPrefix: '003',
    fields: [ref('AccountId', 'Account', 'Account'), text('FirstName', 40), text('LastName', 80), text('Name', 121, readOnly),
      { name: 'Email', type: 'email', length: 80 }, text('Title', 128),
      { name: 'Success_Role__c', type: 'picklist', picklist: CONTACT_ROLES }, { name: 'Left_Company__c', type: 'boolean' },
      { name: 'LastActivityDate', type: 'date', ...readOnly }],
  },
  {
    name: 'Lead', label: 'Lead', keyPrefix: '00Q',
    fields: [text('FirstName', 40), text('LastName', 80), text('Name', 121, readOnly), text('Company'), { name: 'Email', type: 'email', length: 80 },
      { name: 'Status', type: 'picklist', picklist: ['Open - Not Contacted', 'Working - Contacted', 'Closed - Converted', 'Closed - Not Converted'] },
      { name: 'IsConverted', type: 'boolean', ...readOnly }],
  },
  {
    name: 'Case', label: 'Case', keyPrefix: '500',
    fields: [ref('AccountId', 'Account', 'Account'), ref('ContactId', 'Contact', 'Contact'), text('CaseNumber', 30, readOnly), text('Subject'),
      { name: 'Description', type: 'textarea', length: 32000 }, { name: 'Type', type: 'picklist', picklist: CASE_TYPES },
      { name: 'Priority', type: 'picklist', picklist: CASE_PRIORITIES }, { name: 'Status', type: 'picklist', picklist: CASE_STATUSES },
      { name: 'Origin', type: 'picklist', picklist: ['Email', 'Web', 'Phone'] }, { name: 'IsClosed', type: 'boolean', ...readOnly },
      { name: 'ClosedDate', type: 'datetime', ...readOnly }],
  },
  {
    name: 'CaseComment', label: 'Case Comment', keyPrefix: '00a',
    fields: [ref('ParentId', 'Case', 'Parent'), { name: 'CommentBody', type: 'textarea', length: 4000 }, { name: 'IsPublished', type: 'boolean' }],
  },
  {
    name: 'EmailMessage', label: 'Email Message', keyPrefix: '02s',
    fields: [ref('ParentId', 'Case', 'Parent'), text('Subject', 3000), { name: 'TextBody', type: 'textarea', length: 131072 },
      { name: 'Incoming', type: 'boolean' }, { name: 'FromAddress', type: 'email', length: 255 }, text('ToAddress', 4000),
      { name: 'MessageDate', type: 'datetime' }, { name: 'Status', type: 'picklist', picklist: ['0', '1', '2', '3', '4', '5'] }],
  },
  {
    name: 'Opportunity', label: 'Opportunity', keyPrefix: '006',
    fields: [ref('AccountId', 'Account', 'Account'), text('Name', 120), { name: 'Type', type: 'picklist', picklist: OPPORTUNITY_TYPES },
      { name: 'StageName', type: 'picklist', picklist: STAGES }, { name: 'CloseDate', type: 'date' }, { name: 'Amount', type: 'currency', precision: 18, scale: 2 },
      { name: 'IsClosed', type: 'boolean', ...readOnly }, { name: 'IsWon', type: 'boolean', ...readOnly }],
  },
  {
    name: 'Task', label: 'Task', keyPrefix: '00T', archivable: true,
    fields: [ref('AccountId', 'Account', 'Account', readOnly), what(), who(), text('Subject'), { name: 'ActivityDate', type: 'date' },
      { name: 'Status', type: 'picklist', picklist: ['Not Started', 'In Progress', 'Completed'] }, { name: 'IsClosed', type: 'boolean', ...readOnly },
      { name: 'TaskSubtype', type: 'picklist', picklist: ['Task', 'Email', 'Call'] }, { name: 'IsArchived', type: 'boolean', ...readOnly }, whoIds('TaskWhoIds')],
  },
  {
    name: 'Event', label: 'Event', keyPrefix: '00U', archivable: true,
    fields: [ref('AccountId', 'Account', 'Account', readOnly), what(), who(), text('Subject'), { name: 'ActivityDate', type: 'date' },
      { name: 'ActivityDateTime', type: 'datetime' }, { name: 'DurationInMinutes', type: 'int', precision: 8 },
      { name: 'EventSubtype', type: 'picklist', picklist: ['Event'] }, { name: 'IsArchived', type: 'boolean', ...readOnly }, whoIds('EventWhoIds')],
  },
  { name: 'TaskWhoRelation', label: 'Task Relation', keyPrefix: '0RT', createable: false, updateable: false, fields: whoRelation('TaskId', 'Task') },
  { name: 'EventWhoRelation', label: 'Event Relation', keyPrefix: '0RE', createable: false, updateable: false, fields: whoRelation('EventId', 'Event') },
  {
    name: 'Usage_Snapshot__c', label: 'Usage Snapshot', keyPrefix: 'a0U',
    fields: [ref('Account__c', 'Account', 'Account__r'), { name: 'Snapshot_Date__c', type: 'date' }, { name: 'Active_Users__c', type: 'double', precision: 8, scale: 0 },
      { name: 'Logins__c', type: 'double', precision: 10, scale: 0 }],
  },
  {
    name: 'PermissionSet', label: 'Permission Set', keyPrefix: '0PS', createable: false, updateable: false,
    fields: [text('Name', 80, readOnly), text('Label', 80, readOnly), { name: 'IsOwnedByProfile', type: 'boolean', ...readOnly }],
  },
  {
    name: 'PermissionSetAssignment', label: 'Permission Set Assignment', keyPrefix: '0Pa', updateable: false,
    fields: [ref('AssigneeId', 'User', 'Assignee'), ref('PermissionSetId', 'PermissionSet', 'PermissionSet')],
  },
];

const CHILDREN: Array<[parent: string, name: string, child: string, field: string]> = [
  ['Account', 'Contacts', 'Contact', 'AccountId'],
  ['Account', 'Cases', 'Case', 'AccountId'],
  ['Account', 'Opportunities', 'Opportunity', 'AccountId'],
  ['Account', 'Tasks', 'Task', 'AccountId'],
  ['Account', 'Events', 'Event', 'AccountId'],
  ['Account', 'Usage_Snapshots__r', 'Usage_Snapshot__c', 'Account__c'],
  ['Task', 'TaskWhoRelations', 'TaskWhoRelation', 'TaskId'],
  ['Event', 'EventWhoRelations', 'EventWhoRelation', 'EventId'],
  ['Case', 'CaseComments', 'CaseComment', 'ParentId'],
  ['Case', 'EmailMessages', 'EmailMessage', 'ParentId'],
  ['User', 'PermissionSetAssignments', 'PermissionSetAssignment', 'AssigneeId'],
];

export type Schema = Map<string, ObjectDef>;

export function standardSchema(): Schema {
  const schema: Schema = new Map();
  for (const spec of SPECS) {
    const fields = new Map<string, FieldDef>();
    for (const f of [...system(), ...spec.fields]) fields.set(f.name.toLowerCase(), field(f));
    schema.set(spec.name.toLowerCase(), {
      name: spec.name, label: spec.label, keyPrefix: spec.keyPrefix, fields, children: new Map(),
      createable: spec.createable ?? true, updateable: spec.updateable ?? true, archivable: spec.archivable ?? false,
    });
  }
  for (const [parent, name, childObject, fieldName] of CHILDREN) {
    schema.get(parent.toLowerCase())?.children.set(name.toLowerCase(), { name, childObject, field: fieldName });
  }
  return schema;
}

/**
 * Removes fields from an org's copy of the schema ("Object.Field"): an org set up before a field
 * existed. Only custom fields: the standard ones are in every org.
 */
export function withoutFields(schema: Schema, names: readonly string[]): Schema {
  for (const name of names) {
    const [objectName = '', fieldName = ''] = name.split('.');
    const fields = objectFor(schema, objectName)?.fields;
    if (!fields?.get(fieldName.toLowerCase())?.custom) throw new RangeError(`withoutFields: ${name} is not a custom field of the sandbox's schema`);
    fields.delete(fieldName.toLowerCase());
  }
  return schema;
}

/**
 * An org without Shared Activities (the setting is off): no TaskWhoRelation or EventWhoRelation
 * (queries naming them fail with INVALID_TYPE, as the relationships TaskWhoRelations and
 * EventWhoRelations do) and no TaskWhoIds/EventWhoIds; WhoId is the activity's one person.
 */
export function withoutSharedActivities(schema: Schema): Schema {
  schema.delete('taskwhorelation');
  schema.delete('eventwhorelation');
  schema.get('task')?.children.delete('taskwhorelations');
  schema.get('event')?.children.delete('eventwhorelations');
  schema.get('task')?.fields.delete('taskwhoids');
  schema.get('event')?.fields.delete('eventwhoids');
  return schema;
}

export function objectFor(schema: Schema, name: string): ObjectDef | undefined {
  return schema.get(name.toLowerCase());
}

export function objectForId(schema: Schema, id: string): ObjectDef | undefined {
  const prefix = id.slice(0, 3);
  for (const o of schema.values()) if (o.keyPrefix === prefix) return o;
  return undefined;
}

/** Adds a custom field created through the Metadata API: nobody sees it until a permission set grants it. */
export function addCustomField(object: ObjectDef, def: Omit<FieldDef, 'access' | 'custom' | 'createable' | 'updateable' | 'nillable'>): FieldDef {
  const f: FieldDef = { ...def, custom: true, createable: true, updateable: true, nillable: def.type !== 'boolean', access: 'permission-set' };
  object.fields.set(def.name.toLowerCase(), f);
  return f;
}
