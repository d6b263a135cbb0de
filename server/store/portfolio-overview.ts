// Read-only figures about a whole portfolio, aggregated in the database: the headline numbers, the
// renewals per month and risk level, the ROB distribution, and how far the sync and the write-back
// have got. The console's overview and progress read these; nothing here writes.
import { and, count, desc, eq, gte, isNotNull, lt, max, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Orm } from './db.ts';
import { SyncState } from '../sync/state.ts';
import { accountResults, outbox, syncState } from './schema.ts';
import { checkTenant } from './tenant.ts';

export const RISK_KEYS = ['high', 'medium', 'low', 'unknown'] as const;
export type RiskKey = (typeof RISK_KEYS)[number];

export const OverviewQuery = z.object({
  /** Today (YYYY-MM-DD): the start of "the next 90 days" and of the renewal months. */
  today: z.iso.date(),
  /** Calendar months of renewals, starting with today's. */
  months: z.number().int().min(1).max(36).default(12),
});
export type OverviewQuery = z.input<typeof OverviewQuery>;

export interface RiskFigures {
  accounts: number;
  arr: number;
}

export interface PortfolioOverview {
  accounts: number;
  /** Sum of the ARR the CRM holds; `accountsWithArr` says how many accounts that covers. */
  arr: number;
  accountsWithArr: number;
  /** The currency most results are in (the portal's), null for an empty portfolio. */
  currency: string | null;
  byRisk: Record<RiskKey, RiskFigures>;
  next90Days: RiskFigures;
  /** One entry per month (YYYY-MM), every month present, oldest first. */
  renewals: Array<{ month: string; byRisk: Record<RiskKey, RiskFigures> }>;
  /** Ten buckets of ten points (the last holds 90–100), plus accounts without a score. */
  robBuckets: Array<{ from: number; to: number; accounts: number }>;
  unscored: number;
}

export interface PortfolioProgress {
  /** A sync has a run in progress, or none has ever completed. */
  syncing: boolean;
  mode: 'full' | 'incremental' | 'accounts' | null;
  /** Accounts the running sync has read so far (0 when none runs). */
  read: number;
  scored: number;
  /** The newest result's computation time: a change means rows to refresh. */
  lastComputedAt: string | null;
  /** Scored accounts whose results HubSpot holds (no write pending or failed). */
  written: number;
  pendingWrites: number;
  failedWrites: number;
  /** When the last completed sync started. */
  lastSyncStartedAt: string | null;
}

const riskKey = (level: string | null): RiskKey => (level === 'high' || level === 'medium' || level === 'low' ? level : 'unknown');
const emptyByRisk = (): Record<RiskKey, RiskFigures> => ({ high: { accounts: 0, arr: 0 }, medium: { accounts: 0, arr: 0 }, low: { accounts: 0, arr: 0 }, unknown: { accounts: 0, arr: 0 } });

function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return d.toISOString().slice(0, 7);
}

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

export class PortfolioOverviewRepo {
  readonly #orm: Orm;
  constructor(orm: Orm) {
    this.#orm = orm;
  }

  async overview(crm: string, portalId: string, query: OverviewQuery): Promise<PortfolioOverview> {
    checkTenant(crm, portalId);
    const q = OverviewQuery.parse(query);
    const tenant = and(eq(accountResults.crm, crm), eq(accountResults.portalId, portalId));
    const firstMonth = q.today.slice(0, 7);
    const from = `${firstMonth}-01`;
    const until = `${addMonths(firstMonth, q.months)}-01`;
    const arrSum = sql<number>`coalesce(sum(${accountResults.arr}), 0)`.mapWith(Number);
    const month = sql<string>`to_char(${accountResults.renewalDate}, 'YYYY-MM')`;
    const bucket = sql<number>`least(floor(${accountResults.robScore} / 10), 9)`.mapWith(Number);

    const currencyOf = sql<string | null>`${accountResults.result}->'savings'->>'currency'`;
    const [totals, soon, renewals, buckets, currencies] = await Promise.all([
      this.#orm.select({ risk: accountResults.riskLevel, accounts: count(), withArr: count(accountResults.arr), arr: arrSum }).from(accountResults).where(tenant).groupBy(accountResults.riskLevel),
      this.#orm
        .select({ accounts: count(), arr: arrSum })
        .from(accountResults)
        .where(and(tenant, gte(accountResults.renewalDate, q.today), lt(accountResults.renewalDate, addDays(q.today, 90)))),
      this.#orm
        .select({ month, risk: accountResults.riskLevel, accounts: count(), arr: arrSum })
        .from(accountResults)
        .where(and(tenant, gte(accountResults.renewalDate, from), lt(accountResults.renewalDate, until)))
        .groupBy(month, accountResults.riskLevel),
      this.#orm.select({ bucket, accounts: count() }).from(accountResults).where(and(tenant, isNotNull(accountResults.robScore))).groupBy(bucket),
      this.#orm.select({ currency: currencyOf, accounts: count() }).from(accountResults).where(tenant).groupBy(currencyOf).orderBy(desc(count())).limit(1),
    ]);

    const byRisk = emptyByRisk();
    let accounts = 0;
    let arr = 0;
    let accountsWithArr = 0;
    for (const t of totals) {
      const k = riskKey(t.risk);
      byRisk[k].accounts += t.accounts;
      byRisk[k].arr += t.arr;
      accounts += t.accounts;
      arr += t.arr;
      accountsWithArr += t.withArr;
    }
    const months = Array.from({ length: q.months }, (_, i) => ({ month: addMonths(firstMonth, i), byRisk: emptyByRisk() }));
    for (const r of renewals) {
      const entry = months.find((m) => m.month === r.month);
      if (!entry) continue;
      const k = riskKey(r.risk);
      entry.byRisk[k].accounts += r.accounts;
      entry.byRisk[k].arr += r.arr;
    }
    const robBuckets = Array.from({ length: 10 }, (_, i) => ({ from: i * 10, to: i === 9 ? 100 : i * 10 + 9, accounts: buckets.find((b) => b.bucket === i)?.accounts ?? 0 }));
    const scored = robBuckets.reduce((n, b) => n + b.accounts, 0);
    return { accounts, arr, accountsWithArr, currency: currencies[0]?.currency ?? null, byRisk, next90Days: { accounts: soon[0]?.accounts ?? 0, arr: soon[0]?.arr ?? 0 }, renewals: months, robBuckets, unscored: accounts - scored };
  }

  async progress(crm: string, portalId: string): Promise<PortfolioProgress> {
    checkTenant(crm, portalId);
    const [[scoredRow], writes, [stateRow]] = await Promise.all([
      this.#orm
        .select({ n: count(), last: max(accountResults.computedAt) })
        .from(accountResults)
        .where(and(eq(accountResults.crm, crm), eq(accountResults.portalId, portalId))),
      this.#orm
        .select({ status: outbox.status, accounts: sql<number>`count(distinct ${outbox.accountId})`.mapWith(Number) })
        .from(outbox)
        .where(and(eq(outbox.crm, crm), eq(outbox.portalId, portalId), sql`${outbox.status} in ('pending', 'failed')`))
        .groupBy(outbox.status),
      this.#orm
        .select({ state: syncState.state })
        .from(syncState)
        .where(and(eq(syncState.crm, crm), eq(syncState.portalId, portalId))),
    ]);
    const parsed = stateRow ? SyncState.safeParse(stateRow.state) : null;
    const state = parsed?.success ? parsed.data : null;
    const scored = scoredRow?.n ?? 0;
    const pendingWrites = writes.find((w) => w.status === 'pending')?.accounts ?? 0;
    const failedWrites = writes.find((w) => w.status === 'failed')?.accounts ?? 0;
    const run = state?.run ?? null;
    return {
      syncing: run !== null || state?.lastCompletedStartMs == null,
      mode: run?.mode ?? null,
      read: run?.accountsRead ?? 0,
      scored,
      lastComputedAt: scoredRow?.last ? new Date(scoredRow.last).toISOString() : null,
      written: Math.max(0, scored - pendingWrites - failedWrites),
      pendingWrites,
      failedWrites,
      lastSyncStartedAt: state?.lastCompletedStartMs == null ? null : new Date(state.lastCompletedStartMs).toISOString(),
    };
  }
}
