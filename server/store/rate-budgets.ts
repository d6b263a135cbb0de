// The shared rate budgets (see server/crm/shared-limiter.ts) in Postgres: one row per portal and
// bucket, read `FOR UPDATE` so the decision and its write happen under the row lock, with the
// database's clock so every process measures the window alike.
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { BudgetStore } from '../crm/shared-limiter.ts';
import type { WindowState } from '../crm/limiter.ts';
import type { Orm } from './db.ts';
import { rateBudgets } from './schema.ts';
import { checkTenant } from './tenant.ts';

const Bucket = z.string().min(1).max(64);

export class RateBudgetsRepo {
  readonly #orm: Orm;
  constructor(orm: Orm) {
    this.#orm = orm;
  }

  /** The budget store of one portal. */
  forPortal(crm: string, portalId: string): BudgetStore {
    checkTenant(crm, portalId);
    return { update: (bucket, decide) => this.#update(crm, portalId, Bucket.parse(bucket), decide) };
  }

  async #update<T>(crm: string, portalId: string, bucket: string, decide: (state: WindowState, nowMs: number) => { state: WindowState; result: T }): Promise<T> {
    const key = and(eq(rateBudgets.crm, crm), eq(rateBudgets.portalId, portalId), eq(rateBudgets.bucket, bucket));
    return this.#orm.transaction(async (tx) => {
      const lock = () =>
        tx
          .select({ starts: rateBudgets.starts, pausedUntil: rateBudgets.pausedUntil, now: sql<number>`(extract(epoch from clock_timestamp()) * 1000)::float8` })
          .from(rateBudgets)
          .where(key)
          .for('update');
      let [row] = await lock();
      if (!row) {
        await tx.insert(rateBudgets).values({ crm, portalId, bucket }).onConflictDoNothing();
        [row] = await lock();
      }
      const before: WindowState = { starts: row!.starts.map(Number), pausedUntil: Number(row!.pausedUntil) };
      const { state, result } = decide(before, Number(row!.now));
      const changed = state.pausedUntil !== before.pausedUntil || state.starts.length !== before.starts.length || state.starts.some((t, i) => t !== before.starts[i]);
      if (changed) await tx.update(rateBudgets).set({ starts: state.starts, pausedUntil: state.pausedUntil, updatedAt: sql`now()` }).where(key);
      return result;
    });
  }
}
