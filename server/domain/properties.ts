// Projects a result onto the CRM properties of product.md, as the strings the CRM APIs take.
// Formatting is fixed so an unchanged result gives byte-identical values (writes are skipped
// when nothing changed).
import type { RiskAssessment } from './risk.ts';
import type { PropertyValues } from './property-names.ts';
import type { RobComponent, ShowStopper, Step, SuggestedObjective } from './result.ts';
import type { Ranked } from './objectives.ts';
import type { SavingsFigures } from './components/support-time-saved.ts';
import { fixed, signed } from './format.ts';
import { OBJECTIVE_STATUS_LABELS } from '../../app/src/app/cards/lib/model/labels.ts';
import { sortByMagnitudeDesc } from './small-sort.ts';

/** HubSpot text values hold at most 65,536 characters; stay well under it. */
export const MAX_TEXT = 60_000;

function limit(text: string): string {
  return text.length <= MAX_TEXT ? text : `${text.slice(0, MAX_TEXT - 1)}…`;
}

function numberValue(value: number | null, decimals: number): string {
  return value === null ? '' : fixed(value, decimals);
}

/**
 * The probability as written back: two decimals, held within 0.01–0.99. The model's tails are not
 * precise enough to write a certain loss or renewal (0.00 or 1.00); the exact figure stays in the
 * result's `risk.renewalProbability`.
 */
export const WRITTEN_PROBABILITY = { min: 0.01, max: 0.99 } as const;

function probabilityValue(p: number | null): string {
  return p === null ? '' : fixed(Math.min(WRITTEN_PROBABILITY.max, Math.max(WRITTEN_PROBABILITY.min, p)), 2);
}

/** Top three components by how far they pull the score from neutral: "Ticket burden −12, Usage +8". */
export function drivers(components: readonly RobComponent[]): string {
  const pulling: { label: string; effect: number }[] = [];
  for (const c of components) {
    if (!c.hasData) continue;
    const pull = c.contribution - c.weight * 50;
    if (Math.abs(pull) >= 0.5) pulling.push({ label: c.label, effect: pull });
  }
  sortByMagnitudeDesc(pulling);
  let text = '';
  for (let i = 0; i < pulling.length && i < 3; i++) text += `${i > 0 ? ', ' : ''}${pulling[i]!.label} ${signed(pulling[i]!.effect, 0)}`;
  return text;
}

export function objectiveLine(o: Ranked): string {
  const status = o.overdue ? `${OBJECTIVE_STATUS_LABELS[o.status]}, overdue` : OBJECTIVE_STATUS_LABELS[o.status];
  const progress = o.current !== null && o.current !== undefined && o.target !== null && o.target !== undefined ? ` — ${o.current} → ${o.target}${o.metric ? ` ${o.metric}` : ''}` : '';
  const due = o.dueDate ? `, due ${o.dueDate.slice(0, 10)}` : '';
  return `[${status}] ${o.statement}${progress}${due}`;
}

export interface ProjectionInput {
  asOfIso: string;
  score: number | null;
  trend: number | null;
  components: readonly RobComponent[];
  risk: RiskAssessment | null;
  objectives: readonly Ranked[];
  showStoppers: readonly ShowStopper[];
  nextBestStep: Step | null;
  savings: SavingsFigures;
  suggestedObjectives?: readonly SuggestedObjective[];
}

/** Never empty: the objectives with their status, or a line saying none are agreed and what to propose. */
export function planSummary(objectives: readonly Ranked[], suggested: readonly SuggestedObjective[] = []): string {
  if (objectives.length > 0) return objectives.map(objectiveLine).join('\n');
  return ['No objectives agreed with the customer yet.', ...suggested.map((s) => `[suggested] ${s.statement}`)].join('\n');
}

export function projectProperties(r: ProjectionInput): PropertyValues {
  return {
    success_rob_score: numberValue(r.score, 1),
    success_rob_trend_30d: numberValue(r.trend, 1),
    success_rob_drivers: limit(r.score === null ? '' : drivers(r.components)),
    success_renewal_risk: r.risk?.level ?? '',
    success_renewal_probability: probabilityValue(r.risk?.renewalProbability ?? null),
    success_renewal_risk_notes: limit((r.risk?.notes ?? []).map((n) => n.text).join('\n')),
    success_plan_summary: limit(planSummary(r.objectives, r.suggestedObjectives)),
    success_next_best_step: limit(r.nextBestStep?.action ?? ''),
    success_showstoppers: String(r.showStoppers.length),
    success_support_hours_saved_90d: numberValue(r.score === null ? null : r.savings.hoursSaved, 1),
    success_computed_at: r.asOfIso,
  };
}
