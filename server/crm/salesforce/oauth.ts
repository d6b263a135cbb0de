// The External Client App's OAuth calls, through jsforce's OAuth2: the web-server flow's code
// exchange (with the PKCE verifier), the refresh_token grant (whose rotated refresh token jsforce
// would otherwise drop: it is returned here), and revoke. Every token response is parsed with zod;
// the org and user come from its `id` (the identity URL …/id/<orgId>/<userId>).
import { createHash, randomBytes } from 'node:crypto';
import { OAuth2 } from 'jsforce';
import { z } from 'zod';
import { toCrmError } from './errors.ts';

export interface SalesforceApp {
  /** https://login.salesforce.com, https://test.salesforce.com or a My Domain login URL. */
  loginUrl: string;
  clientId: string;
  clientSecret: string;
  /** Our callback as the app knows it (only the code exchange needs it). */
  redirectUri?: string;
}

const SalesforceId = z.string().regex(/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/);

/** The org and user of an identity URL (https://login.salesforce.com/id/00D…/005…). */
export const IdentityUrl = z.url({ protocol: /^https?$/ }).transform((url, ctx) => {
  const parts = new URL(url).pathname.split('/').filter(Boolean);
  const [kind, orgId, userId] = parts.slice(-3);
  if (kind !== 'id' || !SalesforceId.safeParse(orgId).success || !SalesforceId.safeParse(userId).success) {
    ctx.addIssue({ code: 'custom', message: 'not a Salesforce identity URL (…/id/<orgId>/<userId>)' });
    return z.NEVER;
  }
  return { orgId: orgId!, userId: userId! };
});

const TokenResponse = z.looseObject({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  instance_url: z.url({ protocol: /^https?$/ }),
  id: IdentityUrl,
  scope: z.string().optional(),
  issued_at: z.string().optional(),
});

export interface SalesforceGrant {
  accessToken: string;
  /** Absent on a refresh without rotation: the refresh token used stays valid. */
  refreshToken: string | null;
  instanceUrl: string;
  orgId: string;
  userId: string;
  scopes: string[] | null;
}

function grantOf(raw: unknown): SalesforceGrant {
  const parsed = TokenResponse.safeParse(raw);
  if (!parsed.success) throw new Error(`Salesforce answered the token request without ${parsed.error.issues.map((i) => i.path.join('.') || 'a valid body').join(', ')}`);
  const t = parsed.data;
  return { accessToken: t.access_token, refreshToken: t.refresh_token ?? null, instanceUrl: t.instance_url.replace(/\/+$/, ''), orgId: t.id.orgId, userId: t.id.userId, scopes: t.scope ? t.scope.split(/\s+/).filter(Boolean) : null };
}

function oauth2(app: SalesforceApp): OAuth2 {
  return new OAuth2({ loginUrl: app.loginUrl, clientId: app.clientId, clientSecret: app.clientSecret, ...(app.redirectUri ? { redirectUri: app.redirectUri } : {}) });
}

/** A PKCE pair (S256): the verifier stays with us, the challenge goes to the authorize page. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(64).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** The authorize page of the web-server flow, with PKCE and our state. */
export function authorizeUrl(app: SalesforceApp & { redirectUri: string }, options: { state: string; challenge: string; scopes: string[] }): string {
  const url = new URL('/services/oauth2/authorize', app.loginUrl);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', app.clientId);
  url.searchParams.set('redirect_uri', app.redirectUri);
  url.searchParams.set('scope', options.scopes.join(' '));
  url.searchParams.set('state', options.state);
  url.searchParams.set('code_challenge', options.challenge);
  url.searchParams.set('code_challenge_method', 'S256');
  return url.toString();
}

export async function exchangeCode(app: SalesforceApp & { redirectUri: string }, code: string, verifier: string): Promise<SalesforceGrant> {
  return grantOf(await oauth2(app).requestToken(code, { code_verifier: verifier }));
}

export async function refreshGrant(app: SalesforceApp, refreshToken: string): Promise<SalesforceGrant> {
  return grantOf(await oauth2(app).refreshToken(refreshToken));
}

/** Revoking a refresh token ends the whole grant (every access token issued from it). */
export async function revokeToken(app: SalesforceApp, token: string): Promise<void> {
  await oauth2(app).revokeToken(token);
}

/** The refresh token is gone (revoked, the app uninstalled, or a rotated token replayed). */
export function isRevokedGrant(error: unknown): boolean {
  return toCrmError(error).category === 'invalid_grant';
}
