// Express middleware in front of routes HubSpot calls (cards' hubspot.fetch, webhooks): verifies
// signature v3 over the public URL and the raw body. Needs jsonBodyParser (raw-body.ts) in front
// so the raw bytes are kept; a body it did not read counts as empty (so the check fails closed).
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { errorEnvelope } from './errors.ts';
import { publicRequestUrl } from './public-url.ts';
import { getRawBody } from './raw-body.ts';
import { DEFAULT_MAX_SKEW_MS, HUBSPOT_SIGNATURE_HEADER, HUBSPOT_TIMESTAMP_HEADER, verifyHubSpotSignatureV3 } from './signature.ts';
import type { SignatureFailureReason } from './signature.ts';

export interface HubSpotRequestContext {
  /** X-HubSpot-Request-Timestamp of the verified request (ms since the epoch). */
  timestampMs: number;
}

export interface HubSpotSignatureOptions {
  /** The app's client secret for this request; null when none is configured (→ 401). */
  secret: (req: Request) => string | null;
  /** PUBLIC_URL, when the sidecar's public origin is configured (see public-url.ts). */
  publicUrl?: string | null;
  /** Injectable clock (ms). */
  now?: () => number;
  maxSkewMs?: number;
}

const MESSAGES: Record<SignatureFailureReason | 'no_secret', string> = {
  missing_headers: 'Missing or malformed X-HubSpot-Signature-v3 / X-HubSpot-Request-Timestamp headers',
  stale: 'Request timestamp is more than 5 minutes old',
  future: 'Request timestamp is more than 5 minutes in the future',
  bad_signature: 'Signature does not match the request',
  no_secret: 'No client secret is configured to verify this request',
};

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** What the signature middleware stored on a verified request. */
export function hubSpotContext(res: Response): HubSpotRequestContext | undefined {
  return (res.locals as { hubspot?: HubSpotRequestContext }).hubspot;
}

export function requireHubSpotSignature(options: HubSpotSignatureOptions): RequestHandler {
  const now = options.now ?? Date.now;
  const maxSkewMs = options.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
  return (req, res, next) => {
    const secret = options.secret(req);
    const timestamp = header(req, HUBSPOT_TIMESTAMP_HEADER);
    const check = secret
      ? verifyHubSpotSignatureV3({
          secret,
          method: req.method,
          url: publicRequestUrl(req, options.publicUrl),
          rawBody: getRawBody(req),
          timestamp,
          signature: header(req, HUBSPOT_SIGNATURE_HEADER),
          nowMs: now(),
          maxSkewMs,
        })
      : ({ ok: false, reason: 'no_secret' } as const);
    if (!check.ok) {
      (req as { log?: Logger }).log?.warn({ reason: check.reason }, 'hubspot signature rejected');
      res.status(401).json(errorEnvelope('invalid_signature', `Invalid HubSpot signature (${check.reason}): ${MESSAGES[check.reason]}`));
      return;
    }
    res.locals.hubspot = { timestampMs: Number(timestamp) } satisfies HubSpotRequestContext;
    next();
  };
}
