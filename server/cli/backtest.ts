// `backtest --input FILE|- [--calibration FILE] [--horizon DAYS] [--config FILE]`: scores every
// past renewal as of DAYS before its close date (the calibration's own horizon when one is given),
// seeing nothing dated later, and prints one JSON line of figures for the global model (or the
// calibration's). Exit 2 when there are too few renewals for the figures to mean anything, or when
// some input lines could not be read (the figures, from the others, are still printed).
import { backtestReport } from '../domain/backtest.ts';
import { CALIBRATION_RULES } from '../domain/calibrate.ts';
import { GLOBAL_RISK_MODEL } from '../domain/risk-model.ts';
import { parseCommandArgs, UsageError } from './args.ts';
import { EXIT_TOO_LITTLE_HISTORY } from './calibrate.ts';
import { engineDepsFrom } from './engine-deps.ts';
import { badLinesSummary, EXIT_BAD_LINES, horizonFrom, readCalibrationFile, readHistory } from './history.ts';

export async function backtestCommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, {
    input: { type: 'string', short: 'i' },
    calibration: { type: 'string' },
    horizon: { type: 'string' },
    config: { type: 'string', short: 'c' },
  });
  if (!args.input) throw new UsageError('backtest needs --input FILE (or --input - for standard input)');
  const calibration = args.calibration ? readCalibrationFile(args.calibration) : undefined;
  // A calibration is judged at the horizon it was fitted at unless --horizon says otherwise (then say so).
  const horizonDays = horizonFrom(args.horizon, calibration?.horizonDays);
  if (calibration && horizonDays !== calibration.horizonDays) {
    process.stderr.write(`note: the calibration was fitted scoring renewals ${calibration.horizonDays} days before they closed; this backtest scores them ${horizonDays} days before\n`);
  }
  const deps = engineDepsFrom(args.config);
  const history = await readHistory(args.input, deps, horizonDays);
  const report = backtestReport(history.rows, calibration?.model ?? deps.config.riskModel ?? GLOBAL_RISK_MODEL, history.skipped);
  process.stdout.write(`${JSON.stringify({ horizonDays, accounts: history.accounts, badLines: history.bad, ...report })}\n`);
  if (history.bad > 0) process.stderr.write(`error: ${badLinesSummary(history)}; the figures are from the others\n`);
  // Figures from a handful of renewals (an AUC of 0 "between 0 and 0" from three) mean nothing: say so, as calibrate does.
  const { minRenewals, minMinority } = CALIBRATION_RULES;
  if (report.renewals < minRenewals || Math.min(report.won, report.lost) < minMinority) {
    const skipped = history.skipped.length > 0 ? ` (${history.skipped.length} more renewals had no history reaching back ${horizonDays} days before their close date)` : '';
    process.stderr.write(`error: too little history to judge the model by: ${report.renewals} renewals (${report.won} won, ${report.lost} lost)${skipped}; at least ${minRenewals} with ${minMinority} of each outcome are needed for the figures to mean anything\n`);
    return EXIT_TOO_LITTLE_HISTORY;
  }
  return history.bad > 0 ? EXIT_BAD_LINES : 0;
}
