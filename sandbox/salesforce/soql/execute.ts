// Runs a checked query over an org's records: filters (using the reference-field indexes where the
// WHERE clause allows), sorts, applies LIMIT/OFFSET, and shapes rows as the REST API returns them.
// Deleted rows, and archived Task/Event rows, are only seen by queryAll.
import { instantOf } from '../clock.ts';
import { normalizeId } from '../ids.ts';
import { objectFor, objectForId, type FieldDef, type ObjectDef } from '../schema.ts';
import type { OrgStore, SfRecord } from '../store.ts';
import type { Condition, Literal, Path, Query } from './ast.ts';
import { parseSoql } from './parser.ts';
import { Resolver } from './resolve.ts';

export interface QueryOptions {
  all: boolean;
  version: string;
}

export interface PreparedQuery {
  object: ObjectDef;
  /** COUNT(): only totalSize is returned. */
  countOnly: boolean;
  hasSubqueries: boolean;
  longTextFields: number;
  rows: SfRecord[];
  shape(record: SfRecord): Record<string, unknown>;
}

type Value = string | number | boolean | null;

class Executor {
  private readonly semijoins = new Map<Condition, Set<string>>();
  private readonly inLists = new Map<Condition, Set<string | number | boolean | null>>();
  private readonly store: OrgStore;
  private readonly resolver: Resolver;
  private readonly options: QueryOptions;

  constructor(store: OrgStore, resolver: Resolver, options: QueryOptions) {
    this.store = store;
    this.resolver = resolver;
    this.options = options;
  }

  private visible(object: ObjectDef, r: SfRecord): boolean {
    if (this.options.all) return true;
    return r.IsDeleted !== true && !(object.archivable && r.IsArchived === true);
  }

  value(record: SfRecord, path: Path): Value {
    const resolved = this.resolver.paths.get(path);
    if (!resolved) throw new Error(`unresolved path ${path.text}`);
    let current: SfRecord | undefined = record;
    for (const ref of resolved.via) {
      const id: unknown = current[ref.name];
      current = typeof id === 'string' ? this.store.get(id) : undefined;
      if (!current) return null;
    }
    return (current[resolved.leaf.name] ?? null) as Value;
  }

  private leaf(path: Path): FieldDef {
    const r = this.resolver.paths.get(path);
    if (!r) throw new Error(`unresolved path ${path.text}`);
    return r.leaf;
  }

  private comparable(field: FieldDef, v: Value | Literal): string | number | boolean | null {
    const raw = v !== null && typeof v === 'object' ? ('value' in v ? v.value : 'text' in v ? v.text : null) : v;
    if (raw === null) return null;
    if (field.type === 'date' || field.type === 'datetime') return instantOf(String(raw));
    if (field.type === 'id' || field.type === 'reference') return (normalizeId(String(raw)) ?? String(raw)).toUpperCase();
    if (typeof raw === 'string') return raw.toLowerCase();
    return raw;
  }

  matches(record: SfRecord, c: Condition): boolean {
    switch (c.kind) {
      case 'and':
        return c.terms.every((t) => this.matches(record, t));
      case 'or':
        return c.terms.some((t) => this.matches(record, t));
      case 'not':
        return !this.matches(record, c.term);
      case 'like': {
        const v = this.value(record, c.path);
        return typeof v === 'string' && c.value.kind === 'string' && new RegExp(`^${c.value.like}$`, 'is').test(v);
      }
      case 'in': {
        const f = this.leaf(c.path);
        let set = this.inLists.get(c);
        if (!set) this.inLists.set(c, (set = new Set(c.values.map((l) => this.comparable(f, l)))));
        const found = set.has(this.comparable(f, this.value(record, c.path)));
        return c.negated ? !found : found;
      }
      case 'semijoin': {
        const v = this.value(record, c.path);
        const found = typeof v === 'string' && this.semijoin(c).has(normalizeId(v) ?? v);
        return c.negated ? !found : found;
      }
      case 'compare': {
        const f = this.leaf(c.path);
        const a = this.comparable(f, this.value(record, c.path));
        const b = this.comparable(f, c.value);
        if (c.op === '=') return a === b;
        if (c.op === '!=') return a !== b;
        if (a === null || b === null) return false;
        return c.op === '<' ? a < b : c.op === '<=' ? a <= b : c.op === '>' ? a > b : a >= b;
      }
    }
  }

  private semijoin(c: Extract<Condition, { kind: 'semijoin' }>): Set<string> {
    let set = this.semijoins.get(c);
    if (!set) {
      const item = c.query.select[0];
      if (item?.kind !== 'field') throw new Error('semi-join without a field');
      set = new Set();
      for (const r of this.select(c.query)) {
        const v = this.value(r, item.path);
        if (typeof v === 'string') set.add(normalizeId(v) ?? v);
      }
      this.semijoins.set(c, set);
    }
    return set;
  }

  /** Candidate rows from an index when a conjunct pins the Id or a reference field. */
  private candidates(object: ObjectDef, where: Condition | undefined): SfRecord[] | undefined {
    if (!where) return undefined;
    const terms = where.kind === 'and' ? where.terms : [where];
    for (const t of terms) {
      if ((t.kind !== 'compare' || t.op !== '=') && (t.kind !== 'in' || t.negated) && (t.kind !== 'semijoin' || t.negated)) continue;
      if (t.path.parts.length !== 1) continue;
      const f = this.leaf(t.path);
      if (f.type !== 'id' && f.type !== 'reference') continue;
      const values = t.kind === 'compare' ? [t.value] : t.kind === 'in' ? t.values : [...this.semijoin(t)].map((v) => ({ kind: 'string', value: v, like: '' }));
      const out = new Map<string, SfRecord>();
      for (const l of values) {
        const id = l.kind === 'string' ? normalizeId(l.value) : undefined;
        if (!id) continue;
        if (f.type === 'id') {
          const r = this.store.get(id);
          if (r && this.store.table(object.name).has(r.Id)) out.set(r.Id, r);
        } else {
          for (const rid of this.store.lookup(object.name, f.name, id)) {
            const r = this.store.table(object.name).get(rid);
            if (r) out.set(rid, r);
          }
        }
      }
      return [...out.values()].sort((a, b) => (a.Id < b.Id ? -1 : a.Id > b.Id ? 1 : 0));
    }
    return undefined;
  }

  select(query: Query, scope?: SfRecord[]): SfRecord[] {
    const object = this.resolver.objects.get(query);
    if (!object) throw new Error('unresolved query');
    const pool = scope ?? this.candidates(object, query.where) ?? [...this.store.table(object.name).values()];
    let rows = pool.filter((r) => this.visible(object, r) && (!query.where || this.matches(r, query.where)));
    if (query.orderBy.length > 0) {
      const keys = query.orderBy.map((o) => ({ o, f: this.leaf(o.path) }));
      rows = rows
        .map((r) => ({ r, k: keys.map(({ o, f }) => this.comparable(f, this.value(r, o.path))) }))
        .sort((x, y) => {
          for (let i = 0; i < keys.length; i++) {
            const { o } = keys[i] as { o: Query['orderBy'][number] };
            const a = x.k[i] ?? null;
            const b = y.k[i] ?? null;
            if (a === b) continue;
            if (a === null) return o.nullsLast ? 1 : -1;
            if (b === null) return o.nullsLast ? -1 : 1;
            return (a < b ? -1 : 1) * (o.desc ? -1 : 1);
          }
          return 0;
        })
        .map((x) => x.r);
    }
    const start = query.offset ?? 0;
    return rows.slice(start, query.limit === undefined ? undefined : start + query.limit);
  }

  private attributes(object: ObjectDef, id: string): { type: string; url: string } {
    return { type: object.name, url: `/services/data/v${this.options.version}/sobjects/${object.name}/${id}` };
  }

  shape(query: Query, record: SfRecord): Record<string, unknown> {
    const object = this.resolver.objects.get(query) as ObjectDef;
    const out: Record<string, unknown> = { attributes: this.attributes(object, record.Id) };
    for (const item of query.select) {
      if (item.kind === 'field') this.put(out, record, item.path);
      else if (item.kind === 'subquery') {
        const rel = object.children.get(item.query.from.toLowerCase());
        const child = rel && objectFor(this.store.schema, rel.childObject);
        if (!rel || !child) continue;
        const ids = [...this.store.lookup(child.name, rel.field, record.Id)].sort();
        const scope = ids.map((id) => this.store.table(child.name).get(id)).filter((r): r is SfRecord => r !== undefined);
        const rows = this.select(item.query, scope);
        out[rel.name] = rows.length === 0 ? null : { totalSize: rows.length, done: true, records: rows.map((r) => this.shape(item.query, r)) };
      }
    }
    return out;
  }

  private put(out: Record<string, unknown>, record: SfRecord, path: Path): void {
    const resolved = this.resolver.paths.get(path);
    if (!resolved) return;
    let target = out;
    let current: SfRecord | undefined = record;
    for (const ref of resolved.via) {
      const id: unknown = current?.[ref.name];
      current = typeof id === 'string' ? this.store.get(id) : undefined;
      const key = ref.relationshipName ?? ref.name;
      if (!current) {
        if (!(key in target)) target[key] = null;
        return;
      }
      const parentObject = objectForId(this.store.schema, current.Id) as ObjectDef;
      const existing = target[key];
      const nested = existing && typeof existing === 'object' ? (existing as Record<string, unknown>) : { attributes: this.attributes(parentObject, current.Id) };
      target[key] = nested;
      target = nested;
    }
    target[resolved.leaf.name] = current?.[resolved.leaf.name] ?? null;
  }
}

export function prepareQuery(store: OrgStore, soql: string, options: QueryOptions): PreparedQuery {
  const query = parseSoql(soql);
  const object = objectFor(store.schema, query.from);
  const resolver = new Resolver(store, soql);
  if (!object) throw resolver.unknownObject(query);
  resolver.query(query, object, 0);
  const executor = new Executor(store, resolver, options);
  const longTextFields = query.select.filter((s) => s.kind === 'field' && resolver.paths.get(s.path)?.leaf.type === 'textarea' && (resolver.paths.get(s.path)?.leaf.length ?? 0) > 255).length;
  return {
    object,
    countOnly: query.select.some((s) => s.kind === 'count'),
    hasSubqueries: query.select.some((s) => s.kind === 'subquery'),
    longTextFields,
    rows: executor.select(query),
    shape: (r) => executor.shape(query, r),
  };
}
