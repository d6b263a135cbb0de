// Validating one record's property changes the way HubSpot does: every value is checked against the
// portal's definition for the object type, and nothing is written unless all of them are valid.
import type { ObjectType } from './object-types.ts';
import type { CrmRecord, PortalStore } from './store.ts';
import { normalizeValue, type ValueProblem } from './values.ts';

export type Checked = { ok: true; values: Record<string, string> } | { ok: false; problems: ValueProblem[] };

export function checkValues(store: PortalStore, type: ObjectType, input: Record<string, unknown>): Checked {
  const defs = store.properties[type];
  const values: Record<string, string> = {};
  const problems: ValueProblem[] = [];
  for (const [name, raw] of Object.entries(input)) {
    const result = normalizeValue(defs.get(name), name, raw, store.portalId);
    if (result.ok) values[name] = result.value;
    else problems.push(result.problem);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, values };
}

/** Writes checked values; a write moves the record's modification date (and each property's history). */
export function applyValues(store: PortalStore, type: ObjectType, record: CrmRecord, values: Record<string, string>, at: number): void {
  if (Object.keys(values).length > 0) store.write(type, record, values, at);
}
