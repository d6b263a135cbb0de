// Property values as HubSpot validates them on write. Values travel as strings (numbers and booleans
// are accepted and stored as their string form); an empty string clears the property. The error
// codes and the "Property values were not valid: [...]" message follow HubSpot's VALIDATION_ERROR body.
import { iso, parseInstant, DAY_MS } from './clock.ts';
import type { PropertyDef } from './property-defs.ts';

export const MAX_TEXT_LENGTH = 65_536;

export interface ValueProblem {
  isValid: false;
  message: string;
  error: string;
  name: string;
  localizedErrorMessage: string;
  portalId: number;
}

export type Normalized = { ok: true; value: string } | { ok: false; problem: ValueProblem };

function problem(name: string, error: string, message: string, portalId: number): Normalized {
  return { ok: false, problem: { isValid: false, message, error, name, localizedErrorMessage: message, portalId } };
}

/** The stored form of a written value, or HubSpot's reason for refusing it. */
export function normalizeValue(def: PropertyDef | undefined, name: string, raw: unknown, portalId: number): Normalized {
  if (def === undefined) return problem(name, 'PROPERTY_DOESNT_EXIST', `Property "${name}" does not exist`, portalId);
  if (def.readOnlyValue) return problem(name, 'READ_ONLY_VALUE', `"${name}" is a read only property; its value cannot be set.`, portalId);
  if (raw === null || raw === '') return { ok: true, value: '' };
  if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
    return problem(name, 'INVALID_PROPERTY_VALUE', `${JSON.stringify(raw)} is not a valid value for "${name}"`, portalId);
  }
  const text = String(raw);
  switch (def.type) {
    case 'number': {
      const n = Number(text.trim());
      if (text.trim() === '' || !Number.isFinite(n)) return problem(name, 'INVALID_FLOAT', `${JSON.stringify(text)} was not a valid number.`, portalId);
      return { ok: true, value: text.trim() };
    }
    case 'bool': {
      const lower = text.toLowerCase();
      if (lower !== 'true' && lower !== 'false') return problem(name, 'INVALID_OPTION', `${JSON.stringify(text)} was not one of the allowed options: [true, false]`, portalId);
      return { ok: true, value: lower };
    }
    case 'enumeration': {
      const allowed = new Set(def.options.map((o) => o.value));
      // Multi-select (checkbox) values are `;`-separated; every part must be an option.
      const parts = def.fieldType === 'checkbox' ? text.split(';') : [text];
      const bad = parts.find((p) => !allowed.has(p));
      if (bad !== undefined) {
        const list = def.options.map((o) => `label: "${o.label}" value: "${o.value}"`).join(', ');
        return problem(name, 'INVALID_OPTION', `${bad} was not one of the allowed options: [${list}]`, portalId);
      }
      return { ok: true, value: text };
    }
    case 'date': {
      const ms = parseInstant(text);
      if (ms === undefined) return problem(name, 'INVALID_DATE', `${JSON.stringify(text)} is not a valid date (use YYYY-MM-DD or epoch milliseconds at midnight UTC)`, portalId);
      if (ms % DAY_MS !== 0) {
        const t = iso(ms).slice(11, 23);
        return problem(name, 'INVALID_DATE', `${text} is at ${t} UTC, not midnight!`, portalId);
      }
      return { ok: true, value: iso(ms).slice(0, 10) };
    }
    case 'datetime': {
      const ms = parseInstant(text);
      if (ms === undefined) return problem(name, 'INVALID_DATETIME', `${JSON.stringify(text)} is not a valid datetime (use ISO 8601 or epoch milliseconds)`, portalId);
      return { ok: true, value: iso(ms) };
    }
    case 'string': {
      if (text.length > MAX_TEXT_LENGTH) return problem(name, 'TOO_LONG', `Value for "${name}" exceeded the maximum length of ${MAX_TEXT_LENGTH} characters`, portalId);
      return { ok: true, value: text };
    }
  }
}

/** HubSpot's message for a set of refused values. */
export function invalidValuesMessage(problems: ValueProblem[]): string {
  return `Property values were not valid: ${JSON.stringify(problems)}`;
}
