// The Salesforce card end to end in one test process: the Salesforce sandbox (driven by the real
// jsforce through the adapter), an AccountService on PGlite whose TenantCrm (kind 'salesforce')
// builds the adapter for the sandbox org, and an HTTP app with the Canvas page and the Salesforce
// card routes, as the composition root will wire them. Everything the sidecar logs is kept, to
// look for what must never be logged.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { buildWebBundle, type WebBundle } from '../../cards/web/build.ts';
import { SalesforceAdapter } from '../../server/crm/salesforce/adapter.ts';
import { CanvasSessionCheck } from '../../server/crm/salesforce/canvas-session.ts';
import { httpUserInfo } from '../../server/crm/salesforce/userinfo.ts';
import type { CrmAdapter, TenantCrm } from '../../server/crm/port.ts';
import { createHttpApp } from '../../server/http/app.ts';
import { cardTokenKey, CardTokens } from '../../server/http/card-token.ts';
import { createLogger } from '../../server/http/observability.ts';
import { OpenApiRegistry } from '../../server/http/openapi.ts';
import { salesforceCanvasRoutes } from '../../server/http/routes/salesforce-canvas.ts';
import { registerSalesforceCardRoutes, salesforceCardAuth } from '../../server/http/routes/salesforce-cards.ts';
import { registerSalesforceSettingsRoutes } from '../../server/http/routes/salesforce-settings.ts';
import { createApiRouter } from '../../server/http/validate.ts';
import { AccountService } from '../../server/service/accounts.ts';
import { CalibrationService } from '../../server/service/calibration.ts';
import { openDatabase, type Database } from '../../server/store/db.ts';
import { createStore, type Store } from '../../server/store/store.ts';
import { generateKeyEntry, TokenCipher } from '../../server/store/token-crypto.ts';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../sandbox/salesforce/server.ts';
import { CANVAS_SECRET } from './canvas.ts';
import { adapterClient, SF_AS_OF } from './salesforce.ts';

export interface CanvasStack {
  sandbox: SalesforceSandbox;
  orgId: string;
  url: string;
  accounts: AccountService;
  /** The org's renewal models; `modelChanges` lists the orgs whose model in use changed (each a recompute request). */
  calibration: CalibrationService;
  modelChanges: string[];
  /** The stack's store (settings, admins). */
  store: Store;
  tokens: CardTokens;
  /** Orgs the app is installed in (tests may remove one). */
  installed: Set<string>;
  /** The Canvas route's session check (the real UserInfo call to the sandbox, with its cache). */
  sessions: CanvasSessionCheck;
  /** Every log line the app wrote. */
  logs: string[];
  close(): Promise<void>;
}

export async function startCanvasStack(options: { accounts?: number; bundle?: WebBundle; now?: () => number } = {}): Promise<CanvasStack> {
  const sandbox = await startSalesforceSandbox({ asOf: SF_AS_OF, orgs: [{ accounts: options.accounts ?? 6, seed: 'canvas', ticketsPerAccount: 3 }] });
  const org = sandbox.orgs[0]!;
  const adapter = new SalesforceAdapter({ client: adapterClient(sandbox, org), retryPolicy: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 } });
  await adapter.provisionProperties();
  const crm: TenantCrm = {
    kind: 'salesforce',
    adapter: (tenantId: string): Promise<CrmAdapter> => (tenantId === org.orgId ? Promise.resolve(adapter) : Promise.reject(new Error(`no installation for org ${tenantId}`))),
    forget: () => undefined,
  };
  const db: Database = await openDatabase({ kind: 'pglite', dataDir: null });
  await db.migrate();
  const store = createStore(db, TokenCipher.fromText(generateKeyEntry('k1')));
  // No job queue here: a model switch's recompute request is only counted (the sidecar's sends a full sync).
  const modelChanges: string[] = [];
  const calibration = new CalibrationService({ store, crm: 'salesforce', onModelChanged: (orgId) => Promise.resolve(void modelChanges.push(orgId)) });
  const accounts = new AccountService({ store, crm, calibration, drain: () => Promise.resolve(), requestRecompute: () => Promise.resolve(), viewCacheTtlMs: null });
  const tokens = new CardTokens({ key: cardTokenKey(CANVAS_SECRET) });
  const installed = new Set([org.orgId]);
  const isInstalled = (orgId: string) => Promise.resolve(installed.has(orgId));

  const logs: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = createLogger({ level: 'debug', destination });
  const registry = new OpenApiRegistry();
  const api = createApiRouter({ registry, auth: { 'salesforce-card-token': salesforceCardAuth(tokens) } });
  registerSalesforceCardRoutes(api, { accounts, isInstalled });
  registerSalesforceSettingsRoutes(api, {
    isInstalled,
    settings: store.settings,
    admins: { isAdmin: (orgId, userId) => store.admins.isAdmin('salesforce', orgId, userId), list: (orgId) => store.admins.list('salesforce', orgId) },
    adminsRepo: store.admins,
    calibration,
  });
  const bundle = options.bundle ?? (() => buildWebBundle({ entry: 'canvas', minify: false }));
  const sessions = new CanvasSessionCheck({ lookup: httpUserInfo(), ...(options.now ? { now: options.now } : {}) });
  const app = createHttpApp({ logger, registry, routes: [api.router, salesforceCanvasRoutes({ consumerSecret: () => CANVAS_SECRET, tokens, isInstalled, sessions, bundle })] });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    sandbox,
    orgId: org.orgId,
    url,
    accounts,
    calibration,
    modelChanges,
    store,
    tokens,
    installed,
    sessions,
    logs,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
      await sandbox.close();
    },
  };
}

/** POST /canvas/salesforce as Salesforce sends it (urlencoded form field `signed_request`). */
export function postCanvas(url: string, signedRequest: string | null): Promise<Response> {
  const body = signedRequest === null ? '' : new URLSearchParams({ signed_request: signedRequest }).toString();
  return fetch(`${url}/canvas/salesforce`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body, redirect: 'manual' });
}

/** The card token the Canvas page carries. */
export function cardTokenOf(html: string): string {
  const m = /<meta name="success-sidecar:card-token" content="([^"]+)">/.exec(html);
  if (!m) throw new Error('the page has no card token');
  return m[1]!;
}
