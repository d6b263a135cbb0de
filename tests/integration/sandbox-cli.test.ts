// The `sandbox` CLI command as a separate process, driven through the /__sandbox/ control API.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Started { url: string; portals: Array<{ portalId: number; accessToken: string; refreshToken: string }>; client: { clientId: string; clientSecret: string; redirectUri: string } }

let child: ChildProcessWithoutNullStreams;
let info: Started;

function control(path: string, body?: unknown): Promise<Response> {
  return fetch(`${info.url}/__sandbox/${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

function crm(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${info.url}${path}`, { ...init, headers: { authorization: `Bearer ${info.portals[0]!.accessToken}`, 'content-type': 'application/json' } });
}

beforeAll(async () => {
  child = spawn(process.execPath, ['server/cli.ts', 'sandbox', '--port', '0', '--accounts', '20', '--seed', 'cli', '--portal-id', '4242', '--rate-limit', '50'], { cwd: ROOT });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`sandbox exited early (${code})`)));
  });
  info = JSON.parse(out.trim()) as Started;
});

afterAll(async () => {
  if (child.exitCode === null) {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
});

describe('sandbox CLI', () => {
  it('prints one JSON line with the url, portal tokens and OAuth client', () => {
    expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(info.portals).toEqual([{ portalId: 4242, accessToken: expect.any(String), refreshToken: expect.any(String) }]);
    expect(info.client).toEqual({ clientId: expect.any(String), clientSecret: expect.any(String), redirectUri: expect.any(String) });
  });

  it('serves the CRM with the configured rate limit and exposes stats', async () => {
    const res = await crm('/crm/v3/objects/companies?limit=100');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-hubspot-ratelimit-max')).toBe('50');
    expect(((await res.json()) as { results: unknown[] }).results).toHaveLength(20);
    const stats = (await (await control('stats')).json()) as { requests: number; byRoute: Record<string, Record<string, number>> };
    expect(stats.byRoute['GET /crm/v3/objects/:type']).toEqual({ '200': 1 });
    expect((await control('reset-stats', {})).status).toBe(200);
    expect(await (await control('stats')).json()).toEqual({ requests: 0, byRoute: {}, rateLimited: 0 });
  });

  it('takes faults, rate limits, token expiry and simulated activity over HTTP', async () => {
    expect((await control('faults', { seed: 's', serverErrorRate: 1 })).status).toBe(200);
    expect([502, 503, 504]).toContain((await crm('/crm/v3/objects/companies')).status);
    expect((await control('faults', null)).status).toBe(200);
    expect((await crm('/crm/v3/objects/companies')).status).toBe(200);
    expect((await control('faults', { serverErrorRate: 2 })).status).toBe(400);

    expect((await control('rate-limit', { perTenSeconds: 500 })).status).toBe(200);
    expect((await crm('/crm/v3/objects/companies')).headers.get('x-hubspot-ratelimit-max')).toBe('500');

    const activity = (await (await control('simulate-activity', { portalId: 4242, companyFraction: 0.5, seed: 'x' })).json()) as { companyIds: string[] };
    expect(activity.companyIds).toHaveLength(10);
    const search = await crm('/crm/v3/objects/companies/search', {
      method: 'POST',
      body: JSON.stringify({ filterGroups: [{ filters: [{ propertyName: 'hs_object_id', operator: 'IN', values: activity.companyIds }] }], properties: ['active_users'], limit: 20 }),
    });
    expect(((await search.json()) as { total: number }).total).toBe(10);

    expect((await control('expire-tokens', {})).status).toBe(200);
    const expired = await crm('/crm/v3/objects/companies');
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ category: 'EXPIRED_AUTHENTICATION' });
  });

  it('closes cleanly on SIGTERM', async () => {
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
  });
});
