// Errors that say what to do: each way a card or console request can fail — the sidecar down, the
// console's sidecar down, a rejected signature, a portal without the app, HubSpot unreachable or
// refusing the app — reaches the user as its own title and next step. The answers come from the
// real signature middleware, the real console bridge and the real CRM error mapping.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import express from 'express';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildWebBundle } from '../../cards/web/build.ts';
import { createWebApi } from '../../cards/web/api.ts';
import { createSidecarApi, type SidecarFetch } from '../../cards/model/client.ts';
import { errorKindFor, errorModel, WORDING, type ApiError } from '../../cards/model/index.ts';
import { CrmError } from '../../server/crm/errors.ts';
import { classifyHubSpotError } from '../../server/crm/hubspot/errors.ts';
import { toCrmError } from '../../server/crm/salesforce/errors.ts';
import { createHttpApp } from '../../server/http/app.ts';
import { errorEnvelope, toErrorResponse } from '../../server/http/errors.ts';
import { createLogger } from '../../server/http/observability.ts';
import { consoleRoutes } from '../../server/http/routes/console.ts';
import { requireHubSpotSignature } from '../../server/http/signature-middleware.ts';

const PORTAL = '62515';
let server: Server;
let url = '';

beforeAll(async () => {
  const cards = express.Router();
  cards.all('/api/v1/hubspot/:portalId/*rest', requireHubSpotSignature({ secret: () => 'the-real-secret-0123456789abcdef', publicUrl: null }), (_req, res) => void res.json({}));
  // The console, signing with a secret that is not the one the sidecar checks, and a second one whose sidecar is gone.
  const wrongSecret = await consoleRoutes({ portalId: PORTAL, clientSecret: 'another-secret-0123456789abcdef', localUrl: () => url, publicUrl: null, bundle: await buildWebBundle({ minify: false }), user: { userId: '9100001', userEmail: null } });
  const app = createHttpApp({ logger: createLogger({ level: 'silent' }), routes: [cards, wrongSecret.router] });
  server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const says = (error: ApiError) => {
  const m = errorModel(error);
  return { kind: error.kind, title: m.title, whatToDo: m.whatToDo, canRetry: m.canRetry };
};

/** A card client whose every request gets this answer. */
const answering = (status: number, body: unknown): SidecarFetch => () => Promise.resolve({ ok: status < 400, status, json: () => Promise.resolve(body) });

describe('errors that say what to do', () => {
  it('the sidecar is down: check it is running, try again', async () => {
    const api = createWebApi({ baseUrl: 'http://127.0.0.1:1/console', portalId: PORTAL });
    const answer = await api.companySuccess('1');
    expect(!answer.ok && says(answer.error)).toEqual({ kind: 'unreachable', ...WORDING.errors.unreachable, canRetry: true });
  });

  it('the console is up but its sidecar is not: look at the terminal running npm start', async () => {
    const bundle = await buildWebBundle({ minify: false });
    const orphan = await consoleRoutes({ portalId: PORTAL, clientSecret: 'x'.repeat(32), localUrl: () => 'http://127.0.0.1:1', publicUrl: null, bundle, timeoutMs: 2_000, user: { userId: '9100001', userEmail: null } });
    const app = createHttpApp({ logger: createLogger({ level: 'silent' }), routes: [orphan.router] });
    const alone = app.listen(0, '127.0.0.1');
    await once(alone, 'listening');
    try {
      const api = createWebApi({ baseUrl: `http://127.0.0.1:${(alone.address() as AddressInfo).port}/console`, portalId: PORTAL });
      const answer = await api.companySuccess('1');
      expect(!answer.ok && says(answer.error)).toEqual({ kind: 'sidecar_down', ...WORDING.errors.sidecar_down, canRetry: true });
      expect(WORDING.errors.sidecar_down.whatToDo).toContain('npm start');
    } finally {
      await new Promise<void>((resolve) => alone.close(() => resolve()));
    }
  }, 30_000);

  it('the signature is rejected: check the client secret and the clock; retrying cannot help', async () => {
    const api = createWebApi({ baseUrl: `${url}/console`, portalId: PORTAL });
    const answer = await api.companySuccess('1');
    expect(!answer.ok && answer.error.status).toBe(401);
    expect(!answer.ok && says(answer.error)).toEqual({ kind: 'signature_rejected', ...WORDING.errors.signature_rejected, canRetry: false });
    expect(WORDING.errors.signature_rejected.whatToDo).toMatch(/HUBSPOT_CLIENT_SECRET.*clock/);
  });

  it('the portal has not installed the app: a super admin installs it from the marketplace', async () => {
    // The envelope the card routes' guard sends (server/http/routes/hubspot-cards.ts).
    const api = createSidecarApi(answering(403, errorEnvelope('not_installed', `Success Sidecar is not installed in portal ${PORTAL}.`)), 'https://sidecar.example.com', { portalId: PORTAL });
    const answer = await api.companySuccess('1');
    expect(!answer.ok && says(answer.error)).toEqual({ kind: 'not_installed', ...WORDING.errors.not_installed, canRetry: false });
  });

  it('HubSpot is unreachable or busy: try again in a minute; HubSpot refusing the app: reinstall it', async () => {
    for (const [crm, kind, canRetry] of [
      [new CrmError({ code: 'network', message: 'ECONNRESET' }), 'crm_unreachable', true],
      [new CrmError({ code: 'rate_limited', message: '429', retryAfterMs: 3_000 }), 'crm_unreachable', true],
      [new CrmError({ code: 'unauthorized', message: '401' }), 'crm_access', false],
    ] as const) {
      const { status, envelope } = toErrorResponse(crm);
      const answer = await createSidecarApi(answering(status, envelope), 'https://sidecar.example.com', { portalId: PORTAL }).companySuccess('1');
      expect(!answer.ok && says(answer.error)).toEqual({ kind, ...WORDING.errors[kind], canRetry });
    }
  });

  it("the Salesforce card: an ended or foreign card token says to reload the Account page, an org without the app says to install it — never HubSpot's words", async () => {
    const org = { portalId: '00D5g000004ZQaREAW', crm: 'salesforce' as const };
    for (const [status, code, kind] of [
      [401, 'card_token_expired', 'card_session'],
      [401, 'invalid_card_token', 'card_session'],
      [401, 'missing_card_token', 'card_session'],
      [403, 'org_not_installed', 'org_not_installed'],
      [403, 'org_mismatch', 'card_mismatch'],
      [403, 'record_mismatch', 'card_mismatch'],
      [403, 'forbidden', 'card_session'], // a 403 without a code the card knows: reload, not "reconnect HubSpot"
    ] as const) {
      const answer = await createSidecarApi(answering(status, errorEnvelope(code, 'from the sidecar')), 'https://sidecar.example.com', org).companySuccess('0015g00000AbCdEAAV');
      expect(!answer.ok && says(answer.error)).toEqual({ kind, ...WORDING.errors[kind], canRetry: false });
      expect(WORDING.errors[kind].title).not.toMatch(/HubSpot/);
    }
  });

  it('Salesforce unreachable, busy or refusing the app: the Salesforce card names Salesforce, never HubSpot', async () => {
    const org = { portalId: '00D5g000004ZQaREAW', crm: 'salesforce' as const };
    for (const [crm, kind, canRetry] of [
      [new CrmError({ code: 'network', message: 'ECONNRESET' }), 'salesforce_unreachable', true],
      [new CrmError({ code: 'rate_limited', message: 'REQUEST_LIMIT_EXCEEDED', retryAfterMs: 3_000 }), 'salesforce_unreachable', true],
      [new CrmError({ code: 'unauthorized', message: 'INVALID_SESSION_ID' }), 'salesforce_access', false],
    ] as const) {
      const { status, envelope } = toErrorResponse(crm);
      const answer = await createSidecarApi(answering(status, envelope), 'https://sidecar.example.com', org).companySuccess('0015g00000AbCdEAAV');
      const said = !answer.ok && says(answer.error);
      expect(said).toEqual({ kind, ...WORDING.errors[kind], canRetry });
      expect(said && `${said.title} ${said.whatToDo}`).toMatch(/Salesforce/);
      expect(said && `${said.title} ${said.whatToDo}`).not.toMatch(/HubSpot/);
    }
    // The same answers on HubSpot's card keep naming HubSpot.
    const down = toErrorResponse(new CrmError({ code: 'network', message: 'ECONNRESET' }));
    const hubspot = await createSidecarApi(answering(down.status, down.envelope), 'https://sidecar.example.com', { portalId: PORTAL }).companySuccess('1');
    expect(!hubspot.ok && errorModel(hubspot.error).title).toMatch(/HubSpot/);
  });

  it("the sidecar's own message names the CRM that failed and what it calls a tenant, for API callers and logs", () => {
    const messages = (crm: 'hubspot' | 'salesforce' | undefined) =>
      (['unauthorized', 'rate_limited', 'not_found', 'network'] as const).map((code) => toErrorResponse(new CrmError({ code, message: 'x', ...(crm ? { crm } : {}) })).envelope.error.message);
    for (const m of messages('salesforce')) {
      expect(m).toMatch(/^Salesforce/);
      expect(m).not.toMatch(/HubSpot|portal/);
    }
    expect(messages('salesforce')[0]).toBe("Salesforce rejected this app's access for the org. An admin may need to install Success Sidecar again.");
    expect(messages('hubspot')).toEqual([
      "HubSpot rejected this app's access for the portal. An admin may need to reinstall Success Sidecar.",
      "HubSpot's API limit for this portal is used up for the moment. Try again shortly.",
      'HubSpot does not have this record in the portal.',
      'HubSpot could not be reached or answered with an error. Try again shortly.',
    ]);
    for (const m of messages(undefined)) expect(m).not.toMatch(/HubSpot|Salesforce/);
    // The adapters label what they throw.
    expect(toCrmError(Object.assign(new Error('Session expired or invalid'), { errorCode: 'INVALID_SESSION_ID' })).crm).toBe('salesforce');
    expect(classifyHubSpotError(Object.assign(new Error('HTTP 401'), { code: 401, body: { category: 'INVALID_AUTHENTICATION' } }), 0).crm).toBe('hubspot');
  });

  it('an admin-only change by someone who is not an admin: says so and passes on whom to ask, on either CRM — never "not connected"', async () => {
    const message = 'Only an admin of this org can change the settings. Ask an admin of this org (admin@org1.sandbox.example).';
    for (const who of [{ portalId: '00D5g000004ZQaREAW', crm: 'salesforce' as const }, { portalId: PORTAL }]) {
      const answer = await createSidecarApi(answering(403, errorEnvelope('admin_required', message)), 'https://sidecar.example.com', who).settings();
      expect(!answer.ok && says(answer.error)).toEqual({ kind: 'admin_required', ...WORDING.errors.admin_required, canRetry: false });
      expect(!answer.ok && errorModel(answer.error).detail).toBe(message);
    }
  });

  it('falls back on the status for codes it does not know', () => {
    expect(errorKindFor(401, null)).toBe('unauthorized');
    expect(errorKindFor(404, 'not_found')).toBe('not_found');
    expect(errorKindFor(503, 'something_new')).toBe('server');
    expect(errorKindFor(400, 'invalid_request')).toBe('rejected');
  });
});
