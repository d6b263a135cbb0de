// Canvas signed-request verification (server/crm/salesforce/canvas.ts): only a request signed with
// the consumer secret over its encoded envelope, declaring HMACSHA256, for an Account record, is
// accepted; the org, user and record come from the envelope; the session token is returned apart
// from the caller (for the live-session check only), never inside it.
import { describe, expect, it } from '@jest/globals';
import { decodeBase64Any, verifyCanvasRequest } from '../../server/crm/salesforce/canvas.ts';
import { canvasEnvelope, CANVAS_SECRET, encodeEnvelope, SESSION_TOKEN, signCanvasRequest, signEncoded } from '../helpers/canvas.ts';

const ORG = '00D5g000004ZQaREAW';
const ACCOUNT = '0015g00000AbCdEAAV';
const USER = '0055g00000XyZabAAF';
const envelope = (o: Partial<Parameters<typeof canvasEnvelope>[0]> = {}) => canvasEnvelope({ orgId: ORG, accountId: ACCOUNT, userId: USER, ...o });
const verify = (signed: unknown, secret = CANVAS_SECRET) => verifyCanvasRequest(signed, secret);

describe('verifyCanvasRequest', () => {
  it('accepts a request Salesforce signed (standard base64, padded) and takes org, user and Account from the envelope', () => {
    const signed = signCanvasRequest(envelope());
    const result = verify(signed);
    expect(result).toEqual({
      ok: true,
      caller: { orgId: ORG, userId: USER, userName: 'csm@acme.example', email: 'csm@acme.example', accountId: ACCOUNT, instanceUrl: 'https://acme.my.salesforce.com', targetOrigin: 'https://acme.my.salesforce.com' },
      session: { instanceUrl: 'https://acme.my.salesforce.com', accessToken: SESSION_TOKEN },
    });
    expect(JSON.stringify(result.ok && result.caller)).not.toContain(SESSION_TOKEN);
  });

  it('accepts the URL-safe alphabet, with or without padding', () => {
    // An envelope whose encodings use '+' and '/' (so the URL-safe form really differs).
    // '???' encodes as 'Pz8/': the envelope's encoding has a '/'; the nonce varies the signature until it has one too.
    let env: Record<string, unknown> = { ...envelope(), note: '???' };
    for (let i = 0; i < 1_000 && !/[+/]/.test(signEncoded(encodeEnvelope(env))); i++) env = { ...envelope(), note: '???', nonce: i };
    expect(encodeEnvelope(env)).toMatch(/[+/]/);
    const urlSafe = signCanvasRequest(env, { alphabet: 'url' });
    expect(urlSafe).toMatch(/[-_]/);
    expect(urlSafe).not.toMatch(/[+/]/);
    expect(verify(urlSafe)).toMatchObject({ ok: true, caller: { orgId: ORG, accountId: ACCOUNT } });
    expect(verify(signCanvasRequest(env, { alphabet: 'url', padded: false }))).toMatchObject({ ok: true });
    expect(verify(signCanvasRequest(env, { padded: false }))).toMatchObject({ ok: true });
  });

  it('refuses a signature with one bit flipped (401)', () => {
    const signed = signCanvasRequest(envelope());
    const dot = signed.indexOf('.');
    const sig = Buffer.from(signed.slice(0, dot), 'base64');
    sig[7] = sig[7]! ^ 0x01;
    expect(verify(`${sig.toString('base64')}${signed.slice(dot)}`)).toMatchObject({ ok: false, status: 401, code: 'invalid_signature' });
  });

  it('refuses an envelope with one bit flipped under the original signature (401)', () => {
    const encoded = encodeEnvelope(envelope());
    const bytes = Buffer.from(encoded, 'base64');
    bytes[20] = bytes[20]! ^ 0x01;
    expect(verify(`${signEncoded(encoded)}.${bytes.toString('base64')}`)).toMatchObject({ ok: false, status: 401, code: 'invalid_signature' });
  });

  it('refuses an envelope swapped under the signature of another (401)', () => {
    const mine = signCanvasRequest(envelope());
    const other = signCanvasRequest(envelope({ orgId: '00D5g000004ZQbSEAW', accountId: '0015g00000ZzZzZAAV' }));
    expect(verify(`${mine.slice(0, mine.indexOf('.'))}.${other.slice(other.indexOf('.') + 1)}`)).toMatchObject({ ok: false, status: 401, code: 'invalid_signature' });
  });

  it('refuses a request signed with another secret (401)', () => {
    expect(verify(signCanvasRequest(envelope(), { secret: 'another-apps-consumer-secret' }))).toMatchObject({ ok: false, status: 401, code: 'invalid_signature' });
    expect(verify(signCanvasRequest(envelope()), `${CANVAS_SECRET}x`)).toMatchObject({ ok: false, status: 401 });
  });

  it('refuses the two parts reversed (401)', () => {
    const signed = signCanvasRequest(envelope());
    const dot = signed.indexOf('.');
    expect(verify(`${signed.slice(dot + 1)}.${signed.slice(0, dot)}`)).toMatchObject({ ok: false, status: 401 });
  });

  it('refuses a validly signed envelope that declares HMACSHA1 (403), and one signed with SHA-1 (401)', () => {
    expect(verify(signCanvasRequest(envelope({ algorithm: 'HMACSHA1' })))).toMatchObject({ ok: false, status: 403, code: 'wrong_algorithm' });
    expect(verify(signCanvasRequest(envelope({ algorithm: 'HMACSHA1' }), { hash: 'sha1' }))).toMatchObject({ ok: false, status: 401, code: 'invalid_signature' });
  });

  it('refuses an unsigned envelope, a missing dot, an empty or absent value (401)', () => {
    const encoded = encodeEnvelope(envelope());
    for (const bad of [encoded, `.${encoded}`, `${signEncoded(encoded)}.`, '', '.', undefined, null, 42, ['a.b']]) {
      expect(verify(bad)).toMatchObject({ ok: false, status: 401 });
    }
  });

  it('refuses characters outside base64 in the signature (401)', () => {
    const signed = signCanvasRequest(envelope());
    expect(verify(`*${signed}`)).toMatchObject({ ok: false, status: 401 });
    expect(verify(`${signed.slice(0, 4)} ${signed.slice(4)}`)).toMatchObject({ ok: false, status: 401 });
  });

  it('refuses a signed envelope that is not for an Account record page (403)', () => {
    expect(verify(signCanvasRequest(envelope({ recordType: 'Contact', accountId: '0035g00000AbCdEAAV' })))).toMatchObject({ ok: false, status: 403, code: 'not_an_account' });
    expect(verify(signCanvasRequest(envelope({ accountId: null })))).toMatchObject({ ok: false, status: 403, code: 'not_an_account' });
    expect(verify(signCanvasRequest(envelope({ accountId: '0035g00000AbCdEAAV', viaParameters: true })))).toMatchObject({ ok: false, status: 403, code: 'not_an_account' });
  });

  it('takes the Account from parameters.recordId when the record page component passes it, 15 characters turned into 18', () => {
    expect(verify(signCanvasRequest(envelope({ viaParameters: true })))).toMatchObject({ ok: true, caller: { accountId: ACCOUNT } });
    expect(verify(signCanvasRequest(envelope({ viaParameters: true, accountId: ACCOUNT.slice(0, 15) })))).toMatchObject({ ok: true, caller: { accountId: ACCOUNT } });
  });

  it('refuses a signed envelope without the org, the user or the client (403)', () => {
    const full = envelope() as { context: Record<string, unknown>; client: Record<string, unknown> };
    const noOrg = { ...full, context: { ...full.context, organization: {} } };
    const noUser = { ...full, context: { ...full.context, user: { userName: 'x' } } };
    const noToken = { ...full, client: { instanceUrl: 'https://acme.my.salesforce.com' } };
    const badOrg = envelope({ orgId: ACCOUNT });
    for (const e of [noOrg, noUser, noToken, badOrg, 'not an object']) expect(verify(signCanvasRequest(e))).toMatchObject({ ok: false, status: 403 });
  });
});

describe('decodeBase64Any', () => {
  it('reads both alphabets, padded or not, and refuses what is not base64', () => {
    const bytes = Buffer.from([0xfb, 0xff, 0xbf, 0x01]);
    expect(decodeBase64Any('+/+/AQ==')).toEqual(bytes);
    expect(decodeBase64Any('-_-_AQ')).toEqual(bytes);
    expect(decodeBase64Any('-_-_AQ==')).toEqual(bytes);
    for (const bad of ['-_-_AQ=', 'abcde', 'ab!c', 'ab c', '====']) expect(decodeBase64Any(bad)).toBeNull();
  });
});
