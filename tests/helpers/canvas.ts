// Canvas signed requests as Salesforce sends them: base64(HMAC-SHA256(consumer secret, E)) + "."
// + E, E the base64 of the JSON CanvasRequest, in the standard alphabet with padding like
// Salesforce's documented example, or URL-safe / unpadded to check the verifier takes both.
import { createHmac } from 'node:crypto';

export const CANVAS_SECRET = 'canvas-consumer-secret-0123456789abcdef';
/** What a test puts in `client.oauthToken`, to look for it where it must never be. */
export const SESSION_TOKEN = '00Dx0000000SESSION!AQ4AQFakeSessionTokenThatMustNeverLeak.0123456789';

export interface EnvelopeOptions {
  orgId: string;
  userId?: string;
  accountId?: string | null;
  recordType?: string;
  /** Put the record id in `environment.parameters.recordId` instead of `environment.record`. */
  viaParameters?: boolean;
  instanceUrl?: string;
  targetOrigin?: string;
  algorithm?: string;
  email?: string | null;
  /** `client.oauthToken` (default SESSION_TOKEN, which no Salesforce knows). */
  oauthToken?: string;
}

export function canvasEnvelope(o: EnvelopeOptions): Record<string, unknown> {
  const userId = o.userId ?? '005000000000001AAA';
  const accountId = o.accountId === undefined ? '001000000000001AAA' : o.accountId;
  const instanceUrl = o.instanceUrl ?? 'https://acme.my.salesforce.com';
  const record = accountId !== null && !o.viaParameters ? { attributes: { type: o.recordType ?? 'Account', url: `/services/data/v66.0/sobjects/Account/${accountId}` }, Id: accountId, Name: 'Acme' } : null;
  return {
    algorithm: o.algorithm ?? 'HMACSHA256',
    issuedAt: 1_234_567,
    userId,
    client: { instanceId: '06Px000000002JZ', instanceUrl, oauthToken: o.oauthToken ?? SESSION_TOKEN, refreshToken: null, targetOrigin: o.targetOrigin ?? instanceUrl },
    context: {
      application: { applicationId: '06Px000000003ed', authType: 'SIGNED_REQUEST', name: 'Success Sidecar', developerName: 'success_sidecar', version: '1.0.0' },
      user: { userId, userName: 'csm@acme.example', email: o.email === undefined ? 'csm@acme.example' : o.email, fullName: 'Casey Manager', locale: 'en_US', language: 'en_US' },
      organization: { organizationId: o.orgId, name: 'Acme', currencyIsoCode: 'USD', multicurrencyEnabled: false },
      environment: {
        displayLocation: 'Aura',
        locationUrl: `${instanceUrl}/lightning/r/Account/${accountId}/view`,
        uiTheme: 'Theme4d',
        dimensions: { width: '100%', height: '900px' },
        version: { api: '66.0', season: 'SPRING' },
        parameters: o.viaParameters && accountId !== null ? { recordId: accountId } : {},
        ...(record ? { record } : {}),
      },
      links: { restUrl: '/services/data/v66.0/', sobjectUrl: '/services/data/v66.0/sobjects/' },
    },
  };
}

export interface SignOptions {
  secret?: string;
  alphabet?: 'standard' | 'url';
  padded?: boolean;
  hash?: 'sha256' | 'sha1';
}

function encode(bytes: Buffer, o: SignOptions): string {
  let text = bytes.toString('base64');
  if (o.alphabet === 'url') text = text.replace(/\+/g, '-').replace(/\//g, '_');
  if (o.padded === false) text = text.replace(/=+$/, '');
  return text;
}

/** The encoded envelope of a CanvasRequest. */
export function encodeEnvelope(envelope: unknown, o: SignOptions = {}): string {
  return encode(Buffer.from(JSON.stringify(envelope), 'utf8'), o);
}

export function signEncoded(encodedEnvelope: string, o: SignOptions = {}): string {
  return encode(createHmac(o.hash ?? 'sha256', o.secret ?? CANVAS_SECRET).update(encodedEnvelope).digest(), o);
}

/** A `signed_request` for this envelope. */
export function signCanvasRequest(envelope: unknown, o: SignOptions = {}): string {
  const encoded = encodeEnvelope(envelope, o);
  return `${signEncoded(encoded, o)}.${encoded}`;
}
