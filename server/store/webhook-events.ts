// De-duplication of webhook deliveries: the CRM may deliver an event more than once; only the
// first delivery of an event id is handled. Ids are kept for a while, then pruned.
import { lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Orm } from './db.ts';
import { webhookEvents } from './schema.ts';
import { Crm } from './tenant.ts';

const EventIds = z.array(z.string().min(1).max(256)).max(10_000);

export class WebhookEventsRepo {
  readonly #orm: Orm;
  constructor(orm: Orm) {
    this.#orm = orm;
  }

  /**
   * Records the ids and returns those not seen before (in the order given, each once). Pass the
   * transaction that also queues the events' jobs (`tx`), so an id is claimed only if its job exists.
   */
  async claimNew(crm: string, ids: readonly string[], tx?: Orm): Promise<string[]> {
    Crm.parse(crm);
    const unique = [...new Set(EventIds.parse(ids))];
    if (unique.length === 0) return [];
    const rows = await (tx ?? this.#orm)
      .insert(webhookEvents)
      .values(unique.map((eventId) => ({ crm, eventId })))
      .onConflictDoNothing()
      .returning({ eventId: webhookEvents.eventId });
    const fresh = new Set(rows.map((r) => r.eventId));
    return unique.filter((id) => fresh.has(id));
  }

  /** Forgets ids received before `olderThan`; returns how many. */
  async prune(olderThan: Date): Promise<number> {
    const rows = await this.#orm.delete(webhookEvents).where(lt(webhookEvents.receivedAt, olderThan)).returning({ n: sql<number>`1` });
    return rows.length;
  }
}
