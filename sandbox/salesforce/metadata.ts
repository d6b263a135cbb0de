// Metadata API components the app provisions: CustomField (added to the org's schema with no
// field-level security: invisible to the API user until a permission set grants it and is
// assigned) and PermissionSet (a PermissionSet record plus its field permissions).
import { recordError, type RecordError } from './errors.ts';
import { addCustomField, objectFor, type FieldDef, type FieldType } from './schema.ts';
import type { OrgStore } from './store.ts';
import { child, childText, type XmlElement } from './xml.ts';

export type Mode = 'create' | 'update' | 'upsert';

export interface SaveResult {
  fullName: string;
  success: boolean;
  created?: boolean;
  errors: RecordError[];
}

const TYPES: Record<string, FieldType> = {
  Number: 'double', Percent: 'percent', Currency: 'currency', Text: 'string', LongTextArea: 'textarea',
  DateTime: 'datetime', Date: 'date', Checkbox: 'boolean', Picklist: 'picklist',
};
const CUSTOMIZABLE = new Set(['Account', 'Contact', 'Case', 'Opportunity']);
const NAME = /^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*(?<!_)$/;

function int(el: XmlElement, name: string): number | undefined {
  const t = childText(el, name);
  return t === undefined || t === '' ? undefined : Number(t);
}

function fail(fullName: string, statusCode: string, message: string, fields: string[] = []): SaveResult {
  return { fullName, success: false, errors: [recordError(statusCode, message, fields)] };
}

function fieldDefinition(el: XmlElement, name: string): Omit<FieldDef, 'access' | 'custom' | 'createable' | 'updateable' | 'nillable'> | string {
  const label = childText(el, 'label') ?? '';
  if (label === '' || label.length > 40) return 'label: Must specify a non-empty label of at most 40 characters';
  const typeName = childText(el, 'type') ?? '';
  const type = TYPES[typeName];
  if (!type) return `type: Invalid or unsupported field type: ${typeName}`;
  const precision = int(el, 'precision');
  const scale = int(el, 'scale');
  const length = int(el, 'length');
  const def = { name, label, type } as ReturnType<typeof fieldDefinition> & object;
  if (type === 'double' || type === 'percent' || type === 'currency') {
    if (precision === undefined || !Number.isInteger(precision) || precision < 1 || precision > 18) return 'precision: Must specify a precision between 1 and 18';
    if (scale === undefined || !Number.isInteger(scale) || scale < 0 || scale > precision) return 'scale: Must specify a scale between 0 and the precision';
    return { ...def, precision, scale };
  }
  if (type === 'string') {
    if (length === undefined || !Number.isInteger(length) || length < 1 || length > 255) return 'length: Text fields need a length between 1 and 255';
    return { ...def, length };
  }
  if (type === 'textarea') {
    if (length === undefined || !Number.isInteger(length) || length < 256 || length > 131072) return 'length: Long text areas need a length between 256 and 131,072';
    if (int(el, 'visibleLines') === undefined) return 'visibleLines: Must specify visibleLines for a long text area';
    return { ...def, length };
  }
  if (type === 'boolean' && childText(el, 'defaultValue') === undefined) return 'defaultValue: Checkbox fields need a defaultValue';
  if (type === 'picklist') {
    const valueSet = child(el, 'valueSet');
    const values = (child(valueSet, 'valueSetDefinition')?.children ?? []).filter((c) => c.name === 'value').map((v) => childText(v, 'fullName') ?? '');
    if (values.length === 0 || values.includes('')) return 'valueSet: A picklist needs at least one value';
    return { ...def, picklist: values, restricted: childText(valueSet, 'restricted') === 'true', length: 255 };
  }
  return def;
}

export function saveCustomField(org: OrgStore, el: XmlElement, mode: Mode): SaveResult {
  const fullName = childText(el, 'fullName') ?? '';
  const [objectName = '', fieldName = '', extra] = fullName.split('.');
  const object = objectFor(org.schema, objectName);
  if (!object || extra !== undefined || !CUSTOMIZABLE.has(object.name)) return fail(fullName, 'INVALID_CROSS_REFERENCE_KEY', `In field: fullName - no CustomObject named ${objectName} found`, ['fullName']);
  const base = fieldName.replace(/__c$/, '');
  if (!fieldName.endsWith('__c') || !NAME.test(base) || base.length > 40) {
    return fail(fullName, 'FIELD_INTEGRITY_EXCEPTION', 'The API name can only contain underscores and alphanumeric characters. It must be unique, begin with a letter, not include spaces, not end with an underscore, not contain two consecutive underscores, and be at most 40 characters before __c.', ['fullName']);
  }
  const existing = object.fields.get(fieldName.toLowerCase());
  if (existing && !existing.custom) return fail(fullName, 'DUPLICATE_DEVELOPER_NAME', `There is already a field named ${base} on ${object.name}.`);
  if (existing && mode === 'create') return fail(fullName, 'DUPLICATE_DEVELOPER_NAME', `There is already a field named ${base} on ${object.name}.`);
  if (!existing && mode === 'update') return fail(fullName, 'INVALID_CROSS_REFERENCE_KEY', `In field: fullName - no CustomField named ${fullName} found`, ['fullName']);
  const def = fieldDefinition(el, existing?.name ?? fieldName);
  if (typeof def === 'string') {
    const [field = '', message = def] = def.split(': ');
    return fail(fullName, 'FIELD_INTEGRITY_EXCEPTION', message, [field]);
  }
  if (existing) Object.assign(existing, def);
  else addCustomField(object, def);
  return { fullName, success: true, ...(mode === 'upsert' ? { created: !existing } : {}), errors: [] };
}

export function savePermissionSet(org: OrgStore, el: XmlElement, mode: Mode): SaveResult {
  const fullName = childText(el, 'fullName') ?? '';
  if (!NAME.test(fullName) || fullName.length > 80) return fail(fullName, 'FIELD_INTEGRITY_EXCEPTION', 'The API name can only contain underscores and alphanumeric characters.', ['fullName']);
  const existing = org.permissionSets.get(fullName.toLowerCase());
  if (existing && mode === 'create') return fail(fullName, 'DUPLICATE_DEVELOPER_NAME', `Permission set with API name ${fullName} already exists`);
  if (!existing && mode === 'update') return fail(fullName, 'INVALID_CROSS_REFERENCE_KEY', `In field: fullName - no PermissionSet named ${fullName} found`, ['fullName']);
  const label = childText(el, 'label') ?? existing?.label ?? '';
  if (label === '') return fail(fullName, 'REQUIRED_FIELD_MISSING', 'Required fields are missing: [Label]', ['label']);
  const permissions = new Map(existing?.fieldPermissions ?? []);
  for (const fp of el.children.filter((c) => c.name === 'fieldPermissions')) {
    const field = childText(fp, 'field') ?? '';
    const readable = childText(fp, 'readable') === 'true';
    const editable = childText(fp, 'editable') === 'true';
    const [objectName = '', fieldName = ''] = field.split('.');
    const object = objectFor(org.schema, objectName);
    const def = object?.fields.get(fieldName.toLowerCase());
    if (!object || !def) return fail(fullName, 'INVALID_CROSS_REFERENCE_KEY', `In field: field - no CustomField named ${field} found`, ['field']);
    if (editable && !readable) return fail(fullName, 'FIELD_INTEGRITY_EXCEPTION', `Permission Edit ${field} depends on permission(s): Read ${field}`, ['fieldPermissions']);
    if (editable && !def.updateable) return fail(fullName, 'FIELD_INTEGRITY_EXCEPTION', `You cannot deploy to a required or read-only field: ${field}`, ['fieldPermissions']);
    permissions.set(`${object.name}.${def.name}`.toLowerCase(), { readable, editable });
  }
  if (existing) {
    existing.label = label;
    existing.fieldPermissions = permissions;
    org.update(existing.id, { Label: label });
  } else {
    const record = org.insert('PermissionSet', { Name: fullName, Label: label, IsOwnedByProfile: false });
    org.permissionSets.set(fullName.toLowerCase(), { id: record.Id, name: fullName, label, fieldPermissions: permissions });
  }
  return { fullName, success: true, ...(mode === 'upsert' ? { created: !existing } : {}), errors: [] };
}

const TYPE_NAMES = Object.fromEntries(Object.entries(TYPES).map(([k, v]) => [v, k]));

export function readComponent(org: OrgStore, type: string, fullName: string): Record<string, unknown> | null {
  if (type === 'CustomField') {
    const [objectName = '', fieldName = ''] = fullName.split('.');
    const object = objectFor(org.schema, objectName);
    const f = object?.fields.get(fieldName.toLowerCase());
    if (!object || !f || !f.custom) return null;
    return {
      $type: 'CustomField', fullName: `${object.name}.${f.name}`, label: f.label, type: TYPE_NAMES[f.type] ?? 'Text',
      ...(f.precision !== undefined && f.type !== 'string' ? { precision: f.precision, scale: f.scale ?? 0 } : {}),
      ...(f.type === 'string' || f.type === 'textarea' ? { length: f.length } : {}),
      ...(f.picklist ? { valueSet: { restricted: f.restricted ?? false, valueSetDefinition: { value: f.picklist.map((v) => ({ fullName: v, default: false, label: v })) } } } : {}),
    };
  }
  if (type === 'PermissionSet') {
    const p = org.permissionSets.get(fullName.toLowerCase());
    if (!p) return null;
    return {
      $type: 'PermissionSet', fullName: p.name, label: p.label,
      fieldPermissions: [...p.fieldPermissions.entries()].map(([field, perm]) => {
        const [o = '', f = ''] = field.split('.');
        const object = objectFor(org.schema, o);
        const def = object?.fields.get(f);
        return { editable: perm.editable, field: `${object?.name ?? o}.${def?.name ?? f}`, readable: perm.readable };
      }),
    };
  }
  return null;
}
