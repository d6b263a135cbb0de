// In-memory CRM of one portal: records by type (Maps, ids ascending), symmetric associations,
// property history, property definitions and groups. Every read is a Map lookup except search.
import { iso } from './clock.ts';
import { associationTypes, OBJECT_TYPE_INFO, OBJECT_TYPES, type ObjectType } from './object-types.ts';
import { initialDefinitions, type PropertyDef, type PropertyGroup } from './property-defs.ts';

export interface HistoryEntry {
  value: string;
  timestamp: number;
  sourceType: string;
  sourceId?: string;
}

export interface CrmRecord {
  /** HubSpot-style numeric id (kept as a number: small integers make compact Maps and arrays). */
  readonly id: number;
  readonly createdAt: number;
  updatedAt: number;
  /** Stored values (computed ones — id, create and modify dates — are derived, not stored). */
  props: Record<string, string>;
  /** Explicit history per property, newest first; a stored value without one was set at creation. */
  history?: Record<string, HistoryEntry[]>;
}

/** Source of values written through the API by the (one) OAuth app. */
export const API_SOURCE = { sourceType: 'INTEGRATION', sourceId: 'sandbox-app' } as const;

/** Numeric ids shared by every portal and type, so an id never exists in two portals. */
export class IdSequence {
  private next = 100_000_001;
  take(): number {
    return this.next++;
  }
}

/** A path or body id as the number it names; anything else names no record. */
export function parseId(id: string | number): number | undefined {
  if (typeof id === 'number') return Number.isSafeInteger(id) ? id : undefined;
  return /^\d{1,15}$/.test(id) ? Number(id) : undefined;
}

export class ObjectTable {
  readonly byId = new Map<number, CrmRecord>();
  /** Ids in creation (= ascending) order, for cursor paging without scans. */
  readonly ids: number[] = [];
}

export class PortalStore {
  readonly portalId: number;
  readonly tables = {} as Record<ObjectType, ObjectTable>;
  readonly properties = {} as Record<ObjectType, Map<string, PropertyDef>>;
  readonly groups = {} as Record<ObjectType, Map<string, PropertyGroup>>;
  /** `${from}|${to}` → from id → associated ids (both directions are stored). */
  readonly associations = new Map<string, Map<number, number[]>>();
  private readonly ids: IdSequence;

  constructor(portalId: number, ids: IdSequence, at: number) {
    this.portalId = portalId;
    this.ids = ids;
    for (const type of OBJECT_TYPES) {
      this.tables[type] = new ObjectTable();
      const { groups, properties } = initialDefinitions(type, at);
      this.groups[type] = new Map(groups.map((g) => [g.name, g]));
      this.properties[type] = new Map(properties.map((p) => [p.name, p]));
    }
  }

  create(type: ObjectType, props: Record<string, string>, createdAt: number, updatedAt: number): CrmRecord {
    const id = this.ids.take();
    const record: CrmRecord = { id, createdAt, updatedAt, props };
    const table = this.tables[type];
    table.byId.set(id, record);
    table.ids.push(id);
    return record;
  }

  get(type: ObjectType, id: string | number): CrmRecord | undefined {
    const n = parseId(id);
    return n === undefined ? undefined : this.tables[type].byId.get(n);
  }

  associate(fromType: ObjectType, fromId: number, toType: ObjectType, toId: number): void {
    this.link(fromType, fromId, toType, toId);
    this.link(toType, toId, fromType, fromId);
  }

  private link(fromType: ObjectType, fromId: number, toType: ObjectType, toId: number): void {
    const key = `${fromType}|${toType}`;
    let byFrom = this.associations.get(key);
    if (!byFrom) this.associations.set(key, (byFrom = new Map<number, number[]>()));
    const list = byFrom.get(fromId);
    if (list) list.push(toId);
    else byFrom.set(fromId, [toId]);
  }

  associated(fromType: ObjectType, fromId: string | number, toType: ObjectType): readonly number[] {
    const n = parseId(fromId);
    if (n === undefined || !associationTypes(fromType, toType)) return [];
    return this.associations.get(`${fromType}|${toType}`)?.get(n) ?? [];
  }

  /** A property's value as HubSpot returns it (computed ones included); undefined when unset. */
  value(type: ObjectType, record: CrmRecord, name: string): string | undefined {
    const info = OBJECT_TYPE_INFO[type];
    if (name === 'hs_object_id') return String(record.id);
    if (name === info.createdProperty) return iso(record.createdAt);
    if (name === info.modifiedProperty) return iso(record.updatedAt);
    const v = record.props[name];
    return v === undefined || v === '' ? undefined : v;
  }

  /** History newest first; a value set at creation without explicit history reports the creation time. */
  history(type: ObjectType, record: CrmRecord, name: string): HistoryEntry[] {
    const explicit = record.history?.[name];
    if (explicit) return explicit;
    const info = OBJECT_TYPE_INFO[type];
    if (name === info.modifiedProperty) return [{ value: iso(record.updatedAt), timestamp: record.updatedAt, sourceType: 'CALCULATED' }];
    const v = this.value(type, record, name);
    if (v === undefined) return [];
    return [{ value: v, timestamp: record.createdAt, sourceType: 'IMPORT', sourceId: 'sandbox-seed' }];
  }

  /** Applies already-validated values: each one moves the record's modification time and history. */
  write(type: ObjectType, record: CrmRecord, values: Record<string, string>, at: number, source: { sourceType: string; sourceId?: string } = API_SOURCE): void {
    const history = (record.history ??= {});
    for (const [name, value] of Object.entries(values)) {
      const past = history[name] ?? this.history(type, record, name);
      history[name] = [{ value, timestamp: at, ...source }, ...past];
      if (value === '') delete record.props[name];
      else record.props[name] = value;
    }
    record.updatedAt = at;
  }

  customPropertyCount(type: ObjectType): number {
    let n = 0;
    for (const def of this.properties[type].values()) if (!def.hubspotDefined) n++;
    return n;
  }
}
