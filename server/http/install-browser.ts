// Binds an OAuth install to the browser that started it (login CSRF: RFC 6749 §10.12, RFC 9700
// §4.7). The state alone only proves that the sidecar issued it: someone could start an install,
// stop at the callback and send that URL (their code and state) to an admin, whose browser would
// then finish the install of the other person's account. So the install route also leaves the
// state in a cookie, and the callback goes on only when the browser brings back the same state.
//
// The cookie is HttpOnly, SameSite=Lax (a Lax cookie is still sent on the top-level redirect back
// from the CRM; Strict would not be), Secure when the callback URL is https, limited to the
// callback's path and kept as long as the state lasts. A refused callback consumes nothing and
// leaves the cookie alone: the state stays usable by the browser that started it (until it
// expires), and a link sent by someone else cannot spoil an install the admin has under way.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { CookieOptions, Request, Response } from 'express';
import type { InstallStart } from '../service/install.ts';
import { page } from './result-page.ts';

/** The cookie each install leaves in the browser (one install under way per CRM and browser: a newer one replaces it). */
export const INSTALL_COOKIE = { hubspot: 'sidecar_hubspot_install', salesforce: 'sidecar_salesforce_install' } as const;

export interface InstallBrowser {
  /** Remembers the new install's state in this browser and sends it to the CRM's authorize page. */
  redirect(res: Response, start: InstallStart): void;
  /** Whether the browser bringing `state` back is the one that started that install. */
  startedHere(req: Request, state: string): boolean;
  /** The state has been used (or refused by the store): the browser need not keep it. */
  forget(res: Response): void;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** The values of every cookie called `name` in a Cookie header (a browser may send several, from different paths). */
function cookieValues(header: string | undefined, name: string): string[] {
  if (!header) return [];
  const values: string[] = [];
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === name) values.push(pair.slice(eq + 1).trim());
  }
  return values;
}

export function installBrowser(cookie: string, callbackUrl: () => string): InstallBrowser {
  // Read at each request: the sidecar's own URL may be known only once it listens.
  const attributes = (): CookieOptions => {
    const callback = new URL(callbackUrl());
    return { httpOnly: true, sameSite: 'lax', secure: callback.protocol === 'https:', path: callback.pathname };
  };
  return {
    redirect(res, start) {
      res.cookie(cookie, start.state, { ...attributes(), maxAge: start.expiresInMs });
      res.redirect(302, start.url);
    },
    startedHere(req, state) {
      const expected = digest(state);
      // Compared in constant time (hashes of equal length), every value looked at.
      let match = false;
      for (const value of cookieValues(req.headers.cookie, cookie)) match = timingSafeEqual(digest(value), expected) || match;
      return match;
    },
    forget(res) {
      res.clearCookie(cookie, attributes());
    },
  };
}

/** The page for a callback that comes back to another browser than the one that started the install (400, nothing done). */
export function otherBrowserPage(res: Response, startAgain: string): void {
  page(res, 400, 'Installation not completed', [
    'The installation must be finished in the same browser that started it, and this browser did not start this one (or started it too long ago). Nothing was installed.',
    startAgain,
  ]);
}
