// CRM v3 objects, single-record and list routes: GET and POST (create) /crm/v3/objects/{type},
// GET and PATCH /crm/v3/objects/{type}/{id}.
import type { Express } from 'express';
import { z } from 'zod';
import { notFound, validationError } from '../errors.ts';
import { associationTypes, OBJECT_TYPE_INFO, OBJECT_TYPES, type ObjectType } from '../object-types.ts';
import { crmRoute, queryList, queryString, type CrmContext } from '../pipeline.ts';
import { projection, toPublicObject } from '../serialize.ts';
import type { SandboxState } from '../state.ts';
import type { CrmRecord } from '../store.ts';
import { invalidValuesMessage } from '../values.ts';
import { applyValues, checkValues } from '../writes.ts';
import { archivedFlag, IdSchema, objectTypeParam, parse } from './common.ts';

const LIST_MAX = 100;
/** HubSpot caps list pages at 50 records when property history is requested (400 above). */
const LIST_MAX_WITH_HISTORY = 50;

const PatchBody = z.object({ properties: z.record(z.string(), z.unknown()) });
/** HubSpot's SimplePublicObjectInputForCreate: properties, and associations to existing records. */
const CreateBody = z.object({
  properties: z.record(z.string(), z.unknown()),
  associations: z
    .array(z.object({ to: z.object({ id: IdSchema }), types: z.array(z.object({ associationCategory: z.string(), associationTypeId: z.number().int() })).min(1) }))
    .default([]),
});

/** The object type an association type id of `from` leads to (ids are unique per source type). */
function associationTarget(from: ObjectType, typeId: number): ObjectType | undefined {
  return OBJECT_TYPES.find((to) => associationTypes(from, to)?.some((t) => t.typeId === typeId));
}

export function objectNotFound(id: string): ReturnType<typeof notFound> {
  return notFound('Object not found.  objectId are usually numeric.', { context: { id: [id] } });
}

function findRecord(ctx: CrmContext, type: ObjectType, id: string): CrmRecord {
  const record = archivedFlag(ctx.query) ? undefined : ctx.store.get(type, id);
  if (!record) throw objectNotFound(id);
  return record;
}

function unsupportedIdProperty(ctx: CrmContext): void {
  const idProperty = queryString(ctx.query, 'idProperty');
  if (idProperty !== undefined && idProperty !== 'hs_object_id') throw validationError(`Property ${idProperty} is not a unique identifier property`);
}

/** First index in the ascending id list whose id is ≥ `after` (the cursor names the next record). */
function startIndex(ids: readonly number[], after: string | undefined): number {
  if (after === undefined) return 0;
  const target = Number(after);
  if (!/^\d+$/.test(after) || !Number.isSafeInteger(target)) throw validationError(`Invalid after cursor: ${after}`);
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ids[mid] ?? 0) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function registerObjectRoutes(app: Express, state: SandboxState): void {
  crmRoute(app, state, 'GET', '/crm/v3/objects/:type', 'general', (ctx) => {
    const type = objectTypeParam(ctx.params);
    const history = queryList(ctx.query, 'propertiesWithHistory');
    const limitText = queryString(ctx.query, 'limit');
    const limit = limitText === undefined ? 10 : Number(limitText);
    const max = history && history.length > 0 ? LIST_MAX_WITH_HISTORY : LIST_MAX;
    if (!Number.isInteger(limit) || limit < 1 || limit > max) {
      throw validationError(`limit must be an integer between 1 and ${max}${max === LIST_MAX_WITH_HISTORY ? ' when propertiesWithHistory is requested' : ''}, got ${limitText}`);
    }
    if (archivedFlag(ctx.query)) return { status: 200, body: { results: [] } };
    const table = ctx.store.tables[type];
    const after = queryString(ctx.query, 'after');
    const from = startIndex(table.ids, after);
    const p = projection(ctx.store, type, queryList(ctx.query, 'properties'), history);
    const results = [];
    for (let i = from; i < table.ids.length && results.length < limit; i++) {
      const record = table.byId.get(table.ids[i] ?? 0);
      if (record) results.push(toPublicObject(ctx.store, type, record, p));
    }
    const next = table.ids[from + limit];
    const body: Record<string, unknown> = { results };
    if (next !== undefined) body.paging = { next: { after: String(next), link: `/crm/v3/objects/${OBJECT_TYPE_INFO[type].name}?after=${next}` } };
    return { status: 200, body };
  });

  crmRoute(app, state, 'POST', '/crm/v3/objects/:type', 'general', (ctx) => {
    const type = objectTypeParam(ctx.params);
    const body = parse(CreateBody, ctx.json());
    const checked = checkValues(ctx.store, type, body.properties);
    if (!checked.ok) throw validationError(invalidValuesMessage(checked.problems));
    // Everything is checked before anything is written: a bad association creates no record.
    const links = body.associations.flatMap((a) =>
      a.types.map((t) => {
        const to = associationTarget(type, t.associationTypeId);
        const target = to && ctx.store.get(to, a.to.id);
        if (!to || !target) throw validationError(`Invalid association: type ${t.associationTypeId} to ${a.to.id} from a ${OBJECT_TYPE_INFO[type].singular}`);
        return { to, id: target.id };
      }),
    );
    const now = state.now();
    const values = Object.fromEntries(Object.entries(checked.values).filter(([, v]) => v !== ''));
    const record = ctx.store.create(type, values, now, now);
    for (const link of new Map(links.map((l) => [`${l.to}|${l.id}`, l])).values()) ctx.store.associate(type, record.id, link.to, link.id);
    const p = projection(ctx.store, type, Object.keys(values), undefined);
    return { status: 201, body: toPublicObject(ctx.store, type, record, p) };
  });

  crmRoute(app, state, 'GET', '/crm/v3/objects/:type/:id', 'general', (ctx) => {
    const type = objectTypeParam(ctx.params);
    unsupportedIdProperty(ctx);
    const record = findRecord(ctx, type, ctx.params.id ?? '');
    const p = projection(ctx.store, type, queryList(ctx.query, 'properties'), queryList(ctx.query, 'propertiesWithHistory'));
    return { status: 200, body: toPublicObject(ctx.store, type, record, p) };
  });

  crmRoute(app, state, 'PATCH', '/crm/v3/objects/:type/:id', 'general', (ctx) => {
    const type = objectTypeParam(ctx.params);
    unsupportedIdProperty(ctx);
    const body = parse(PatchBody, ctx.json());
    const record = findRecord(ctx, type, ctx.params.id ?? '');
    const checked = checkValues(ctx.store, type, body.properties);
    if (!checked.ok) throw validationError(invalidValuesMessage(checked.problems));
    applyValues(ctx.store, type, record, checked.values, state.now());
    const p = projection(ctx.store, type, Object.keys(checked.values), undefined);
    return { status: 200, body: toPublicObject(ctx.store, type, record, p) };
  });
}
