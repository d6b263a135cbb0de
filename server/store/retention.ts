// How long the sidecar keeps what piles up, and the pruning the `prune-retention` job runs daily.
// Result history is kept as daily points: older than today, only the last computation of each
// account per (UTC) day stays, for `historyDays`; the audit log for `auditDays`; delivered outbox
// rows and webhook event ids (de-duplication) for their windows. Failed and pending outbox rows
// are never pruned: they are work, not history.
import { and, eq, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Orm } from './db.ts';
import { auditLog, outbox, resultHistory, webhookEvents } from './schema.ts';

const Days = z.number().int().min(1).max(36_500);

export const RetentionWindows = z.object({
  historyDays: Days.default(730),
  auditDays: Days.default(365),
  deliveredOutboxDays: Days.default(30),
  webhookEventDays: Days.default(30),
});
export type RetentionWindows = z.infer<typeof RetentionWindows>;

export interface RetentionReport {
  /** History rows past the window. */
  historyExpired: number;
  /** Earlier same-day history rows folded into the day's last point. */
  historyCompacted: number;
  audit: number;
  deliveredOutbox: number;
  webhookEvents: number;
}

const daysAgo = (days: number) => sql`now() - make_interval(days => ${days})`;

export async function pruneRetention(orm: Orm, input: z.input<typeof RetentionWindows> = {}): Promise<RetentionReport> {
  const w = RetentionWindows.parse(input);
  const ids = { id: sql<number>`1` };
  const historyExpired = await orm.delete(resultHistory).where(lt(resultHistory.computedAt, daysAgo(w.historyDays))).returning(ids);
  const day = sql`(${resultHistory.computedAt} at time zone 'UTC')::date`;
  const historyCompacted = await orm.delete(resultHistory).where(
    sql`${resultHistory.id} in (
      select id from (
        select ${resultHistory.id} as id, row_number() over (partition by ${resultHistory.crm}, ${resultHistory.portalId}, ${resultHistory.accountId}, ${day} order by ${resultHistory.computedAt} desc, ${resultHistory.id} desc) as n
          from ${resultHistory}
         where ${day} < (now() at time zone 'UTC')::date
      ) ranked where n > 1)`,
  ).returning(ids);
  const audit = await orm.delete(auditLog).where(lt(auditLog.at, daysAgo(w.auditDays))).returning(ids);
  const delivered = await orm.delete(outbox).where(and(eq(outbox.status, 'delivered'), lt(outbox.deliveredAt, daysAgo(w.deliveredOutboxDays)))).returning(ids);
  const events = await orm.delete(webhookEvents).where(lt(webhookEvents.receivedAt, daysAgo(w.webhookEventDays))).returning(ids);
  return { historyExpired: historyExpired.length, historyCompacted: historyCompacted.length, audit: audit.length, deliveredOutbox: delivered.length, webhookEvents: events.length };
}
