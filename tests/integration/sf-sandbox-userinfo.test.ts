// The sandbox's OpenID Connect UserInfo endpoint answers as Salesforce's does: the session's user
// claims for a live token (Bearer header or oauth_token), 403 with a bare error code otherwise —
// Missing_OAuth_Token without a token, Bad_OAuth_Token for an unknown, revoked or expired token and
// for a deactivated user (whose REST calls then fail with INVALID_SESSION_ID too).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../sandbox/salesforce/server.ts';
import { otherUsers, revoke, signInAs } from '../helpers/salesforce-sessions.ts';

let sandbox: SalesforceSandbox;
let users: Array<{ Id: string; Username: string }>;

const userinfo = async (token?: string, via: 'header' | 'query' = 'header') => {
  const url = new URL('/services/oauth2/userinfo', sandbox.url);
  if (token && via === 'query') url.searchParams.set('oauth_token', token);
  const response = await fetch(url, { headers: token && via === 'header' ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
};

beforeAll(async () => {
  sandbox = await startSalesforceSandbox({ orgs: [{ accounts: 2, seed: 'userinfo' }] });
  users = await otherUsers(sandbox);
  expect(users.length).toBeGreaterThan(2);
});

afterAll(async () => {
  await sandbox?.close();
});

describe('GET /services/oauth2/userinfo', () => {
  it("answers a live session's user and org, by header or oauth_token", async () => {
    const org = sandbox.orgs[0]!;
    for (const via of ['header', 'query'] as const) {
      const answer = await userinfo(org.accessToken, via);
      expect(answer.status).toBe(200);
      expect(answer.type).toMatch(/^application\/json/);
      const body = JSON.parse(answer.text) as Record<string, unknown>;
      expect(body).toMatchObject({ sub: `${sandbox.url}/id/${org.orgId}/${org.userId}`, user_id: org.userId, organization_id: org.orgId, preferred_username: org.username, active: true, user_type: 'STANDARD' });
      expect(body).toHaveProperty('urls.rest');
    }
  });

  it('refuses with 403 and a bare code: no token, an unknown one, a revoked one, an expired one', async () => {
    expect(await userinfo()).toMatchObject({ status: 403, text: 'Missing_OAuth_Token' });
    expect(await userinfo('00D000000000000!AQnotatoken')).toMatchObject({ status: 403, text: 'Bad_OAuth_Token' });
    const someone = users[0];
    const revoked = await signInAs(sandbox, someone!.Username);
    expect((await userinfo(revoked.accessToken)).status).toBe(200);
    expect(await revoke(sandbox, revoked.accessToken)).toBe(200);
    expect(await userinfo(revoked.accessToken)).toMatchObject({ status: 403, text: 'Bad_OAuth_Token' });
    const expiring = await signInAs(sandbox, someone!.Username);
    sandbox.expireAccessTokens(expiring.orgId); // every session of the org, the integration user's too
    expect(await userinfo(expiring.accessToken)).toMatchObject({ status: 403, text: 'Bad_OAuth_Token' });
  });

  it("ends a deactivated user's sessions: userinfo 403 Bad_OAuth_Token, REST 401 INVALID_SESSION_ID", async () => {
    const leaver = users[users.length - 1]!;
    const session = await signInAs(sandbox, leaver.Username);
    expect(session.userId).toBe(leaver.Id);
    expect((await userinfo(session.accessToken)).status).toBe(200);
    sandbox.deactivateUser(session.orgId, session.userId);
    expect(await userinfo(session.accessToken)).toMatchObject({ status: 403, text: 'Bad_OAuth_Token' });
    const rest = await fetch(new URL('/services/data/v66.0/limits', sandbox.url), { headers: { authorization: `Bearer ${session.accessToken}` } });
    expect(rest.status).toBe(401);
    expect(await rest.json()).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
  });
});
