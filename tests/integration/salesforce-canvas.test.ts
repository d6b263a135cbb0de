// The Salesforce card over HTTP: POST /canvas/salesforce with Salesforce's signed request gives the
// web card for the envelope's Account, framable by the org's origins only and carrying a card
// token (never the session token); the card routes accept that token for that org and Account
// only; the account view, recompute and objectives come from the sandbox org through the real
// jsforce adapter. Nothing logged contains the session token or the signed request.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CardTokens, cardTokenKey } from '../../server/http/card-token.ts';
import { connect } from '../helpers/salesforce.ts';
import { canvasEnvelope, CANVAS_SECRET, SESSION_TOKEN, signCanvasRequest } from '../helpers/canvas.ts';
import { cardTokenOf, postCanvas, startCanvasStack, type CanvasStack } from '../helpers/canvas-stack.ts';

let stack: CanvasStack;
let accountsInOrg: Array<{ Id: string; Name: string }>;
const USER = '0055g00000XyZabAAF';
const TARGET_ORIGIN = 'https://acme.lightning.force.com';

const envelopeFor = (accountId: string, o: Partial<Parameters<typeof canvasEnvelope>[0]> = {}) =>
  canvasEnvelope({ orgId: stack.orgId, accountId, userId: USER, instanceUrl: stack.sandbox.url, targetOrigin: TARGET_ORIGIN, ...o });

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
  stack = await startCanvasStack();
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
      [signCanvasRequest(envelopeFor(account.Id, { orgId: '00D5g000004ZQbSEAW' })), 403, 'org_not_installed'],
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
