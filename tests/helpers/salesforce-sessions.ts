// Sessions of the sandbox org's users as Salesforce would hand them to a Canvas envelope: the
// web-server flow with `login_hint` (PKCE S256) against the sandbox's own client, then the code
// exchange. Also the org's other active users, to sign in as someone else.
import { createHash, randomBytes } from 'node:crypto';
import type { SalesforceSandbox } from '../../sandbox/salesforce/server.ts';

export interface SandboxSession {
  orgId: string;
  userId: string;
  accessToken: string;
  instanceUrl: string;
}

/** A new session of the active user `username` (in whichever org has them). */
export async function signInAs(sandbox: SalesforceSandbox, username: string): Promise<SandboxSession> {
  const verifier = randomBytes(32).toString('base64url');
  const authorize = new URL('/services/oauth2/authorize', sandbox.url);
  for (const [k, v] of Object.entries({ response_type: 'code', client_id: sandbox.client.clientId, redirect_uri: sandbox.client.redirectUri, code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256', login_hint: username })) authorize.searchParams.set(k, v);
  const redirect = await fetch(authorize, { redirect: 'manual' });
  const code = new URL(redirect.headers.get('location') ?? '').searchParams.get('code');
  if (!code) throw new Error(`the sandbox did not sign in ${username}`);
  const body = new URLSearchParams({ grant_type: 'authorization_code', code, client_id: sandbox.client.clientId, client_secret: sandbox.client.clientSecret, redirect_uri: sandbox.client.redirectUri, code_verifier: verifier });
  const answer = (await (await fetch(new URL('/services/oauth2/token', sandbox.url), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body })).json()) as { access_token: string; instance_url: string; id: string };
  const [orgId, userId] = new URL(answer.id).pathname.split('/').slice(-2) as [string, string];
  return { orgId, userId, accessToken: answer.access_token, instanceUrl: answer.instance_url };
}

/** Active standard users of the org other than the integration user (CSMs, agents). */
export async function otherUsers(sandbox: SalesforceSandbox, orgIndex = 0): Promise<Array<{ Id: string; Username: string }>> {
  const org = sandbox.orgs[orgIndex]!;
  const soql = `SELECT Id, Username FROM User WHERE IsActive = true AND UserType = 'Standard' AND Id != '${org.userId}' ORDER BY Username`;
  const response = await fetch(new URL(`/services/data/v66.0/query?q=${encodeURIComponent(soql)}`, sandbox.url), { headers: { authorization: `Bearer ${org.accessToken}` } });
  if (response.status !== 200) throw new Error(`user query failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { records: Array<{ Id: string; Username: string }> }).records;
}

/** Revokes an access token at the sandbox's revoke endpoint (as a user logging out or an admin ending the session). */
export async function revoke(sandbox: SalesforceSandbox, token: string): Promise<number> {
  const response = await fetch(new URL('/services/oauth2/revoke', sandbox.url), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token }) });
  await response.body?.cancel();
  return response.status;
}
