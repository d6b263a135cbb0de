// What a failed CRM write means for its outbox row, from the failure's code alone (a CrmError
// code, or the CRM's per-record category in a 207 / a batch it refused as a whole), and the
// portal-facing side of failed rows: listing them (`GET …/write-failures`) and redriving them.
// - transient: the CRM's weather (rate limit, 5xx, no answer): try again later, no attempt spent;
// - permanent: the values themselves were refused (validation, record gone): retrying cannot help;
// - otherwise: an attempt is spent and the row is retried until its attempts run out.
import type { Store } from '../store/store.ts';

export interface WriteFailureKind {
  transient: boolean;
  permanent: boolean;
  /** How long to wait before the next try when the CRM gave no Retry-After. */
  delayMs: number;
}

const RATE_LIMIT = /^rate_limited$|RATE_?LIMIT|SECONDLY|ROLLING/i;
const OUTAGE = /^(server|network)$|INTERNAL|TIMEOUT|UNAVAILABLE|BAD_GATEWAY/i;
const REFUSED = /VALIDATION|NOT_FOUND/i;

export function classifyWriteFailure(code: string): WriteFailureKind {
  if (/DAILY/i.test(code)) return { transient: true, permanent: false, delayMs: 15 * 60_000 };
  if (RATE_LIMIT.test(code)) return { transient: true, permanent: false, delayMs: 10_000 };
  if (OUTAGE.test(code)) return { transient: true, permanent: false, delayMs: 30_000 };
  return { transient: false, permanent: REFUSED.test(code), delayMs: 30_000 };
}

export interface WriteFailureView {
  id: number;
  companyId: string;
  properties: Record<string, string>;
  attempts: number;
  lastError: string | null;
  failedAt: string;
}

const CRM = 'hubspot';

export class WriteFailuresService {
  readonly #store: Store;
  readonly #drain: (portalId: string) => Promise<void>;

  constructor(options: { store: Store; drain: (portalId: string) => Promise<void> }) {
    this.#store = options.store;
    this.#drain = options.drain;
  }

  /** The portal's write-backs that failed for good, newest first. */
  async list(portalId: string, limit = 100): Promise<{ items: WriteFailureView[] }> {
    const rows = await this.#store.outbox.listFailed(CRM, portalId, limit);
    return { items: rows.map((r) => ({ id: r.id, companyId: r.accountId, properties: r.properties, attempts: r.attempts, lastError: r.lastError, failedAt: r.updatedAt.toISOString() })) };
  }

  /** Sends failed write-backs again (all, or the ids given), audited; a drain follows. */
  async redrive(portalId: string, actor: string, ids?: number[]): Promise<{ redriven: number }> {
    const redriven = await this.#store.outbox.redrive(CRM, portalId, ids);
    if (redriven.length > 0) {
      await this.#store.audit.record(CRM, portalId, { actor, action: 'outbox.redrive', target: null, details: { rows: redriven.length } });
      await this.#drain(portalId);
    }
    return { redriven: redriven.length };
  }
}
