// sObject Collections update: PATCH /composite/sobjects with at most 200 records, results in input
// order as {id, success, errors[{statusCode, message, fields}]}; with allOrNone one failure rolls
// back every record. The call counts as one API request whatever it carries.
import type { Express } from 'express';
import { z } from 'zod';
import { jsonParserError, recordError, restError, type RecordError } from '../errors.ts';
import { normalizeId } from '../ids.ts';
import { apiRoute } from '../pipeline.ts';
import { objectFor, objectForId } from '../schema.ts';
import type { SandboxState } from '../state.ts';
import { checkWrite } from '../writes.ts';

export const COLLECTION_LIMIT = 200;

const Body = z.object({
  allOrNone: z.boolean().optional(),
  records: z.array(z.record(z.string(), z.unknown())),
});

interface Result {
  id: string | null;
  success: boolean;
  errors: RecordError[];
}

export function registerCollectionRoutes(app: Express, state: SandboxState): void {
  apiRoute(app, state, 'PATCH', '/services/data/:version/composite/sobjects', (ctx) => {
    const parsed = Body.safeParse(ctx.json());
    if (!parsed.success) throw jsonParserError(`Cannot deserialize the request: ${parsed.error.issues[0]?.message ?? 'invalid body'}`);
    const { records, allOrNone = false } = parsed.data;
    if (records.length > COLLECTION_LIMIT) {
      throw restError(400, 'EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${COLLECTION_LIMIT} records into this call`, []);
    }
    state.stats.collection(records.length);
    const { org } = ctx;
    const planned: Array<{ result: Result; apply?: { id: string; values: Record<string, unknown> } }> = records.map((input) => {
      const rawId = typeof input.id === 'string' ? input.id : typeof input.Id === 'string' ? input.Id : undefined;
      const type = (input.attributes as { type?: unknown } | undefined)?.type;
      const fail = (e: RecordError): { result: Result } => ({ result: { id: rawId ?? null, success: false, errors: [e] } });
      const object = typeof type === 'string' ? objectFor(org.schema, type) : undefined;
      if (!object) return fail(recordError('INVALID_TYPE', typeof type === 'string' ? `sObject type '${type}' is not supported.` : 'Must send a concrete entity type.'));
      if (rawId === undefined) return fail(recordError('MISSING_ARGUMENT', 'Id not specified in an update call', []));
      const id = normalizeId(rawId);
      if (!id || objectForId(org.schema, id) !== object) return fail(recordError('MALFORMED_ID', `${object.label} ID: id value of incorrect type: ${rawId}`, ['Id']));
      const existing = org.get(id);
      if (!existing) return fail(recordError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', []));
      if (existing.IsDeleted === true) return fail(recordError('ENTITY_IS_DELETED', 'entity is deleted', []));
      const check = checkWrite(org, object, input, 'update', existing);
      if (!check.ok) return { result: { id, success: false, errors: check.errors } };
      if (state.faults.lockRecord(org.orgId)) return fail(recordError('UNABLE_TO_LOCK_ROW', `unable to obtain exclusive access to this record or 1 records: ${id}`, []));
      return { result: { id, success: true, errors: [] }, apply: { id, values: check.values } };
    });
    const failed = planned.some((p) => !p.result.success);
    if (allOrNone && failed) {
      const rolledBack = recordError('ALL_OR_NONE_OPERATION_ROLLED_BACK', 'Record rolled back because not all records were valid and the request was using AllOrNone header', []);
      return { status: 200, body: planned.map((p) => (p.result.success ? { id: p.result.id, success: false, errors: [rolledBack] } : p.result)) };
    }
    for (const p of planned) if (p.apply) org.update(p.apply.id, p.apply.values);
    return { status: 200, body: planned.map((p) => p.result) };
  });
}
