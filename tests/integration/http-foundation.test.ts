import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Express } from 'express';
import { z } from 'zod';
import { createHttpApp } from '../../server/http/app.ts';
import { HttpError } from '../../server/http/errors.ts';
import { createHttpMetrics, createLogger } from '../../server/http/observability.ts';
import type { Logger } from '../../server/http/observability.ts';
import { OpenApiRegistry } from '../../server/http/openapi.ts';
import { hubSpotContext, requireHubSpotSignature } from '../../server/http/signature-middleware.ts';
import { hubSpotSignatureHeaders } from '../../server/http/signature.ts';
import { createApiRouter, reply } from '../../server/http/validate.ts';

const SECRET = 'test-client-secret-0123456789';
const NOW = 1_800_000_000_000;
const AUTH_TOKEN = 'Bearer pat-na1-SUPERSECRET-token-value';
const TICKET_TEXT = 'confidential ticket text about the outage';

interface Running {
  url: string;
  close: () => Promise<void>;
}

async function start(app: Express): Promise<Running> {
  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}

function memoryLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void lines.push(line) } });
  return { logger, lines };
}

const NoteParams = z.object({ accountId: z.coerce.number().int().positive() });
const NoteQuery = z.object({ portalId: z.coerce.number().int().positive() });
const NoteBody = z.object({ text: z.string().min(1).max(2000), priority: z.enum(['low', 'high']).optional() });
const Note = z.object({ accountId: z.number(), portalId: z.number(), text: z.string(), signedAt: z.number() }).meta({ id: 'Note', description: 'A stored note' });

/** The app under test: a signed route, unsigned typed routes, a failing route. */
function buildApp(opts: { logger: Logger; trustProxy?: boolean | string; publicUrl?: string; readiness?: Record<string, () => Promise<void>> }): Express {
  const registry = new OpenApiRegistry();
  const api = createApiRouter({
    registry,
    auth: { 'hubspot-signature': requireHubSpotSignature({ secret: () => SECRET, publicUrl: opts.publicUrl ?? null, now: () => NOW }) },
  });
  api
    .route(
      {
        method: 'post',
        path: '/api/accounts/:accountId/notes',
        params: NoteParams,
        query: NoteQuery,
        body: NoteBody,
        response: Note,
        successStatus: 201,
        summary: 'Add a note to an account',
        tags: ['cards'],
        auth: 'hubspot-signature',
      },
      ({ params, query, body, res }) =>
        reply(201, { accountId: params.accountId, portalId: query.portalId, text: body.text, signedAt: hubSpotContext(res)?.timestampMs ?? -1, internal: 'stripped' }),
    )
    .route(
      { method: 'put', path: '/api/accounts/:accountId/notes', params: NoteParams, query: NoteQuery, body: NoteBody, summary: 'Replace a note', auth: 'hubspot-signature' },
      ({ body }) => ({ text: body.text }),
    )
    .route(
      { method: 'get', path: '/api/echo/:id', params: z.object({ id: z.string().regex(/^\d+$/) }), query: z.object({ n: z.coerce.number().optional() }), summary: 'Echo', auth: 'none' },
      ({ params, query }) => ({ id: params.id, n: query.n ?? null }),
    )
    .route({ method: 'get', path: '/api/boom', summary: 'Fails', auth: 'none' }, () => {
      throw new Error('connection to postgres://admin:hunter2@db failed');
    })
    .route({ method: 'get', path: '/api/teapot', summary: 'Refuses', auth: 'none' }, () => {
      throw new HttpError(409, 'conflict', 'Plan already exists');
    })
    .route({ method: 'get', path: '/api/broken-contract', response: z.object({ score: z.number() }), summary: 'Breaks its contract', auth: 'none' }, () => ({ score: 'high' }) as unknown as { score: number })
    .route({ method: 'delete', path: '/api/things/:id', summary: 'Deletes', auth: 'none' }, () => undefined);

  const v2 = createApiRouter({ registry, basePath: '/v2' });
  v2.route({ method: 'get', path: '/items/:itemId', summary: 'Item', auth: 'none' }, ({ params }) => ({ itemId: params.itemId }));

  return createHttpApp({
    logger: opts.logger,
    registry,
    routes: [api.router, v2.router],
    trustProxy: opts.trustProxy ?? false,
    readiness: opts.readiness ?? {},
    readinessTimeoutMs: 200,
    metrics: createHttpMetrics({ defaultMetrics: false }),
    openapi: { title: 'Test API', version: '1.0.0' },
  });
}

function signed(url: string, body: string, signUrl = url, timestamp = NOW - 1_000): RequestInit {
  return {
    method: 'POST',
    body,
    headers: { 'Content-Type': 'application/json', Authorization: AUTH_TOKEN, ...hubSpotSignatureHeaders({ secret: SECRET, method: 'POST', url: signUrl, rawBody: body, timestamp }) },
  };
}

async function json(res: Response): Promise<Record<string, unknown>> {
  return (await res.json()) as Record<string, unknown>;
}

describe('http foundation (direct, no proxy)', () => {
  const { logger, lines } = memoryLogger();
  let srv: Running;
  beforeAll(async () => {
    srv = await start(buildApp({ logger }));
  });
  afterAll(async () => srv.close());

  const notePath = '/api/accounts/42/notes?portalId=62515';
  const noteBody = JSON.stringify({ text: TICKET_TEXT });

  it('accepts a signed request and hands the handler typed, validated values', async () => {
    const res = await fetch(srv.url + notePath, signed(srv.url + notePath, noteBody));
    expect(res.status).toBe(201);
    // The response schema strips fields it does not name.
    expect(await res.json()).toEqual({ accountId: 42, portalId: 62515, text: TICKET_TEXT, signedAt: NOW - 1_000 });
    expect(res.headers.get('x-request-id')).toMatch(/^[\w-]{8,}$/);
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it.each([
    ['a tampered body', () => ({ ...signed(srv.url + notePath, noteBody), body: JSON.stringify({ text: 'other' }) }), 'bad_signature'],
    ['a tampered query', () => signed(srv.url + '/api/accounts/42/notes?portalId=1', noteBody), 'bad_signature'],
    ['a tampered path', () => signed(srv.url + '/api/accounts/43/notes?portalId=62515', noteBody), 'bad_signature'],
    ['a tampered method', () => ({ ...signed(srv.url + notePath, noteBody), method: 'PUT' }), 'bad_signature'],
    ['a stale timestamp', () => signed(srv.url + notePath, noteBody, srv.url + notePath, NOW - 301_000), 'stale'],
    ['a future timestamp', () => signed(srv.url + notePath, noteBody, srv.url + notePath, NOW + 301_000), 'future'],
    ['no signature headers', () => ({ method: 'POST', body: noteBody, headers: { 'Content-Type': 'application/json' } }), 'missing_headers'],
  ] as const)('answers 401 invalid_signature to %s', async (_what, init, reason) => {
    // Always sent to the note route (POST, or PUT which is also a signed route), signed for something else.
    const res = await fetch(srv.url + notePath, init());
    expect(res.status).toBe(401);
    const body = await json(res);
    expect(body).toEqual({ error: { code: 'invalid_signature', message: expect.stringContaining(`(${reason})`) } });
  });

  it('checks the signature before validating (an unsigned bad request is 401, not 400)', async () => {
    const res = await fetch(srv.url + '/api/accounts/abc/notes', { method: 'POST', body: '{"nope":1}', headers: { 'Content-Type': 'application/json' } });
    expect(res.status).toBe(401);
  });

  it('rejects unknown fields and wrong types with 400 invalid_request and issues', async () => {
    const path = '/api/accounts/42/notes?portalId=62515&extra=1';
    const body = JSON.stringify({ text: 5, colour: 'red', priority: 'urgent' });
    const res = await fetch(srv.url + path, signed(srv.url + path, body));
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; issues: Array<{ path: string; message: string }> } };
    expect(error.code).toBe('invalid_request');
    expect(error.issues).toEqual(
      expect.arrayContaining([
        { path: 'query.extra', message: 'Unknown field' },
        { path: 'body.colour', message: 'Unknown field' },
        { path: 'body.text', message: expect.stringContaining('string') },
        { path: 'body.priority', message: expect.any(String) },
      ]),
    );
    expect(error.issues).toHaveLength(4);

    const echo = await fetch(`${srv.url}/api/echo/abc?n=zz`);
    expect(echo.status).toBe(400);
    const paths = ((await echo.json()) as { error: { issues: Array<{ path: string }> } }).error.issues.map((i) => i.path).sort();
    expect(paths).toEqual(['params.id', 'query.n']);
  });

  it('answers malformed JSON with 400 malformed_json', async () => {
    const res = await fetch(srv.url + notePath, signed(srv.url + notePath, '{"text": "unterminated'));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'malformed_json', message: 'Request body is not valid JSON' } });
  });

  it('answers a body over 1 MB with 413 payload_too_large', async () => {
    const big = JSON.stringify({ text: 'x'.repeat(1024 * 1024) });
    const res = await fetch(srv.url + notePath, signed(srv.url + notePath, big));
    expect(res.status).toBe(413);
    expect(await json(res)).toEqual({ error: { code: 'payload_too_large', message: expect.stringContaining('limit') } });
    // Just under the limit is parsed (and then refused by the schema's max length, not by the parser).
    const almost = JSON.stringify({ text: 'x'.repeat(1000 * 1000) });
    const ok = await fetch(srv.url + notePath, signed(srv.url + notePath, almost));
    expect(ok.status).toBe(400);
    expect(((await ok.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
  });

  it('answers unknown routes with a 404 envelope', async () => {
    const res = await fetch(`${srv.url}/api/nowhere/123`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'No route for GET /api/nowhere/123' } });
  });

  it('answers an exception with 500 internal and no detail; HttpError keeps its status and code', async () => {
    const res = await fetch(`${srv.url}/api/boom`);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal', message: 'Internal server error' } });
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('postgres');
    // …but the log has it, on an error line of that request.
    const errorLine = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.level === 50 && JSON.stringify(l).includes('/api/boom'));
    expect(JSON.stringify(errorLine)).toContain('connection to postgres');

    const conflict = await fetch(`${srv.url}/api/teapot`);
    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toEqual({ error: { code: 'conflict', message: 'Plan already exists' } });
  });

  it('never sends a body that breaks its declared response schema', async () => {
    const res = await fetch(`${srv.url}/api/broken-contract`);
    expect(res.status).toBe(500);
    expect(await json(res)).toEqual({ error: { code: 'internal', message: 'Internal server error' } });
  });

  it('answers 204 when a handler returns nothing', async () => {
    const res = await fetch(`${srv.url}/api/things/7`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
  });

  it('serves /healthz and an empty /readyz', async () => {
    expect(await (await fetch(`${srv.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${srv.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', checks: {}, failed: [] });
  });

  it('exposes the duration histogram labelled by route pattern, never by raw URL', async () => {
    await fetch(`${srv.url}/api/echo/4242?n=1`);
    await fetch(`${srv.url}/api/echo/777`);
    await fetch(`${srv.url}/v2/items/98765`);
    const res = await fetch(`${srv.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/api\/echo\/:id",status_code="200"\} 2/);
    expect(text).toContain('route="/v2/items/:itemId"');
    expect(text).toContain('route="/api/accounts/:accountId/notes",status_code="201"');
    expect(text).toContain('route="unmatched",status_code="404"');
    // The raw ids must be in no label (the values are durations, whose digits may hold anything).
    const labels = [...text.matchAll(/\{[^}]*\}/g)].map((m) => m[0]).join('\n');
    expect(labels).toContain('route="/api/echo/:id"');
    expect(labels).not.toContain('4242');
    expect(labels).not.toContain('98765');
  });

  it('serves an OpenAPI 3.1 document with the registered routes and their schemas', async () => {
    const doc = (await (await fetch(`${srv.url}/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, Record<string, unknown>>>;
      components: { schemas: Record<string, Record<string, unknown>>; securitySchemes: Record<string, Record<string, unknown>> };
    };
    expect(doc.openapi).toBe('3.1.0');
    const op = doc.paths['/api/accounts/{accountId}/notes']!.post!;
    expect(op).toMatchObject({ summary: 'Add a note to an account', tags: ['cards'], security: [{ hubspotSignatureV3: [] }] });
    expect(op.parameters).toEqual([
      { name: 'accountId', in: 'path', required: true, schema: expect.objectContaining({ type: 'integer', exclusiveMinimum: 0 }) },
      { name: 'portalId', in: 'query', required: true, schema: expect.objectContaining({ type: 'integer' }) },
    ]);
    expect(op.requestBody).toEqual({
      required: true,
      content: {
        'application/json': {
          schema: expect.objectContaining({
            type: 'object',
            required: ['text'],
            additionalProperties: false,
            properties: { text: { type: 'string', minLength: 1, maxLength: 2000 }, priority: { type: 'string', enum: ['low', 'high'] } },
          }),
        },
      },
    });
    const responses = op.responses as Record<string, { content?: Record<string, { schema: unknown }> }>;
    expect(responses['201']!.content!['application/json']!.schema).toEqual({ $ref: '#/components/schemas/Note' });
    expect(Object.keys(responses).sort()).toEqual(['201', '400', '401', '413', '500']);
    expect(doc.components.schemas.Note).toMatchObject({ type: 'object', description: 'A stored note', required: ['accountId', 'portalId', 'text', 'signedAt'] });
    expect(doc.components.schemas.ErrorEnvelope).toMatchObject({ type: 'object', required: ['error'] });
    expect(doc.components.securitySchemes.hubspotSignatureV3).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-HubSpot-Signature-v3' });
    expect(doc.paths['/v2/items/{itemId}']!.get!.parameters).toEqual([{ name: 'itemId', in: 'path', required: true, schema: { type: 'string' } }]);
    expect(doc.paths['/api/echo/{id}']!.get!.security).toBeUndefined();
  });

  it('never logs the Authorization header, the signature, bodies or credential-named fields', async () => {
    const before = lines.length;
    const res = await fetch(srv.url + notePath, signed(srv.url + notePath, noteBody));
    expect(res.status).toBe(201);
    const signature = (signed(srv.url + notePath, noteBody).headers as Record<string, string>)['X-HubSpot-Signature-v3']!;
    logger.info({ accessToken: 'at-123-leak', nested: { client_secret: 'cs-456-leak', refresh_token: 'rt-789-leak' }, body: { text: TICKET_TEXT }, portalId: 62515 }, 'installed');
    const all = lines.join('');
    for (const secret of ['SUPERSECRET', signature, 'at-123-leak', 'cs-456-leak', 'rt-789-leak', TICKET_TEXT, SECRET]) expect(all).not.toContain(secret);
    // The request itself is logged, with its id, method, URL and status.
    const requestLines = lines.slice(before).map((l) => JSON.parse(l) as { req?: { id?: string; url?: string; method?: string }; res?: { statusCode?: number }; msg?: string; portalId?: number });
    const done = requestLines.find((l) => l.req?.url === notePath);
    expect(done).toMatchObject({ msg: 'request completed', req: { method: 'POST', id: res.headers.get('x-request-id') }, res: { statusCode: 201 } });
    expect(requestLines.find((l) => l.msg === 'installed')).toMatchObject({ portalId: 62515, accessToken: '[Redacted]', body: '[Redacted]' });
  });
});

describe('http foundation behind a proxy', () => {
  const path = '/api/accounts/7/notes?portalId=99';
  const body = JSON.stringify({ text: 'hello' });
  const forwarded = { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'sidecar.example.com' };
  const apps: Running[] = [];
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
  });

  it('verifies against X-Forwarded-Proto/Host only when trust proxy is on', async () => {
    const trusting = await start(buildApp({ logger: memoryLogger().logger, trustProxy: 'loopback' }));
    const naive = await start(buildApp({ logger: memoryLogger().logger }));
    apps.push(trusting, naive);
    const publicSigned = (base: string) => {
      const init = signed(base + path, body, 'https://sidecar.example.com' + path);
      return { ...init, headers: { ...(init.headers as Record<string, string>), ...forwarded } };
    };
    expect((await fetch(trusting.url + path, publicSigned(trusting.url))).status).toBe(201);
    // Without trust proxy the forwarded headers are ignored: the local URL is what is checked.
    expect((await fetch(naive.url + path, publicSigned(naive.url))).status).toBe(401);
    expect((await fetch(naive.url + path, signed(naive.url + path, body))).status).toBe(201);
  });

  it('logs the client address the trusted proxies forwarded, and the peer when none is trusted', async () => {
    const logs = { trusting: memoryLogger(), naive: memoryLogger() };
    const trusting = await start(buildApp({ logger: logs.trusting.logger, trustProxy: 'loopback' }));
    const naive = await start(buildApp({ logger: logs.naive.logger }));
    apps.push(trusting, naive);
    const clientIp = async (app: Running, lines: string[]) => {
      const res = await fetch(app.url + '/no-such-page', { headers: { 'X-Forwarded-For': '203.0.113.7' } });
      expect(res.status).toBe(404);
      await new Promise((r) => setTimeout(r, 20));
      const line = lines.map((l) => JSON.parse(l) as { req?: { url?: string; clientIp?: string; headers?: Record<string, string> } }).find((l) => l.req?.url === '/no-such-page');
      expect(line?.req?.headers?.['x-forwarded-for']).toBe('203.0.113.7');
      return line?.req?.clientIp;
    };
    expect(await clientIp(trusting, logs.trusting.lines)).toBe('203.0.113.7');
    expect(await clientIp(naive, logs.naive.lines)).toMatch(/^(::ffff:)?127\.0\.0\.1$|^::1$/);
  });

  it('verifies against PUBLIC_URL when it is configured', async () => {
    const app = await start(buildApp({ logger: memoryLogger().logger, publicUrl: 'https://public.example.com' }));
    apps.push(app);
    expect((await fetch(app.url + path, signed(app.url + path, body, 'https://public.example.com' + path))).status).toBe(201);
    expect((await fetch(app.url + path, signed(app.url + path, body))).status).toBe(401);
  });
});

describe('readiness', () => {
  it('answers 503 naming the checks that failed or timed out', async () => {
    const { logger, lines } = memoryLogger();
    const app = await start(
      buildApp({
        logger,
        readiness: {
          database: async () => {},
          queue: () => Promise.reject(new Error('pg-boss stopped')),
          cache: () => new Promise<void>(() => {}),
        },
      }),
    );
    try {
      const res = await fetch(`${app.url}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'unavailable', checks: { database: 'ok', queue: 'failed', cache: 'timeout' }, failed: ['queue', 'cache'] });
      expect(lines.join('')).toContain('pg-boss stopped');
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('createHttpApp defaults', () => {
  it('collects default process metrics, frames only where allowed, and fails closed without a secret', async () => {
    const registry = new OpenApiRegistry();
    const api = createApiRouter({ registry, auth: { 'hubspot-signature': requireHubSpotSignature({ secret: () => null }) } });
    api.route({ method: 'get', path: '/api/card', summary: 'Card', auth: 'hubspot-signature' }, () => ({ ok: true }));
    const app = await start(createHttpApp({ logger: memoryLogger().logger, registry, routes: [api.router], frameAncestors: ["'self'", 'https://*.force.com'] }));
    try {
      const metrics = await (await fetch(`${app.url}/metrics`)).text();
      expect(metrics).toContain('process_cpu_user_seconds_total');
      const card = await fetch(`${app.url}/api/card`, { headers: hubSpotSignatureHeaders({ secret: SECRET, method: 'GET', url: `${app.url}/api/card`, timestamp: Date.now() }) });
      expect(card.status).toBe(401);
      expect(((await card.json()) as { error: { message: string } }).error.message).toContain('(no_secret)');
      expect(card.headers.get('content-security-policy')).toContain("frame-ancestors 'self' https://*.force.com");
      expect(card.headers.get('x-frame-options')).toBeNull();
    } finally {
      await app.close();
    }
  });

  it('refuses a route whose auth scheme has no middleware', () => {
    const api = createApiRouter({ registry: new OpenApiRegistry() });
    expect(() => api.route({ method: 'get', path: '/x', summary: 'x', auth: 'hubspot-signature' }, () => null)).toThrow(/needs auth 'hubspot-signature'/);
  });
});
