// Single-record and schema resources: the versions list, the resources of a version (with the identity URL), /limits, describeGlobal, describe (only
// the fields the API user can see, updateable as field-level security allows), retrieve, create
// (PermissionSetAssignment included) and single-record PATCH (204).
import type { Express } from 'express';
import { z } from 'zod';
import { notFound, restError, SalesforceError } from '../errors.ts';
import { normalizeId } from '../ids.ts';
import { identityUrl } from './oauth.ts';
import { apiRoute, MAX_VERSION, MIN_VERSION, publicRoute, queryString, type ApiContext } from '../pipeline.ts';
import { objectFor, objectForId, type FieldDef, type ObjectDef } from '../schema.ts';
import type { SandboxState } from '../state.ts';
import type { OrgStore, SfRecord } from '../store.ts';
import { checkWrite } from '../writes.ts';

function objectParam(ctx: ApiContext): ObjectDef {
  const object = objectFor(ctx.org.schema, ctx.params.type ?? '');
  if (!object) throw notFound();
  return object;
}

function describeField(org: OrgStore, object: ObjectDef, f: FieldDef): Record<string, unknown> {
  const access = org.access(object, f);
  return {
    name: f.name, label: f.label, type: f.type, length: f.length ?? 0, precision: f.precision ?? 0, scale: f.scale ?? 0,
    custom: f.custom, nillable: f.nillable, createable: f.createable && access.editable, updateable: access.editable,
    filterable: !(f.type === 'textarea' && (f.length ?? 0) > 255) && f.type !== 'junctionidlist', sortable: f.type !== 'textarea' && f.type !== 'junctionidlist',
    referenceTo: f.referenceTo ?? [], relationshipName: f.relationshipName ?? null, polymorphicForeignKey: (f.referenceTo?.length ?? 0) > 1,
    restrictedPicklist: f.restricted ?? false,
    picklistValues: (f.picklist ?? []).map((v) => ({ active: true, defaultValue: false, label: v, validFor: null, value: v })),
  };
}

function urls(version: string, name: string): Record<string, string> {
  const base = `/services/data/v${version}/sobjects/${name}`;
  return { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` };
}

function recordFor(ctx: ApiContext, object: ObjectDef): SfRecord {
  const id = normalizeId(ctx.params.id ?? '');
  const record = id ? ctx.org.get(id) : undefined;
  if (!id || !record || objectForId(ctx.org.schema, id) !== object || record.IsDeleted === true) throw notFound();
  return record;
}

const Assignment = z.object({ AssigneeId: z.string(), PermissionSetId: z.string() });

function createAssignment(org: OrgStore, body: unknown): SfRecord {
  const parsed = Assignment.safeParse(body);
  if (!parsed.success) throw restError(400, 'REQUIRED_FIELD_MISSING', 'Required fields are missing: [AssigneeId, PermissionSetId]', ['AssigneeId', 'PermissionSetId']);
  const assignee = normalizeId(parsed.data.AssigneeId);
  const permissionSet = normalizeId(parsed.data.PermissionSetId);
  if (!assignee || !org.get(assignee) || !assignee.startsWith('005')) throw restError(400, 'INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', ['AssigneeId']);
  if (!permissionSet || !org.get(permissionSet) || !permissionSet.startsWith('0PS')) throw restError(400, 'INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', ['PermissionSetId']);
  for (const id of org.lookup('PermissionSetAssignment', 'AssigneeId', assignee)) {
    if (org.table('PermissionSetAssignment').get(id)?.PermissionSetId === permissionSet) {
      throw restError(400, 'DUPLICATE_VALUE', `duplicate value found: <unknown> duplicates value on record with id: ${id}`, []);
    }
  }
  return org.insert('PermissionSetAssignment', { AssigneeId: assignee, PermissionSetId: permissionSet });
}

export function registerSObjectRoutes(app: Express, state: SandboxState): void {
  publicRoute(app, state, 'GET', '/services/data', () => {
    const versions = [];
    for (let v = MIN_VERSION; v <= MAX_VERSION; v++) versions.push({ label: `v${v}.0`, url: `/services/data/v${v}.0`, version: `${v}.0` });
    return { status: 200, body: versions };
  });

  // Resources by Version: the version's resources the sandbox serves, and the caller's identity
  // URL (jsforce's identity() reads it here when it was given only an access token).
  apiRoute(app, state, 'GET', '/services/data/:version', (ctx) => {
    const base = `/services/data/v${ctx.version}`;
    return {
      status: 200,
      body: {
        sobjects: `${base}/sobjects`,
        query: `${base}/query`,
        queryAll: `${base}/queryAll`,
        limits: `${base}/limits`,
        composite: `${base}/composite`,
        identity: identityUrl(state, ctx.session.orgId, ctx.session.userId),
      },
    };
  });

  apiRoute(app, state, 'GET', '/services/data/:version/limits', (ctx) => {
    const used = state.allowance.used(ctx.org.orgId);
    return {
      status: 200,
      body: {
        DailyApiRequests: { Max: state.allowance.max, Remaining: Math.max(0, state.allowance.max - used) },
        DailyBulkV2QueryJobs: { Max: 10000, Remaining: 10000 },
        DailyBulkV2QueryFileStorageMB: { Max: 976562, Remaining: 976562 },
        ConcurrentSyncLongRunningRequests: { Max: 25, Remaining: 25 },
      },
    };
  });

  apiRoute(app, state, 'GET', '/services/data/:version/sobjects', (ctx) => ({
    status: 200,
    body: {
      encoding: 'UTF-8',
      maxBatchSize: 200,
      sobjects: [...ctx.org.schema.values()].map((o) => ({ name: o.name, label: o.label, keyPrefix: o.keyPrefix, custom: false, queryable: true, createable: o.createable, updateable: o.updateable, urls: urls(ctx.version, o.name) })),
    },
  }));

  apiRoute(app, state, 'GET', '/services/data/:version/sobjects/:type/describe', (ctx) => {
    const object = objectParam(ctx);
    const fields = [...object.fields.values()].filter((f) => ctx.org.access(object, f).readable);
    return {
      status: 200,
      body: {
        name: object.name, label: object.label, keyPrefix: object.keyPrefix, custom: false, queryable: true,
        createable: object.createable, updateable: object.updateable,
        fields: fields.map((f) => describeField(ctx.org, object, f)),
        childRelationships: [...object.children.values()].map((c) => ({ childSObject: c.childObject, field: c.field, relationshipName: c.name, cascadeDelete: false })),
        urls: urls(ctx.version, object.name),
      },
    };
  });

  apiRoute(app, state, 'GET', '/services/data/:version/sobjects/:type/:id', (ctx) => {
    const object = objectParam(ctx);
    const record = recordFor(ctx, object);
    const wanted = queryString(ctx.query, 'fields')?.split(',').map((s) => s.trim()).filter(Boolean);
    const fields = wanted
      ? wanted.map((name) => {
          const f = ctx.org.visibleField(object, name);
          if (!f) throw restError(400, 'INVALID_FIELD', `No such column '${name}' on entity '${object.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`);
          return f;
        })
      : [...object.fields.values()].filter((f) => ctx.org.access(object, f).readable);
    const body: Record<string, unknown> = { attributes: { type: object.name, url: `/services/data/v${ctx.version}/sobjects/${object.name}/${record.Id}` } };
    for (const f of fields) body[f.name] = record[f.name] ?? null;
    return { status: 200, body };
  });

  apiRoute(app, state, 'POST', '/services/data/:version/sobjects/:type', (ctx) => {
    const object = objectParam(ctx);
    if (!object.createable) throw restError(400, 'INVALID_TYPE_FOR_OPERATION', `entity type ${object.name} does not support insert`);
    const body = ctx.json();
    if (object.name === 'PermissionSetAssignment') {
      const created = createAssignment(ctx.org, body);
      return { status: 201, body: { id: created.Id, success: true, errors: [] } };
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw restError(400, 'JSON_PARSER_ERROR', 'The request body must be a JSON object');
    const check = checkWrite(ctx.org, object, body as Record<string, unknown>, 'create');
    if (!check.ok) throw new SalesforceError(400, check.errors.map((e) => ({ message: e.message, errorCode: e.statusCode, fields: e.fields })));
    const created = ctx.org.insert(object.name, check.values);
    return { status: 201, body: { id: created.Id, success: true, errors: [] } };
  });

  apiRoute(app, state, 'PATCH', '/services/data/:version/sobjects/:type/:id', (ctx) => {
    const object = objectParam(ctx);
    const record = recordFor(ctx, object);
    const body = ctx.json();
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw restError(400, 'JSON_PARSER_ERROR', 'The request body must be a JSON object');
    const check = checkWrite(ctx.org, object, body as Record<string, unknown>, 'update', record);
    if (!check.ok) throw new SalesforceError(400, check.errors.map((e) => ({ message: e.message, errorCode: e.statusCode, fields: e.fields })));
    ctx.org.update(record.Id, check.values);
    return { status: 204 };
  });
}
