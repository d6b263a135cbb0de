// GET /crm/v4/objects/{from}/{id}/associations/{to}: one record's associations, `limit` (≤ 500)
// per page with an `after` cursor; a record without any answers an empty list.
// POST /crm/v4/associations/{from}/{to}/batch/read. At most 1,000 inputs; each input pages its
// associations 500 at a time (`{id, after}` continues). An id without associations (or unknown) is
// reported in `errors` as HubSpot does (OBJECT_NOT_FOUND / crm.associations.NO_ASSOCIATIONS_FOUND),
// which makes the answer a 207. `toObjectId` is a number, as in HubSpot's v4 responses. Injected
// faults (faults.associationFailures) fail inputs inside the 207 with another category, named in
// `context.ids` as HubSpot's batch errors do; such an input has no result, whatever it links to.
// POST /crm/v4/associations/{from}/{to}/batch/associate/default: links existing records with the
// pair's default (unlabelled) association type; linking twice changes nothing.
import type { Express } from 'express';
import { z } from 'zod';
import { failedInputsError, notFound, validationError, type BatchInputError } from '../errors.ts';
import { associationTypes, OBJECT_TYPE_INFO } from '../object-types.ts';
import { crmRoute, queryString } from '../pipeline.ts';
import type { SandboxState } from '../state.ts';
import { IdSchema, nowStamps, objectTypeParam, parse } from './common.ts';

export const ASSOCIATION_BATCH_MAX = 1000;
export const ASSOCIATIONS_PAGE = 500;

const Body = z.object({
  inputs: z.array(z.object({ id: IdSchema, after: z.string().optional() })),
});
const AssociateBody = z.object({ inputs: z.array(z.object({ from: z.object({ id: IdSchema }), to: z.object({ id: IdSchema }) })).min(1) });

/** Opaque per-input cursor (an offset, base64url-encoded like HubSpot's cursors look). */
function encodeCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

function decodeCursor(after: string | undefined): number {
  if (after === undefined || after === '') return 0;
  const m = /^offset:(\d+)$/.exec(Buffer.from(after, 'base64url').toString());
  if (!m) throw validationError(`Invalid after cursor: ${after}`);
  return Number(m[1]);
}

export function registerAssociationRoute(app: Express, state: SandboxState): void {
  crmRoute(app, state, 'GET', '/crm/v4/objects/:from/:id/associations/:to', 'general', (ctx) => {
    const from = objectTypeParam(ctx.params, 'from');
    const to = objectTypeParam(ctx.params, 'to');
    const id = parse(IdSchema, ctx.params.id);
    const limitText = queryString(ctx.query, 'limit');
    const limit = limitText === undefined ? ASSOCIATIONS_PAGE : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > ASSOCIATIONS_PAGE) throw validationError(`limit must be between 1 and ${ASSOCIATIONS_PAGE}, got ${limitText}`);
    const offset = decodeCursor(queryString(ctx.query, 'after'));
    const types = (associationTypes(from, to) ?? []).map((t) => ({ category: 'HUBSPOT_DEFINED', typeId: t.typeId, label: t.label }));
    const all = ctx.store.associated(from, id, to);
    const body: Record<string, unknown> = { results: all.slice(offset, offset + limit).map((toObjectId) => ({ toObjectId, associationTypes: types })) };
    if (offset + limit < all.length) {
      const after = encodeCursor(offset + limit);
      body.paging = { next: { after, link: `/crm/v4/objects/${OBJECT_TYPE_INFO[from].id}/${id}/associations/${OBJECT_TYPE_INFO[to].id}?after=${after}&limit=${limit}` } };
    }
    return { status: 200, body };
  });

  crmRoute(app, state, 'POST', '/crm/v4/associations/:from/:to/batch/read', 'general', (ctx) => {
    const started = state.now();
    const from = objectTypeParam(ctx.params, 'from');
    const to = objectTypeParam(ctx.params, 'to');
    const body = parse(Body, ctx.json());
    if (body.inputs.length > ASSOCIATION_BATCH_MAX) {
      throw validationError(`Too many inputs: ${body.inputs.length}. A batch accepts at most ${ASSOCIATION_BATCH_MAX} inputs.`, { context: { maxInputs: [String(ASSOCIATION_BATCH_MAX)] } });
    }
    const types = (associationTypes(from, to) ?? []).map((t) => ({ category: 'HUBSPOT_DEFINED', typeId: t.typeId, label: t.label }));
    const results = [];
    const errors: BatchInputError[] = [];
    const failed = { INTERNAL_ERROR: [] as string[], RATE_LIMITS: [] as string[] };
    for (const input of body.inputs) {
      const offset = decodeCursor(input.after);
      const injected = state.faults.failAssociationInput(ctx.portalId, from, to, input.id);
      if (injected) {
        failed[injected].push(input.id);
        continue;
      }
      const all = ctx.store.associated(from, input.id, to);
      if (all.length === 0) {
        errors.push({
          status: 'error',
          category: 'OBJECT_NOT_FOUND',
          subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
          message: `No ${OBJECT_TYPE_INFO[to].singular} is associated with ${OBJECT_TYPE_INFO[from].singular} ${input.id}.`,
          context: { fromObjectId: [input.id], fromObjectType: [OBJECT_TYPE_INFO[from].singular], toObjectType: [OBJECT_TYPE_INFO[to].singular] },
        });
        continue;
      }
      const slice = all.slice(offset, offset + ASSOCIATIONS_PAGE);
      const result: Record<string, unknown> = {
        from: { id: input.id },
        to: slice.map((id) => ({ toObjectId: id, associationTypes: types })),
      };
      if (offset + ASSOCIATIONS_PAGE < all.length) {
        const after = encodeCursor(offset + ASSOCIATIONS_PAGE);
        result.paging = { next: { after, link: `/crm/v4/objects/${OBJECT_TYPE_INFO[from].id}/${input.id}/associations/${OBJECT_TYPE_INFO[to].id}?after=${after}` } };
      }
      results.push(result);
    }
    for (const [category, ids] of Object.entries(failed)) if (ids.length > 0) errors.push(failedInputsError(ids, category as keyof typeof failed));
    const stamps = nowStamps(state.now());
    const bodyOut: Record<string, unknown> = { status: 'COMPLETE', results, startedAt: new Date(started).toISOString(), completedAt: stamps.completedAt };
    if (errors.length === 0) return { status: 200, body: bodyOut };
    return { status: 207, body: { ...bodyOut, numErrors: errors.length, errors } };
  });

  crmRoute(app, state, 'POST', '/crm/v4/associations/:from/:to/batch/associate/default', 'general', (ctx) => {
    const started = state.now();
    const from = objectTypeParam(ctx.params, 'from');
    const to = objectTypeParam(ctx.params, 'to');
    const spec = associationTypes(from, to)?.find((t) => t.label === null);
    if (!spec) throw validationError(`${OBJECT_TYPE_INFO[from].pluralLabel} cannot be associated with ${OBJECT_TYPE_INFO[to].pluralLabel}`);
    const body = parse(AssociateBody, ctx.json());
    if (body.inputs.length > ASSOCIATION_BATCH_MAX) throw validationError(`Too many inputs: ${body.inputs.length}. A batch accepts at most ${ASSOCIATION_BATCH_MAX} inputs.`);
    // All records must exist before anything is linked.
    const pairs = body.inputs.map((input) => {
      const a = ctx.store.get(from, input.from.id);
      const b = ctx.store.get(to, input.to.id);
      if (!a || !b) throw notFound(`No ${OBJECT_TYPE_INFO[a ? to : from].singular} with id ${a ? input.to.id : input.from.id}`);
      return [a.id, b.id] as const;
    });
    for (const [a, b] of pairs) if (!ctx.store.associated(from, a, to).includes(b)) ctx.store.associate(from, a, to, b);
    const stamps = nowStamps(state.now());
    return {
      status: 200,
      body: {
        status: 'COMPLETE',
        results: pairs.map(([a, b]) => ({ from: { id: String(a) }, to: { id: String(b) }, associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: spec.typeId } })),
        startedAt: new Date(started).toISOString(),
        completedAt: stamps.completedAt,
      },
    };
  });
}
