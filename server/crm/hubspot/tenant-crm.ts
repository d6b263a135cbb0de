// HubSpot access per installed portal: one transport (and so one rate limiter — shared through the
// database across processes on Postgres — and one token source) per portal in this process, an
// adapter built with the portal's own field mapping. The caller supplies the stored pieces (token
// source, saved mapping, shared budget), so this file knows no store.
import type { CrmAdapter, TenantCrm } from '../port.ts';
import { SharedWindowLimiter, type BudgetStore } from '../shared-limiter.ts';
import { HubSpotAdapter } from './adapter.ts';
import { HUBSPOT_LIMITS, HubSpotTransport } from './client.ts';
import { HubSpotMapping } from './mapping.ts';
import type { TokenSource } from './tokens.ts';

export interface HubSpotTenantCrmOptions {
  /** HubSpot's API origin (the sandbox's in demo mode and tests). */
  baseUrl: string;
  /** The portal's OAuth tokens. */
  tokensFor: (portalId: string) => TokenSource;
  /** The mapping the portal's admin saved (partial; defaults fill the rest). */
  mappingOf: (portalId: string) => Promise<unknown>;
  /** The portal's budget kept in the database, shared with every other process; null: this process's own. */
  budgetFor?: (portalId: string) => BudgetStore | null;
  /** Calls per rolling 10 s this process may spend per portal (HubSpot allows 110 to an OAuth app). */
  perTenSeconds?: number;
}

/**
 * A slot is taken when the database grants it, but HubSpot counts the call when it arrives: with
 * several processes, the call granted first can arrive after later ones. The shared window is this
 * much longer than HubSpot's so that spread never puts one call too many in HubSpot's window.
 */
export const SHARED_WINDOW_GUARD_MS = 250;

export class HubSpotTenantCrm implements TenantCrm {
  readonly kind = 'hubspot' as const;
  readonly #o: HubSpotTenantCrmOptions;
  readonly #transports = new Map<string, HubSpotTransport>();

  constructor(options: HubSpotTenantCrmOptions) {
    this.#o = options;
  }

  #transport(portalId: string): HubSpotTransport {
    let t = this.#transports.get(portalId);
    if (!t) {
      const perTenSeconds = this.#o.perTenSeconds ?? HUBSPOT_LIMITS.perTenSeconds - 2;
      const shared = this.#o.budgetFor?.(portalId) ?? null;
      const limiters = shared
        ? {
            limiter: new SharedWindowLimiter({ store: shared, bucket: 'calls', max: perTenSeconds, windowMs: 10_000 + SHARED_WINDOW_GUARD_MS }),
            searchLimiter: new SharedWindowLimiter({ store: shared, bucket: 'search', max: HUBSPOT_LIMITS.searchPerSecond, windowMs: 1_000 + SHARED_WINDOW_GUARD_MS }),
          }
        : {};
      t = new HubSpotTransport({ basePath: this.#o.baseUrl, tokens: this.#o.tokensFor(portalId), perTenSeconds, ...limiters });
      this.#transports.set(portalId, t);
    }
    return t;
  }

  /** The adapter for a portal, reading through the mapping its admin saved. */
  async adapter(portalId: string): Promise<CrmAdapter> {
    const mapping = HubSpotMapping.parse(await this.#o.mappingOf(portalId));
    return new HubSpotAdapter({ portalId, transport: this.#transport(portalId), mapping });
  }

  forget(portalId: string): void {
    this.#transports.delete(portalId);
  }
}
