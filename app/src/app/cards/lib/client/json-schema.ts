// Checks an answer against its route's contract, as JSON Schema generated from the sidecar's zod
// schemas (contract-schemas.ts, `npm run contracts:generate`): the cards carry no schema library,
// so this reads the part of JSON Schema that zod writes. Unknown fields are accepted on purpose —
// the contract only ever gains fields, and a card uploaded earlier must keep working against a
// newer sidecar — everything else (types, required fields, enums, literals, unions, bounds) is checked.

export type JsonSchema = boolean | { readonly [keyword: string]: unknown };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function typeMatches(type: string, value: unknown): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'boolean':
      return typeof value === 'boolean';
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isObject(value);
    default:
      return true;
  }
}

/** Whether `value` satisfies `schema`. */
export function matchesSchema(schema: JsonSchema, value: unknown): boolean {
  if (schema === true) return true;
  if (schema === false) return false;
  const s = schema;
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    if (!types.some((t) => typeMatches(t, value))) return false;
  }
  if ('const' in s && value !== s.const) return false;
  if (Array.isArray(s.enum) && !s.enum.includes(value)) return false;
  if (Array.isArray(s.anyOf) && !s.anyOf.some((sub) => matchesSchema(sub as JsonSchema, value))) return false;
  if (Array.isArray(s.oneOf) && s.oneOf.filter((sub) => matchesSchema(sub as JsonSchema, value)).length !== 1) return false;
  if (Array.isArray(s.allOf) && !s.allOf.every((sub) => matchesSchema(sub as JsonSchema, value))) return false;
  if (typeof value === 'number') {
    if (typeof s.minimum === 'number' && value < s.minimum) return false;
    if (typeof s.maximum === 'number' && value > s.maximum) return false;
    if (typeof s.exclusiveMinimum === 'number' && value <= s.exclusiveMinimum) return false;
    if (typeof s.exclusiveMaximum === 'number' && value >= s.exclusiveMaximum) return false;
  }
  if (typeof value === 'string') {
    if (typeof s.minLength === 'number' && value.length < s.minLength) return false;
    if (typeof s.maxLength === 'number' && value.length > s.maxLength) return false;
    if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(value)) return false;
  }
  if (Array.isArray(value)) {
    const prefix = Array.isArray(s.prefixItems) ? (s.prefixItems as JsonSchema[]) : [];
    if (typeof s.minItems === 'number' && value.length < s.minItems) return false;
    if (typeof s.maxItems === 'number' && value.length > s.maxItems) return false;
    for (let i = 0; i < value.length; i++) {
      const sub = i < prefix.length ? prefix[i]! : (s.items as JsonSchema | undefined);
      if (sub !== undefined && !matchesSchema(sub, value[i])) return false;
    }
  }
  if (isObject(value)) {
    const properties = isObject(s.properties) ? s.properties : {};
    if (Array.isArray(s.required) && !s.required.every((k) => typeof k === 'string' && k in value)) return false;
    for (const [key, v] of Object.entries(value)) {
      if (key in properties) {
        if (!matchesSchema(properties[key] as JsonSchema, v)) return false;
      } else if (isObject(s.additionalProperties)) {
        // A record's values (and keys); `additionalProperties: false` is not enforced (see above).
        if (isObject(s.propertyNames) && !matchesSchema(s.propertyNames, key)) return false;
        if (!matchesSchema(s.additionalProperties, v)) return false;
      }
    }
  }
  return true;
}
