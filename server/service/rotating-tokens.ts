// One tenant's OAuth tokens as the sidecar keeps them, whatever the CRM: encrypted in the store,
// refreshed shortly before they expire, one refresh per tenant at a time across every process (the
// store's refresh lock), with a rotated refresh token saved before the new access token is used.
//
// Before every CRM call the installation's generation is read: an uninstall in any process bumps
// it, so tokens cached here are dropped at once (a re-install's new tokens are loaded). A refresh
// the CRM refuses because the grant is gone is reported through `onRevoked`.
//
// Each CRM supplies only what differs: how a refresh token is exchanged (and anything to save with
// the new tokens in the same lock), how a revoked grant looks, and what to call an uninstalled tenant.
import type { CrmError } from '../crm/errors.ts';
import type { Store } from '../store/store.ts';
import type { LockedTokens, StoredTokens } from '../store/tokens.ts';

export type CredentialsState = NonNullable<Awaited<ReturnType<Store['installations']['credentialsState']>>>;

export interface RotatingTokensOptions {
  store: Store;
  crm: string;
  tenantId: string;
  now?: () => number;
  /** Refresh this long before the tokens expire (default 5 min). */
  earlyMs?: number;
  /** The error for a tenant with no active installation. */
  uninstalled: () => CrmError;
  /** Spends `latest.refreshToken` and returns the tokens to save; runs inside the refresh lock. */
  exchange: (latest: StoredTokens, locked: LockedTokens) => Promise<StoredTokens>;
  /** The CRM says the refresh token no longer exists. */
  isRevoked: (error: unknown) => boolean;
  onRevoked?: (tenantId: string) => Promise<void>;
  /** Sees the active installation on every read (and may refuse it by throwing). */
  onInstallation?: (state: CredentialsState) => void;
}

export class RotatingTokens {
  readonly #o: RotatingTokensOptions;
  readonly #now: () => number;
  readonly #earlyMs: number;
  #cached: StoredTokens | null = null;
  #generation: number | null = null;
  #inFlight: Promise<StoredTokens> | null = null;

  constructor(options: RotatingTokensOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
    this.#earlyMs = options.earlyMs ?? 5 * 60_000;
  }

  /** The active installation; cached tokens are dropped when its generation changed anywhere. */
  async installation(): Promise<CredentialsState> {
    const state = await this.#o.store.installations.credentialsState(this.#o.crm, this.#o.tenantId);
    if (!state || state.status !== 'active') {
      this.#cached = null;
      this.#generation = null;
      throw this.#o.uninstalled();
    }
    if (state.generation !== this.#generation) {
      this.#cached = null;
      this.#generation = state.generation;
    }
    this.#o.onInstallation?.(state);
    return state;
  }

  /** Tokens good for a call: loaded once per generation, refreshed when about to expire. */
  async current(): Promise<StoredTokens> {
    await this.installation();
    this.#cached ??= await this.#load();
    if (this.#now() >= this.#cached.expiresAtMs - this.#earlyMs) return this.refresh(this.#cached.accessToken);
    return this.#cached;
  }

  /** One refresh at a time in this process; `rejected` is the access token the CRM refused, if any. */
  refresh(rejected: string | undefined): Promise<StoredTokens> {
    this.#inFlight ??= this.#refreshOnce(rejected).finally(() => {
      this.#inFlight = null;
    });
    return this.#inFlight;
  }

  async #load(): Promise<StoredTokens> {
    const tokens = await this.#o.store.tokens.load(this.#o.crm, this.#o.tenantId);
    if (!tokens) throw this.#o.uninstalled();
    return tokens;
  }

  async #refreshOnce(rejected: string | undefined): Promise<StoredTokens> {
    const { store, crm, tenantId } = this.#o;
    let revoked = false;
    try {
      return await store.tokens.withRefreshLock(crm, tenantId, async (locked) => {
        // An uninstall holds this lock while it deletes the tokens: after it, there is nothing to refresh.
        const latest = await locked.load(crm, tenantId);
        if (!latest) throw this.#o.uninstalled();
        // Another process (or an earlier caller) refreshed while we waited for the lock, and may
        // have changed the installation with it (Salesforce's instance URL): read it again.
        if (latest.accessToken !== rejected && this.#now() < latest.expiresAtMs - this.#earlyMs) {
          await this.installation();
          this.#cached = latest;
          return latest;
        }
        let next: StoredTokens;
        try {
          next = await this.#o.exchange(latest, locked);
        } catch (error) {
          if (this.#o.isRevoked(error)) revoked = true;
          throw error;
        }
        // The rotated refresh token is saved before the new access token is used: the old one is spent.
        await locked.save(crm, tenantId, next);
        this.#cached = next;
        return next;
      });
    } catch (error) {
      if (revoked) {
        this.#cached = null;
        await this.#o.onRevoked?.(tenantId);
      }
      throw error;
    }
  }
}
