// A Salesforce org's settings through the Canvas card's token: the engine overrides and the field
// mapping (docs/salesforce-mapping.md), read by anyone the card was opened for in that org and
// changed by the org's admins only; the admins, who add and remove admins (never the last one).
// The same shapes as HubSpot's settings routes; the defaults sent with them are Salesforce's mapping
// defaults. Who acts is the card token's user, never the body. A saved change applies at the next
// computation of each Account (a full sync recomputes them all). The org's renewal model (what the
// calibrate-portal job learned from its renewals, and its backtest) is shown to the same readers and
// switched between the global and the learned one by admins only, as HubSpot's is; a switch that
// changes the model in use recomputes the org's results.
import { AdminsView, ChooseModelBody, ModelView, SettingsBody, SettingsConflict, SettingsView } from '../../api/contracts.ts';
import { SALESFORCE_ROUTES } from '../../api/routes.ts';
import { SalesforceAddAdminBody, SalesforceAdminParams, SalesforceOrgParams } from '../../api/salesforce-contracts.ts';
import { EngineConfig } from '../../domain/engine-config.ts';
import { DEFAULT_SALESFORCE_MAPPING, SalesforceMapping } from '../../crm/salesforce/mapping.ts';
import type { CalibrationService } from '../../service/calibration.ts';
import type { AdminsRepo, PortalAdmin } from '../../store/admins.ts';
import type { PortalSettings, SaveSettingsInput, SaveSettingsResult } from '../../store/settings.ts';
import { HttpError, zodIssues, type ErrorIssue } from '../errors.ts';
import { reply, type ApiRouter } from '../validate.ts';
import { adminActions } from './admin-actions.ts';
import { renewalModelView } from './model-view.ts';
import { cardCallerOf, orgGuard } from './salesforce-cards.ts';
import { settingsDefaults, settingsView } from './settings-view.ts';

const CRM = 'salesforce';
const DEFAULTS = settingsDefaults(DEFAULT_SALESFORCE_MAPPING);

export interface SalesforceSettingsDeps {
  isInstalled: (orgId: string) => Promise<boolean>;
  settings: { get(crm: string, orgId: string): Promise<PortalSettings>; save(crm: string, orgId: string, input: SaveSettingsInput): Promise<SaveSettingsResult> };
  admins: { isAdmin: (orgId: string, userId: string) => Promise<boolean>; list: (orgId: string) => Promise<PortalAdmin[]> };
  /** The store's admins, to add and remove them. */
  adminsRepo: Pick<AdminsRepo, 'add' | 'remove' | 'list'>;
  /** The Salesforce tenants' renewal models (its crm is 'salesforce'); a switch asks for the org's recompute. */
  calibration: Pick<CalibrationService, 'view' | 'choose'>;
}

function check(engine: Record<string, unknown>, mapping: Record<string, unknown>): void {
  const issues: ErrorIssue[] = [];
  const e = EngineConfig.safeParse(engine);
  if (!e.success) issues.push(...zodIssues(e.error, 'body.engine'));
  const m = SalesforceMapping.safeParse(mapping);
  if (!m.success) issues.push(...zodIssues(m.error, 'body.mapping'));
  if (issues.length > 0) throw new HttpError(400, 'invalid_settings', `These settings cannot be used: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
}

export function registerSalesforceSettingsRoutes(api: ApiRouter, deps: SalesforceSettingsDeps): void {
  const tags = ['salesforce-settings'];
  const auth = 'salesforce-card-token' as const;
  const view = async (s: PortalSettings, orgId: string, userId: string) => {
    const admins = await deps.admins.list(orgId);
    return settingsView(s, admins, admins.some((a) => a.userId === userId), DEFAULTS);
  };

  api.route(
    { method: 'get', path: SALESFORCE_ROUTES.settings.path, summary: 'The org settings: engine overrides, Salesforce field mapping, admins', tags, auth, middleware: [orgGuard(deps.isInstalled)], params: SalesforceOrgParams, response: SettingsView },
    async ({ params, res }) => view(await deps.settings.get(CRM, params.orgId), params.orgId, cardCallerOf(res).userId),
  );

  api.route(
    { method: 'put', path: SALESFORCE_ROUTES.saveSettings.path, summary: 'Save the org settings (admins; 409 when someone saved first)', tags, auth, middleware: [orgGuard(deps.isInstalled, { deps: deps.admins, action: 'change the settings' })], params: SalesforceOrgParams, body: SettingsBody, response: SettingsView.or(SettingsConflict) },
    async ({ params, body, res }) => {
      check(body.engine, body.mapping);
      const caller = cardCallerOf(res);
      const saved = await deps.settings.save(CRM, params.orgId, { expectedVersion: body.expectedVersion, engine: body.engine, mapping: body.mapping, actor: caller.actor });
      if (!saved.ok) return reply(409, { error: { code: 'version_conflict' as const, message: `The settings were changed by ${saved.current.updatedBy ?? 'someone else'} (now version ${saved.current.version}). Review them and apply your change again.` }, current: await view(saved.current, params.orgId, caller.userId) });
      return view(saved.settings, params.orgId, caller.userId);
    },
  );

  const modelView = async (orgId: string, userId: string) => {
    const [view, canManage] = await Promise.all([deps.calibration.view(orgId), deps.admins.isAdmin(orgId, userId)]);
    return renewalModelView(view, canManage);
  };
  api.route(
    { method: 'get', path: SALESFORCE_ROUTES.renewalModel.path, summary: "The org's renewal model: which one is in use, what it learned from the org's renewals, how well it predicted them", tags, auth, middleware: [orgGuard(deps.isInstalled)], params: SalesforceOrgParams, response: ModelView },
    async ({ params, res }) => modelView(params.orgId, cardCallerOf(res).userId),
  );

  api.route(
    { method: 'put', path: SALESFORCE_ROUTES.chooseRenewalModel.path, summary: 'Use the global model or the learned one (admins); results are recomputed', tags, auth, middleware: [orgGuard(deps.isInstalled, { deps: deps.admins, action: 'choose the renewal model' })], params: SalesforceOrgParams, body: ChooseModelBody, response: ModelView },
    async ({ params, body, res }) => {
      const caller = cardCallerOf(res);
      await deps.calibration.choose(params.orgId, body.use, caller.actor);
      return modelView(params.orgId, caller.userId);
    },
  );

  const admins = adminActions(deps.adminsRepo, CRM, { user: (id) => `Salesforce user ${id}`, tenant: 'org' });
  api.route(
    { method: 'post', path: SALESFORCE_ROUTES.addAdmin.path, summary: 'Make another user of the org an admin (admins)', tags, auth, middleware: [orgGuard(deps.isInstalled, { deps: deps.admins, action: 'add admins' })], params: SalesforceOrgParams, body: SalesforceAddAdminBody, response: AdminsView },
    async ({ params, body, res }) => admins.add(params.orgId, body, cardCallerOf(res).actor),
  );

  api.route(
    { method: 'delete', path: SALESFORCE_ROUTES.removeAdmin.path, summary: 'Remove an admin of the org (admins; never the last one)', tags, auth, middleware: [orgGuard(deps.isInstalled, { deps: deps.admins, action: 'remove admins' })], params: SalesforceAdminParams, response: AdminsView },
    async ({ params, res }) => admins.remove(params.orgId, params.userId, cardCallerOf(res).actor),
  );
}
