// The card API: every route is signed by HubSpot (signature v3), names its portal in the path, and
// only reaches that portal's installation. A portal without an active installation gets 403; a
// record the portal's CRM does not have gets 404.
import type { RequestHandler } from 'express';
import { z } from 'zod';
import {
  CardQuery,
  CompanyParams,
  ContactParams,
  ContactView,
  ObjectivesBody,
  ObjectivesConflict,
  Portfolio,
  PortfolioQuery,
  PortalParams,
  RecomputeBody,
  RecomputeResponse,
  SettingsBody,
  SettingsPreview,
  SettingsPreviewBody,
  SettingsView,
  StoredPlan,
  SuccessView,
} from '../../api/contracts.ts';
import { HubSpotMapping } from '../../crm/hubspot/mapping.ts';
import type { AccountService } from '../../service/accounts.ts';
import type { Store } from '../../store/store.ts';
import { EngineConfig } from '../../domain/engine-config.ts';
import { errorEnvelope, HttpError, zodIssues, type ErrorIssue } from '../errors.ts';
import { reply, type ApiRouter } from '../validate.ts';

const CRM = 'hubspot';

/** 409 from PUT …/settings: the error envelope plus the settings someone else saved first. */
const SettingsConflict = z.object({ error: z.object({ code: z.literal('version_conflict'), message: z.string() }), current: SettingsView });

/** The portal in the path must be installed, and agree with the `portalId` the card put in the query. */
function portalGuard(isActive: (portalId: string) => Promise<boolean>): RequestHandler {
  return async (req, res, next) => {
    const portalId = String(req.params.portalId ?? '');
    const claimed = typeof req.query.portalId === 'string' ? req.query.portalId : undefined;
    if (claimed !== undefined && claimed !== portalId) {
      res.status(403).json(errorEnvelope('portal_mismatch', 'The portal in the URL does not match the portal the card runs in.'));
      return;
    }
    if (!/^\d{1,20}$/.test(portalId)) {
      res.status(400).json(errorEnvelope('invalid_request', 'Request validation failed', [{ path: 'params.portalId', message: 'a numeric id' }]));
      return;
    }
    if (!(await isActive(portalId))) {
      res.status(403).json(errorEnvelope('not_installed', `Success Sidecar is not installed in portal ${portalId}. An admin can install it from the HubSpot marketplace.`));
      return;
    }
    next();
  };
}

/** Settings the engine or the adapter would refuse → 400 naming each bad value (body.engine.…, body.mapping.…). */
function checkSettings(engine: Record<string, unknown>, mapping: Record<string, unknown>): void {
  const issues: ErrorIssue[] = [];
  const e = EngineConfig.safeParse(engine);
  if (!e.success) issues.push(...zodIssues(e.error, 'body.engine'));
  const m = HubSpotMapping.safeParse(mapping);
  if (!m.success) issues.push(...zodIssues(m.error, 'body.mapping'));
  if (issues.length > 0) throw new HttpError(400, 'invalid_settings', `These settings cannot be used: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
}

/** Who made the change, for the plan's and settings' history (HubSpot user id from the card's query). */
function actorOf(query: { userId?: string | undefined; userEmail?: string | undefined }): string {
  return query.userEmail ?? (query.userId ? `hubspot-user:${query.userId}` : 'hubspot-user:unknown');
}

export function registerCardRoutes(
  api: ApiRouter,
  deps: { store: Store; accounts: AccountService; isInstalled: (portalId: string) => Promise<boolean>; uninstall: (portalId: string, actor: string) => Promise<boolean> },
): void {
  const { store, accounts } = deps;
  const guard = [portalGuard(deps.isInstalled)];
  const base = '/api/v1/hubspot/:portalId';
  const tags = ['cards'];

  api.route(
    { method: 'get', path: `${base}/companies/:companyId/success`, summary: 'The company card: ROB, savings, risk, plan, history', tags, auth: 'hubspot-signature', middleware: guard, params: CompanyParams, query: CardQuery, response: SuccessView },
    async ({ params }) => {
      const view = await accounts.view(params.portalId, params.companyId);
      return view.state === 'computing' ? reply(202, view, { 'retry-after': String(Math.ceil(view.retryAfterMs / 1000)) }) : view;
    },
  );

  api.route(
    { method: 'post', path: `${base}/companies/:companyId/recompute`, summary: 'Recompute a company now (idempotent)', tags, auth: 'hubspot-signature', middleware: guard, params: CompanyParams, query: CardQuery, body: RecomputeBody, response: RecomputeResponse },
    async ({ params }) => {
      await accounts.recompute(params.portalId, params.companyId);
      return { status: 'computed' as const, view: await accounts.view(params.portalId, params.companyId) };
    },
  );

  api.route(
    {
      method: 'put',
      path: `${base}/companies/:companyId/objectives`,
      summary: 'Replace the success plan objectives (409 when someone saved first)',
      tags,
      auth: 'hubspot-signature',
      middleware: guard,
      params: CompanyParams,
      query: CardQuery,
      body: ObjectivesBody,
      response: StoredPlan.or(ObjectivesConflict),
    },
    async ({ params, query, body }) => {
      const saved = await accounts.saveObjectives(params.portalId, params.companyId, body, actorOf(query));
      if (!saved.ok) return reply(409, { error: { code: 'version_conflict' as const, message: `The plan was changed by ${saved.current.updatedBy ?? 'someone else'} (now version ${saved.current.version}). Review it and apply your change again.` }, current: saved.current });
      return saved.plan;
    },
  );

  api.route(
    { method: 'get', path: `${base}/contacts/:contactId/success`, summary: 'The contact card: role, open tickets, last engagement, the company view', tags, auth: 'hubspot-signature', middleware: guard, params: ContactParams, query: CardQuery, response: ContactView },
    async ({ params }) => accounts.contactView(params.portalId, params.contactId),
  );

  api.route(
    { method: 'get', path: `${base}/companies`, summary: 'The portfolio: paged, sortable by ROB, risk, renewal or name', tags, auth: 'hubspot-signature', middleware: guard, params: PortalParams, query: PortfolioQuery, response: Portfolio },
    async ({ params, query }) => accounts.portfolio(params.portalId, query),
  );

  api.route(
    { method: 'get', path: `${base}/settings`, summary: 'The portal settings: engine overrides and field mapping', tags: ['settings'], auth: 'hubspot-signature', middleware: guard, params: PortalParams, query: CardQuery, response: SettingsView },
    async ({ params }) => settingsView(await store.settings.get(CRM, params.portalId)),
  );

  api.route(
    { method: 'put', path: `${base}/settings`, summary: 'Save the portal settings (409 when someone saved first)', tags: ['settings'], auth: 'hubspot-signature', middleware: guard, params: PortalParams, query: CardQuery, body: SettingsBody, response: SettingsView.or(SettingsConflict) },
    async ({ params, query, body }) => {
      checkSettings(body.engine, body.mapping);
      let saved;
      try {
        saved = await store.settings.save(CRM, params.portalId, { expectedVersion: body.expectedVersion, engine: body.engine, mapping: body.mapping, actor: actorOf(query) });
      } catch (error) {
        if (error instanceof Error && error.name === 'ZodError') throw new HttpError(400, 'invalid_settings', `These settings cannot be used: ${error.message}`);
        throw error;
      }
      if (!saved.ok) return reply(409, { error: { code: 'version_conflict' as const, message: `The settings were changed by ${saved.current.updatedBy ?? 'someone else'} (now version ${saved.current.version}). Review them and apply your change again.` }, current: settingsView(saved.current) });
      return settingsView(saved.settings);
    },
  );

  api.route(
    { method: 'post', path: `${base}/settings/preview`, summary: 'How proposed settings would move a few accounts (nothing saved)', tags: ['settings'], auth: 'hubspot-signature', middleware: guard, params: PortalParams, query: CardQuery, body: SettingsPreviewBody, response: SettingsPreview },
    async ({ params, body }) => {
      checkSettings(body.engine, body.mapping);
      try {
        return await accounts.previewSettings(params.portalId, body.engine, body.companyIds);
      } catch (error) {
        if (error instanceof Error && error.name === 'ZodError') throw new HttpError(400, 'invalid_settings', `These settings cannot be used: ${error.message}`);
        throw error;
      }
    },
  );

  api.route(
    { method: 'delete', path: `${base}/installation`, summary: 'Uninstall: the installation becomes inactive and its tokens are deleted', tags: ['settings'], auth: 'hubspot-signature', middleware: guard, params: PortalParams, query: CardQuery, response: z.object({ uninstalled: z.boolean() }) },
    async ({ params, query }) => ({ uninstalled: await deps.uninstall(params.portalId, actorOf(query)) }),
  );
}

function settingsView(s: { version: number; engine: Record<string, unknown>; mapping: Record<string, unknown>; updatedBy: string | null; updatedAt: Date | null }) {
  return { version: s.version, engine: s.engine, mapping: s.mapping, updatedBy: s.updatedBy, updatedAt: s.updatedAt ? s.updatedAt.toISOString() : null };
}
