// The Reduction of Burden score: the weighted sum of five components, each explaining itself.
// Components without data are not guessed at: their weight goes to the others, pro rata.
import { COMPONENT_KEYS, type ComponentKey } from './engine-config.ts';
import { round } from './format.ts';
import type { RobComponent } from './result.ts';
import type { ComponentOutcome, EvalContext } from './components/context.ts';
import { resolutionComponent } from './components/resolution.ts';
import { sentimentComponent, type SentimentOutcome } from './components/sentiment.ts';
import { supportTimeSavedComponent, type SavingsFigures } from './components/support-time-saved.ts';
import { ticketBurdenComponent } from './components/ticket-burden.ts';
import { usageComponent, type UsageOutcome } from './components/usage.ts';

export const COMPONENT_LABELS: Record<ComponentKey, string> = {
  usage: 'Usage',
  ticketBurden: 'Ticket burden',
  sentiment: 'Sentiment',
  resolution: 'Resolution',
  supportTimeSaved: 'Support time saved',
};

/** Components that carry evidence of their own; resolution alone (nothing open) proves nothing. */
const EVIDENCE_COMPONENTS: readonly ComponentKey[] = ['usage', 'ticketBurden', 'sentiment', 'supportTimeSaved'];

export interface RobEvaluation {
  /** Exact score (unrounded), null when no component with evidence has data. */
  readonly score: number | null;
  readonly components: RobComponent[];
  readonly usage: UsageOutcome;
  readonly sentiment: SentimentOutcome;
  readonly savings: SavingsFigures;
}

export function evaluateRob(ctx: EvalContext): RobEvaluation {
  const usage = usageComponent(ctx);
  const sentiment = sentimentComponent(ctx);
  const saved = supportTimeSavedComponent(ctx);
  const outcomes: Record<ComponentKey, ComponentOutcome> = {
    usage,
    ticketBurden: ticketBurdenComponent(ctx),
    sentiment,
    resolution: resolutionComponent(ctx),
    supportTimeSaved: saved,
  };
  const configured = ctx.config.componentWeights;
  let weightWithData = 0;
  for (const key of COMPONENT_KEYS) if (outcomes[key].hasData) weightWithData += configured[key];
  const sufficient = EVIDENCE_COMPONENTS.some((key) => outcomes[key].hasData && configured[key] > 0);

  let score = 0;
  const components: RobComponent[] = COMPONENT_KEYS.map((key) => {
    const outcome = outcomes[key];
    const weight = outcome.hasData && weightWithData > 0 ? configured[key] / weightWithData : 0;
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
  return { score: sufficient ? Math.min(100, Math.max(0, score)) : null, components, usage, sentiment, savings: saved.savings };
}
