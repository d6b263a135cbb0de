// A HubSpot portal's OAuth tokens as the sidecar keeps them (RotatingTokens: encrypted in the store,
// one refresh per portal across every process, dropped when the installation changes generation).
// A refresh that HubSpot refuses because the grant is gone (the app was uninstalled inside HubSpot)
// is reported through `onRevoked`, which uninstalls here too.
import { CrmError } from '../crm/errors.ts';
import { exchangeToken, isRevokedGrant, type OAuthClient, type TokenSource } from '../crm/hubspot/tokens.ts';
import type { Store } from '../store/store.ts';
import { RotatingTokens } from './rotating-tokens.ts';

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
  readonly #tokens: RotatingTokens;

  constructor(o: StoredTokenSourceOptions) {
    const now = o.now ?? Date.now;
    this.#tokens = new RotatingTokens({
      store: o.store,
      crm: o.crm,
      tenantId: o.portalId,
      now,
      earlyMs: o.earlyMs,
      uninstalled: () => new CrmError({ crm: 'hubspot', code: 'unauthorized', status: 401, message: `portal ${o.portalId} has no active installation: reinstall the app` }),
      exchange: async (latest) => {
        const fresh = await exchangeToken(o.client, { refreshToken: latest.refreshToken });
        return { accessToken: fresh.access_token, refreshToken: fresh.refresh_token, expiresAtMs: now() + fresh.expires_in * 1000 };
      },
      isRevoked: isRevokedGrant,
      onRevoked: o.onRevoked,
    });
  }

  async current(): Promise<string> {
    return (await this.#tokens.current()).accessToken;
  }

  async refresh(rejected: string): Promise<string> {
    return (await this.#tokens.refresh(rejected)).accessToken;
  }
}
