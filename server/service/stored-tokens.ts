// A portal's OAuth tokens as the sidecar keeps them: encrypted in the store, refreshed shortly
// before they expire, one refresh per portal at a time across every process (the store's refresh
// lock), with a rotated refresh token saved before the new access token is used.
import { CrmError } from '../crm/errors.ts';
import { exchangeToken, type OAuthClient, type TokenSource } from '../crm/hubspot/tokens.ts';
import type { Store } from '../store/store.ts';
import type { StoredTokens } from '../store/tokens.ts';

export class StoredTokenSource implements TokenSource {
  readonly #store: Store;
  readonly #crm: string;
  readonly #portalId: string;
  readonly #client: OAuthClient;
  readonly #now: () => number;
  readonly #earlyMs: number;
  #cached: StoredTokens | null = null;
  #inFlight: Promise<string> | null = null;

  constructor(options: { store: Store; crm: string; portalId: string; client: OAuthClient; now?: () => number; earlyMs?: number }) {
    this.#store = options.store;
    this.#crm = options.crm;
    this.#portalId = options.portalId;
    this.#client = options.client;
    this.#now = options.now ?? Date.now;
    this.#earlyMs = options.earlyMs ?? 5 * 60_000;
  }

  async current(): Promise<string> {
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
    const tokens = await this.#store.tokens.load(this.#crm, this.#portalId);
    if (!tokens) throw new CrmError({ code: 'unauthorized', status: 401, message: `portal ${this.#portalId} has no tokens: reinstall the app` });
    return tokens;
  }

  async #refreshOnce(rejected: string): Promise<string> {
    return this.#store.tokens.withRefreshLock(this.#crm, this.#portalId, async (tokens) => {
      const latest = await tokens.load(this.#crm, this.#portalId);
      if (!latest) throw new CrmError({ code: 'unauthorized', status: 401, message: `portal ${this.#portalId} has no tokens: reinstall the app` });
      // Another process (or an earlier caller) refreshed while we waited for the lock.
      if (latest.accessToken !== rejected && this.#now() < latest.expiresAtMs - this.#earlyMs) {
        this.#cached = latest;
        return latest.accessToken;
      }
      const fresh = await exchangeToken(this.#client, { refreshToken: latest.refreshToken });
      const next: StoredTokens = { accessToken: fresh.access_token, refreshToken: fresh.refresh_token, expiresAtMs: this.#now() + fresh.expires_in * 1000 };
      await tokens.save(this.#crm, this.#portalId, next);
      this.#cached = next;
      return next.accessToken;
    });
  }
}
