// Helpers for running the sidecar next to the local HubSpot or Salesforce sandbox (npm start,
// tests, benches): a free port to listen on, and the OAuth install walked the way an
// admin's browser walks it (redirects followed, cookies kept and sent back).
import { once } from 'node:events';
import { createServer } from 'node:net';

/** A port nothing listens on right now (another process may still take it before we do). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const probe = createServer();
  probe.listen(0, host);
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

interface StoredCookie {
  name: string;
  value: string;
  host: string;
  path: string;
  secure: boolean;
  expiresAtMs: number;
}

/** RFC 6265 §5.1.4: a cookie's path covers itself and what lies below it. */
const pathMatches = (cookiePath: string, requestPath: string) =>
  requestPath === cookiePath || (requestPath.startsWith(cookiePath) && (cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/'));

/**
 * What an admin's browser does during an install, for the local sandboxes and the tests: opens one
 * URL at a time, follows redirects by hand, and keeps the cookies pages set (per host, path and
 * expiry; Secure ones only from and to https), sending them back where a browser would. Each instance is
 * one browser: another instance has none of its cookies.
 */
export class LocalBrowser {
  #jar: StoredCookie[] = [];
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** The cookies this browser would send to `url` (name → value). */
  cookiesFor(url: string): Record<string, string> {
    const target = new URL(url);
    const now = this.#now();
    this.#jar = this.#jar.filter((c) => c.expiresAtMs > now);
    const sent: Record<string, string> = {};
    for (const c of this.#jar) {
      if (c.host === target.hostname && pathMatches(c.path, target.pathname) && (!c.secure || target.protocol === 'https:')) sent[c.name] ??= c.value;
    }
    return sent;
  }

  /** One request, as a top-level navigation: no redirect followed; the cookies it sets are kept. */
  async open(url: string): Promise<Response> {
    const cookies = Object.entries(this.cookiesFor(url)).map(([name, value]) => `${name}=${value}`);
    const response = await fetch(url, { redirect: 'manual', ...(cookies.length > 0 ? { headers: { cookie: cookies.join('; ') } } : {}) });
    for (const line of response.headers.getSetCookie()) this.#keep(new URL(url), line);
    return response;
  }

  /** Opens `start` and follows redirects until `stopAt` says so (that URL is returned unopened) or a page answers. */
  async follow(start: string, stopAt: (url: URL) => boolean = () => false): Promise<{ url: string; response: Response | null }> {
    let url = start;
    for (let hop = 0; hop < 5; hop++) {
      if (stopAt(new URL(url))) return { url, response: null };
      const response = await this.open(url);
      const next = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !next) return { url, response };
      await response.arrayBuffer();
      url = new URL(next, url).toString();
    }
    throw new Error(`too many redirects from ${start}`);
  }

  /** Follows redirects from `start` to the first URL `stopAt` accepts and returns it, unopened; throws when a page answers before. */
  async redirectsTo(start: string, stopAt: (url: URL) => boolean): Promise<string> {
    const { url, response } = await this.follow(start, stopAt);
    if (response) throw new Error(`expected a redirect from ${url}, got ${response.status}: ${(await response.text()).slice(0, 300)}`);
    return url;
  }

  #keep(from: URL, line: string): void {
    const [pair = '', ...attributes] = line.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0) return;
    const cookie: StoredCookie = {
      name: pair.slice(0, eq).trim(),
      value: pair.slice(eq + 1).trim(),
      host: from.hostname,
      path: from.pathname.slice(0, Math.max(1, from.pathname.lastIndexOf('/'))),
      secure: false,
      expiresAtMs: Number.POSITIVE_INFINITY,
    };
    let maxAge: number | null = null;
    for (const attribute of attributes) {
      const [key = '', ...rest] = attribute.split('=');
      const value = rest.join('=').trim();
      switch (key.trim().toLowerCase()) {
        case 'path':
          if (value.startsWith('/')) cookie.path = value;
          break;
        case 'secure':
          cookie.secure = true;
          break;
        case 'max-age':
          maxAge = Number(value);
          break;
        case 'expires':
          if (!Number.isNaN(Date.parse(value))) cookie.expiresAtMs = Date.parse(value);
          break;
      }
    }
    // A Secure cookie from a plain http page is ignored (RFC 6265bis "strict secure cookies", as browsers do).
    if (cookie.secure && from.protocol !== 'https:') return;
    // Max-Age wins over Expires; zero or less (or a past date) removes the cookie.
    if (maxAge !== null && Number.isFinite(maxAge)) cookie.expiresAtMs = this.#now() + maxAge * 1000;
    this.#jar = this.#jar.filter((c) => !(c.name === cookie.name && c.host === cookie.host && c.path === cookie.path));
    if (cookie.expiresAtMs > this.#now()) this.#jar.push(cookie);
  }
}

/** install → authorize (the sandbox approves at once) → callback, in one browser; throws unless the last page is a 200. */
export async function installIntoSandbox(sidecarUrl: string, crm: 'hubspot' | 'salesforce' = 'hubspot'): Promise<void> {
  const { response } = await new LocalBrowser().follow(new URL(`/oauth/${crm}/install`, sidecarUrl).toString());
  if (!response) throw new Error('the install into the sandbox stopped before a page answered');
  const text = await response.text();
  if (response.status !== 200) throw new Error(`the install into the sandbox failed (${response.status}): ${text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()}`);
}
