// Small pieces shared by the route modules: object type resolution, zod parsing, id schemas.
import { z } from 'zod';
import { invalidInput, unknownObjectType, validationError } from '../errors.ts';
import { resolveObjectType, type ObjectType } from '../object-types.ts';
import { queryString } from '../pipeline.ts';

/** HubSpot ids travel as strings; numbers are accepted too. */
export const IdSchema = z.union([z.string().min(1), z.number().int().nonnegative()]).transform(String);

export function objectTypeParam(params: Record<string, string>, name = 'type'): ObjectType {
  const raw = params[name] ?? '';
  const type = resolveObjectType(raw);
  if (!type) throw unknownObjectType(raw);
  return type;
}

export function parse<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalidInput(result.error.issues);
  return result.data;
}

/** `archived=true` asks for archived records; the sandbox never archives, so such reads find nothing. */
export function archivedFlag(query: Record<string, unknown>): boolean {
  const raw = queryString(query, 'archived');
  if (raw === undefined) return false;
  if (raw !== 'true' && raw !== 'false') throw validationError(`archived must be true or false, got ${JSON.stringify(raw)}`);
  return raw === 'true';
}

export function nowStamps(now: number): { startedAt: string; completedAt: string } {
  const at = new Date(now).toISOString();
  return { startedAt: at, completedAt: at };
}
