// Records as HubSpot's SimplePublicObject: requested properties (defined but unset → null, unknown
// names ignored) plus the always-returned id, create and modify dates; history newest first.
import { iso } from './clock.ts';
import { OBJECT_TYPE_INFO, type ObjectType } from './object-types.ts';
import type { CrmRecord, PortalStore } from './store.ts';

export interface PublicObject {
  id: string;
  properties: Record<string, string | null>;
  propertiesWithHistory?: Record<string, Array<{ value: string; timestamp: string; sourceType: string; sourceId?: string }>>;
  createdAt: string;
  updatedAt: string;
  archived: false;
}

export interface Projection {
  properties: string[];
  history: string[];
}

/**
 * Which properties a response carries: the listed ones that exist (plus the always-returned ones),
 * or the type's defaults when the request names none.
 */
export function projection(store: PortalStore, type: ObjectType, properties: string[] | undefined, history: string[] | undefined): Projection {
  const info = OBJECT_TYPE_INFO[type];
  const defs = store.properties[type];
  const withHistory = [...new Set(history ?? [])].filter((p) => defs.has(p));
  // Defaults only when neither list names anything; properties asked with history also come back
  // in `properties` (as HubSpot does).
  const asked = properties && properties.length > 0;
  const wanted = asked ? properties : withHistory.length > 0 ? [] : info.defaultProperties;
  const names = new Set(['hs_object_id', info.createdProperty, info.modifiedProperty]);
  for (const p of [...wanted, ...withHistory]) if (defs.has(p)) names.add(p);
  return { properties: [...names].sort(), history: withHistory };
}

export function toPublicObject(store: PortalStore, type: ObjectType, record: CrmRecord, p: Projection): PublicObject {
  const properties: Record<string, string | null> = {};
  for (const name of p.properties) properties[name] = store.value(type, record, name) ?? null;
  const out: PublicObject = { id: String(record.id), properties, createdAt: iso(record.createdAt), updatedAt: iso(record.updatedAt), archived: false };
  if (p.history.length > 0) {
    const withHistory: NonNullable<PublicObject['propertiesWithHistory']> = {};
    for (const name of p.history) {
      withHistory[name] = store.history(type, record, name).map((h) => {
        const entry: { value: string; timestamp: string; sourceType: string; sourceId?: string } = { value: h.value, timestamp: iso(h.timestamp), sourceType: h.sourceType };
        if (h.sourceId !== undefined) entry.sourceId = h.sourceId;
        return entry;
      });
    }
    out.propertiesWithHistory = withHistory;
  }
  return out;
}
