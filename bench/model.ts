// npm run bench:model [-- --accounts N]
// Prints one JSON line: a generated portfolio with two years of history is calibrated on the
// renewals that closed in its first year (each scored as of 30 days before, seeing nothing later)
// and evaluated on the renewals of the following year, which the calibration never saw. Figures
// before (global model) and after calibration, against the generator's oracle (the model that
// knows the hidden health). The same is done on a generator variant the model was not tuned on:
// another seed, half the tickets, and a different (quadratic, trajectory-dependent) link from
// hidden health to renewing.
import { parseArgs } from 'node:util';
import { snapshotAsOf } from '../server/domain/as-of.ts';
import { backtestAccount, predict, type BacktestRow } from '../server/domain/backtest.ts';
import { calibrate } from '../server/domain/calibrate.ts';
import { DEFAULT_ENGINE_CONFIG } from '../server/domain/engine-config.ts';
import { auc, brierScore, expectedCalibrationError, type Prediction } from '../server/domain/metrics.ts';
import { GLOBAL_RISK_MODEL, type RiskModel } from '../server/domain/risk-model.ts';
import { SentimentCache } from '../server/domain/sentiment/cache.ts';
import { AccountSnapshot } from '../server/domain/snapshot.ts';
import { generatePortfolio, type GeneratePortfolioOptions } from '../server/synthetic/portfolio.ts';

const { values } = parseArgs({ options: { accounts: { type: 'string' } } });
const accounts = Number(values.accounts ?? 3000);
const asOf = '2026-11-01T00:00:00.000Z';
const DAY = 86_400_000;
const cut = Date.parse(asOf) - 365 * DAY;
const r3 = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);

interface Portfolio { train: BacktestRow[]; test: BacktestRow[]; oracle: Prediction[] }

function build(options: Omit<GeneratePortfolioOptions, 'accounts' | 'asOf'>): Portfolio {
  const deps = { config: DEFAULT_ENGINE_CONFIG, sentiment: new SentimentCache() };
  const out: Portfolio = { train: [], test: [], oracle: [] };
  for (const { snapshot, truth } of generatePortfolio({ ...options, accounts, asOf, historyDays: 730 })) {
    const s = AccountSnapshot.parse(JSON.parse(JSON.stringify(snapshot)));
    // Calibration sees the portal as it was a year ago: only what was known then.
    out.train.push(...backtestAccount(snapshotAsOf(s, cut).snapshot, deps).rows);
    for (const row of backtestAccount(s, deps, { fromMs: cut + 1 }).rows) {
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

function evaluate(options: Omit<GeneratePortfolioOptions, 'accounts' | 'asOf'>) {
  const { train, test, oracle } = build(options);
  const calibration = calibrate(train);
  const oracleAuc = auc(oracle)!;
  const baseRate = train.filter((r) => r.renewed).length / train.length;
  return {
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
const ours = evaluate({ seed: 'bench-model' });
const variant = evaluate({
  seed: 'bench-model-variant',
  ticketsPerAccount: 12,
  renewalOdds: (h, trajectory) => Math.min(0.98, Math.max(0.02, 0.95 - 0.9 * (1 - h) ** 2 - (trajectory === 'declining' ? 0.12 : 0))),
});
process.stdout.write(`${JSON.stringify({ bench: 'model', accounts, horizonDays: 30, ...ours, variant, seconds: Math.round((performance.now() - started) / 1000), node: process.version })}\n`);
