// Provisioning in an org: the output fields on Account through the Metadata API, a permission set
// granting read/edit on them, assigned to the integration user. Idempotent (a second run only
// reads); never changes a field it did not create with the same definition (reported as a
// conflict instead). Fields created through the Metadata API have no field-level security until
// the permission set is assigned: without it the user cannot even query them.
import { z } from 'zod';
import { CrmError } from '../errors.ts';
import type { ProvisionReport } from '../port.ts';
import { toCrmError } from './errors.ts';
import { customField, OUTPUT_FIELDS, PERMISSION_SET, type FieldSpec } from './fields.ts';
import { queryEvery, type QueryClient } from './queries.ts';
import { id, soql } from './soql.ts';

const METADATA_BATCH = 10;

export interface ProvisionClient extends QueryClient {
  /** Integration user id (005…). */
  readonly userId: string;
  readMetadata(type: string, fullNames: string[]): Promise<unknown[]>;
  saveMetadata(operation: 'create' | 'upsert', type: string, components: Array<Record<string, unknown>>): Promise<unknown[]>;
  createRecord(sobject: string, record: Record<string, unknown>): Promise<unknown>;
}

const SaveResult = z.object({
  fullName: z.string(),
  success: z.boolean(),
  errors: z.union([z.object({ statusCode: z.string(), message: z.string() }), z.array(z.object({ statusCode: z.string(), message: z.string() }))]).optional(),
});
const ReadField = z.looseObject({ fullName: z.string().optional(), type: z.string().optional(), precision: z.coerce.number().optional(), scale: z.coerce.number().optional(), length: z.coerce.number().optional() });
const FieldPermission = z.object({ field: z.string(), readable: z.coerce.boolean(), editable: z.coerce.boolean() });
const ReadPermissionSet = z.looseObject({ fullName: z.string().optional(), fieldPermissions: z.union([FieldPermission, z.array(FieldPermission)]).optional() });

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function differs(spec: FieldSpec, found: z.infer<typeof ReadField>): string | null {
  if (found.type !== spec.type) return `is a ${found.type ?? 'field of another type'}, not ${spec.type}`;
  if ((spec.type === 'Number' || spec.type === 'Percent') && (found.precision !== spec.precision || found.scale !== spec.scale)) return `has precision ${found.precision}/${found.scale}, not ${spec.precision}/${spec.scale}`;
  if (spec.type === 'Text' && found.length !== spec.length) return `has length ${found.length}, not ${spec.length}`;
  return null;
}

function failed(results: unknown[]): string[] {
  return results.map((r) => SaveResult.parse(r)).filter((r) => !r.success).map((r) => {
    const e = Array.isArray(r.errors) ? r.errors[0] : r.errors;
    return `${r.fullName}: ${e?.statusCode ?? 'ERROR'} ${e?.message ?? ''}`.trim();
  });
}

async function guarded<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const crm = toCrmError(error);
    if (crm.code !== 'forbidden') throw crm;
    throw new CrmError({
      crm: 'salesforce',
      code: 'forbidden',
      category: crm.category,
      message: `The Salesforce integration user may not change the org's metadata (${crm.category ?? 'forbidden'}). Give it "Modify Metadata Through Metadata API Functions" (or "Customize Application") through a permission set, or create the ${OUTPUT_FIELDS.length} Success_* Account fields and the ${PERMISSION_SET.name} permission set yourself (docs/salesforce-mapping.md), then provision again.`,
      cause: error,
    });
  }
}

export async function provision(client: ProvisionClient): Promise<ProvisionReport> {
  return guarded(async () => {
    const report: ProvisionReport = { groupCreated: false, created: [], existing: [], conflicts: [] };
    const missing: FieldSpec[] = [];
    const ours: FieldSpec[] = [];
    for (const batch of chunks(OUTPUT_FIELDS, METADATA_BATCH)) {
      const found = await client.readMetadata('CustomField', batch.map((f) => `Account.${f.name}`));
      batch.forEach((spec, i) => {
        const record = ReadField.parse(found[i] ?? {});
        if (!record.fullName) return void missing.push(spec);
        const reason = differs(spec, record);
        if (reason) report.conflicts.push({ name: spec.name, reason: `Account.${spec.name} already exists and ${reason}; left untouched` });
        else {
          report.existing.push(spec.name);
          ours.push(spec);
        }
      });
    }
    for (const batch of chunks(missing, METADATA_BATCH)) {
      const errors = failed(await client.saveMetadata('create', 'CustomField', batch.map(customField)));
      if (errors.length > 0) throw new CrmError({ crm: 'salesforce', code: 'validation', message: `creating Account fields failed: ${errors.join('; ')}` });
      for (const spec of batch) report.created.push(spec.name);
      ours.push(...batch);
    }

    const [currentSet] = await client.readMetadata('PermissionSet', [PERMISSION_SET.name]);
    const parsed = ReadPermissionSet.parse(currentSet ?? {});
    const granted = new Set((parsed.fieldPermissions === undefined ? [] : [parsed.fieldPermissions].flat()).filter((p) => p.readable && p.editable).map((p) => p.field));
    const wanted = ours.map((f) => `Account.${f.name}`);
    if (!parsed.fullName || wanted.some((f) => !granted.has(f))) {
      const component = { fullName: PERMISSION_SET.name, label: PERMISSION_SET.label, fieldPermissions: wanted.map((field) => ({ field, readable: true, editable: true })) };
      const errors = failed(await client.saveMetadata('upsert', 'PermissionSet', [component]));
      if (errors.length > 0) throw new CrmError({ crm: 'salesforce', code: 'validation', message: `saving the ${PERMISSION_SET.name} permission set failed: ${errors.join('; ')}` });
      report.groupCreated = !parsed.fullName;
    }

    const sets = await queryEvery(client, soql`SELECT Id FROM PermissionSet WHERE Name = ${PERMISSION_SET.name}`, z.object({ Id: z.string() }));
    const setId = sets[0]?.Id;
    if (!setId) throw new CrmError({ crm: 'salesforce', code: 'not_found', message: `the ${PERMISSION_SET.name} permission set is missing after saving it` });
    const assigned = await queryEvery(client, soql`SELECT Id FROM PermissionSetAssignment WHERE AssigneeId = ${id(client.userId)} AND PermissionSetId = ${id(setId)}`, z.object({ Id: z.string() }));
    if (assigned.length === 0) await client.createRecord('PermissionSetAssignment', { AssigneeId: client.userId, PermissionSetId: setId });
    return report;
  });
}
