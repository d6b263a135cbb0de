// Salesforce access outside the sidecar (the CLI's `sync --crm salesforce`): a session started from
// a refresh token or an access token, and an adapter over it whose refreshes go through a vault the
// caller keeps (the CLI keeps it in a 0600 file). The jsforce calls stay in this directory.
import { Connection, OAuth2 } from 'jsforce';
import type { CrmAdapter } from '../port.ts';
import { SalesforceAdapter } from './adapter.ts';
import { API_VERSION, OrgRefresher, SalesforceClient, type SalesforceTokens } from './client.ts';
import type { SalesforceMapping } from './mapping.ts';

export interface StandaloneSession extends SalesforceTokens {
  orgId: string;
  userId: string;
}

export interface StandaloneApp {
  loginUrl: string;
  clientId: string;
  clientSecret: string;
}

/** The org and user of an identity URL (…/id/00D…/005…). */
function idsOf(identityUrl: string): { orgId: string; userId: string } {
  const parts = new URL(identityUrl).pathname.split('/').filter(Boolean);
  const [orgId, userId] = parts.slice(-2);
  if (!orgId || !userId) throw new Error(`unexpected identity URL ${identityUrl}`);
  return { orgId, userId };
}

/** Spends a refresh token (under rotation it is gone afterwards: keep the session's new one). */
export async function sessionFromRefreshToken(app: StandaloneApp, refreshToken: string, fallbackInstanceUrl: string): Promise<StandaloneSession> {
  const res = await new OAuth2(app).refreshToken(refreshToken);
  return { ...idsOf(res.id), accessToken: res.access_token, refreshToken: res.refresh_token ?? refreshToken, instanceUrl: res.instance_url || fallbackInstanceUrl };
}

/** A session from an access token alone (no refresh: it ends when the token does). */
export async function sessionFromAccessToken(instanceUrl: string, accessToken: string): Promise<StandaloneSession> {
  const identity = await new Connection({ version: API_VERSION, instanceUrl, accessToken }).identity();
  return { orgId: identity.organization_id, userId: identity.user_id, accessToken, refreshToken: '', instanceUrl };
}

/** The adapter over a session; every refreshed (possibly rotated) session is handed to `onTokens` before it is used. */
export function standaloneSalesforceAdapter(options: { app: StandaloneApp; session: StandaloneSession; mapping: SalesforceMapping; onTokens: (tokens: SalesforceTokens) => void }): CrmAdapter {
  const { app, session } = options;
  let tokens: SalesforceTokens = session;
  const refresher = new OrgRefresher(
    { ...app, redirectUri: '' },
    {
      load: () => Promise.resolve(tokens),
      save: (_orgId, next) => {
        tokens = next;
        options.onTokens(next);
        return Promise.resolve();
      },
    },
  );
  const client = new SalesforceClient({ orgId: session.orgId, userId: session.userId, loginUrl: app.loginUrl, tokens, refresher });
  return new SalesforceAdapter({ client, mapping: options.mapping });
}
