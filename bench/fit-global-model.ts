// npm run model:fit-global [-- --accounts N --seed S]
// Refits the global renewal model (GLOBAL_RISK_MODEL in server/domain/risk-model.ts) and prints it
// as one JSON line. The data is a generated portfolio that bench:model never evaluates on (seed
// "global-3", 3,000 accounts, two years of history, as of 2026-11-01): every past renewal with an
// outcome, scored as the account looked 30 days before it closed (the honest backtest). Every
// coefficient is fitted by penalised maximum likelihood, shrunk towards the hand-set global-2 (0 for
// factors it did not have) with the strength that predicts the newest renewals best, and kept to its
// factor's direction — except `severe_open` and
// `renewal_horizon`, which keep their hand-set values (HAND_SET below; why in docs/engine.md): the
// others are fitted around them (renewal_horizon's value depends on them: see `amplified`).
// The level cut-offs follow the calibration's rule (high catches half the losses).
// Paste `model.intercept`, `model.coefficients` and `model.levels` into GLOBAL_RISK_MODEL.
import { parseArgs } from 'node:util';
import { backtestAccount, backtestReport, predict, type BacktestRow } from '../server/domain/backtest.ts';
import { CALIBRATION_RULES, chooseLevels, fitFull } from '../server/domain/calibrate.ts';
import { logLoss } from '../server/domain/metrics.ts';
import { DEFAULT_ENGINE_CONFIG } from '../server/domain/engine-config.ts';
import { FACTOR_DIRECTIONS, RISK_FACTORS, type RiskModel } from '../server/domain/risk-model.ts';
import { RISK_SHAPE } from '../server/domain/risk.ts';
import { SentimentCache } from '../server/domain/sentiment/cache.ts';
import { AccountSnapshot } from '../server/domain/snapshot.ts';
import { generatePortfolio } from '../server/synthetic/portfolio.ts';

const { values } = parseArgs({ options: { accounts: { type: 'string' }, seed: { type: 'string' }, version: { type: 'string' } } });
const accounts = Number(values.accounts ?? 3000);
const seed = values.seed ?? 'global-3';
const version = values.version ?? 'global-3';
const asOf = '2026-11-01T00:00:00.000Z';
const DAY = 86_400_000;
const HAND_SET: Readonly<Record<string, number>> = { severe_open: -0.4, renewal_horizon: 0.5, champion_lost: -0.9 };

const started = performance.now();
const deps = { config: DEFAULT_ENGINE_CONFIG, sentiment: new SentimentCache() };
const rows: BacktestRow[] = [];
const urgency: number[] = [];
let skipped = 0;
for (const { snapshot } of generatePortfolio({ seed, accounts, asOf, historyDays: 730 })) {
  const result = backtestAccount(AccountSnapshot.parse(JSON.parse(JSON.stringify(snapshot))), deps);
  skipped += result.skipped.length;
  for (const row of result.rows) {
    rows.push(row);
    const days = Math.ceil((Date.parse(row.closeDate) - Date.parse(row.at)) / DAY);
    urgency.push(days >= RISK_SHAPE.renewalHorizonDays ? 0 : Math.min(1, 1 - days / RISK_SHAPE.renewalHorizonDays));
  }
}

/**
 * renewal_horizon adds coefficient × urgency × (the sum of the other factors' negative effects).
 * Each coefficient keeps its factor's direction, so whether a factor's effect is negative is known
 * from the sign of its value alone: the model is linear in the coefficients once each value that
 * pushes towards losing is scaled by (1 + renewal_horizon × urgency). Fitting on those values fits
 * the model exactly as the engine computes it (up to its rounding of effects to 0.01).
 */
const amplified: BacktestRow[] = rows.map((row, i) => {
  const x: Record<string, number> = {};
  for (const [f, v] of Object.entries(row.x)) {
    if (f === 'renewal_horizon') continue;
    const direction = (FACTOR_DIRECTIONS as Readonly<Record<string, number>>)[f] ?? 0;
    x[f] = direction * v < 0 ? v * (1 + (HAND_SET.renewal_horizon ?? 0) * urgency[i]!) : v;
  }
  return { ...row, x };
});
/** The hand-set model this one refits (global-2): each coefficient is shrunk towards it; factors it did not have, towards 0. */
const PREVIOUS: Readonly<Record<string, number>> = {
  rob_level: 0.35, rob_trend: 0.25, show_stoppers: -0.4, sentiment: 2.0, engagement: -0.25, champion_lost: -0.9, no_champion: -0.3,
  executive_lost: -0.5, usage_decline: -2.0, usage_growth: 1.0, severe_open: -0.4, renewal_horizon: 0.5,
};
const start: RiskModel = { version, intercept: 2.4, coefficients: Object.fromEntries(RISK_FACTORS.map((f) => [f, PREVIOUS[f] ?? 0])), levels: { high: 0.55, medium: 0.8 } };
// The shrinkage strength is chosen as the calibration chooses it: fit on the older 70 % of renewals
// (by close date), keep the strength with the lowest log loss on the newest 30 %.
const byDate = [...amplified].sort((a, b) => a.closeDate.localeCompare(b.closeDate) || a.renewalId.localeCompare(b.renewalId));
const split = Math.floor(byDate.length * (1 - CALIBRATION_RULES.heldOutShare));
const validation = CALIBRATION_RULES.penalties.map((penalty) => ({ penalty, logLoss: logLoss(predict(byDate.slice(split), fitFull(byDate.slice(0, split), start, penalty, version, undefined, HAND_SET)))! }));
const penalty = validation.reduce((a, b) => (b.logLoss < a.logLoss ? b : a)).penalty;
const fitted = fitFull(amplified, start, penalty, version, undefined, HAND_SET);
const model: RiskModel = { ...fitted, levels: chooseLevels(amplified, fitted) };
const report = backtestReport(amplified, model);
process.stdout.write(`${JSON.stringify({ seed, accounts, asOf, renewals: rows.length, penalty, validation: validation.map((v) => ({ penalty: v.penalty, logLoss: Math.round(v.logLoss * 10_000) / 10_000 })), won: report.won, lost: report.lost, skipped, auc: report.auc, brier: report.brier, ece: report.ece, model, seconds: Math.round((performance.now() - started) / 1000) })}\n`);
