// Sentiment: how customers sound in their ticket threads, recent messages against earlier ones.
import { clamp, plural, signed } from '../format.ts';
import { DAY_MS } from '../time.ts';
import { NO_DATA_VALUE, type ComponentOutcome, type EvalContext } from './context.ts';

const LEVEL_SHARE = 0.75;

export interface SentimentOutcome extends ComponentOutcome {
  /** Mean sentiment (-1…1) of the customer's recent messages, else of the earlier ones; null if none. */
  readonly recentMean: number | null;
}

export function sentimentComponent({ account, config, at, explain }: EvalContext): SentimentOutcome {
  const recentFrom = at - config.windows.recentDays * DAY_MS;
  const earlierFrom = recentFrom - config.windows.sentimentEarlierDays * DAY_MS;
  const times = account.customerMessageMs;
  const scores = account.customerMessageSentiment;
  let recentSum = 0, recentN = 0, earlierSum = 0, earlierN = 0;
  for (let i = 0; i < times.length; i++) {
    const t = times[i]!;
    if (t > at) continue; // not yet written at `at`
    if (t >= recentFrom) { recentSum += scores[i]!; recentN++; }
    else if (t >= earlierFrom) { earlierSum += scores[i]!; earlierN++; }
  }
  if (recentN === 0 && earlierN === 0) {
    return { value: NO_DATA_VALUE, hasData: false, reason: 'No customer messages in ticket threads in the last 120 days.', recentMean: null };
  }
  const recentMean = recentN > 0 ? recentSum / recentN : null;
  const earlierMean = earlierN > 0 ? earlierSum / earlierN : null;
  const level = (1 + (recentMean ?? earlierMean!)) / 2;
  const trendPart = recentMean !== null && earlierMean !== null ? clamp(0.5 + (recentMean - earlierMean) / 2) : 0.5;
  const value = LEVEL_SHARE * level + (1 - LEVEL_SHARE) * trendPart;
  const days = config.windows.recentDays;
  const reason = !explain
    ? ''
    : recentMean === null
      ? `No customer messages in the last ${days} days; earlier ones average ${signed(earlierMean!, 2)} (${plural(earlierN, 'message')}).`
      : `Customer messages in the last ${days} days average ${signed(recentMean, 2)} (${plural(recentN, 'message')})` +
        (earlierMean === null ? '.' : `, against ${signed(earlierMean, 2)} before.`);
  return { value: clamp(value), hasData: true, reason, recentMean: recentMean ?? earlierMean };
}
