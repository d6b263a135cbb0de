// Checks a parsed query against the org's schema as the API user sees it: unknown objects are
// INVALID_TYPE; unknown fields, fields hidden by field-level security and badly typed filter values
// are INVALID_FIELD, with Salesforce's row/column pointer into the query text.
import { restError, malformedQuery, type SalesforceError } from '../errors.ts';
import { normalizeId } from '../ids.ts';
import { objectFor, type FieldDef, type ObjectDef } from '../schema.ts';
import type { OrgStore } from '../store.ts';
import type { Condition, Literal, Path, Query } from './ast.ts';

export interface ResolvedPath {
  /** Reference fields followed, in order. */
  via: FieldDef[];
  leaf: FieldDef;
}

const TEXTUAL = new Set(['string', 'picklist', 'email', 'url', 'id', 'reference', 'textarea']);
const NUMERIC = new Set(['int', 'double', 'currency', 'percent']);
const POLYMORPHIC_FIELDS = new Set(['id', 'name']);

function pointer(soql: string, pos: number, message: string): string {
  const before = soql.slice(0, pos);
  const row = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const lineEnd = soql.indexOf('\n', pos);
  const line = soql.slice(lineStart, lineEnd === -1 ? undefined : lineEnd);
  const col = pos - lineStart;
  return `\n${line}\n${' '.repeat(col)}^\nERROR at Row:${row}:Column:${col + 1}\n${message}`;
}

export class Resolver {
  readonly paths = new Map<Path, ResolvedPath>();
  readonly objects = new Map<Query, ObjectDef>();
  private readonly store: OrgStore;
  private readonly soql: string;

  constructor(store: OrgStore, soql: string) {
    this.store = store;
    this.soql = soql;
  }

  private fail(code: string, pos: number, message: string): SalesforceError {
    return restError(400, code, pointer(this.soql, pos, message));
  }

  unknownObject(query: Query): SalesforceError {
    return this.fail('INVALID_TYPE', query.fromPos, `sObject type '${query.from}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`);
  }

  path(object: ObjectDef, path: Path): ResolvedPath {
    const via: FieldDef[] = [];
    let current = object;
    let polymorphic = false;
    for (const part of path.parts.slice(0, -1)) {
      const ref: FieldDef | undefined = polymorphic ? undefined : [...current.fields.values()].find((f) => f.relationshipName?.toLowerCase() === part.toLowerCase() && this.store.access(current, f).readable);
      const next = ref?.referenceTo?.[0] ? objectFor(this.store.schema, ref.referenceTo[0]) : undefined;
      if (!ref || !next) {
        throw this.fail('INVALID_FIELD', path.pos, `Didn't understand relationship '${part}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`);
      }
      via.push(ref);
      current = next;
      polymorphic = (ref.referenceTo?.length ?? 0) > 1;
    }
    const name = path.parts.at(-1) ?? '';
    // A polymorphic relationship (Who, What) leads to Salesforce's "Name" entity: of its fields the
    // sandbox serves Id and Name (stricter than Salesforce: no Type, Email, … and no TYPEOF).
    if (polymorphic && !POLYMORPHIC_FIELDS.has(name.toLowerCase())) {
      throw this.fail('INVALID_FIELD', path.pos, `No such column '${name}' on entity 'Name'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`);
    }
    const leaf = this.store.visibleField(current, name);
    if (!leaf) {
      throw this.fail('INVALID_FIELD', path.pos, `No such column '${name}' on entity '${current.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`);
    }
    // A JunctionIdList (TaskWhoIds, EventWhoIds) is written, not queried: its people are read
    // through TaskWhoRelation/EventWhoRelation. The sandbox refuses it in SOQL (its own message).
    if (leaf.type === 'junctionidlist') {
      throw this.fail('INVALID_FIELD', path.pos, `field '${leaf.name}' is a JunctionIdList: query its relationship instead`);
    }
    const resolved = { via, leaf };
    this.paths.set(path, resolved);
    return resolved;
  }

  query(query: Query, object: ObjectDef, depth: number): void {
    this.objects.set(query, object);
    const counts = query.select.filter((s) => s.kind === 'count');
    if (counts.length > 0 && query.select.length > 1) throw malformedQuery('COUNT() may only be used alone in the SELECT list');
    for (const item of query.select) {
      if (item.kind === 'field') this.path(object, item.path);
      else if (item.kind === 'subquery') {
        if (depth > 0) throw malformedQuery('Nested subqueries are not supported');
        const rel = object.children.get(item.query.from.toLowerCase());
        const child = rel ? objectFor(this.store.schema, rel.childObject) : undefined;
        if (!rel || !child) {
          throw this.fail('INVALID_TYPE', item.query.fromPos, `Didn't understand relationship '${item.query.from}' in FROM part of query call. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`);
        }
        this.query(item.query, child, depth + 1);
      }
    }
    if (query.where) this.condition(object, query.where);
    for (const o of query.orderBy) {
      const r = this.path(object, o.path);
      if (r.leaf.type === 'textarea') throw this.fail('INVALID_FIELD', o.path.pos, `field '${r.leaf.name}' can not be sorted in a query call`);
    }
    if (query.offset !== undefined && query.offset > 2000) throw restError(400, 'NUMBER_OUTSIDE_VALID_RANGE', 'Maximum SOQL offset allowed is 2000');
  }

  private condition(object: ObjectDef, c: Condition): void {
    switch (c.kind) {
      case 'and':
      case 'or':
        for (const t of c.terms) this.condition(object, t);
        return;
      case 'not':
        this.condition(object, c.term);
        return;
      case 'semijoin': {
        const { leaf } = this.filterable(object, c.path);
        const inner = objectFor(this.store.schema, c.query.from);
        if (!inner) throw this.fail('INVALID_TYPE', c.query.fromPos, `sObject type '${c.query.from}' is not supported.`);
        const item = c.query.select[0];
        if (c.query.select.length !== 1 || item?.kind !== 'field') throw malformedQuery('The selected field in a semi join subquery must be a single Id or reference field');
        const innerLeaf = this.path(inner, item.path).leaf;
        if (!['id', 'reference'].includes(innerLeaf.type) || !['id', 'reference'].includes(leaf.type)) {
          throw this.fail('INVALID_FIELD', c.path.pos, `The left operand field in the where expression for outer query should be an id field, cannot use: '${leaf.name}'`);
        }
        if (c.query.select.some((s) => s.kind === 'subquery')) throw malformedQuery('Nested subqueries are not supported');
        this.objects.set(c.query, inner);
        if (c.query.where) this.condition(inner, c.query.where);
        return;
      }
      case 'like': {
        const { leaf } = this.filterable(object, c.path);
        if (!TEXTUAL.has(leaf.type) || c.value.kind !== 'string') throw this.fail('INVALID_FIELD', c.path.pos, `invalid operator on field '${leaf.name}' for LIKE`);
        return;
      }
      case 'compare':
      case 'in': {
        const { leaf } = this.filterable(object, c.path);
        for (const v of c.kind === 'in' ? c.values : [c.value]) this.literal(leaf, v, c.path.pos);
        return;
      }
    }
  }

  private filterable(object: ObjectDef, path: Path): ResolvedPath {
    const r = this.path(object, path);
    if (r.leaf.type === 'textarea' && (r.leaf.length ?? 0) > 255) throw this.fail('INVALID_FIELD', path.pos, `field '${r.leaf.name}' can not be filtered in a query call`);
    return r;
  }

  private literal(field: FieldDef, value: Literal, pos: number): void {
    if (value.kind === 'null') return;
    const t = field.type;
    const ok = TEXTUAL.has(t) ? value.kind === 'string'
      : NUMERIC.has(t) ? value.kind === 'number'
      : t === 'boolean' ? value.kind === 'boolean'
      : t === 'date' ? value.kind === 'date'
      : t === 'datetime' ? value.kind === 'datetime'
      : false;
    if (ok && (t === 'id' || t === 'reference') && value.kind === 'string' && !normalizeId(value.value)) {
      throw restError(400, 'INVALID_QUERY_FILTER_OPERATOR', pointer(this.soql, pos, `invalid ID field: ${value.value}`));
    }
    if (ok) return;
    const typeName = t === 'datetime' ? 'dateTime' : t === 'int' || t === 'double' || t === 'currency' || t === 'percent' ? 'number' : t;
    const quoted = value.kind === 'string' ? ' and should not be enclosed in quotes' : '';
    throw this.fail('INVALID_FIELD', pos, `value of filter criterion for field '${field.name}' must be of type ${typeName}${quoted}`);
  }
}
