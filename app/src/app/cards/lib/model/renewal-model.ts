// The renewal model section of the settings page, as text and table rows (pure; both renderers
// draw it): which model results use, what it learned from the portal's own renewals (and which it
// could not score, and why), and how well it predicted them — AUC against the default model,
// predicted against actual per decile, the renewal rate per risk level, and each factor's weight
// next to the default's.
import type { ModelView, SkipReason } from './api-types.ts';
import { DEFAULT_LOCALE, formatDate, formatDateTime, formatNumber, formatPercent } from './format.ts';
import { FACTOR_MEANINGS } from './factor-meanings.ts';
import { WORDING } from './wording.ts';

export interface RenewalModelSection {
  title: string;
  inUse: string;
  /** Null before the first fit (then `none` says why). */
  learned: null | {
    learnedFrom: string;
    /** The past renewals that could not be scored, so were not learned from: how many, why, what would fix it; null when none. */
    skipped: string | null;
    reason: string;
    /** How long before each renewal it was scored as of; null from servers that do not report it. */
    horizon: string | null;
    /** The newest renewals' rate against the model's prediction for them, and whether its level moved; null when not checked. */
    newest: string | null;
    /** The held-out check: the learned model against the default on the newest renewals, which the fit never saw; null without one. */
    heldOut: string | null;
    auc: string | null;
    aucDefault: string | null;
    /** The Brier score, its skill against always predicting the renewal rate, and the calibration error (ECE), each with what it means; null without a figure. */
    brier: string | null;
    brierSkill: string | null;
    ece: string | null;
    caught: string | null;
    reliability: Array<{ predicted: string; actual: string; renewals: string }>;
    levels: Array<{ level: string; renewals: string; rate: string }>;
    /** Each factor the learned or the default model weighs: its name, what it reads in plain words, its weights. */
    coefficients: Array<{ factor: string; meaning: string; value: string; global: string }>;
    /** The heading of the coefficients' first weight column: "Learned", or what it is when only the intercept and slope were fitted or the default was kept. */
    valueColumn: string;
    /** In a recalibration, that no factor's weight was learned on its own (and the slope all were scaled by); else null. */
    coefficientsNote: string | null;
  };
  none: string | null;
  /** The admin's switch, when there is something to switch to. */
  action: null | { use: 'global' | 'learned'; label: string };
  /** How far recomputing every account with the model in use has got; null without accounts (or from a server that does not say). */
  recompute: null | { text: string; running: boolean };
}

/** After a switch, the section reloads this often until every account is recomputed, for at most `forMs`. */
export const RECOMPUTE_POLL = { everyMs: 2_000, forMs: 10 * 60_000 };

/** The wait before reloading the model view to follow a recompute started at `sinceMs`, or null to stop (done, or watched long enough). */
export function recomputePollDelay(view: ModelView, sinceMs: number, nowMs: number): number | null {
  const r = view.recompute;
  if (!r || r.current >= r.accounts || nowMs - sinceMs > RECOMPUTE_POLL.forMs) return null;
  return RECOMPUTE_POLL.everyMs;
}

function recomputeLine(view: ModelView, locale: string): RenewalModelSection['recompute'] {
  const r = view.recompute;
  if (!r || r.accounts === 0) return null;
  const w = WORDING.settings.model;
  const n = (x: number) => formatNumber(x, 0, locale);
  if (r.current < r.accounts || r.lastComputedAt === null) return { text: w.recomputing(n(r.current), n(r.accounts)), running: true };
  return { text: w.recomputed(n(r.accounts), r.accounts === 1, formatDateTime(r.lastComputedAt, locale)), running: false };
}

const LEVEL_LABEL = { high: 'High', medium: 'Medium', low: 'Low' } as const;
/** The order the skipped renewals' reasons are named in (every reason, so a new one cannot be left out). */
const SKIP_ORDER = Object.keys({ usage_history_too_short: 0, not_yet_a_customer: 0, insufficient_data: 0 } satisfies Record<SkipReason, 0>) as SkipReason[];

/** The skipped renewals, worded with the horizon the backtest used (servers that do not report it: worded without one). */
function skippedSentence(latest: NonNullable<ModelView['latest']>, locale: string): string | null {
  const parts = SKIP_ORDER.flatMap((reason) => {
    const n = latest.skipped?.[reason] ?? 0;
    return n > 0 ? [{ reason, count: formatNumber(n, 0, locale), one: n === 1 }] : [];
  });
  const days = latest.horizonDays;
  return parts.length === 0 ? null : WORDING.settings.model.skipped(parts, days === undefined ? null : { days: formatNumber(days, 0, locale), one: days === 1 });
}

/**
 * The one slope a recalibration scaled every default weight by (value ÷ default, read off the
 * factor with the largest default weight for the least rounding); null when it kept them as they were.
 */
function recalibrationSlope(coefficients: NonNullable<ModelView['latest']>['coefficients'], locale: string): string | null {
  const largest = coefficients.reduce<(typeof coefficients)[number] | null>((best, c) => (Math.abs(c.global) > Math.abs(best?.global ?? 0) ? c : best), null);
  if (!largest) return null;
  const slope = formatNumber(largest.value / largest.global, 2, locale);
  return slope === formatNumber(1, 2, locale) ? null : slope;
}

/** The held-out check in words (null when there was none or it has no AUC to compare). */
function heldOutSentence(latest: NonNullable<ModelView['latest']>, locale: string): string | null {
  const h = latest.heldOut;
  if (!h || h.learned.auc === null || h.global.auc === null) return null;
  const n = (x: number) => formatNumber(x, 0, locale);
  return WORDING.settings.model.heldOut(n(h.renewals), formatDate(h.from, locale), n(h.train), formatPercent(h.learned.auc, 0, locale), formatPercent(h.global.auc, 0, locale));
}

export function renewalModelSection(view: ModelView, locale = DEFAULT_LOCALE): RenewalModelSection {
  const w = WORDING.settings.model;
  const inUse = view.inUse.source === 'learned' ? w.inUse.learned(view.inUse.version) : w.inUse[view.inUse.source];
  const latest = view.latest;
  const pct = (x: number | null) => (x === null ? '—' : formatPercent(x, 0, locale));
  const action = !view.canManage || latest === null || latest.mode === 'global' ? null : view.inUse.source === 'learned' ? { use: 'global' as const, label: w.useGlobal } : { use: 'learned' as const, label: w.useLearned };
  const recompute = recomputeLine(view, locale);
  if (!latest) return { title: w.title, inUse, learned: null, none: w.none, action: null, recompute };
  const b = latest.backtest;
  const g = latest.globalBacktest;
  // The default model's figure beside the learned one's, unless the fit kept the default (then it is the same figure).
  const vsDefault = (x: number | null, format: (x: number) => string) => (x === null || latest.mode === 'global' ? null : format(x));
  const points = (x: number) => formatNumber(x * 100, 1, locale);
  return {
    title: w.title,
    inUse,
    none: null,
    action,
    recompute,
    learned: {
      learnedFrom: (latest.mode === 'global' ? w.notLearned : w.learnedFrom)(`${formatNumber(latest.fittedOn.renewals, 0, locale)} ${latest.fittedOn.renewals === 1 ? 'renewal' : 'renewals'}`, formatDate(latest.fittedAt, locale)),
      skipped: skippedSentence(latest, locale),
      reason: latest.reason,
      horizon: latest.horizonDays === undefined ? null : w.horizon(formatNumber(latest.horizonDays, 0, locale), latest.horizonDays === 1),
      newest: latest.levelShift ? w.newest(formatNumber(latest.levelShift.renewals, 0, locale), formatDate(latest.levelShift.from, locale), formatPercent(latest.levelShift.observedRate, 1, locale), formatPercent(latest.levelShift.predictedRate, 1, locale), latest.levelShift.applied !== 0) : null,
      heldOut: heldOutSentence(latest, locale),
      auc: b.auc === null ? null : w.auc(pct(b.auc), b.aucInterval ? { low: pct(b.aucInterval[0]), high: pct(b.aucInterval[1]) } : null),
      // A fit that kept the default model was backtested as the default: the same figure twice says nothing.
      aucDefault: latest.globalBacktest.auc === null || latest.mode === 'global' ? null : w.aucDefault(pct(latest.globalBacktest.auc)),
      brier: b.brier === null ? null : w.brier(formatNumber(b.brier, 3, locale), vsDefault(g.brier, (x) => formatNumber(x, 3, locale))),
      brierSkill: b.brierSkill === null ? null : w.brierSkill(pct(b.brierSkill), vsDefault(g.brierSkill, pct)),
      ece: b.ece === null ? null : w.ece(points(b.ece), points(b.ece) === formatNumber(1, 1, locale), vsDefault(g.ece, points)),
      caught: b.lossesCaughtTop20 === null ? null : w.caught(pct(b.lossesCaughtTop20)),
      reliability: b.reliability.filter((r) => r.count > 0).map((r) => ({ predicted: pct(r.meanPredicted), actual: pct(r.observedRate), renewals: formatNumber(r.count, 0, locale) })),
      levels: (['high', 'medium', 'low'] as const).map((l) => ({ level: LEVEL_LABEL[l], renewals: formatNumber(b.levels[l]?.count ?? 0, 0, locale), rate: pct(b.levels[l]?.renewalRate ?? null) })),
      coefficients: latest.coefficients.filter((c) => c.value !== 0 || c.global !== 0).map((c) => ({ factor: c.factor.replaceAll('_', ' '), meaning: FACTOR_MEANINGS[c.factor] ?? '', value: formatNumber(c.value, 2, locale), global: formatNumber(c.global, 2, locale) })),
      valueColumn: latest.mode === 'recalibrated' ? w.recalibratedColumn : latest.mode === 'global' ? w.keptColumn : w.coefficientsColumns.value,
      coefficientsNote: latest.mode === 'recalibrated' ? w.recalibrated(recalibrationSlope(latest.coefficients, locale)) : null,
    },
  };
}
