// The Reduction of Burden score: the weighted sum of five components, each explaining itself.
// Components without data are not guessed at: their weight goes to the others, pro rata.
import type { ComponentKey } from './engine-config.ts';
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

/**
 * Effective weights: configured weights of components with data (each flag: whether that component
 * has data), normalised, sentiment capped.
 * Written out per component (COMPONENT_KEYS order) rather than looped over keys: every ROB run
 * computes them, and property names that vary per iteration make every read a keyed lookup.
 */
export function effectiveWeights(configured: Readonly<Record<ComponentKey, number>>, usage: boolean, burden: boolean, sentiment: boolean, resolution: boolean, saved: boolean): Record<ComponentKey, number> {
  let total = 0;
  if (usage) total += configured.usage;
  if (burden) total += configured.ticketBurden;
  if (sentiment) total += configured.sentiment;
  if (resolution) total += configured.resolution;
  if (saved) total += configured.supportTimeSaved;
  const weights: Record<ComponentKey, number> = {
    usage: usage && total > 0 ? configured.usage / total : 0,
    ticketBurden: burden && total > 0 ? configured.ticketBurden / total : 0,
    sentiment: sentiment && total > 0 ? configured.sentiment / total : 0,
    resolution: resolution && total > 0 ? configured.resolution / total : 0,
    supportTimeSaved: saved && total > 0 ? configured.supportTimeSaved / total : 0,
  };
  if (!usage && weights.sentiment > MAX_SENTIMENT_SHARE_WITHOUT_USAGE) {
    const rest = 1 - weights.sentiment;
    const excess = weights.sentiment - MAX_SENTIMENT_SHARE_WITHOUT_USAGE;
    if (rest > 0) {
      weights.usage += (weights.usage / rest) * excess;
      weights.ticketBurden += (weights.ticketBurden / rest) * excess;
      weights.resolution += (weights.resolution / rest) * excess;
      weights.supportTimeSaved += (weights.supportTimeSaved / rest) * excess;
      weights.sentiment = MAX_SENTIMENT_SHARE_WITHOUT_USAGE;
    }
  }
  return weights;
}

function robComponent(key: ComponentKey, outcome: ComponentOutcome, weight: number, points: number): RobComponent {
  return {
    key,
    label: COMPONENT_LABELS[key],
    weight: round(weight, 4),
    value: round(outcome.value, 4),
    contribution: round(points, 1),
    reason: outcome.reason,
    hasData: outcome.hasData,
  };
}

/**
 * Whether a component that carries evidence of its own (usage, ticket burden, sentiment, support
 * time saved: resolution alone, nothing open, proves nothing) has data and weight.
 */
function sufficient(configured: Readonly<Record<ComponentKey, number>>, usage: ComponentOutcome, burden: ComponentOutcome, sentiment: ComponentOutcome, saved: ComponentOutcome): boolean {
  return (usage.hasData && configured.usage > 0) || (burden.hasData && configured.ticketBurden > 0) || (sentiment.hasData && configured.sentiment > 0) || (saved.hasData && configured.supportTimeSaved > 0);
}

/** Without a score no component counts: none may show a weight or points ("Resolution +100"). */
const NO_WEIGHTS: Readonly<Record<ComponentKey, number>> = Object.freeze({ usage: 0, ticketBurden: 0, sentiment: 0, resolution: 0, supportTimeSaved: 0 });

export function evaluateRob(ctx: EvalContext): RobEvaluation {
  const usage = usageComponent(ctx);
  const sentiment = sentimentComponent(ctx);
  const saved = supportTimeSavedComponent(ctx);
  const burden = ticketBurdenComponent(ctx);
  const resolution = resolutionComponent(ctx);
  const configured = ctx.config.componentWeights;
  const ok = sufficient(configured, usage, burden, sentiment, saved);
  const w = ok ? effectiveWeights(configured, usage.hasData, burden.hasData, sentiment.hasData, resolution.hasData, saved.hasData) : NO_WEIGHTS;
  // Points summed in COMPONENT_KEYS order.
  const pUsage = w.usage * usage.value * 100;
  const pBurden = w.ticketBurden * burden.value * 100;
  const pSentiment = w.sentiment * sentiment.value * 100;
  const pResolution = w.resolution * resolution.value * 100;
  const pSaved = w.supportTimeSaved * saved.value * 100;
  const score = 0 + pUsage + pBurden + pSentiment + pResolution + pSaved;
  const components: RobComponent[] = [
    robComponent('usage', usage, w.usage, pUsage),
    robComponent('ticketBurden', burden, w.ticketBurden, pBurden),
    robComponent('sentiment', sentiment, w.sentiment, pSentiment),
    robComponent('resolution', resolution, w.resolution, pResolution),
    robComponent('supportTimeSaved', saved, w.supportTimeSaved, pSaved),
  ];
  return { score: ok ? Math.min(100, Math.max(0, score)) : null, components, usage, sentiment, savings: saved.savings, burden, resolution };
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
  const configured = ctx.config.componentWeights;
  if (!sufficient(configured, usage, burden, sentiment, saved)) return null;
  const w = effectiveWeights(configured, usage.hasData, burden.hasData, sentiment.hasData, resolution.hasData, saved.hasData);
  const score = 0 + w.usage * usage.value * 100 + w.ticketBurden * burden.value * 100 + w.sentiment * sentiment.value * 100 + w.resolution * resolution.value * 100 + w.supportTimeSaved * saved.value * 100;
  return Math.min(100, Math.max(0, score));
}
