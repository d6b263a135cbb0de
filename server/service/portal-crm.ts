// HubSpot access per installed portal, wired to the store: the portal's stored OAuth tokens
// (refreshed under the store's refresh lock), its saved mapping and, on Postgres, its rate budget
// shared with every other process.
import { HubSpotTenantCrm } from '../crm/hubspot/tenant-crm.ts';
import type { OAuthClient, TokenSource } from '../crm/hubspot/tokens.ts';
import type { TenantCrm } from '../crm/port.ts';
import type { Store } from '../store/store.ts';
import { StoredTokenSource } from './stored-tokens.ts';

export { SHARED_WINDOW_GUARD_MS } from '../crm/hubspot/tenant-crm.ts';

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

export function hubSpotTenantCrm(options: PortalCrmOptions): TenantCrm {
  const { store, client } = options;
  return new HubSpotTenantCrm({
    baseUrl: client.baseUrl,
    tokensFor: (portalId) => options.tokensFor?.(portalId) ?? new StoredTokenSource({ store, crm: 'hubspot', portalId, client, ...(options.onRevoked ? { onRevoked: options.onRevoked } : {}) }),
    mappingOf: async (portalId) => (await store.settings.get('hubspot', portalId)).mapping,
    ...(options.sharedBudget ? { budgetFor: (portalId: string) => store.rateBudgets.forPortal('hubspot', portalId) } : {}),
    ...(options.perTenSeconds ? { perTenSeconds: options.perTenSeconds } : {}),
  });
}
