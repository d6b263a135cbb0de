// The success engine: AccountSnapshot → AccountResult. Pure: the same snapshot and configuration
// always give the same result; time comes from `snapshot.asOf`, never from a clock.
import { assess } from './assess.ts';
import type { EngineConfig } from './engine-config.ts';
import { round } from './format.ts';
import { chooseNextStep } from './next-step.ts';
import { rankObjectives } from './objectives.ts';
import { prepareAccount, type SentimentScorer } from './prepare.ts';
import { projectProperties } from './properties.ts';
import type { AccountResult } from './result.ts';
import { evaluateRob } from './rob.ts';
import { renewalTimingNote, daysToRenewal } from './risk.ts';
import type { AccountSnapshot } from './snapshot.ts';
import { DAY_MS } from './time.ts';

export interface EngineDeps {
  readonly config: EngineConfig;
  readonly sentiment: SentimentScorer;
}

const INSUFFICIENT_REASON =
  'Not enough data to score: no active-user counts and no customer messages in ticket threads. Map usage properties or wait for tickets to arrive.';

export function scoreAccount(snapshot: AccountSnapshot, { config, sentiment }: EngineDeps): AccountResult {
  const account = prepareAccount(snapshot, config, sentiment);
  const at = account.asOfMs;
  const past = evaluateRob({ account, config, at: at - config.windows.trendDays * DAY_MS, explain: false });
  const now = assess(account, config, at, past.score, true);
  const { nextBestStep, alternatives } = chooseNextStep(account, config, now, past.score);
  const objectives = rankObjectives(account.objectives, at);
  const asOfIso = new Date(at).toISOString();
  const score = now.rob.score === null ? null : round(now.rob.score, 1);
  const trend = now.trend === null ? null : round(now.trend, 1);
  const timing = renewalTimingNote(at, account.renewalMs);
  const risk = now.risk ?? {
    level: null,
    renewalProbability: null,
    daysToRenewal: daysToRenewal(at, account.renewalMs),
    notes: [...(timing ? [timing] : []), { factor: 'insufficient_data', text: 'Not enough data to estimate the probability of renewing.', effect: 0 }],
  };
  const s = now.rob.savings;
  return {
    accountId: snapshot.account.id,
    asOf: asOfIso,
    status: score === null ? 'insufficient_data' : 'ok',
    ...(score === null ? { statusReason: INSUFFICIENT_REASON } : {}),
    rob: { score, trend30d: trend, components: now.rob.components },
    savings: {
      windowDays: s.windowDays,
      ticketsExpected: round(s.ticketsExpected, 1),
      ticketsActual: s.ticketsActual,
      ticketsAvoided: round(s.ticketsAvoided, 1),
      hoursSaved: round(s.hoursSaved, 1),
      moneySaved: round(s.moneySaved, 0),
      currency: s.currency,
    },
    risk,
    plan: { objectives, showStoppers: now.showStoppers, nextBestStep, alternatives },
    properties: projectProperties({
      asOfIso,
      score,
      trend,
      components: now.rob.components,
      risk: now.risk,
      objectives,
      showStoppers: now.showStoppers,
      nextBestStep,
      savings: s,
    }),
  };
}
