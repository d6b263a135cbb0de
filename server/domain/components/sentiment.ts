// Sentiment: how customers sound in their ticket threads, recent messages against earlier ones.
// A thread that is still open stays current: its messages count as recent until the ticket is
// closed, and a severe ticket left open without a word from the customer counts as a negative
// message (silence on an outage is not contentment), never a better one than the customer's own.
import { clamp, lastDays, plural, signed, startedDaysAgo } from '../format.ts';
import { DAY_MS } from '../time.ts';
import { NO_DATA_VALUE, type ComponentOutcome, type EvalContext } from './context.ts';

const LEVEL_SHARE = 0.75;
/** What an open severe ticket without any customer message counts as, at most (lower when the customer's own messages already sound worse). */
export const SILENT_SEVERE_SENTIMENT = -0.5;

export interface SentimentOutcome extends ComponentOutcome {
  /** Mean sentiment (-1…1) of the customer's recent messages, else of the earlier ones; null if none. */
  readonly recentMean: number | null;
  /** How many messages (and silent severe tickets) the mean is taken over. */
  readonly messages: number;
}

export function sentimentComponent({ account, config, at, explain }: EvalContext): SentimentOutcome {
  const recentFrom = at - config.windows.recentDays * DAY_MS;
  const earlierFrom = recentFrom - config.windows.sentimentEarlierDays * DAY_MS;
  const times = account.customerMessageMs;
  const scores = account.customerMessageSentiment;
  const owners = account.customerMessageTicket;
  const tickets = account.tickets;
  let recentSum = 0, recentN = 0, earlierSum = 0, earlierN = 0;
  for (let i = 0; i < times.length; i++) {
    const t = times[i]!;
    if (t > at) continue; // not yet written at `at`
    if (t >= recentFrom || tickets[owners[i]!]!.closedMs > at) { recentSum += scores[i]!; recentN++; }
    else if (t >= earlierFrom) { earlierSum += scores[i]!; earlierN++; }
  }
  let silent = 0;
  for (const t of tickets) {
    if (t.createdMs > at) break;
    if (t.severe && t.closedMs > at && t.firstCustomerMessageMs > at) silent++;
  }
  // Each counts as negative, and never as better than what the customer's own words already say
  // (the recent ones, else the earlier ones): another ticket left silent can only lower the mean.
  const silentScore = Math.min(SILENT_SEVERE_SENTIMENT, recentN > 0 ? recentSum / recentN : earlierN > 0 ? earlierSum / earlierN : SILENT_SEVERE_SENTIMENT);
  recentSum += silent * silentScore;
  recentN += silent;
  if (recentN === 0 && earlierN === 0) {
    const days = config.windows.recentDays + config.windows.sentimentEarlierDays;
    const reason = explain ? `No customer messages in ticket threads ${lastDays(days, startedDaysAgo(at, account.customerSinceMs), false)}.` : '';
    return { value: NO_DATA_VALUE, hasData: false, reason, recentMean: null, messages: 0 };
  }
  const recentMean = recentN > 0 ? recentSum / recentN : null;
  const earlierMean = earlierN > 0 ? earlierSum / earlierN : null;
  const level = (1 + (recentMean ?? earlierMean!)) / 2;
  const trendPart = recentMean !== null && earlierMean !== null ? clamp(0.5 + (recentMean - earlierMean) / 2) : 0.5;
  const value = LEVEL_SHARE * level + (1 - LEVEL_SHARE) * trendPart;
  const messages = recentMean !== null ? recentN : earlierN;
  if (!explain) return { value: clamp(value), hasData: true, reason: '', recentMean: recentMean ?? earlierMean, messages };
  const window = lastDays(config.windows.recentDays, startedDaysAgo(at, account.customerSinceMs), false);
  const silence = silent > 0 ? ` ${plural(silent, 'severe ticket')} open with no word from the customer ${silent === 1 ? 'counts' : 'count'} as negative.` : '';
  const reason = recentMean === null
    ? `No customer messages ${window}; earlier ones sound ${tone(earlierMean!)} (${plural(earlierN, 'message')}, average ${signed(earlierMean!, 2)} on a scale of −1 to +1).`
    : `Customer messages ${window} and in open tickets sound ${tone(recentMean)} (${plural(recentN - silent, 'message')}, average ${signed(recentMean, 2)} on a scale of −1 to +1)` +
      (earlierMean === null ? '.' : `; before that ${tone(earlierMean)} (${signed(earlierMean, 2)}).`) + silence;
  return { value: clamp(value), hasData: true, reason, recentMean, messages };
}

export function tone(mean: number): string {
  if (mean <= -0.4) return 'clearly negative';
  if (mean <= -0.1) return 'somewhat negative';
  if (mean < 0.1) return 'neutral';
  if (mean < 0.4) return 'somewhat positive';
  return 'clearly positive';
}
