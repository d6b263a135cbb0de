// The Salesforce sandbox driven through the real jsforce 3.10: connections pinned to API 66.0 with
// the sandbox as both login and instance URL, and a rotation-safe refresh-token holder.
import { Connection } from 'jsforce';
import { OrgRefresher, SalesforceClient, type SalesforceTokens, type TokenVault } from '../../server/crm/salesforce/client.ts';
import type { SalesforceSandbox, SandboxOrgCredentials } from '../../sandbox/salesforce/server.ts';

export const SF_VERSION = '66.0';
export const SF_AS_OF = '2026-11-01T00:00:00.000Z';

export interface TokenHolder {
  refreshToken: string;
  refreshes: number;
}

/** A Connection for the org; with `refresh`, jsforce refreshes on 401 and the rotated token is kept (jsforce drops it). */
export function connect(sb: SalesforceSandbox, org: SandboxOrgCredentials, options: { accessToken?: string; refresh?: TokenHolder } = {}): Connection {
  const conn = new Connection({
    version: SF_VERSION,
    loginUrl: sb.url,
    instanceUrl: org.instanceUrl,
    accessToken: options.accessToken ?? org.accessToken,
    ...(options.refresh
      ? { refreshToken: options.refresh.refreshToken, oauth2: { clientId: sb.client.clientId, clientSecret: sb.client.clientSecret, redirectUri: sb.client.redirectUri, loginUrl: sb.url } }
      : {}),
  });
  const holder = options.refresh;
  if (holder) {
    conn.on('refresh', (_accessToken: string, res: { refresh_token?: string }) => {
      holder.refreshes++;
      if (res.refresh_token) {
        holder.refreshToken = res.refresh_token;
        conn.refreshToken = res.refresh_token;
      }
    });
  }
  return conn;
}

/** Raw REST call with jsforce's retries off (its GET retries on 5xx take ~15 s). */
export function rawGet<T>(conn: Connection, path: string): Promise<T> {
  return conn.request<T>({ method: 'GET', url: path }, { retry: { maxRetries: 0 } });
}

/** The adapter's own client for the org, its tokens in an in-memory vault. */
export function adapterClient(sb: SalesforceSandbox, org: SandboxOrgCredentials = sb.orgs[0]!): SalesforceClient {
  let tokens: SalesforceTokens = { accessToken: org.accessToken, refreshToken: org.refreshToken, instanceUrl: org.instanceUrl };
  const vault: TokenVault = {
    load: () => Promise.resolve(tokens),
    save: (_orgId, next) => {
      tokens = next;
      return Promise.resolve();
    },
  };
  return new SalesforceClient({ orgId: org.orgId, userId: org.userId, loginUrl: sb.url, tokens, refresher: new OrgRefresher({ loginUrl: sb.url, ...sb.client }, vault) });
}
