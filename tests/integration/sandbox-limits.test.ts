// Rate limits, authentication failures and injected faults, as HubSpot shapes them; every answer is
// counted in stats().
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from '@hubspot/api-client';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../sandbox/hubspot/server.ts';

const START = Date.parse('2026-11-01T08:00:00.000Z');
let clock = START;
let sandbox: HubSpotSandbox;

/** A GET with portal 62515's token, another token, or (null) none at all. */
function get(path: string, token: string | null = sandbox.portals[0]!.accessToken): Promise<Response> {
  return fetch(`${sandbox.url}${path}`, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });
}

beforeAll(async () => {
  sandbox = await startHubSpotSandbox({ portals: [{ portalId: 62515, accounts: 5, seed: 'limits' }, { portalId: 99, accounts: 1, seed: 'b' }], now: () => clock });
});

afterAll(async () => {
  await sandbox.close();
});

describe('rate limits', () => {
  it('answers the 111th request in 10 s with a TEN_SECONDLY_ROLLING 429, per portal, and rolls', async () => {
    const statuses: number[] = [];
    let first: Response | undefined;
    let last: Response | undefined;
    for (let i = 0; i < 111; i++) {
      if (i === 110) clock += 5_000;
      last = await get('/crm/v3/objects/companies?limit=1');
      first ??= last;
      statuses.push(last.status);
      if (i < 110) await last.arrayBuffer();
    }
    expect(statuses.slice(0, 110).every((s) => s === 200)).toBe(true);
    expect(statuses[110]).toBe(429);
    expect(first!.headers.get('x-hubspot-ratelimit-max')).toBe('110');
    expect(first!.headers.get('x-hubspot-ratelimit-remaining')).toBe('109');
    expect(first!.headers.get('x-hubspot-ratelimit-interval-milliseconds')).toBe('10000');
    expect(last!.headers.get('x-hubspot-ratelimit-remaining')).toBe('0');
    expect(await last!.json()).toEqual({
      status: 'error',
      message: 'You have reached your ten_secondly_rolling limit.',
      errorType: 'RATE_LIMIT',
      correlationId: expect.any(String),
      policyName: 'TEN_SECONDLY_ROLLING',
    });
    // The other portal has its own window.
    expect((await get('/crm/v3/objects/companies?limit=1', sandbox.portals[1]!.accessToken)).status).toBe(200);
    // The window rolls: 10 s after the first 110, only the rejected one (5 s later) is still in it.
    clock += 5_000;
    const again = await get('/crm/v3/objects/companies?limit=1');
    expect(again.status).toBe(200);
    expect(again.headers.get('x-hubspot-ratelimit-remaining')).toBe('108');
    expect(sandbox.stats().rateLimited).toBe(1);
  });

  it('can be changed at run time', async () => {
    clock += 20_000;
    sandbox.setRateLimit({ perTenSeconds: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await get('/crm/v3/objects/companies?limit=1')).status);
    expect(statuses).toEqual([200, 200, 429]);
    sandbox.setRateLimit({ perTenSeconds: 110 });
    clock += 20_000;
  });
});

describe('authentication', () => {
  it('answers a missing or unknown token with 401 INVALID_AUTHENTICATION', async () => {
    for (const token of [null, 'nope']) {
      const res = await get('/crm/v3/objects/companies', token);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ status: 'error', category: 'INVALID_AUTHENTICATION', correlationId: expect.any(String), message: expect.stringContaining('Authentication credentials not found') });
    }
  });

  it('expires tokens after their TTL or on demand, with HubSpot\'s EXPIRED_AUTHENTICATION body', async () => {
    const hs = new Client({ accessToken: sandbox.portals[1]!.accessToken, basePath: sandbox.url });
    clock = START + 30 * 60_000 + 5_000;
    const res = await get('/crm/v3/objects/companies', sandbox.portals[1]!.accessToken);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ status: 'error', category: 'EXPIRED_AUTHENTICATION', message: 'The OAuth token used to make this call expired 5 second(s) ago.' });
    await expect(hs.crm.companies.basicApi.getPage()).rejects.toMatchObject({ code: 401, body: { category: 'EXPIRED_AUTHENTICATION' } });
    expect(sandbox.stats().byRoute['GET /crm/v3/objects/:type']?.['401']).toBeGreaterThanOrEqual(3);
  });

  it('expireAccessTokens() makes every issued token fail at once', async () => {
    const fresh = await startHubSpotSandbox({ portals: [{ portalId: 1, accounts: 1, seed: 'x' }, { portalId: 2, accounts: 1, seed: 'y' }] });
    try {
      sandbox.expireAccessTokens(); // another sandbox: no effect here
      const token = (i: number): string => fresh.portals[i]!.accessToken;
      const call = (i: number): Promise<number> => fetch(`${fresh.url}/crm/v3/objects/companies`, { headers: { authorization: `Bearer ${token(i)}` } }).then((r) => r.status);
      expect([await call(0), await call(1)]).toEqual([200, 200]);
      fresh.expireAccessTokens(1);
      expect([await call(0), await call(1)]).toEqual([401, 200]);
      fresh.expireAccessTokens();
      expect(await call(1)).toBe(401);
    } finally {
      await fresh.close();
    }
  });
});

describe('faults', () => {
  it('injects 5xx answers and 429 bursts at roughly the configured rates, deterministically, and counts them', async () => {
    const run = async (): Promise<number[]> => {
      const sb = await startHubSpotSandbox({
        portals: [{ portalId: 5, accounts: 2, seed: 'f' }],
        rateLimit: { perTenSeconds: 1_000_000 },
        faults: { seed: 'faults', serverErrorRate: 0.1, rateLimitBurstRate: 0.02, rateLimitBurstLength: 4 },
      });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 600; i++) {
          const res = await fetch(`${sb.url}/crm/v3/objects/companies?limit=1`, { headers: { authorization: `Bearer ${sb.portals[0]!.accessToken}` } });
          statuses.push(res.status);
          if (res.status === 429) expect(res.headers.get('retry-after')).toBe('1');
          await res.arrayBuffer();
        }
        const stats = sb.stats();
        const counted = stats.byRoute['GET /crm/v3/objects/:type'] ?? {};
        expect(Object.values(counted).reduce((a, b) => a + b, 0)).toBe(600);
        expect(stats.rateLimited).toBe(statuses.filter((s) => s === 429).length);
        return statuses;
      } finally {
        await sb.close();
      }
    };
    const a = await run();
    expect(await run()).toEqual(a);
    const serverErrors = a.filter((s) => s >= 500).length;
    const limited = a.filter((s) => s === 429).length;
    expect(new Set(a.filter((s) => s >= 500))).toEqual(new Set([502, 503, 504]));
    expect(serverErrors).toBeGreaterThan(30);
    expect(serverErrors).toBeLessThan(90);
    expect(limited).toBeGreaterThan(15);
    expect(limited).toBeLessThan(100);
  });

  it('fails a fraction of batch inputs inside a 207 the SDK treats as a success', async () => {
    const sb = await startHubSpotSandbox({ portals: [{ portalId: 5, accounts: 100, seed: 'p' }], faults: { seed: 'p', partialFailureRate: 0.2 } });
    try {
      const hs = new Client({ accessToken: sb.portals[0]!.accessToken, basePath: sb.url });
      const ids = sb.seeded(5).map((s) => s.companyId);
      const read = await hs.crm.companies.batchApi.read({ inputs: ids.map((id) => ({ id })), properties: ['name'], propertiesWithHistory: [] });
      const failed = 'errors' in read ? (read.errors?.[0]?.context.ids ?? []) : [];
      expect(read.results.length + failed.length).toBe(100);
      expect(failed.length).toBeGreaterThan(8);
      expect(failed.length).toBeLessThan(35);
      const update = await hs.crm.companies.batchApi.update({ inputs: ids.map((id) => ({ id, properties: { arr: '1000' } })) });
      const notApplied = 'errors' in update ? (update.errors?.[0]?.context.ids ?? []) : [];
      expect(update.results.length + notApplied.length).toBe(100);
      const check = await hs.crm.companies.batchApi.read({ inputs: notApplied.map((id) => ({ id })), properties: ['arr'], propertiesWithHistory: [] });
      for (const r of check.results) expect(r.properties.arr).not.toBe('1000');
      sb.setFaults(null);
      const clean = await hs.crm.companies.batchApi.read({ inputs: ids.map((id) => ({ id })), properties: [], propertiesWithHistory: [] });
      expect(clean.results).toHaveLength(100);
      expect(sb.stats().byRoute['POST /crm/v3/objects/:type/batch/read']).toEqual({ '200': 1, '207': 2 });
      sb.resetStats();
      expect(sb.stats()).toEqual({ requests: 0, byRoute: {}, rateLimited: 0 });
    } finally {
      await sb.close();
    }
  });

  it('adds latency', async () => {
    const sb = await startHubSpotSandbox({ portals: [{ portalId: 5, accounts: 1, seed: 'l' }], faults: { latencyMs: { min: 40, max: 60 } } });
    try {
      const started = performance.now();
      const res = await fetch(`${sb.url}/crm/v3/objects/companies`, { headers: { authorization: `Bearer ${sb.portals[0]!.accessToken}` } });
      expect(res.status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(39);
    } finally {
      await sb.close();
    }
  });
});
