// CRM access per installed portal: one transport (and so one rate limiter — shared through the
// database across processes on Postgres — and one token source) per portal in this process, an
// adapter built with the portal's own field mapping.
import { HubSpotAdapter } from '../crm/hubspot/adapter.ts';
import { HUBSPOT_LIMITS, HubSpotTransport } from '../crm/hubspot/client.ts';
import { HubSpotMapping } from '../crm/hubspot/mapping.ts';
import type { OAuthClient, TokenSource } from '../crm/hubspot/tokens.ts';
import type { TenantCrm } from '../crm/port.ts';
import { SharedWindowLimiter } from '../crm/shared-limiter.ts';
import type { Store } from '../store/store.ts';
import { StoredTokenSource } from './stored-tokens.ts';

export interface PortalCrmOptions {
  store: Store;
  /** HubSpot's API origin and the app's OAuth client (the sandbox's in demo mode and tests). */
  client: OAuthClient;
  /** Calls per rolling 10 s this process may spend per portal (HubSpot allows 110 to an OAuth app). */
  perTenSeconds?: number;
  /**
   * Keep each portal's budget in the database, shared with every other process (several sidecar
   * processes on one Postgres); otherwise this process's budget is its own.
   */
  sharedBudget?: boolean;
  /** Tests and the demo may give a fixed token source per portal. */
  tokensFor?: (portalId: string) => TokenSource | null;
  /** A refresh found the grant revoked (the app was uninstalled inside HubSpot). */
  onRevoked?: (portalId: string) => Promise<void>;
}

/**
 * A slot is taken when the database grants it, but HubSpot counts the call when it arrives: with
 * several processes, the call granted first can arrive after later ones. The shared window is this
 * much longer than HubSpot's so that spread never puts one call too many in HubSpot's window.
 */
export const SHARED_WINDOW_GUARD_MS = 250;

export class PortalCrm implements TenantCrm {
  readonly kind = 'hubspot' as const;
  readonly #options: PortalCrmOptions;
  readonly #transports = new Map<string, HubSpotTransport>();

  constructor(options: PortalCrmOptions) {
    this.#options = options;
  }

  transport(portalId: string): HubSpotTransport {
    let t = this.#transports.get(portalId);
    if (!t) {
      const { store, client } = this.#options;
      const tokens = this.#options.tokensFor?.(portalId) ?? new StoredTokenSource({ store, crm: 'hubspot', portalId, client, ...(this.#options.onRevoked ? { onRevoked: this.#options.onRevoked } : {}) });
      const perTenSeconds = this.#options.perTenSeconds ?? HUBSPOT_LIMITS.perTenSeconds - 2;
      const shared = this.#options.sharedBudget ? store.rateBudgets.forPortal('hubspot', portalId) : null;
      const limiters = shared
        ? {
            limiter: new SharedWindowLimiter({ store: shared, bucket: 'calls', max: perTenSeconds, windowMs: 10_000 + SHARED_WINDOW_GUARD_MS }),
            searchLimiter: new SharedWindowLimiter({ store: shared, bucket: 'search', max: HUBSPOT_LIMITS.searchPerSecond, windowMs: 1_000 + SHARED_WINDOW_GUARD_MS }),
          }
        : {};
      t = new HubSpotTransport({ basePath: client.baseUrl, tokens, perTenSeconds, ...limiters });
      this.#transports.set(portalId, t);
    }
    return t;
  }

  /** The adapter for a portal, reading through the mapping its admin saved. */
  async adapter(portalId: string): Promise<HubSpotAdapter> {
    const settings = await this.#options.store.settings.get('hubspot', portalId);
    return new HubSpotAdapter({ portalId, transport: this.transport(portalId), mapping: HubSpotMapping.parse(settings.mapping) });
  }

  /** Forget a portal's transport (after uninstall, or when its tokens were replaced). */
  forget(portalId: string): void {
    this.#transports.delete(portalId);
  }
}
