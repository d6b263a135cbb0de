// Each portal's renewal model, learned from its own renewals. Whenever an account is scored its
// past renewals are backtested honestly (as of a horizon before each close date, server/domain/
// backtest.ts) and the rows stored, with the renewals that could not be scored and why; the
// `calibrate-portal` job (after every full sync, and weekly)
// fits the portal's model on them (server/domain/calibrate.ts), stores it versioned and activates
// it unless it does no better than the global one or an admin pinned the global model. A model
// change asks for a recompute so every result uses it.
import { createHash } from 'node:crypto';
import { BACKTEST_HORIZON_DAYS, BacktestHorizonDays, backtestAccount, backtestReport, type BacktestReport, type BacktestRow } from '../domain/backtest.ts';
import { calibrate, type Calibration } from '../domain/calibrate.ts';
import type { EngineDeps } from '../domain/engine.ts';
import { GLOBAL_RISK_MODEL, RiskModel } from '../domain/risk-model.ts';
import type { AccountSnapshot } from '../domain/snapshot.ts';
import { PINNED_GLOBAL } from '../store/risk-models.ts';
import type { Store } from '../store/store.ts';

/** Both backtests count, under `skipped`, the portal's renewals that could not be scored, by reason. */
export interface ModelReport {
  model: BacktestReport;
  global: BacktestReport;
  /** How many days before its close date each renewal was scored as of. Absent from reports stored before it was kept. */
  horizonDays?: number;
}

/**
 * The horizon of reports stored before it was kept: every one of them was made from rows
 * recordBacktest scored with backtestAccount's default, which was 30 days until then.
 */
const HORIZON_OF_EARLIER_REPORTS = 30;

export interface ModelView {
  /** The model results are computed with now. */
  inUse: { version: string; source: 'global' | 'learned' | 'pinned_global' };
  /** The newest fit, whether in use or not; null before the first. */
  latest: null | { version: string; fittedAt: string; calibration: Calibration; report: ModelReport & { horizonDays: number } };
  /** The accounts with a result, how many were computed with the model in use, and the newest of those: how far a recompute after a switch has got. */
  recompute: { accounts: number; current: number; lastComputedAt: string | null };
}

export type CalibrateOutcome = { status: 'unchanged' } | { status: 'fitted'; version: string; activated: boolean; modelChanged: boolean };

const digest = (rows: unknown) => createHash('sha256').update(JSON.stringify(rows)).digest('base64url');

export class CalibrationService {
  readonly #store: Store;
  readonly #crm: string;
  /** Asked when the model results use changed: recompute the portfolio. */
  readonly #onModelChanged: (portalId: string) => Promise<void>;

  /** How many days before its close date each past renewal is scored as of; the reports say it. */
  readonly #horizonDays: number;

  constructor(options: { store: Store; crm: string; onModelChanged: (portalId: string) => Promise<void>; horizonDays?: number }) {
    this.#store = options.store;
    this.#crm = options.crm;
    this.#onModelChanged = options.onModelChanged;
    this.#horizonDays = BacktestHorizonDays.parse(options.horizonDays ?? BACKTEST_HORIZON_DAYS);
  }

  /** The portal's learned model when one is in use; null: the global model. */
  async activeModel(portalId: string): Promise<RiskModel | null> {
    const active = await this.#store.riskModels.active(this.#crm, portalId);
    if (!active || active.version === PINNED_GLOBAL) return null;
    return RiskModel.parse((active.calibration as { model: unknown }).model);
  }

  /**
   * Stores the account's backtest rows and the renewals it had to skip, with the reason (called
   * whenever it is scored; pure work plus one write).
   */
  async recordBacktest(portalId: string, accountId: string, snapshot: AccountSnapshot, engine: EngineDeps): Promise<void> {
    const hasOutcomes = snapshot.renewals?.some((r) => r.outcome === 'won' || r.outcome === 'lost') ?? false;
    const { rows, skipped } = hasOutcomes ? backtestAccount(snapshot, engine, { horizonDays: this.#horizonDays }) : { rows: [], skipped: [] };
    await this.#store.riskModels.replaceBacktest(this.#crm, portalId, accountId, { rows: rows.map(({ accountId: _a, ...r }) => r), skipped: skipped.map(({ accountId: _a, ...s }) => s) });
  }

  async calibratePortal(portalId: string): Promise<CalibrateOutcome> {
    const { riskModels } = this.#store;
    const [stored, skipped] = await Promise.all([riskModels.rows(this.#crm, portalId), riskModels.skipped(this.#crm, portalId)]);
    // The skipped renewals count too (the report names them), but only when there are any, so a
    // history without skips keeps the digest it had before skips were stored.
    const rowsDigest = digest(skipped.length > 0 ? { rows: stored, skipped } : stored);
    const latest = await riskModels.latestFit(this.#crm, portalId);
    if (latest && latest.rowsDigest === rowsDigest) return { status: 'unchanged' };
    const rows: BacktestRow[] = stored;
    const version = `portal-${(await riskModels.count(this.#crm, portalId)) + 1}`;
    const fitted = calibrate(rows);
    const calibration: Calibration = fitted.mode === 'global' ? fitted : { ...fitted, model: { ...fitted.model, version } };
    const report: ModelReport = { model: backtestReport(rows, calibration.model, skipped), global: backtestReport(rows, GLOBAL_RISK_MODEL, skipped), horizonDays: this.#horizonDays };
    const before = await riskModels.active(this.#crm, portalId);
    const pinned = before?.version === PINNED_GLOBAL;
    const activate = calibration.mode !== 'global' && !pinned;
    await riskModels.save(this.#crm, portalId, { version, calibration, report, rowsDigest }, activate);
    // A fit that does no better than global retires the portal's previous model.
    if (!activate && before && !pinned) await riskModels.activate(this.#crm, portalId, null, 'calibration');
    const modelChanged = activate || (before !== null && !pinned);
    if (modelChanged) await this.#onModelChanged(portalId);
    return { status: 'fitted', version, activated: activate, modelChanged };
  }

  async view(portalId: string): Promise<ModelView> {
    const { riskModels } = this.#store;
    const [active, latest] = await Promise.all([riskModels.active(this.#crm, portalId), riskModels.latestFit(this.#crm, portalId)]);
    const inUse: ModelView['inUse'] =
      active === null ? { version: GLOBAL_RISK_MODEL.version, source: 'global' } : active.version === PINNED_GLOBAL ? { version: GLOBAL_RISK_MODEL.version, source: 'pinned_global' } : { version: active.version, source: 'learned' };
    // Each result records the model it was computed with (the learned model's version is the stored one's).
    const use = await this.#store.results.modelUse(this.#crm, portalId, inUse.version);
    return {
      inUse,
      recompute: { accounts: use.accounts, current: use.current, lastComputedAt: use.lastComputedAt?.toISOString() ?? null },
      latest: latest ? { version: latest.version, fittedAt: latest.fittedAt.toISOString(), calibration: latest.calibration as Calibration, report: servedReport(latest.report as ModelReport) } : null,
    };
  }

  /** An admin's choice: the global model (pinned, so the next fit does not replace it) or the latest learned one. */
  async choose(portalId: string, use: 'global' | 'learned', actor: string): Promise<ModelView> {
    const { riskModels } = this.#store;
    const before = await this.activeModel(portalId);
    if (use === 'global') await riskModels.activate(this.#crm, portalId, PINNED_GLOBAL, actor);
    else {
      const latest = await riskModels.latestFit(this.#crm, portalId);
      const usable = latest && (latest.calibration as Calibration).mode !== 'global';
      await riskModels.activate(this.#crm, portalId, usable ? latest.version : null, actor);
    }
    const after = await this.activeModel(portalId);
    if ((before?.version ?? null) !== (after?.version ?? null)) await this.#onModelChanged(portalId);
    return this.view(portalId);
  }
}

function servedReport(report: ModelReport): ModelReport & { horizonDays: number } {
  return { ...report, horizonDays: report.horizonDays ?? HORIZON_OF_EARLIER_REPORTS };
}
