// The company record tab, "Customer success": GET …/companies/{id}/success → what the card shows.
import type { HistoryPoint, PlanObjective, ReadySuccessView, RiskNote, RobComponent, Step, SuccessView } from './api-types.ts';
import {
  probabilityFigure,
  rankPlanObjectives,
  riskTag,
  scoreFigure,
  showStopperRows,
  trendModel,
  type ShowStopperRow,
} from './common.ts';
import { DEFAULT_LOCALE, daysUntil, formatDate, formatHours, formatMoney, formatNumber, formatPercent, formatSigned, isoDay, relativeTime, savedByName } from './format.ts';
import type { ChartPoint, Figure, TagModel, TextLine, Tone, TrendModel } from './view.ts';
import { OBJECTIVE_STATUS, STEP_KINDS, WORDING } from './wording.ts';

/** What a card's remote state machine needs to know about a payload. */
export type Classified<T> =
  | { kind: 'ready'; data: T }
  | { kind: 'insufficient'; data: T }
  | { kind: 'computing'; retryAfterMs: number };

export function classifySuccessView(view: SuccessView): Classified<ReadySuccessView> {
  if (view.state === 'computing') return { kind: 'computing', retryAfterMs: view.retryAfterMs };
  return view.result.status === 'insufficient_data' ? { kind: 'insufficient', data: view } : { kind: 'ready', data: view };
}

export interface ComponentRow {
  key: string;
  label: string;
  /** Points this component adds to the score, "21.3". */
  points: string;
  /** Its share of the score, "30%" ("0%" without data). */
  weight: string;
  reason: string;
  hasData: boolean;
  tone: Tone;
}

export interface ObjectiveRow {
  id: string;
  rank: number;
  statement: string;
  metric: string;
  status: TagModel;
  opportunity: { value: number; display: string };
  due: string;
  overdue: boolean;
  canMarkAchieved: boolean;
  objective: PlanObjective;
}

export interface NextStepModel {
  kind: string;
  action: string;
  why: string;
  gain: string;
  effort: string;
}

export interface CompanyCardModel {
  companyName: string;
  insufficient: { title: string; reason: string; whatToDo: string | null } | null;
  computed: { text: string; pendingWrite: string | null };
  score: Figure;
  trend: TrendModel | null;
  trendFallback: string;
  /** `basis`: with a score but some components without data, which ones it rests on (null otherwise). */
  components: { title: string; rows: ComponentRow[]; basis: string | null };
  value: { title: string; figures: Figure[]; note: string };
  risk: { title: string; level: TagModel; probability: Figure; renewal: string; notes: TextLine[] };
  plan: {
    title: string;
    version: number;
    versionText: string;
    objectivesTitle: string;
    objectives: ObjectiveRow[];
    objectivesEmpty: string;
    showStoppers: ShowStopperRow[];
    showStoppersEmpty: string;
    nextStep: NextStepModel | null;
    nextStepEmpty: string;
  };
  history: { title: string; points: ChartPoint[]; empty: string | null; note: string | null };
}

function componentTone(c: RobComponent): Tone {
  if (!c.hasData) return 'default';
  return c.value >= 0.7 ? 'success' : c.value >= 0.45 ? 'default' : c.value >= 0.25 ? 'warning' : 'danger';
}

export function componentRows(components: readonly RobComponent[], locale = DEFAULT_LOCALE): ComponentRow[] {
  return components.map((c) => ({
    key: c.key,
    label: c.label,
    points: formatNumber(c.contribution, 1, locale),
    weight: c.hasData ? formatPercent(c.weight, 0, locale) : `${formatPercent(0, 0, locale)} (${WORDING.company.noData})`,
    reason: c.reason,
    hasData: c.hasData,
    tone: componentTone(c),
  }));
}

/**
 * Which components a score rests on, when some have no data: "The score rests on sentiment (15%)
 * and resolution (85%) only: usage, ticket burden and support time saved have no data." Null
 * without a score or when every component has data.
 */
export function scoreBasis(score: number | null, components: readonly RobComponent[], locale = DEFAULT_LOCALE): string | null {
  const without = components.filter((c) => !c.hasData);
  if (score === null || without.length === 0) return null;
  const withData = components.filter((c) => c.hasData).map((c) => `${c.label.toLowerCase()} (${formatPercent(c.weight, 0, locale)})`);
  return WORDING.company.scoreBasis(withData, without.map((c) => c.label.toLowerCase()));
}

function noteTone(n: RiskNote): Tone {
  return n.effect <= -0.3 ? 'danger' : n.effect < 0 ? 'warning' : n.effect > 0 ? 'success' : 'default';
}

export function nextStepModel(step: Step | null, locale = DEFAULT_LOCALE): NextStepModel | null {
  if (step === null) return null;
  const probabilityPoints = Math.round(step.renewalProbabilityGain * 100);
  return {
    kind: STEP_KINDS[step.kind],
    action: step.action,
    why: step.why,
    gain: WORDING.company.nextStepGain(formatSigned(step.expectedGain, 1, locale), probabilityPoints === 0 ? null : formatSigned(probabilityPoints, 0, locale)),
    effort: WORDING.company.effort(step.effort),
  };
}

export function objectiveRows(objectives: readonly PlanObjective[], now: number, locale = DEFAULT_LOCALE): ObjectiveRow[] {
  const num = (v: number | null | undefined) => (v === null || v === undefined ? null : formatNumber(v, 2, locale));
  return rankPlanObjectives(objectives, now).map(({ objective: o, opportunity, overdue }, i) => ({
    id: o.id,
    rank: i + 1,
    statement: o.statement,
    metric: WORDING.company.metric(o.metric?.trim() ? o.metric.trim() : null, num(o.current), num(o.target)),
    status: { ...OBJECTIVE_STATUS[o.status] },
    opportunity: { value: opportunity, display: WORDING.company.opportunity(formatNumber(opportunity, 1, locale)) },
    due: o.dueDate ? (overdue ? WORDING.company.overdue(formatDate(o.dueDate, locale)) : WORDING.company.due(formatDate(o.dueDate, locale))) : WORDING.company.noDueDate,
    overdue,
    canMarkAchieved: o.status === 'open' || o.status === 'at_risk',
    objective: o,
  }));
}

/**
 * The chart's rows, oldest first: the ROB score and the chance of renewing in percent. Points
 * reconstructed on the first compute are their own series, and give way to a real point in the
 * same month.
 */
export function historyPoints(history: readonly HistoryPoint[]): ChartPoint[] {
  const w = WORDING.company;
  const realMonths = new Set(history.filter((h) => !h.reconstructed).map((h) => isoDay(h.asOf).slice(0, 7)));
  const sorted = [...history].filter((h) => !h.reconstructed || !realMonths.has(isoDay(h.asOf).slice(0, 7))).sort((a, b) => Date.parse(a.asOf) - Date.parse(b.asOf));
  const points: ChartPoint[] = [];
  for (const h of sorted) {
    const date = isoDay(h.asOf);
    const rebuilt = h.reconstructed === true;
    if (h.robScore !== null) points.push({ date, series: rebuilt ? w.historyScoreReconstructed : w.historyScore, value: Math.round(h.robScore * 10) / 10, ...(rebuilt ? { reconstructed: true } : {}) });
    if (h.renewalProbability !== null) points.push({ date, series: rebuilt ? w.historyProbabilityReconstructed : w.historyProbability, value: Math.round(h.renewalProbability * 100), ...(rebuilt ? { reconstructed: true } : {}) });
  }
  return points;
}

/** The sentence under the chart while reconstructed points are shown (null when none are). */
export function historyNote(points: readonly ChartPoint[], locale = DEFAULT_LOCALE): string | null {
  const rebuilt = points.filter((p) => p.reconstructed);
  return rebuilt.length === 0 ? null : WORDING.company.historyReconstructedNote(formatDate(rebuilt[rebuilt.length - 1]!.date, locale));
}

export function companyCardModel(view: ReadySuccessView, now: number, locale = DEFAULT_LOCALE): CompanyCardModel {
  const { result, plan } = view;
  const w = WORDING.company;
  const s = result.savings;
  const daysToRenewal = view.company.renewalDate ? daysUntil(view.company.renewalDate, now) : null;
  const points = historyPoints(view.history);
  const scorePoints = points.filter((p) => p.series === w.historyScore);
  return {
    companyName: view.company.name,
    insufficient:
      result.status === 'insufficient_data'
        ? { title: WORDING.states.insufficientTitle, reason: result.statusReason ?? WORDING.states.insufficientFallback, whatToDo: result.plan.nextBestStep ? WORDING.states.whatToDo(result.plan.nextBestStep.action) : null }
        : null,
    computed: { text: w.computedAgo(relativeTime(view.computedAt, now, WORDING.common.justNow, locale)), pendingWrite: view.pendingWrite ? w.pendingWrite : null },
    score: scoreFigure(result.rob.score, locale),
    trend: trendModel(result.rob.trend30d, locale),
    trendFallback: w.trendNone,
    components: { title: w.componentsTitle, rows: componentRows(result.rob.components, locale), basis: scoreBasis(result.rob.score, result.rob.components, locale) },
    value: {
      title: w.valueTitle,
      figures: [
        { key: 'hoursSaved', label: w.hoursSavedLabel, value: s.hoursSaved, unit: 'hours', display: formatHours(s.hoursSaved, locale), tone: s.hoursSaved > 0 ? 'success' : 'default' },
        { key: 'moneySaved', label: w.moneySavedLabel, value: s.moneySaved, unit: 'money', currency: s.currency, display: formatMoney(s.moneySaved, s.currency, locale), tone: s.moneySaved > 0 ? 'success' : 'default' },
        { key: 'ticketsAvoided', label: w.ticketsAvoidedLabel, value: s.ticketsAvoided, unit: 'count', display: formatNumber(s.ticketsAvoided, 1, locale), tone: 'default' },
      ],
      note: w.savingsNote(s.ticketsActual, formatNumber(s.ticketsExpected, 1, locale)),
    },
    risk: {
      title: w.riskTitle,
      level: riskTag(result.risk.level),
      probability: probabilityFigure(result.risk.renewalProbability, result.risk.level, locale),
      renewal: view.company.renewalDate && daysToRenewal !== null ? w.daysToRenewal(daysToRenewal, formatDate(view.company.renewalDate, locale)) : w.noRenewalDate,
      notes: result.risk.notes.filter((n) => n.factor !== 'days_to_renewal').map((n) => ({ text: n.text, tone: noteTone(n) })),
    },
    plan: {
      title: w.planTitle,
      version: plan.version,
      versionText: w.planVersion(plan.version, savedByName(plan.updatedBy), plan.updatedAt ? relativeTime(plan.updatedAt, now, WORDING.common.justNow, locale) : null),
      objectivesTitle: w.objectivesTitle,
      objectives: objectiveRows(plan.objectives, now, locale),
      objectivesEmpty: w.objectivesEmpty,
      showStoppers: showStopperRows(result.plan.showStoppers),
      showStoppersEmpty: w.showStoppersNone,
      nextStep: nextStepModel(result.plan.nextBestStep, locale),
      nextStepEmpty: w.nextStepNone,
    },
    history: { title: w.historyTitle, points, empty: scorePoints.length < 2 ? w.historyEmpty : null, note: historyNote(points, locale) },
  };
}
