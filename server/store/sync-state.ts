// The portfolio sync's checkpoint and own-write memory (server/sync/state.ts) in the database, one
// row per portal, validated with its schema on the way in and out.
import { and, eq, sql } from 'drizzle-orm';
import { SyncState, type SyncStateStore } from '../sync/state.ts';
import type { Orm } from './db.ts';
import { syncState } from './schema.ts';
import { checkTenant } from './tenant.ts';

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
    const value = SyncState.parse(state);
    await this.#orm
      .insert(syncState)
      .values({ crm: this.#crm, portalId: this.#portalId, state: value })
      .onConflictDoUpdate({ target: [syncState.crm, syncState.portalId], set: { state: value, updatedAt: sql`now()` } });
  }
}
