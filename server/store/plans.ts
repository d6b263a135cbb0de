// Success plans edited by people in the CRM card: a version number per account plan, saved with
// compare-and-set (a stale editor gets the current plan back instead of overwriting it), every
// version kept in plan_versions and audited — in one transaction.
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { Objective } from '../domain/snapshot.ts';
import type { Orm, Transaction } from './db.ts';
import { insertAudit } from './audit.ts';
import { planVersions, successPlans } from './schema.ts';
import { checkTenant } from './tenant.ts';

/** A plan's objectives: the snapshot's Objective shape (its `id` is the stable id), ids unique. */
export const PlanObjectives = z
  .array(Objective)
  .max(100)
  .refine((list) => new Set(list.map((o) => o.id)).size === list.length, 'objective ids must be unique');
export type PlanObjective = Objective;

export interface SuccessPlan {
  /** 0 when the account has no saved plan yet. */
  version: number;
  objectives: PlanObjective[];
  updatedBy: string | null;
  updatedAt: Date | null;
}

export const SavePlanInput = z.object({
  expectedVersion: z.number().int().min(0),
  objectives: PlanObjectives,
  actor: z.string().min(1).max(256),
});
export type SavePlanInput = z.input<typeof SavePlanInput>;

export type SavePlanResult = { ok: true; plan: SuccessPlan } | { ok: false; current: SuccessPlan };

const EMPTY: SuccessPlan = { version: 0, objectives: [], updatedBy: null, updatedAt: null };

export class PlansRepo {
  readonly #orm: Orm;
  constructor(orm: Orm) {
    this.#orm = orm;
  }

  async get(crm: string, portalId: string, accountId: string): Promise<SuccessPlan> {
    checkTenant(crm, portalId);
    const [row] = await this.#orm
      .select()
      .from(successPlans)
      .where(and(eq(successPlans.crm, crm), eq(successPlans.portalId, portalId), eq(successPlans.accountId, accountId)));
    return row ? { version: row.version, objectives: PlanObjectives.parse(row.objectives), updatedBy: row.updatedBy, updatedAt: row.updatedAt } : { ...EMPTY };
  }

  /**
   * Saves when the stored version is still `expectedVersion` (0: no plan yet); otherwise returns
   * the current plan. `onSaved` runs inside the transaction of a save (the recompute it calls for
   * is sent there, so an edited plan never lacks its job).
   */
  async save(crm: string, portalId: string, accountId: string, input: SavePlanInput, onSaved?: (tx: Transaction) => Promise<void>): Promise<SavePlanResult> {
    checkTenant(crm, portalId);
    const { expectedVersion, objectives, actor } = SavePlanInput.parse(input);
    const saved = await this.#orm.transaction(async (tx) => {
      const key = and(eq(successPlans.crm, crm), eq(successPlans.portalId, portalId), eq(successPlans.accountId, accountId));
      const rows =
        expectedVersion === 0
          ? await tx.insert(successPlans).values({ crm, portalId, accountId, version: 1, objectives, updatedBy: actor }).onConflictDoNothing().returning()
          : await tx
              .update(successPlans)
              .set({ version: sql`${successPlans.version} + 1`, objectives, updatedBy: actor, updatedAt: sql`now()` })
              .where(and(key, eq(successPlans.version, expectedVersion)))
              .returning();
      const row = rows[0];
      if (!row) return null;
      await tx.insert(planVersions).values({ crm, portalId, accountId, version: row.version, objectives, savedBy: actor, savedAt: row.updatedAt });
      await insertAudit(tx, crm, portalId, { actor, action: 'plan.save', target: accountId, details: { version: row.version, objectives: objectives.length } });
      await onSaved?.(tx);
      return { version: row.version, objectives, updatedBy: row.updatedBy, updatedAt: row.updatedAt };
    });
    return saved ? { ok: true, plan: saved } : { ok: false, current: await this.get(crm, portalId, accountId) };
  }

  /** Every saved version, newest first: the edit history of the plan. */
  async versions(crm: string, portalId: string, accountId: string, limit = 50): Promise<Array<{ version: number; objectives: PlanObjective[]; savedBy: string; savedAt: Date }>> {
    checkTenant(crm, portalId);
    const rows = await this.#orm
      .select()
      .from(planVersions)
      .where(and(eq(planVersions.crm, crm), eq(planVersions.portalId, portalId), eq(planVersions.accountId, accountId)))
      .orderBy(sql`${planVersions.version} desc`)
      .limit(limit);
    return rows.map((r) => ({ version: r.version, objectives: PlanObjectives.parse(r.objectives), savedBy: r.savedBy, savedAt: r.savedAt }));
  }
}
