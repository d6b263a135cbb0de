// One error envelope for every failure the sidecar answers:
//   { "error": { "code": "invalid_request", "message": "…", "issues": [{ "path": "body.objectId", "message": "…" }] } }
// Unexpected errors become 500 `internal` with a fixed message: details go to the log, never to
// the caller.
import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { CrmError, type CrmName } from '../crm/errors.ts';
import { ServiceError } from '../service/errors.ts';

export interface ErrorIssue {
  path: string;
  message: string;
}

export interface ErrorEnvelope {
  error: { code: string; message: string; issues?: ErrorIssue[] };
}

/** The envelope as a zod schema, for the OpenAPI document. */
export const ErrorEnvelopeSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'Stable machine-readable code, e.g. invalid_request, invalid_signature, not_found, internal' }),
      message: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  })
  .meta({ id: 'ErrorEnvelope' });

/** An error meant for the caller: its status, code, message and issues are sent as they are. */
export class HttpError extends Error {
  override name = 'HttpError';
  readonly status: number;
  readonly code: string;
  readonly issues: ErrorIssue[] | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(status: number, code: string, message: string, issues?: ErrorIssue[], options?: { cause?: unknown; headers?: Record<string, string> }) {
    super(message, { cause: options?.cause });
    this.status = status;
    this.code = code;
    this.issues = issues;
    this.headers = options?.headers;
  }
}

export function errorEnvelope(code: string, message: string, issues?: ErrorIssue[]): ErrorEnvelope {
  return { error: issues && issues.length > 0 ? { code, message, issues } : { code, message } };
}

/**
 * zod issues as `{ path, message }`, the path prefixed with where the value came from
 * (`body`, `query`, `params`); an unknown field becomes one issue per key.
 */
export function zodIssues(error: z.ZodError, location?: string): ErrorIssue[] {
  const issues: ErrorIssue[] = [];
  for (const issue of error.issues) {
    const base = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) issues.push({ path: joinPath(location, [...base, key]), message: 'Unknown field' });
    } else {
      issues.push({ path: joinPath(location, base), message: issue.message });
    }
  }
  return issues;
}

function joinPath(location: string | undefined, segments: string[]): string {
  const parts = location ? [location, ...segments] : segments;
  return parts.length > 0 ? parts.join('.') : '(root)';
}

const CODE_BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'rate_limited',
};

/** body-parser (and other http-errors) failures carry `type`, `status` and `expose`. */
interface HttpErrorLike {
  status?: unknown;
  statusCode?: unknown;
  type?: unknown;
  expose?: unknown;
  limit?: unknown;
  message?: unknown;
}

export interface ErrorResponse {
  status: number;
  envelope: ErrorEnvelope;
  headers?: Record<string, string>;
}

/** Maps anything thrown to the status and envelope sent; pure. */
export function toErrorResponse(err: unknown): ErrorResponse {
  if (err instanceof HttpError) {
    return { status: err.status, envelope: errorEnvelope(err.code, err.message, err.issues), ...(err.headers ? { headers: err.headers } : {}) };
  }
  if (err instanceof ServiceError) return { status: err.status, envelope: errorEnvelope(err.code, err.status >= 500 && err.status !== 502 ? 'Internal server error' : err.message) };
  if (err instanceof CrmError) return crmErrorResponse(err);
  if (err instanceof z.ZodError) {
    return { status: 400, envelope: errorEnvelope('invalid_request', 'Request validation failed', zodIssues(err)) };
  }
  if (typeof err === 'object' && err !== null) {
    const e = err as HttpErrorLike;
    if (e.type === 'entity.too.large') {
      const limit = typeof e.limit === 'number' ? ` of ${e.limit} bytes` : '';
      return { status: 413, envelope: errorEnvelope('payload_too_large', `Request body exceeds the limit${limit}`) };
    }
    if (e.type === 'entity.parse.failed') return { status: 400, envelope: errorEnvelope('malformed_json', 'Request body is not valid JSON') };
    if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') {
      return { status: 415, envelope: errorEnvelope('unsupported_media_type', 'Unsupported content encoding or charset') };
    }
    const status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : null;
    if (status !== null && status >= 400 && status < 500) {
      const message = e.expose === true && typeof e.message === 'string' ? e.message : (STATUS_CODES[status] ?? 'Bad request');
      return { status, envelope: errorEnvelope(CODE_BY_STATUS[status] ?? 'bad_request', message) };
    }
  }
  return { status: 500, envelope: errorEnvelope('internal', 'Internal server error') };
}

/** How a CRM is named in what a caller reads: its name and what it calls a tenant. */
const CRM_WORDS: Readonly<Record<CrmName | 'unknown', { name: string; tenant: string; reinstall: string }>> = {
  hubspot: { name: 'HubSpot', tenant: 'portal', reinstall: 'reinstall Success Sidecar' },
  salesforce: { name: 'Salesforce', tenant: 'org', reinstall: 'install Success Sidecar again' },
  unknown: { name: 'The CRM', tenant: 'account', reinstall: 'reinstall Success Sidecar' },
};

/** The CRM failed us: the caller learns which side is at fault and when to try again, in the words of the CRM that failed. */
function crmErrorResponse(err: CrmError): ErrorResponse {
  const { name, tenant, reinstall } = CRM_WORDS[err.crm ?? 'unknown'];
  if (err.code === 'unauthorized') return { status: 502, envelope: errorEnvelope('crm_unauthorized', `${name} rejected this app's access for the ${tenant}. An admin may need to ${reinstall}.`) };
  if (err.code === 'rate_limited') {
    const seconds = Math.max(1, Math.ceil((err.retryAfterMs ?? 10_000) / 1000));
    return { status: 503, envelope: errorEnvelope('crm_busy', `${name}'s API limit for this ${tenant} is used up for the moment. Try again shortly.`), headers: { 'retry-after': String(seconds) } };
  }
  if (err.code === 'not_found') return { status: 404, envelope: errorEnvelope('not_found', `${name} does not have this record in the ${tenant}.`) };
  return { status: 502, envelope: errorEnvelope('crm_unavailable', `${name} could not be reached or answered with an error. Try again shortly.`) };
}

/** For routes nobody registered: 404 in the envelope. */
export function notFoundHandler(): RequestHandler {
  return (req, res) => {
    res.status(404).json(errorEnvelope('not_found', `No route for ${req.method} ${req.path}`));
  };
}

/**
 * The last middleware: sends the envelope; a 5xx is logged with its error (by pino-http's request
 * line when it is in front, so the line carries the request id; else through `logger`).
 */
export function errorHandler(options: { logger?: Logger } = {}): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    const { status, envelope, headers } = toErrorResponse(err);
    if (status >= 500) {
      // With pino-http in front, its completion line logs res.err (one line, with the request id).
      if ((req as { log?: Logger }).log) (res as { err?: unknown }).err = err;
      else options.logger?.error({ err }, 'request failed');
    }
    if (res.headersSent) {
      next(err);
      return;
    }
    if (headers) res.set(headers);
    res.status(status).json(envelope);
  };
}
