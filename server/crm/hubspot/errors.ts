// HubSpot failures → CrmError, by HTTP status and HubSpot's category / policy name (never by the
// message text). The SDK throws ApiException {code, body, headers} for non-2xx answers; anything
// without a status is a network failure.
import { CrmError, parseRetryAfter, type CrmErrorCode } from '../errors.ts';

interface HubSpotErrorBody {
  message?: unknown;
  category?: unknown;
  policyName?: unknown;
  errorType?: unknown;
  status?: unknown;
}

function codeForStatus(status: number): CrmErrorCode {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server';
  return 'validation';
}

function header(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
    if (key.toLowerCase() === wanted) return typeof value === 'string' ? value : String(value);
  }
  return undefined;
}

function parseBody(body: unknown): HubSpotErrorBody {
  if (typeof body === 'string') {
    try {
      return JSON.parse(body) as HubSpotErrorBody;
    } catch {
      return {};
    }
  }
  return body && typeof body === 'object' ? (body) : {};
}

export function classifyHubSpotError(error: unknown, nowMs: number): CrmError {
  if (error instanceof CrmError) return error;
  const status = (error as { code?: unknown } | null)?.code;
  if (typeof status !== 'number' || status < 100) {
    return new CrmError({ crm: 'hubspot', code: 'network', message: `HubSpot could not be reached: ${(error as Error)?.message ?? String(error)}`, cause: error });
  }
  const body = parseBody((error as { body?: unknown }).body);
  const category = typeof body.policyName === 'string' ? body.policyName : typeof body.category === 'string' ? body.category : null;
  const message = typeof body.message === 'string' ? body.message : `HubSpot answered ${status}`;
  return new CrmError({
    crm: 'hubspot',
    code: codeForStatus(status),
    status,
    category,
    message,
    retryAfterMs: parseRetryAfter(header((error as { headers?: unknown }).headers, 'retry-after'), nowMs),
    cause: error,
  });
}

/**
 * A record HubSpot refused inside a 207 batch answer, by its category: the port's code. The
 * categories are HubSpot's standard error categories (VALIDATION_ERROR, OBJECT_NOT_FOUND, …).
 */
export function recordFailureCode(category: string | null): CrmErrorCode {
  switch (category) {
    case 'VALIDATION_ERROR':
    case 'PROPERTY_DOESNT_EXIST':
    case 'INVALID_OPTION':
      return 'validation';
    case 'OBJECT_NOT_FOUND':
      return 'not_found';
    case 'RATE_LIMITS':
    case 'TEN_SECONDLY_ROLLING':
      return 'rate_limited';
    case 'MISSING_SCOPES':
      return 'forbidden';
    case 'CONFLICT':
    case 'OBJECT_ALREADY_EXISTS':
      return 'conflict';
    default:
      return 'server';
  }
}

export { header as findHeader };
