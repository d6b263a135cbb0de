// The composition root: database (migrated), store, CRM access per portal, services, jobs and the
// HTTP app, for one process in the role it was given. Nothing else wires parts together.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { SidecarEnv } from './config.ts';
import { ConfigError, configuredCrms } from './config.ts';
import type { CrmKind, TenantCrm } from './crm/port.ts';
import { SalesforceMapping } from './crm/salesforce/mapping.ts';
import { HubSpotMapping } from './crm/hubspot/mapping.ts';
import type { TokenSource } from './crm/hubspot/tokens.ts';
import { createHttpApp } from './http/app.ts';
import { createHttpMetrics, createLogger } from './http/observability.ts';
import { OpenApiRegistry } from './http/openapi.ts';
import { cardTokenKey, CardTokens } from './http/card-token.ts';
import { registerCardRoutes } from './http/routes/hubspot-cards.ts';
import { localHubSpotOrigin } from './http/hubspot-return-url.ts';
import { oauthRouter } from './http/routes/hubspot-oauth.ts';
import { salesforceCanvasRoutes, type SalesforceCanvasOptions } from './http/routes/salesforce-canvas.ts';
import { CanvasSessionCheck } from './crm/salesforce/canvas-session.ts';
import { httpUserInfo } from './crm/salesforce/userinfo.ts';
import { registerSalesforceCardRoutes, salesforceCardAuth } from './http/routes/salesforce-cards.ts';
import { salesforceOAuthRouter } from './http/routes/salesforce-oauth.ts';
import { registerSalesforceSettingsRoutes } from './http/routes/salesforce-settings.ts';
import { registerWebhookRoutes } from './http/routes/hubspot-webhooks.ts';
import { requireHubSpotSignature } from './http/signature-middleware.ts';
import { createApiRouter } from './http/validate.ts';
import { startJobs, type JobRole, type Jobs, type QueueOverrides } from './jobs/boss.ts';
import { PortalRateLimiter, type BucketRule, type CostlyRoute } from './http/portal-rate-limit.ts';
import { AccountService } from './service/accounts.ts';
import { CalibrationService } from './service/calibration.ts';
import { drainOutbox, outboxLeases, syncPortfolio } from './service/background.ts';
import { runRecomputeBatch } from './service/recompute-batch.ts';
import { InstallService, purgeUninstalled } from './service/install.ts';
import { registerOutboxMetrics } from './service/outbox-metrics.ts';
import { hubSpotTenantCrm } from './service/portal-crm.ts';
import { salesforceTenantCrm } from './service/salesforce-crm.ts';
import { SalesforceInstallService } from './service/salesforce-install.ts';
import { StoredSalesforceSession } from './service/salesforce-tokens.ts';
import { StoredTokenSource } from './service/stored-tokens.ts';
import { WebhookService } from './service/webhooks.ts';
import { WriteFailuresService } from './service/write-failures.ts';
import { locationFromEnv, openDatabase, type Database, type Transaction } from './store/db.ts';
import { pruneRetention } from './store/retention.ts';
import { createStore, type Store } from './store/store.ts';
import { TokenCipher } from './store/token-crypto.ts';

export interface SidecarOptions {
  env: SidecarEnv;
  role?: JobRole;
  logger?: Logger;
  /** An already open database (tests); otherwise DATABASE_URL or PGlite in DATA_DIR/db. */
  db?: Database;
  /** Fixed token sources per portal (tests); otherwise the stored OAuth tokens. */
  tokensFor?: (portalId: string) => TokenSource | null;
  /** Extra routers mounted after the API (the web console). */
  extraRoutes?: Parameters<typeof createHttpApp>[0]['routes'];
  jobs?: {
    pollingIntervalSeconds?: number;
    recomputeDebounceSeconds?: number;
    schedule?: boolean;
    /** Seconds between outbox sweeps (default OUTBOX_SWEEP_SECONDS), kept even with `schedule: false`. */
    sweepOutboxSeconds?: number;
    /** Per-queue retry and concurrency settings over the defaults (queues.ts). */
    queues?: QueueOverrides;
  };
  /** Calls per rolling 10 s to spend per portal (default: HubSpot's 110 for OAuth apps, less a margin). */
  crmPerTenSeconds?: number;
  now?: () => number;
  /** Per-portal allowances of the routes that cost CRM calls (see http/portal-rate-limit.ts). */
  portalLimits?: Partial<Record<CostlyRoute, BucketRule>>;
  /** How long a card request waits for a cold account before answering "computing" (default 5 s). */
  coldBudgetMs?: number;
  /** The Salesforce Canvas card's web bundle (tests build it once); otherwise built at the first Canvas request. */
  canvasBundle?: SalesforceCanvasOptions['bundle'];
}

/** The Canvas card's bundle, built in memory on first use (cards/web/build.ts loads esbuild only then). */
const buildCanvasBundle: SalesforceCanvasOptions['bundle'] = async () => (await import('../cards/web/build.ts')).buildWebBundle({ entry: 'canvas' });

export interface Sidecar {
  readonly url: string;
  readonly store: Store;
  readonly jobs: Jobs;
  /** The services of each configured CRM. */
  readonly services: Partial<Record<CrmKind, CrmServices>>;
  /** The accounts of HubSpot portals (of Salesforce orgs when only Salesforce is configured). */
  readonly accounts: AccountService;
  /** HubSpot's install (throws when HubSpot is not configured). */
  readonly install: InstallService;
  /** Salesforce's install and uninstall; null when Salesforce is not configured. */
  readonly salesforceInstall: SalesforceInstallService | null;
  /** Failed write-backs of a portal: list and redrive (`GET …/write-failures`), of the same CRM as `accounts`. */
  readonly writeFailures: WriteFailuresService;
  readonly server: Server | null;
  close(): Promise<void>;
}

function requireSetting<T>(value: T | undefined, name: string, why: string): T {
  if (value === undefined) throw new ConfigError(`${name} is required ${why}`);
  return value;
}

/** The services of one CRM kind, built over that CRM's tenant access. */
export interface CrmServices {
  readonly crm: TenantCrm;
  readonly accounts: AccountService;
  readonly calibration: CalibrationService;
  readonly writeFailures: WriteFailuresService;
}

export async function startSidecar(options: SidecarOptions): Promise<Sidecar> {
  const { env } = options;
  const role = options.role ?? 'all';
  const logger = options.logger ?? createLogger({ level: env.LOG_LEVEL, name: 'sidecar' });
  const kinds = configuredCrms(env);
  const hubspotApp = kinds.includes('hubspot') ? { clientId: env.HUBSPOT_CLIENT_ID!, clientSecret: env.HUBSPOT_CLIENT_SECRET! } : null;
  const salesforceApp = kinds.includes('salesforce') ? { loginUrl: env.SALESFORCE_LOGIN_URL, clientId: env.SALESFORCE_CONSUMER_KEY!, clientSecret: env.SALESFORCE_CONSUMER_SECRET! } : null;
  const retryLimits = { giveUpAfter: env.SYNC_RETRY_GIVE_UP_AFTER, maxIds: env.SYNC_RETRY_MAX_IDS };
  const cipher = TokenCipher.fromText(requireSetting(env.TOKEN_ENCRYPTION_KEY, 'TOKEN_ENCRYPTION_KEY', 'to keep OAuth tokens encrypted (e.g. "k1:<32 random bytes in base64>")'));

  const db = options.db ?? (await openDatabase(locationFromEnv(env, `${env.DATA_DIR}/db`)));
  const ownsDb = options.db === undefined;
  let jobs: Jobs | null = null;
  let server: Server | null = null;
  try {
    const migrated = await db.migrate();
    if (migrated.applied.length > 0) logger.info({ applied: migrated.applied }, 'database migrated');
    const store = createStore(db, cipher, { outboxMaxAttempts: env.OUTBOX_MAX_ATTEMPTS, mappings: { hubspot: HubSpotMapping, salesforce: SalesforceMapping } });
    const client = hubspotApp ? { baseUrl: env.HUBSPOT_BASE_URL, ...hubspotApp } : null;
    let installRef: InstallService | null = null;
    let salesforceInstallRef: SalesforceInstallService | null = null;
    const tenantCrms: Partial<Record<CrmKind, TenantCrm>> = {};
    if (client) {
      tenantCrms.hubspot = hubSpotTenantCrm({
        store,
        client,
        sharedBudget: db.kind === 'postgres',
        onRevoked: async (portalId) => {
          logger.warn({ portalId }, 'install:revoked_in_hubspot: the refresh token is gone; uninstalling');
          await installRef?.uninstalledInHubSpot(portalId);
        },
        ...(options.tokensFor ? { tokensFor: options.tokensFor } : {}),
        ...(options.crmPerTenSeconds ? { perTenSeconds: options.crmPerTenSeconds } : {}),
      });
    }
    if (salesforceApp) {
      tenantCrms.salesforce = salesforceTenantCrm({
        store,
        app: salesforceApp,
        onRevoked: async (orgId) => {
          logger.warn({ orgId }, 'install:revoked_in_salesforce: the refresh token is gone; uninstalling');
          await salesforceInstallRef?.uninstalledInSalesforce(orgId);
        },
        ...(options.now ? { now: options.now } : {}),
      });
    }

    let jobsRef: Jobs | null = null;
    const sendFor = (kind: CrmKind) => ({
      drain: async (portalId: string, tx?: Transaction) => void (await jobsRef!.send('drain-outbox', { crm: kind, portalId }, tx ? { tx } : {})),
      recompute: async (portalId: string, accountId: string, reason: string, tx?: Transaction) => void (await jobsRef!.sendRecompute({ crm: kind, portalId, accountId, reason }, tx ? { tx } : {})),
      sync: async (portalId: string, mode: 'full' | 'incremental') => void (await jobsRef!.send('sync-portfolio', { crm: kind, portalId, mode })),
    });
    // With the embedded database this is the only process: its own writes are all there is.
    const viewCacheTtlMs = db.kind === 'pglite' ? null : env.VIEW_CACHE_TTL_MS;
    const services: Partial<Record<CrmKind, CrmServices>> = {};
    for (const [kind, crm] of Object.entries(tenantCrms) as Array<[CrmKind, TenantCrm]>) {
      const send = sendFor(kind);
      const calibration = new CalibrationService({ store, crm: kind, onModelChanged: (portalId) => send.sync(portalId, 'full') });
      const accounts = new AccountService({ store, crm, calibration, drain: send.drain, requestRecompute: send.recompute, viewCacheTtlMs, ...(options.now ? { now: options.now } : {}), ...(options.coldBudgetMs !== undefined ? { coldBudgetMs: options.coldBudgetMs } : {}) });
      const writeFailures = new WriteFailuresService({ store, crm, drain: (portalId) => send.drain(portalId) });
      services[kind] = { crm, accounts, calibration, writeFailures };
    }
    const servicesOf = (kind: string): CrmServices => {
      const found = services[kind as CrmKind];
      if (!found) throw new Error(`${kind} is not configured in this deployment`);
      return found;
    };
    let url = env.PUBLIC_URL ?? `http://${env.HOST}:${env.PORT}`;
    const install = services.hubspot && client
      ? new InstallService({
          store,
          crm: services.hubspot.crm,
          client,
          authorizeUrl: env.HUBSPOT_AUTHORIZE_URL,
          redirectUri: () => new URL('/oauth/hubspot/callback', url).toString(),
          scopes: env.HUBSPOT_SCOPES,
          firstSync: (portalId) => sendFor('hubspot').sync(portalId, 'full'),
          cancelJobs: (portalId) => jobsRef!.cancelTenant('hubspot', portalId),
          purgeGraceDays: env.UNINSTALL_GRACE_DAYS,
          onError: (error, what) => logger.warn({ err: error }, `install:${what}:failed`),
          activeCacheTtlMs: db.kind === 'pglite' ? null : 5_000,
          ...(options.now ? { now: options.now } : {}),
        })
      : null;
    installRef = install;
    const salesforceInstall = services.salesforce && salesforceApp
      ? new SalesforceInstallService({
          store,
          crm: services.salesforce.crm,
          app: salesforceApp,
          redirectUri: () => new URL('/oauth/salesforce/callback', url).toString(),
          scopes: env.SALESFORCE_SCOPES,
          firstSync: (orgId) => sendFor('salesforce').sync(orgId, 'full'),
          cancelJobs: (orgId) => jobsRef!.cancelTenant('salesforce', orgId),
          purgeGraceDays: env.UNINSTALL_GRACE_DAYS,
          onError: (error, what) => logger.warn({ err: error }, `install:salesforce:${what}:failed`),
          ...(options.now ? { now: options.now } : {}),
        })
      : null;
    salesforceInstallRef = salesforceInstall;
    /** Jobs of a tenant that was uninstalled meanwhile (or of a CRM not configured here) do nothing (cancelling covers the queued ones). */
    const active = async (crm: string, portalId: string, what: string) => {
      if (!services[crm as CrmKind]) {
        logger.warn({ crm, portalId }, `${what} skipped: ${crm} is not configured in this deployment`);
        return false;
      }
      const i = await store.installations.get(crm, portalId);
      if (i?.status === 'active') return true;
      logger.info({ crm, portalId }, `${what} skipped: the portal is not installed`);
      return false;
    };
    const activeInstallations = async () => (await store.installations.listActive()).filter((i) => services[i.crm as CrmKind] !== undefined);
    const webhooks = services.hubspot ? new WebhookService({ store, crm: services.hubspot.crm, recompute: sendFor('hubspot').recompute, appId: env.HUBSPOT_APP_ID ?? null, onError: (error) => logger.warn({ err: error }, 'webhook follow-up failed') }) : null;

    jobs = await startJobs({
      db,
      role,
      logger,
      ...(options.jobs?.pollingIntervalSeconds ? { pollingIntervalSeconds: options.jobs.pollingIntervalSeconds } : {}),
      ...(options.jobs?.recomputeDebounceSeconds !== undefined ? { recomputeDebounceSeconds: options.jobs.recomputeDebounceSeconds } : {}),
      ...(options.jobs?.queues ? { queues: options.jobs.queues } : {}),
      // The drains lease outbox rows under this process's liveness key: a dead worker's are released at once.
      leases: [outboxLeases(store.outbox)],
      // `schedule: false` turns every schedule off but a sweep asked for by name.
      schedule:
        options.jobs?.schedule === false
          ? { refreshTokens: false, syncPortfolios: false, sweepOutboxSeconds: options.jobs.sweepOutboxSeconds ?? false, pruneRetention: false, purgeUninstalled: false, calibrations: false }
          : { sweepOutboxSeconds: options.jobs?.sweepOutboxSeconds ?? env.OUTBOX_SWEEP_SECONDS, listInstallations: async () => (await activeInstallations()).map((i) => ({ crm: i.crm, portalId: i.portalId })) },
      handlers: {
        'sync-portfolio': async (data, job) => {
          if (!(await active(data.crm, data.portalId, 'sync'))) return;
          const { crm, accounts } = servicesOf(data.crm);
          const report = await syncPortfolio({ store, crm, accounts, portalId: data.portalId, mode: data.mode, signal: job.signal, retryLimits, ...(options.now ? { now: options.now } : {}) });
          // Every account's renewals were just backtested again: refit the portal's model (a no-op when nothing changed).
          if (data.mode === 'full') await jobsRef!.send('calibrate-portal', { crm: data.crm, portalId: data.portalId });
          logger.info({ crm: data.crm, portalId: data.portalId, mode: report.mode, accountsRead: report.accountsRead, accountsChanged: report.accountsChanged, failed: report.failed.length, durationMs: report.durationMs }, 'portfolio synced');
          for (const warning of report.warnings) logger.warn({ crm: data.crm, portalId: data.portalId, warning }, 'portfolio sync warning');
        },
        'recompute-account': async (items) =>
          runRecomputeBatch(
            items.map(({ data, job }) => ({ id: job.id, ...data })),
            {
              accountsFor: (kind) => services[kind as CrmKind]?.accounts ?? null,
              isActive: (kind, portalId) => active(kind, portalId, 'recompute'),
              // Drained here, not by a drain job: the batch's results go out at once, and a drain
              // job held by a killed worker (its portal's singleton) cannot hold them up.
              drain: async (kind, portalId) => {
                const { crm, accounts } = servicesOf(kind);
                try {
                  await drainOutbox(store, crm, portalId, { owner: jobsRef?.leaseOwner ?? null, onWritten: (ids) => ids.forEach((id) => accounts.invalidate(portalId, id)) });
                } catch (error) {
                  await sendFor(kind as CrmKind).drain(portalId); // retried with the drain queue's backoff
                  throw error;
                }
              },
              log: logger,
            },
          ),
        'drain-outbox': async (data, job) => {
          if (!(await active(data.crm, data.portalId, 'drain'))) return;
          const { crm, accounts } = servicesOf(data.crm);
          const report = await drainOutbox(store, crm, data.portalId, { signal: job.signal, owner: jobsRef?.leaseOwner ?? null, onWritten: (ids) => ids.forEach((id) => accounts.invalidate(data.portalId, id)) });
          // Rows put back for a rate limit or an outage stay leased for the delay; the sweep sends the
          // next drain once it is over (a delayed job here would swallow the sweep's sends until it ran).
          if (report.delivered + report.failed + report.deferred > 0) logger.info({ crm: data.crm, portalId: data.portalId, ...report }, 'outbox drained');
        },
        'sweep-outbox': async () => {
          const due = (await store.outbox.duePortals()).filter((p) => services[p.crm as CrmKind] !== undefined);
          for (const p of due) await sendFor(p.crm as CrmKind).drain(p.portalId);
          if (due.length > 0) logger.info({ portals: due.length }, 'outbox sweep sent drains');
        },
        'prune-retention': async () => {
          const report = await pruneRetention(db.orm, { historyDays: env.RETENTION_HISTORY_DAYS, auditDays: env.RETENTION_AUDIT_DAYS, deliveredOutboxDays: env.RETENTION_OUTBOX_DAYS, webhookEventDays: env.RETENTION_WEBHOOK_DAYS });
          logger.info(report, 'retention pruned');
        },
        'refresh-tokens': async () => {
          for (const i of await activeInstallations()) {
            const refreshed =
              i.crm === 'hubspot' && client && install
                ? new StoredTokenSource({ store, crm: 'hubspot', portalId: i.portalId, client, earlyMs: 15 * 60_000, onRevoked: (portalId) => install.uninstalledInHubSpot(portalId) }).current()
                : i.crm === 'salesforce' && salesforceApp && salesforceInstall
                  ? new StoredSalesforceSession({ store, orgId: i.portalId, app: salesforceApp, earlyMs: 15 * 60_000, onRevoked: (orgId) => salesforceInstall.uninstalledInSalesforce(orgId), ...(options.now ? { now: options.now } : {}) }).current()
                  : Promise.resolve();
            await refreshed.catch((error: unknown) => logger.warn({ crm: i.crm, portalId: i.portalId, err: error }, 'token refresh failed'));
          }
        },
        'calibrate-portal': async (data) => {
          if (!(await active(data.crm, data.portalId, 'calibration'))) return;
          const outcome = await servicesOf(data.crm).calibration.calibratePortal(data.portalId);
          if (outcome.status === 'fitted') logger.info({ crm: data.crm, portalId: data.portalId, ...outcome }, 'renewal model fitted');
        },
        'schedule-calibrations': async () => {
          for (const i of await activeInstallations()) await jobsRef!.send('calibrate-portal', { crm: i.crm as CrmKind, portalId: i.portalId });
        },
        'purge-uninstalled': async () => {
          const purged = await purgeUninstalled(store, env.UNINSTALL_GRACE_DAYS, (options.now ?? Date.now)());
          if (purged.length > 0) logger.info({ purged }, 'uninstalled portals purged after the grace period');
        },
      },
    });
    jobsRef = jobs;

    const metrics = createHttpMetrics();
    registerOutboxMetrics(metrics.registry, store);
    const registry = new OpenApiRegistry();
    const hubspotAuth = hubspotApp ? { 'hubspot-signature': requireHubSpotSignature({ secret: () => hubspotApp.clientSecret, ...(env.PUBLIC_URL ? { publicUrl: env.PUBLIC_URL } : {}) }) } : {};
    // The Salesforce card's own tokens, keyed from the consumer secret (card-token.ts): minted by a verified Canvas request, checked by the card routes.
    const cardTokens = salesforceApp ? new CardTokens({ key: cardTokenKey(salesforceApp.clientSecret), ...(options.now ? { now: options.now } : {}) }) : null;
    const api = createApiRouter({ registry, auth: { ...hubspotAuth, ...(cardTokens ? { 'salesforce-card-token': salesforceCardAuth(cardTokens) } : {}) } });
    const limiter = new PortalRateLimiter({ ...(options.now ? { now: options.now } : {}), ...(options.portalLimits ? { rules: options.portalLimits } : {}) });
    const routes: NonNullable<SidecarOptions['extraRoutes']> = [api.router];
    // HubSpot's card routes, webhooks and install exist only when HubSpot is configured.
    if (hubspotApp && services.hubspot && install && webhooks) {
      const hub = services.hubspot;
      registerCardRoutes(api, {
        store,
        accounts: hub.accounts,
        calibration: hub.calibration,
        writeFailures: hub.writeFailures,
        appId: env.HUBSPOT_APP_ID ?? null,
        limiter,
        isInstalled: (portalId) => install.isActive(portalId),
        uninstall: (portalId, actor, how) => install.uninstall(portalId, actor, how),
        recomputeAll: async (portalId, actor) => {
          await sendFor('hubspot').sync(portalId, 'full');
          await store.audit.record('hubspot', portalId, { actor, action: 'recompute_all' });
        },
      });
      // Webhooks are checked against their own public origin when one is configured (see config.ts).
      const webhookPublicUrl = env.WEBHOOK_PUBLIC_URL ?? env.PUBLIC_URL;
      const hooks = createApiRouter({ registry, auth: { 'hubspot-signature': requireHubSpotSignature({ secret: () => hubspotApp.clientSecret, ...(webhookPublicUrl ? { publicUrl: webhookPublicUrl } : {}) }) } });
      registerWebhookRoutes(hooks, webhooks);
      routes.push(hooks.router, oauthRouter(install, { localHubSpotOrigin: localHubSpotOrigin(env.HUBSPOT_AUTHORIZE_URL), onError: (error) => logger.error({ err: error }, 'install failed') }));
    }
    // Salesforce's install, the Canvas card page and its card routes exist only when Salesforce is configured.
    if (salesforceApp && services.salesforce && salesforceInstall && cardTokens) {
      const isInstalled = (orgId: string) => salesforceInstall.isActive(orgId);
      const salesforceAdmins = { isAdmin: (orgId: string, userId: string) => store.admins.isAdmin('salesforce', orgId, userId), list: (orgId: string) => store.admins.list('salesforce', orgId) };
      registerSalesforceCardRoutes(api, {
        accounts: services.salesforce.accounts,
        isInstalled,
        limiter,
        admins: salesforceAdmins,
        uninstall: (orgId, actor, how) => salesforceInstall.uninstall(orgId, actor, how),
      });
      registerSalesforceSettingsRoutes(api, {
        isInstalled,
        settings: store.settings,
        admins: salesforceAdmins,
        adminsRepo: store.admins,
        calibration: services.salesforce.calibration,
      });
      routes.push(
        salesforceOAuthRouter(salesforceInstall, (error) => logger.error({ err: error }, 'salesforce install failed')),
        salesforceCanvasRoutes({
          consumerSecret: () => salesforceApp.clientSecret,
          tokens: cardTokens,
          isInstalled,
          sessions: new CanvasSessionCheck({ lookup: httpUserInfo(), ...(options.now ? { now: options.now } : {}) }),
          bundle: options.canvasBundle ?? buildCanvasBundle,
        }),
      );
    }
    const app = createHttpApp({
      logger,
      metrics,
      registry,
      openapi: { title: 'Success Sidecar API', version: '1' },
      trustProxy: env.TRUST_PROXY,
      readiness: {
        database: async () => void (await db.query('select 1')),
        queue: async () => {
          if (!(await jobsRef.ready())) throw new Error('job queue not ready');
        },
      },
      metricsToken: env.METRICS_TOKEN ?? null,
      routes: [...routes, ...(options.extraRoutes ?? [])],
    });

    if (role !== 'worker') {
      server = createServer(app);
      server.keepAliveTimeout = 65_000;
      server.headersTimeout = 66_000;
      server.requestTimeout = 30_000;
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(env.PORT, env.HOST, () => resolve());
      });
      const port = (server.address() as AddressInfo).port;
      url = env.PUBLIC_URL ?? `http://${env.HOST}:${port}`;
    }
    const started = jobs;
    const listening = server;
    const primary = (services.hubspot ?? services.salesforce)!;
    let closing: Promise<void> | null = null;
    return {
      url,
      store,
      jobs: started,
      services,
      accounts: primary.accounts,
      get install(): InstallService {
        if (!install) throw new ConfigError('HubSpot is not configured in this deployment (HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET)');
        return install;
      },
      salesforceInstall,
      writeFailures: primary.writeFailures,
      server: listening,
      close: () =>
        (closing ??= (async () => {
          if (listening) {
            listening.closeIdleConnections();
            await new Promise<void>((resolve) => listening.close(() => resolve()));
          }
          await started.stop({ graceful: true, timeoutMs: 10_000 });
          if (ownsDb) await db.close();
        })()),
    };
  } catch (error) {
    if (server) server.close();
    await jobs?.stop({ graceful: false, timeoutMs: 1_000 }).catch(() => undefined);
    if (ownsDb) await db.close().catch(() => undefined);
    throw error;
  }
}
