// The sandbox's public contract: options, the handle returned by startHubSpotSandbox, stats.
import type { AccountSnapshot } from '../../server/domain/snapshot.ts';

export interface PortalOptions {
  portalId: number;
  accounts: number;
  seed: string;
  ticketsPerAccount?: number;
}

export interface FaultOptions {
  seed?: string;
  /** Share of CRM requests answered 502/503/504 (0…1). */
  serverErrorRate?: number;
  /** Share of CRM requests that start a burst of 429s (0…1). */
  rateLimitBurstRate?: number;
  /** Requests of that portal answered 429 in a burst, the triggering one included (default 3). */
  rateLimitBurstLength?: number;
  /** Share of batch read/update inputs that fail inside an otherwise successful 207 (0…1). */
  partialFailureRate?: number;
  /** Which batch calls partialFailureRate applies to (default both reads and updates). */
  partialFailureScope?: 'read' | 'update' | 'both';
  /** Extra latency added to every CRM request, uniformly drawn in [min, max] ms. */
  latencyMs?: { min: number; max: number };
  /** Inputs of associations v4 batch reads that fail inside a 207 with an error other than OBJECT_NOT_FOUND. */
  associationFailures?: AssociationFailureOptions;
}

/** Which association read inputs fail (every filter left out matches all), how often, and how. */
export interface AssociationFailureOptions {
  /** Only reads from this object type (its name, e.g. "meetings"). */
  from?: string;
  /** Only reads to this object type. */
  to?: string;
  /** Only these input ids. */
  ids?: string[];
  /** Each matching input fails the first `times` reads that ask for it, then is answered (default: every read). */
  times?: number;
  /** The error's category (default INTERNAL_ERROR, a temporary error; RATE_LIMITS, a limit hit inside the batch). */
  category?: 'INTERNAL_ERROR' | 'RATE_LIMITS';
}

export interface RateLimitOptions {
  perTenSeconds?: number;
  searchPerSecond?: number;
}

export interface OAuthClientOptions {
  clientId?: string;
  clientSecret?: string;
  redirectUri?: string;
}

export interface SandboxOptions {
  port?: number;
  host?: string;
  portals?: PortalOptions[];
  asOf?: string;
  rateLimit?: RateLimitOptions;
  faults?: FaultOptions;
  accessTokenTtlSeconds?: number;
  rotateRefreshTokens?: boolean;
  now?: () => number;
  /** Custom properties allowed per object type (HubSpot's limits endpoint reports it; default 1,000). */
  customPropertyLimit?: number;
  /** The one OAuth app the sandbox knows (random client id/secret by default). */
  oauthClient?: OAuthClientOptions;
}

export interface SandboxStats {
  requests: number;
  /** Route pattern ("POST /crm/v3/objects/:type/batch/read") → HTTP status → count. */
  byRoute: Record<string, Record<string, number>>;
  rateLimited: number;
}

export interface SandboxPortalCredentials {
  portalId: number;
  accessToken: string;
  refreshToken: string;
}

export interface SandboxClient {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

export interface SimulateActivityOptions {
  portalId: number;
  companyFraction: number;
  seed: string;
}

export interface HubSpotSandbox {
  url: string;
  portals: SandboxPortalCredentials[];
  client: SandboxClient;
  stats(): SandboxStats;
  resetStats(): void;
  setFaults(f: FaultOptions | null): void;
  setRateLimit(r: RateLimitOptions): void;
  expireAccessTokens(portalId?: number): void;
  seeded(portalId: number): Array<{ companyId: string; snapshot: AccountSnapshot }>;
  /**
   * One more company built from this snapshot the way the seed builds every generated one (its
   * usage histories included); returns its id. For tests that need a fixture the generator does not make.
   */
  seedAccount(portalId: number, snapshot: AccountSnapshot): string;
  simulateActivity(o: SimulateActivityOptions): { companyIds: string[] };
  /** Refresh tokens revoked through POST /oauth/2026-03/token/revoke, oldest first. */
  revocations(): Array<{ portalId: number; at: number }>;
  /** What an admin's uninstall inside HubSpot does: every refresh token of the portal stops working, access tokens expire. */
  uninstallApp(portalId: number): void;
  /** The user id the sandbox's OAuth flow installs as (the installing HubSpot user) for a portal. */
  installerUserId(portalId: number): number;
  close(): Promise<void>;
}
