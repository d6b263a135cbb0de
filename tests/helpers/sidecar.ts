// The whole stack in one test process: the HubSpot sandbox (whose one OAuth app redirects to the
// sidecar's callback), the sidecar on an in-memory PGlite, each portal installed through the real
// OAuth flow (install → sandbox authorize → callback), and the first sync awaited. Requests are
// signed exactly like HubSpot signs them (signature v3 over the full URL, raw body, ms timestamp).
import { freePort, LocalBrowser } from '../../server/cli/local-install.ts';
import { parseEnv } from '../../server/config.ts';
import { withHubSpotFetchParams } from '../../server/http/hubspot-caller.ts';
import { hubSpotSignatureHeaders } from '../../server/http/signature.ts';
import type { QueueName } from '../../server/jobs/queues.ts';
import { startSidecar, type Sidecar, type SidecarOptions } from '../../server/sidecar.ts';
import { openDatabase, type Database } from '../../server/store/db.ts';
import { generateKeyEntry } from '../../server/store/token-crypto.ts';
import { startHubSpotSandbox, type HubSpotSandbox, type SandboxOptions } from '../../sandbox/hubspot/server.ts';

export const CLIENT_ID = 'sidecar-itest-client';
export const CLIENT_SECRET = 'sidecar-itest-client-secret-0123456789';
export const APP_ID = '4242001';

export interface StackPortal {
  portalId: number;
  accounts: number;
  ticketsPerAccount?: number;
  /** The generator seed of the portal's data (default `itest-<portalId>`). */
  seed?: string;
  /** Install through OAuth at start (default true); false leaves the portal in the sandbox only. */
  install?: boolean;
}

export interface StackOptions {
  portals: StackPortal[];
  /** Extra sandbox options (token TTL, refresh-token rotation, faults…). */
  sandbox?: Omit<SandboxOptions, 'portals' | 'oauthClient'>;
  jobs?: SidecarOptions['jobs'];
  /** The sidecar's clock (give the sandbox the same one through `sandbox.now`) and its cold-account budget. */
  now?: SidecarOptions['now'];
  coldBudgetMs?: SidecarOptions['coldBudgetMs'];
  /** Per-portal allowances of the CRM-costly routes (default: generous, so tests are not limited by accident). */
  portalLimits?: SidecarOptions['portalLimits'];
  /** Wait for each installed portal's first sync (default true). */
  waitForSync?: boolean;
  /** More of the sidecar's environment (e.g. SYNC_RETRY_GIVE_UP_AFTER), parsed with the rest. */
  env?: Record<string, string>;
  /** The sidecar's database (default: a fresh in-memory PGlite); closed with the stack. */
  openDb?: () => Promise<Database>;
}

export interface SignOptions {
  /**
   * Who HubSpot says is calling. Card routes (`/api/v1/hubspot/{portal}/…`) get HubSpot's four
   * parameters appended the way `hubspot.fetch` appends them — by default for the portal in the
   * path and the user who installed it (its first admin). `false` sends the URL as given (webhooks,
   * and tests of requests HubSpot would never send).
   */
  as?: { userId?: number | string; portalId?: number | string; userEmail?: string | null; appId?: string | null } | false;
  /** ms since the epoch (default now). */
  timestamp?: number;
  /** Sign with another secret (default the app's). */
  secret?: string;
  /** Send without the signature headers. */
  unsigned?: boolean;
  headers?: Record<string, string>;
}

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  json: T;
}

export interface Stack {
  sandbox: HubSpotSandbox;
  sidecar: Sidecar;
  db: Database;
  /**
   * A request signed like HubSpot: `body` is JSON-encoded unless it is a string or a Buffer, which
   * are sent (and signed) byte for byte.
   */
  signedFetch<T = unknown>(method: string, path: string, body?: unknown, options?: SignOptions): Promise<ApiResponse<T>>;
  /**
   * Walks install → sandbox authorize (for this portal) in a new browser: the callback URL HubSpot
   * sends the admin to, not yet opened, and the browser that started the install (it holds the
   * install's cookie; `browser.open(callback)` finishes the install as the admin would).
   */
  startInstall(portalId: number): Promise<{ callback: string; browser: LocalBrowser }>;
  /** The whole OAuth install of a portal; resolves with the callback page. */
  install(portalId: number): Promise<{ status: number; text: string }>;
  /** GET on the sandbox's CRM API as the portal (with the credentials the sandbox seeded). */
  crmGet<T = unknown>(portalId: number, path: string): Promise<T>;
  /**
   * A fingerprint of everything a portal owns in the store (results, history, plans and their
   * versions, settings, audit, outbox): equal fingerprints mean nothing of the portal was written.
   */
  tenantFingerprint(portalId: number): Promise<Record<string, { rows: number; digest: string }>>;
  /** Resolves once the portal has `expected` stored results. */
  waitForResults(portalId: number, expected: number, timeoutMs?: number): Promise<void>;
  /** Resolves once no job is queued, deferred, retrying or running. */
  waitForIdle(timeoutMs?: number): Promise<void>;
  waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** The tables holding a portal's own data (tokens and sync checkpoints change on their own). */
const TENANT_TABLES = ['installations', 'account_results', 'result_history', 'success_plans', 'plan_versions', 'settings', 'audit_log', 'outbox'] as const;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

async function readResponse<T>(response: Response): Promise<ApiResponse<T>> {
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json: json as T };
}

/**
 * The sandbox must know the sidecar's callback URL before the sidecar (which needs the sandbox's
 * URL) listens: the sidecar's port is picked first. If another process takes it meanwhile, the
 * pair is started again on another port.
 */
async function startPair(options: StackOptions): Promise<{ sandbox: HubSpotSandbox; sidecar: Sidecar; db: Database }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const sandbox = await startHubSpotSandbox({
      rateLimit: { perTenSeconds: 100_000, searchPerSecond: 1_000 },
      ...options.sandbox,
      portals: options.portals.map((p) => ({ portalId: p.portalId, accounts: p.accounts, seed: p.seed ?? `itest-${p.portalId}`, ticketsPerAccount: p.ticketsPerAccount ?? 3 })),
      oauthClient: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUri: `http://127.0.0.1:${port}/oauth/hubspot/callback` },
    });
    const db = options.openDb ? await options.openDb() : await openDatabase({ kind: 'pglite', dataDir: null });
    try {
      const env = parseEnv({
        PORT: String(port),
        HOST: '127.0.0.1',
        HUBSPOT_CLIENT_ID: CLIENT_ID,
        HUBSPOT_CLIENT_SECRET: CLIENT_SECRET,
        HUBSPOT_APP_ID: APP_ID,
        HUBSPOT_BASE_URL: sandbox.url,
        HUBSPOT_AUTHORIZE_URL: new URL('/oauth/authorize', sandbox.url).toString(),
        TOKEN_ENCRYPTION_KEY: generateKeyEntry('itest1'),
        LOG_LEVEL: 'silent',
        ...options.env,
      });
      const sidecar = await startSidecar({
        env,
        role: 'all',
        db,
        crmPerTenSeconds: 50_000,
        jobs: { pollingIntervalSeconds: 0.5, recomputeDebounceSeconds: 0, schedule: false, ...options.jobs },
        ...(options.now ? { now: options.now } : {}),
        ...(options.coldBudgetMs !== undefined ? { coldBudgetMs: options.coldBudgetMs } : {}),
        portalLimits: { cold: { burst: 1000, perMinute: 6000 }, recompute: { burst: 1000, perMinute: 6000 }, preview: { burst: 1000, perMinute: 6000 }, ...options.portalLimits },
      });
      return { sandbox, sidecar, db };
    } catch (error) {
      await db.close().catch(() => undefined);
      await sandbox.close();
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 3) throw error;
    }
  }
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const { sandbox, sidecar, db } = await startPair(options);
  const credentials = new Map(sandbox.portals.map((p) => [p.portalId, p]));

  const signedFetch = async <T>(method: string, path: string, body?: unknown, sign: SignOptions = {}): Promise<ApiResponse<T>> => {
    const url = relayedUrl(new URL(path, sidecar.url).toString(), sign.as, sandbox);
    const raw = body === undefined ? undefined : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
    const headers: Record<string, string> = { ...(raw !== undefined ? { 'content-type': 'application/json' } : {}), ...sign.headers };
    if (!sign.unsigned) Object.assign(headers, hubSpotSignatureHeaders({ secret: sign.secret ?? CLIENT_SECRET, method, url, rawBody: raw ?? '', timestamp: sign.timestamp ?? Date.now() }));
    const response = await fetch(url, { method, headers, ...(raw !== undefined ? { body: raw } : {}) });
    return readResponse<T>(response);
  };

  const startInstall = async (portalId: number) => {
    const browser = new LocalBrowser();
    const authorize = new URL(await browser.redirectsTo(new URL('/oauth/hubspot/install', sidecar.url).toString(), (u) => u.pathname === '/oauth/authorize'));
    authorize.searchParams.set('portal_id', String(portalId));
    return { callback: await browser.redirectsTo(authorize.toString(), (u) => u.pathname === '/oauth/hubspot/callback'), browser };
  };

  const install = async (portalId: number) => {
    const { callback, browser } = await startInstall(portalId);
    const response = await browser.open(callback);
    return { status: response.status, text: await response.text() };
  };

  const crmGet = async <T>(portalId: number, path: string): Promise<T> => {
    const c = credentials.get(portalId);
    if (!c) throw new Error(`unknown sandbox portal ${portalId}`);
    const response = await fetch(new URL(path, sandbox.url), { headers: { authorization: `Bearer ${c.accessToken}` } });
    if (!response.ok) throw new Error(`sandbox GET ${path} → ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  };

  const waitForResults = (portalId: number, expected: number, timeoutMs = 30_000) =>
    waitFor(`${expected} results in portal ${portalId}`, async () => (await sidecar.store.results.count('hubspot', String(portalId))) >= expected, timeoutMs);

  const waitForIdle = (timeoutMs = 30_000) =>
    waitFor(
      'the job queues to be idle',
      async () => {
        const stats = await sidecar.jobs.stats();
        return (Object.keys(stats) as QueueName[]).every((q) => stats[q].queued + stats[q].deferred + stats[q].retry + stats[q].active === 0);
      },
      timeoutMs,
    );

  const tenantFingerprint = async (portalId: number) => {
    const out: Record<string, { rows: number; digest: string }> = {};
    for (const table of TENANT_TABLES) {
      const [row] = await db.query<{ rows: number; digest: string }>(
        `select count(*)::int as rows, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from ${table} t where crm = $1 and portal_id = $2`,
        ['hubspot', String(portalId)],
      );
      out[table] = row!;
    }
    return out;
  };

  const stack: Stack = {
    sandbox,
    sidecar,
    db,
    signedFetch,
    startInstall,
    install,
    crmGet,
    tenantFingerprint,
    waitForResults,
    waitForIdle,
    waitFor,
    close: async () => {
      await sidecar.close();
      await db.close();
      await sandbox.close();
    },
  };

  try {
    for (const p of options.portals) {
      if (p.install === false) continue;
      const page = await install(p.portalId);
      if (page.status !== 200) throw new Error(`installing portal ${p.portalId} failed (${page.status}): ${page.text.replace(/<[^>]+>/g, ' ')}`);
    }
    if (options.waitForSync !== false) {
      for (const p of options.portals) if (p.install !== false) await waitForResults(p.portalId, p.accounts);
      await waitForIdle();
    }
  } catch (error) {
    await stack.close();
    throw error;
  }
  return stack;
}

/** The URL as HubSpot relays a card's fetch of `url` (see SignOptions.as). */
function relayedUrl(url: string, as: SignOptions['as'], sandbox: HubSpotSandbox): string {
  if (as === false) return url;
  const pathPortal = /^\/api\/v1\/hubspot\/(\d{1,20})\//.exec(new URL(url).pathname)?.[1];
  if (!pathPortal) return url;
  const portalId = as?.portalId ?? pathPortal;
  const installer = (() => {
    try {
      return sandbox.installerUserId(Number(portalId));
    } catch {
      return 1;
    }
  })();
  return withHubSpotFetchParams(url, { userId: as?.userId ?? installer, portalId, userEmail: as?.userEmail === undefined ? 'csm@example.com' : as.userEmail, appId: as?.appId === undefined ? APP_ID : as.appId });
}

/** Fails with the response's body when it is not the error envelope expected (status, code). */
export function expectError(label: string, response: ApiResponse, status: number, code?: string): void {
  const error = (response.json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  const envelopeOk = typeof error?.code === 'string' && typeof error.message === 'string' && error.message.length > 0;
  if (response.status !== status || !envelopeOk || (code !== undefined && error.code !== code)) {
    throw new Error(`${label}: expected ${status}${code ? ` ${code}` : ''} in the error envelope, got ${response.status}: ${response.text.slice(0, 600)}`);
  }
}
