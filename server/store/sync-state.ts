// The portfolio sync's checkpoint and own-write memory (server/sync/state.ts) in the database, one
// row per portal, validated with its schema on the way in and out. The outbox drain records its
// writes here too, concurrently with a sync that holds an older copy of the state: own writes are
// therefore merged in SQL (per account, the latest modification time wins), never overwritten.
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { emptyState, SyncState, type SyncStateStore } from '../sync/state.ts';
import type { Orm } from './db.ts';
import { syncState } from './schema.ts';
import { checkTenant } from './tenant.ts';

const OwnWrites = z.array(z.object({ accountId: z.string().min(1), modifiedAtMs: z.number().finite() })).max(10_000);

export class DbSyncStateStore implements SyncStateStore {
  readonly #orm: Orm;
  readonly #crm: string;
  readonly #portalId: string;

  constructor(orm: Orm, crm: string, portalId: string) {
    checkTenant(crm, portalId);
    this.#orm = orm;
    this.#crm = crm;
    this.#portalId = portalId;
  }

  async load(): Promise<SyncState | null> {
    const [row] = await this.#orm
      .select({ state: syncState.state })
      .from(syncState)
      .where(and(eq(syncState.crm, this.#crm), eq(syncState.portalId, this.#portalId)));
    if (!row) return null;
    const parsed = SyncState.safeParse(row.state);
    if (!parsed.success) throw new Error(`sync state of ${this.#crm} portal ${this.#portalId} is not valid (${parsed.error.issues[0]?.message}); delete its sync_state row to start afresh`);
    return parsed.data;
  }

  async save(state: SyncState): Promise<void> {
    await this.#upsert(SyncState.parse(state), false);
  }

  /** Remembers records we wrote (account id → the modification time our write produced). */
  async recordOwnWrites(writes: ReadonlyArray<{ accountId: string; modifiedAtMs: number }>): Promise<void> {
    const list = OwnWrites.parse(writes);
    if (list.length === 0) return;
    await this.#upsert({ ...emptyState(this.#crm, this.#portalId), ownWrites: Object.fromEntries(list.map((w) => [w.accountId, w.modifiedAtMs])) }, true);
  }

  async #upsert(value: SyncState, ownWritesOnly: boolean): Promise<void> {
    const merged = sql`(select coalesce(jsonb_object_agg(k, m), '{}'::jsonb) from (
        select key as k, max(value::text::numeric) as m
          from (select * from jsonb_each(coalesce(${syncState.state} -> 'ownWrites', '{}'::jsonb)) union all select * from jsonb_each(excluded.state -> 'ownWrites')) u
         group by key) g)`;
    await this.#orm
      .insert(syncState)
      .values({ crm: this.#crm, portalId: this.#portalId, state: value })
      .onConflictDoUpdate({
        target: [syncState.crm, syncState.portalId],
        // A drain's record changes only ownWrites; a sync's save replaces the rest of the state.
        set: { state: sql`jsonb_set(${ownWritesOnly ? syncState.state : sql`excluded.state`}, '{ownWrites}', ${merged})`, updatedAt: sql`now()` },
      });
  }
}
