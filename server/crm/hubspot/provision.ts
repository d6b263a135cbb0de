// Creates the property group and the written-back properties in a portal, if missing. Reads
// first; never deletes; never changes a property someone else defined (reported as a conflict,
// and the sync then leaves that property alone). Running it twice writes nothing the second time.
import { PROPERTY_DEFINITIONS, PROPERTY_GROUP, type PropertyDefinition } from '../../domain/property-names.ts';
import { CrmError } from '../errors.ts';
import type { ProvisionReport } from '../port.ts';
import type { HubSpotTransport } from './client.ts';
import { createProperty, createPropertyGroup, listProperties, listPropertyGroups, type PropertyDef, type PropertySpec } from './queries.ts';

const NATIVE: Record<PropertyDefinition['kind'], Pick<PropertySpec, 'type' | 'fieldType'>> = {
  number: { type: 'number', fieldType: 'number' },
  text: { type: 'string', fieldType: 'text' },
  textarea: { type: 'string', fieldType: 'textarea' },
  enumeration: { type: 'enumeration', fieldType: 'select' },
  datetime: { type: 'datetime', fieldType: 'date' },
};

export function propertySpec(def: PropertyDefinition): PropertySpec {
  return {
    name: def.name,
    label: def.label,
    description: def.description,
    groupName: PROPERTY_GROUP.name,
    ...NATIVE[def.kind],
    ...(def.options ? { options: def.options.map((value, i) => ({ label: value[0]!.toUpperCase() + value.slice(1), value, displayOrder: i, hidden: false })) } : {}),
  };
}

function conflictReason(existing: PropertyDef, wanted: PropertySpec): string | null {
  if (existing.groupName !== PROPERTY_GROUP.name) return `exists in group "${existing.groupName ?? '?'}", not ours`;
  if (existing.type !== wanted.type) return `exists with type ${existing.type}, expected ${wanted.type}`;
  return null;
}

export async function provisionCompanyProperties(t: HubSpotTransport): Promise<ProvisionReport> {
  const report: ProvisionReport = { groupCreated: false, created: [], existing: [], conflicts: [] };
  const groups = await listPropertyGroups(t, 'companies');
  if (!groups.includes(PROPERTY_GROUP.name)) {
    try {
      await createPropertyGroup(t, 'companies', PROPERTY_GROUP);
      report.groupCreated = true;
    } catch (error) {
      if (!(error instanceof CrmError && error.code === 'conflict')) throw error; // created meanwhile: fine
    }
  }
  const existing = new Map((await listProperties(t, 'companies')).map((p) => [p.name, p]));
  for (const def of PROPERTY_DEFINITIONS) {
    const spec = propertySpec(def);
    const found = existing.get(def.name);
    if (found) {
      const reason = conflictReason(found, spec);
      if (reason) report.conflicts.push({ name: def.name, reason });
      else report.existing.push(def.name);
      continue;
    }
    try {
      await createProperty(t, 'companies', spec);
      report.created.push(def.name);
    } catch (error) {
      if (error instanceof CrmError && error.code === 'conflict') report.existing.push(def.name); // created meanwhile
      else throw error;
    }
  }
  return report;
}
