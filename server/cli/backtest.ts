// `backtest --input FILE|- [--calibration FILE] [--horizon DAYS] [--config FILE]`: scores every
// past renewal as of DAYS before its close date, seeing nothing dated later, and prints one JSON
// line of figures for the global model (or the calibration's).
import { backtestReport } from '../domain/backtest.ts';
import { GLOBAL_RISK_MODEL } from '../domain/risk-model.ts';
import { parseCommandArgs, UsageError } from './args.ts';
import { engineDepsFrom } from './engine-deps.ts';
import { horizonFrom, readCalibrationFile, readHistory } from './history.ts';

export async function backtestCommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, {
    input: { type: 'string', short: 'i' },
    calibration: { type: 'string' },
    horizon: { type: 'string' },
    config: { type: 'string', short: 'c' },
  });
  if (!args.input) throw new UsageError('backtest needs --input FILE (or --input - for standard input)');
  const horizonDays = horizonFrom(args.horizon);
  const model = args.calibration ? readCalibrationFile(args.calibration).model : undefined;
  const deps = engineDepsFrom(args.config);
  const history = await readHistory(args.input, deps, horizonDays);
  const report = backtestReport(history.rows, model ?? deps.config.riskModel ?? GLOBAL_RISK_MODEL, history.skipped);
  process.stdout.write(`${JSON.stringify({ horizonDays, accounts: history.accounts, badLines: history.bad, ...report })}\n`);
  return history.bad > 0 ? 2 : 0;
}
