// A portal's renewal-model data: the backtest rows of its accounts and the past renewals their
// backtests had to skip, with the reason (both refreshed together at each scoring), and the models
// fitted on the rows, versioned, at most one active. No active model: the global one.
import { and, asc, desc, eq, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import { SKIP_REASONS, type SkipReason } from '../domain/backtest.ts';
import type { Orm } from './db.ts';
import { insertAudit } from './audit.ts';
import { backtestRows, backtestSkips, riskModels } from './schema.ts';
import { checkTenant } from './tenant.ts';

export interface StoredBacktestRow {
  accountId: string;
  renewalId: string;
  closeDate: string;
  at: string;
  renewed: boolean;
  x: Record<string, number>;
  marks: string[];
}

/** A past renewal the account's backtest could not score honestly, and why. */
export interface StoredSkippedRenewal {
  accountId: string;
  renewalId: string;
  reason: SkipReason;
}

/** An account's backtest as stored: its scored renewals and the ones it skipped. */
export interface AccountBacktestEntry {
  rows: readonly Omit<StoredBacktestRow, 'accountId'>[];
  skipped: readonly Omit<StoredSkippedRenewal, 'accountId'>[];
}

export interface StoredRiskModel {
  version: string;
  calibration: unknown;
  report: unknown;
  rowsDigest: string;
  active: boolean;
  fittedAt: Date;
}

const X = z.record(z.string(), z.number());
const Reason = z.enum(SKIP_REASONS);

/** The active row that records an admin's choice of the global model. */
export const PINNED_GLOBAL = 'admin-default';

export class RiskModelsRepo {
  readonly #orm: Orm;
  constructor(orm: Orm) {
    this.#orm = orm;
  }

  /**
   * Replaces an account's backtest rows and skipped renewals with these, in one transaction (an
   * account with no past renewals has neither).
   */
  async replaceBacktest(crm: string, portalId: string, accountId: string, entry: AccountBacktestEntry): Promise<void> {
    checkTenant(crm, portalId);
    const { rows, skipped } = entry;
    await this.#orm.transaction(async (tx) => {
      await tx.delete(backtestRows).where(and(eq(backtestRows.crm, crm), eq(backtestRows.portalId, portalId), eq(backtestRows.accountId, accountId)));
      await tx.delete(backtestSkips).where(and(eq(backtestSkips.crm, crm), eq(backtestSkips.portalId, portalId), eq(backtestSkips.accountId, accountId)));
      if (rows.length > 0) await tx.insert(backtestRows).values(rows.map((r) => ({ crm, portalId, accountId, renewalId: r.renewalId, closeDate: r.closeDate.slice(0, 10), at: new Date(r.at), renewed: r.renewed, x: X.parse(r.x), marks: r.marks })));
      if (skipped.length > 0) await tx.insert(backtestSkips).values(skipped.map((r) => ({ crm, portalId, accountId, renewalId: r.renewalId, reason: Reason.parse(r.reason) })));
    });
  }

  /** Every backtest row of the portal, oldest renewal first. */
  async rows(crm: string, portalId: string): Promise<StoredBacktestRow[]> {
    checkTenant(crm, portalId);
    const rows = await this.#orm
      .select()
      .from(backtestRows)
      .where(and(eq(backtestRows.crm, crm), eq(backtestRows.portalId, portalId)))
      .orderBy(asc(backtestRows.closeDate), asc(backtestRows.accountId), asc(backtestRows.renewalId));
    return rows.map((r) => ({ accountId: r.accountId, renewalId: r.renewalId, closeDate: r.closeDate, at: r.at.toISOString(), renewed: r.renewed, x: X.parse(r.x), marks: r.marks }));
  }

  /** Every renewal the portal's backtests skipped, with the reason, by account and renewal. */
  async skipped(crm: string, portalId: string): Promise<StoredSkippedRenewal[]> {
    checkTenant(crm, portalId);
    const rows = await this.#orm
      .select()
      .from(backtestSkips)
      .where(and(eq(backtestSkips.crm, crm), eq(backtestSkips.portalId, portalId)))
      .orderBy(asc(backtestSkips.accountId), asc(backtestSkips.renewalId));
    return rows.map((r) => ({ accountId: r.accountId, renewalId: r.renewalId, reason: Reason.parse(r.reason) }));
  }

  /** The newest fitted model (active or not), to tell whether the history changed since. */
  async latestFit(crm: string, portalId: string): Promise<StoredRiskModel | null> {
    checkTenant(crm, portalId);
    const [row] = await this.#orm
      .select()
      .from(riskModels)
      .where(and(eq(riskModels.crm, crm), eq(riskModels.portalId, portalId), ne(riskModels.version, PINNED_GLOBAL)))
      .orderBy(desc(riskModels.fittedAt), desc(riskModels.version))
      .limit(1);
    return row ? toStored(row) : null;
  }

  async active(crm: string, portalId: string): Promise<StoredRiskModel | null> {
    checkTenant(crm, portalId);
    const [row] = await this.#orm
      .select()
      .from(riskModels)
      .where(and(eq(riskModels.crm, crm), eq(riskModels.portalId, portalId), eq(riskModels.active, true)));
    return row ? toStored(row) : null;
  }

  /** Saves a fitted model; `activate` makes it the portal's model (the previous one steps down). */
  async save(crm: string, portalId: string, entry: Omit<StoredRiskModel, 'active' | 'fittedAt'>, activate: boolean): Promise<void> {
    checkTenant(crm, portalId);
    await this.#orm.transaction(async (tx) => {
      if (activate) await tx.update(riskModels).set({ active: false }).where(and(eq(riskModels.crm, crm), eq(riskModels.portalId, portalId), eq(riskModels.active, true)));
      await tx.insert(riskModels).values({ crm, portalId, version: entry.version, calibration: entry.calibration, report: entry.report, rowsDigest: entry.rowsDigest, active: activate });
    });
  }

  /** How many models the portal has had (for the next version number). */
  async count(crm: string, portalId: string): Promise<number> {
    checkTenant(crm, portalId);
    const [row] = await this.#orm
      .select({ n: sql<number>`count(*)::int` })
      .from(riskModels)
      .where(and(eq(riskModels.crm, crm), eq(riskModels.portalId, portalId), ne(riskModels.version, PINNED_GLOBAL)));
    return row?.n ?? 0;
  }

  /**
   * Which model the portal uses: a fitted `version`, the global one pinned by an admin
   * (`PINNED_GLOBAL`, which later fits do not replace), or null (global until the next fit). Audited.
   */
  async activate(crm: string, portalId: string, version: string | null, actor: string): Promise<void> {
    checkTenant(crm, portalId);
    await this.#orm.transaction(async (tx) => {
      await tx.update(riskModels).set({ active: false }).where(and(eq(riskModels.crm, crm), eq(riskModels.portalId, portalId), eq(riskModels.active, true)));
      if (version === PINNED_GLOBAL) {
        await tx
          .insert(riskModels)
          .values({ crm, portalId, version, calibration: {}, report: {}, rowsDigest: '', active: true })
          .onConflictDoUpdate({ target: [riskModels.crm, riskModels.portalId, riskModels.version], set: { active: true, fittedAt: sql`now()` } });
      } else if (version !== null) {
        await tx.update(riskModels).set({ active: true }).where(and(eq(riskModels.crm, crm), eq(riskModels.portalId, portalId), eq(riskModels.version, version)));
      }
      await insertAudit(tx, crm, portalId, { actor, action: 'risk_model_chosen', target: version ?? 'global' });
    });
  }
}

function toStored(row: typeof riskModels.$inferSelect): StoredRiskModel {
  return { version: row.version, calibration: row.calibration, report: row.report, rowsDigest: row.rowsDigest, active: row.active, fittedAt: row.fittedAt };
}
