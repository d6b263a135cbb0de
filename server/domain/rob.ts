// The Reduction of Burden score: the weighted sum of five components, each explaining itself.
// Components without data are not guessed at: their weight goes to the others, pro rata.
import { COMPONENT_KEYS, type ComponentKey } from './engine-config.ts';
import { round } from './format.ts';
import { COMPONENT_LABELS as SHARED_COMPONENT_LABELS } from '../../app/src/app/cards/lib/model/labels.ts';
import type { RobComponent } from './result.ts';
import type { ComponentOutcome, EvalContext } from './components/context.ts';
import { resolutionComponent, type ResolutionOutcome } from './components/resolution.ts';
import { sentimentComponent, type SentimentOutcome } from './components/sentiment.ts';
import { supportTimeSavedComponent, type SavingsFigures } from './components/support-time-saved.ts';
import { ticketBurdenComponent, type TicketBurdenOutcome } from './components/ticket-burden.ts';
import { usageComponent, type UsageOutcome } from './components/usage.ts';

export const COMPONENT_LABELS: Readonly<Record<ComponentKey, string>> = SHARED_COMPONENT_LABELS;

/**
 * Without usage, sentiment could take a third of the score (its weight is shared out among the few
 * components left): it never counts for more than this share. Success is not happiness.
 */
export const MAX_SENTIMENT_SHARE_WITHOUT_USAGE = 0.15;

/** Components that carry evidence of their own; resolution alone (nothing open) proves nothing. */
const EVIDENCE_COMPONENTS: readonly ComponentKey[] = ['usage', 'ticketBurden', 'sentiment', 'supportTimeSaved'];

export interface RobEvaluation {
  /** Exact score (unrounded), null when no component with evidence has data. */
  readonly score: number | null;
  readonly components: RobComponent[];
  readonly usage: UsageOutcome;
  readonly sentiment: SentimentOutcome;
  readonly savings: SavingsFigures;
  readonly burden: TicketBurdenOutcome;
  readonly resolution: ResolutionOutcome;
}

/** Effective weights: configured weights of components with data, normalised, sentiment capped. */
export function effectiveWeights(configured: Readonly<Record<ComponentKey, number>>, outcomes: Readonly<Record<ComponentKey, ComponentOutcome>>): Record<ComponentKey, number> {
  let total = 0;
  for (const key of COMPONENT_KEYS) if (outcomes[key].hasData) total += configured[key];
  const weights = {} as Record<ComponentKey, number>;
  for (const key of COMPONENT_KEYS) weights[key] = outcomes[key].hasData && total > 0 ? configured[key] / total : 0;
  if (!outcomes.usage.hasData && weights.sentiment > MAX_SENTIMENT_SHARE_WITHOUT_USAGE) {
    const rest = 1 - weights.sentiment;
    const excess = weights.sentiment - MAX_SENTIMENT_SHARE_WITHOUT_USAGE;
    if (rest > 0) {
      for (const key of COMPONENT_KEYS) if (key !== 'sentiment') weights[key] += (weights[key] / rest) * excess;
      weights.sentiment = MAX_SENTIMENT_SHARE_WITHOUT_USAGE;
    }
  }
  return weights;
}

export function evaluateRob(ctx: EvalContext): RobEvaluation {
  const usage = usageComponent(ctx);
  const sentiment = sentimentComponent(ctx);
  const saved = supportTimeSavedComponent(ctx);
  const burden = ticketBurdenComponent(ctx);
  const resolution = resolutionComponent(ctx);
  const outcomes: Record<ComponentKey, ComponentOutcome> = { usage, ticketBurden: burden, sentiment, resolution, supportTimeSaved: saved };
  const configured = ctx.config.componentWeights;
  const weights = effectiveWeights(configured, outcomes);
  const sufficient = EVIDENCE_COMPONENTS.some((key) => outcomes[key].hasData && configured[key] > 0);

  let score = 0;
  const components: RobComponent[] = COMPONENT_KEYS.map((key) => {
    const outcome = outcomes[key];
    const weight = weights[key];
    const points = weight * outcome.value * 100;
    score += points;
    return {
      key,
      label: COMPONENT_LABELS[key],
      weight: round(weight, 4),
      value: round(outcome.value, 4),
      contribution: round(points, 1),
      reason: outcome.reason,
      hasData: outcome.hasData,
    };
  });
  return { score: sufficient ? Math.min(100, Math.max(0, score)) : null, components, usage, sentiment, savings: saved.savings, burden, resolution };
}

/**
 * evaluateRob(ctx).score without the components' explanation objects: the runs that only need
 * the number (the trend's earlier end, the risk model's trend without open tickets). Same
 * arithmetic in the same order, so the same bits.
 */
export function robScore(ctx: EvalContext): number | null {
  const usage = usageComponent(ctx);
  const sentiment = sentimentComponent(ctx);
  const saved = supportTimeSavedComponent(ctx);
  const burden = ticketBurdenComponent(ctx);
  const resolution = resolutionComponent(ctx);
  const outcomes: Record<ComponentKey, ComponentOutcome> = { usage, ticketBurden: burden, sentiment, resolution, supportTimeSaved: saved };
  const configured = ctx.config.componentWeights;
  const weights = effectiveWeights(configured, outcomes);
  let sufficient = false;
  for (const key of EVIDENCE_COMPONENTS) if (outcomes[key].hasData && configured[key] > 0) sufficient = true;
  if (!sufficient) return null;
  let score = 0;
  for (const key of COMPONENT_KEYS) score += weights[key] * outcomes[key].value * 100;
  return Math.min(100, Math.max(0, score));
}
