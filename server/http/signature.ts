// HubSpot request signature v3 (cards' hubspot.fetch calls and webhooks). Pure: no clock, no I/O.
//   source    = METHOD + full public URL (scheme, host, path, query) + raw body bytes + timestamp header
//   signature = base64(HMAC-SHA256(key = app client secret, source))
// The SDK's own check is neither constant-time nor strict about future timestamps, so this is ours.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const HUBSPOT_SIGNATURE_HEADER = 'x-hubspot-signature-v3';
export const HUBSPOT_TIMESTAMP_HEADER = 'x-hubspot-request-timestamp';
/** HubSpot's window: a request more than 5 minutes from now (either way) is rejected. */
export const DEFAULT_MAX_SKEW_MS = 300_000;

export type SignatureFailureReason = 'missing_headers' | 'stale' | 'future' | 'bad_signature';
export type SignatureCheck = { ok: true } | { ok: false; reason: SignatureFailureReason };

export interface VerifySignatureV3Input {
  secret: string;
  method: string;
  /** The URL exactly as HubSpot called it: see public-url.ts. */
  url: string;
  /** The raw request bytes; empty (or undefined) for a request without a body. */
  rawBody: Buffer | string | undefined | null;
  /** The X-HubSpot-Request-Timestamp header as received (milliseconds since the epoch). */
  timestamp: string | number | undefined | null;
  /** The X-HubSpot-Signature-v3 header as received. */
  signature: string | undefined | null;
  nowMs: number;
  maxSkewMs?: number;
}

export interface SignV3Input {
  secret: string;
  method: string;
  url: string;
  rawBody?: Buffer | string | undefined | null;
  timestamp: string | number;
}

/** base64(HMAC-SHA256(secret, method + url + body + timestamp)). For tests, the demo's curl and benchmarks. */
export function signHubSpotRequestV3({ secret, method, url, rawBody, timestamp }: SignV3Input): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(method.toUpperCase(), 'utf8');
  hmac.update(url, 'utf8');
  if (rawBody !== undefined && rawBody !== null) hmac.update(typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody);
  hmac.update(String(timestamp), 'utf8');
  return hmac.digest('base64');
}

/** Headers a signed request carries: handy for fetch() in tests and scripts. */
export function hubSpotSignatureHeaders(input: SignV3Input): Record<string, string> {
  return { 'X-HubSpot-Signature-v3': signHubSpotRequestV3(input), 'X-HubSpot-Request-Timestamp': String(input.timestamp) };
}

const TIMESTAMP = /^\d{1,16}$/;

/**
 * Checks the timestamp window first (cheap, and a replayed old request is rejected whatever its
 * signature), then the HMAC in constant time. A malformed timestamp counts as a missing header.
 */
export function verifyHubSpotSignatureV3(input: VerifySignatureV3Input): SignatureCheck {
  const { secret, method, url, rawBody, nowMs, maxSkewMs = DEFAULT_MAX_SKEW_MS } = input;
  const signature = input.signature?.trim();
  const timestamp = input.timestamp === undefined || input.timestamp === null ? '' : String(input.timestamp).trim();
  if (!signature || !TIMESTAMP.test(timestamp)) return { ok: false, reason: 'missing_headers' };

  const timestampMs = Number(timestamp);
  if (nowMs - timestampMs > maxSkewMs) return { ok: false, reason: 'stale' };
  if (timestampMs - nowMs > maxSkewMs) return { ok: false, reason: 'future' };

  const given = Buffer.from(signature, 'utf8');
  for (const candidate of urlVariants(url)) {
    const expected = Buffer.from(signHubSpotRequestV3({ secret, method, url: candidate, rawBody, timestamp }), 'utf8');
    // Lengths are public (a base64 SHA-256 is always 44 characters): only equal lengths are compared.
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true };
  }
  return { ok: false, reason: 'bad_signature' };
}

// HubSpot's request-validation guide says some percent-encoded characters of the URI are decoded
// before signing (unverified against a live account). Cards send plain numeric ids, so this only
// matters for URLs containing one of these escapes: the URL is tried as received, then decoded.
const DECODED_ESCAPES: Record<string, string> = {
  '3A': ':', '2F': '/', '3F': '?', '40': '@', '21': '!', '24': '$', '27': "'", '28': '(', '29': ')', '2A': '*', '2C': ',', '3B': ';',
};
const ESCAPE = /%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi;

function urlVariants(url: string): string[] {
  const decoded = url.replace(ESCAPE, (_m, hex: string) => DECODED_ESCAPES[hex.toUpperCase()] ?? _m);
  return decoded === url ? [url] : [url, decoded];
}
