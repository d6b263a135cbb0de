// SOQL tokens. String literals accept exactly Salesforce's escapes (\' \" \\ \n \r \t \b \f \uXXXX,
// and \_ \% which stay literal in LIKE); a quote that is not escaped ends the literal, so whatever
// follows it is read as SOQL and (usually) refused as MALFORMED_QUERY.
import { malformedQuery } from '../errors.ts';

export type Token =
  | { kind: 'ident'; text: string; pos: number }
  | { kind: 'string'; value: string; like: string; pos: number }
  | { kind: 'number'; value: number; text: string; pos: number }
  | { kind: 'date'; text: string; pos: number }
  | { kind: 'datetime'; text: string; pos: number }
  | { kind: 'punct'; text: string; pos: number }
  | { kind: 'end'; pos: number };

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '"': '"', "'": "'", '\\': '\\' };
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:\d{2})/;
const DATE = /^\d{4}-\d{2}-\d{2}(?![\dT])/;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)/;
const IDENT = /^[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)*/;
const PUNCT = ['!=', '<>', '<=', '>=', '=', '<', '>', '(', ')', ',', ':'];

function readString(soql: string, start: number): { token: Token; end: number } {
  let value = '';
  let like = '';
  let i = start + 1;
  for (;;) {
    if (i >= soql.length) throw malformedQuery(`unexpected token: <EOF>`);
    const c = soql[i] ?? '';
    if (c === "'") break;
    if (c === '\\') {
      const n = soql[i + 1] ?? '';
      if (n in SIMPLE_ESCAPES) {
        value += SIMPLE_ESCAPES[n];
        like += (SIMPLE_ESCAPES[n] ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        i += 2;
      } else if (n === '_' || n === '%') {
        value += `\\${n}`;
        like += n;
        i += 2;
      } else if (n === 'u' && /^[0-9a-fA-F]{4}$/.test(soql.slice(i + 2, i + 6))) {
        const ch = String.fromCharCode(parseInt(soql.slice(i + 2, i + 6), 16));
        value += ch;
        like += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        i += 6;
      } else {
        throw malformedQuery(`Invalid string literal '${soql.slice(start, Math.min(soql.length, i + 2))}'. Illegal character sequence '\\${n}' in string literal.`);
      }
      continue;
    }
    value += c;
    like += c === '%' ? '.*' : c === '_' ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    i++;
  }
  return { token: { kind: 'string', value, like, pos: start }, end: i + 1 };
}

export function tokenize(soql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < soql.length) {
    const c = soql[i] ?? '';
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'") {
      const { token, end } = readString(soql, i);
      tokens.push(token);
      i = end;
      continue;
    }
    const rest = soql.slice(i, i + 40);
    const dt = DATETIME.exec(rest) ?? undefined;
    if (dt) {
      tokens.push({ kind: 'datetime', text: dt[0], pos: i });
      i += dt[0].length;
      continue;
    }
    const d = DATE.exec(rest) ?? undefined;
    if (d) {
      tokens.push({ kind: 'date', text: d[0], pos: i });
      i += d[0].length;
      continue;
    }
    const num = /[\d.+-]/.test(c) ? NUMBER.exec(rest) : null;
    if (num) {
      tokens.push({ kind: 'number', value: Number(num[0]), text: num[0], pos: i });
      i += num[0].length;
      continue;
    }
    const id = IDENT.exec(soql.slice(i, i + 300));
    if (id) {
      tokens.push({ kind: 'ident', text: id[0], pos: i });
      i += id[0].length;
      continue;
    }
    const p = PUNCT.find((x) => soql.startsWith(x, i));
    if (!p) throw malformedQuery(`unexpected token: '${c}'`);
    tokens.push({ kind: 'punct', text: p, pos: i });
    i += p.length;
  }
  tokens.push({ kind: 'end', pos: soql.length });
  return tokens;
}
