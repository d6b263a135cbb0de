// A CRM failure in the few kinds the rest of the code acts on. Adapters classify native errors
// (by status, category and error code — never by message text) into these.
export type CrmErrorCode =
  | 'unauthorized' // token missing, invalid or expired: refresh and retry once
  | 'forbidden' // missing scope or permission
  | 'not_found'
  | 'validation' // the request was wrong: never retried
  | 'conflict'
  | 'rate_limited'
  | 'server' // 5xx
  | 'network'; // no response

export type CrmName = 'hubspot' | 'salesforce';

export class CrmError extends Error {
  override name = 'CrmError';
  readonly code: CrmErrorCode;
  readonly status: number | null;
  /** The CRM's own category / error code, e.g. VALIDATION_ERROR, TEN_SECONDLY_ROLLING. */
  readonly category: string | null;
  /** From a Retry-After header, when the CRM sent one. */
  readonly retryAfterMs: number | null;
  /** Which CRM failed, so what reaches a caller names it (null: not said). */
  readonly crm: CrmName | null;

  constructor(init: { code: CrmErrorCode; message: string; crm?: CrmName | null; status?: number | null; category?: string | null; retryAfterMs?: number | null; cause?: unknown }) {
    super(init.message, { cause: init.cause });
    this.code = init.code;
    this.crm = init.crm ?? null;
    this.status = init.status ?? null;
    this.category = init.category ?? null;
    this.retryAfterMs = init.retryAfterMs ?? null;
  }
}

/** Retry-After as milliseconds (seconds or an HTTP date); null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined | null, nowMs: number): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}
