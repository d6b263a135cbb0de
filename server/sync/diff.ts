// What to write back: only the properties whose value changed. `success_computed_at` changes on
// every run, so it is written only together with a real change — otherwise every sync would
// rewrite every record.
import type { PropertyName, PropertyValues } from '../domain/property-names.ts';

const TIMESTAMP: PropertyName = 'success_computed_at';

/** HubSpot returns numbers as it stores them ("72.0" may come back for 72): compare numerically when both parse. */
function same(current: string | null | undefined, next: string): boolean {
  const a = current ?? '';
  if (a === next) return true;
  if (a === '' || next === '') return false;
  const x = Number(a);
  const y = Number(next);
  return Number.isFinite(x) && Number.isFinite(y) && x === y;
}

export function changedProperties(
  current: Partial<Record<PropertyName, string | null>>,
  next: PropertyValues,
  skip: ReadonlySet<string> = new Set(),
): Partial<PropertyValues> {
  const changes: Partial<PropertyValues> = {};
  let any = false;
  for (const name of Object.keys(next) as PropertyName[]) {
    if (name === TIMESTAMP || skip.has(name)) continue;
    if (!same(current[name], next[name])) {
      changes[name] = next[name];
      any = true;
    }
  }
  if (any && !skip.has(TIMESTAMP)) changes[TIMESTAMP] = next[TIMESTAMP];
  return changes;
}

/** The entries of `wanted` the CRM does not hold yet (all of them when it holds none). */
export function notYetHeld(current: Readonly<Record<string, string | null | undefined>>, wanted: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(wanted)) if (!same(current[name], value)) out[name] = value;
  return out;
}
