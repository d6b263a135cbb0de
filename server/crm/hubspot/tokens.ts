// Access tokens for HubSpot calls. OAuth tokens last 30 minutes: they are refreshed shortly
// before they expire and, when HubSpot still answers 401, once on demand — one refresh at a
// time per portal, however many calls are waiting.
import { z } from 'zod';
import { CrmError } from '../errors.ts';
import type { Clock } from '../limiter.ts';
import { systemClock } from '../limiter.ts';

export interface TokenSource {
  /** A token to call with now. */
  current(): Promise<string>;
  /** `rejected` got a 401: a fresh token (or the one another caller already refreshed). */
  refresh(rejected: string): Promise<string>;
}

export class StaticToken implements TokenSource {
  readonly #token: string;
  constructor(token: string) {
    this.#token = token;
  }
  current(): Promise<string> {
    return Promise.resolve(this.#token);
  }
  refresh(): Promise<string> {
    return Promise.reject(new CrmError({ crm: 'hubspot', code: 'unauthorized', status: 401, message: 'HubSpot rejected the access token and no refresh token or client credentials were given to renew it' }));
  }
}

const TokenResponse = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.number().positive(),
});
export type TokenResponse = z.infer<typeof TokenResponse>;

export interface OAuthClient {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
}

/** POST /oauth/2026-03/token (form-encoded) — for a code (install) or a refresh token. */
export async function exchangeToken(client: OAuthClient, grant: { code: string; redirectUri: string } | { refreshToken: string }): Promise<TokenResponse & Record<string, unknown>> {
  const form = new URLSearchParams({ client_id: client.clientId, client_secret: client.clientSecret });
  if ('code' in grant) {
    form.set('grant_type', 'authorization_code');
    form.set('code', grant.code);
    form.set('redirect_uri', grant.redirectUri);
  } else {
    form.set('grant_type', 'refresh_token');
    form.set('refresh_token', grant.refreshToken);
  }
  let response: Response;
  try {
    response = await fetch(new URL('/oauth/2026-03/token', client.baseUrl), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form, signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    throw new CrmError({ crm: 'hubspot', code: 'network', message: 'HubSpot token endpoint could not be reached', cause: error });
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const detail = typeof body === 'object' && body && 'message' in body ? String((body).message) : `status ${response.status}`;
    throw new CrmError({ crm: 'hubspot', code: response.status >= 500 ? 'server' : 'unauthorized', status: response.status, category: oauthErrorCode(body), message: `HubSpot refused the token request: ${detail}` });
  }
  const parsed = TokenResponse.loose().safeParse(body);
  if (!parsed.success) throw new CrmError({ crm: 'hubspot', code: 'server', status: response.status, message: 'HubSpot token endpoint answered an unexpected body' });
  return parsed.data;
}

const OAuthErrorBody = z.looseObject({ subCategory: z.string().optional(), error: z.string().optional(), status: z.string().optional(), category: z.string().optional() });

/** The most specific code in a token endpoint's error body (BAD_REFRESH_TOKEN, invalid_grant, …). */
function oauthErrorCode(body: unknown): string | null {
  const parsed = OAuthErrorBody.safeParse(body);
  if (!parsed.success) return null;
  const b = parsed.data;
  return b.subCategory ?? b.error ?? (b.status && b.status !== 'error' ? b.status : null) ?? b.category ?? null;
}

/** Codes HubSpot answers when a refresh token no longer exists: the app was uninstalled in HubSpot (or the token revoked). */
const REVOKED_GRANT_CODES = new Set(['BAD_REFRESH_TOKEN', 'invalid_grant']);

/** Whether a refresh failed because the grant is gone (never retried: treat as an uninstall). */
export function isRevokedGrant(error: unknown): boolean {
  return error instanceof CrmError && error.status === 400 && error.category !== null && REVOKED_GRANT_CODES.has(error.category);
}

/**
 * POST /oauth/2026-03/token/revoke (form-encoded): deletes a refresh token at HubSpot, as an
 * uninstall should. Access tokens already issued stay valid until they expire (at most 30 min),
 * which is why every process also checks the installation's generation before each call.
 */
export async function revokeRefreshToken(client: OAuthClient, refreshToken: string): Promise<void> {
  const form = new URLSearchParams({ client_id: client.clientId, client_secret: client.clientSecret, token: refreshToken, token_type_hint: 'refresh_token' });
  let response: Response;
  try {
    response = await fetch(new URL('/oauth/2026-03/token/revoke', client.baseUrl), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form, signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    throw new CrmError({ crm: 'hubspot', code: 'network', message: 'HubSpot token revocation could not be reached', cause: error });
  }
  const body: unknown = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw new CrmError({ crm: 'hubspot', code: response.status >= 500 ? 'server' : 'validation', status: response.status, category: oauthErrorCode(body), message: `HubSpot refused to revoke the refresh token (status ${response.status})` });
}

export interface OAuthTokenState {
  accessToken: string;
  refreshToken: string;
  expiresAtMs: number;
}

export interface OAuthTokenOptions {
  /** HubSpot's API origin (the sandbox's in tests). */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  initial: OAuthTokenState;
  /** Called with every new token pair; rotated refresh tokens must be stored before they are used. */
  onRefresh?: (state: OAuthTokenState) => void | Promise<void>;
  clock?: Clock;
  /** Refresh this long before expiry. */
  earlyMs?: number;
}

export class OAuthTokens implements TokenSource {
  #state: OAuthTokenState;
  #inFlight: Promise<string> | null = null;
  readonly #options: OAuthTokenOptions;
  readonly #clock: Clock;

  constructor(options: OAuthTokenOptions) {
    this.#options = options;
    this.#state = options.initial;
    this.#clock = options.clock ?? systemClock;
  }

  async current(): Promise<string> {
    if (this.#clock.now() >= this.#state.expiresAtMs - (this.#options.earlyMs ?? 60_000)) return this.refresh(this.#state.accessToken);
    return this.#state.accessToken;
  }

  refresh(rejected: string): Promise<string> {
    if (rejected !== this.#state.accessToken) return Promise.resolve(this.#state.accessToken); // someone refreshed already
    this.#inFlight ??= this.#exchange().finally(() => {
      this.#inFlight = null;
    });
    return this.#inFlight;
  }

  async #exchange(): Promise<string> {
    const { baseUrl, clientId, clientSecret } = this.#options;
    const fresh = await exchangeToken({ baseUrl, clientId, clientSecret }, { refreshToken: this.#state.refreshToken });
    const state = { accessToken: fresh.access_token, refreshToken: fresh.refresh_token, expiresAtMs: this.#clock.now() + fresh.expires_in * 1000 };
    await this.#options.onRefresh?.(state);
    this.#state = state;
    return state.accessToken;
  }
}
