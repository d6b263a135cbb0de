// The card API: every route is signed by HubSpot (signature v3) and carries HubSpot's own
// `userId`/`portalId` (appended by `hubspot.fetch`), which are the only identity trusted: the portal
// in the path must be HubSpot's `portalId` (403), the portal must be installed (403), a record the
// portal's CRM does not have is 404. Settings changes, recompute-all, admins and uninstall need an
// admin of the portal; routes that cost CRM calls are rate-limited per portal (429 + Retry-After).
import { contractRoute } from '../../api/routes.ts';
import { DEFAULT_HUBSPOT_MAPPING, HubSpotMapping } from '../../crm/hubspot/mapping.ts';
import type { AccountService } from '../../service/accounts.ts';
import type { CalibrationService } from '../../service/calibration.ts';
import type { WriteFailuresService } from '../../service/write-failures.ts';
import type { Store } from '../../store/store.ts';
import { EngineConfig } from '../../domain/engine-config.ts';
import { HttpError, zodIssues, type ErrorIssue } from '../errors.ts';
import { actorOf, callerOf, hubSpotCallerGuard, requireAdmin, type HubSpotCaller } from '../hubspot-caller.ts';
import type { PortalRateLimiter } from '../portal-rate-limit.ts';
import { reply, type ApiRouter } from '../validate.ts';
import { adminActions } from './admin-actions.ts';
import { renewalModelView } from './model-view.ts';
import { settingsDefaults, settingsView } from './settings-view.ts';

const CRM = 'hubspot';

/** Settings the engine or the adapter would refuse → 400 naming each bad value (body.engine.…, body.mapping.…). */
function checkSettings(engine: Record<string, unknown>, mapping: Record<string, unknown>): void {
  const issues: ErrorIssue[] = [];
  const e = EngineConfig.safeParse(engine);
  if (!e.success) issues.push(...zodIssues(e.error, 'body.engine'));
  const m = HubSpotMapping.safeParse(mapping);
  if (!m.success) issues.push(...zodIssues(m.error, 'body.mapping'));
  if (issues.length > 0) throw new HttpError(400, 'invalid_settings', `These settings cannot be used: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
}

export interface CardRouteDeps {
  store: Store;
  accounts: AccountService;
  isInstalled: (portalId: string) => Promise<boolean>;
  /** HUBSPOT_APP_ID when configured: card requests relayed for another app are refused. */
  appId: string | null;
  limiter: PortalRateLimiter;
  uninstall: (portalId: string, actor: string, options: { purgeNow: boolean }) => Promise<{ uninstalled: boolean; purge: 'done' | 'scheduled' | 'none'; purgeAfter: Date | null }>;
  /** Queue a full sync (recompute every account). */
  recomputeAll: (portalId: string, actor: string) => Promise<void>;
  calibration: CalibrationService;
  writeFailures: WriteFailuresService;
}

export function registerCardRoutes(api: ApiRouter, deps: CardRouteDeps): void {
  const { store, accounts, limiter } = deps;
  const guard = [hubSpotCallerGuard({ isActive: deps.isInstalled, appId: deps.appId })];
  const adminOnly = (action: string) => [
    ...guard,
    requireAdmin({ isAdmin: (portalId, userId) => store.admins.isAdmin(CRM, portalId, userId), admins: (portalId) => store.admins.list(CRM, portalId), action }),
  ];
  const tags = ['cards'];
  const settingsFor = async (s: Parameters<typeof settingsView>[0], caller: HubSpotCaller) => {
    const admins = await store.admins.list(CRM, caller.portalId);
    return settingsView(s, admins, admins.some((a) => a.userId === caller.userId), SETTINGS_DEFAULTS);
  };

  api.route(
    { ...contractRoute('companySuccess'), summary: 'The company card: ROB, savings, risk, plan, history', tags, auth: 'hubspot-signature', middleware: guard },
    async ({ params }) => {
      const view = await accounts.view(params.portalId, params.companyId, { beforeColdCompute: () => limiter.check(params.portalId, 'cold') });
      return view.state === 'computing' ? reply(202, view, { 'retry-after': String(Math.ceil(view.retryAfterMs / 1000)) }) : view;
    },
  );

  api.route(
    { ...contractRoute('recompute'), summary: 'Recompute a company now (idempotent; rate-limited per portal)', tags, auth: 'hubspot-signature', middleware: [...guard, limiter.middleware('recompute')] },
    async ({ params }) => {
      await accounts.recompute(params.portalId, params.companyId);
      return { status: 'computed' as const, view: await accounts.view(params.portalId, params.companyId) };
    },
  );

  api.route(
    {
      ...contractRoute('saveObjectives'),
      summary: 'Replace the success plan objectives (409 when someone saved first)',
      tags,
      auth: 'hubspot-signature',
      middleware: guard,
    },
    async ({ params, body, res }) => {
      const saved = await accounts.saveObjectives(params.portalId, params.companyId, body, actorOf(callerOf(res)));
      if (!saved.ok) return reply(409, { error: { code: 'version_conflict' as const, message: `The plan was changed by ${saved.current.updatedBy ?? 'someone else'} (now version ${saved.current.version}). Review it and apply your change again.` }, current: saved.current });
      return saved.plan;
    },
  );

  api.route(
    { ...contractRoute('contactSuccess'), summary: 'The contact card: role, open tickets, last engagement, the company view', tags, auth: 'hubspot-signature', middleware: guard },
    async ({ params }) => accounts.contactView(params.portalId, params.contactId, { beforeColdCompute: () => limiter.check(params.portalId, 'cold') }),
  );

  api.route(
    { ...contractRoute('portfolio'), summary: 'The portfolio: paged, sortable by ROB, risk, renewal or name', tags, auth: 'hubspot-signature', middleware: guard },
    async ({ params, query }) => accounts.portfolio(params.portalId, query),
  );

  api.route(
    { ...contractRoute('recomputeAll'), summary: 'Recompute every account (admins; at most one every 10 minutes)', tags: ['settings'], auth: 'hubspot-signature', middleware: [...adminOnly('recompute every account'), limiter.middleware('recompute_all')], successStatus: 202 },
    async ({ params, res }) => {
      await deps.recomputeAll(params.portalId, actorOf(callerOf(res)));
      return { status: 'queued' as const };
    },
  );

  api.route(
    { ...contractRoute('settings'), summary: 'The portal settings: engine overrides, field mapping, admins', tags: ['settings'], auth: 'hubspot-signature', middleware: guard },
    async ({ params, res }) => settingsFor(await store.settings.get(CRM, params.portalId), callerOf(res)),
  );

  api.route(
    { ...contractRoute('saveSettings'), summary: 'Save the portal settings (admins; 409 when someone saved first)', tags: ['settings'], auth: 'hubspot-signature', middleware: adminOnly('change the settings') },
    async ({ params, body, res }) => {
      checkSettings(body.engine, body.mapping);
      const caller = callerOf(res);
      let saved;
      try {
        saved = await store.settings.save(CRM, params.portalId, { expectedVersion: body.expectedVersion, engine: body.engine, mapping: body.mapping, actor: actorOf(caller) });
      } catch (error) {
        if (error instanceof Error && error.name === 'ZodError') throw new HttpError(400, 'invalid_settings', `These settings cannot be used: ${error.message}`);
        throw error;
      }
      if (!saved.ok) return reply(409, { error: { code: 'version_conflict' as const, message: `The settings were changed by ${saved.current.updatedBy ?? 'someone else'} (now version ${saved.current.version}). Review them and apply your change again.` }, current: await settingsFor(saved.current, caller) });
      return settingsFor(saved.settings, caller);
    },
  );

  api.route(
    { ...contractRoute('previewSettings'), summary: 'How proposed settings would move a few accounts (nothing saved; rate-limited per portal)', tags: ['settings'], auth: 'hubspot-signature', middleware: guard },
    async ({ params, body }) => {
      checkSettings(body.engine, body.mapping);
      limiter.check(params.portalId, 'preview'); // only settings that will be tried cost CRM calls
      try {
        return await accounts.previewSettings(params.portalId, body.engine, body.companyIds);
      } catch (error) {
        if (error instanceof Error && error.name === 'ZodError') throw new HttpError(400, 'invalid_settings', `These settings cannot be used: ${error.message}`);
        throw error;
      }
    },
  );

  const modelView = async (portalId: string, caller: HubSpotCaller) => {
    const [view, canManage] = await Promise.all([deps.calibration.view(portalId), store.admins.isAdmin(CRM, portalId, caller.userId)]);
    return renewalModelView(view, canManage);
  };

  api.route(
    { ...contractRoute('renewalModel'), summary: 'The renewal model: which one is in use, what it learned from the portal\'s renewals, how well it predicted them', tags: ['settings'], auth: 'hubspot-signature', middleware: guard },
    async ({ params, res }) => modelView(params.portalId, callerOf(res)),
  );

  api.route(
    { ...contractRoute('chooseRenewalModel'), summary: 'Use the global model or the learned one (admins); results are recomputed', tags: ['settings'], auth: 'hubspot-signature', middleware: adminOnly('choose the renewal model') },
    async ({ params, body, res }) => {
      const caller = callerOf(res);
      await deps.calibration.choose(params.portalId, body.use, actorOf(caller));
      return modelView(params.portalId, caller);
    },
  );

  api.route(
    { ...contractRoute('writeFailures'), summary: 'Write-backs the CRM refused for good, newest first', tags: ['settings'], auth: 'hubspot-signature', middleware: guard },
    async ({ params }) => deps.writeFailures.list(params.portalId),
  );

  api.route(
    { ...contractRoute('redriveWriteFailures'), summary: 'Send failed write-backs again (admins)', tags: ['settings'], auth: 'hubspot-signature', middleware: adminOnly('send failed write-backs again') },
    async ({ params, body, res }) => deps.writeFailures.redrive(params.portalId, actorOf(callerOf(res)), body.ids),
  );

  const admins = adminActions(store.admins, CRM, { user: (id) => `HubSpot user ${id}`, tenant: 'portal' });
  api.route(
    { ...contractRoute('addAdmin'), summary: 'Make another user of the portal an admin (admins)', tags: ['settings'], auth: 'hubspot-signature', middleware: adminOnly('add admins') },
    async ({ params, body, res }) => admins.add(params.portalId, body, actorOf(callerOf(res))),
  );

  api.route(
    { ...contractRoute('removeAdmin'), summary: 'Remove an admin (admins; never the last one)', tags: ['settings'], auth: 'hubspot-signature', middleware: adminOnly('remove admins') },
    async ({ params, res }) => admins.remove(params.portalId, params.userId, actorOf(callerOf(res))),
  );

  api.route(
    { ...contractRoute('uninstall'), summary: 'Uninstall (admins): tokens revoked and deleted, data purged after the grace period or at once with purge=now', tags: ['settings'], auth: 'hubspot-signature', middleware: adminOnly('uninstall the app') },
    async ({ params, query, res }) => {
      const outcome = await deps.uninstall(params.portalId, actorOf(callerOf(res)), { purgeNow: query.purge === 'now' });
      return { uninstalled: outcome.uninstalled, purge: outcome.purge, purgeAfter: outcome.purgeAfter ? outcome.purgeAfter.toISOString() : null };
    },
  );
}

/** What the settings forms start from: the engine's and HubSpot's mapping defaults. */
const SETTINGS_DEFAULTS = settingsDefaults(DEFAULT_HUBSPOT_MAPPING);
