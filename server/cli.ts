// One CLI for everything: `npm run cli -- <command> [options]` (runs on the pinned Node 24).
import { readFileSync } from 'node:fs';
import { UsageError } from './cli/args.ts';
import { ConfigError } from './config.ts';

const HELP = `Success Sidecar

Usage: npm run cli -- <command> [options]

Commands:
  start [--accounts 300]             the whole product locally with no configuration (npm start): HubSpot
                                     sandbox + sidecar + embedded database + jobs, installed and synced
  serve [--role http|worker|all]     the sidecar for production, configured from the environment (README)
  sign <url> [--method M] [--body JSON]
                                     a curl command signed like a HubSpot card request (HUBSPOT_CLIENT_SECRET)
  demo                               score a generated demo portfolio and print a summary (npm start)
  generate --accounts N [--seed S] [--as-of ISO] [--tickets N] [--history-days D] [--out FILE]
                                     write a synthetic portfolio as JSONL AccountSnapshots (D: days of
                                     history, 365 by default; 730 gives two years for backtests)
  score --input FILE|- [--config FILE] [--calibration FILE]
                                     score JSONL AccountSnapshots to JSONL AccountResults on stdout;
                                     bad lines go to stderr with line number and path (exit code 2)
  calibrate --input FILE|- --out FILE [--horizon DAYS] [--config FILE]
                                     fit the renewal-risk model on the snapshots' past renewals; writes
                                     the calibration, prints backtest figures (exit 2: too little history)
  backtest --input FILE|- [--calibration FILE] [--horizon DAYS] [--config FILE]
                                     score every past renewal as of DAYS (30, or the calibration's) before
                                     it closed, seeing nothing later; one JSON line of AUC, Brier,
                                     calibration, levels (exit 2: too little history to judge by)
  sync --crm hubspot --base-url URL [--portal-id ID] [--since ISO|last] [--accounts ID,…] [--dry-run]
       [--as-of ISO] [--state FILE] [--config FILE] [--rate-limit N] [--no-provision]
       [--retry-give-up-after N (8)] [--retry-max-ids N (5000)]
                                     read the portfolio, compute, write back only what changed; token from
                                     HUBSPOT_ACCESS_TOKEN (or --token), or HUBSPOT_REFRESH_TOKEN + client id/secret
  migrate [--data-dir DIR]           bring the database up to date: Postgres at DATABASE_URL, else the embedded
                                     PGlite database in DIR (default .data/db); prints the migrations applied
  schema [--which snapshot|result|config]
                                     print the contracts as JSON Schema
  sandbox [--port 4010] [--accounts N] [--seed S] [--portal-id ID] [--rate-limit N]   run the local HubSpot API sandbox
  sandbox --crm salesforce [--port 4020] [--accounts N] [--seed S]   run the local Salesforce API sandbox
  --version                          print the version and the Node version it runs on
`;

type Command = (argv: string[]) => number | Promise<number>;

const commands: Record<string, () => Promise<Command>> = {
  demo: async () => (await import('./cli/demo.ts')).demoCommand,
  generate: async () => (await import('./cli/generate.ts')).generateCommand,
  score: async () => (await import('./cli/score.ts')).scoreCommand,
  calibrate: async () => (await import('./cli/calibrate.ts')).calibrateCommand,
  backtest: async () => (await import('./cli/backtest.ts')).backtestCommand,
  schema: async () => (await import('./cli/schema.ts')).schemaCommand,
  sandbox: async () => (await import('./cli/sandbox.ts')).sandboxCommand,
  sync: async () => (await import('./cli/sync.ts')).syncCommand,
  migrate: async () => (await import('./cli/migrate.ts')).migrateCommand,
  start: async () => (await import('./cli/start.ts')).startCommand,
  serve: async () => (await import('./cli/serve.ts')).serveCommand,
  sign: async () => (await import('./cli/sign.ts')).signCommand,
};

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string };
  return `${pkg.name} ${pkg.version} (node ${process.version})`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  const load = commands[name];
  if (!load) throw new UsageError(`unknown command "${name}"; run with --help to see the commands`);
  return (await load())(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof ConfigError) {
      process.stderr.write(`error: ${error.message}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 70;
    }
  },
);
