// Checks the fields of a record being written, as the API user: unknown or hidden fields, fields
// the user may not edit, and values that do not fit (text length, restricted picklists, numeric
// range) are per-record errors; a value of the wrong JSON type fails the whole request.
import { sfDateTime } from './clock.ts';
import { jsonParserError, recordError, type RecordError } from './errors.ts';
import { normalizeId } from './ids.ts';
import { objectForId, type FieldDef, type ObjectDef, type Schema } from './schema.ts';
import { checkWhoIds } from './shared-activities.ts';
import type { OrgStore, SfRecord } from './store.ts';

export type WriteCheck = { ok: true; values: Record<string, unknown> } | { ok: false; errors: RecordError[] };

const TEXT = new Set(['string', 'textarea', 'picklist', 'email', 'url']);
const NUMBER = new Set(['int', 'double', 'currency', 'percent']);

function wrongType(field: FieldDef, value: unknown): Error {
  const kind = field.type === 'datetime' ? 'datetime' : NUMBER.has(field.type) ? 'double' : field.type;
  return jsonParserError(`Cannot deserialize instance of ${kind} from ${typeof value === 'string' ? 'VALUE_STRING' : 'VALUE_' + typeof value} value ${JSON.stringify(value)} or request may be missing a required field`);
}

function convert(schema: Schema, field: FieldDef, value: unknown): { value: unknown } | RecordError {
  if (value === null) {
    return field.nillable ? { value: null } : recordError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${field.name}]`, [field.name]);
  }
  if (TEXT.has(field.type)) {
    if (typeof value !== 'string') throw wrongType(field, value);
    if (field.length !== undefined && value.length > field.length) {
      return recordError('STRING_TOO_LONG', `${field.label}: data value too large: ${value.slice(0, 40)} (max length=${field.length})`, [field.name]);
    }
    if (field.type === 'picklist' && field.restricted && !(field.picklist ?? []).includes(value)) {
      return recordError('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `${field.label}: bad value for restricted picklist field: ${value}`, [field.name]);
    }
    return { value };
  }
  if (NUMBER.has(field.type)) {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw wrongType(field, value);
    const scale = field.type === 'int' ? 0 : (field.scale ?? 0);
    // Half away from zero (Java's HALF_UP), as Salesforce rounds to the field's scale.
    const rounded = (Math.sign(value) * Math.round(Math.abs(value) * 10 ** scale)) / 10 ** scale;
    const integerDigits = (field.precision ?? 18) - scale;
    if (Math.abs(Math.trunc(rounded)) >= 10 ** integerDigits) {
      return recordError('NUMBER_OUTSIDE_VALID_RANGE', `${field.label}: value outside of valid range on numeric field: ${value}`, [field.name]);
    }
    return { value: rounded };
  }
  if (field.type === 'boolean') {
    if (typeof value !== 'boolean') throw wrongType(field, value);
    return { value };
  }
  if (field.type === 'date') {
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || !Number.isFinite(Date.parse(value))) throw wrongType(field, value);
    return { value };
  }
  if (field.type === 'datetime') {
    const ms = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : NaN;
    if (!Number.isFinite(ms)) throw wrongType(field, value);
    return { value: sfDateTime(ms) };
  }
  if (field.type === 'junctionidlist') {
    if (!Array.isArray(value)) throw wrongType(field, value);
    return checkWhoIds(schema, field.label, field.name, value);
  }
  if (field.type === 'reference') {
    if (typeof value !== 'string') throw wrongType(field, value);
    const id = normalizeId(value);
    if (!id) return recordError('MALFORMED_ID', `${field.label}: id value of incorrect type: ${value}`, [field.name]);
    // An id of an object the field may not point at, e.g. an Account id in Task.WhoId:
    // "Name ID: id value of incorrect type: 001…" (jsforce#1006).
    const target = objectForId(schema, id)?.name;
    if (!target || !(field.referenceTo ?? []).includes(target)) return recordError('FIELD_INTEGRITY_EXCEPTION', `${field.label}: id value of incorrect type: ${value}`, [field.name]);
    return { value: id };
  }
  throw wrongType(field, value);
}

const ACTIVITIES = new Set(['Task', 'Event']);

/**
 * An activity whose WhoId is a Lead may not be related to anything (WhatId empty): Salesforce
 * refuses the pair with FIELD_INTEGRITY_EXCEPTION on both fields (the message text is the
 * sandbox's own). `before` is the stored record of an update.
 */
function leadWithWhat(org: OrgStore, object: ObjectDef, values: Record<string, unknown>, before: SfRecord | undefined): RecordError | undefined {
  if (!ACTIVITIES.has(object.name)) return undefined;
  const whoId = 'WhoId' in values ? values.WhoId : before?.WhoId;
  const whatId = 'WhatId' in values ? values.WhatId : before?.WhatId;
  if (typeof whoId !== 'string' || typeof whatId !== 'string' || objectForId(org.schema, whoId)?.name !== 'Lead') return undefined;
  return recordError('FIELD_INTEGRITY_EXCEPTION', `Related To ID: a ${object.label.toLowerCase()} whose Name ID is a lead cannot be related to another record: ${whatId}`, ['WhoId', 'WhatId']);
}

export function checkWrite(org: OrgStore, object: ObjectDef, input: Record<string, unknown>, mode: 'create' | 'update', before?: SfRecord): WriteCheck {
  const errors: RecordError[] = [];
  const values: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(input)) {
    if (name === 'attributes' || (mode === 'update' && name.toLowerCase() === 'id')) continue;
    const field = org.visibleField(object, name);
    if (!field) {
      errors.push(recordError('INVALID_FIELD', `No such column '${name}' on sobject of type ${object.name}`, []));
      continue;
    }
    const allowed = mode === 'create' ? field.createable : org.access(object, field).editable;
    if (!allowed) {
      errors.push(recordError('INVALID_FIELD_FOR_INSERT_UPDATE', `Unable to create/update fields: ${field.name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`, [field.name]));
      continue;
    }
    const converted = convert(org.schema, field, raw);
    if ('statusCode' in converted) errors.push(converted);
    else values[field.name] = converted.value;
  }
  const pair = errors.length > 0 ? undefined : leadWithWhat(org, object, values, before);
  if (pair) errors.push(pair);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, values };
}
