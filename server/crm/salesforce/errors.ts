// Salesforce failures → the port's few error codes. Pure. jsforce names an API error after its
// errorCode (REST), its OAuth `error` (token endpoint) or its SOAP faultcode (Metadata API); bodies
// that are not JSON become ERROR_HTTP_<status>. Per-record results of sObject Collections carry a
// statusCode instead. Classified by those codes only, never by message text.
import { CrmError, type CrmErrorCode } from '../errors.ts';

const BY_CODE: Record<string, CrmErrorCode> = {
  INVALID_SESSION_ID: 'unauthorized',
  invalid_grant: 'unauthorized',
  Bad_OAuth_Token: 'unauthorized',
  INSUFFICIENT_ACCESS: 'forbidden',
  INSUFFICIENT_ACCESS_OR_READONLY: 'forbidden',
  INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY: 'forbidden',
  API_DISABLED_FOR_ORG: 'forbidden',
  API_CURRENTLY_DISABLED: 'forbidden',
  FUNCTIONALITY_NOT_ENABLED: 'forbidden',
  invalid_client: 'forbidden',
  invalid_client_id: 'forbidden',
  NOT_FOUND: 'not_found',
  ENTITY_IS_DELETED: 'not_found',
  INVALID_CROSS_REFERENCE_KEY: 'not_found',
  REQUEST_LIMIT_EXCEEDED: 'rate_limited',
  UNABLE_TO_LOCK_ROW: 'conflict',
  DUPLICATE_VALUE: 'conflict',
  SERVER_UNAVAILABLE: 'server',
  UNKNOWN_EXCEPTION: 'server',
};

const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** The code of a per-record error or an error name; "sf:" SOAP prefixes dropped. */
export function codeOf(errorCode: string): CrmErrorCode {
  const code = errorCode.startsWith('sf:') ? errorCode.slice(3) : errorCode;
  const known = BY_CODE[code];
  if (known) return known;
  const status = /^ERROR_HTTP_(\d{3})$/.exec(code)?.[1];
  if (status) {
    const n = Number(status);
    if (n === 401) return 'unauthorized';
    if (n === 403) return 'forbidden';
    if (n === 404) return 'not_found';
    if (n === 409) return 'conflict';
    if (n === 420 || n === 429) return 'rate_limited';
    if (n >= 500) return 'server';
  }
  return 'validation';
}

function field(error: unknown, name: string): unknown {
  return error !== null && typeof error === 'object' ? (error as Record<string, unknown>)[name] : undefined;
}

export function toCrmError(error: unknown): CrmError {
  if (error instanceof CrmError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const causeCode = field(field(error, 'cause'), 'code');
  const ownCode = field(error, 'code');
  const network = [ownCode, causeCode].find((c): c is string => typeof c === 'string' && NETWORK.has(c));
  if (network) return new CrmError({ crm: 'salesforce', code: 'network', message, category: network, cause: error });
  const named = field(error, 'errorCode') ?? field(error, 'name');
  const category = typeof named === 'string' && named !== 'Error' ? named : null;
  return new CrmError({ crm: 'salesforce', code: category ? codeOf(category) : 'server', message, category, cause: error });
}

/** Whether the same call may succeed later: locks, 5xx, limits and dropped connections. */
export function retryable(code: CrmErrorCode): boolean {
  return code === 'server' || code === 'network' || code === 'rate_limited' || code === 'conflict';
}
