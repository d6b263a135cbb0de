// One org's data: records per object (with an index on every reference field; SystemModstamp and
// the derived fields set on every insert and update), the permission sets with their field
// permissions, and the field-level security the API user ends up with.
import { sfDateTime, type Clock } from './clock.ts';
import { deriveFields } from './derived.ts';
import { IdFactory } from './ids.ts';
import { syncWhoRelations, takeWhoIds } from './shared-activities.ts';
import { objectFor, objectForId, standardSchema, type FieldDef, type ObjectDef, type Schema } from './schema.ts';

export type SfRecord = Record<string, unknown> & { Id: string };

export interface FieldPermission {
  readable: boolean;
  editable: boolean;
}

export interface PermissionSetInfo {
  id: string;
  name: string;
  label: string;
  /** "Account.Field__c" (lower case) → permission. */
  fieldPermissions: Map<string, FieldPermission>;
}

export class OrgStore {
  readonly orgId: string;
  readonly schema: Schema = standardSchema();
  readonly ids: IdFactory;
  apiUserId = '';
  username = '';
  private readonly tables = new Map<string, Map<string, SfRecord>>();
  private readonly indexes = new Map<string, Map<string, Set<string>>>();
  readonly permissionSets = new Map<string, PermissionSetInfo>();
  private readonly now: Clock;

  constructor(orgId: string, now: Clock, pod?: string) {
    this.orgId = orgId;
    this.ids = new IdFactory(pod);
    this.now = now;
  }

  object(name: string): ObjectDef {
    const o = objectFor(this.schema, name);
    if (!o) throw new RangeError(`unknown object ${name}`);
    return o;
  }

  table(object: string): Map<string, SfRecord> {
    let t = this.tables.get(object);
    if (!t) this.tables.set(object, (t = new Map<string, SfRecord>()));
    return t;
  }

  get(id: string): SfRecord | undefined {
    const o = objectForId(this.schema, id);
    return o ? this.tables.get(o.name)?.get(id) : undefined;
  }

  /** Ids of the object's records whose reference field holds `value`. */
  lookup(object: string, field: string, value: string): Set<string> {
    return this.indexes.get(`${object}.${field}`)?.get(value) ?? new Set();
  }

  insert(object: string, values: Record<string, unknown>, createdAt = this.now(), modifiedAt = this.now()): SfRecord {
    const def = this.object(object);
    const id = this.ids.next(def.keyPrefix);
    const record: SfRecord = {
      Id: id, IsDeleted: false, CreatedDate: sfDateTime(createdAt), CreatedById: this.apiUserId,
      LastModifiedDate: sfDateTime(modifiedAt), SystemModstamp: sfDateTime(modifiedAt), ...values,
    };
    const listed = takeWhoIds(def.name, record);
    for (const f of def.fields.values()) if (!(f.name in record) && f.type !== 'junctionidlist') record[f.name] = f.type === 'boolean' ? false : null;
    deriveFields(this, def.name, record);
    this.table(def.name).set(id, record);
    this.reindex(def, record, undefined);
    syncWhoRelations(this, def.name, record, listed, undefined);
    return record;
  }

  update(id: string, values: Record<string, unknown>, at = this.now()): SfRecord {
    const record = this.get(id);
    const def = objectForId(this.schema, id);
    if (!record || !def) throw new RangeError(`unknown record ${id}`);
    const before = { ...record };
    const changes = { ...values };
    const listed = takeWhoIds(def.name, changes, record.WhoId);
    Object.assign(record, changes, { LastModifiedDate: sfDateTime(at), SystemModstamp: sfDateTime(at) });
    deriveFields(this, def.name, record);
    this.reindex(def, record, before);
    syncWhoRelations(this, def.name, record, listed, before);
    return record;
  }

  /** Deletes a row outright (derived rows, e.g. an activity's relation Salesforce drops; not the recycle bin). */
  remove(object: string, id: string): void {
    const def = this.object(object);
    const record = this.table(def.name).get(id);
    if (!record) return;
    for (const f of def.fields.values()) {
      const value = record[f.name];
      if (f.type === 'reference' && typeof value === 'string') this.indexes.get(`${def.name}.${f.name}`)?.get(value)?.delete(id);
    }
    this.table(def.name).delete(id);
  }

  private reindex(def: ObjectDef, record: SfRecord, before: SfRecord | undefined): void {
    for (const f of def.fields.values()) {
      if (f.type !== 'reference') continue;
      const key = `${def.name}.${f.name}`;
      let index = this.indexes.get(key);
      if (!index) this.indexes.set(key, (index = new Map<string, Set<string>>()));
      const old = before?.[f.name];
      if (typeof old === 'string') index.get(old)?.delete(record.Id);
      const value = record[f.name];
      if (typeof value === 'string') {
        let set = index.get(value);
        if (!set) index.set(value, (set = new Set()));
        set.add(record.Id);
      }
    }
  }

  /** What the API user may do with a field: profile-granted fields are open, the others need an assigned permission set. */
  access(object: ObjectDef, field: FieldDef, userId = this.apiUserId): FieldPermission {
    if (field.access === 'profile') return { readable: true, editable: field.updateable };
    const key = `${object.name}.${field.name}`.toLowerCase();
    let readable = false;
    let editable = false;
    for (const assignmentId of this.lookup('PermissionSetAssignment', 'AssigneeId', userId)) {
      const assignment = this.table('PermissionSetAssignment').get(assignmentId);
      const set = [...this.permissionSets.values()].find((p) => p.id === assignment?.PermissionSetId);
      const perm = set?.fieldPermissions.get(key);
      readable ||= perm?.readable ?? false;
      editable ||= perm?.editable ?? false;
    }
    return { readable, editable: editable && field.updateable };
  }

  /** The field as the API user sees it (undefined: unknown or hidden by field-level security). */
  visibleField(object: ObjectDef, name: string): FieldDef | undefined {
    const f = object.fields.get(name.toLowerCase());
    return f && this.access(object, f).readable ? f : undefined;
  }
}
