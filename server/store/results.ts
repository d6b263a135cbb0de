// Computed results: the latest per account (with the columns the portfolio sorts on), the history
// of scores, and the CRM write-back queued in the outbox — all saved in one transaction.
import { and, asc, count, desc, eq, ilike, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { AccountResult } from '../domain/result.ts';
import type { Orm, Transaction } from './db.ts';
import { enqueueProperties } from './outbox.ts';
import { accountResults, resultHistory } from './schema.ts';
import { Crm, PortalId, checkTenant } from './tenant.ts';

const Instant = z.union([z.date(), z.iso.datetime({ offset: true })]).transform((v) => new Date(v));

export const AccountContact = z.object({
  id: z.string().min(1),
  name: z.string().nullable(),
  role: z.string(),
  active: z.boolean(),
  lastEngagedAt: z.string().nullable(),
});
export type AccountContact = z.infer<typeof AccountContact>;

export const SaveComputedInput = z.object({
  crm: Crm,
  portalId: PortalId,
  accountId: z.string().min(1),
  accountName: z.string(),
  asOf: Instant,
  computedAt: Instant,
  result: AccountResult,
  /** Only the CRM properties whose value changed; empty → nothing is queued. */
  changedProperties: z.record(z.string().min(1), z.string()),
  /** The renewal date (YYYY-MM-DD); by default derived from `asOf` + `result.risk.daysToRenewal`. */
  renewalDate: z.iso.date().nullable().optional(),
  /** The renewal model the risk was computed with. */
  riskModelVersion: z.string().min(1).max(100).optional(),
  /** The account's ARR as the CRM holds it (null when unknown). */
  arr: z.number().nonnegative().nullable().optional(),
  /** The account's contacts as the engine saw them; shown on the account view. */
  contacts: z.array(AccountContact).max(500).optional(),
  /**
   * Results reconstructed for earlier dates (the same data scored as of then), saved as history
   * marked `reconstructed` — only when the account has no history yet, so it happens once.
   */
  backfill: z
    .array(z.object({ asOf: Instant, robScore: z.number().nullable(), renewalProbability: z.number().nullable(), riskLevel: z.string().nullable() }))
    .max(36)
    .optional(),
});
export type SaveComputedInput = z.input<typeof SaveComputedInput>;

export interface LatestResult {
  accountId: string;
  accountName: string;
  asOf: Date;
  computedAt: Date;
  result: AccountResult;
  /** Null for results saved before contacts were kept. */
  contacts: AccountContact[] | null;
}

export interface HistoryPoint {
  computedAt: Date;
  asOf: Date;
  robScore: number | null;
  renewalProbability: number | null;
  riskLevel: string | null;
  /** Scored afterwards as of this date (backfill), not observed then. */
  reconstructed: boolean;
}

export interface PortfolioItem {
  accountId: string;
  accountName: string;
  asOf: Date;
  computedAt: Date;
  robScore: number | null;
  robTrend: number | null;
  riskLevel: string | null;
  renewalProbability: number | null;
  renewalDate: string | null;
  arr: number | null;
  showStoppers: number;
  status: string;
}

/**
 * `rob` sorts by ROB score, `risk` by renewal probability (asc = riskiest first), `renewal` by
 * renewal date, `name` by account name. Accounts without the value come last either way.
 */
export const PortfolioQuery = z.object({
  sort: z.enum(['rob', 'risk', 'renewal', 'name']).default('rob'),
  order: z.enum(['asc', 'desc']).default('asc'),
  limit: z.number().int().min(1).max(500).default(50),
  offset: z.number().int().min(0).default(0),
  /** Only accounts at this risk level. */
  riskLevel: z.enum(['low', 'medium', 'high']).optional(),
  /** Only accounts whose name contains this text (case-insensitive). */
  nameContains: z.string().min(1).max(100).optional(),
});
export type PortfolioQuery = z.input<typeof PortfolioQuery>;

const DAY_MS = 86_400_000;

function derivedRenewalDate(asOf: Date, result: AccountResult): string | null {
  const days = result.risk.daysToRenewal;
  return days === null ? null : new Date(asOf.getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

const SORT_COLUMNS: Record<z.infer<typeof PortfolioQuery>['sort'], AnyPgColumn> = {
  rob: accountResults.robScore,
  risk: accountResults.renewalProbability,
  renewal: accountResults.renewalDate,
  name: accountResults.accountName,
};

const summary = {
  accountId: accountResults.accountId,
  accountName: accountResults.accountName,
  asOf: accountResults.asOf,
  computedAt: accountResults.computedAt,
  robScore: accountResults.robScore,
  robTrend: accountResults.robTrend,
  riskLevel: accountResults.riskLevel,
  renewalProbability: accountResults.renewalProbability,
  renewalDate: accountResults.renewalDate,
  arr: accountResults.arr,
  showStoppers: accountResults.showStoppers,
  status: accountResults.status,
};

export class ResultsRepo {
  readonly #orm: Orm;
  constructor(orm: Orm) {
    this.#orm = orm;
  }

  /**
   * Latest result upsert + history row + outbox merge (when properties changed), atomically.
   * `onQueued` runs inside the same transaction when a write was queued: the drain job is sent
   * there, so it exists exactly when the outbox row does.
   */
  async saveComputed(input: SaveComputedInput, onQueued?: (tx: Transaction) => Promise<void>): Promise<{ outboxId: number | null }> {
    const v = SaveComputedInput.parse(input);
    const { crm, portalId, accountId, result } = v;
    const columns = {
      accountName: v.accountName,
      asOf: v.asOf,
      computedAt: v.computedAt,
      robScore: result.rob.score,
      robTrend: result.rob.trend30d,
      riskLevel: result.risk.level,
      renewalProbability: result.risk.renewalProbability,
      renewalDate: v.renewalDate !== undefined ? v.renewalDate : derivedRenewalDate(v.asOf, result),
      arr: v.arr ?? null,
      contacts: v.contacts ?? null,
      showStoppers: result.plan.showStoppers.length,
      status: result.status,
      result,
      riskModelVersion: v.riskModelVersion ?? null,
    };
    return this.#orm.transaction(async (tx) => {
      if (v.backfill?.length) {
        const [existing] = await tx
          .select({ n: count() })
          .from(resultHistory)
          .where(and(eq(resultHistory.crm, crm), eq(resultHistory.portalId, portalId), eq(resultHistory.accountId, accountId)));
        if ((existing?.n ?? 0) === 0) {
          await tx.insert(resultHistory).values(v.backfill.map((b) => ({ crm, portalId, accountId, computedAt: b.asOf, asOf: b.asOf, robScore: b.robScore, renewalProbability: b.renewalProbability, riskLevel: b.riskLevel, reconstructed: true })));
        }
      }
      await tx
        .insert(accountResults)
        .values({ crm, portalId, accountId, ...columns })
        .onConflictDoUpdate({ target: [accountResults.crm, accountResults.portalId, accountResults.accountId], set: columns });
      await tx.insert(resultHistory).values({
        crm,
        portalId,
        accountId,
        computedAt: v.computedAt,
        asOf: v.asOf,
        robScore: columns.robScore,
        renewalProbability: columns.renewalProbability,
        riskLevel: columns.riskLevel,
      });
      const outboxId = Object.keys(v.changedProperties).length > 0 ? await enqueueProperties(tx, crm, portalId, accountId, v.changedProperties) : null;
      if (outboxId !== null) await onQueued?.(tx);
      return { outboxId };
    });
  }

  async getLatest(crm: string, portalId: string, accountId: string): Promise<LatestResult | null> {
    checkTenant(crm, portalId);
    const [row] = await this.#orm
      .select({ accountId: accountResults.accountId, accountName: accountResults.accountName, asOf: accountResults.asOf, computedAt: accountResults.computedAt, result: accountResults.result, contacts: accountResults.contacts })
      .from(accountResults)
      .where(and(eq(accountResults.crm, crm), eq(accountResults.portalId, portalId), eq(accountResults.accountId, accountId)));
    if (!row) return null;
    const contacts = z.array(AccountContact).safeParse(row.contacts);
    return { ...row, result: AccountResult.parse(row.result), contacts: contacts.success ? contacts.data : null };
  }

  /** The last `limit` computations of an account, oldest first. */
  async getHistory(crm: string, portalId: string, accountId: string, limit = 90): Promise<HistoryPoint[]> {
    checkTenant(crm, portalId);
    const rows = await this.#orm
      .select({ computedAt: resultHistory.computedAt, asOf: resultHistory.asOf, robScore: resultHistory.robScore, renewalProbability: resultHistory.renewalProbability, riskLevel: resultHistory.riskLevel, reconstructed: resultHistory.reconstructed })
      .from(resultHistory)
      .where(and(eq(resultHistory.crm, crm), eq(resultHistory.portalId, portalId), eq(resultHistory.accountId, accountId)))
      .orderBy(desc(resultHistory.computedAt), desc(resultHistory.id))
      .limit(z.number().int().min(1).max(10_000).parse(limit));
    return rows.reverse();
  }

  async listPortfolio(crm: string, portalId: string, query: PortfolioQuery = {}): Promise<{ items: PortfolioItem[]; total: number }> {
    checkTenant(crm, portalId);
    const q = PortfolioQuery.parse(query);
    const column = SORT_COLUMNS[q.sort];
    // Matches the indexes: value (nulls last) then id ascending; name has no nulls, so desc is a backward scan.
    const order: SQL[] =
      q.sort === 'name'
        ? q.order === 'asc'
          ? [asc(column), asc(accountResults.accountId)]
          : [desc(column), desc(accountResults.accountId)]
        : [q.order === 'asc' ? sql`${column} asc nulls last` : sql`${column} desc nulls last`, asc(accountResults.accountId)];
    const pattern = q.nameContains === undefined ? undefined : `%${q.nameContains.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const where = and(
      eq(accountResults.crm, crm),
      eq(accountResults.portalId, portalId),
      q.riskLevel === undefined ? undefined : eq(accountResults.riskLevel, q.riskLevel),
      pattern === undefined ? undefined : ilike(accountResults.accountName, pattern),
    );
    const [items, [totalRow]] = await Promise.all([
      this.#orm.select(summary).from(accountResults).where(where).orderBy(...order).limit(q.limit).offset(q.offset),
      this.#orm.select({ n: count() }).from(accountResults).where(where),
    ]);
    return { items, total: Number(totalRow?.n ?? 0) };
  }

  /** Whether any history (observed or reconstructed) exists for the account. */
  async hasHistory(crm: string, portalId: string, accountId: string): Promise<boolean> {
    checkTenant(crm, portalId);
    const [row] = await this.#orm
      .select({ id: resultHistory.id })
      .from(resultHistory)
      .where(and(eq(resultHistory.crm, crm), eq(resultHistory.portalId, portalId), eq(resultHistory.accountId, accountId)))
      .limit(1);
    return row !== undefined;
  }

  /**
   * How far recomputing with the model `version` has got: the accounts with a result, how many of
   * them were computed with it, and when the newest of those was.
   */
  async modelUse(crm: string, portalId: string, version: string): Promise<{ accounts: number; current: number; lastComputedAt: Date | null }> {
    checkTenant(crm, portalId);
    const withVersion = sql`${accountResults.riskModelVersion} = ${version}`;
    const [row] = await this.#orm
      .select({
        accounts: count(),
        current: sql<number>`count(*) filter (where ${withVersion})`.mapWith(Number),
        last: sql<string | null>`max(${accountResults.computedAt}) filter (where ${withVersion})`,
      })
      .from(accountResults)
      .where(and(eq(accountResults.crm, crm), eq(accountResults.portalId, portalId)));
    return { accounts: row?.accounts ?? 0, current: row?.current ?? 0, lastComputedAt: row?.last ? new Date(row.last) : null };
  }

  async count(crm: string, portalId: string): Promise<number> {
    checkTenant(crm, portalId);
    const [row] = await this.#orm
      .select({ n: count() })
      .from(accountResults)
      .where(and(eq(accountResults.crm, crm), eq(accountResults.portalId, portalId)));
    return row?.n ?? 0;
  }
}
