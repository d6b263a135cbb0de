// The Salesforce card in headless Chromium, framed the way Salesforce frames a Canvas app: a
// stand-in "Lightning page" on its own origin POSTs the signed request into an iframe (the form
// target), the sidecar verifies it and the card shows the Account from the sandbox org — its name,
// ROB score, renewal risk and "Before you pitch" — and an objective added in the frame is saved
// through the card token. A page on an origin the envelope does not name cannot frame the card.
// The session token from the envelope (the sandbox org's live session, which the sidecar checks
// with the sandbox's UserInfo endpoint) is nowhere in the framed page.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { WORDING } from '../../cards/model/index.ts';
import { canvasEnvelope, signCanvasRequest } from '../helpers/canvas.ts';
import { startCanvasStack, type CanvasStack } from '../helpers/canvas-stack.ts';
import { connect } from '../helpers/salesforce.ts';

const CHROMIUM = '/usr/bin/chromium';
/** The envelope's user and session: the sandbox org's integration user, live. */
let USER = '';
let SESSION_TOKEN = '';

let stack: CanvasStack;
let browser: Browser;
let page: Page;
let lightning: Server;
let lightningOrigin = '';
let account: { Id: string; Name: string };
const pageErrors: string[] = [];
/** The signed request the stand-in Lightning page posts, per path. */
const signedFor = new Map<string, string>();

const escapeAttr = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A stand-in Lightning record page: posts `signed_request` into the `card` iframe, as the Canvas host does. */
function startLightning(): Promise<Server> {
  const server = createServer((req, res) => {
    const signed = signedFor.get(req.url ?? '');
    if (!signed) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html><head><title>Account | Salesforce</title><link rel="icon" href="data:,"></head><body>
<form id="canvas" method="post" action="${escapeAttr(`${stack.url}/canvas/salesforce`)}" target="card"><input type="hidden" name="signed_request" value="${escapeAttr(signed)}"></form>
<iframe name="card" title="Success Sidecar" style="width:1100px;height:1400px;border:0"></iframe>
<script>document.getElementById('canvas').submit();</script></body></html>`);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function until<T>(what: string, read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    try {
      last = await read();
      if (check(last)) return last;
    } catch {
      // not there yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last seen: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

function cardFrame(): Frame {
  const frame = page.frame({ name: 'card' });
  if (!frame) throw new Error('no card frame');
  return frame;
}

beforeAll(async () => {
  stack = await startCanvasStack();
  USER = stack.sandbox.orgs[0]!.userId;
  SESSION_TOKEN = stack.sandbox.orgs[0]!.accessToken;
  account = (await connect(stack.sandbox, stack.sandbox.orgs[0]!).query<{ Id: string; Name: string }>('SELECT Id, Name FROM Account ORDER BY Name LIMIT 1')).records[0]!;
  lightning = await startLightning();
  lightningOrigin = `http://127.0.0.1:${(lightning.address() as AddressInfo).port}`;
  const envelope = (targetOrigin: string) => canvasEnvelope({ orgId: stack.orgId, accountId: account.Id, userId: USER, oauthToken: SESSION_TOKEN, instanceUrl: stack.sandbox.url, targetOrigin });
  signedFor.set('/lightning/r/Account/view', signCanvasRequest(envelope(lightningOrigin)));
  // Signed for another Lightning domain: this page's origin is not among the card's frame ancestors.
  signedFor.set('/elsewhere', signCanvasRequest(envelope('https://acme.lightning.force.com')));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const context = await browser.newContext({ viewport: { width: 1200, height: 1500 }, locale: 'en-US', timezoneId: 'UTC' });
  page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(`console: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) pageErrors.push(`${response.status()} ${response.url()}`);
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (lightning ? lightning.close(() => resolve()) : resolve()));
  await stack?.close();
});

describe('the Salesforce Canvas card in Chromium', () => {
  it('shows the Account inside the Lightning page\'s frame: name, ROB score, risk and "Before you pitch"', async () => {
    await page.goto(`${lightningOrigin}/lightning/r/Account/view`);
    const name = await until('the account name in the card', () => cardFrame().getByTestId('account-name').innerText(), (t) => t === account.Name, 60_000);
    expect(name).toBe(account.Name);
    const frame = cardFrame();
    expect(frame.url()).toBe(`${stack.url}/canvas/salesforce`);
    const card = await until('the company card with its figures', () => frame.getByTestId('company-card').innerText(), (t) => /ROB/i.test(t) && /renew/i.test(t), 60_000);
    expect(card).toMatch(/\d/);
    await frame.getByTestId('verdict').waitFor();
    await expect(frame.getByTestId('pitch-card').innerText()).resolves.toMatch(/\S/);
    // The stored result is the one the card shows.
    const stored = await stack.accounts.view(stack.orgId, account.Id);
    expect(stored.state).toBe('ready');
    const html = await frame.content();
    expect(html).not.toContain(SESSION_TOKEN.slice(0, 20));
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('adds an objective from the frame, saved as the Salesforce user', async () => {
    const frame = cardFrame();
    const statement = `Halve time to first response (canvas e2e ${Date.now()})`;
    await frame.getByTestId('add-objective').click();
    const form = frame.getByTestId('objective-form');
    await form.getByLabel(/Desired outcome/).fill(statement);
    await form.getByLabel(/Importance/).fill('8');
    await form.getByLabel(/Satisfaction/).fill('3');
    await form.getByTestId('save-objective').click();
    await frame.locator('[data-testid^="objective-"]').filter({ hasText: statement }).waitFor();
    const view = await until('the saved plan', () => stack.accounts.view(stack.orgId, account.Id), (v) => v.state === 'ready' && v.plan.objectives.some((o) => o.statement === statement));
    expect(view.state === 'ready' ? view.plan.updatedBy : null).toBe(`csm@acme.example (salesforce-user:${USER})`);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it("opens the org's settings and renewal model from the frame: a non-admin reads them, an admin changes the mapping as the Salesforce user", async () => {
    await page.goto(`${lightningOrigin}/lightning/r/Account/view`);
    await until('the card', () => cardFrame().getByTestId('account-name').count(), (n) => n === 1, 60_000);
    await cardFrame().getByTestId('canvas-tab-settings').click();
    const form = cardFrame().getByTestId('settings-form');
    await form.waitFor();
    // Not an admin yet (nobody installed the app in this stack): every field read-only, no save.
    await expect(form.getByLabel('Licensed seats field').getAttribute('readonly')).resolves.toBe('');
    await expect(form.getByTestId('save-settings').count()).resolves.toBe(0);
    await cardFrame().getByTestId('settings-read-only').waitFor();
    // The org's renewal model, read through the card token: nothing fitted in this stack yet, so the global model, and no switch.
    await expect(cardFrame().getByTestId('model-in-use').innerText()).resolves.toBe(WORDING.settings.model.inUse.global);
    await expect(cardFrame().getByTestId('choose-model').count()).resolves.toBe(0);

    await stack.store.admins.add('salesforce', stack.orgId, { userId: USER, email: 'csm@acme.example' }, 'e2e');
    await cardFrame().getByTestId('canvas-tab-account').click();
    await cardFrame().getByTestId('canvas-tab-settings').click();
    const editable = cardFrame().getByTestId('settings-form');
    await editable.getByTestId('save-settings').waitFor();
    await editable.getByLabel('Licensed seats field').fill('Seats_Purchased__c');
    await editable.getByTestId('save-settings').click();
    const saved = await until('the saved mapping', () => stack.store.settings.get('salesforce', stack.orgId), (s) => s.version === 1);
    expect(saved.mapping).toMatchObject({ account: { licensedSeats: 'Seats_Purchased__c' } });
    expect(saved.updatedBy).toBe(`csm@acme.example (salesforce-user:${USER})`);
    await expect(cardFrame().getByTestId('admins-list').innerText()).resolves.toContain('csm@acme.example');
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('cannot be framed by a page on an origin the signed request does not name', async () => {
    await page.goto(`${lightningOrigin}/elsewhere`);
    await until('the frame to settle', () => Promise.resolve(cardFrame().url()), (u) => u !== 'about:blank', 30_000);
    // Chromium replaces a frame its CSP refuses with an error page: the card never renders in it.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(cardFrame().url()).not.toBe(`${stack.url}/canvas/salesforce`);
    await expect(cardFrame().getByTestId('account-name').count()).resolves.toBe(0);
  }, 60_000);
});
