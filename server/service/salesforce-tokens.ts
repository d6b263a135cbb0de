// A Salesforce org's session as the sidecar keeps it: tokens encrypted in the store, the org's
// instance URL and integration user on its installation. Before every call the installation's
// generation is read (an uninstall in any process drops the cached session at once). A refresh
// runs under the store's refresh lock — one per org at a time across every process, since under
// refresh-token rotation a replayed token revokes the whole grant — and the rotated refresh token
// is saved (encrypted) before the new access token is handed out. A refresh that names another
// `instance_url` (the org moved, or its My Domain changed) moves the installation there in the same
// transaction, and every later call goes to it. A grant Salesforce no longer knows (invalid_grant:
// revoked, or the app removed from the org) is reported through `onRevoked`.
import { CrmError } from '../crm/errors.ts';
import type { SalesforceTokens } from '../crm/salesforce/client.ts';
import { isRevokedGrant, refreshGrant, type SalesforceApp } from '../crm/salesforce/oauth.ts';
import type { OrgSession } from '../crm/salesforce/tenant-crm.ts';
import type { Store } from '../store/store.ts';
import type { StoredTokens } from '../store/tokens.ts';

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
  readonly #o: SalesforceSessionOptions;
  readonly #now: () => number;
  readonly #earlyMs: number;
  #cached: StoredTokens | null = null;
  #generation: number | null = null;
  #instanceUrl: string | null = null;
  #inFlight: Promise<SalesforceTokens> | null = null;

  constructor(options: SalesforceSessionOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
    this.#earlyMs = options.earlyMs ?? 5 * 60_000;
  }

  #uninstalled(): CrmError {
    return new CrmError({ code: 'unauthorized', status: 401, message: `Salesforce org ${this.#o.orgId} has no active installation: install the app again` });
  }

  /** The installation as it stands: active, its generation (cached tokens dropped when it changed), where to call. */
  async installation(): Promise<{ instanceUrl: string; apiUserId: string }> {
    const state = await this.#o.store.installations.credentialsState(CRM, this.#o.orgId);
    if (!state || state.status !== 'active') {
      this.#cached = null;
      this.#generation = null;
      throw this.#uninstalled();
    }
    if (state.generation !== this.#generation) {
      this.#cached = null;
      this.#generation = state.generation;
    }
    if (!state.instanceUrl || !state.apiUserId) throw new CrmError({ code: 'unauthorized', status: 401, message: `Salesforce org ${this.#o.orgId} has no instance URL or integration user on record: install the app again` });
    this.#instanceUrl = state.instanceUrl;
    return { instanceUrl: state.instanceUrl, apiUserId: state.apiUserId };
  }

  #tokens(t: StoredTokens): SalesforceTokens {
    return { accessToken: t.accessToken, refreshToken: t.refreshToken, instanceUrl: this.#instanceUrl! };
  }

  async current(): Promise<SalesforceTokens> {
    await this.installation();
    if (!this.#cached) {
      const loaded = await this.#o.store.tokens.load(CRM, this.#o.orgId);
      if (!loaded) throw this.#uninstalled();
      this.#cached = loaded;
    }
    if (this.#now() >= this.#cached.expiresAtMs - this.#earlyMs) return this.refresh(this.#cached.accessToken);
    return this.#tokens(this.#cached);
  }

  refresh(stale: string | undefined): Promise<SalesforceTokens> {
    this.#inFlight ??= this.#refreshOnce(stale).finally(() => {
      this.#inFlight = null;
    });
    return this.#inFlight;
  }

  async #refreshOnce(stale: string | undefined): Promise<SalesforceTokens> {
    const { store, orgId } = this.#o;
    if (this.#instanceUrl === null) await this.installation();
    let revoked = false;
    try {
      return await store.tokens.withRefreshLock(CRM, orgId, async (tokens) => {
        // An uninstall holds this lock while it deletes the tokens: after it, there is nothing to refresh.
        const latest = await tokens.load(CRM, orgId);
        if (!latest) throw this.#uninstalled();
        // Another process (or an earlier caller) refreshed while we waited for the lock (and may have moved the instance).
        if (latest.accessToken !== stale && this.#now() < latest.expiresAtMs - this.#earlyMs) {
          await this.installation();
          this.#cached = latest;
          return this.#tokens(latest);
        }
        let grant;
        try {
          grant = await refreshGrant(this.#o.app, latest.refreshToken);
        } catch (error) {
          if (isRevokedGrant(error)) revoked = true;
          throw error;
        }
        if (grant.orgId !== orgId) throw new CrmError({ code: 'unauthorized', status: 401, message: `Salesforce refreshed a session of org ${grant.orgId} for org ${orgId}` });
        // The rotated refresh token is saved before the new access token is used: the old one is spent.
        const next: StoredTokens = { accessToken: grant.accessToken, refreshToken: grant.refreshToken ?? latest.refreshToken, expiresAtMs: this.#now() + ASSUMED_SESSION_MS };
        await tokens.save(CRM, orgId, next);
        if (grant.instanceUrl !== this.#instanceUrl) {
          await tokens.saveInstanceUrl(CRM, orgId, grant.instanceUrl);
          this.#instanceUrl = grant.instanceUrl;
        }
        this.#cached = next;
        return this.#tokens(next);
      });
    } catch (error) {
      if (revoked) {
        this.#cached = null;
        await this.#o.onRevoked?.(orgId);
      }
      throw error;
    }
  }
}
