// What a failed CRM write means for its outbox row, from the port's error code alone (the adapter
// maps its CRM's statuses and categories to it), and the portal-facing side of failed rows:
// listing them (`GET …/write-failures`) and redriving them.
// - transient: the CRM's weather (rate limit, 5xx, no answer): try again later, no attempt spent;
// - permanent: the values themselves were refused (validation, record gone): retrying cannot help;
// - otherwise: an attempt is spent and the row is retried until its attempts run out.
import type { CrmErrorCode } from '../crm/errors.ts';
import type { CrmKind, TenantCrm } from '../crm/port.ts';
import type { Store } from '../store/store.ts';

export interface WriteFailureKind {
  transient: boolean;
  permanent: boolean;
  /** How long to wait before the next try when the CRM gave no Retry-After. */
  delayMs: number;
}

export function classifyWriteFailure(code: CrmErrorCode | 'unknown'): WriteFailureKind {
  switch (code) {
    case 'rate_limited':
      return { transient: true, permanent: false, delayMs: 10_000 };
    case 'server':
    case 'network':
      return { transient: true, permanent: false, delayMs: 30_000 };
    case 'validation':
    case 'not_found':
      return { transient: false, permanent: true, delayMs: 30_000 };
    default:
      return { transient: false, permanent: false, delayMs: 30_000 };
  }
}

export interface WriteFailureView {
  id: number;
  companyId: string;
  properties: Record<string, string>;
  attempts: number;
  lastError: string | null;
  failedAt: string;
}

export class WriteFailuresService {
  readonly #store: Store;
  readonly #kind: CrmKind;
  readonly #drain: (portalId: string) => Promise<void>;

  constructor(options: { store: Store; crm: Pick<TenantCrm, 'kind'>; drain: (portalId: string) => Promise<void> }) {
    this.#store = options.store;
    this.#kind = options.crm.kind;
    this.#drain = options.drain;
  }

  /** The portal's write-backs that failed for good, newest first. */
  async list(portalId: string, limit = 100): Promise<{ items: WriteFailureView[] }> {
    const rows = await this.#store.outbox.listFailed(this.#kind, portalId, limit);
    return { items: rows.map((r) => ({ id: r.id, companyId: r.accountId, properties: r.properties, attempts: r.attempts, lastError: r.lastError, failedAt: r.updatedAt.toISOString() })) };
  }

  /** Sends failed write-backs again (all, or the ids given), audited; a drain follows. */
  async redrive(portalId: string, actor: string, ids?: number[]): Promise<{ redriven: number }> {
    const redriven = await this.#store.outbox.redrive(this.#kind, portalId, ids);
    if (redriven.length > 0) {
      await this.#store.audit.record(this.#kind, portalId, { actor, action: 'outbox.redrive', target: null, details: { rows: redriven.length } });
      await this.#drain(portalId);
    }
    return { redriven: redriven.length };
  }
}
