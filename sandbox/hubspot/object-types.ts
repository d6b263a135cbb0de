// The CRM object types the sandbox serves, how HubSpot names them (plural, singular, type id),
// which properties HubSpot returns by default, and the default association type ids.

export const OBJECT_TYPES = ['companies', 'contacts', 'tickets', 'deals', 'notes', 'calls', 'meetings', 'emails'] as const;
export type ObjectType = (typeof OBJECT_TYPES)[number];

export interface ObjectTypeInfo {
  name: ObjectType;
  /** HubSpot's object type id (0-2 for companies …). */
  id: string;
  singular: string;
  singularLabel: string;
  pluralLabel: string;
  /** Upper-case name used in HubSpot's messages ("Could not get some COMPANY objects"). */
  upper: string;
  /** The creation-date property: `createdate` on CRM objects, `hs_createdate` on engagements. */
  createdProperty: string;
  /** The last-modified property: contacts use `lastmodifieddate`, everything else `hs_lastmodifieddate`. */
  modifiedProperty: string;
  /** Properties returned when a request names none (besides the always-returned ones). */
  defaultProperties: readonly string[];
  /** Text properties a free-text search `query` looks at. */
  searchableProperties: readonly string[];
}

const ENGAGEMENT = { createdProperty: 'hs_createdate', modifiedProperty: 'hs_lastmodifieddate' } as const;
const CRM = { createdProperty: 'createdate', modifiedProperty: 'hs_lastmodifieddate' } as const;

export const OBJECT_TYPE_INFO: Record<ObjectType, ObjectTypeInfo> = {
  companies: { name: 'companies', id: '0-2', singular: 'company', singularLabel: 'Company', pluralLabel: 'Companies', upper: 'COMPANY', ...CRM, defaultProperties: ['name', 'domain'], searchableProperties: ['name', 'domain', 'website', 'phone'] },
  // Contacts keep their own `lastmodifieddate` (HubSpot's contacts have no `hs_lastmodifieddate` to search on).
  contacts: { name: 'contacts', id: '0-1', singular: 'contact', singularLabel: 'Contact', pluralLabel: 'Contacts', upper: 'CONTACT', createdProperty: 'createdate', modifiedProperty: 'lastmodifieddate', defaultProperties: ['email', 'firstname', 'lastname'], searchableProperties: ['firstname', 'lastname', 'email', 'phone', 'company'] },
  tickets: { name: 'tickets', id: '0-5', singular: 'ticket', singularLabel: 'Ticket', pluralLabel: 'Tickets', upper: 'TICKET', ...CRM, defaultProperties: ['content', 'hs_pipeline', 'hs_pipeline_stage', 'hs_ticket_category', 'hs_ticket_priority', 'subject'], searchableProperties: ['subject', 'content'] },
  deals: { name: 'deals', id: '0-3', singular: 'deal', singularLabel: 'Deal', pluralLabel: 'Deals', upper: 'DEAL', ...CRM, defaultProperties: ['amount', 'closedate', 'dealname', 'dealstage', 'pipeline'], searchableProperties: ['dealname'] },
  notes: { name: 'notes', id: '0-46', singular: 'note', singularLabel: 'Note', pluralLabel: 'Notes', upper: 'NOTE', ...ENGAGEMENT, defaultProperties: [], searchableProperties: ['hs_note_body'] },
  calls: { name: 'calls', id: '0-48', singular: 'call', singularLabel: 'Call', pluralLabel: 'Calls', upper: 'CALL', ...ENGAGEMENT, defaultProperties: [], searchableProperties: ['hs_call_title', 'hs_call_body'] },
  meetings: { name: 'meetings', id: '0-47', singular: 'meeting', singularLabel: 'Meeting', pluralLabel: 'Meetings', upper: 'MEETING', ...ENGAGEMENT, defaultProperties: [], searchableProperties: ['hs_meeting_title', 'hs_meeting_body'] },
  emails: { name: 'emails', id: '0-49', singular: 'email', singularLabel: 'Email', pluralLabel: 'Emails', upper: 'EMAIL', ...ENGAGEMENT, defaultProperties: [], searchableProperties: ['hs_email_subject', 'hs_email_text'] },
};

const BY_ALIAS = new Map<string, ObjectType>();
for (const info of Object.values(OBJECT_TYPE_INFO)) {
  for (const alias of [info.name, info.singular, info.id]) BY_ALIAS.set(alias, info.name);
}

/** HubSpot accepts the plural name, the singular name or the type id (case-insensitive). */
export function resolveObjectType(raw: string): ObjectType | undefined {
  return BY_ALIAS.get(raw.toLowerCase());
}

export interface AssociationTypeSpec {
  typeId: number;
  label: string | null;
}

// HubSpot-defined association type ids (v4), per direction. The primary ("Primary") labels come
// with the unlabelled default where HubSpot has a primary concept (company of a contact, deal, ticket).
const PAIRS: Array<[ObjectType, ObjectType, AssociationTypeSpec[], AssociationTypeSpec[]]> = [
  ['companies', 'contacts', [{ typeId: 2, label: 'Primary' }, { typeId: 280, label: null }], [{ typeId: 1, label: 'Primary' }, { typeId: 279, label: null }]],
  ['companies', 'deals', [{ typeId: 6, label: 'Primary' }, { typeId: 342, label: null }], [{ typeId: 5, label: 'Primary' }, { typeId: 341, label: null }]],
  ['companies', 'tickets', [{ typeId: 25, label: 'Primary' }, { typeId: 340, label: null }], [{ typeId: 26, label: 'Primary' }, { typeId: 339, label: null }]],
  ['companies', 'calls', [{ typeId: 181, label: null }], [{ typeId: 182, label: null }]],
  ['companies', 'emails', [{ typeId: 185, label: null }], [{ typeId: 186, label: null }]],
  ['companies', 'meetings', [{ typeId: 187, label: null }], [{ typeId: 188, label: null }]],
  ['companies', 'notes', [{ typeId: 189, label: null }], [{ typeId: 190, label: null }]],
  ['tickets', 'emails', [{ typeId: 223, label: null }], [{ typeId: 224, label: null }]],
  ['contacts', 'tickets', [{ typeId: 15, label: null }], [{ typeId: 16, label: null }]],
  // Who took part in an engagement: contact to call 193 / call to contact 194, email 197 / 198,
  // meeting 199 / 200, note 201 / 202 (HubSpot's default association type ids).
  ['contacts', 'calls', [{ typeId: 193, label: null }], [{ typeId: 194, label: null }]],
  ['contacts', 'emails', [{ typeId: 197, label: null }], [{ typeId: 198, label: null }]],
  ['contacts', 'meetings', [{ typeId: 199, label: null }], [{ typeId: 200, label: null }]],
  ['contacts', 'notes', [{ typeId: 201, label: null }], [{ typeId: 202, label: null }]],
];

const ASSOCIATION_TYPES = new Map<string, AssociationTypeSpec[]>();
for (const [a, b, ab, ba] of PAIRS) {
  ASSOCIATION_TYPES.set(`${a}|${b}`, ab);
  ASSOCIATION_TYPES.set(`${b}|${a}`, ba);
}

export function associationTypes(from: ObjectType, to: ObjectType): AssociationTypeSpec[] | undefined {
  return ASSOCIATION_TYPES.get(`${from}|${to}`);
}
