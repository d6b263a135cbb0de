// OAuth state for the one External Client App: authorization codes (single use, 15 minutes, PKCE
// S256), access tokens (per org and user, 2 hours by default) and refresh-token families. With
// rotation on, every refresh spends the presented token and issues a new one; presenting a spent
// token again revokes its whole family (every refresh and access token issued from it).
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { Clock } from './clock.ts';
import type { SandboxClient } from './types.ts';

export const CODE_TTL_MS = 15 * 60_000;
export const DEFAULT_SCOPES = ['api', 'refresh_token', 'id'];

interface AccessGrant { orgId: string; userId: string; family: string; expiresAt: number }
interface RefreshGrant { orgId: string; userId: string; scopes: string[]; family: string; spent: boolean }
interface CodeGrant { orgId: string; userId: string; redirectUri: string; scopes: string[]; challenge?: string; expiresAt: number }

export interface Session {
  orgId: string;
  userId: string;
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken?: string;
  orgId: string;
  userId: string;
  scopes: string[];
  issuedAt: number;
}

export type RefreshOutcome = { ok: true; tokens: IssuedTokens } | { ok: false; reason: 'unknown' | 'replayed' };

function base62(bytes: number): string {
  return randomBytes(bytes).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}

export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

export class TokenStore {
  readonly client: SandboxClient;
  readonly rotate: boolean;
  private readonly access = new Map<string, AccessGrant>();
  private readonly refresh = new Map<string, RefreshGrant>();
  private readonly codes = new Map<string, CodeGrant>();
  private readonly revokedFamilies = new Set<string>();
  private readonly now: Clock;
  private readonly ttlMs: number;
  private families = 0;

  constructor(client: SandboxClient, now: Clock, ttlSeconds: number, rotate: boolean) {
    this.client = client;
    this.now = now;
    this.ttlMs = ttlSeconds * 1000;
    this.rotate = rotate;
  }

  private accessToken(orgId: string, userId: string, family: string): string {
    // Opaque, never a JWT (jsforce refuses JWT tokens for SOAP calls below API 68.0).
    const token = `${orgId.slice(0, 15)}!AQ${base62(72)}`;
    this.access.set(token, { orgId, userId, family, expiresAt: this.now() + this.ttlMs });
    return token;
  }

  private refreshToken(orgId: string, userId: string, scopes: string[], family: string): string {
    const token = `5Aep861${base62(60)}`;
    this.refresh.set(token, { orgId, userId, scopes, family, spent: false });
    return token;
  }

  /** A new grant (a new refresh-token family), as the authorization-code exchange issues it. */
  issue(orgId: string, userId: string, scopes: string[]): IssuedTokens {
    const family = `f${++this.families}`;
    const withRefresh = scopes.includes('refresh_token') || scopes.includes('offline_access') || scopes.includes('full');
    return {
      accessToken: this.accessToken(orgId, userId, family),
      ...(withRefresh ? { refreshToken: this.refreshToken(orgId, userId, scopes, family) } : {}),
      orgId, userId, scopes, issuedAt: this.now(),
    };
  }

  useRefresh(token: string): RefreshOutcome {
    const grant = this.refresh.get(token);
    if (!grant || this.revokedFamilies.has(grant.family)) return { ok: false, reason: 'unknown' };
    if (grant.spent) {
      this.revokeFamily(grant.family);
      return { ok: false, reason: 'replayed' };
    }
    const tokens: IssuedTokens = { accessToken: this.accessToken(grant.orgId, grant.userId, grant.family), orgId: grant.orgId, userId: grant.userId, scopes: grant.scopes, issuedAt: this.now() };
    if (this.rotate) {
      grant.spent = true;
      tokens.refreshToken = this.refreshToken(grant.orgId, grant.userId, grant.scopes, grant.family);
    }
    return { ok: true, tokens };
  }

  authenticate(token: string | undefined): Session | undefined {
    const grant = token ? this.access.get(token) : undefined;
    if (!grant || this.revokedFamilies.has(grant.family) || this.now() >= grant.expiresAt) return undefined;
    return { orgId: grant.orgId, userId: grant.userId };
  }

  /** Revoking a refresh token revokes its family; revoking an access token ends that session only. */
  revoke(token: string): boolean {
    const r = this.refresh.get(token);
    if (r && this.revokedFamilies.has(r.family)) return false;
    if (r) {
      this.revokeFamily(r.family);
      return true;
    }
    const a = this.access.get(token);
    if (a) {
      this.access.delete(token);
      return true;
    }
    return false;
  }

  private revokeFamily(family: string): void {
    this.revokedFamilies.add(family);
  }

  expireAccessTokens(orgId?: string): void {
    const now = this.now();
    for (const grant of this.access.values()) if (orgId === undefined || grant.orgId === orgId) grant.expiresAt = Math.min(grant.expiresAt, now);
  }

  createCode(grant: Omit<CodeGrant, 'expiresAt'>): string {
    const code = `aPrx${base62(48)}`;
    this.codes.set(code, { ...grant, expiresAt: this.now() + CODE_TTL_MS });
    return code;
  }

  /** Consumes a code (single use, even when the exchange then fails). */
  takeCode(code: string): CodeGrant | 'expired' | undefined {
    const grant = this.codes.get(code);
    if (!grant) return undefined;
    this.codes.delete(code);
    return this.now() > grant.expiresAt ? 'expired' : grant;
  }

  /** The `signature` of a token response: HMAC-SHA256 of id + issued_at with the client secret. */
  signature(idUrl: string, issuedAt: number): string {
    return createHmac('sha256', this.client.clientSecret).update(`${idUrl}${issuedAt}`).digest('base64');
  }
}
