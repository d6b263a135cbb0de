// The Salesforce card over HTTP: POST /canvas/salesforce with Salesforce's signed request gives the
// web card for the envelope's Account, framable by the org's origins only and carrying a card
// token (never the session token); the card routes accept that token for that org and Account
// only; the account view, recompute and objectives come from the sandbox org through the real
// jsforce adapter. Nothing logged contains the session token or the signed request. Every load
// asks the sandbox's UserInfo endpoint whether the envelope's session is a live one of the user it
// names: a kept signed request whose session was revoked or expired, or whose user was
// deactivated, or whose token is another user's, is refused; a positive answer is cached briefly.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_SESSION_TTL_MS } from '../../server/crm/salesforce/canvas-session.ts';
import { CardTokens, cardTokenKey } from '../../server/http/card-token.ts';
import { connect } from '../helpers/salesforce.ts';
import { canvasEnvelope, CANVAS_SECRET, signCanvasRequest } from '../helpers/canvas.ts';
import { cardTokenOf, postCanvas, startCanvasStack, type CanvasStack } from '../helpers/canvas-stack.ts';
import { otherUsers, revoke, signInAs, type SandboxSession } from '../helpers/salesforce-sessions.ts';

let stack: CanvasStack;
let accountsInOrg: Array<{ Id: string; Name: string }>;
/** The envelope's user: the org's integration user, with its live sandbox session. */
let USER = '';
let SESSION_TOKEN = '';
/** Added to the session check's clock, to step past its cache lifetime. */
let skewMs = 0;
const TARGET_ORIGIN = 'https://acme.lightning.force.com';

const envelopeFor = (accountId: string, o: Partial<Parameters<typeof canvasEnvelope>[0]> = {}) =>
  canvasEnvelope({ orgId: stack.orgId, accountId, userId: USER, oauthToken: SESSION_TOKEN, instanceUrl: stack.sandbox.url, targetOrigin: TARGET_ORIGIN, ...o });
/** The envelope Salesforce would sign for this session's user. */
const envelopeOf = (session: SandboxSession, accountId: string) => envelopeFor(accountId, { userId: session.userId, oauthToken: session.accessToken });
const codeOf = async (response: Response) => /data-code="([^"]+)"/.exec(await response.text())?.[1] ?? `(status ${response.status}, no code)`;
const userInfoCalls = () => Object.values(stack.sandbox.stats().byRoute['GET /services/oauth2/userinfo'] ?? {}).reduce((a, b) => a + b, 0);
const pastCache = () => (skewMs += DEFAULT_SESSION_TTL_MS + 1_000);

/** What the tests read of the answers (success view, plan, recompute, error envelope). */
interface Answer {
  state?: string;
  portalId?: string;
  company?: { id: string; name: string };
  result?: { rob: { score: number | null }; risk: { level: string }; plan: { objectives: Array<{ statement: string }> } };
  version?: number;
  updatedBy?: string | null;
  current?: { version: number };
  status?: string;
  view?: Answer;
  error?: { code: string; message: string };
}

async function api(method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; json: Answer; headers: Headers }> {
  const response = await fetch(`${stack.url}${path}`, {
    method,
    headers: { accept: 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: (text ? JSON.parse(text) : {}) as Answer, headers: response.headers };
}

/** The success view, polled while it is computing. */
async function successView(accountId: string, token: string): Promise<{ status: number; json: Answer }> {
  for (let i = 0; i < 60; i++) {
    const r = await api('GET', `/api/v1/salesforce/${stack.orgId}/accounts/${accountId}/success`, token);
    if (r.status !== 202) return r;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('the account stayed "computing"');
}

beforeAll(async () => {
  stack = await startCanvasStack({ now: () => Date.now() + skewMs });
  USER = stack.sandbox.orgs[0]!.userId;
  SESSION_TOKEN = stack.sandbox.orgs[0]!.accessToken;
  accountsInOrg = (await connect(stack.sandbox, stack.sandbox.orgs[0]!).query<{ Id: string; Name: string }>('SELECT Id, Name FROM Account ORDER BY Name LIMIT 3')).records;
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

describe('POST /canvas/salesforce', () => {
  it('serves the card for the envelope\'s Account with a card token, framable by the org\'s origins only, and no session token', async () => {
    const account = accountsInOrg[0]!;
    const response = await postCanvas(stack.url, signCanvasRequest(envelopeFor(account.Id)));
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).toContain(`<meta name="success-sidecar:account" content="${account.Id}">`);
    expect(html).toContain(`<meta name="success-sidecar:org" content="${stack.orgId}">`);
    expect(html).toMatch(/<script type="module" src="\/canvas\/assets\/canvas-[A-Z0-9]+\.js"><\/script>/);
    expect(html).not.toContain(SESSION_TOKEN);
    expect(html).not.toContain(SESSION_TOKEN.slice(0, 20));
    const csp = response.headers.get('content-security-policy') ?? '';
    const ancestors = /frame-ancestors ([^;]+)/.exec(csp)?.[1]?.split(' ');
    expect(ancestors?.sort()).toEqual([TARGET_ORIGIN, new URL(stack.sandbox.url).origin].sort());
    expect(csp).toContain("script-src 'self'");
    expect(response.headers.get('x-frame-options')).toBeNull();
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');

    const js = /src="(\/canvas\/assets\/[^"]+)"/.exec(html)![1]!;
    const asset = await fetch(`${stack.url}${js}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  }, 60_000);

  it('refuses what Salesforce did not sign (401) and what it signed for something the card cannot show (403), with the default frame headers', async () => {
    const account = accountsInOrg[0]!;
    const cases: Array<[string | null, number, string]> = [
      [null, 401, 'missing_signed_request'],
      [signCanvasRequest(envelopeFor(account.Id), { secret: 'someone-elses-secret' }), 401, 'invalid_signature'],
      [signCanvasRequest(envelopeFor(account.Id, { algorithm: 'HMACSHA1' })), 403, 'wrong_algorithm'],
      [signCanvasRequest(envelopeFor('0035g00000AbCdEAAV', { recordType: 'Contact' })), 403, 'not_an_account'],
      [signCanvasRequest(envelopeFor(account.Id, { instanceUrl: 'http://acme.example', targetOrigin: 'http://acme.example' })), 403, 'insecure_origin'],
    ];
    for (const [signed, status, code] of cases) {
      const response = await postCanvas(stack.url, signed);
      const html = await response.text();
      expect({ code, status: response.status }).toEqual({ code, status });
      expect(html).toContain(`data-code="${code}"`);
      expect(html).not.toContain('success-sidecar:card-token');
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    }
  });

  it("says why in the Account page once the signature holds: an org without the app is refused (403) by a page the org's own origins may frame", async () => {
    const response = await postCanvas(stack.url, signCanvasRequest(envelopeFor(accountsInOrg[0]!.Id, { orgId: '00D5g000004ZQbSEAW' })));
    const html = await response.text();
    expect(response.status).toBe(403);
    expect(html).toContain('data-code="org_not_installed"');
    expect(html).not.toContain('success-sidecar:card-token');
    const ancestors = /frame-ancestors ([^;]+)/.exec(response.headers.get('content-security-policy') ?? '')?.[1]?.split(' ');
    expect(ancestors?.sort()).toEqual([TARGET_ORIGIN, new URL(stack.sandbox.url).origin].sort());
    expect(response.headers.get('x-frame-options')).toBeNull();
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('answers a GET with 405: Salesforce opens the card with a POST', async () => {
    const response = await fetch(`${stack.url}/canvas/salesforce`);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });
});

describe('the Salesforce card routes', () => {
  let token = '';
  let account: { Id: string; Name: string };

  beforeAll(async () => {
    account = accountsInOrg[0]!;
    token = cardTokenOf(await (await postCanvas(stack.url, signCanvasRequest(envelopeFor(account.Id)))).text());
  });

  it('show the Account the token was minted for, scored from the org\'s data', async () => {
    const view = await successView(account.Id, token);
    expect(view.status).toBe(200);
    expect(view.json).toMatchObject({ state: 'ready', portalId: stack.orgId, company: { id: account.Id, name: account.Name } });
    expect(view.json.result?.rob.score).toEqual(expect.any(Number));
    expect(['low', 'medium', 'high']).toContain(view.json.result?.risk.level);
    // A 15-character id in the path is the same Account.
    const short = await api('GET', `/api/v1/salesforce/${stack.orgId}/accounts/${account.Id.slice(0, 15)}/success`, token);
    expect(short.status).toBe(200);
    expect(short.json.company?.id).toBe(account.Id);
  }, 60_000);

  it('save objectives as the Salesforce user, and recompute', async () => {
    const saved = await api('PUT', `/api/v1/salesforce/${stack.orgId}/accounts/${account.Id}/objectives`, token, { expectedVersion: 0, objectives: [{ statement: 'Cut ticket volume by a third', importance: 8, satisfaction: 3 }] });
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ version: 1, updatedBy: `csm@acme.example (salesforce-user:${USER})`, objectives: [{ statement: 'Cut ticket volume by a third' }] });
    const stale = await api('PUT', `/api/v1/salesforce/${stack.orgId}/accounts/${account.Id}/objectives`, token, { expectedVersion: 0, objectives: [] });
    expect(stale.status).toBe(409);
    expect(stale.json.current?.version).toBe(1);
    const recomputed = await api('POST', `/api/v1/salesforce/${stack.orgId}/accounts/${account.Id}/recompute`, token, {});
    expect(recomputed.status).toBe(200);
    expect(recomputed.json).toMatchObject({ status: 'computed', view: { state: 'ready', plan: { version: 1 } } });
    expect(recomputed.json.view?.result?.plan.objectives.map((o) => o.statement)).toContain('Cut ticket volume by a third');
  }, 60_000);

  it('refuse another Account (403), another org (403), and no, a bad or an expired token (401)', async () => {
    const other = accountsInOrg[1]!;
    const mismatch = await api('GET', `/api/v1/salesforce/${stack.orgId}/accounts/${other.Id}/success`, token);
    expect(mismatch).toMatchObject({ status: 403, json: { error: { code: 'record_mismatch' } } });
    const write = await api('PUT', `/api/v1/salesforce/${stack.orgId}/accounts/${other.Id}/objectives`, token, { expectedVersion: 0, objectives: [] });
    expect(write.status).toBe(403);
    const otherOrg = await api('GET', `/api/v1/salesforce/00D5g000004ZQbSEAW/accounts/${account.Id}/success`, token);
    expect(otherOrg).toMatchObject({ status: 403, json: { error: { code: 'org_mismatch' } } });

    const path = `/api/v1/salesforce/${stack.orgId}/accounts/${account.Id}/success`;
    const none = await api('GET', path, null);
    expect(none).toMatchObject({ status: 401, json: { error: { code: 'missing_card_token' } } });
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await api('GET', path, `${token}x`)).status).toBe(401);
    const foreign = new CardTokens({ key: cardTokenKey('another-secret') }).mint({ orgId: stack.orgId, userId: USER, accountId: account.Id, actor: 'x' }).token;
    expect((await api('GET', path, foreign)).json.error?.code).toBe('invalid_card_token');
    const expired = new CardTokens({ key: cardTokenKey(CANVAS_SECRET), now: () => Date.now() - 11 * 60_000 }).mint({ orgId: stack.orgId, userId: USER, accountId: account.Id, actor: 'x' }).token;
    expect(await api('GET', path, expired)).toMatchObject({ status: 401, json: { error: { code: 'card_token_expired' } } });
  });

  it('refuse a token of an org that was uninstalled since (403)', async () => {
    stack.installed.delete(stack.orgId);
    try {
      expect(await api('GET', `/api/v1/salesforce/${stack.orgId}/accounts/${account.Id}/success`, token)).toMatchObject({ status: 403, json: { error: { code: 'org_not_installed' } } });
    } finally {
      stack.installed.add(stack.orgId);
    }
  });

  it('never logged the session token, the signed request or the card token', () => {
    const all = stack.logs.join('');
    expect(all).toContain('canvas:opened');
    expect(all).not.toContain(SESSION_TOKEN.slice(0, 20));
    expect(all).not.toContain('signed_request=');
    expect(all).not.toContain(token);
  });
});

describe('a replayed signed request', () => {
  let csms: Array<{ Id: string; Username: string }>;

  beforeAll(async () => {
    csms = await otherUsers(stack.sandbox);
    expect(csms.length).toBeGreaterThan(3);
  });

  it('opens the card while its session is live, and not once the session is revoked (401, "open the record again")', async () => {
    const account = accountsInOrg[0]!;
    const session = await signInAs(stack.sandbox, csms[0]!.Username);
    const signed = signCanvasRequest(envelopeOf(session, account.Id));
    expect((await postCanvas(stack.url, signed)).status).toBe(200);
    expect(await revoke(stack.sandbox, session.accessToken)).toBe(200);
    pastCache();
    const replay = await postCanvas(stack.url, signed);
    const html = await replay.text();
    expect(replay.status).toBe(401);
    expect(html).toContain('data-code="salesforce_session_invalid"');
    expect(html).toContain('open the record again in Salesforce');
    expect(html).not.toContain('success-sidecar:card-token');
    // Shown inside the Account page: framable by the envelope's origins, as the card is.
    expect(/frame-ancestors ([^;]+)/.exec(replay.headers.get('content-security-policy') ?? '')?.[1]?.split(' ')).toContain(TARGET_ORIGIN);
    expect(replay.headers.get('x-frame-options')).toBeNull();
  });

  it('is refused for a user deactivated since (401)', async () => {
    const session = await signInAs(stack.sandbox, csms[csms.length - 1]!.Username);
    const signed = signCanvasRequest(envelopeOf(session, accountsInOrg[0]!.Id));
    stack.sandbox.deactivateUser(session.orgId, session.userId);
    const replay = await postCanvas(stack.url, signed);
    expect(replay.status).toBe(401);
    expect(await codeOf(replay)).toBe('salesforce_session_invalid');
  });

  it("is refused when the token is another user's of the org (403), either way round", async () => {
    const account = accountsInOrg[0]!;
    const csm = await signInAs(stack.sandbox, csms[1]!.Username);
    const theirToken = await postCanvas(stack.url, signCanvasRequest(envelopeFor(account.Id, { oauthToken: csm.accessToken })));
    expect(theirToken.status).toBe(403);
    expect(await codeOf(theirToken)).toBe('salesforce_session_mismatch');
    const namesThem = await postCanvas(stack.url, signCanvasRequest(envelopeFor(account.Id, { userId: csm.userId })));
    expect(namesThem.status).toBe(403);
    expect(await codeOf(namesThem)).toBe('salesforce_session_mismatch');
    // Their own envelope opens the card for them, with a card token of theirs.
    expect((await postCanvas(stack.url, signCanvasRequest(envelopeOf(csm, account.Id)))).status).toBe(200);
  });

  it('asks Salesforce once per session within the cache lifetime, and again after it', async () => {
    const session = await signInAs(stack.sandbox, csms[2]!.Username);
    const signed = signCanvasRequest(envelopeOf(session, accountsInOrg[1]!.Id));
    const before = userInfoCalls();
    expect((await postCanvas(stack.url, signed)).status).toBe(200);
    expect((await postCanvas(stack.url, signCanvasRequest(envelopeOf(session, accountsInOrg[2]!.Id)))).status).toBe(200);
    expect(userInfoCalls()).toBe(before + 1);
    pastCache();
    expect((await postCanvas(stack.url, signed)).status).toBe(200);
    expect(userInfoCalls()).toBe(before + 2);
  });

  it('answers 502 when Salesforce cannot be reached, and 403 for an instance that is not https', async () => {
    const account = accountsInOrg[0]!;
    const unreachable = await postCanvas(stack.url, signCanvasRequest(envelopeFor(account.Id, { instanceUrl: 'http://127.0.0.1:1', oauthToken: 'never-checked-before' })));
    expect(unreachable.status).toBe(502);
    expect(await codeOf(unreachable)).toBe('salesforce_unreachable');
    const plain = await postCanvas(stack.url, signCanvasRequest(envelopeFor(account.Id, { instanceUrl: 'http://acme.example' })));
    expect(plain.status).toBe(403);
    expect(await codeOf(plain)).toBe('insecure_instance');
  });

  it('is refused once its session expired (401); the same user signed in again opens the card', async () => {
    const account = accountsInOrg[0]!;
    const signed = signCanvasRequest(envelopeFor(account.Id));
    expect((await postCanvas(stack.url, signed)).status).toBe(200);
    stack.sandbox.expireAccessTokens(stack.orgId);
    pastCache();
    const replay = await postCanvas(stack.url, signed);
    expect(replay.status).toBe(401);
    expect(await codeOf(replay)).toBe('salesforce_session_invalid');
    const again = await signInAs(stack.sandbox, stack.sandbox.orgs[0]!.username);
    expect((await postCanvas(stack.url, signCanvasRequest(envelopeOf(again, account.Id)))).status).toBe(200);
  });

  it('never logged a session token', () => {
    const all = stack.logs.join('');
    expect(all).toContain('salesforce_session_invalid');
    expect(all).not.toContain(SESSION_TOKEN.slice(0, 24));
    expect(all).not.toMatch(/!AQ[A-Za-z0-9]{20}/);
  });
});
