// `score --input FILE|- [--config FILE] [--calibration FILE]`: JSONL snapshots in, JSONL results on stdout.
import { scoreLines } from '../scoring/score-lines.ts';
import { openInput, parseCommandArgs, UsageError } from './args.ts';
import { engineDepsFrom } from './engine-deps.ts';
import { badLineNumbers, EXIT_BAD_LINES, FIRST_BAD_LINES, readCalibrationFile } from './history.ts';

export async function scoreCommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, {
    input: { type: 'string', short: 'i' },
    config: { type: 'string', short: 'c' },
    calibration: { type: 'string' },
    stats: { type: 'boolean' },
  });
  if (!args.input) throw new UsageError('score needs --input FILE (or --input - for standard input)');
  const deps = engineDepsFrom(args.config, args.calibration ? readCalibrationFile(args.calibration).model : undefined);
  const input = await openInput(args.input);

  const tty = process.stderr.isTTY;
  const started = performance.now();
  const progress = (s: { lines: number; scored: number; bad: number }) => {
    const rate = Math.round(s.scored / ((performance.now() - started) / 1000));
    process.stderr.write(`\rscored ${s.scored.toLocaleString('en')} accounts (${rate.toLocaleString('en')}/s), ${s.bad} bad lines`);
  };
  const firstBad: number[] = [];
  const stats = await scoreLines(input, process.stdout, {
    deps,
    onProblem: ({ line, message }) => {
      if (firstBad.length < FIRST_BAD_LINES) firstBad.push(line);
      if (tty) process.stderr.write('\n');
      process.stderr.write(`line ${line}: ${message}\n`);
    },
    ...(tty ? { onProgress: progress } : {}),
  });
  if (tty) {
    progress(stats);
    process.stderr.write('\n');
  }
  if (args.stats) {
    const seconds = (performance.now() - started) / 1000;
    const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    process.stderr.write(`${JSON.stringify({ scored: stats.scored, bad: stats.bad, seconds: Math.round(seconds * 100) / 100, accountsPerSecond: Math.round(stats.scored / seconds), peakRssMb })}\n`);
  }
  if (stats.bad > 0) {
    process.stderr.write(`${stats.bad} of ${stats.scored + stats.bad} lines could not be scored (${badLineNumbers(stats.bad, firstBad)}); the others were.\n`);
    return EXIT_BAD_LINES;
  }
  return 0;
}
