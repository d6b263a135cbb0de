// npm run bench:model [-- --accounts N]
// Prints one JSON line: a generated portfolio with two years of history is calibrated on the
// renewals that closed in its first year (each scored as of 30 days before, seeing nothing later)
// and evaluated on the renewals of the following year, which the calibration never saw. Figures
// before (global model) and after calibration, against the generator's oracle (the model that
// knows the hidden health). The same is done on two generator variants (server/synthetic/variants.ts):
// - `variant`: another seed, half the tickets, and a quadratic, trajectory-dependent link from
//   hidden health to renewing. The global-3 factors were chosen by comparing AUCs on it, so it is
//   no longer a held-out check.
// - `variant-2`: written before any model figure on it was seen, and different in structure: a
//   mid-market-heavy segment mix with other health centres, usage and CSM touches less tied to
//   health, ticket volume by size and trouble instead of a fixed count, more escalation and a
//   priority mix that follows health less, terser customers, renewing by bands of health with an
//   interaction (slipping over the contract year in the lower bands costs 25 points) and a segment
//   tilt; scored 60 days before each close date instead of 30. How often it was looked at and what
//   changed after: docs/benchmarks.md.
import { parseArgs } from 'node:util';
import { snapshotAsOf } from '../server/domain/as-of.ts';
import { backtestAccount, predict, type BacktestRow } from '../server/domain/backtest.ts';
import { calibrate } from '../server/domain/calibrate.ts';
import { DEFAULT_ENGINE_CONFIG } from '../server/domain/engine-config.ts';
import { auc, brierScore, expectedCalibrationError, type Prediction } from '../server/domain/metrics.ts';
import { GLOBAL_RISK_MODEL, type RiskModel } from '../server/domain/risk-model.ts';
import { SentimentCache } from '../server/domain/sentiment/cache.ts';
import { AccountSnapshot } from '../server/domain/snapshot.ts';
import { generatePortfolio } from '../server/synthetic/portfolio.ts';
import { VARIANT_1, VARIANT_2, type BenchGenerator } from '../server/synthetic/variants.ts';

const { values } = parseArgs({ options: { accounts: { type: 'string' } } });
const accounts = Number(values.accounts ?? 3000);
const asOf = '2026-11-01T00:00:00.000Z';
const DAY = 86_400_000;
const cut = Date.parse(asOf) - 365 * DAY;
const r3 = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);

interface Portfolio { train: BacktestRow[]; test: BacktestRow[]; oracle: Prediction[] }

function build({ options, horizonDays }: BenchGenerator): Portfolio {
  const deps = { config: DEFAULT_ENGINE_CONFIG, sentiment: new SentimentCache() };
  const out: Portfolio = { train: [], test: [], oracle: [] };
  for (const { snapshot, truth } of generatePortfolio({ ...options, accounts, asOf, historyDays: 730 })) {
    const s = AccountSnapshot.parse(JSON.parse(JSON.stringify(snapshot)));
    // Calibration sees the portal as it was a year ago: only what was known then.
    out.train.push(...backtestAccount(snapshotAsOf(s, cut).snapshot, deps, { horizonDays }).rows);
    for (const row of backtestAccount(s, deps, { fromMs: cut + 1, horizonDays }).rows) {
      out.test.push(row);
      out.oracle.push({ p: truth.renewals.find((r) => r.id === row.renewalId)!.pRenew, renewed: row.renewed });
    }
  }
  return out;
}

function figures(rows: readonly BacktestRow[], model: RiskModel, oracleAuc: number, baseRate: number) {
  const p = predict(rows, model);
  const a = auc(p)!;
  const reference = brierScore(p.map((x) => ({ p: baseRate, renewed: x.renewed })))!;
  return { auc: r3(a), aucRatio: r3(a / oracleAuc), ece: r3(expectedCalibrationError(p)), brierSkill: r3(1 - brierScore(p)! / reference) };
}

function evaluate(generator: BenchGenerator) {
  const { train, test, oracle } = build(generator);
  const calibration = calibrate(train);
  const oracleAuc = auc(oracle)!;
  const baseRate = train.filter((r) => r.renewed).length / train.length;
  return {
    horizonDays: generator.horizonDays,
    trainRenewals: train.length,
    testRenewals: test.length,
    testRenewalRate: r3(test.filter((r) => r.renewed).length / test.length),
    oracleAuc: r3(oracleAuc),
    mode: calibration.mode,
    before: figures(test, GLOBAL_RISK_MODEL, oracleAuc, baseRate),
    after: figures(test, calibration.model, oracleAuc, baseRate),
  };
}

const started = performance.now();
const ours = evaluate({ options: { seed: 'bench-model' }, horizonDays: 30 });
const variant = evaluate(VARIANT_1);
const variant2 = evaluate(VARIANT_2);
process.stdout.write(`${JSON.stringify({ bench: 'model', accounts, ...ours, variant, 'variant-2': variant2, seconds: Math.round((performance.now() - started) / 1000), node: process.version })}\n`);
