// The Canvas session check (server/crm/salesforce/canvas-session.ts) and the UserInfo reader
// (userinfo.ts): a live session of the named user and org passes (ids in either length); a
// refused token is 401, another user's or org's 403, no usable answer 502; an http instance that
// is not loopback is refused before any call; positive answers are cached for their lifetime,
// keyed without the token, in a bounded cache.
import { describe, expect, it } from '@jest/globals';
import { CanvasSessionCheck, DEFAULT_SESSION_TTL_MS } from '../../server/crm/salesforce/canvas-session.ts';
import { httpUserInfo, type UserInfoAnswer, type UserInfoLookup } from '../../server/crm/salesforce/userinfo.ts';

const ORG = '00D5g0000000001EAA';
const USER = '0055g0000000001AAA';
const OTHER = '0055g0000000002AAA';
const INSTANCE = 'https://acme.my.salesforce.com';

function lookupOf(answers: Record<string, UserInfoAnswer>) {
  const calls: Array<{ instanceUrl: string; token: string }> = [];
  const lookup: UserInfoLookup = (instanceUrl, token) => {
    calls.push({ instanceUrl, token });
    return Promise.resolve(answers[token] ?? { kind: 'refused', status: 403 });
  };
  return { calls, lookup };
}

describe('CanvasSessionCheck', () => {
  it('passes a live session of the named user and org, and refuses the rest with 401, 403 or 502', async () => {
    const { lookup } = lookupOf({
      live: { kind: 'live', orgId: ORG, userId: USER },
      theirs: { kind: 'live', orgId: ORG, userId: OTHER },
      elsewhere: { kind: 'live', orgId: '00D5g0000000002EAA', userId: USER },
      down: { kind: 'unreachable', reason: 'status 503' },
    });
    const check = new CanvasSessionCheck({ lookup });
    const as = (accessToken: string) => check.check({ instanceUrl: INSTANCE, accessToken }, { orgId: ORG, userId: USER });
    expect(await as('live')).toEqual({ ok: true, cached: false });
    expect(await as('revoked')).toMatchObject({ ok: false, status: 401, code: 'salesforce_session_invalid', message: expect.stringContaining('open the record again in Salesforce') });
    expect(await as('theirs')).toMatchObject({ ok: false, status: 403, code: 'salesforce_session_mismatch' });
    expect(await as('elsewhere')).toMatchObject({ ok: false, status: 403, code: 'salesforce_session_mismatch' });
    expect(await as('down')).toMatchObject({ ok: false, status: 502, code: 'salesforce_unreachable' });
  });

  it('asks over https or loopback http only', async () => {
    const { calls, lookup } = lookupOf({ live: { kind: 'live', orgId: ORG, userId: USER } });
    const check = new CanvasSessionCheck({ lookup });
    const at = (instanceUrl: string) => check.check({ instanceUrl, accessToken: 'live' }, { orgId: ORG, userId: USER });
    expect(await at('http://acme.my.salesforce.com')).toMatchObject({ ok: false, status: 403, code: 'insecure_instance' });
    expect(calls).toHaveLength(0);
    expect(await at('http://127.0.0.1:4020')).toMatchObject({ ok: true });
    expect(await at('http://[::1]:4020')).toMatchObject({ ok: true });
  });

  it('keeps a positive answer for its lifetime only, still comparing ids, and never a refusal', async () => {
    let now = 1_000_000;
    const { calls, lookup } = lookupOf({ live: { kind: 'live', orgId: ORG, userId: USER } });
    const check = new CanvasSessionCheck({ lookup, now: () => now });
    const session = { instanceUrl: INSTANCE, accessToken: 'live' };
    expect(await check.check(session, { orgId: ORG, userId: USER })).toEqual({ ok: true, cached: false });
    now += DEFAULT_SESSION_TTL_MS - 1;
    expect(await check.check(session, { orgId: ORG, userId: USER })).toEqual({ ok: true, cached: true });
    // The cached answer is about the token: another user named with it is still refused.
    expect(await check.check(session, { orgId: ORG, userId: OTHER })).toMatchObject({ ok: false, code: 'salesforce_session_mismatch' });
    expect(calls).toHaveLength(1);
    now += 2;
    expect(await check.check(session, { orgId: ORG, userId: USER })).toEqual({ ok: true, cached: false });
    expect(calls).toHaveLength(2);
    // The same token at another instance is another question.
    await check.check({ instanceUrl: 'https://other.my.salesforce.com', accessToken: 'live' }, { orgId: ORG, userId: USER });
    expect(calls).toHaveLength(3);
    // Refusals are asked again every time.
    await check.check({ instanceUrl: INSTANCE, accessToken: 'revoked' }, { orgId: ORG, userId: USER });
    await check.check({ instanceUrl: INSTANCE, accessToken: 'revoked' }, { orgId: ORG, userId: USER });
    expect(calls).toHaveLength(5);
  });

  it('holds at most maxEntries answers, dropping the oldest', async () => {
    const answers: Record<string, UserInfoAnswer> = {};
    for (let i = 0; i < 5; i++) answers[`t${i}`] = { kind: 'live', orgId: ORG, userId: USER };
    const { calls, lookup } = lookupOf(answers);
    const check = new CanvasSessionCheck({ lookup, maxEntries: 3 });
    for (let i = 0; i < 5; i++) await check.check({ instanceUrl: INSTANCE, accessToken: `t${i}` }, { orgId: ORG, userId: USER });
    expect(check.size).toBe(3);
    expect(await check.check({ instanceUrl: INSTANCE, accessToken: 't4' }, { orgId: ORG, userId: USER })).toEqual({ ok: true, cached: true });
    expect(await check.check({ instanceUrl: INSTANCE, accessToken: 't0' }, { orgId: ORG, userId: USER })).toEqual({ ok: true, cached: false });
    expect(calls).toHaveLength(6);
  });
});

describe('httpUserInfo', () => {
  const reply = (status: number, body: unknown, type = 'application/json') => () => Promise.resolve(new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': type } }));

  it('sends the token as a Bearer header to the instance and reads user_id and organization_id in either length', async () => {
    const seen: Array<{ url: string; auth: string | null }> = [];
    const fetchFn = ((url: URL, init: RequestInit) => {
      seen.push({ url: String(url), auth: new Headers(init.headers).get('authorization') });
      return Promise.resolve(new Response(JSON.stringify({ sub: `${INSTANCE}/id/${ORG}/${USER}`, user_id: USER.slice(0, 15), organization_id: ORG, preferred_username: 'csm@acme.example' }), { status: 200 }));
    }) as typeof fetch;
    expect(await httpUserInfo({ fetch: fetchFn })(INSTANCE, 'tok')).toEqual({ kind: 'live', orgId: ORG, userId: USER });
    expect(seen).toEqual([{ url: `${INSTANCE}/services/oauth2/userinfo`, auth: 'Bearer tok' }]);
  });

  it('reads 401, 403 and 404 as refused; anything else, a failure or a 200 without the claims as unreachable', async () => {
    const ask = (f: () => Promise<Response>) => httpUserInfo({ fetch: f as unknown as typeof fetch })(INSTANCE, 'tok');
    expect(await ask(reply(403, 'Bad_OAuth_Token', 'text/plain'))).toEqual({ kind: 'refused', status: 403 });
    expect(await ask(reply(401, [{ errorCode: 'INVALID_SESSION_ID', message: 'Session expired or invalid' }]))).toEqual({ kind: 'refused', status: 401 });
    expect(await ask(reply(404, 'Inactive', 'text/plain'))).toEqual({ kind: 'refused', status: 404 });
    expect(await ask(reply(503, 'down', 'text/plain'))).toEqual({ kind: 'unreachable', reason: 'status 503' });
    expect(await ask(reply(302, ''))).toEqual({ kind: 'unreachable', reason: 'status 302' });
    expect(await ask(reply(200, '<html>login</html>', 'text/html'))).toEqual({ kind: 'unreachable', reason: 'not JSON' });
    expect(await ask(reply(200, { user_id: 'not-an-id', organization_id: ORG }))).toEqual({ kind: 'unreachable', reason: 'not the UserInfo claims' });
    expect(await ask(() => Promise.reject(new TypeError('fetch failed')))).toEqual({ kind: 'unreachable', reason: 'network' });
  });
});
