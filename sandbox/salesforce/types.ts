// The Salesforce sandbox's public contract: options, the handle startSalesforceSandbox returns, stats.
import type { AccountSnapshot } from '../../server/domain/snapshot.ts';

export interface OrgOptions {
  /** 18-character org id (starts with 00D); derived from the index when absent. */
  orgId?: string;
  accounts: number;
  seed: string;
  ticketsPerAccount?: number;
  /**
   * Custom fields this org lacks ("Usage_Snapshot__c.Logins__c"): an org set up before the field
   * existed. Queries naming them fail with INVALID_FIELD, as Salesforce's do.
   */
  withoutFields?: string[];
  /**
   * Shared Activities (default on): a Task or Event names up to 50 contacts (TaskWhoIds /
   * EventWhoIds), read back through TaskWhoRelation / EventWhoRelation. Off: those objects and fields
   * do not exist (INVALID_TYPE / INVALID_FIELD) and WhoId is the activity's one person.
   */
  sharedActivities?: boolean;
}

export interface FaultOptions {
  seed?: string;
  /** Share of write calls (REST POST/PATCH/DELETE, Metadata API) answered 503 (0…1). */
  writeErrorRate?: number;
  /** Share of records in a collections update failing with UNABLE_TO_LOCK_ROW (0…1). */
  lockErrorRate?: number;
  /** Extra latency added to every API call, uniformly drawn in [min, max] ms. */
  latencyMs?: { min: number; max: number };
}

export interface OAuthClientOptions {
  clientId?: string;
  clientSecret?: string;
  redirectUri?: string;
}

export interface SandboxOptions {
  port?: number;
  host?: string;
  orgs?: OrgOptions[];
  asOf?: string;
  faults?: FaultOptions;
  /** Daily API requests allowed per org (rolling 24 h; default 100,000 + 1,000 × 15 licences). */
  dailyApiRequests?: number;
  /** Session lifetime (default 7,200 s, Salesforce's default "Timeout Value"). */
  accessTokenTtlSeconds?: number;
  /** Refresh Token Rotation on the External Client App (default on: required for multi-org apps). */
  rotateRefreshTokens?: boolean;
  /** The integration user may use the Metadata API (Modify Metadata / Customize Application). */
  modifyMetadata?: boolean;
  now?: () => number;
  oauthClient?: OAuthClientOptions;
}

export interface SandboxStats {
  requests: number;
  /** Route pattern ("PATCH /services/data/:version/composite/sobjects") → HTTP status → count. */
  byRoute: Record<string, Record<string, number>>;
  /** Records sent in each collections write, in order. */
  collectionSizes: number[];
  /** Authenticated API calls (REST and Metadata SOAP) by the host they were sent to ("127.0.0.1:4020"). */
  apiByHost: Record<string, number>;
}

export interface SandboxOrgCredentials {
  orgId: string;
  userId: string;
  username: string;
  instanceUrl: string;
  accessToken: string;
  refreshToken: string;
}

export interface SandboxClient {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

export interface ApiUsage {
  used: number;
  max: number;
}

export interface SalesforceSandbox {
  /** The server's base URL: both the login URL and every org's instance URL. */
  url: string;
  orgs: SandboxOrgCredentials[];
  client: SandboxClient;
  stats(): SandboxStats;
  resetStats(): void;
  setFaults(f: FaultOptions | null): void;
  expireAccessTokens(orgId?: string): void;
  /** An admin deactivates the user (`IsActive` false): their sessions end, as in Salesforce. */
  deactivateUser(orgId: string, userId: string): void;
  apiUsage(orgId: string): ApiUsage;
  setApiLimit(o: { max?: number; consume?: { orgId: string; count: number } }): void;
  archiveActivities(o: { orgId: string; olderThanDays: number }): { archived: number };
  /**
   * Moves the org to a new instance (an org migration or a My Domain change): a new host serves it
   * (another port of this server) and every token response for the org names it as `instance_url`
   * from now on. Calls to the old host keep working, as Salesforce's redirect of a previous domain does.
   */
  moveInstance(orgId: string): Promise<{ instanceUrl: string }>;
  /** Usage moves, a new case arrives and an open case gets a reply, for a sample of accounts. */
  simulateActivity(o: { orgId: string; accountFraction: number; seed: string }): { accountIds: string[] };
  seeded(orgId: string): Array<{ accountId: string; snapshot: AccountSnapshot }>;
  /**
   * One more account built from this snapshot the way the seed builds every generated one (its
   * Usage_Snapshot__c rows included); returns its Id. For tests that need a fixture the generator does not make.
   */
  seedAccount(orgId: string, snapshot: AccountSnapshot): string;
  close(): Promise<void>;
}
