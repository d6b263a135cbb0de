// Salesforce access per installed org: one jsforce client per org in this process, its session
// from the caller's credentials source (which checks the installation before every call and
// refreshes under a lock across processes), an adapter built with the org's own field mapping.
import type { CrmAdapter, TenantCrm } from '../port.ts';
import { SalesforceAdapter } from './adapter.ts';
import { SalesforceClient, type SalesforceTokens } from './client.ts';
import { SalesforceMapping } from './mapping.ts';

/** An org's credentials as the sidecar keeps them. */
export interface OrgSession {
  /** The tokens to call with now (throws when the org is no longer installed). */
  current(): Promise<SalesforceTokens>;
  /** A new access token after Salesforce refused `stale` (one refresh per org at a time). */
  refresh(stale: string | undefined): Promise<SalesforceTokens>;
}

export interface SalesforceTenantCrmOptions {
  loginUrl: string;
  /** The org's credentials and the user whose grant they are (the integration user). */
  sessionFor: (orgId: string) => Promise<{ session: OrgSession; userId: string }>;
  /** The mapping the org's admin saved (partial; defaults fill the rest). */
  mappingOf: (orgId: string) => Promise<unknown>;
}

export class SalesforceTenantCrm implements TenantCrm {
  readonly kind = 'salesforce' as const;
  readonly #o: SalesforceTenantCrmOptions;
  readonly #clients = new Map<string, Promise<SalesforceClient>>();

  constructor(options: SalesforceTenantCrmOptions) {
    this.#o = options;
  }

  #client(orgId: string): Promise<SalesforceClient> {
    let c = this.#clients.get(orgId);
    if (!c) {
      c = (async () => {
        const { session, userId } = await this.#o.sessionFor(orgId);
        const tokens = await session.current();
        return new SalesforceClient({ orgId, userId, loginUrl: this.#o.loginUrl, tokens, refresher: { refresh: (_org, stale) => session.refresh(stale) }, session: () => session.current() });
      })();
      c.catch(() => this.#clients.delete(orgId));
      this.#clients.set(orgId, c);
    }
    return c;
  }

  async adapter(orgId: string): Promise<CrmAdapter> {
    const mapping = SalesforceMapping.parse(await this.#o.mappingOf(orgId));
    return new SalesforceAdapter({ client: await this.#client(orgId), mapping });
  }

  forget(orgId: string): void {
    this.#clients.delete(orgId);
  }
}
