// Installing into a Salesforce org over OAuth (the web-server flow with PKCE): a single-use,
// expiring `state` carries the code verifier through the round trip to the org's authorize page;
// the callback exchanges the code with it, reads the org and user from the token response's
// identity URL (never from the browser), keeps the tokens encrypted, stores the org's instance
// URL and integration user, makes the installing user the org's first admin, provisions the
// Account fields and asks for the first sync.
//
// Uninstall: under the org's refresh lock (a racing refresh cannot write the tokens back) the
// installation moves to a new generation and its tokens are deleted; the refresh token is revoked
// at Salesforce (which ends the whole grant); queued jobs are cancelled; the data is purged after
// the grace period (at once on request). A grant revoked inside Salesforce shows up as a refused
// refresh (`uninstalledInSalesforce`) and is handled the same way, without the revoke.
import type { ProvisionReport, TenantCrm } from '../crm/port.ts';
import { authorizeUrl, exchangeCode, pkcePair, revokeToken, type SalesforceApp, type SalesforceGrant } from '../crm/salesforce/oauth.ts';
import type { Store } from '../store/store.ts';
import { tenantIdProblem } from '../store/tenant.ts';
import { ServiceError } from './errors.ts';
import type { InstallStart } from './install.ts';
import { ASSUMED_SESSION_MS } from './salesforce-tokens.ts';

const CRM = 'salesforce';
const STATE_TTL_MS = 10 * 60_000;
const DAY_MS = 86_400_000;

export interface SalesforceInstallOptions {
  store: Store;
  crm: TenantCrm;
  app: SalesforceApp;
  /** Our callback URL as the External Client App knows it (read when needed: the port may be known only after listening). */
  redirectUri: () => string;
  scopes: string[];
  firstSync: (orgId: string) => Promise<void>;
  /** Cancels the org's queued jobs (sync, recompute, drain). */
  cancelJobs?: (orgId: string) => Promise<number>;
  /** Days an uninstalled org's data is kept before the daily purge deletes it (default 30). */
  purgeGraceDays?: number;
  onError?: (error: unknown, what: string) => void;
  now?: () => number;
}

export interface SalesforceInstallOutcome {
  orgId: string;
  instanceUrl: string;
  provisioning: ProvisionReport | { error: string };
}

export interface SalesforceUninstallOutcome {
  uninstalled: boolean;
  /** Whether Salesforce confirmed the refresh token revoked. */
  revoked: boolean;
  purge: 'done' | 'scheduled' | 'none';
  purgeAfter: Date | null;
}

export class SalesforceInstallService {
  readonly #o: SalesforceInstallOptions;

  constructor(options: SalesforceInstallOptions) {
    if (options.crm.kind !== CRM) throw new Error(`SalesforceInstallService needs the Salesforce CRM access, got ${options.crm.kind}`);
    this.#o = options;
  }

  get purgeGraceDays(): number {
    return this.#o.purgeGraceDays ?? 30;
  }

  #now(): number {
    return (this.#o.now ?? Date.now)();
  }

  #app(): SalesforceApp & { redirectUri: string } {
    return { ...this.#o.app, redirectUri: this.#o.redirectUri() };
  }

  async isActive(orgId: string): Promise<boolean> {
    if (tenantIdProblem(CRM, orgId)) return false;
    return (await this.#o.store.installations.get(CRM, orgId))?.status === 'active';
  }

  /** Our callback URL, where Salesforce sends the admin's browser back. */
  callbackUrl(): string {
    return this.#o.redirectUri();
  }

  /** A new install: the authorize page with our scopes, a fresh state and a PKCE challenge, and how long that state lasts. */
  async start(): Promise<InstallStart> {
    const { verifier, challenge } = pkcePair();
    const state = await this.#o.store.oauthStates.create(CRM, STATE_TTL_MS, { codeVerifier: verifier });
    return { url: authorizeUrl(this.#app(), { state, challenge, scopes: this.#o.scopes }), state, expiresInMs: STATE_TTL_MS };
  }

  async complete(code: string, state: string): Promise<SalesforceInstallOutcome> {
    const consumed = await this.#o.store.oauthStates.consume(state);
    if (!consumed || consumed.crm !== CRM || !consumed.codeVerifier) throw new ServiceError(400, 'invalid_state', 'This install link has expired or was already used. Start the installation again.');
    let grant: SalesforceGrant;
    try {
      grant = await exchangeCode(this.#app(), code, consumed.codeVerifier);
    } catch (error) {
      this.#o.onError?.(error, 'code exchange');
      throw new ServiceError(502, 'crm_unexpected', `Salesforce did not complete the sign-in (${error instanceof Error ? error.message : String(error)}). Start the installation again.`);
    }
    if (!grant.refreshToken) {
      throw new ServiceError(400, 'missing_scope', 'Salesforce issued no refresh token: add the "refresh_token, offline_access" scope to the External Client App\'s OAuth settings, then install again.');
    }
    const problem = tenantIdProblem(CRM, grant.orgId);
    if (problem) throw new ServiceError(502, 'crm_unexpected', `Salesforce answered with an unexpected org id: ${problem}.`);
    const { store } = this.#o;
    const orgId = grant.orgId;
    await this.#refuseOtherUserOfActiveOrg(orgId, grant.userId, grant.refreshToken);
    const scopes = grant.scopes ?? this.#o.scopes;
    const refreshToken = grant.refreshToken;
    // Under the refresh lock: a refresh of an earlier installation cannot overwrite these tokens.
    await store.tokens.withRefreshLock(CRM, orgId, async (tokens) => {
      await store.installations.upsert({ crm: CRM, portalId: orgId, scopes, instanceUrl: grant.instanceUrl, apiUserId: grant.userId });
      await tokens.save(CRM, orgId, { accessToken: grant.accessToken, refreshToken, expiresAtMs: this.#now() + ASSUMED_SESSION_MS });
    });
    this.#o.crm.forget(orgId);
    const installer = `salesforce-user:${grant.userId}`;
    // The user who installed (from Salesforce's identity URL, never a value from the browser) is the first admin.
    await store.admins.add(CRM, orgId, { userId: grant.userId }, installer);
    await store.audit.record(CRM, orgId, { actor: installer, action: 'installed', details: { scopes, instanceUrl: grant.instanceUrl } });
    let provisioning: SalesforceInstallOutcome['provisioning'];
    try {
      provisioning = await (await this.#o.crm.adapter(orgId)).provisionProperties();
    } catch (error) {
      // The install stands; the message says what the admin must change (e.g. Modify Metadata).
      provisioning = { error: error instanceof Error ? error.message : String(error) };
    }
    await this.#o.firstSync(orgId);
    return { orgId, instanceUrl: grant.instanceUrl, provisioning };
  }

  /**
   * Any user the External Client App's policies admit (the CSMs who see the card) can go through
   * the authorize page, so an install over an active one would hand the sidecar's API access to
   * them and make them an admin. Only the integration user or an admin may install again; anyone
   * else is refused and the grant they just gave is revoked (it was never stored).
   */
  async #refuseOtherUserOfActiveOrg(orgId: string, userId: string, refreshToken: string): Promise<void> {
    const { store } = this.#o;
    const current = await store.installations.get(CRM, orgId);
    if (current?.status !== 'active' || current.apiUserId === userId || (await store.admins.isAdmin(CRM, orgId, userId))) return;
    try {
      await revokeToken(this.#o.app, refreshToken);
    } catch (error) {
      this.#o.onError?.(error, 'revoke refresh token');
    }
    const names = (await store.admins.list(CRM, orgId)).map((a) => a.email ?? `Salesforce user ${a.userId}`);
    throw new ServiceError(403, 'admin_required', `Success Sidecar is already installed in org ${orgId}; only one of its admins can install it again${names.length > 0 ? ` (${names.slice(0, 5).join(', ')})` : ''}. Nothing was changed.`);
  }

  /** Uninstall asked by an admin of the org. */
  async uninstall(orgId: string, actor: string, options: { purgeNow?: boolean } = {}): Promise<SalesforceUninstallOutcome> {
    const { store } = this.#o;
    const { done, refreshToken } = await store.tokens.withRefreshLock(CRM, orgId, async (tokens) => {
      const held = await tokens.load(CRM, orgId).catch(() => null);
      return { done: await store.installations.markUninstalled(CRM, orgId), refreshToken: held?.refreshToken ?? null };
    });
    this.#o.crm.forget(orgId);
    if (!done) return { uninstalled: false, revoked: false, purge: 'none', purgeAfter: null };
    let revoked = false;
    if (refreshToken) {
      try {
        await revokeToken(this.#o.app, refreshToken);
        revoked = true;
      } catch (error) {
        this.#o.onError?.(error, 'revoke refresh token');
      }
    }
    const cancelled = await this.#cancelJobs(orgId);
    await store.audit.record(CRM, orgId, { actor, action: 'uninstalled', details: { revokedAtSalesforce: revoked, jobsCancelled: cancelled } });
    return { revoked, ...(await this.#purge(orgId, options.purgeNow === true)) };
  }

  /** A refresh found the grant gone: the app's access was revoked inside Salesforce. */
  async uninstalledInSalesforce(orgId: string): Promise<void> {
    const { store } = this.#o;
    const done = await store.tokens.withRefreshLock(CRM, orgId, () => store.installations.markUninstalled(CRM, orgId));
    this.#o.crm.forget(orgId);
    if (!done) return;
    const cancelled = await this.#cancelJobs(orgId);
    await store.audit.record(CRM, orgId, { actor: 'salesforce', action: 'uninstalled_in_salesforce', details: { reason: 'Salesforce refused the refresh token (the app\'s access was revoked there)', jobsCancelled: cancelled } });
    await this.#purge(orgId, false);
  }

  async #cancelJobs(orgId: string): Promise<number> {
    try {
      return (await this.#o.cancelJobs?.(orgId)) ?? 0;
    } catch (error) {
      // The job handlers also skip uninstalled orgs: a job left behind does nothing.
      this.#o.onError?.(error, 'cancel jobs');
      return 0;
    }
  }

  async #purge(orgId: string, now: boolean): Promise<Omit<SalesforceUninstallOutcome, 'revoked'>> {
    if (now) {
      const report = await this.#o.store.purgeTenant(CRM, orgId);
      return { uninstalled: true, purge: report.purged ? 'done' : 'none', purgeAfter: null };
    }
    return { uninstalled: true, purge: 'scheduled', purgeAfter: new Date(this.#now() + this.purgeGraceDays * DAY_MS) };
  }
}
