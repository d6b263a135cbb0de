// Forgetting a tenant: every row the sidecar keeps for an uninstalled (crm, portal) is deleted in
// one transaction, after the grace period (docs: README, "Uninstall") or at once on request. An
// installation that is active again (re-installed during the grace period) is never purged.
import { and, eq, like, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Orm } from './db.ts';
import {
  accountResults,
  auditLog,
  backtestRows,
  backtestSkips,
  installations,
  oauthTokens,
  outbox,
  planVersions,
  portalAdmins,
  rateBudgets,
  resultHistory,
  riskModels,
  settings,
  successPlans,
  syncState,
  webhookEvents,
} from './schema.ts';
import { checkTenant } from './tenant.ts';

/** Tables keyed by (crm, portal_id), deleted in this order; the installation row goes last. */
const TENANT_TABLES = { accountResults, resultHistory, successPlans, planVersions, settings, auditLog, outbox, syncState, portalAdmins, backtestRows, backtestSkips, riskModels, rateBudgets, oauthTokens } as const;

export type PurgeReport = { purged: true; rows: Record<string, number> } | { purged: false; reason: 'active' | 'unknown' };

type TenantTable = PgTable & { crm: typeof accountResults.crm; portalId: typeof accountResults.portalId };

export async function purgeTenant(orm: Orm, crm: string, portalId: string): Promise<PurgeReport> {
  checkTenant(crm, portalId);
  return orm.transaction(async (tx) => {
    const [installation] = await tx
      .select({ status: installations.status })
      .from(installations)
      .where(and(eq(installations.crm, crm), eq(installations.portalId, portalId)))
      .for('update');
    if (!installation) return { purged: false, reason: 'unknown' } as const;
    if (installation.status === 'active') return { purged: false, reason: 'active' } as const;
    const rows: Record<string, number> = {};
    for (const [name, table] of Object.entries(TENANT_TABLES) as Array<[string, TenantTable]>) {
      const deleted = await tx.delete(table).where(and(eq(table.crm, crm), eq(table.portalId, portalId))).returning({ n: sql<number>`1` });
      rows[name] = deleted.length;
    }
    // Webhook ids are kept per CRM as `<portal>:<event id>` (see service/webhooks.ts).
    const events = await tx.delete(webhookEvents).where(and(eq(webhookEvents.crm, crm), like(webhookEvents.eventId, `${portalId}:%`))).returning({ n: sql<number>`1` });
    rows.webhookEvents = events.length;
    await tx.delete(installations).where(and(eq(installations.crm, crm), eq(installations.portalId, portalId)));
    rows.installations = 1;
    return { purged: true, rows } as const;
  });
}
