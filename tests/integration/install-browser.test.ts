// The install cookie that binds an OAuth install to the browser that started it, on a real Express
// app: its attributes (Secure only when the callback URL is https, the callback's path, the state's
// lifetime), which Cookie headers match, and the clearing; and LocalBrowser, the browser the demo
// launcher and the tests install with, keeping and sending cookies the way a browser does.
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import express from 'express';
import { LocalBrowser } from '../../server/cli/local-install.ts';
import { installBrowser, otherBrowserPage } from '../../server/http/install-browser.ts';

const STATE = 'S'.repeat(43);
const OTHER_STATE = 'O'.repeat(43);
const COOKIE = 'test_install';

let server: Server;
let base = '';
/** The callback URL the binding is built with (an https one stands for PUBLIC_URL=https://…). */
let callbackUrl = '';

beforeAll(async () => {
  const app = express();
  const browser = installBrowser(COOKIE, () => callbackUrl);
  app.get('/install', (_req, res) => browser.redirect(res, { url: `${base}/elsewhere`, state: STATE, expiresInMs: 90_000 }));
  app.get('/oauth/test/callback', (req, res) => {
    const state = typeof req.query.state === 'string' ? req.query.state : '';
    if (!browser.startedHere(req, state)) {
      otherBrowserPage(res, 'Start again.');
      return;
    }
    browser.forget(res);
    res.type('text').send('done');
  });
  app.get('/oauth/test/callback/deeper', (req, res) => res.type('text').send(req.headers.cookie ?? ''));
  app.get('/oauth/other', (req, res) => res.type('text').send(req.headers.cookie ?? ''));
  server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  callbackUrl = `${base}/oauth/test/callback`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const attributesOf = (line: string) => line.split(';').map((a) => a.trim());
const callback = (state: string, cookie?: string) => fetch(`${base}/oauth/test/callback?state=${state}`, { redirect: 'manual', ...(cookie ? { headers: { cookie } } : {}) });

describe('the install cookie', () => {
  it('is set by the install: HttpOnly, SameSite=Lax, for the callback path only, as long as the state lasts; Secure only for an https callback URL', async () => {
    callbackUrl = `${base}/oauth/test/callback`;
    const plain = await fetch(`${base}/install`, { redirect: 'manual' });
    expect(plain.status).toBe(302);
    expect(plain.headers.get('location')).toBe(`${base}/elsewhere`);
    const [line] = plain.headers.getSetCookie();
    expect(attributesOf(line!)).toEqual(expect.arrayContaining([`${COOKIE}=${STATE}`, 'Max-Age=90', 'Path=/oauth/test/callback', 'HttpOnly', 'SameSite=Lax']));
    expect(attributesOf(line!)).not.toContain('Secure');

    callbackUrl = 'https://sidecar.example.com/oauth/test/callback';
    try {
      const secure = await fetch(`${base}/install`, { redirect: 'manual' });
      expect(attributesOf(secure.headers.getSetCookie()[0]!)).toEqual(expect.arrayContaining(['Secure', 'Path=/oauth/test/callback', 'HttpOnly', 'SameSite=Lax']));
    } finally {
      callbackUrl = `${base}/oauth/test/callback`;
    }
  });

  it('lets the callback go on only with the same state, among whatever cookies the browser sends, and then clears it', async () => {
    for (const refused of [undefined, `${COOKIE}=${OTHER_STATE}`, `${COOKIE}=`, `${COOKIE}=${STATE.slice(1)}`, `x${COOKIE}=${STATE}`, `other=${STATE}`]) {
      const response = await callback(STATE, refused);
      expect([refused, response.status]).toEqual([refused, 400]);
      expect(await response.text()).toMatch(/must be finished in the same browser that started it/);
      expect(response.headers.getSetCookie()).toEqual([]);
    }
    for (const accepted of [`${COOKIE}=${STATE}`, `a=1; ${COOKIE}=${STATE}; b=2`, `${COOKIE}=${OTHER_STATE}; ${COOKIE}=${STATE}`]) {
      const response = await callback(STATE, accepted);
      expect([accepted, response.status]).toEqual([accepted, 200]);
      const [cleared] = response.headers.getSetCookie();
      expect(attributesOf(cleared!)).toEqual(expect.arrayContaining([`${COOKIE}=`, 'Path=/oauth/test/callback', 'Expires=Thu, 01 Jan 1970 00:00:00 GMT', 'HttpOnly', 'SameSite=Lax']));
    }
  });
});

describe('LocalBrowser', () => {
  it('sends the cookie back only to its host and path, and forgets it once cleared', async () => {
    const browser = new LocalBrowser();
    expect((await browser.open(`${base}/install`)).status).toBe(302);
    expect(browser.cookiesFor(`${base}/oauth/test/callback`)).toEqual({ [COOKIE]: STATE });
    expect(await (await browser.open(`${base}/oauth/test/callback/deeper`)).text()).toBe(`${COOKIE}=${STATE}`);
    expect(await (await browser.open(`${base}/oauth/other`)).text()).toBe('');
    expect(browser.cookiesFor(`${base}/oauth/test/callbackx`)).toEqual({});
    expect(browser.cookiesFor(`http://localhost:1/oauth/test/callback`)).toEqual({});
    // Another browser has none of them.
    expect(new LocalBrowser().cookiesFor(`${base}/oauth/test/callback`)).toEqual({});

    const done = await browser.follow(`${base}/oauth/test/callback?state=${STATE}`);
    expect(done.response?.status).toBe(200);
    expect(browser.cookiesFor(`${base}/oauth/test/callback`)).toEqual({});
  });

  it('ignores a Secure cookie set over plain http and drops a cookie once its Max-Age has passed', async () => {
    let now = 1_000_000;
    const browser = new LocalBrowser(() => now);
    callbackUrl = `https://127.0.0.1/oauth/test/callback`;
    try {
      await browser.open(`${base}/install`);
    } finally {
      callbackUrl = `${base}/oauth/test/callback`;
    }
    expect(browser.cookiesFor(`${base}/oauth/test/callback`)).toEqual({});
    expect(browser.cookiesFor('https://127.0.0.1/oauth/test/callback')).toEqual({});

    await browser.open(`${base}/install`);
    expect(browser.cookiesFor(`${base}/oauth/test/callback`)).toEqual({ [COOKIE]: STATE });
    now += 89_000;
    expect(browser.cookiesFor(`${base}/oauth/test/callback`)).toEqual({ [COOKIE]: STATE });
    now += 2_000;
    expect(browser.cookiesFor(`${base}/oauth/test/callback`)).toEqual({});
  });
});
