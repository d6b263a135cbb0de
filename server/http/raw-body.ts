// JSON body parsing that keeps the exact bytes received: the signature covers the raw body, and
// JSON.stringify(req.body) would not give the same bytes back.
import type { IncomingMessage } from 'node:http';
import express from 'express';
import type { Request, RequestHandler } from 'express';

/** HubSpot's hubspot.fetch limit: 1 MB each way. Larger bodies get 413 payload_too_large. */
export const DEFAULT_BODY_LIMIT = '1mb';

const RAW_BODY = Symbol('rawBody');
type WithRawBody = IncomingMessage & { [RAW_BODY]?: Buffer };

/** The bytes the JSON parser read, or undefined when it did not read any (no body, or another type). */
export function getRawBody(req: Request | IncomingMessage): Buffer | undefined {
  return (req as WithRawBody)[RAW_BODY];
}

/**
 * JSON media types, and a body sent without a Content-Type (treated as JSON, so that its bytes are
 * still captured for the signature). Other types (e.g. form posts) are left to other parsers.
 */
export function isJsonRequest(req: IncomingMessage): boolean {
  const type = (req.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase();
  return type === '' || type === 'application/json' || /^application\/[\w.+-]+\+json$/.test(type);
}

export interface JsonBodyOptions {
  /** bytes or a size string such as '1mb'; default 1 MB */
  limit?: number | string;
}

/**
 * express.json with the raw bytes kept (read them with getRawBody). Malformed JSON fails with
 * body-parser's `entity.parse.failed` (→ 400 malformed_json) and a body over the limit with
 * `entity.too.large` (→ 413 payload_too_large): errors.ts maps both into the envelope.
 */
export function jsonBodyParser(options: JsonBodyOptions = {}): RequestHandler {
  return express.json({
    limit: options.limit ?? DEFAULT_BODY_LIMIT,
    strict: true,
    type: isJsonRequest,
    verify: (req, _res, buf) => {
      (req as WithRawBody)[RAW_BODY] = buf;
    },
  });
}
