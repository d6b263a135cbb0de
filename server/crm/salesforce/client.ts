// The jsforce side of the adapter: a Connection pinned to one API version whose session refresh
// goes through a per-org token vault. jsforce 3.10 drops the rotated refresh token of a refresh
// response and coordinates nothing across Connections; under refresh-token rotation replaying a
// spent token revokes the whole grant. So refreshes here are single-flight per org (in this
// process; across processes the vault must lock), and the rotated token is saved before the new
// access token is handed to jsforce. The same object serves queries, collections and metadata.
import { Connection, OAuth2 } from 'jsforce';
import type { ProvisionClient } from './provision.ts';
import type { QueryPage } from './queries.ts';
import type { CollectionsClient } from './writes.ts';

export const API_VERSION = '66.0';

export interface SalesforceTokens {
  accessToken: string;
  refreshToken: string;
  instanceUrl: string;
}

/** Where an org's tokens live (the store keeps them encrypted). */
export interface TokenVault {
  load(orgId: string): Promise<SalesforceTokens>;
  save(orgId: string, tokens: SalesforceTokens): Promise<void>;
}

export interface OAuthApp {
  loginUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

/** Refreshes an org's session: `staleAccessToken` is the token the org just refused. */
export interface SessionRefresher {
  refresh(orgId: string, staleAccessToken: string | undefined): Promise<SalesforceTokens>;
}

/** One refresh per org at a time; a caller holding an already-replaced token gets the new one. */
export class OrgRefresher implements SessionRefresher {
  private readonly inFlight = new Map<string, Promise<SalesforceTokens>>();
  private readonly vault: TokenVault;
  private readonly oauth2: OAuth2;

  constructor(app: OAuthApp, vault: TokenVault) {
    this.vault = vault;
    this.oauth2 = new OAuth2({ loginUrl: app.loginUrl, clientId: app.clientId, clientSecret: app.clientSecret, redirectUri: app.redirectUri });
  }

  refresh(orgId: string, staleAccessToken: string | undefined): Promise<SalesforceTokens> {
    const running = this.inFlight.get(orgId);
    if (running) return running;
    const job = (async () => {
      const current = await this.vault.load(orgId);
      if (staleAccessToken !== undefined && current.accessToken !== staleAccessToken) return current;
      const res = await this.oauth2.refreshToken(current.refreshToken);
      const next: SalesforceTokens = { accessToken: res.access_token, refreshToken: res.refresh_token ?? current.refreshToken, instanceUrl: res.instance_url || current.instanceUrl };
      await this.vault.save(orgId, next);
      return next;
    })().finally(() => this.inFlight.delete(orgId));
    this.inFlight.set(orgId, job);
    return job;
  }
}

export interface SalesforceClientOptions {
  orgId: string;
  userId: string;
  loginUrl: string;
  tokens: SalesforceTokens;
  refresher: SessionRefresher;
  version?: string;
  /**
   * Asked before every call: the org's credentials as they stand now (it throws when the org is no
   * longer installed). A token replaced elsewhere (another process refreshed) is taken over.
   */
  session?: () => Promise<SalesforceTokens>;
}

export class SalesforceClient implements ProvisionClient, CollectionsClient {
  readonly orgId: string;
  readonly userId: string;
  readonly conn: Connection;
  private readonly version: string;
  private readonly session: (() => Promise<SalesforceTokens>) | undefined;

  constructor(options: SalesforceClientOptions) {
    this.session = options.session;
    this.orgId = options.orgId;
    this.userId = options.userId;
    this.version = options.version ?? API_VERSION;
    this.conn = new Connection({
      version: this.version,
      loginUrl: options.loginUrl,
      instanceUrl: options.tokens.instanceUrl,
      accessToken: options.tokens.accessToken,
      refreshFn: (conn, callback) => {
        options.refresher.refresh(this.orgId, conn.accessToken ?? undefined).then(
          (t) => {
            conn.instanceUrl = t.instanceUrl;
            callback(null, t.accessToken);
          },
          (error: unknown) => {
            callback(error instanceof Error ? error : new Error(String(error)));
          },
        );
      },
    });
  }

  /** Before each call: the installation is still active, and the session is the latest one stored. */
  private async ready(): Promise<void> {
    if (!this.session) return;
    const t = await this.session();
    if (t.accessToken !== this.conn.accessToken) {
      this.conn.accessToken = t.accessToken;
      this.conn.instanceUrl = t.instanceUrl;
    }
  }

  async query(text: string): Promise<QueryPage> {
    await this.ready();
    return this.conn.query<Record<string, unknown>>(text);
  }

  async queryMore(locator: string): Promise<QueryPage> {
    await this.ready();
    return this.conn.queryMore(locator);
  }

  async updateRecords(records: Array<Record<string, unknown>>): Promise<unknown> {
    await this.ready();
    // jsforce never retries PATCH; writes.ts does.
    return this.conn.request({ method: 'PATCH', url: `/services/data/v${this.version}/composite/sobjects`, body: JSON.stringify({ allOrNone: false, records }), headers: { 'content-type': 'application/json' } });
  }

  async readMetadata(type: string, fullNames: string[]): Promise<unknown[]> {
    await this.ready();
    return [await this.conn.metadata.read(type as never, fullNames)].flat();
  }

  async saveMetadata(operation: 'create' | 'upsert', type: string, components: Array<Record<string, unknown>>): Promise<unknown[]> {
    await this.ready();
    const saved: unknown = await (operation === 'create' ? this.conn.metadata.create(type as never, components as never) : this.conn.metadata.upsert(type as never, components as never));
    return [saved].flat();
  }

  /** The org's daily API allowance as its last answer reported it (Sforce-Limit-Info). */
  apiUsage(): { used: number; limit: number } | null {
    return this.conn.limitInfo.apiUsage ?? null;
  }

  async createRecord(sobject: string, record: Record<string, unknown>): Promise<unknown> {
    await this.ready();
    return this.conn.sobject(sobject).create(record);
  }
}
