// The OpenAPI 3.1 document, generated from the routes registered through validate.ts: path and
// query parameters, request body and responses come from the same zod schemas that validate
// requests at run time (z.toJSONSchema, JSON Schema 2020-12 as OpenAPI 3.1 uses). Schemas with a
// `.meta({ id })` become components/schemas and are referenced.
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { ErrorEnvelopeSchema } from './errors.ts';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
/** How a route authenticates its caller; see validate.ts for the middleware behind each. */
export type AuthScheme = 'hubspot-signature' | 'salesforce-card-token' | 'none';

export type AnyZodObject = z.ZodObject<z.ZodRawShape, z.core.$ZodObjectConfig>;

export interface ApiOperation {
  method: HttpMethod;
  /** The express path, e.g. /api/accounts/:accountId */
  path: string;
  summary: string;
  description?: string | undefined;
  tags: string[];
  auth: AuthScheme;
  operationId?: string | undefined;
  params?: AnyZodObject | undefined;
  query?: AnyZodObject | undefined;
  body?: z.ZodType | undefined;
  response?: z.ZodType | undefined;
  /** Status of a successful answer (default 200). */
  successStatus: number;
}

export class OpenApiRegistry {
  readonly operations: ApiOperation[] = [];

  add(operation: ApiOperation): void {
    const key = `${operation.method} ${toOpenApiPath(operation.path)}`;
    if (this.operations.some((o) => `${o.method} ${toOpenApiPath(o.path)}` === key)) throw new Error(`OpenAPI: ${key} is registered twice`);
    this.operations.push(operation);
  }
}

/** express 5 path syntax to OpenAPI: /a/:id → /a/{id}, /files/*path → /files/{path}. */
export function toOpenApiPath(path: string): string {
  return path.replace(/[:*]([A-Za-z_$][\w$]*)/g, '{$1}');
}

export interface OpenApiInfo {
  title: string;
  version: string;
  description?: string;
  servers?: Array<{ url: string; description?: string }>;
}

type JsonSchema = Record<string, unknown>;

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description?: string };
  servers?: Array<{ url: string; description?: string }>;
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, unknown> };
}

const SECURITY_SCHEMES: Record<Exclude<AuthScheme, 'none'>, { name: string; scheme: Record<string, unknown> }> = {
  'hubspot-signature': {
    name: 'hubspotSignatureV3',
    scheme: {
      type: 'apiKey',
      in: 'header',
      name: 'X-HubSpot-Signature-v3',
      description:
        'HubSpot request signature v3: base64(HMAC-SHA256(app client secret, method + public URL + raw body + X-HubSpot-Request-Timestamp)); the timestamp header (ms) must be within 5 minutes of the server clock.',
    },
  },
  'salesforce-card-token': {
    name: 'salesforceCardToken',
    scheme: {
      type: 'http',
      scheme: 'bearer',
      description:
        'The Salesforce card\'s short-lived token (10 minutes), minted by POST /canvas/salesforce from a verified Canvas signed request and bound to its org, user and Account: accepted only for that org and that Account.',
    },
  },
};

/** Turns zod schemas into JSON Schemas, hoisting named ($defs) schemas into components. */
class SchemaConverter {
  readonly components: Record<string, JsonSchema> = {};

  convert(schema: z.ZodType, io: 'input' | 'output', nameHint: string): JsonSchema {
    const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
    delete json.$schema;
    const defs = (json.$defs ?? {}) as Record<string, JsonSchema>;
    delete json.$defs;
    // Anonymous definitions (zod's __schemaN for cycles) are only unique within one conversion.
    const rename = new Map(Object.keys(defs).map((name) => [name, name.startsWith('__') ? `${nameHint}${name}` : name]));
    const rootRef = containsRef(json, '#') ? nameHint : null;
    const rewrite = (value: unknown): unknown => rewriteRefs(value, rename, rootRef);
    for (const [name, def] of Object.entries(defs)) this.components[rename.get(name)!] = rewrite(def) as JsonSchema;
    if (rootRef) {
      this.components[rootRef] = rewrite(json) as JsonSchema;
      return { $ref: `#/components/schemas/${rootRef}` };
    }
    return rewrite(json) as JsonSchema;
  }
}

function containsRef(value: unknown, ref: string): boolean {
  if (Array.isArray(value)) return value.some((v) => containsRef(v, ref));
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(([k, v]) => (k === '$ref' && v === ref) || containsRef(v, ref));
}

function rewriteRefs(value: unknown, rename: Map<string, string>, rootRef: string | null): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, rename, rootRef));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === '$ref' && typeof v === 'string') {
      if (v === '#' && rootRef) out[k] = `#/components/schemas/${rootRef}`;
      else if (v.startsWith('#/$defs/')) out[k] = `#/components/schemas/${rename.get(v.slice(8)) ?? v.slice(8)}`;
      else out[k] = v;
    } else {
      out[k] = rewriteRefs(v, rename, rootRef);
    }
  }
  return out;
}

function operationName(op: ApiOperation): string {
  if (op.operationId) return op.operationId;
  const words = `${op.method} ${op.path}`.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1))).join('');
}

function parameters(converter: SchemaConverter, schema: AnyZodObject | undefined, where: 'path' | 'query', nameHint: string): unknown[] {
  if (!schema) return [];
  let json = converter.convert(schema, 'input', nameHint);
  const ref = typeof json.$ref === 'string' ? json.$ref.replace('#/components/schemas/', '') : null;
  if (ref && converter.components[ref]) json = converter.components[ref];
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return { name, in: where, required: where === 'path' || required.has(name), ...(typeof description === 'string' ? { description } : {}), schema: rest };
  });
}

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelope' } } } });

export function buildOpenApiDocument(registry: OpenApiRegistry, info: OpenApiInfo): OpenApiDocument {
  const converter = new SchemaConverter();
  converter.convert(ErrorEnvelopeSchema, 'output', 'ErrorEnvelope');
  const paths: OpenApiDocument['paths'] = {};
  const securitySchemes: Record<string, unknown> = {};

  for (const op of registry.operations) {
    const name = operationName(op);
    const pathName = toOpenApiPath(op.path);
    const pathParams = parameters(converter, op.params, 'path', `${name}Params`);
    // A path parameter without a schema is still documented, as a string.
    for (const match of pathName.matchAll(/\{([^}]+)\}/g)) {
      if (!pathParams.some((p) => (p as { name: string }).name === match[1])) pathParams.push({ name: match[1], in: 'path', required: true, schema: { type: 'string' } });
    }
    const operation: Record<string, unknown> = {
      operationId: name,
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      ...(op.tags.length > 0 ? { tags: op.tags } : {}),
    };
    const params = [...pathParams, ...parameters(converter, op.query, 'query', `${name}Query`)];
    if (params.length > 0) operation.parameters = params;
    if (op.body) {
      operation.requestBody = { required: true, content: { 'application/json': { schema: converter.convert(op.body, 'input', `${name}Body`) } } };
    }
    const responses: Record<string, unknown> = {};
    responses[String(op.successStatus)] =
      op.successStatus === 204 || !op.response
        ? { description: op.successStatus === 204 ? 'No content' : 'Success' }
        : { description: 'Success', content: { 'application/json': { schema: converter.convert(op.response, 'output', `${name}Response`) } } };
    if (op.params || op.query || op.body) responses['400'] = errorResponse('Invalid request (malformed JSON, unknown or invalid fields)');
    if (op.auth !== 'none') {
      const security = SECURITY_SCHEMES[op.auth];
      securitySchemes[security.name] = security.scheme;
      operation.security = [{ [security.name]: [] }];
      responses['401'] = errorResponse('Missing, stale or invalid signature');
    }
    if (op.body) responses['413'] = errorResponse('Body larger than 1 MB');
    responses['500'] = errorResponse('Internal error');
    operation.responses = responses;
    (paths[pathName] ??= {})[op.method] = operation;
  }

  return {
    openapi: '3.1.0',
    info: { title: info.title, version: info.version, ...(info.description ? { description: info.description } : {}) },
    ...(info.servers ? { servers: info.servers } : {}),
    paths,
    components: { schemas: converter.components, securitySchemes },
  };
}

/** GET /openapi.json; the document is rebuilt only when routes were added since. */
export function openApiHandler(registry: OpenApiRegistry, info: OpenApiInfo): RequestHandler {
  let cached: { count: number; doc: OpenApiDocument } | null = null;
  return (_req, res) => {
    if (!cached || cached.count !== registry.operations.length) cached = { count: registry.operations.length, doc: buildOpenApiDocument(registry, info) };
    res.json(cached.doc);
  };
}
