// A portal's admins: the HubSpot users who may change its settings, recompute every account and
// uninstall the app. The user who installed the app is the first; admins add the others.
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Orm } from './db.ts';
import { insertAudit } from './audit.ts';
import { portalAdmins } from './schema.ts';
import { checkTenant } from './tenant.ts';

export const AdminUserId = z.string().regex(/^\d{1,20}$/, 'a HubSpot user id (digits)');
/** A Salesforce user id: 15 or 18 characters, starting with 005. */
export const SalesforceUserId = z.string().regex(/^005[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?$/, 'a Salesforce user id (005…)');
const userIdOf = (crm: string) => (crm === 'salesforce' ? SalesforceUserId : AdminUserId);

export interface PortalAdmin {
  userId: string;
  email: string | null;
  addedBy: string;
  addedAt: Date;
}

export type RemoveAdminOutcome = 'removed' | 'not_admin' | 'last_admin';

export class AdminsRepo {
  readonly #orm: Orm;
  constructor(orm: Orm) {
    this.#orm = orm;
  }

  async list(crm: string, portalId: string): Promise<PortalAdmin[]> {
    checkTenant(crm, portalId);
    return this.#orm
      .select({ userId: portalAdmins.userId, email: portalAdmins.email, addedBy: portalAdmins.addedBy, addedAt: portalAdmins.addedAt })
      .from(portalAdmins)
      .where(and(eq(portalAdmins.crm, crm), eq(portalAdmins.portalId, portalId)))
      .orderBy(asc(portalAdmins.addedAt), asc(portalAdmins.userId));
  }

  async isAdmin(crm: string, portalId: string, userId: string): Promise<boolean> {
    checkTenant(crm, portalId);
    const [row] = await this.#orm
      .select({ userId: portalAdmins.userId })
      .from(portalAdmins)
      .where(and(eq(portalAdmins.crm, crm), eq(portalAdmins.portalId, portalId), eq(portalAdmins.userId, userIdOf(crm).parse(userId))));
    return row !== undefined;
  }

  /** Adds an admin (idempotent: an existing one keeps its record) and audits it; true when added now. */
  async add(crm: string, portalId: string, admin: { userId: string; email?: string | null }, actor: string): Promise<boolean> {
    checkTenant(crm, portalId);
    const userId = userIdOf(crm).parse(admin.userId);
    return this.#orm.transaction(async (tx) => {
      const rows = await tx
        .insert(portalAdmins)
        .values({ crm, portalId, userId, email: admin.email ?? null, addedBy: actor })
        .onConflictDoNothing()
        .returning({ userId: portalAdmins.userId });
      if (rows.length > 0) await insertAudit(tx, crm, portalId, { actor, action: 'admin_added', target: `${crm}-user:${userId}`, details: admin.email ? { email: admin.email } : {} });
      return rows.length > 0;
    });
  }

  /** Removes an admin, never the last one (a portal always keeps someone who can manage it). */
  async remove(crm: string, portalId: string, userId: string, actor: string): Promise<RemoveAdminOutcome> {
    checkTenant(crm, portalId);
    const id = userIdOf(crm).parse(userId);
    return this.#orm.transaction(async (tx) => {
      const all = await tx
        .select({ userId: portalAdmins.userId })
        .from(portalAdmins)
        .where(and(eq(portalAdmins.crm, crm), eq(portalAdmins.portalId, portalId)))
        .for('update');
      if (!all.some((a) => a.userId === id)) return 'not_admin';
      if (all.length === 1) return 'last_admin';
      await tx.delete(portalAdmins).where(and(eq(portalAdmins.crm, crm), eq(portalAdmins.portalId, portalId), eq(portalAdmins.userId, id)));
      await insertAudit(tx, crm, portalId, { actor, action: 'admin_removed', target: `${crm}-user:${id}` });
      return 'removed';
    });
  }
}
