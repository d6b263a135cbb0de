// Salesforce Canvas signed requests. When a Canvas app with signed-request access loads, Salesforce
// POSTs the form field `signed_request` = base64(HMAC-SHA256(consumer secret, E)) + "." + E, where
// E is the base64 of the JSON CanvasRequest envelope. The HMAC covers E exactly as received, so it
// is checked before E is decoded; the comparison is constant-time; both base64 alphabets (standard
// and URL-safe, padded or not) are accepted, since Salesforce's own examples are standard base64
// and its SDK decodes either. Only after the signature holds is the envelope parsed, and the org,
// user and record the card may show are taken from it and nowhere else. The signature does not say
// when Salesforce signed (`issuedAt` is internal), so the user's session token (`client.oauthToken`)
// is handed back apart from the caller, for one use only: asking Salesforce whether it is still a
// live session of that user (canvas-session.ts). The caller never carries it, so it cannot reach a
// page, a URL or a log.
// Pure: no I/O; whether the org is installed and the session live are the caller's questions.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { ACCOUNT_KEY_PREFIX, ORG_KEY_PREFIX, toId18 } from './record-id.ts';

/** What the card may use, all from the verified envelope. */
export interface CanvasCaller {
  /** 18-character organization id. */
  orgId: string;
  /** 18-character user id. */
  userId: string;
  userName: string;
  email: string | null;
  /** 18-character id of the Account the card is placed on. */
  accountId: string;
  /** The org's API origin (`https://…my.salesforce.com`). */
  instanceUrl: string;
  /** The origin of the Salesforce page that frames the card, when the envelope names one. */
  targetOrigin: string | null;
}

/** The envelope's Salesforce session, only to be checked with Salesforce (never logged, never shown). */
export interface CanvasSession {
  instanceUrl: string;
  accessToken: string;
}

export type CanvasVerification = { ok: true; caller: CanvasCaller; session: CanvasSession } | { ok: false; status: 401 | 403; code: string; message: string };

/** The only algorithm Salesforce signs Canvas requests with. */
export const CANVAS_ALGORITHM = 'HMACSHA256';
/** Far above a real envelope (a few KB); longer inputs are refused before any work. */
export const MAX_SIGNED_REQUEST_LENGTH = 64 * 1024;

const BASE64_ANY = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** Bytes of a standard or URL-safe base64 text, padded or not; null when it is not base64. */
export function decodeBase64Any(text: string): Buffer | null {
  if (!BASE64_ANY.test(text)) return null;
  const body = text.replace(/=+$/, '');
  if (body.length % 4 === 1) return null;
  if (body.length !== text.length && text.length % 4 !== 0) return null; // padding that does not complete the last quantum
  return Buffer.from(body.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

const Id = z.string().transform((raw, ctx) => {
  const id = toId18(raw);
  if (id === null) {
    ctx.addIssue({ code: 'custom', message: 'a 15- or 18-character Salesforce id' });
    return z.NEVER;
  }
  return id;
});

const HttpOrigin = z.string().transform((raw, ctx) => {
  let url: URL | null = null;
  try {
    url = new URL(raw);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    ctx.addIssue({ code: 'custom', message: 'an http(s) URL' });
    return z.NEVER;
  }
  return url.origin;
});

/** The CanvasRequest fields the card reads; Salesforce sends many more, which are ignored. */
const CanvasEnvelope = z.looseObject({
  algorithm: z.string(),
  /** "For internal use only" per Salesforce: parsed when present, never trusted for freshness. */
  issuedAt: z.number().nullish(),
  client: z.looseObject({
    oauthToken: z.string().min(1),
    instanceUrl: HttpOrigin,
    targetOrigin: HttpOrigin.nullish(),
  }),
  context: z.looseObject({
    user: z.looseObject({ userId: Id, userName: z.string().min(1), email: z.string().nullish() }),
    organization: z.looseObject({ organizationId: Id }),
    environment: z.looseObject({
      record: z.looseObject({ Id: Id, attributes: z.looseObject({ type: z.string() }).optional() }).nullish(),
      parameters: z.record(z.string(), z.unknown()).nullish(),
    }),
  }),
});
type CanvasEnvelope = z.infer<typeof CanvasEnvelope>;

const fail = (status: 401 | 403, code: string, message: string): CanvasVerification => ({ ok: false, status, code, message });

/**
 * The Account the card is on: `environment.record` when the Canvas app sits on the record page
 * (its type must be Account), else a `recordId` the record page's component passed in
 * `parameters` (an Account id by its key prefix). Both are inside the signed envelope.
 */
function accountOf(env: CanvasEnvelope['context']['environment']): { ok: true; accountId: string } | { ok: false; message: string } {
  const record = env.record;
  if (record) {
    const type = record.attributes?.type ?? null;
    if (type !== null && type !== 'Account') return { ok: false, message: `The card is placed on a ${type} record; it works on Account record pages only.` };
    if (!record.Id.startsWith(ACCOUNT_KEY_PREFIX)) return { ok: false, message: `Record ${record.Id} is not an Account; the card works on Account record pages only.` };
    return { ok: true, accountId: record.Id };
  }
  const raw = env.parameters?.recordId;
  const id = typeof raw === 'string' ? toId18(raw) : null;
  if (id === null) return { ok: false, message: 'Salesforce did not say which record the card is on: place it on an Account record page (see the README, "Salesforce").' };
  if (!id.startsWith(ACCOUNT_KEY_PREFIX)) return { ok: false, message: `Record ${id} is not an Account; the card works on Account record pages only.` };
  return { ok: true, accountId: id };
}

/** Verifies a Canvas `signed_request` with the app's consumer secret; 401 when it is not Salesforce's, 403 when it is but the card cannot be shown for it. */
export function verifyCanvasRequest(signedRequest: unknown, consumerSecret: string): CanvasVerification {
  if (typeof signedRequest !== 'string' || signedRequest.length === 0) return fail(401, 'missing_signed_request', 'No signed_request was posted: the card opens only inside Salesforce, as a Canvas app with signed-request access.');
  if (signedRequest.length > MAX_SIGNED_REQUEST_LENGTH) return fail(401, 'invalid_signed_request', 'The signed_request is too long to be one from Salesforce.');
  const dot = signedRequest.indexOf('.');
  if (dot <= 0 || dot === signedRequest.length - 1) return fail(401, 'invalid_signed_request', 'The signed_request is not "<signature>.<envelope>".');
  const encodedEnvelope = signedRequest.slice(dot + 1);
  const given = decodeBase64Any(signedRequest.slice(0, dot));
  const expected = createHmac('sha256', consumerSecret).update(encodedEnvelope, 'utf8').digest();
  if (given === null || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return fail(401, 'invalid_signature', 'The signed_request is not signed with this app\'s consumer secret.');
  }

  const bytes = decodeBase64Any(encodedEnvelope);
  let json: unknown;
  try {
    json = bytes === null ? undefined : JSON.parse(bytes.toString('utf8'));
  } catch {
    json = undefined;
  }
  const parsed = CanvasEnvelope.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => i.path.join('.') || '(envelope)').slice(0, 5).join(', ');
    return fail(403, 'invalid_envelope', `The signed envelope is not a Canvas request the card can use (${where}).`);
  }
  const envelope = parsed.data;
  if (envelope.algorithm !== CANVAS_ALGORITHM) return fail(403, 'wrong_algorithm', `The signed_request says it is signed with ${envelope.algorithm.slice(0, 40)}; only ${CANVAS_ALGORITHM} is accepted.`);
  const orgId = envelope.context.organization.organizationId;
  if (!orgId.startsWith(ORG_KEY_PREFIX)) return fail(403, 'invalid_envelope', 'The signed envelope\'s organizationId is not an organization id.');
  const account = accountOf(envelope.context.environment);
  if (!account.ok) return fail(403, 'not_an_account', account.message);
  const { user } = envelope.context;
  return {
    ok: true,
    caller: {
      orgId,
      userId: user.userId,
      userName: user.userName,
      email: user.email ?? null,
      accountId: account.accountId,
      instanceUrl: envelope.client.instanceUrl,
      targetOrigin: envelope.client.targetOrigin ?? null,
    },
    session: { instanceUrl: envelope.client.instanceUrl, accessToken: envelope.client.oauthToken },
  };
}
