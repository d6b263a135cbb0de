// The renewal-model answer both CRMs' settings routes send (`ModelView`): which model results use,
// what the latest fit learned from the tenant's renewals, how well it predicted them, and the
// held-out check its choice was made on.
import type { ModelView } from '../../api/contracts.ts';
import type { Calibration } from '../../domain/calibrate.ts';
import type { ModelView as CalibrationView } from '../../service/calibration.ts';

/** The time-split check of a fit (the model fitted on the older renewals against the global one, on the newest); null without one. */
export function heldOutOf(calibration: Calibration): NonNullable<ModelView['latest']>['heldOut'] {
  const v = calibration.validation;
  if (!v) return null;
  const figures = (f: { auc: number | null; brier: number; logLoss: number }) => ({ auc: f.auc, brier: f.brier, logLoss: f.logLoss });
  return { from: v.heldOutFrom, train: v.train, renewals: v.heldOut, learned: figures(v.candidate), global: figures(v.global) };
}

export function renewalModelView(view: CalibrationView, canManage: boolean): ModelView {
  const latest = view.latest;
  return {
    inUse: view.inUse,
    canManage,
    recompute: view.recompute,
    latest: latest
      ? {
          version: latest.version,
          fittedAt: latest.fittedAt,
          mode: latest.calibration.mode,
          reason: latest.calibration.reason,
          fittedOn: latest.calibration.fittedOn,
          coefficients: latest.calibration.coefficients,
          levelShift: latest.calibration.levelShift ?? null,
          heldOut: heldOutOf(latest.calibration),
          skipped: latest.report.model.skipped,
          horizonDays: latest.report.horizonDays,
          backtest: latest.report.model,
          globalBacktest: latest.report.global,
        }
      : null,
  };
}
