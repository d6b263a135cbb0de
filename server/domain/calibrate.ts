// Per-portal calibration of the renewal-risk model from the portal's own backtest rows. With enough
// renewals every coefficient is fitted by penalised maximum likelihood, shrunk towards the global
// one; with fewer only the intercept and slope of the global log-odds are refitted; with very few
// the global model is kept. The candidates are nested (recalibration; then the factors the global
// model weighs; then every factor, each with several shrinkage strengths) and judged on the newest
// renewals (a time split): the one with the lowest log loss there is taken (the simpler on a tie),
// and it must beat the global model there, or the global model is kept and the reason said.
import type { BacktestRow } from './backtest.ts';
import { predict } from './backtest.ts';
import { chooseHinges, hingeColumn, type HingeAt } from './calibrate-hinges.ts';
import { fitLogistic } from './logistic-fit.ts';
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
   * How many of the strongest factors the last candidates bend (calibrate-hinges.ts). 0: no bent
   * candidates. Measured with 3 and not adopted: on ours the time split never takes them; on
   * `variant` it does, for +0.008 of AUC ÷ oracle (most of it from the shrinkage it came with) and
   * +0.0031 of ECE; fitted in-sample on the evaluation year, 3 bends add 0.000 and 0.004 of AUC ÷
   * oracle (docs/benchmarks.md, "Bends in a factor's effect").
   */
  hingeFactors: 0,
} as const;

export interface CalibrationOptions {
  /** CALIBRATION_RULES.hingeFactors unless given. */
  hingeFactors?: number;
}

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
    candidate: HeldOutFigures & { mode: Exclude<CalibrationMode, 'global'>; penalty: number | null; factors: FactorSet | null; bent: boolean };
  };
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
 * all 1 when absent), e.g. by recency (recency.ts). `hinges` bends those factors' effects at their
 * knots (calibrate-hinges.ts): each bend is a coefficient shrunk towards 0 (no bend) like the
 * others; one that would turn the slope above its knot against the factor's direction flattens it
 * there instead (the factor then counts as if capped at its knot).
 */
export function fitFull(rows: readonly BacktestRow[], global: RiskModel, penalty: number, version: string, prior: (factor: string) => number = (f) => global.coefficients[f] ?? 0, fixed: Readonly<Record<string, number>> = {}, weight?: readonly number[], hinges: readonly HingeAt[] = []): RiskModel {
  const factors = factorsOf(rows, global);
  const n = factors.length;
  const directionOf = (f: string) => (FACTOR_DIRECTIONS as Readonly<Record<string, number>>)[f] ?? 0;
  const direction = [...factors.map(directionOf), ...hinges.map((h) => directionOf(h.factor))];
  /** For each bend, its factor's column (−1 when the factor is not fitted here). */
  const bentColumn = hinges.map((h) => factors.indexOf(h.factor));
  const pinned = new Set<number>();
  /** Bends whose slope above the knot is held at 0: their factor's column reads min(value, knot). */
  const flat = new Set<number>();
  const fixedAt = [...factors.map((f) => fixed[f]), ...hinges.map(() => undefined)];
  const y = rows.map((r) => (r.renewed ? 1 : 0));
  const flatKnot = (j: number) => {
    for (const k of flat) if (bentColumn[k] === j) return hinges[k]!.knot;
    return null;
  };
  for (;;) {
    const knots = factors.map((_, j) => flatKnot(j));
    const x = rows.map((r) => [
      ...factors.map((f, j) => {
        const value = r.x[f];
        const knot = knots[j] ?? null;
        return value === undefined ? 0 : knot === null ? value : Math.min(value, knot);
      }),
      ...hinges.map((h) => hingeColumn(h, r.x[h.factor])),
    ]);
    const variance = direction.map((_, j) => {
      const mean = x.reduce((s, row) => s + row[j]!, 0) / x.length;
      return x.reduce((s, row) => s + (row[j]! - mean) ** 2, 0) / x.length;
    });
    const held = (j: number) => fixedAt[j] !== undefined || pinned.has(j) || (j >= n && flat.has(j - n));
    const means = [global.intercept, ...factors.map((f, j) => fixedAt[j] ?? (pinned.has(j) ? 0 : clampToDirection(prior(f), direction[j]!))), ...hinges.map(() => 0)];
    const strengths = [0, ...variance.map((v, j) => (held(j) ? PINNED : penalty * Math.max(v, 0.01)))];
    const fit = fitLogistic({ x, y, prior: means, penalty: strengths, weight });
    const beta = (j: number) => (j < 0 ? 0 : fit.beta[j + 1]!);
    // A factor's slope (below its knot when bent); a bend's is the slope above its knot.
    const slope = (j: number) => (j < n ? beta(j) : beta(j) + beta(bentColumn[j - n]!));
    const wrong = direction.map((_, j) => j).filter((j) => !held(j) && direction[j]! * slope(j) < -1e-9);
    if (wrong.length === 0) {
      const coefficients = Object.fromEntries(factors.map((f, j) => [f, fixedAt[j] ?? (pinned.has(j) ? 0 : r4(beta(j)))]));
      const bendOf = (k: number) => (flat.has(k) ? -coefficients[hinges[k]!.factor]! : pinned.has(n + k) ? 0 : r4(beta(n + k)));
      const bends = hinges.map((h, k) => ({ factor: h.factor, knot: h.knot, coefficient: bendOf(k) })).filter((h) => h.coefficient !== 0);
      return { version, intercept: r4(fit.beta[0]!), coefficients, ...(bends.length > 0 ? { hinges: bends } : {}), levels: global.levels };
    }
    // Correct the most wrong one first: that may bring the others back. A bend whose factor still
    // weighs below the knot is flattened above it; anything else is pinned at 0.
    const worst = wrong.reduce((a, b) => (Math.abs(slope(b)) * Math.sqrt(variance[b]!) > Math.abs(slope(a)) * Math.sqrt(variance[a]!) ? b : a));
    if (worst >= n && bentColumn[worst - n]! >= 0 && !held(bentColumn[worst - n]!)) flat.add(worst - n);
    else pinned.add(worst);
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
    ...(global.hinges ? { hinges: global.hinges.map((h) => ({ ...h, coefficient: r4(b * h.coefficient) })) } : {}),
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
  /** Whether the fit bends the strongest factors' effects (calibrate-hinges.ts). */
  bent: boolean;
  /** The coefficients a full fit holds at 0 (the factors outside its set). */
  fixed: Readonly<Record<string, number>>;
  fit: (rows: readonly BacktestRow[], version: string) => RiskModel;
}

/**
 * The models a calibration may choose, simplest first: recalibration; with enough renewals, full
 * fits of the factors the global model weighs, then of those and the candidate signals, then of
 * every factor, each from the strongest shrinkage to the weakest. A factor a fit leaves out is
 * fixed at 0; one it weighs but the global model does not is shrunk towards 0.
 */
function candidates(rows: readonly BacktestRow[], global: RiskModel, fullFit: boolean): Candidate[] {
  const list: Candidate[] = [{ mode: 'recalibrated', penalty: null, factors: null, bent: false, fixed: {}, fit: (r, version) => fitRecalibration(r, global, version) }];
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
    const fixed = fixedFor[factors];
    for (const penalty of CALIBRATION_RULES.penalties) {
      list.push({ mode: 'fitted', penalty, factors, bent: false, fixed, fit: (r, version) => fitFull(r, global, penalty, version, undefined, fixed) });
    }
  }
  return list;
}

/**
 * The full fit `linear` (the one that predicted the newest renewals best) with the effects of its
 * strongest factors bent (calibrate-hinges.ts): on whatever rows it is fitted, the linear fit is
 * made first and tells which factors to bend and where, then everything is fitted again with the bends.
 */
function bentCandidate(linear: Candidate, global: RiskModel, hingeFactors: number): Candidate {
  return {
    ...linear,
    bent: true,
    fit: (rows, version) => {
      const straight = linear.fit(rows, version);
      const hinges = chooseHinges(rows, straight, hingeFactors);
      return hinges.length === 0 ? straight : fitFull(rows, global, linear.penalty!, version, undefined, linear.fixed, undefined, hinges);
    },
  };
}

/** ", the effects of A and B bent at their medians" for a model with bends, "" for one without. */
function bendWords(model: RiskModel): string {
  const names = (model.hinges ?? []).map((h) => h.factor.replaceAll('_', ' '));
  if (names.length === 0) return '';
  const list = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;
  return `, with the effect${names.length === 1 ? '' : 's'} of ${list} bent at ${names.length === 1 ? 'its median' : 'their medians'}`;
}

export function calibrate(rows: readonly BacktestRow[], global: RiskModel = GLOBAL_RISK_MODEL, options: CalibrationOptions = {}): Calibration {
  const rules = CALIBRATION_RULES;
  const hingeFactors: number = options.hingeFactors ?? rules.hingeFactors;
  const sorted = [...rows].sort((a, b) => a.closeDate.localeCompare(b.closeDate) || a.renewalId.localeCompare(b.renewalId));
  const won = sorted.filter((r) => r.renewed).length;
  const lost = sorted.length - won;
  const minority = Math.min(won, lost);
  const fittedOn = { renewals: sorted.length, won, lost, firstCloseDate: sorted[0]?.closeDate ?? null, lastCloseDate: sorted.at(-1)?.closeDate ?? null };
  const keepGlobal = (reason: string, validation: Calibration['validation'] = null, enoughHistory = true): Calibration => ({ enoughHistory, mode: 'global', reason, model: global, fittedOn, validation, coefficients: coefficientTable(global, global, sorted) });

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
  let bestFull: (Candidate & { figures: HeldOutFigures }) | null = null;
  const straight = candidates(sorted, global, minority >= rules.fullFitMinority);
  for (const candidate of straight) {
    const f = figures(test, candidate.fit(train, 'candidate'));
    if (!best || f.logLoss < best.figures.logLoss) best = { ...candidate, figures: f };
    if (candidate.mode === 'fitted' && (!bestFull || f.logLoss < bestFull.figures.logLoss)) bestFull = { ...candidate, figures: f };
  }
  if (!best) throw new Error('no calibration candidate'); // recalibration is always one
  // Last and most complex: the factor set of the best full fit with its strongest factors' effects
  // bent, like every set from the strongest shrinkage to the weakest.
  if (bestFull && hingeFactors > 0) {
    for (const linear of straight.filter((c) => c.mode === 'fitted' && c.factors === bestFull.factors)) {
      const bent = bentCandidate(linear, global, hingeFactors);
      const f = figures(test, bent.fit(train, 'candidate'));
      if (f.logLoss < best.figures.logLoss) best = { ...bent, figures: f };
    }
  }
  const validation = {
    heldOutFrom: test[0]!.closeDate,
    train: train.length,
    heldOut: test.length,
    global: globalFigures,
    candidate: { mode: best.mode, penalty: best.penalty, factors: best.factors, bent: best.bent, ...best.figures },
  };
  if (best.figures.logLoss >= globalFigures.logLoss) {
    return keepGlobal(`On the ${test.length} newest renewals the ${best.mode} model predicted no better than the global one (log loss ${best.figures.logLoss} against ${globalFigures.logLoss}).`, validation);
  }

  const version = `${best.mode}-${fittedOn.lastCloseDate}-n${sorted.length}`;
  const fitted = best.fit(sorted, version);
  const model: RiskModel = { ...fitted, levels: chooseLevels(sorted, fitted) };
  const how = best.mode === 'fitted'
    ? `${FACTOR_SET_WORDS[best.factors!]} fitted, shrunk towards the global ones (strength ${best.penalty})${bendWords(model)}`
    : minority < rules.fullFitMinority
      ? `only the intercept and slope refitted (fewer than ${rules.fullFitMinority} ${won < lost ? 'wins' : 'losses'})`
      : 'only the intercept and slope refitted (it beat every full fit on held-out renewals)';
  return {
    enoughHistory: true,
    mode: best.mode,
    reason: `Learned from ${sorted.length} renewals: ${how}; on the ${test.length} newest it improved log loss from ${globalFigures.logLoss} to ${best.figures.logLoss}.`,
    model,
    fittedOn,
    validation,
    coefficients: coefficientTable(model, global, sorted),
  };
}
