// The audit log: who changed what in a portal, and when. Writes that must be audited insert their
// entry through `insertAudit` inside their own transaction.
import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Orm } from './db.ts';
import { auditLog } from './schema.ts';
import { checkTenant } from './tenant.ts';

export const AuditEntryInput = z.object({
  actor: z.string().min(1).max(256),
  action: z.string().min(1).max(128),
  target: z.string().max(512).nullable().optional(),
  details: z.record(z.string(), z.unknown()).default({}),
});
export type AuditEntryInput = z.input<typeof AuditEntryInput>;

export interface AuditEntry {
  id: number;
  at: Date;
  actor: string;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
}

export async function insertAudit(orm: Orm, crm: string, portalId: string, input: AuditEntryInput): Promise<void> {
  checkTenant(crm, portalId);
  const entry = AuditEntryInput.parse(input);
  await orm.insert(auditLog).values({ crm, portalId, actor: entry.actor, action: entry.action, target: entry.target ?? null, details: entry.details });
}

export class AuditRepo {
  readonly #orm: Orm;
  constructor(orm: Orm) {
    this.#orm = orm;
  }

  record(crm: string, portalId: string, entry: AuditEntryInput): Promise<void> {
    return insertAudit(this.#orm, crm, portalId, entry);
  }

  /** Newest first. */
  async list(crm: string, portalId: string, limit = 100): Promise<AuditEntry[]> {
    checkTenant(crm, portalId);
    const rows = await this.#orm
      .select({ id: auditLog.id, at: auditLog.at, actor: auditLog.actor, action: auditLog.action, target: auditLog.target, details: auditLog.details })
      .from(auditLog)
      .where(and(eq(auditLog.crm, crm), eq(auditLog.portalId, portalId)))
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(z.number().int().min(1).max(1000).parse(limit));
    return rows.map((r) => ({ ...r, details: z.record(z.string(), z.unknown()).parse(r.details) }));
  }
}
