// Pieces several view models share: the score, its trend, renewal risk, objectives ranked by
// opportunity, show-stoppers.
import type { PlanObjective, RiskLevel, ShowStopper } from './api-types.ts';
import { DEFAULT_LOCALE, formatNumber, formatProbability, formatSigned } from './format.ts';
import { NO_VALUE, type Figure, type TagModel, type Tone, type TrendModel } from './view.ts';
import { rankByOpportunity } from './ranking.ts';
import { RISK_LABELS, SHOW_STOPPER_KINDS, WORDING } from './wording.ts';

/** ROB level at which the score reads healthy, and under which it reads critical (docs/engine.md). */
export const SCORE_BANDS = { healthy: 60, critical: 40 } as const;

/** A 30-day ROB trend at or below this many points counts as falling fast. */
export const FALLING_TREND = -10;

export function scoreTone(score: number | null): Tone {
  if (score === null) return 'default';
  return score >= SCORE_BANDS.healthy ? 'success' : score >= SCORE_BANDS.critical ? 'warning' : 'danger';
}

export function scoreFigure(score: number | null, locale = DEFAULT_LOCALE): Figure {
  return {
    key: 'robScore',
    label: WORDING.company.scoreLabel,
    value: score,
    unit: 'points',
    display: score === null ? NO_VALUE : formatNumber(score, 0, locale),
    tone: scoreTone(score),
    hint: WORDING.company.scoreHint,
  };
}

export function trendModel(trend: number | null, locale = DEFAULT_LOCALE): TrendModel | null {
  if (trend === null) return null;
  const rounded = Math.round(trend * 10) / 10;
  const short = formatSigned(rounded, 1, locale);
  return {
    value: rounded,
    short,
    display: WORDING.company.trend(short),
    direction: rounded > 0 ? 'increase' : rounded < 0 ? 'decrease' : 'flat',
    tone: rounded > 0 ? 'success' : rounded <= FALLING_TREND ? 'danger' : rounded < 0 ? 'warning' : 'default',
  };
}

export function riskTag(level: RiskLevel | null): TagModel {
  return level === null ? { text: WORDING.company.riskUnknown, tone: 'default' } : { ...RISK_LABELS[level] };
}

export function probabilityFigure(probability: number | null, level: RiskLevel | null, locale = DEFAULT_LOCALE): Figure {
  return {
    key: 'renewalProbability',
    label: WORDING.company.probabilityLabel,
    value: probability,
    unit: 'percent',
    display: probability === null ? NO_VALUE : formatProbability(probability, locale),
    tone: level === null ? 'default' : RISK_LABELS[level].tone,
  };
}

export { isOverdue, isPending, opportunity } from './ranking.ts';

export interface RankedPlanObjective {
  objective: PlanObjective;
  opportunity: number;
  overdue: boolean;
}

/** The engine's ranking (ranking.ts) applied to the stored plan, so the card ranks what the CSM just saved. */
export function rankPlanObjectives(objectives: readonly PlanObjective[], now: number): RankedPlanObjective[] {
  return rankByOpportunity(objectives, now).map(({ item, opportunity, overdue }) => ({ objective: item, opportunity, overdue }));
}

export interface ShowStopperRow {
  id: string;
  kind: TagModel;
  title: string;
  reason: string;
}

export function showStopperRows(stoppers: readonly ShowStopper[]): ShowStopperRow[] {
  return stoppers.map((s) => ({ id: s.id, kind: { text: SHOW_STOPPER_KINDS[s.kind], tone: 'danger' }, title: s.title, reason: s.reason }));
}
