// node bench/model-drift.ts --generator ours|variant|variant-2 [--accounts N] [--rows FILE]
// A diagnostic for bench:model: how much of the calibrated model's calibration error on the next
// year is a level shift (its mean predicted probability against the renewal rate that year) and how
// much is shape. `eceLevelCorrected` is the ECE once every prediction's log-odds is moved by the one
// constant that makes the mean predicted equal the observed rate — it uses the outcomes it is
// judged on, so it is a bound on what any correction of the level could reach, not a model. Also the
// renewal rate per quarter of close dates, in the calibration year and the evaluation year.
// `--rows FILE` keeps the backtest rows in FILE (written when absent, read when present).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { predict, type BacktestRow } from '../server/domain/backtest.ts';
import { calibrate, fitFull, fitRecalibration } from '../server/domain/calibrate.ts';
import { recencyWeights } from '../server/domain/recency.ts';
import { DAY_MS, toMs } from '../server/domain/time.ts';
import { auc, expectedCalibrationError, type Prediction } from '../server/domain/metrics.ts';
import { GLOBAL_RISK_MODEL, sigmoid, type RiskModel } from '../server/domain/risk-model.ts';
import { VARIANT_1, VARIANT_2, type BenchGenerator } from '../server/synthetic/variants.ts';
import { buildPortfolio, figures, r3, type Portfolio } from './model-portfolio.ts';

const { values } = parseArgs({ options: { generator: { type: 'string' }, accounts: { type: 'string' }, rows: { type: 'string' } } });
const generators: Record<string, BenchGenerator> = { ours: { options: { seed: 'bench-model' }, horizonDays: 30 }, variant: VARIANT_1, 'variant-2': VARIANT_2 };
const generator = generators[values.generator ?? ''];
if (!generator) throw new Error(`--generator must be one of ${Object.keys(generators).join(', ')}`);
const accounts = Number(values.accounts ?? 3000);

const portfolio: Portfolio = values.rows && existsSync(values.rows)
  ? (JSON.parse(readFileSync(values.rows, 'utf8')) as Portfolio)
  : buildPortfolio(generator, accounts);
if (values.rows && !existsSync(values.rows)) writeFileSync(values.rows, JSON.stringify(portfolio));

const rate = (rows: readonly { renewed: boolean }[]) => r3(rows.filter((r) => r.renewed).length / rows.length);
const mean = (p: readonly Prediction[]) => p.reduce((s, x) => s + x.p, 0) / p.length;

function byQuarter(rows: readonly BacktestRow[]) {
  const groups = new Map<string, BacktestRow[]>();
  for (const r of rows) {
    const q = `${r.closeDate.slice(0, 4)}Q${Math.floor((Number(r.closeDate.slice(5, 7)) - 1) / 3) + 1}`;
    groups.set(q, [...(groups.get(q) ?? []), r]);
  }
  return Object.fromEntries([...groups].sort(([a], [b]) => a.localeCompare(b)).map(([q, g]) => [q, { n: g.length, rate: rate(g) }]));
}

/** Moves every log-odds by the constant that makes the mean prediction equal the observed rate. */
function levelCorrected(p: readonly Prediction[]): Prediction[] {
  const target = p.filter((x) => x.renewed).length / p.length;
  const logit = p.map((x) => Math.log(x.p / (1 - x.p)));
  let lo = -5;
  let hi = 5;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    const m = logit.reduce((s, z) => s + sigmoid(z + mid), 0) / logit.length;
    if (m < target) lo = mid; else hi = mid;
  }
  return logit.map((z, i) => ({ p: sigmoid(z + (lo + hi) / 2), renewed: p[i]!.renewed }));
}

const { train, test, oracle } = portfolio;
const calibration = calibrate(train);
const oracleAuc = auc(oracle)!;
const baseRate = train.filter((r) => r.renewed).length / train.length;
const after = predict(test, calibration.model);
const corrected = levelCorrected(after);
const ece = expectedCalibrationError(after)!;
const eceCorrected = expectedCalibrationError(corrected)!;
// What two drift-aware ideas would do on the next year (neither is part of the calibration; see
// docs/benchmarks.md): the chosen candidate refitted on the calibration year with newer renewals
// weighing more (each half-life), and the calibrated model with its intercept re-estimated on the
// newest 90 days of renewals it learned from.
const chosen = calibration.validation?.candidate;
const silent = Object.fromEntries([...new Set(train.flatMap((r) => Object.keys(r.x)))].filter((f) => (GLOBAL_RISK_MODEL.coefficients[f] ?? 0) === 0).map((f) => [f, 0]));
const refit = (weight: number[]): RiskModel | null => !chosen ? null : chosen.mode === 'recalibrated'
  ? fitRecalibration(train, GLOBAL_RISK_MODEL, 'forced', weight)
  : fitFull(train, GLOBAL_RISK_MODEL, chosen.penalty!, 'forced', undefined, chosen.factors === 'global' ? silent : {}, weight);
const judged = (model: RiskModel | null) => (model === null ? null : { ece: r3(expectedCalibrationError(predict(test, model))), meanPredicted: r3(mean(predict(test, model))), aucRatio: figures(test, model, oracleAuc, baseRate).aucRatio });
const forcedHalfLives = Object.fromEntries([365, 180, 90].map((h) => [h, judged(refit(recencyWeights(train, h)))]));
const newest = Math.max(...train.map((r) => toMs(r.closeDate)));
const lastQuarter = train.filter((r) => toMs(r.closeDate) > newest - 90 * DAY_MS);
const recentIntercept = fitFull(lastQuarter, calibration.model, 0, 'recent-intercept', undefined, Object.fromEntries([...new Set(train.flatMap((r) => Object.keys(r.x)))].map((f) => [f, calibration.model.coefficients[f] ?? 0])));
process.stdout.write(`${JSON.stringify({
  diagnostic: 'model-drift',
  generator: values.generator,
  accounts,
  mode: calibration.mode,
  candidate: calibration.validation?.candidate ?? null,
  trainRenewalRate: rate(train),
  testRenewalRate: rate(test),
  trainByQuarter: byQuarter(train),
  testByQuarter: byQuarter(test),
  after: {
    ...figures(test, calibration.model, oracleAuc, baseRate),
    meanPredicted: r3(mean(after)),
    levelGap: r3(mean(after) - (rate(test) ?? 0)),
    eceLevelCorrected: r3(eceCorrected),
    levelShareOfEce: r3((ece - eceCorrected) / ece),
  },
  forcedHalfLives,
  recentIntercept: { renewals: lastQuarter.length, rate: rate(lastQuarter), ...judged(recentIntercept) },
})}\n`);
