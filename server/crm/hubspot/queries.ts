// One function per HubSpot call the adapter makes, with HubSpot's batch limits enforced here,
// where requests leave. Responses are parsed into plain records (native.ts).
import type { Client } from '@hubspot/api-client';
import { z } from 'zod';
import type { HubSpotTransport } from './client.ts';
import { NativeObject } from './native.ts';

/** Object batch read/update/create take at most 100 inputs (platform-facts.md). */
export const OBJECT_BATCH_LIMIT = 100;
/**
 * A batch read that asks for property history takes at most 50 inputs: HubSpot refuses more with a
 * 400 ("The maximum number of inputs supported in a batch request for property histories is 50"),
 * as integrations report (activepieces#9359, hubspot-api-python#143); HubSpot's reference is silent.
 */
export const HISTORY_BATCH_LIMIT = 50;

/** How many ids one batch read may carry, with or without property history. */
export function readBatchLimit(propertiesWithHistory: readonly string[]): number {
  return propertiesWithHistory.length > 0 ? HISTORY_BATCH_LIMIT : OBJECT_BATCH_LIMIT;
}
/** Associations v4 batch read takes at most 1,000 inputs. */
export const ASSOCIATION_BATCH_LIMIT = 1000;
/** Search pages hold at most 200 results, and no query reaches past 10,000 results. */
export const SEARCH_PAGE_LIMIT = 200;
export const SEARCH_RESULT_CAP = 10_000;

function assertBatch(size: number, limit: number, what: string): void {
  if (size > limit) throw new RangeError(`${what}: ${size} inputs, HubSpot takes at most ${limit}`);
}

const Objects = z.array(NativeObject);

export async function listObjects(t: HubSpotTransport, objectType: string, after: string | null, properties: string[] = []): Promise<{ results: NativeObject[]; after: string | null }> {
  const page = await t.call(`${objectType}.list`, (sdk) => sdk.crm.objects.basicApi.getPageWithHttpInfo(objectType, OBJECT_BATCH_LIMIT, after ?? undefined, properties, [], [], false));
  return { results: Objects.parse(page.results), after: page.paging?.next?.after ?? null };
}

export interface BatchReadResult {
  results: NativeObject[];
  /** Ids HubSpot reported it could not find (207 errors with category OBJECT_NOT_FOUND). */
  missing: string[];
  /** Ids that failed for another reason (a temporary error inside a 207): worth reading again. */
  failed: string[];
}

const BatchErrors = z.array(z.object({ category: z.string().optional(), context: z.record(z.string(), z.array(z.string())).optional().nullable() }).loose());

export async function batchRead(t: HubSpotTransport, objectType: string, ids: readonly string[], properties: string[], propertiesWithHistory: string[] = []): Promise<BatchReadResult> {
  assertBatch(ids.length, readBatchLimit(propertiesWithHistory), `${objectType} batch read${propertiesWithHistory.length > 0 ? ' with history' : ''}`);
  if (ids.length === 0) return { results: [], missing: [], failed: [] };
  const body = await t.call(`${objectType}.batchRead`, (sdk) =>
    sdk.crm.objects.batchApi.readWithHttpInfo(objectType, { inputs: ids.map((id) => ({ id })), properties, propertiesWithHistory }, false),
  );
  // A 207 is a success for the SDK: the ids it could not read are in `errors`.
  const errors = 'errors' in body && Array.isArray(body.errors) ? BatchErrors.parse(body.errors) : [];
  const idsWhere = (notFound: boolean) => errors.filter((e) => (e.category === 'OBJECT_NOT_FOUND') === notFound).flatMap((e) => e.context?.ids ?? []);
  return { results: Objects.parse(body.results), missing: idsWhere(true), failed: idsWhere(false) };
}

export interface BatchUpdateResult {
  updated: Array<{ id: string; updatedAt: string | null }>;
  failed: Array<{ ids: string[]; category: string; message: string }>;
}

const UpdateError = z.object({ category: z.string().optional(), message: z.string().optional(), context: z.record(z.string(), z.array(z.string())).optional().nullable() }).loose();

export async function batchUpdate(t: HubSpotTransport, objectType: string, inputs: ReadonlyArray<{ id: string; properties: Record<string, string> }>): Promise<BatchUpdateResult> {
  assertBatch(inputs.length, OBJECT_BATCH_LIMIT, `${objectType} batch update`);
  if (inputs.length === 0) return { updated: [], failed: [] };
  const body = await t.call(`${objectType}.batchUpdate`, (sdk) => sdk.crm.objects.batchApi.updateWithHttpInfo(objectType, { inputs: inputs.map((i) => ({ id: i.id, properties: i.properties })) }));
  const updated = Objects.parse(body.results).map((r) => ({ id: r.id, updatedAt: r.updatedAt ?? r.properties.hs_lastmodifieddate ?? null }));
  const errors = 'errors' in body && Array.isArray(body.errors) ? z.array(UpdateError).parse(body.errors) : [];
  const failed = errors.map((e) => ({ ids: e.context?.ids ?? [], category: e.category ?? 'UNKNOWN', message: e.message ?? 'HubSpot did not update these records' }));
  return { updated, failed };
}

/** One page of a v4 associations batch read (the SDK names the source `_from`; ids of targets are numbers). */
const AssociationResults = z.array(
  z.object({
    _from: z.object({ id: z.string() }),
    to: z.array(z.object({ toObjectId: z.union([z.number(), z.string()]).transform(String) })),
    paging: z.object({ next: z.object({ after: z.string() }).optional().nullable() }).optional().nullable(),
  }),
);

/** One input of an associations batch read: a record, and where to go on from when it has more. */
export interface AssociationInput {
  id: string;
  after?: string;
}

export interface AssociationsRead {
  /** Target ids by input id, in HubSpot's order; an input without associations is absent. */
  found: Map<string, string[]>;
  /**
   * Inputs HubSpot did not answer, with the cursor to go on from and the category of their error
   * (null when no error named them): worth reading again, never "none".
   */
  failed: Array<AssociationInput & { category: string | null }>;
}

/** The input ids a 207 error names: `fromObjectId` for associations (NO_ASSOCIATIONS_FOUND), `ids` elsewhere. */
function namedInputs(error: z.infer<typeof BatchErrors>[number]): string[] {
  return [...(error.context?.fromObjectId ?? []), ...(error.context?.ids ?? [])];
}

/**
 * Ids associated with each input. HubSpot pages the associations of each input separately
 * (`paging.next.after` per result); inputs with more are asked again with their cursor.
 *
 * A 207 lists in `errors` the inputs it did not answer. Only OBJECT_NOT_FOUND (subcategory
 * crm.associations.NO_ASSOCIATIONS_FOUND, naming the input in `context.fromObjectId`) means "this
 * record has none". Any other error (a temporary or internal one, a limit hit inside the batch), and
 * an input neither answered nor named, is returned as `failed`: reading it as "none" would score a
 * company without its tickets or a meeting without the people in it.
 */
export async function batchAssociations(t: HubSpotTransport, fromType: string, toType: string, inputs: readonly AssociationInput[]): Promise<AssociationsRead> {
  assertBatch(inputs.length, ASSOCIATION_BATCH_LIMIT, `${fromType}→${toType} associations`);
  const found = new Map<string, string[]>();
  const failed: AssociationsRead['failed'] = [];
  let pending: AssociationInput[] = [...inputs];
  while (pending.length > 0) {
    const asked = pending;
    const body = await t.call('associations.batchRead', (sdk) => sdk.crm.associations.v4.batchApi.getPageWithHttpInfo(fromType, toType, { inputs: asked.map(({ id, after }) => (after ? { id, after } : { id })) }));
    pending = [];
    const answered = new Set<string>();
    for (const result of AssociationResults.parse(body.results)) {
      answered.add(result._from.id);
      const list = found.get(result._from.id) ?? [];
      for (const to of result.to) list.push(to.toObjectId);
      found.set(result._from.id, list);
      const after = result.paging?.next?.after;
      if (after) pending.push({ id: result._from.id, after });
    }
    // A 207 is a success for the SDK: the inputs it did not answer are in `errors`.
    const errors = 'errors' in body && Array.isArray(body.errors) ? BatchErrors.parse(body.errors) : [];
    const none = new Set(errors.filter((e) => e.category === 'OBJECT_NOT_FOUND').flatMap(namedInputs));
    const categoryOf = new Map(errors.filter((e) => e.category !== 'OBJECT_NOT_FOUND').flatMap((e) => namedInputs(e).map((id) => [id, e.category ?? null] as const)));
    for (const input of asked) {
      if (!answered.has(input.id) && !none.has(input.id)) failed.push({ ...input, category: categoryOf.get(input.id) ?? null });
    }
  }
  return { found, failed };
}

type SearchRequest = Parameters<Client['crm']['objects']['searchApi']['doSearch']>[1];

export interface SearchPage {
  results: NativeObject[];
  total: number;
  after: number | null;
}

/** Contacts keep their last-modified time in `lastmodifieddate`; the other objects in `hs_lastmodifieddate`. */
export function modifiedProperty(objectType: string): string {
  return objectType === 'contacts' ? 'lastmodifieddate' : 'hs_lastmodifieddate';
}

/** Records modified at or after `sinceMs`, oldest first (the order windowing relies on). */
export async function searchModifiedSince(t: HubSpotTransport, objectType: string, sinceMs: number, after: number, properties: string[]): Promise<SearchPage> {
  const modified = modifiedProperty(objectType);
  // As HubSpot documents the body; the SDK types operators as a TS enum and sorts as string[].
  const request = {
    filterGroups: [{ filters: [{ propertyName: modified, operator: 'GTE', value: String(sinceMs) }] }],
    sorts: [{ propertyName: modified, direction: 'ASCENDING' }],
    properties: [modified, ...properties],
    limit: SEARCH_PAGE_LIMIT,
    after: String(after),
  } as unknown as SearchRequest;
  const body = await t.call(`${objectType}.search`, (sdk) => sdk.crm.objects.searchApi.doSearchWithHttpInfo(objectType, request), { search: true });
  const next = body.paging?.next?.after;
  return { results: Objects.parse(body.results), total: body.total, after: next === undefined ? null : Number(next) };
}

const PropertyDef = z.object({ name: z.string(), type: z.string(), fieldType: z.string(), groupName: z.string().optional().nullable(), hubspotDefined: z.boolean().optional().nullable() }).loose();
export type PropertyDef = z.infer<typeof PropertyDef>;

export async function listProperties(t: HubSpotTransport, objectType: string): Promise<PropertyDef[]> {
  const body = await t.call('properties.list', (sdk) => sdk.crm.properties.coreApi.getAllWithHttpInfo(objectType, false));
  return z.array(PropertyDef).parse(body.results);
}

export async function listPropertyGroups(t: HubSpotTransport, objectType: string): Promise<string[]> {
  const body = await t.call('properties.groups', (sdk) => sdk.crm.properties.groupsApi.getAllWithHttpInfo(objectType));
  return body.results.map((g) => g.name);
}

export async function createPropertyGroup(t: HubSpotTransport, objectType: string, group: { name: string; label: string }): Promise<void> {
  await t.call('properties.createGroup', (sdk) => sdk.crm.properties.groupsApi.createWithHttpInfo(objectType, { ...group, displayOrder: -1 }));
}

export interface PropertySpec {
  name: string;
  label: string;
  description: string;
  groupName: string;
  type: 'string' | 'number' | 'enumeration' | 'datetime';
  fieldType: 'text' | 'textarea' | 'number' | 'select' | 'date';
  options?: Array<{ label: string; value: string; displayOrder: number; hidden: boolean }>;
}

export async function createProperty(t: HubSpotTransport, objectType: string, spec: PropertySpec): Promise<void> {
  await t.call('properties.create', (sdk) =>
    sdk.crm.properties.coreApi.createWithHttpInfo(objectType, spec as unknown as Parameters<typeof sdk.crm.properties.coreApi.create>[1]),
  );
}
