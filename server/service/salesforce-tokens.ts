// A Salesforce org's session as the sidecar keeps it: tokens encrypted in the store (RotatingTokens:
// one refresh per org at a time across every process — under refresh-token rotation a replayed token
// revokes the whole grant — dropped when the installation changes generation), the org's instance
// URL and integration user on its installation. A refresh that names another `instance_url` (the org
// moved, or its My Domain changed) moves the installation there in the same transaction, and every
// later call goes to it. A grant Salesforce no longer knows (invalid_grant: revoked, or the app
// removed from the org) is reported through `onRevoked`.
import { CrmError } from '../crm/errors.ts';
import type { SalesforceTokens } from '../crm/salesforce/client.ts';
import { isRevokedGrant, refreshGrant, type SalesforceApp } from '../crm/salesforce/oauth.ts';
import type { OrgSession } from '../crm/salesforce/tenant-crm.ts';
import type { Store } from '../store/store.ts';
import type { StoredTokens } from '../store/tokens.ts';
import { RotatingTokens } from './rotating-tokens.ts';

const CRM = 'salesforce';
/**
 * Salesforce's token response has no lifetime: a session lasts the org's "Timeout Value" (2 hours
 * by default). A stored session older than this is refreshed before use; a shorter org timeout
 * shows up as INVALID_SESSION_ID, on which jsforce asks for a refresh.
 */
export const ASSUMED_SESSION_MS = 2 * 60 * 60_000;

export interface SalesforceSessionOptions {
  store: Store;
  orgId: string;
  app: SalesforceApp;
  now?: () => number;
  /** Refresh this long before the assumed end of the session (default 5 min). */
  earlyMs?: number;
  /** Salesforce refused the refresh token for good: the grant is gone. */
  onRevoked?: (orgId: string) => Promise<void>;
}

export class StoredSalesforceSession implements OrgSession {
  readonly #tokens: RotatingTokens;
  #instanceUrl: string | null = null;
  #apiUserId: string | null = null;

  constructor(o: SalesforceSessionOptions) {
    const now = o.now ?? Date.now;
    this.#tokens = new RotatingTokens({
      store: o.store,
      crm: CRM,
      tenantId: o.orgId,
      now,
      earlyMs: o.earlyMs,
      uninstalled: () => new CrmError({ crm: 'salesforce', code: 'unauthorized', status: 401, message: `Salesforce org ${o.orgId} has no active installation: install the app again` }),
      exchange: async (latest, locked) => {
        const grant = await refreshGrant(o.app, latest.refreshToken);
        if (grant.orgId !== o.orgId) throw new CrmError({ crm: 'salesforce', code: 'unauthorized', status: 401, message: `Salesforce refreshed a session of org ${grant.orgId} for org ${o.orgId}` });
        if (grant.instanceUrl !== this.#instanceUrl) {
          await locked.saveInstanceUrl(CRM, o.orgId, grant.instanceUrl);
          this.#instanceUrl = grant.instanceUrl;
        }
        return { accessToken: grant.accessToken, refreshToken: grant.refreshToken ?? latest.refreshToken, expiresAtMs: now() + ASSUMED_SESSION_MS };
      },
      isRevoked: isRevokedGrant,
      onRevoked: o.onRevoked,
      onInstallation: (state) => {
        if (!state.instanceUrl || !state.apiUserId) throw new CrmError({ crm: 'salesforce', code: 'unauthorized', status: 401, message: `Salesforce org ${o.orgId} has no instance URL or integration user on record: install the app again` });
        this.#instanceUrl = state.instanceUrl;
        this.#apiUserId = state.apiUserId;
      },
    });
  }

  /** The installation as it stands: active, where to call, and as whom. */
  async installation(): Promise<{ instanceUrl: string; apiUserId: string }> {
    await this.#tokens.installation();
    return { instanceUrl: this.#instanceUrl!, apiUserId: this.#apiUserId! };
  }

  #session(t: StoredTokens): SalesforceTokens {
    return { accessToken: t.accessToken, refreshToken: t.refreshToken, instanceUrl: this.#instanceUrl! };
  }

  async current(): Promise<SalesforceTokens> {
    return this.#session(await this.#tokens.current());
  }

  async refresh(stale: string | undefined): Promise<SalesforceTokens> {
    // The instance URL a refresh is compared against must be the one on record.
    if (this.#instanceUrl === null) await this.#tokens.installation();
    return this.#session(await this.#tokens.refresh(stale));
  }
}
