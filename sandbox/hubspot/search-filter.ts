// Search filters as HubSpot evaluates them: filterGroups are ORed, the filters of a group ANDed.
// Numbers compare numerically, date/datetime properties as instants (ms or ISO accepted), text
// case-insensitively; CONTAINS_TOKEN matches whole words (with `*` wildcards).
import { parseInstant } from './clock.ts';
import { validationError } from './errors.ts';
import { OBJECT_TYPE_INFO, type ObjectType } from './object-types.ts';
import type { PropertyDef } from './property-defs.ts';
import type { CrmRecord, PortalStore } from './store.ts';

export const OPERATORS = ['EQ', 'NEQ', 'LT', 'LTE', 'GT', 'GTE', 'BETWEEN', 'IN', 'NOT_IN', 'HAS_PROPERTY', 'NOT_HAS_PROPERTY', 'CONTAINS_TOKEN', 'NOT_CONTAINS_TOKEN'] as const;
export type Operator = (typeof OPERATORS)[number];

export interface FilterInput {
  propertyName: string;
  operator: Operator;
  value?: string;
  highValue?: string;
  values?: string[];
}

type Comparable = number | string;
type Matcher = (record: CrmRecord) => boolean;

function comparable(def: PropertyDef, raw: string): Comparable | undefined {
  if (def.type === 'number') {
    const n = Number(raw);
    return Number.isFinite(n) ? n : undefined;
  }
  if (def.type === 'date' || def.type === 'datetime') return parseInstant(raw);
  return raw.toLowerCase();
}

function filterValue(def: PropertyDef, raw: string | undefined, what: string): Comparable {
  if (raw === undefined) throw validationError(`${what} is required for a filter on ${def.name}`);
  const v = comparable(def, raw);
  if (v === undefined) throw validationError(`${JSON.stringify(raw)} is not a valid ${def.type} value for ${def.name}`);
  return v;
}

function tokenMatcher(pattern: string): (text: string) => boolean {
  // The value is analysed like the text: case and surrounding punctuation do not matter.
  const needle = pattern.toLowerCase().replace(/^[^\p{L}\p{N}*]+|[^\p{L}\p{N}*]+$/gu, '');
  if (!needle.includes('*')) return (text) => text.toLowerCase().split(/[^\p{L}\p{N}@._-]+/u).includes(needle);
  const re = new RegExp(`(^|[^\\p{L}\\p{N}])${needle.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}($|[^\\p{L}\\p{N}])`, 'u');
  return (text) => re.test(text.toLowerCase());
}

export function compileFilter(store: PortalStore, type: ObjectType, f: FilterInput): Matcher {
  const def = store.properties[type].get(f.propertyName);
  if (!def) throw validationError(`There was a problem with the request. Property ${JSON.stringify(f.propertyName)} does not exist`, { subCategory: 'PROPERTY_DOESNT_EXIST' });
  const read = reader(store, type, def);
  const cmp = (test: (a: Comparable, b: Comparable) => boolean, b: Comparable): Matcher => (r) => {
    const a = read(r);
    return a !== undefined && typeof a === typeof b && test(a, b);
  };
  switch (f.operator) {
    case 'EQ':
      return cmp((a, b) => a === b, filterValue(def, f.value, 'value'));
    case 'NEQ': {
      const b = filterValue(def, f.value, 'value');
      return (r) => read(r) !== b;
    }
    case 'LT':
      return cmp((a, b) => a < b, filterValue(def, f.value, 'value'));
    case 'LTE':
      return cmp((a, b) => a <= b, filterValue(def, f.value, 'value'));
    case 'GT':
      return cmp((a, b) => a > b, filterValue(def, f.value, 'value'));
    case 'GTE':
      return cmp((a, b) => a >= b, filterValue(def, f.value, 'value'));
    case 'BETWEEN': {
      const lo = filterValue(def, f.value, 'value');
      const hi = filterValue(def, f.highValue, 'highValue');
      return (r) => {
        const a = read(r);
        return a !== undefined && typeof a === typeof lo && a >= lo && a <= hi;
      };
    }
    case 'IN':
    case 'NOT_IN': {
      if (!f.values || f.values.length === 0) throw validationError(`values is required for ${f.operator} on ${def.name}`);
      const set = new Set(f.values.map((v) => filterValue(def, v, 'values[]')));
      return f.operator === 'IN' ? (r) => { const a = read(r); return a !== undefined && set.has(a); } : (r) => { const a = read(r); return a === undefined || !set.has(a); };
    }
    case 'HAS_PROPERTY':
      return (r) => store.value(type, r, f.propertyName) !== undefined;
    case 'NOT_HAS_PROPERTY':
      return (r) => store.value(type, r, f.propertyName) === undefined;
    case 'CONTAINS_TOKEN':
    case 'NOT_CONTAINS_TOKEN': {
      if (f.value === undefined) throw validationError(`value is required for ${f.operator} on ${def.name}`);
      const match = tokenMatcher(f.value);
      const has = (r: CrmRecord): boolean => {
        const raw = store.value(type, r, f.propertyName);
        return raw !== undefined && match(raw);
      };
      return f.operator === 'CONTAINS_TOKEN' ? has : (r) => !has(r);
    }
  }
}

/** Reads a property as a comparable; the computed id and dates come straight from the record. */
function reader(store: PortalStore, type: ObjectType, def: PropertyDef): (r: CrmRecord) => Comparable | undefined {
  const info = OBJECT_TYPE_INFO[type];
  if (def.name === info.modifiedProperty) return (r) => r.updatedAt;
  if (def.name === info.createdProperty) return (r) => r.createdAt;
  if (def.name === 'hs_object_id') return (r) => r.id;
  return (r) => {
    const raw = store.value(type, r, def.name);
    return raw === undefined ? undefined : comparable(def, raw);
  };
}

/** A sort key reader: numbers and instants numerically, text case-insensitively; unset sorts last. */
export function sortKey(store: PortalStore, type: ObjectType, name: string): (r: CrmRecord) => Comparable | undefined {
  const def = store.properties[type].get(name);
  if (!def) throw validationError(`There was a problem with the request. Cannot sort by unknown property ${JSON.stringify(name)}`);
  return reader(store, type, def);
}
