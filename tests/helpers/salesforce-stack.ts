// The sidecar for Salesforce orgs in one test process: the Salesforce sandbox (whose one External
// Client App redirects to the sidecar's callback), the sidecar configured for Salesforce only on
// an in-memory PGlite, orgs installed through the real OAuth web-server flow with PKCE (install →
// sandbox authorize → callback, in one browser: redirects followed, the install's cookie kept).
import { freePort, LocalBrowser } from '../../server/cli/local-install.ts';
import { parseEnv } from '../../server/config.ts';
import type { QueueName } from '../../server/jobs/queues.ts';
import { startSidecar, type Sidecar, type SidecarOptions } from '../../server/sidecar.ts';
import { openDatabase, type Database } from '../../server/store/db.ts';
import { generateKeyEntry } from '../../server/store/token-crypto.ts';
import { startSalesforceSandbox, type SalesforceSandbox, type SandboxOptions } from '../../sandbox/salesforce/server.ts';

export const SF_CONSUMER_KEY = '3MVG9sidecarItestConsumerKey0123456789';
export const SF_CONSUMER_SECRET = 'SIDECARITESTCONSUMERSECRET0123456789';

export interface SalesforceStack {
  sandbox: SalesforceSandbox;
  sidecar: Sidecar;
  db: Database;
  /**
   * Follows install → authorize (the org of `loginHint`, default the first) in a new browser: the
   * callback URL, not yet opened, and the browser that started the install (it holds the install's
   * cookie; `browser.open(callback)` finishes the install as the admin would).
   */
  startInstall(loginHint?: string): Promise<{ callback: string; browser: LocalBrowser }>;
  /** The whole install; resolves with the result page. */
  install(loginHint?: string): Promise<{ status: number; text: string }>;
  waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs?: number): Promise<void>;
  waitForIdle(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

export interface SalesforceStackOptions {
  sandbox?: Omit<SandboxOptions, 'oauthClient'>;
  jobs?: SidecarOptions['jobs'];
  /** Extra environment (e.g. HubSpot's variables too). */
  env?: Record<string, string>;
  /** The sidecar's clock (the sandbox keeps real time); Date.now when absent. */
  now?: () => number;
}

export async function startSalesforceStack(options: SalesforceStackOptions = {}): Promise<SalesforceStack> {
  let pair: { sandbox: SalesforceSandbox; sidecar: Sidecar; db: Database } | null = null;
  for (let attempt = 1; pair === null; attempt++) {
    const port = await freePort();
    const sandbox = await startSalesforceSandbox({ ...options.sandbox, oauthClient: { clientId: SF_CONSUMER_KEY, clientSecret: SF_CONSUMER_SECRET, redirectUri: `http://127.0.0.1:${port}/oauth/salesforce/callback` } });
    const db = await openDatabase({ kind: 'pglite', dataDir: null });
    try {
      const env = parseEnv({
        PORT: String(port),
        HOST: '127.0.0.1',
        SALESFORCE_CONSUMER_KEY: SF_CONSUMER_KEY,
        SALESFORCE_CONSUMER_SECRET: SF_CONSUMER_SECRET,
        SALESFORCE_LOGIN_URL: sandbox.url,
        TOKEN_ENCRYPTION_KEY: generateKeyEntry('sftest1'),
        LOG_LEVEL: 'silent',
        ...options.env,
      });
      const sidecar = await startSidecar({ env, role: 'all', db, jobs: { pollingIntervalSeconds: 0.5, recomputeDebounceSeconds: 0, schedule: false, ...options.jobs }, ...(options.now ? { now: options.now } : {}) });
      pair = { sandbox, sidecar, db };
    } catch (error) {
      await db.close().catch(() => undefined);
      await sandbox.close();
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 3) throw error;
    }
  }
  const { sandbox, sidecar, db } = pair;
  const startInstall = async (loginHint?: string) => {
    const browser = new LocalBrowser();
    const authorize = new URL(await browser.redirectsTo(new URL('/oauth/salesforce/install', sidecar.url).toString(), (u) => u.pathname === '/services/oauth2/authorize'));
    if (loginHint) authorize.searchParams.set('login_hint', loginHint);
    return { callback: await browser.redirectsTo(authorize.toString(), (u) => u.pathname === '/oauth/salesforce/callback'), browser };
  };
  return {
    sandbox,
    sidecar,
    db,
    startInstall,
    install: async (loginHint) => {
      const { callback, browser } = await startInstall(loginHint);
      const response = await browser.open(callback);
      return { status: response.status, text: await response.text() };
    },
    waitFor,
    waitForIdle: (timeoutMs = 60_000) =>
      waitFor(
        'the job queues to be idle',
        async () => {
          const stats = await sidecar.jobs.stats();
          return (Object.keys(stats) as QueueName[]).every((q) => stats[q].queued + stats[q].deferred + stats[q].retry + stats[q].active === 0);
        },
        timeoutMs,
      ),
    close: async () => {
      await sidecar.close();
      await db.close();
      await sandbox.close();
    },
  };
}
