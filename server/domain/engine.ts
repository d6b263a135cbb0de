// The success engine: AccountSnapshot → AccountResult. Pure: the same snapshot and configuration
// always give the same result; time comes from `snapshot.asOf`, never from a clock.
import { assess } from './assess.ts';
import type { EngineConfig } from './engine-config.ts';
import { round } from './format.ts';
import { chooseNextStep } from './next-step.ts';
import { rankObjectives } from './objectives.ts';
import { suggestObjectives } from './suggested-objectives.ts';
import { keepTickets, prepareAccount, type PreparedAccount, type SentimentScorer } from './prepare.ts';
import { projectProperties } from './properties.ts';
import type { AccountResult } from './result.ts';
import { robScore } from './rob.ts';
import { renewalTimingNote, daysToRenewal } from './risk.ts';
import { coefficient, GLOBAL_RISK_MODEL } from './risk-model.ts';
import type { AccountSnapshot } from './snapshot.ts';
import { DAY_MS, isoInstant } from './time.ts';

export interface EngineDeps {
  readonly config: EngineConfig;
  readonly sentiment: SentimentScorer;
}

const INSUFFICIENT_REASON =
  'Not enough data to score: no active-user counts and no customer messages in ticket threads. Map usage properties or wait for tickets to arrive.';

/**
 * The trend the risk model reads: the same 30-day comparison with the tickets still open now left
 * out of both ends. An open ticket weighs in the score's level every day it stays open; if it also
 * drove the trend, its ageing would read as a recovery once its first weeks left the window.
 */
export function modelTrend(account: PreparedAccount, config: EngineConfig, at: number, pastAt: number, pastScore: number | null): number | null | undefined {
  let open = false;
  // Whether any ticket left out could be seen at `pastAt`: one created by then, or with a customer
  // message written by then. When none can, the earlier end is the account's own past score (every
  // component reads tickets in creation order and stops at the first one after `pastAt`).
  let seenThen = false;
  for (const t of account.tickets) {
    if (t.closedMs <= at) continue;
    if (t.createdMs <= at) open = true;
    if (t.createdMs <= pastAt || t.firstCustomerMessageMs <= pastAt) seenThen = true;
  }
  if (!open) return undefined;
  const without = keepTickets(account, (t) => t.closedMs <= at);
  const now = robScore({ account: without, config, at, explain: false });
  const then = seenThen ? robScore({ account: without, config, at: pastAt, explain: false }) : pastScore;
  return now === null || then === null ? null : now - then;
}

/** The risk part of a result without a ROB score: no probability, only the renewal's timing (written only then). */
function riskWithoutScore(at: number, renewalMs: number | null): AccountResult['risk'] {
  const timing = renewalTimingNote(at, renewalMs);
  return {
    level: null,
    renewalProbability: null,
    daysToRenewal: daysToRenewal(at, renewalMs),
    notes: [...(timing ? [timing] : []), { factor: 'insufficient_data', text: 'Not enough data to estimate the probability of renewing.', effect: 0 }],
  };
}

export function scoreAccount(snapshot: AccountSnapshot, { config, sentiment }: EngineDeps): AccountResult {
  const account = prepareAccount(snapshot, config, sentiment);
  const at = account.asOfMs;
  const pastAt = at - config.windows.trendDays * DAY_MS;
  // A customer who started after the trend's earlier end had no score then: that run would read an
  // account with no tickets yet and today's users, a healthy 80–90 that turned every new
  // customer's first month into a fall of 40–50 points. No trend until the customer has one.
  const hasPast = pastAt >= account.customerSinceMs;
  const pastScore = hasPast ? robScore({ account, config, at: pastAt, explain: false }) : null;
  // The model's trend is two more ROB runs; a model that does not weigh the trend (the global one)
  // never reads it, and its note is left out with every factor of coefficient 0.
  const weighsTrend = coefficient(config.riskModel ?? GLOBAL_RISK_MODEL, 'rob_trend') !== 0;
  const trendForModel = weighsTrend ? (hasPast ? modelTrend(account, config, at, pastAt, pastScore) : null) : undefined;
  const now = assess(account, config, at, pastScore, true, undefined, trendForModel);
  const objectives = rankObjectives(account.objectives, at);
  const { nextBestStep, alternatives } = chooseNextStep(account, config, now, objectives);
  const suggestedObjectives = objectives.length === 0 && now.rob.score !== null ? suggestObjectives(account, now) : [];
  const asOfIso = isoInstant(at);
  const score = now.rob.score === null ? null : round(now.rob.score, 1);
  const trend = now.trend === null ? null : round(now.trend, 1);
  const risk = now.risk ?? riskWithoutScore(at, account.renewalMs);
  const s = now.rob.savings;
  const rob = { score, trend30d: trend, components: now.rob.components };
  const savings = {
    windowDays: s.windowDays,
    ticketsExpected: round(s.ticketsExpected, 1),
    ticketsActual: s.ticketsActual,
    ticketsAvoided: round(s.ticketsAvoided, 1),
    hoursSaved: round(s.hoursSaved, 1),
    moneySaved: round(s.moneySaved, 0),
    currency: s.currency,
  };
  // The optional keys are written as separate literals rather than spread in (`...(c ? {k} : {})`):
  // a spread makes every key after it a slow, shape-changing store, and this runs for every account.
  const plan = suggestedObjectives.length > 0
    ? { objectives, showStoppers: now.showStoppers, nextBestStep, alternatives, suggestedObjectives }
    : { objectives, showStoppers: now.showStoppers, nextBestStep, alternatives };
  const properties = projectProperties({
    asOfIso,
    score,
    trend,
    components: now.rob.components,
    risk: now.risk,
    objectives,
    showStoppers: now.showStoppers,
    nextBestStep,
    savings: s,
    suggestedObjectives,
  });
  const accountId = snapshot.account.id;
  return score === null
    ? { accountId, asOf: asOfIso, status: 'insufficient_data', statusReason: INSUFFICIENT_REASON, rob, savings, risk, plan, properties }
    : { accountId, asOf: asOfIso, status: 'ok', rob, savings, risk, plan, properties };
}
