// Installations of the app: one row per (crm, portal). Uninstalling forgets the portal's tokens
// in the same transaction.
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Orm } from './db.ts';
import { installations, oauthTokens } from './schema.ts';
import { Crm, PortalId, checkTenant } from './tenant.ts';

export interface Installation {
  crm: string;
  portalId: string;
  status: 'active' | 'uninstalled';
  scopes: string[];
  hubDomain: string | null;
  installedAt: Date;
  updatedAt: Date;
}

export const InstallationInput = z.object({
  crm: Crm,
  portalId: PortalId,
  scopes: z.array(z.string().min(1)).default([]),
  hubDomain: z.string().min(1).nullable().optional(),
});
export type InstallationInput = z.input<typeof InstallationInput>;

const Status = z.enum(['active', 'uninstalled']);
const sqlNow = sql`now()`;
const toInstallation = (row: typeof installations.$inferSelect): Installation => ({ ...row, status: Status.parse(row.status) });

const sqlInstalledAt = sql`case when ${installations.status} = 'uninstalled' then now() else ${installations.installedAt} end`;

export class InstallationsRepo {
  readonly #orm: Orm;
  constructor(orm: Orm) {
    this.#orm = orm;
  }

  /** Installs or re-installs: active, with the scopes granted now (the install date restarts after an uninstall). */
  async upsert(input: InstallationInput): Promise<Installation> {
    const { crm, portalId, scopes, hubDomain } = InstallationInput.parse(input);
    const [row] = await this.#orm
      .insert(installations)
      .values({ crm, portalId, scopes, hubDomain: hubDomain ?? null, status: 'active' })
      .onConflictDoUpdate({
        target: [installations.crm, installations.portalId],
        set: {
          status: 'active',
          scopes,
          ...(hubDomain !== undefined ? { hubDomain } : {}),
          installedAt: sqlInstalledAt,
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

  /** Marks the installation uninstalled and deletes its tokens; false when there was none. */
  async markUninstalled(crm: string, portalId: string): Promise<boolean> {
    checkTenant(crm, portalId);
    return this.#orm.transaction(async (tx) => {
      const updated = await tx
        .update(installations)
        .set({ status: 'uninstalled', updatedAt: sqlNow })
        .where(and(eq(installations.crm, crm), eq(installations.portalId, portalId)))
        .returning({ crm: installations.crm });
      await tx.delete(oauthTokens).where(and(eq(oauthTokens.crm, crm), eq(oauthTokens.portalId, portalId)));
      return updated.length > 0;
    });
  }
}

