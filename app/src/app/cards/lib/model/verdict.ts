// "Before you pitch", the salesperson's sidebar: is now a good moment to talk expansion?
//
// The verdict follows fixed rules, checked in this order (thresholds in VERDICT_RULES):
//   1. No verdict      — the engine had too little data to score the customer.
//   2. At risk         — renewal risk is high (probability of renewing < 55 %), or the ROB score is
//                        below 40 and fell by 10 points or more in 30 days, or the customer asked
//                        in the last 90 days to cancel or buy less (a `contraction_ask` show-stopper).
//   3. Resolve first   — any open show-stopper ("don't pitch yet", product.md), or renewal risk is
//                        medium, or the ROB score fell by 10 points or more in 30 days, or the ROB
//                        score is below 50 (value not yet realised).
//   4. Good moment     — otherwise: low renewal risk, nothing blocking, value holding or rising.
// Every rule that fires adds its reason, so "at risk" also lists the show-stoppers to resolve.
import type { AccountResult, PlanObjective, ReadySuccessView } from './api-types.ts';
import { FALLING_TREND, SCORE_BANDS, scoreFigure, showStopperRows, trendModel, type ShowStopperRow } from './common.ts';
import { DEFAULT_LOCALE, formatHours, formatMoney, formatNumber, formatProbability, formatSigned, relativeTime } from './format.ts';
import type { Figure, Tone, TrendModel } from './view.ts';
import { WORDING } from './wording.ts';

export const VERDICT_RULES = {
  /** ROB below this, falling at the same time, makes the account "at risk". */
  criticalRob: SCORE_BANDS.critical,
  /** ROB below this: the customer has not realised enough value to be pitched more. */
  lowRob: 50,
  /** A 30-day trend at or below this many points counts as falling. */
  fallingTrend: FALLING_TREND,
} as const;

export type VerdictKind = 'good_moment' | 'resolve_first' | 'at_risk' | 'unknown';

export interface Verdict {
  kind: VerdictKind;
  reasons: string[];
}

export function salesVerdict(result: AccountResult, locale = DEFAULT_LOCALE): Verdict {
  const r = WORDING.pitch.reasons;
  const score = result.rob.score;
  if (result.status === 'insufficient_data' || score === null) {
    return { kind: 'unknown', reasons: [result.statusReason ?? WORDING.states.insufficientFallback] };
  }
  const trend = result.rob.trend30d;
  const { level, renewalProbability } = result.risk;
  const p = renewalProbability === null ? null : formatProbability(renewalProbability, locale);
  const scoreText = formatNumber(score, 0, locale);
  const trendText = trend === null ? null : formatSigned(trend, 1, locale);
  const falling = trend !== null && trend <= VERDICT_RULES.fallingTrend;
  const stoppers = result.plan.showStoppers;

  const atRisk: string[] = [];
  if (level === 'high' && p !== null) atRisk.push(r.risk('high', p));
  if (score < VERDICT_RULES.criticalRob && falling && trendText !== null) atRisk.push(r.lowAndFalling(scoreText, trendText));
  // No expansion pitch to a customer who has just asked to cancel or buy less.
  const asked = stoppers.find((s) => s.kind === 'contraction_ask');
  if (asked) atRisk.push(r.asked(asked.reason));

  const resolve: string[] = [];
  if (stoppers.length > 0) resolve.push(r.showStoppers(stoppers.length, stoppers.map((s) => s.title).join('; ')));
  if (level === 'medium' && p !== null) resolve.push(r.risk('medium', p));
  if (falling && trendText !== null && !(score < VERDICT_RULES.criticalRob)) resolve.push(r.falling(trendText));
  if (score < VERDICT_RULES.lowRob && !(score < VERDICT_RULES.criticalRob && falling)) resolve.push(r.lowValue(scoreText));

  if (atRisk.length > 0) return { kind: 'at_risk', reasons: [...atRisk, ...resolve] };
  if (resolve.length > 0) return { kind: 'resolve_first', reasons: resolve };

  const good: string[] = [];
  if (p !== null && level !== null) good.push(r.risk(level, p));
  good.push(r.noShowStoppers);
  good.push(r.value(scoreText, trendText));
  const s = result.savings;
  if (s.hoursSaved > 0) good.push(r.saved(formatHours(s.hoursSaved, locale), formatMoney(s.moneySaved, s.currency, locale)));
  return { kind: 'good_moment', reasons: good };
}

export interface BeforeYouPitchModel {
  verdict: { kind: VerdictKind; title: string; summary: string; tone: Tone; reasons: string[] };
  value: { title: string; score: Figure; trend: TrendModel | null; figures: Figure[] };
  objectives: { title: string; summary: string; achieved: string[] };
  showStoppers: { title: string; rows: ShowStopperRow[]; empty: string };
  computed: string;
}

function achievedSummary(objectives: readonly PlanObjective[]): { summary: string; achieved: string[] } {
  const counted = objectives.filter((o) => o.status !== 'dropped');
  const achieved = counted.filter((o) => o.status === 'achieved').map((o) => o.statement);
  return { summary: counted.length === 0 ? WORDING.pitch.objectivesNone : WORDING.pitch.objectivesAchieved(achieved.length, counted.length), achieved };
}

export function beforeYouPitchModel(view: ReadySuccessView, now: number, locale = DEFAULT_LOCALE): BeforeYouPitchModel {
  const verdict = salesVerdict(view.result, locale);
  const words = WORDING.pitch.verdicts[verdict.kind];
  const s = view.result.savings;
  const objectives = achievedSummary(view.plan.objectives);
  return {
    verdict: { kind: verdict.kind, title: words.title, summary: words.summary, tone: words.tone, reasons: verdict.reasons },
    value: {
      title: WORDING.pitch.valueTitle,
      score: scoreFigure(view.result.rob.score, locale),
      trend: trendModel(view.result.rob.trend30d, locale),
      figures: [
        { key: 'hoursSaved', label: WORDING.company.hoursSavedLabel, value: s.hoursSaved, unit: 'hours', display: formatHours(s.hoursSaved, locale), tone: s.hoursSaved > 0 ? 'success' : 'default' },
        { key: 'moneySaved', label: WORDING.company.moneySavedLabel, value: s.moneySaved, unit: 'money', currency: s.currency, display: formatMoney(s.moneySaved, s.currency, locale), tone: s.moneySaved > 0 ? 'success' : 'default' },
      ],
    },
    objectives: { title: WORDING.pitch.objectivesTitle, summary: objectives.summary, achieved: objectives.achieved },
    showStoppers: { title: WORDING.pitch.showStoppersTitle, rows: showStopperRows(view.result.plan.showStoppers), empty: WORDING.pitch.showStoppersNone },
    computed: WORDING.company.computedAgo(relativeTime(view.computedAt, now, WORDING.common.justNow, locale)),
  };
}
