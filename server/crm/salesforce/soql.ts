// The one way this codebase builds SOQL: a tagged template whose interpolated values become
// literals (strings escaped, ids checked, instants in SOQL's datetime form, arrays as IN lists)
// and whose field names come through `field()`, which only accepts API names. Nothing is ever
// pasted into a query as raw text, so a value cannot end a literal and add SOQL of its own.
// https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_quotedstringescapes.htm

const API_NAME = /^[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)*$/;
const ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

/** A field, relationship or object API name, checked; the only text spliced into SOQL verbatim. */
export class SoqlName {
  readonly text: string;

  constructor(text: string) {
    if (!API_NAME.test(text)) throw new TypeError(`not a Salesforce API name: ${JSON.stringify(text)}`);
    this.text = text;
  }
}

export const field = (name: string): SoqlName => new SoqlName(name);
export const fields = (names: readonly string[]): SoqlName[] => names.map(field);

/** A date-only literal (`2026-11-01`) for date fields; plain instants become datetimes. */
export class SoqlDate {
  readonly text: string;

  constructor(value: string) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !Number.isFinite(Date.parse(value))) throw new TypeError(`not a calendar date: ${value}`);
    this.text = value;
  }
}

/** A record id: 15 or 18 alphanumerics, quoted. */
export class SoqlId {
  readonly text: string;

  constructor(value: string) {
    if (!ID.test(value)) throw new TypeError(`not a Salesforce id: ${JSON.stringify(value)}`);
    this.text = value;
  }
}

export const id = (value: string): SoqlId => new SoqlId(value);
export const ids = (values: readonly string[]): SoqlId[] => values.map(id);

const ESCAPES: Record<string, string> = { "'": "\\'", '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f', '"': '\\"' };

export function quote(value: string): string {
  return `'${value.replace(/['\\\n\r\t\b\f"]/g, (c) => ESCAPES[c] ?? c)}'`;
}

/** A string for LIKE: the wildcards in the value itself are matched literally. */
export function likePattern(value: string, { prefix = false, suffix = false } = {}): string {
  const escaped = quote(value).slice(1, -1).replace(/[%_]/g, (c) => `\\${c}`);
  return `'${prefix ? '%' : ''}${escaped}${suffix ? '%' : ''}'`;
}

export type SoqlValue = string | number | boolean | null | Date | SoqlName | SoqlDate | SoqlId | readonly SoqlValue[];

function literal(value: SoqlValue): string {
  if (value === null) return 'null';
  if (value instanceof SoqlName) return value.text;
  if (value instanceof SoqlId) return `'${value.text}'`;
  if (value instanceof SoqlDate) return value.text;
  if (value instanceof Date) {
    if (!Number.isFinite(value.getTime())) throw new TypeError('invalid Date in SOQL');
    return value.toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  if (Array.isArray(value)) {
    if (value.length === 0) throw new RangeError('an empty IN list is not valid SOQL');
    if (value.some((v) => Array.isArray(v))) throw new TypeError('nested lists are not valid SOQL');
    return `(${value.map((v) => literal(v as SoqlValue)).join(', ')})`;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return quote(value as string);
}

/** `soql\`SELECT ${fields(['Id', 'Name'])} FROM Account WHERE Id IN ${ids(list)}\`` */
export function soql(strings: TemplateStringsArray, ...values: Array<SoqlValue | readonly SoqlName[]>): string {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    const isNameList = Array.isArray(v) && v.length > 0 && v.every((x) => x instanceof SoqlName);
    out += (isNameList ? (v).map((n) => n.text).join(', ') : literal(v)) + (strings[i + 1] ?? '');
  });
  return out;
}

/**
 * Splits ids into as few chunks as keep each quoted IN list under `maxChars` once URL-encoded, all
 * of (nearly) the same size, so a GET query stays under Salesforce's 16,384-character URI limit:
 * jsforce sends the query through encodeURIComponent, where an 18-character id costs 26
 * characters (`'…'` plus `, ` as `%2C%20`). The default budget leaves about 3,300 characters for
 * the path and the rest of the query (the longest select list here is about 1,100 encoded).
 */
export function chunkIds(values: readonly string[], maxChars = 13_000): string[][] {
  const perId = 18 + 2 + 6;
  const most = Math.max(1, Math.floor(maxChars / perId));
  const count = Math.ceil(values.length / most);
  const size = Math.ceil(values.length / Math.max(1, count));
  const chunks: string[][] = [];
  for (let i = 0; i < values.length; i += size) chunks.push(values.slice(i, i + size));
  return chunks;
}
