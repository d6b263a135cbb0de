// The console's demo Canvas bridge on a real express app, in front of a stand-in Canvas route that
// checks what it receives with the real verifier: the bridge must post a signed_request Salesforce
// would (verifies with the consumer secret, the demo org's user and the chosen Account, the org's
// session as client.oauthToken, the console's origin as targetOrigin), pass the page and its CSP to
// the browser without the signed request or the session, and answer on loopback Host names only.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import express from 'express';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyCanvasRequest } from '../../server/crm/salesforce/canvas.ts';
import { createHttpApp } from '../../server/http/app.ts';
import { createLogger } from '../../server/http/observability.ts';
import { consoleSalesforceRoutes, demoCanvasEnvelope, signDemoCanvasRequest } from '../../server/http/routes/console-salesforce.ts';
import type { PortfolioItem } from '../../server/store/results.ts';

const SECRET = 'console-canvas-bridge-secret-0123456789';
const ORG = '00D5g0000000001EAA';
const USER = '0055g0000000001AAA';
const ACCOUNT = '0015g0000000003AAA';
const SESSION = '00D5g0000000001!AQ4AQdemoSessionThatMustStayOnTheServer';
const INSTANCE = 'http://127.0.0.1:4999';

let server: Server;
let url = '';
const received: Array<{ signedRequest: string; verified: ReturnType<typeof verifyCanvasRequest>; oauthToken: string }> = [];
let ready = false;

beforeAll(async () => {
  const canvas = express.Router();
  canvas.post('/canvas/salesforce', express.urlencoded({ extended: false }), (req, res) => {
    const signedRequest = String((req.body as Record<string, unknown>).signed_request);
    const envelope = JSON.parse(Buffer.from(signedRequest.split('.')[1]!, 'base64').toString('utf8')) as { client: { oauthToken: string } };
    received.push({ signedRequest, verified: verifyCanvasRequest(signedRequest, SECRET), oauthToken: envelope.client.oauthToken });
    res.set('content-security-policy', `frame-ancestors ${INSTANCE}`).type('html').send('<p>the card</p>');
  });
  const item = { accountId: ACCOUNT, accountName: 'Acme', robScore: 41.5, riskLevel: 'medium', renewalProbability: 0.62, renewalDate: '2027-01-31', arr: 1000 } as unknown as PortfolioItem;
  const bridge = consoleSalesforceRoutes({
    orgId: ORG,
    consumerSecret: SECRET,
    localUrl: () => url,
    user: { userName: 'integration@org1.sandbox.example', email: 'integration@org1.sandbox.example', fullName: 'Success Sidecar Integration' },
    session: () => (ready ? Promise.resolve({ instanceUrl: INSTANCE, userId: USER, accessToken: SESSION }) : null),
    accounts: () => (ready ? (orgId) => Promise.resolve({ items: orgId === ORG ? [item] : [], total: 1 }) : null),
  });
  const app = createHttpApp({ logger: createLogger({ level: 'silent' }), routes: [bridge, canvas] });
  server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** A GET with a chosen Host header (fetch cannot set one). */
function getWithHost(path: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    httpRequest(`${url}${path}`, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}

describe('the demo Canvas bridge', () => {
  it('answers 503 until the sidecar runs', async () => {
    expect((await fetch(`${url}/console/salesforce/card/${ACCOUNT}`)).status).toBe(503);
    expect((await fetch(`${url}/console/salesforce/accounts`)).status).toBe(503);
    ready = true;
  });

  it('names the org and lists its scored accounts', async () => {
    await expect((await fetch(`${url}/console/salesforce`)).json()).resolves.toEqual({ orgId: ORG });
    const list = (await (await fetch(`${url}/console/salesforce/accounts`)).json()) as { items: Array<{ accountId: string; name: string; robScore: number }> };
    expect(list.items).toEqual([expect.objectContaining({ accountId: ACCOUNT, name: 'Acme', robScore: 41.5 })]);
  });

  it('posts a signed request Salesforce would send and passes the page and its CSP back, not the session', async () => {
    received.length = 0;
    const page = await fetch(`${url}/console/salesforce/card/${ACCOUNT.slice(0, 15)}`);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toBe('<p>the card</p>');
    expect(page.headers.get('content-security-policy')).toBe(`frame-ancestors ${INSTANCE}`);
    expect(page.headers.get('x-frame-options')).toBeNull();
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(received).toHaveLength(1);
    const [seen] = received;
    expect(seen!.verified).toEqual({
      ok: true,
      caller: { orgId: ORG, userId: USER, userName: 'integration@org1.sandbox.example', email: 'integration@org1.sandbox.example', accountId: ACCOUNT, instanceUrl: INSTANCE, targetOrigin: url },
      // The session the Canvas route then checks with Salesforce: the org's, of the user the envelope names.
      session: { instanceUrl: INSTANCE, accessToken: SESSION },
    });
    expect(seen!.oauthToken).toBe(SESSION);
    expect(html).not.toContain(SESSION);
    expect(html).not.toContain(seen!.signedRequest);
    // Signed with another secret, the same envelope is not Salesforce's.
    expect(verifyCanvasRequest(seen!.signedRequest, 'another-secret-0123456789').ok).toBe(false);
  });

  it('signs standard base64 of the JSON envelope with HMAC-SHA256', () => {
    const envelope = demoCanvasEnvelope({ orgId: ORG, accountId: ACCOUNT, session: { instanceUrl: INSTANCE, userId: USER, accessToken: SESSION }, user: { userName: 'u@x.example', email: null, fullName: 'U' }, targetOrigin: url, issuedAt: 1 });
    const [signature, encoded] = signDemoCanvasRequest(envelope, SECRET).split('.') as [string, string];
    expect(JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'))).toEqual(envelope);
    expect(signature).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(envelope).toMatchObject({ algorithm: 'HMACSHA256', context: { environment: { record: { attributes: { type: 'Account' }, Id: ACCOUNT } } } });
  });

  it('answers only on a loopback Host and only for Account ids', async () => {
    expect(await getWithHost(`/console/salesforce/card/${ACCOUNT}`, 'evil.example')).toBe(403);
    expect(await getWithHost('/console/salesforce/accounts', 'evil.example:80')).toBe(403);
    expect(await getWithHost(`/CONSOLE/Salesforce/card/${ACCOUNT}`, 'evil.example')).toBe(403); // routes match case-insensitively
    expect((await fetch(`${url}/console/salesforce/card/not-an-id`)).status).toBe(400);
  });
});
