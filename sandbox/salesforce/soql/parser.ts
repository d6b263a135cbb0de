// A strict recursive-descent parser for the SOQL subset: SELECT fields, parent paths, child
// subqueries and COUNT(); WHERE with AND/OR/NOT (mixing AND and OR needs parentheses, as in
// Salesforce), comparisons, LIKE, IN/NOT IN lists and semi-joins; ORDER BY; LIMIT; OFFSET.
import { malformedQuery } from '../errors.ts';
import type { Condition, Literal, OrderItem, Path, Query, SelectItem } from './ast.ts';
import { tokenize, type Token } from './lexer.ts';

const KEYWORDS = new Set(['select', 'from', 'where', 'and', 'or', 'not', 'in', 'like', 'order', 'by', 'asc', 'desc', 'nulls', 'first', 'last', 'limit', 'offset', 'null', 'true', 'false', 'includes', 'excludes', 'group', 'having', 'with', 'for', 'using', 'typeof']);

class Parser {
  private i = 0;
  private readonly tokens: Token[];

  constructor(tokens: Token[]) {
    this.tokens = tokens;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'end') this.i++;
    return t;
  }

  private unexpected(t = this.peek()): Error {
    const text = t.kind === 'end' ? '<EOF>' : t.kind === 'string' ? `'${t.value}'` : t.kind === 'number' ? t.text : t.text;
    return malformedQuery(`unexpected token: ${text}`);
  }

  private isKeyword(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'ident' && t.text.toLowerCase() === word;
  }

  private keyword(word: string): void {
    if (!this.isKeyword(word)) throw this.unexpected();
    this.i++;
  }

  private punct(text: string): void {
    const t = this.peek();
    if (t.kind !== 'punct' || t.text !== text) throw this.unexpected();
    this.i++;
  }

  private isPunct(text: string): boolean {
    const t = this.peek();
    return t.kind === 'punct' && t.text === text;
  }

  private path(): Path {
    const t = this.next();
    if (t.kind !== 'ident' || KEYWORDS.has(t.text.toLowerCase())) throw this.unexpected(t);
    return { text: t.text, parts: t.text.split('.'), pos: t.pos };
  }

  private integer(): number {
    const t = this.next();
    if (t.kind !== 'number' || !Number.isInteger(t.value) || t.value < 0 || /[.+-]/.test(t.text)) throw this.unexpected(t);
    return t.value;
  }

  query(nested: boolean): Query {
    this.keyword('select');
    const select: SelectItem[] = [];
    do {
      if (this.isPunct('(')) {
        const pos = this.peek().pos;
        this.i++;
        select.push({ kind: 'subquery', query: this.query(true), pos });
        this.punct(')');
      } else if (this.isKeyword('count') && this.peek(1).kind === 'punct' && (this.peek(1) as { text: string }).text === '(') {
        const pos = this.next().pos;
        this.punct('(');
        this.punct(')');
        select.push({ kind: 'count', pos });
      } else {
        select.push({ kind: 'field', path: this.path() });
      }
    } while (this.isPunct(',') && this.next());
    this.keyword('from');
    const fromToken = this.next();
    if (fromToken.kind !== 'ident' || fromToken.text.includes('.') || KEYWORDS.has(fromToken.text.toLowerCase())) throw this.unexpected(fromToken);
    const query: Query = { select, from: fromToken.text, fromPos: fromToken.pos, orderBy: [] };
    if (this.isKeyword('where')) {
      this.i++;
      query.where = this.condition();
    }
    if (this.isKeyword('order')) {
      this.i++;
      this.keyword('by');
      do query.orderBy.push(this.orderItem());
      while (this.isPunct(',') && this.next());
    }
    if (this.isKeyword('limit')) {
      this.i++;
      query.limit = this.integer();
    }
    if (this.isKeyword('offset')) {
      this.i++;
      query.offset = this.integer();
    }
    const end = this.peek();
    if (nested ? !(end.kind === 'punct' && end.text === ')') : end.kind !== 'end') throw this.unexpected(end);
    return query;
  }

  private orderItem(): OrderItem {
    const path = this.path();
    let desc = false;
    if (this.isKeyword('asc')) this.i++;
    else if (this.isKeyword('desc')) {
      this.i++;
      desc = true;
    }
    let nullsLast = desc;
    if (this.isKeyword('nulls')) {
      this.i++;
      if (this.isKeyword('first')) nullsLast = false;
      else if (this.isKeyword('last')) nullsLast = true;
      else throw this.unexpected();
      this.i++;
    }
    return { path, desc, nullsLast };
  }

  private condition(): Condition {
    const first = this.unary();
    const terms = [first];
    let joiner: 'and' | 'or' | undefined;
    while (this.isKeyword('and') || this.isKeyword('or')) {
      const word = (this.next() as { text: string }).text.toLowerCase() as 'and' | 'or';
      if (joiner && joiner !== word) throw malformedQuery(`unexpected token: ${word.toUpperCase()}`);
      joiner = word;
      terms.push(this.unary());
    }
    return joiner ? { kind: joiner, terms } : first;
  }

  private unary(): Condition {
    if (this.isKeyword('not')) {
      this.i++;
      return { kind: 'not', term: this.unary() };
    }
    if (this.isPunct('(')) {
      this.i++;
      const inner = this.condition();
      this.punct(')');
      return inner;
    }
    return this.comparison();
  }

  private comparison(): Condition {
    const path = this.path();
    const t = this.peek();
    if (t.kind === 'punct' && ['=', '!=', '<>', '<', '<=', '>', '>='].includes(t.text)) {
      this.i++;
      const op = (t.text === '<>' ? '!=' : t.text) as '=' | '!=' | '<' | '<=' | '>' | '>=';
      return { kind: 'compare', path, op, value: this.literal() };
    }
    if (this.isKeyword('like')) {
      this.i++;
      return { kind: 'like', path, value: this.literal() };
    }
    let negated = false;
    if (this.isKeyword('not') && this.isKeyword('in', 1)) {
      this.i++;
      negated = true;
    }
    if (this.isKeyword('in')) {
      this.i++;
      this.punct('(');
      if (this.isKeyword('select')) {
        const query = this.query(true);
        this.punct(')');
        return { kind: 'semijoin', path, negated, query };
      }
      const values: Literal[] = [];
      do values.push(this.literal());
      while (this.isPunct(',') && this.next());
      this.punct(')');
      return { kind: 'in', path, negated, values };
    }
    throw this.unexpected();
  }

  private literal(): Literal {
    const t = this.next();
    switch (t.kind) {
      case 'string':
        return { kind: 'string', value: t.value, like: t.like };
      case 'number':
        return { kind: 'number', value: t.value };
      case 'date':
        return { kind: 'date', text: t.text };
      case 'datetime':
        return { kind: 'datetime', text: t.text };
      case 'ident': {
        const w = t.text.toLowerCase();
        if (w === 'null') return { kind: 'null' };
        if (w === 'true' || w === 'false') return { kind: 'boolean', value: w === 'true' };
        throw this.unexpected(t);
      }
      default:
        throw this.unexpected(t);
    }
  }
}

export function parseSoql(soql: string): Query {
  if (soql.trim() === '') throw malformedQuery('A query string has to be specified');
  return new Parser(tokenize(soql)).query(false);
}
