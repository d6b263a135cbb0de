// CRM v3 batch routes: POST /crm/v3/objects/{type}/batch/read and /batch/update. At most 100 inputs
// (50 for a read with property history); mixed outcomes answer 207 {status, results, errors,
// numErrors} (a success for the SDK).
import type { Express } from 'express';
import { z } from 'zod';
import { correlationId, errorBody, failedInputsError, HubSpotError, validationError, type BatchInputError } from '../errors.ts';
import { OBJECT_TYPE_INFO, type ObjectType } from '../object-types.ts';
import { crmRoute, type CrmContext, type Reply } from '../pipeline.ts';
import { projection, toPublicObject, type PublicObject } from '../serialize.ts';
import type { SandboxState } from '../state.ts';
import { invalidValuesMessage } from '../values.ts';
import { applyValues, checkValues } from '../writes.ts';
import { archivedFlag, IdSchema, nowStamps, objectTypeParam, parse } from './common.ts';

export const BATCH_MAX = 100;
/**
 * A batch read asking for property history takes at most 50 inputs: HubSpot answers more with a 400
 * VALIDATION_ERROR (the message below, as integrations quote it, e.g. activepieces#9359).
 */
export const BATCH_MAX_WITH_HISTORY = 50;

const ReadBody = z.object({
  inputs: z.array(z.object({ id: IdSchema })),
  properties: z.array(z.string()).optional(),
  propertiesWithHistory: z.array(z.string()).optional(),
  idProperty: z.string().optional(),
});

const UpdateBody = z.object({
  inputs: z.array(z.object({ id: IdSchema, properties: z.record(z.string(), z.unknown()), idProperty: z.string().optional(), objectWriteTraceId: z.string().optional() })),
});

type BatchError = BatchInputError;

function checkSize(count: number): void {
  if (count > BATCH_MAX) throw validationError(`Too many inputs: ${count}. A batch accepts at most ${BATCH_MAX} inputs.`, { context: { maxInputs: [String(BATCH_MAX)] } });
}

function checkHistorySize(count: number, history: string[] | undefined): void {
  if (history && history.length > 0 && count > BATCH_MAX_WITH_HISTORY) {
    throw validationError(`The maximum number of inputs supported in a batch request for property histories is ${BATCH_MAX_WITH_HISTORY}. Please reduce the number of items and try again`);
  }
}

function notFoundError(type: ObjectType, ids: string[]): BatchError {
  return { status: 'error', category: 'OBJECT_NOT_FOUND', message: `Could not get some ${OBJECT_TYPE_INFO[type].upper} objects, they may be deleted or not exist. Check that ids are valid.`, context: { ids } };
}

/** The injected, retryable-looking per-input failure (faults.partialFailureRate). */
const transientError = (ids: string[]): BatchError => failedInputsError(ids);

function batchReply(ctx: CrmContext, results: PublicObject[], errors: BatchError[], started: number): Reply {
  const stamps = { startedAt: new Date(started).toISOString(), completedAt: nowStamps(ctx.state.now()).completedAt };
  if (errors.length === 0) return { status: 200, body: { status: 'COMPLETE', results, ...stamps } };
  return { status: 207, body: { status: 'COMPLETE', results, numErrors: errors.length, errors, ...stamps } };
}

function read(ctx: CrmContext): Reply {
  const started = ctx.state.now();
  const type = objectTypeParam(ctx.params);
  const body = parse(ReadBody, ctx.json());
  checkSize(body.inputs.length);
  checkHistorySize(body.inputs.length, body.propertiesWithHistory);
  if (body.idProperty !== undefined && body.idProperty !== 'hs_object_id') throw validationError(`Property ${body.idProperty} is not a unique identifier property`);
  const p = projection(ctx.store, type, body.properties, body.propertiesWithHistory);
  const archived = archivedFlag(ctx.query); // nothing is ever archived here: all such reads miss
  const results: PublicObject[] = [];
  const missing: string[] = [];
  const failed: string[] = [];
  for (const id of new Set(body.inputs.map((i) => i.id))) {
    const record = archived ? undefined : ctx.store.get(type, id);
    if (!record) missing.push(id);
    else if (ctx.state.faults.failInput(ctx.portalId, 'read')) failed.push(id);
    else results.push(toPublicObject(ctx.store, type, record, p));
  }
  const errors: BatchError[] = [];
  if (missing.length > 0) errors.push(notFoundError(type, missing));
  if (failed.length > 0) errors.push(transientError(failed));
  return batchReply(ctx, results, errors, started);
}

function update(ctx: CrmContext): Reply {
  const started = ctx.state.now();
  const type = objectTypeParam(ctx.params);
  const body = parse(UpdateBody, ctx.json());
  checkSize(body.inputs.length);
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const { id } of body.inputs) (seen.has(id) ? duplicates : seen).add(id);
  if (duplicates.size > 0) {
    throw validationError(`Duplicate IDs found in batch input: [${[...duplicates].join(', ')}]. IDs must be unique`, { context: { ids: [...duplicates] } });
  }
  const at = ctx.state.now();
  const results: PublicObject[] = [];
  const errors: BatchError[] = [];
  const missing: string[] = [];
  const failed: string[] = [];
  let invalid = 0;
  for (const input of body.inputs) {
    const record = ctx.store.get(type, input.id);
    if (!record) {
      missing.push(input.id);
      continue;
    }
    const checked = checkValues(ctx.store, type, input.properties);
    if (!checked.ok) {
      invalid++;
      errors.push({ status: 'error', category: 'VALIDATION_ERROR', message: invalidValuesMessage(checked.problems), context: { ids: [input.id], propertyNames: checked.problems.map((x) => x.name) } });
      continue;
    }
    if (ctx.state.faults.failInput(ctx.portalId, 'update')) {
      failed.push(input.id);
      continue;
    }
    applyValues(ctx.store, type, record, checked.values, at);
    results.push(toPublicObject(ctx.store, type, record, projection(ctx.store, type, Object.keys(checked.values), undefined)));
  }
  if (missing.length > 0) errors.push(notFoundError(type, missing));
  if (failed.length > 0) errors.push(transientError(failed));
  // Nothing applied and nothing transient: the whole batch is refused, as HubSpot does.
  if (results.length === 0 && failed.length === 0 && errors.length > 0) {
    if (invalid > 0) {
      const first = errors.find((e) => e.category === 'VALIDATION_ERROR');
      throw new HubSpotError(400, errorBody('VALIDATION_ERROR', first?.message ?? 'Invalid input', { context: first?.context }));
    }
    throw new HubSpotError(404, { ...notFoundError(type, missing), correlationId: correlationId() });
  }
  return batchReply(ctx, results, errors, started);
}

export function registerBatchRoutes(app: Express, state: SandboxState): void {
  crmRoute(app, state, 'POST', '/crm/v3/objects/:type/batch/read', 'general', read);
  crmRoute(app, state, 'POST', '/crm/v3/objects/:type/batch/update', 'general', update);
}
