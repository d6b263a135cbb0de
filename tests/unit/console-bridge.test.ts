// The console's routes on a real express app: the page and its bundle (built by esbuild), and the
// bridge, which must forward only the demo portal's card routes, sign them so the real signature
// middleware accepts them (with and without a PUBLIC_URL path prefix), pass answers back as they
// are, and refuse writes from other sites.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import express from 'express';
import { once } from 'node:events';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildWebBundle, type WebBundle } from '../../cards/web/build.ts';
import { createHttpApp } from '../../server/http/app.ts';
import { createLogger } from '../../server/http/observability.ts';
import { consoleRoutes } from '../../server/http/routes/console.ts';
import { requireHubSpotSignature } from '../../server/http/signature-middleware.ts';
import { getRawBody } from '../../server/http/raw-body.ts';

const SECRET = 'console-bridge-test-secret-0123456789';
const PORTAL = '111';
const USER = '777';
const APP = '4242';

interface Seen {
  method: string;
  url: string;
  raw: string;
}

interface Running {
  url: string;
  seen: Seen[];
  close(): Promise<void>;
}

let bundle: WebBundle;

/** The console next to a stand-in for the card routes behind the real signature check. */
async function start(publicUrl: string | null): Promise<Running> {
  const seen: Seen[] = [];
  let url = '';
  const cards = express.Router();
  cards.all('/api/v1/hubspot/:portalId/*rest', requireHubSpotSignature({ secret: () => SECRET, publicUrl }), (req, res) => {
    seen.push({ method: req.method, url: req.originalUrl, raw: getRawBody(req)?.toString('utf8') ?? '' });
    if (req.method === 'PUT') {
      res.status(409).json({ error: { code: 'version_conflict', message: 'someone saved first' } });
      return;
    }
    res.status(req.method === 'GET' ? 200 : 202).set('retry-after', '2').json({ ok: true });
  });
  const web = await consoleRoutes({ portalId: PORTAL, clientSecret: SECRET, localUrl: () => url, publicUrl, bundle, user: { userId: USER, userEmail: 'csm@example.com' }, appId: APP });
  const app = createHttpApp({ logger: createLogger({ level: 'silent' }), routes: [cards, web.router] });
  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

beforeAll(async () => {
  bundle = await buildWebBundle();
});

describe('the console page', () => {
  let s: Running;
  beforeAll(async () => {
    s = await start(null);
  });
  afterAll(() => s.close());

  it('names the portal and loads only its own script and stylesheet', async () => {
    const page = await fetch(`${s.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain(`<meta name="success-sidecar:portal" content="${PORTAL}">`);
    expect(html).toContain('<meta name="success-sidecar:api-base" content="/console">');
    expect(html).toContain(`demo portal ${PORTAL}`);
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/); // no inline script: the CSP would block it
    const js = /<script type="module" src="([^"]+)">/.exec(html)![1]!;
    const css = /<link rel="stylesheet" href="([^"]+)">/.exec(html)![1]!;
    for (const [path, type] of [
      [js, 'text/javascript'],
      [css, 'text/css'],
    ] as const) {
      const asset = await fetch(`${s.url}${path}`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('content-type')).toContain(type);
      expect(asset.headers.get('cache-control')).toContain('immutable');
      expect(asset.headers.get('etag')).toMatch(/^"[\w-]{22}"$/);
      expect((await asset.text()).length).toBeGreaterThan(1000);
    }
    expect((await fetch(`${s.url}/console/assets/nothing.js`)).status).toBe(404);
  });

  it('bundles the renderer without server code', () => {
    const js = bundle.assets.get(bundle.js)!.body.toString('utf8');
    expect(js).toContain('Before you pitch');
    expect(js).not.toMatch(/ZodError|node:crypto|pglite/i);
  });
});

describe.each([
  ['without PUBLIC_URL', null],
  ['behind a PUBLIC_URL with a path prefix', 'https://sidecar.example.test/prefix'],
])('the bridge, %s', (_label, publicUrl) => {
  let s: Running;
  beforeAll(async () => {
    s = await start(publicUrl);
  });
  afterAll(() => s.close());

  it('forwards a read the way HubSpot relays hubspot.fetch: the card\'s query, then userId, portalId, userEmail, appId, signed', async () => {
    const answer = await fetch(`${s.url}/console/api/v1/hubspot/${PORTAL}/companies?sort=rob&q=a%20b`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ ok: true });
    expect(answer.headers.get('retry-after')).toBe('2');
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const seen = s.seen.at(-1)!;
    expect(seen.method).toBe('GET');
    const url = new URL(seen.url, 'http://x');
    expect(url.pathname).toBe(`/api/v1/hubspot/${PORTAL}/companies`);
    expect([...url.searchParams]).toEqual([
      ['sort', 'rob'],
      ['q', 'a b'],
      ['userId', USER],
      ['portalId', PORTAL],
      ['userEmail', 'csm@example.com'],
      ['appId', APP],
    ]);
  });

  it('appends HubSpot\'s parameters even when the page added its own, as HubSpot does (the sidecar then refuses the repeat)', async () => {
    await fetch(`${s.url}/console/api/v1/hubspot/${PORTAL}/settings?portalId=${PORTAL}`);
    const url = new URL(s.seen.at(-1)!.url, 'http://x');
    expect(url.searchParams.getAll('portalId')).toEqual([PORTAL, PORTAL]);
  });

  it('answers only requests addressed to a loopback name (no DNS rebinding)', async () => {
    const before = s.seen.length;
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${s.url}/console/api/v1/hubspot/${PORTAL}/companies`, { headers: { host: `rebound.example:${new URL(s.url).port}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
    expect(s.seen.length).toBe(before);
  });

  it('refuses another Host however the path is cased (express matches routes case-insensitively)', async () => {
    const before = s.seen.length;
    const statusOf = (path: string, init: { method?: string; body?: string; origin?: string } = {}) =>
      new Promise<number>((resolve, reject) => {
        const host = `rebound.example:${new URL(s.url).port}`;
        const headers: Record<string, string> = { host, ...(init.body ? { 'content-type': 'application/json' } : {}), ...(init.origin ? { origin: init.origin } : {}) };
        const req = httpRequest(`${s.url}${path}`, { method: init.method ?? 'GET', headers }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end(init.body);
      });
    // A rebound page's own origin is the rebound Host, so the same-origin check alone would let it write.
    expect(await statusOf(`/CONSOLE/api/v1/hubspot/${PORTAL}/companies`)).toBe(403);
    expect(await statusOf(`/Console/api/v1/hubspot/${PORTAL}/companies/42/recompute`, { method: 'POST', body: '{}', origin: `http://rebound.example:${new URL(s.url).port}` })).toBe(403);
    expect(s.seen.length).toBe(before);
  });

  it('forwards a write byte for byte and passes the answer back as it is', async () => {
    const body = '{ "expectedVersion": 3, "objectives": [ { "statement": "Zürich \\u00e9" } ] }';
    const answer = await fetch(`${s.url}/console/api/v1/hubspot/${PORTAL}/companies/42/objectives`, { method: 'PUT', headers: { 'content-type': 'application/json', origin: s.url }, body });
    expect(answer.status).toBe(409);
    expect(await answer.json()).toEqual({ error: { code: 'version_conflict', message: 'someone saved first' } });
    const seen = s.seen.at(-1)!;
    expect(seen).toEqual({ method: 'PUT', url: `/api/v1/hubspot/${PORTAL}/companies/42/objectives?userId=${USER}&portalId=${PORTAL}&userEmail=csm%40example.com&appId=${APP}`, raw: body });

    const recompute = await fetch(`${s.url}/console/api/v1/hubspot/${PORTAL}/companies/42/recompute`, { method: 'POST', headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' }, body: '{}' });
    expect(recompute.status).toBe(202);
  });

  it('forwards the settings page\'s model and write-failure routes, reads and writes, with HubSpot\'s parameters', async () => {
    const suffix = `?userId=${USER}&portalId=${PORTAL}&userEmail=csm%40example.com&appId=${APP}`;
    const calls: Array<[string, string, string | undefined]> = [
      ['GET', 'settings/model', undefined],
      ['PUT', 'settings/model', '{"use":"global"}'],
      ['GET', 'write-failures', undefined],
      ['POST', 'write-failures/redrive', '{"ids":[7]}'],
    ];
    for (const [method, path, body] of calls) {
      const answer = await fetch(`${s.url}/console/api/v1/hubspot/${PORTAL}/${path}`, { method, headers: body ? { 'content-type': 'application/json', origin: s.url } : {}, ...(body ? { body } : {}) });
      expect([method, path, answer.status]).toEqual([method, path, method === 'GET' ? 200 : method === 'PUT' ? 409 : 202]);
      expect(s.seen.at(-1)).toEqual({ method, url: `/api/v1/hubspot/${PORTAL}/${path}${suffix}`, raw: body ?? '' });
    }
    for (const path of ['write-failures/7', 'settings/model/x', 'write-failures/redrive/all']) {
      expect([path, (await fetch(`${s.url}/console/api/v1/hubspot/${PORTAL}/${path}`)).status]).toEqual([path, 404]);
    }
  });

  it('reaches nothing but the demo portal\'s card routes, and takes writes from its own page only', async () => {
    const before = s.seen.length;
    const other = await fetch(`${s.url}/console/api/v1/hubspot/222/companies`);
    expect(other.status).toBe(403);
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe('not_demo_portal');
    for (const path of ['/v1/hubspot/111/webhooks', '/v1/hubspot/111/companies/42', '/v2/hubspot/111/companies']) {
      expect([path, (await fetch(`${s.url}/console/api${path}`)).status]).toEqual([path, 404]);
    }
    expect((await fetch(`${s.url}/console/api/v1/hubspot/${PORTAL}/companies`, { method: 'DELETE' })).status).toBe(405);
    const crossSite = await fetch(`${s.url}/console/api/v1/hubspot/${PORTAL}/companies/42/recompute`, { method: 'POST', headers: { origin: 'http://evil.example', 'content-type': 'application/json' }, body: '{}' });
    expect(crossSite.status).toBe(403);
    const crossSiteNoOrigin = await fetch(`${s.url}/console/api/v1/hubspot/${PORTAL}/settings`, { method: 'PUT', headers: { 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' }, body: '{}' });
    expect(crossSiteNoOrigin.status).toBe(403);
    expect(s.seen.length).toBe(before);
  });
});
