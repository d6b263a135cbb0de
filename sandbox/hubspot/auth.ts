// OAuth state: the one app, authorization codes (single use, 10 minutes), access tokens (one portal
// each, 30 minutes by default) and refresh tokens (rotated on use when rotation is on).
import { randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from './clock.ts';
import { expiredToken, missingCredentials, type HubSpotError } from './errors.ts';
import type { SandboxClient } from './types.ts';

export const CODE_TTL_MS = 10 * 60_000;

export const DEFAULT_SCOPES = [
  'oauth',
  'crm.objects.companies.read', 'crm.objects.companies.write',
  'crm.objects.contacts.read', 'crm.objects.deals.read', 'tickets',
  'crm.schemas.companies.read', 'crm.schemas.companies.write',
  'sales-email-read',
];

interface AccessGrant { portalId: number; expiresAt: number; scopes: string[] }
interface RefreshGrant { portalId: number; userId: number; scopes: string[] }
interface CodeGrant { portalId: number; userId: number; redirectUri: string; scopes: string[]; expiresAt: number }

export interface TokenResponse {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  token_type: 'bearer';
  hub_id: number;
  user_id: number;
  scopes: string[];
}

export type Authenticated = { ok: true; portalId: number } | { ok: false; error: HubSpotError };

export class TokenStore {
  readonly client: SandboxClient;
  private readonly access = new Map<string, AccessGrant>();
  private readonly refresh = new Map<string, RefreshGrant>();
  private readonly codes = new Map<string, CodeGrant>();
  private readonly now: Clock;
  private readonly ttlMs: number;
  readonly rotate: boolean;

  constructor(client: SandboxClient, now: Clock, ttlSeconds: number, rotate: boolean) {
    this.client = client;
    this.now = now;
    this.ttlMs = ttlSeconds * 1000;
    this.rotate = rotate;
  }

  /** A fresh token pair, as the token endpoint would issue it. */
  issue(portalId: number, userId: number, scopes: string[], refreshToken?: string): TokenResponse {
    // Opaque like HubSpot's (region-prefixed, ~150 characters for access tokens).
    const accessToken = `CN${randomBytes(108).toString('base64url')}`;
    this.access.set(accessToken, { portalId, expiresAt: this.now() + this.ttlMs, scopes });
    const refresh = refreshToken ?? `na1-${randomUUID()}`;
    this.refresh.set(refresh, { portalId, userId, scopes });
    return { access_token: accessToken, refresh_token: refresh, expires_in: Math.round(this.ttlMs / 1000), token_type: 'bearer', hub_id: portalId, user_id: userId, scopes };
  }

  authenticate(header: string | undefined): Authenticated {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    const grant = match?.[1] ? this.access.get(match[1]) : undefined;
    if (!grant) return { ok: false, error: missingCredentials() };
    const now = this.now();
    if (now >= grant.expiresAt) return { ok: false, error: expiredToken(grant.expiresAt, now) };
    return { ok: true, portalId: grant.portalId };
  }

  /** Every issued access token (of one portal, or all) is expired from now on. */
  expireAccessTokens(portalId?: number): void {
    const now = this.now();
    for (const grant of this.access.values()) {
      if (portalId === undefined || grant.portalId === portalId) grant.expiresAt = Math.min(grant.expiresAt, now);
    }
  }

  createCode(portalId: number, userId: number, redirectUri: string, scopes: string[]): string {
    const code = randomUUID();
    this.codes.set(code, { portalId, userId, redirectUri, scopes, expiresAt: this.now() + CODE_TTL_MS });
    return code;
  }

  /** Consumes a code (single use, even when the exchange then fails on the redirect URI). */
  takeCode(code: string): CodeGrant | 'expired' | undefined {
    const grant = this.codes.get(code);
    if (!grant) return undefined;
    this.codes.delete(code);
    return this.now() > grant.expiresAt ? 'expired' : grant;
  }

  /** Revocations received (RFC 7009 style: an unknown token is not an error). */
  readonly revocations: Array<{ portalId: number; at: number }> = [];

  /** POST /oauth/2026-03/token/revoke: the refresh token stops working; access tokens run out on their own. */
  revoke(token: string): void {
    const grant = this.refresh.get(token);
    if (!grant) return;
    this.refresh.delete(token);
    this.revocations.push({ portalId: grant.portalId, at: this.now() });
  }

  /** The app uninstalled inside HubSpot: no refresh token of the portal works any more, access tokens expire. */
  revokePortal(portalId: number): void {
    for (const [token, grant] of this.refresh) if (grant.portalId === portalId) this.refresh.delete(token);
    this.expireAccessTokens(portalId);
  }

  /** The refresh grant; with rotation on, the token is spent by this use. */
  takeRefresh(token: string): RefreshGrant | undefined {
    const grant = this.refresh.get(token);
    if (grant && this.rotate) this.refresh.delete(token);
    return grant;
  }
}
