// Installations of the app: one row per (crm, portal). Uninstalling forgets the portal's tokens
// in the same transaction and bumps the installation's generation, so every process that still
// holds credentials of the old generation drops them before its next CRM call.
import { and, eq, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Orm } from './db.ts';
import { installations, oauthTokens } from './schema.ts';
import { Crm, PortalId, checkTenant, tenantIdProblem } from './tenant.ts';

export interface Installation {
  crm: string;
  portalId: string;
  status: 'active' | 'uninstalled';
  scopes: string[];
  hubDomain: string | null;
  /** Salesforce: the org's API origin. */
  instanceUrl: string | null;
  /** Salesforce: the user whose grant the tokens are. */
  apiUserId: string | null;
  generation: number;
  installedAt: Date;
  updatedAt: Date;
  uninstalledAt: Date | null;
}

export const InstallationInput = z.object({
  crm: Crm,
  portalId: PortalId,
  scopes: z.array(z.string().min(1)).default([]),
  hubDomain: z.string().min(1).nullable().optional(),
  instanceUrl: z.url({ protocol: /^https?$/ }).nullable().optional(),
  apiUserId: z.string().min(1).max(64).nullable().optional(),
}).superRefine((v, ctx) => {
  const problem = tenantIdProblem(v.crm, v.portalId);
  if (problem) ctx.addIssue({ code: 'custom', path: ['portalId'], message: problem });
});
export type InstallationInput = z.input<typeof InstallationInput>;

const Status = z.enum(['active', 'uninstalled']);
const sqlNow = sql`now()`;
const toInstallation = (row: typeof installations.$inferSelect): Installation => ({ ...row, status: Status.parse(row.status) });

const sqlInstalledAt = sql`case when ${installations.status} = 'uninstalled' then now() else ${installations.installedAt} end`;
/** A re-install after an uninstall starts a new generation; an install over an active one keeps it. */
const sqlNextGeneration = sql`case when ${installations.status} = 'uninstalled' then ${installations.generation} + 1 else ${installations.generation} end`;

export class InstallationsRepo {
  readonly #orm: Orm;
  constructor(orm: Orm) {
    this.#orm = orm;
  }

  /** Installs or re-installs: active, with the scopes granted now (the install date restarts after an uninstall). */
  async upsert(input: InstallationInput): Promise<Installation> {
    const { crm, portalId, scopes, hubDomain, instanceUrl, apiUserId } = InstallationInput.parse(input);
    const [row] = await this.#orm
      .insert(installations)
      .values({ crm, portalId, scopes, hubDomain: hubDomain ?? null, instanceUrl: instanceUrl ?? null, apiUserId: apiUserId ?? null, status: 'active' })
      .onConflictDoUpdate({
        target: [installations.crm, installations.portalId],
        set: {
          status: 'active',
          scopes,
          ...(hubDomain !== undefined ? { hubDomain } : {}),
          ...(instanceUrl !== undefined ? { instanceUrl } : {}),
          ...(apiUserId !== undefined ? { apiUserId } : {}),
          installedAt: sqlInstalledAt,
          generation: sqlNextGeneration,
          uninstalledAt: null,
          updatedAt: sqlNow,
        },
      })
      .returning();
    return toInstallation(row!);
  }

  async get(crm: string, portalId: string): Promise<Installation | null> {
    checkTenant(crm, portalId);
    const [row] = await this.#orm
      .select()
      .from(installations)
      .where(and(eq(installations.crm, crm), eq(installations.portalId, portalId)));
    return row ? toInstallation(row) : null;
  }

  async listActive(crm?: string): Promise<Installation[]> {
    if (crm !== undefined) Crm.parse(crm);
    const active = eq(installations.status, 'active');
    const rows = await this.#orm
      .select()
      .from(installations)
      .where(crm === undefined ? active : and(active, eq(installations.crm, crm)))
      .orderBy(installations.crm, installations.portalId);
    return rows.map(toInstallation);
  }

  /** Status and generation (and where to call, for Salesforce): what a token source checks before each CRM call. */
  async credentialsState(crm: string, portalId: string): Promise<{ status: Installation['status']; generation: number; instanceUrl: string | null; apiUserId: string | null } | null> {
    checkTenant(crm, portalId);
    const [row] = await this.#orm
      .select({ status: installations.status, generation: installations.generation, instanceUrl: installations.instanceUrl, apiUserId: installations.apiUserId })
      .from(installations)
      .where(and(eq(installations.crm, crm), eq(installations.portalId, portalId)));
    return row ? { status: Status.parse(row.status), generation: row.generation, instanceUrl: row.instanceUrl, apiUserId: row.apiUserId } : null;
  }

  /** Uninstalled installations whose grace period ended (uninstalled before `before`). */
  async listUninstalledBefore(before: Date): Promise<Array<{ crm: string; portalId: string; uninstalledAt: Date }>> {
    const rows = await this.#orm
      .select({ crm: installations.crm, portalId: installations.portalId, uninstalledAt: installations.uninstalledAt })
      .from(installations)
      .where(and(eq(installations.status, 'uninstalled'), lt(installations.uninstalledAt, before)));
    return rows.flatMap((r) => (r.uninstalledAt ? [{ crm: r.crm, portalId: r.portalId, uninstalledAt: r.uninstalledAt }] : []));
  }

  /**
   * Marks the installation uninstalled (a new generation) and deletes its tokens; false when there
   * was no active installation. Only an active installation is uninstalled, so a second call (or a
   * refresh that found the grant revoked at the same time) changes nothing.
   */
  async markUninstalled(crm: string, portalId: string): Promise<boolean> {
    checkTenant(crm, portalId);
    return this.#orm.transaction(async (tx) => {
      const updated = await tx
        .update(installations)
        .set({ status: 'uninstalled', generation: sql`${installations.generation} + 1`, uninstalledAt: sqlNow, updatedAt: sqlNow })
        .where(and(eq(installations.crm, crm), eq(installations.portalId, portalId), eq(installations.status, 'active')))
        .returning({ crm: installations.crm });
      await tx.delete(oauthTokens).where(and(eq(oauthTokens.crm, crm), eq(oauthTokens.portalId, portalId)));
      return updated.length > 0;
    });
  }
}

