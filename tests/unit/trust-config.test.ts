// Production configuration that fails closed (issue "Trust only what the CRM asserts", items 6–8):
// TRUST_PROXY never "everything", serve only on https (loopback excepted), the user's email masked
// in logged URLs, /metrics behind a bearer token, and the per-portal token bucket.
import { describe, expect, it } from '@jest/globals';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { checkProductionEnv, ConfigError, parseEnv } from '../../server/config.ts';
import { createHttpApp } from '../../server/http/app.ts';
import { createLogger, redactUrl } from '../../server/http/observability.ts';
import { PortalRateLimiter, takeToken } from '../../server/http/portal-rate-limit.ts';

describe('TRUST_PROXY', () => {
  it('takes false, a hop count or a list of addresses, never "trust everything"', () => {
    expect(parseEnv({}).TRUST_PROXY).toBe(false);
    expect(parseEnv({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(parseEnv({ TRUST_PROXY: '10.0.0.0/8, loopback' }).TRUST_PROXY).toEqual(['10.0.0.0/8', 'loopback']);
    expect(() => parseEnv({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY: true would trust/);
    expect(() => parseEnv({ TRUST_PROXY: 'evil.example' })).toThrow(/TRUST_PROXY/);
  });
  it('refuses true saying what to set instead, and what it suggests is taken', () => {
    let message = '';
    try {
      parseEnv({ TRUST_PROXY: 'true' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('TRUST_PROXY: true would trust X-Forwarded-* from any client');
    const suggested = [...message.matchAll(/TRUST_PROXY=([^\s)]+)/g)].map((m) => m[1]!);
    expect(suggested).toEqual(['1', '10.0.0.0/8,loopback']);
    expect(parseEnv({ TRUST_PROXY: suggested[0] }).TRUST_PROXY).toBe(1);
    expect(parseEnv({ TRUST_PROXY: suggested[1] }).TRUST_PROXY).toEqual(['10.0.0.0/8', 'loopback']);
  });
});

describe('serve faces HubSpot', () => {
  const base = { HUBSPOT_CLIENT_ID: 'x', HUBSPOT_CLIENT_SECRET: 'secret-secret' };
  it('needs an https PUBLIC_URL; plain http only on loopback', () => {
    expect(() => checkProductionEnv(parseEnv(base))).toThrow(/PUBLIC_URL: required/);
    expect(() => checkProductionEnv(parseEnv({ ...base, PUBLIC_URL: 'http://sidecar.example.com' }))).toThrow(/PUBLIC_URL: must be https/);
    expect(() => checkProductionEnv(parseEnv({ ...base, PUBLIC_URL: 'https://sidecar.example.com' }))).not.toThrow();
    expect(() => checkProductionEnv(parseEnv({ ...base, PUBLIC_URL: 'http://127.0.0.1:3000' }))).not.toThrow();
  });
  it('keeps the webhook URL off the cards\' origin', () => {
    const env = parseEnv({ ...base, PUBLIC_URL: 'https://sidecar.example.com', WEBHOOK_PUBLIC_URL: 'https://sidecar.example.com/hooks' });
    expect(() => checkProductionEnv(env)).toThrow(ConfigError);
    expect(() => checkProductionEnv(parseEnv({ ...base, PUBLIC_URL: 'https://sidecar.example.com', WEBHOOK_PUBLIC_URL: 'https://hooks.sidecar.example.com' }))).not.toThrow();
  });
});

describe('logs', () => {
  it('mask the userEmail HubSpot appends to card requests', () => {
    expect(redactUrl('/api/v1/hubspot/1/settings?userId=7&portalId=1&userEmail=a%40b.example&appId=2')).toBe('/api/v1/hubspot/1/settings?userId=7&portalId=1&userEmail=[Redacted]&appId=2');
  });
});

describe('/metrics', () => {
  it('answers only the bearer token when METRICS_TOKEN is set', async () => {
    const server = createHttpApp({ logger: createLogger({ level: 'silent' }), metricsToken: 'scrape-token-123' }).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
    try {
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(url, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
      const ok = await fetch(url, { headers: { authorization: 'Bearer scrape-token-123' } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('http_request_duration_seconds');
    } finally {
      server.close();
    }
  });
});

describe('the per-portal token bucket', () => {
  it('allows the burst, then one token per interval, and says how long to wait', () => {
    const rule = { burst: 2, perMinute: 6 };
    let bucket;
    const outcomes = [];
    for (const at of [0, 0, 0, 10_000]) {
      const step = takeToken(bucket, rule, at);
      bucket = step.bucket;
      outcomes.push(step.outcome);
    }
    expect(outcomes).toEqual([{ ok: true }, { ok: true }, { ok: false, retryAfterMs: 10_000 }, { ok: true }]);
  });
  it('keeps portals and routes apart', () => {
    let now = 0;
    const limiter = new PortalRateLimiter({ rules: { preview: { burst: 1, perMinute: 1 } }, now: () => now });
    expect(limiter.take('1', 'preview').ok).toBe(true);
    expect(limiter.take('1', 'preview').ok).toBe(false);
    expect(limiter.take('2', 'preview').ok).toBe(true);
    expect(limiter.take('1', 'recompute').ok).toBe(true);
    now = 60_000;
    expect(limiter.take('1', 'preview').ok).toBe(true);
  });
});
