// Per-portal calibration of the renewal-risk model from the portal's own backtest rows. With enough
// renewals every coefficient is fitted by penalised maximum likelihood, shrunk towards the global
// one; with fewer only the intercept and slope of the global log-odds are refitted; with very few
// the global model is kept. The candidates are nested (recalibration; then the factors the global
// model weighs; then every factor, each with several shrinkage strengths) and judged on the newest
// renewals (a time split): the one with the lowest log loss there is taken (the simpler on a tie),
// and it must beat the global model there, or the global model is kept and the reason said.
// Then the model kept (learned or global) is checked against the newest renewals' own level
// (level-shift.ts): if they renew at a rate its predictions miss beyond noise, its intercept moves
// towards theirs, shrunk by the evidence, and the reason says by how much and on how many.
import type { BacktestRow } from './backtest.ts';
import { predict } from './backtest.ts';
import { fitLogistic } from './logistic-fit.ts';
import { checkLevelShift, shifted, type LevelShift } from './level-shift.ts';
import { auc, brierScore, logLoss } from './metrics.ts';
import { CANDIDATE_FACTORS, FACTOR_DIRECTIONS, GLOBAL_RISK_MODEL, logOdds, type RiskModel } from './risk-model.ts';

export const CALIBRATION_RULES = {
  /** Fewer renewals, or fewer of the rarer outcome (usually losses), than these: keep the global model. */
  minRenewals: 40,
  minMinority: 20,
  /** From this many of the rarer outcome on, fit every coefficient; below it only recalibrate. */
  fullFitMinority: 80,
  /** The newest share of renewals held out to validate on. */
  heldOutShare: 0.3,
  /** The held-out renewals must have at least this many of each outcome to judge by. */
  minHeldOutEach: 5,
  /** Shrinkage strengths tried (in renewals' worth of evidence per unit of a factor's variance), strongest first. */
  penalties: [512, 128, 32, 8, 2],
  /** Risk-level cut-offs: "high" holds this share of the losses, "high" and "medium" together this one. */
  highLossShare: 0.5,
  mediumLossShare: 0.8,
  /**
   * The newest renewals (the held-out block) must renew this many standard deviations away from
   * what the kept model predicts for them before its intercept is moved towards their level
   * (two-sided 1 %); Infinity turns the check off.
   */
  levelShiftZ: 2.576 as number,
} as const;
export type CalibrationRules = typeof CALIBRATION_RULES;

export type CalibrationMode = 'global' | 'recalibrated' | 'fitted';

/**
 * Which factors a full fit may weigh: `global` only those the global model weighs (the others stay
 * at 0); `candidates` those and the candidate signals (CANDIDATE_FACTORS: the year signals, 0 in
 * the global model); `all` every factor. Each set holds the one before: the smaller is the simpler model.
 */
export type FactorSet = 'global' | 'candidates' | 'all';

export interface HeldOutFigures {
  logLoss: number;
  brier: number;
  auc: number | null;
}

export interface Calibration {
  /** False when there were too few renewals to learn anything (the global model is kept). */
  enoughHistory: boolean;
  mode: CalibrationMode;
  reason: string;
  model: RiskModel;
  fittedOn: { renewals: number; won: number; lost: number; firstCloseDate: string | null; lastCloseDate: string | null };
  validation: null | {
    /** Renewals closing after this date were held out. */
    heldOutFrom: string;
    train: number;
    heldOut: number;
    global: HeldOutFigures;
    candidate: HeldOutFigures & { mode: Exclude<CalibrationMode, 'global'>; penalty: number | null; factors: FactorSet | null };
  };
  /** The newest renewals' level against the kept model's (null when there was no held-out block to check). */
  levelShift: LevelShift | null;
  /** Every coefficient next to its global counterpart. */
  coefficients: { factor: string; value: number; global: number }[];
}

const r4 = (x: number) => Math.round(x * 10_000) / 10_000;

function factorsOf(rows: readonly BacktestRow[], global: RiskModel): string[] {
  const set = new Set(Object.keys(global.coefficients));
  for (const r of rows) for (const f of Object.keys(r.x)) set.add(f);
  return [...set];
}

function figures(rows: readonly BacktestRow[], model: RiskModel): HeldOutFigures {
  const p = predict(rows, model);
  return { logLoss: r4(logLoss(p)!), brier: r4(brierScore(p)!), auc: auc(p) === null ? null : r4(auc(p)!) };
}

/** Fixed at 0 in a fit: the penalty that pins a coefficient to a prior of 0. */
const PINNED = 1e9;

/**
 * Every coefficient fitted, each shrunk towards its prior (the global one unless `prior` is given)
 * with strength `penalty` × its variance. A coefficient that comes out against its factor's
 * direction (FACTOR_DIRECTIONS) is pinned at 0 and the rest refitted, until none does. `fixed`
 * coefficients are not fitted: they keep the value given. `weight` weighs the rows (one per row;
 * all 1 when absent), e.g. by recency (recency.ts).
 */
export function fitFull(rows: readonly BacktestRow[], global: RiskModel, penalty: number, version: string, prior: (factor: string) => number = (f) => global.coefficients[f] ?? 0, fixed: Readonly<Record<string, number>> = {}, weight?: readonly number[]): RiskModel {
  const factors = factorsOf(rows, global);
  const x = rows.map((r) => factors.map((f) => r.x[f] ?? 0));
  const variance = factors.map((_, j) => {
    const mean = x.reduce((s, row) => s + row[j]!, 0) / x.length;
    return x.reduce((s, row) => s + (row[j]! - mean) ** 2, 0) / x.length;
  });
  const direction = factors.map((f) => (FACTOR_DIRECTIONS as Readonly<Record<string, number>>)[f] ?? 0);
  const pinned = new Set<number>();
  const fixedAt = factors.map((f) => fixed[f]);
  const y = rows.map((r) => (r.renewed ? 1 : 0));
  for (;;) {
    const means = [global.intercept, ...factors.map((f, j) => fixedAt[j] ?? (pinned.has(j) ? 0 : clampToDirection(prior(f), direction[j]!)))];
    const strengths = [0, ...variance.map((v, j) => (fixedAt[j] !== undefined || pinned.has(j) ? PINNED : penalty * Math.max(v, 0.01)))];
    const fit = fitLogistic({ x, y, prior: means, penalty: strengths, weight });
    const wrong = factors.map((_, j) => j).filter((j) => fixedAt[j] === undefined && !pinned.has(j) && direction[j]! * fit.beta[j + 1]! < -1e-9);
    if (wrong.length === 0) {
      return { version, intercept: r4(fit.beta[0]!), coefficients: Object.fromEntries(factors.map((f, j) => [f, fixedAt[j] ?? (pinned.has(j) ? 0 : r4(fit.beta[j + 1]!))])), levels: global.levels };
    }
    // Pin the most wrong one first: pinning it may bring the others back.
    pinned.add(wrong.reduce((a, b) => (Math.abs(fit.beta[b + 1]!) * Math.sqrt(variance[b]!) > Math.abs(fit.beta[a + 1]!) * Math.sqrt(variance[a]!) ? b : a)));
  }
}

function clampToDirection(value: number, direction: number): number {
  return direction * value < 0 ? 0 : value;
}

/** Only the intercept and slope of the global log-odds refitted: the ranking stays the global one. `weight` as in fitFull. */
export function fitRecalibration(rows: readonly BacktestRow[], global: RiskModel, version: string, weight?: readonly number[]): RiskModel {
  const z = rows.map((r) => [logOdds(global, r.x)]);
  const fit = fitLogistic({ x: z, y: rows.map((r) => (r.renewed ? 1 : 0)), prior: [0, 1], penalty: [1, 1], weight });
  const [a, b] = fit.beta as [number, number];
  return {
    version,
    intercept: r4(a + b * global.intercept),
    coefficients: Object.fromEntries(Object.entries(global.coefficients).map(([f, c]) => [f, r4(b * c)])),
    levels: global.levels,
  };
}

/** Cut-offs from the data: "high" catches `highShare` of the losses, "high" and "medium" `mediumShare`. */
export function chooseLevels(rows: readonly BacktestRow[], model: RiskModel, highShare: number = CALIBRATION_RULES.highLossShare, mediumShare: number = CALIBRATION_RULES.mediumLossShare): RiskModel['levels'] {
  const lossP = predict(rows.filter((r) => !r.renewed), model).map((p) => p.p).sort((a, b) => a - b);
  if (lossP.length === 0) return model.levels;
  const cut = (share: number) => Math.min(1, Math.ceil((lossP[Math.max(0, Math.ceil(share * lossP.length) - 1)]! + 1e-9) * 1000) / 1000);
  const high = cut(highShare);
  return { high, medium: Math.max(high, cut(mediumShare)) };
}

function coefficientTable(model: RiskModel, global: RiskModel, rows: readonly BacktestRow[]) {
  return factorsOf(rows, global).map((factor) => ({ factor, value: model.coefficients[factor] ?? global.coefficients[factor] ?? 0, global: global.coefficients[factor] ?? 0 }));
}

const FACTOR_SET_WORDS: Record<FactorSet, string> = {
  global: 'the coefficients of the factors the global model weighs',
  candidates: 'the coefficients of the factors the global model weighs and of the candidate signals',
  all: 'every coefficient',
};

interface Candidate {
  mode: Exclude<CalibrationMode, 'global'>;
  penalty: number | null;
  factors: FactorSet | null;
  fit: (rows: readonly BacktestRow[], version: string) => RiskModel;
}

/**
 * The models a calibration may choose, simplest first: recalibration; with enough renewals, full
 * fits of the factors the global model weighs, then of those and the candidate signals, then of
 * every factor, each from the strongest shrinkage to the weakest. A factor a fit leaves out is
 * fixed at 0; one it weighs but the global model does not is shrunk towards 0.
 */
function candidates(rows: readonly BacktestRow[], global: RiskModel, fullFit: boolean, rules: CalibrationRules): Candidate[] {
  const list: Candidate[] = [{ mode: 'recalibrated', penalty: null, factors: null, fit: (r, version) => fitRecalibration(r, global, version) }];
  if (!fullFit) return list;
  const silent = factorsOf(rows, global).filter((f) => (global.coefficients[f] ?? 0) === 0);
  const candidate = new Set<string>(CANDIDATE_FACTORS);
  const fixedFor: Record<FactorSet, Record<string, number>> = {
    global: Object.fromEntries(silent.map((f) => [f, 0])),
    candidates: Object.fromEntries(silent.filter((f) => !candidate.has(f)).map((f) => [f, 0])),
    all: {},
  };
  // A set that weighs no more than the one before it is the same model: skip it.
  const sets = (['global', 'candidates', 'all'] as const).filter((set, i, all) => i === 0 ? Object.keys(fixedFor[set]).length > 0 : Object.keys(fixedFor[set]).length < Object.keys(fixedFor[all[i - 1]!]).length);
  for (const factors of sets) {
    for (const penalty of rules.penalties) {
      list.push({ mode: 'fitted', penalty, factors, fit: (r, version) => fitFull(r, global, penalty, version, undefined, fixedFor[factors]) });
    }
  }
  return list;
}

/** The sentence a reason gains when the newest renewals' level moved the intercept. */
function shiftWords(s: LevelShift): string {
  const pct = (x: number) => `${Math.round(x * 1000) / 10} %`;
  return ` The ${s.renewals} newest renewals (closing from ${s.from}) renewed ${pct(s.observedRate)} where the model predicted ${pct(s.predictedRate)}, ${Math.abs(s.z)} standard deviations apart (noise stays within ${s.threshold}): its intercept moved by ${s.applied} log-odds towards their level (${s.seen} would match it; shrunk by the evidence).`;
}

export function calibrate(rows: readonly BacktestRow[], global: RiskModel = GLOBAL_RISK_MODEL, rules: CalibrationRules = CALIBRATION_RULES): Calibration {
  const sorted = [...rows].sort((a, b) => a.closeDate.localeCompare(b.closeDate) || a.renewalId.localeCompare(b.renewalId));
  const won = sorted.filter((r) => r.renewed).length;
  const lost = sorted.length - won;
  const minority = Math.min(won, lost);
  const fittedOn = { renewals: sorted.length, won, lost, firstCloseDate: sorted[0]?.closeDate ?? null, lastCloseDate: sorted.at(-1)?.closeDate ?? null };
  const keepGlobal = (reason: string, validation: Calibration['validation'] = null, enoughHistory = true, levelShift: LevelShift | null = null): Calibration => ({ enoughHistory, mode: 'global', reason, model: global, fittedOn, validation, levelShift, coefficients: coefficientTable(global, global, sorted) });

  if (sorted.length < rules.minRenewals || minority < rules.minMinority) {
    return keepGlobal(`Too little history to learn from: ${sorted.length} renewals (${won} won, ${lost} lost); at least ${rules.minRenewals} with ${rules.minMinority} of each outcome are needed.`, null, false);
  }
  const split = Math.floor(sorted.length * (1 - rules.heldOutShare));
  const train = sorted.slice(0, split);
  const test = sorted.slice(split);
  const testWon = test.filter((r) => r.renewed).length;
  if (testWon < rules.minHeldOutEach || test.length - testWon < rules.minHeldOutEach) {
    return keepGlobal(`The ${test.length} newest renewals hold too few of each outcome (${testWon} won, ${test.length - testWon} lost) to validate a fitted model on.`);
  }

  const globalFigures = figures(test, global);
  // Candidates are listed simplest first; a later one must predict strictly better to be taken.
  let best: (Candidate & { figures: HeldOutFigures }) | null = null;
  for (const candidate of candidates(sorted, global, minority >= rules.fullFitMinority, rules)) {
    const f = figures(test, candidate.fit(train, 'candidate'));
    if (!best || f.logLoss < best.figures.logLoss) best = { ...candidate, figures: f };
  }
  if (!best) throw new Error('no calibration candidate'); // recalibration is always one
  const validation = {
    heldOutFrom: test[0]!.closeDate,
    train: train.length,
    heldOut: test.length,
    global: globalFigures,
    candidate: { mode: best.mode, penalty: best.penalty, factors: best.factors, ...best.figures },
  };
  const version = (mode: CalibrationMode) => `${mode}-${fittedOn.lastCloseDate}-n${sorted.length}`;
  // The risk-level cut-offs chosen from this portal's renewals under the model that will score them.
  const withLevels = (m: RiskModel): RiskModel => ({ ...m, levels: chooseLevels(sorted, m, rules.highLossShare, rules.mediumLossShare) });
  if (best.figures.logLoss >= globalFigures.logLoss) {
    const kept = `On the ${test.length} newest renewals the ${best.mode} model predicted no better than the global one (log loss ${best.figures.logLoss} against ${globalFigures.logLoss}).`;
    const shift = checkLevelShift(test, sorted, global, false, rules.levelShiftZ);
    if (shift.applied === 0) return keepGlobal(kept, validation, true, shift);
    // The global coefficients stay; only the level moves: a recalibration with the slope held at 1.
    const moved = shifted(global, shift, version('recalibrated'));
    const model = withLevels(moved);
    return { enoughHistory: true, mode: 'recalibrated', reason: `${kept} The global coefficients are kept.${shiftWords(shift)}`, model, fittedOn, validation, levelShift: shift, coefficients: coefficientTable(model, global, sorted) };
  }

  const fitted = best.fit(sorted, version(best.mode));
  const shift = checkLevelShift(test, sorted, fitted, true, rules.levelShiftZ);
  const moved = shifted(fitted, shift, fitted.version);
  const model = withLevels(moved);
  const how = best.mode === 'fitted'
    ? `${FACTOR_SET_WORDS[best.factors!]} fitted, shrunk towards the global ones (strength ${best.penalty})`
    : minority < rules.fullFitMinority
      ? `only the intercept and slope refitted (fewer than ${rules.fullFitMinority} ${won < lost ? 'wins' : 'losses'})`
      : 'only the intercept and slope refitted (it beat every full fit on held-out renewals)';
  return {
    enoughHistory: true,
    mode: best.mode,
    reason: `Learned from ${sorted.length} renewals: ${how}; on the ${test.length} newest it improved log loss from ${globalFigures.logLoss} to ${best.figures.logLoss}.${shift.applied === 0 ? '' : shiftWords(shift)}`,
    model,
    fittedOn,
    validation,
    levelShift: shift,
    coefficients: coefficientTable(model, global, sorted),
  };
}
