// POST /crm/v3/objects/{type}/search. Limits as HubSpot documents them: at most 200 results a page,
// 5 filterGroups of at most 6 filters (18 in all; the 2024 changelog announced 10 a group / 25 in all,
// the search guide states 6 / 18 — the sandbox keeps the stricter), one sort, and no paging beyond
// 10,000 results (a 400: page by hs_lastmodifieddate windows instead). `after` is an offset.
import type { Express } from 'express';
import { z } from 'zod';
import { validationError } from '../errors.ts';
import { OBJECT_TYPE_INFO } from '../object-types.ts';
import { crmRoute } from '../pipeline.ts';
import { compileFilter, OPERATORS, sortKey } from '../search-filter.ts';
import { projection, toPublicObject } from '../serialize.ts';
import type { SandboxState } from '../state.ts';
import type { CrmRecord } from '../store.ts';
import { objectTypeParam, parse } from './common.ts';

export const SEARCH_MAX_LIMIT = 200;
export const SEARCH_MAX_RESULTS = 10_000;
const MAX_GROUPS = 5;
const MAX_FILTERS_PER_GROUP = 6;
const MAX_FILTERS = 18;

const Scalar = z.union([z.string(), z.number(), z.boolean()]).transform(String);

const Filter = z.object({
  propertyName: z.string().min(1),
  operator: z.enum(OPERATORS),
  value: Scalar.optional(),
  highValue: Scalar.optional(),
  values: z.array(Scalar).optional(),
});

const Sort = z.union([
  z.string().min(1).transform((s) => (s.startsWith('-') ? { propertyName: s.slice(1), direction: 'DESCENDING' as const } : { propertyName: s, direction: 'ASCENDING' as const })),
  z.object({ propertyName: z.string().min(1), direction: z.enum(['ASCENDING', 'DESCENDING']).default('ASCENDING') }),
]);

const SearchBody = z.object({
  filterGroups: z.array(z.object({ filters: z.array(Filter) })).default([]),
  sorts: z.array(Sort).default([]),
  properties: z.array(z.string()).optional(),
  limit: z.number().int().optional(),
  after: z.union([z.string(), z.number()]).transform(String).optional(),
  query: z.string().max(3000).optional(),
});

function checkShape(body: z.output<typeof SearchBody>): { limit: number; offset: number } {
  const groups = body.filterGroups;
  if (groups.length > MAX_GROUPS) throw validationError(`Too many filter groups: ${groups.length}. The maximum is ${MAX_GROUPS}.`);
  let total = 0;
  for (const g of groups) {
    if (g.filters.length > MAX_FILTERS_PER_GROUP) throw validationError(`Too many filters in a filter group: ${g.filters.length}. The maximum is ${MAX_FILTERS_PER_GROUP}.`);
    total += g.filters.length;
  }
  if (total > MAX_FILTERS) throw validationError(`Too many filters: ${total}. The maximum is ${MAX_FILTERS} across all filter groups.`);
  if (body.sorts.length > 1) throw validationError('You can only sort by one property at a time.');
  const limit = body.limit ?? 10;
  if (limit < 1 || limit > SEARCH_MAX_LIMIT) throw validationError(`limit must be between 1 and ${SEARCH_MAX_LIMIT}, got ${limit}`);
  const offset = body.after === undefined || body.after === '' ? 0 : Number(body.after);
  if (!Number.isSafeInteger(offset) || offset < 0) throw validationError(`Invalid after: ${body.after}`);
  // Backed by a search index whose result window ends at 10,000 (from + size).
  if (offset + limit > SEARCH_MAX_RESULTS) {
    throw validationError(`There was a problem with the request. The search window (after + limit = ${offset + limit}) exceeds the maximum of ${SEARCH_MAX_RESULTS} results; narrow the query (e.g. by hs_lastmodifieddate) instead of paging further.`);
  }
  return { limit, offset };
}

export function registerSearchRoute(app: Express, state: SandboxState): void {
  crmRoute(app, state, 'POST', '/crm/v3/objects/:type/search', 'search', (ctx) => {
    const type = objectTypeParam(ctx.params);
    const body = parse(SearchBody, ctx.json() ?? {});
    const { limit, offset } = checkShape(body);
    const store = ctx.store;
    const groups = body.filterGroups.map((g) => g.filters.map((f) => compileFilter(store, type, f)));
    const words = (body.query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const searchable = OBJECT_TYPE_INFO[type].searchableProperties;
    const matchesQuery = (r: CrmRecord): boolean => {
      if (words.length === 0) return true;
      const text = searchable.map((p) => store.value(type, r, p) ?? '').join(' ').toLowerCase();
      return words.every((w) => text.includes(w));
    };
    const matches: CrmRecord[] = [];
    for (const r of store.tables[type].byId.values()) {
      if ((groups.length === 0 || groups.some((g) => g.every((m) => m(r)))) && matchesQuery(r)) matches.push(r);
    }
    const sort = body.sorts[0];
    if (sort) {
      const key = sortKey(store, type, sort.propertyName);
      const sign = sort.direction === 'DESCENDING' ? -1 : 1;
      const keyed = matches.map((r) => ({ r, k: key(r) }));
      keyed.sort((a, b) => {
        if (a.k === undefined || b.k === undefined) return a.k === b.k ? 0 : a.k === undefined ? 1 : -1;
        return a.k < b.k ? -sign : a.k > b.k ? sign : 0;
      });
      keyed.forEach((x, i) => (matches[i] = x.r));
    }
    const p = projection(store, type, body.properties, undefined);
    const page = matches.slice(offset, offset + limit).map((r) => toPublicObject(store, type, r, p));
    const result: Record<string, unknown> = { total: matches.length, results: page };
    if (offset + limit < matches.length) result.paging = { next: { after: String(offset + limit) } };
    return { status: 200, body: result };
  });
}
