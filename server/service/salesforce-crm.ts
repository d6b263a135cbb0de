// Salesforce access per installed org, wired to the store: each org's session from its stored,
// encrypted tokens and its installation (instance URL, integration user), its saved mapping.
import type { TenantCrm } from '../crm/port.ts';
import type { SalesforceApp } from '../crm/salesforce/oauth.ts';
import { SalesforceTenantCrm } from '../crm/salesforce/tenant-crm.ts';
import type { Store } from '../store/store.ts';
import { StoredSalesforceSession } from './salesforce-tokens.ts';

export interface SalesforceCrmOptions {
  store: Store;
  app: SalesforceApp;
  /** Salesforce refused an org's refresh token for good (revoked, or the app removed there). */
  onRevoked?: (orgId: string) => Promise<void>;
  now?: () => number;
}

export function salesforceTenantCrm(options: SalesforceCrmOptions): TenantCrm {
  const { store, app } = options;
  return new SalesforceTenantCrm({
    loginUrl: app.loginUrl,
    sessionFor: async (orgId) => {
      const session = new StoredSalesforceSession({ store, orgId, app, ...(options.onRevoked ? { onRevoked: options.onRevoked } : {}), ...(options.now ? { now: options.now } : {}) });
      const { apiUserId } = await session.installation();
      return { session, userId: apiUserId };
    },
    mappingOf: async (orgId) => (await store.settings.get('salesforce', orgId)).mapping,
  });
}
