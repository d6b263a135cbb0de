// A portal's OAuth tokens as the sidecar keeps them: encrypted in the store, refreshed shortly
// before they expire, one refresh per portal at a time across every process (the store's refresh
// lock), with a rotated refresh token saved before the new access token is used.
//
// Before every CRM call the installation's generation is read: an uninstall in any process bumps
// it, so credentials cached here are dropped at once (a re-install's new tokens are loaded). A
// refresh that HubSpot refuses because the grant is gone (the app was uninstalled inside HubSpot)
// is reported through `onRevoked`, which uninstalls here too.
import { CrmError } from '../crm/errors.ts';
import { exchangeToken, isRevokedGrant, type OAuthClient, type TokenSource } from '../crm/hubspot/tokens.ts';
import type { Store } from '../store/store.ts';
import type { StoredTokens } from '../store/tokens.ts';

export interface StoredTokenSourceOptions {
  store: Store;
  crm: string;
  portalId: string;
  client: OAuthClient;
  now?: () => number;
  earlyMs?: number;
  /** HubSpot says the refresh token no longer exists: the app was uninstalled there. */
  onRevoked?: (portalId: string) => Promise<void>;
}

export class StoredTokenSource implements TokenSource {
  readonly #o: StoredTokenSourceOptions;
  readonly #now: () => number;
  readonly #earlyMs: number;
  #cached: StoredTokens | null = null;
  #generation: number | null = null;
  #inFlight: Promise<string> | null = null;

  constructor(options: StoredTokenSourceOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
    this.#earlyMs = options.earlyMs ?? 5 * 60_000;
  }

  #uninstalled(): CrmError {
    return new CrmError({ code: 'unauthorized', status: 401, message: `portal ${this.#o.portalId} has no active installation: reinstall the app` });
  }

  /** Drops the cached tokens when the installation changed generation (uninstall, re-install) anywhere. */
  async #checkGeneration(): Promise<void> {
    const state = await this.#o.store.installations.credentialsState(this.#o.crm, this.#o.portalId);
    if (!state || state.status !== 'active') {
      this.#cached = null;
      this.#generation = null;
      throw this.#uninstalled();
    }
    if (state.generation !== this.#generation) {
      this.#cached = null;
      this.#generation = state.generation;
    }
  }

  async current(): Promise<string> {
    await this.#checkGeneration();
    this.#cached ??= await this.#load();
    if (this.#now() >= this.#cached.expiresAtMs - this.#earlyMs) return this.refresh(this.#cached.accessToken);
    return this.#cached.accessToken;
  }

  refresh(rejected: string): Promise<string> {
    this.#inFlight ??= this.#refreshOnce(rejected).finally(() => {
      this.#inFlight = null;
    });
    return this.#inFlight;
  }

  async #load(): Promise<StoredTokens> {
    const tokens = await this.#o.store.tokens.load(this.#o.crm, this.#o.portalId);
    if (!tokens) throw this.#uninstalled();
    return tokens;
  }

  async #refreshOnce(rejected: string): Promise<string> {
    const { store, crm, portalId } = this.#o;
    let revoked = false;
    try {
      return await store.tokens.withRefreshLock(crm, portalId, async (tokens) => {
        // An uninstall holds this lock while it deletes the tokens: after it, there is nothing to refresh.
        const latest = await tokens.load(crm, portalId);
        if (!latest) throw this.#uninstalled();
        // Another process (or an earlier caller) refreshed while we waited for the lock.
        if (latest.accessToken !== rejected && this.#now() < latest.expiresAtMs - this.#earlyMs) {
          this.#cached = latest;
          return latest.accessToken;
        }
        let fresh;
        try {
          fresh = await exchangeToken(this.#o.client, { refreshToken: latest.refreshToken });
        } catch (error) {
          if (isRevokedGrant(error)) revoked = true;
          throw error;
        }
        const next: StoredTokens = { accessToken: fresh.access_token, refreshToken: fresh.refresh_token, expiresAtMs: this.#now() + fresh.expires_in * 1000 };
        await tokens.save(crm, portalId, next);
        this.#cached = next;
        return next.accessToken;
      });
    } catch (error) {
      if (revoked) {
        this.#cached = null;
        await this.#o.onRevoked?.(portalId);
      }
      throw error;
    }
  }
}
