// `calibrate --input FILE|- --out CALIBRATION.json [--horizon DAYS] [--config FILE]`: fits the
// renewal-risk model on the snapshots' own renewal history, writes the calibration and prints one
// JSON line of backtest figures. Exit 2, writing nothing, when there is too little history to learn
// from or when some input lines could not be read: a calibration fitted on part of the history
// would go on scoring every account without a word about what it never saw.
import { writeFileSync } from 'node:fs';
import { backtestReport } from '../domain/backtest.ts';
import { calibrate } from '../domain/calibrate.ts';
import { CALIBRATION_FORMAT, type CalibrationFile } from '../domain/calibration-file.ts';
import { GLOBAL_RISK_MODEL } from '../domain/risk-model.ts';
import { parseCommandArgs, UsageError } from './args.ts';
import { engineDepsFrom } from './engine-deps.ts';
import { badLinesSummary, countBy, EXIT_BAD_LINES, horizonFrom, readHistory } from './history.ts';

export const EXIT_TOO_LITTLE_HISTORY = 2;

export async function calibrateCommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, {
    input: { type: 'string', short: 'i' },
    out: { type: 'string', short: 'o' },
    horizon: { type: 'string' },
    config: { type: 'string', short: 'c' },
  });
  if (!args.input) throw new UsageError('calibrate needs --input FILE (or --input - for standard input)');
  if (!args.out) throw new UsageError('calibrate needs --out FILE for the calibration');
  const horizonDays = horizonFrom(args.horizon);
  const deps = engineDepsFrom(args.config);
  const history = await readHistory(args.input, deps, horizonDays);
  if (history.bad > 0) {
    process.stderr.write(`error: ${badLinesSummary(history)}; no calibration written: fix or remove them and run again\n`);
    return EXIT_BAD_LINES;
  }
  const calibration = calibrate(history.rows, deps.config.riskModel ?? GLOBAL_RISK_MODEL);
  if (!calibration.enoughHistory) {
    process.stderr.write(`error: ${calibration.reason} (${history.skipped.length} more renewals had no history reaching back ${horizonDays} days before their close date)\n`);
    return EXIT_TOO_LITTLE_HISTORY;
  }
  const before = backtestReport(history.rows, deps.config.riskModel ?? GLOBAL_RISK_MODEL, history.skipped);
  const after = backtestReport(history.rows, calibration.model, history.skipped);
  const file: CalibrationFile = {
    format: CALIBRATION_FORMAT,
    dataAsOf: history.dataAsOf!,
    horizonDays,
    mode: calibration.mode,
    reason: calibration.reason,
    model: calibration.model,
    fittedOn: { ...calibration.fittedOn, skipped: countBy(history.skipped.map((s) => s.reason)) },
    validation: calibration.validation,
    levelShift: calibration.levelShift,
    coefficients: calibration.coefficients,
    backtest: after,
  };
  writeFileSync(args.out, `${JSON.stringify(file, null, 2)}\n`);
  const brief = (r: typeof before) => ({ modelVersion: r.modelVersion, auc: r.auc, brier: r.brier, brierSkill: r.brierSkill, ece: r.ece, lossesCaughtTop20: r.lossesCaughtTop20 });
  process.stdout.write(`${JSON.stringify({ mode: calibration.mode, modelVersion: calibration.model.version, reason: calibration.reason, renewals: calibration.fittedOn.renewals, won: calibration.fittedOn.won, lost: calibration.fittedOn.lost, skipped: file.fittedOn.skipped, badLines: history.bad, horizonDays, heldOut: calibration.validation, levelShift: calibration.levelShift, before: brief(before), after: brief(after) })}\n`);
  return 0;
}
