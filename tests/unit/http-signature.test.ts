import { describe, expect, it } from '@jest/globals';
import { resolvePublicUrl } from '../../server/http/public-url.ts';
import { hubSpotSignatureHeaders, signHubSpotRequestV3, verifyHubSpotSignatureV3 } from '../../server/http/signature.ts';
import type { VerifySignatureV3Input } from '../../server/http/signature.ts';

const SECRET = 'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy';
const URL_ = 'https://sidecar.example.com/api/health?portalId=62515&objectId=123';
const BODY = '{"objectId":123}';
const TS = 1700000000000;
const VECTOR = '6QKu8/bRHDZW7UGvwNt0DWg0lqn8WdCtis25Ca4qUCo=';

const base: VerifySignatureV3Input = { secret: SECRET, method: 'POST', url: URL_, rawBody: Buffer.from(BODY), timestamp: String(TS), signature: VECTOR, nowMs: TS + 1_000 };

describe('signHubSpotRequestV3', () => {
  it('matches HubSpot’s documented test vector', () => {
    expect(signHubSpotRequestV3({ secret: SECRET, method: 'POST', url: URL_, rawBody: BODY, timestamp: TS })).toBe(VECTOR);
    expect(signHubSpotRequestV3({ secret: SECRET, method: 'post', url: URL_, rawBody: Buffer.from(BODY), timestamp: String(TS) })).toBe(VECTOR);
    expect(hubSpotSignatureHeaders({ secret: SECRET, method: 'POST', url: URL_, rawBody: BODY, timestamp: TS })).toEqual({
      'X-HubSpot-Signature-v3': VECTOR,
      'X-HubSpot-Request-Timestamp': String(TS),
    });
  });

  it('signs a GET without a body over method + URL + timestamp only', () => {
    const get = signHubSpotRequestV3({ secret: SECRET, method: 'GET', url: URL_, timestamp: TS });
    expect(get).toBe(signHubSpotRequestV3({ secret: SECRET, method: 'GET', url: URL_, rawBody: '', timestamp: TS }));
    expect(get).not.toBe(VECTOR);
  });
});

describe('verifyHubSpotSignatureV3', () => {
  it('accepts the vector within the window, on both sides of now', () => {
    expect(verifyHubSpotSignatureV3(base)).toEqual({ ok: true });
    expect(verifyHubSpotSignatureV3({ ...base, nowMs: TS + 299_000 })).toEqual({ ok: true });
    expect(verifyHubSpotSignatureV3({ ...base, nowMs: TS - 299_000 })).toEqual({ ok: true });
  });

  it.each([
    ['method', { method: 'PUT' }],
    ['host', { url: 'https://evil.example.com/api/health?portalId=62515&objectId=123' }],
    ['scheme', { url: 'http://sidecar.example.com/api/health?portalId=62515&objectId=123' }],
    ['path', { url: 'https://sidecar.example.com/api/other?portalId=62515&objectId=123' }],
    ['query', { url: 'https://sidecar.example.com/api/health?portalId=62515&objectId=124' }],
    ['query order', { url: 'https://sidecar.example.com/api/health?objectId=123&portalId=62515' }],
    ['body', { rawBody: Buffer.from('{"objectId":124}') }],
    ['body whitespace', { rawBody: Buffer.from('{"objectId": 123}') }],
    ['missing body', { rawBody: undefined }],
    ['signature', { signature: VECTOR.replace('6Q', '6R') }],
    ['truncated signature', { signature: VECTOR.slice(0, -2) }],
    ['secret', { secret: 'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz' }],
    ['timestamp (signed value differs)', { timestamp: String(TS + 1) }],
  ] as const)('rejects a tampered %s', (_what, change) => {
    expect(verifyHubSpotSignatureV3({ ...base, ...change })).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('rejects timestamps more than 5 minutes old or in the future, before looking at the signature', () => {
    expect(verifyHubSpotSignatureV3({ ...base, nowMs: TS + 300_001 })).toEqual({ ok: false, reason: 'stale' });
    expect(verifyHubSpotSignatureV3({ ...base, nowMs: TS - 300_001 })).toEqual({ ok: false, reason: 'future' });
    expect(verifyHubSpotSignatureV3({ ...base, nowMs: TS + 3_600_000, signature: 'garbage' })).toEqual({ ok: false, reason: 'stale' });
    expect(verifyHubSpotSignatureV3({ ...base, nowMs: TS + 60_000, maxSkewMs: 30_000 })).toEqual({ ok: false, reason: 'stale' });
  });

  it('rejects missing or malformed headers', () => {
    for (const change of [{ signature: undefined }, { signature: '' }, { signature: null }, { timestamp: undefined }, { timestamp: '' }, { timestamp: 'yesterday' }, { timestamp: '-1' }, { timestamp: '1.7e12' }]) {
      expect(verifyHubSpotSignatureV3({ ...base, ...change })).toEqual({ ok: false, reason: 'missing_headers' });
    }
  });

  it('also accepts a signature over the URL with HubSpot’s listed escapes decoded', () => {
    const encoded = 'https://sidecar.example.com/api/search?email=a%40b.com&q=x%2Cy';
    const decodedSig = signHubSpotRequestV3({ secret: SECRET, method: 'GET', url: 'https://sidecar.example.com/api/search?email=a@b.com&q=x,y', timestamp: TS });
    const asIsSig = signHubSpotRequestV3({ secret: SECRET, method: 'GET', url: encoded, timestamp: TS });
    for (const signature of [decodedSig, asIsSig]) {
      expect(verifyHubSpotSignatureV3({ ...base, method: 'GET', url: encoded, rawBody: undefined, signature })).toEqual({ ok: true });
    }
    // Other escapes are never decoded: %20 stays as it is.
    const spaced = signHubSpotRequestV3({ secret: SECRET, method: 'GET', url: 'https://sidecar.example.com/a b', timestamp: TS });
    expect(verifyHubSpotSignatureV3({ ...base, method: 'GET', url: 'https://sidecar.example.com/a%20b', rawBody: undefined, signature: spaced })).toEqual({ ok: false, reason: 'bad_signature' });
  });
});

describe('resolvePublicUrl', () => {
  it('uses PUBLIC_URL’s origin and path prefix with the request’s path and query', () => {
    expect(resolvePublicUrl({ publicUrl: 'https://sidecar.example.com', protocol: 'http', host: '127.0.0.1:3000', originalUrl: '/api/x?a=1' })).toBe('https://sidecar.example.com/api/x?a=1');
    expect(resolvePublicUrl({ publicUrl: 'https://example.com/sidecar/', protocol: 'http', host: 'internal', originalUrl: '/api/x' })).toBe('https://example.com/sidecar/api/x');
  });

  it('falls back to the request’s protocol and host', () => {
    expect(resolvePublicUrl({ publicUrl: null, protocol: 'http', host: 'localhost:3000', originalUrl: '/api/x?b=2' })).toBe('http://localhost:3000/api/x?b=2');
    expect(resolvePublicUrl({ protocol: 'https', host: undefined, originalUrl: '/' })).toBe('https://localhost/');
  });
});
