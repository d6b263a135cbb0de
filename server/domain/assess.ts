// One evaluation of an account at a moment: ROB, show-stoppers and renewal risk. The engine calls
// this for "now", the trend calls evaluateRob as of 30 days earlier, and the next-best-step
// planner calls it once per candidate step on a changed copy of the account: one code path.
import type { ComponentKey, EngineConfig } from './engine-config.ts';
import type { PreparedAccount, PreparedContact, PreparedTicket } from './prepare.ts';
import { roleAndName } from './contact-names.ts';
import type { ShowStopper } from './result.ts';
import { evaluateRob, type RobEvaluation } from './rob.ts';
import { assessRisk, type RiskAssessment, type RiskInputs } from './risk.ts';
import { riskSignals } from './risk-signals.ts';
import { yearSignals } from './year-signals.ts';
import { GLOBAL_RISK_MODEL, weighsYearSignals } from './risk-model.ts';

export { weighsYearSignals };
import { findShowStoppers, lostContact, severeOpenTickets } from './show-stoppers.ts';
import { isOnboarding } from './onboarding.ts';
import { DAY_MS } from './time.ts';
import { usersAt } from './usage-series.ts';

export interface Assessment {
  readonly rob: RobEvaluation;
  readonly trend: number | null;
  readonly showStoppers: ShowStopper[];
  /** Null when the ROB score is (insufficient data). */
  readonly risk: RiskAssessment | null;
  /** What the risk model read (null with the risk). */
  readonly riskInputs: RiskInputs | null;
  /**
   * Found once per assessment and read by the show-stoppers, the risk model and the next-step
   * planner alike: open severe tickets (heaviest first), and the champion and executive sponsor
   * who left with no one active in their role.
   */
  readonly severeOpen: readonly PreparedTicket[];
  readonly championLost: PreparedContact | null;
  readonly executiveLost: PreparedContact | null;
}

/** The risk inputs with the year signals read (the backtest keeps every factor's value, weighed or not). */
export function withYearSignals(inputs: RiskInputs, account: PreparedAccount, at: number): RiskInputs {
  return inputs.yearSignals ? inputs : { ...inputs, yearSignals: yearSignals(account, at) };
}

function lastBefore(sorted: readonly number[], at: number): number | null {
  let last: number | null = null;
  for (const t of sorted) {
    if (t > at) break;
    last = t;
  }
  return last;
}

// Plain loops rather than .some/.map with a callback: every assessment of every account runs them.
function hasRole(contacts: readonly PreparedContact[], role: PreparedContact['role']): boolean {
  for (const c of contacts) if (c.role === role) return true;
  return false;
}

function severeAges(severeOpen: readonly PreparedTicket[], at: number): { weight: number; daysOpen: number }[] {
  const out: { weight: number; daysOpen: number }[] = [];
  for (const t of severeOpen) out.push({ weight: t.weight, daysOpen: (at - t.createdMs) / DAY_MS });
  return out;
}

/**
 * `pastScore` is the ROB score as of the start of the trend window (unchanged by candidate steps
 * taken now); `explain` whether the sentences will be read (see EvalContext). `knownRob` may be
 * passed when the account differs from an assessed one only in what ROB does not read (contacts,
 * objectives, engagements).
 */
export function assess(account: PreparedAccount, config: EngineConfig, at: number, pastScore: number | null, explain: boolean, knownRob?: RobEvaluation, modelTrend?: number | null): Assessment {
  const ctx = { account, config, at, explain };
  const rob = knownRob ?? evaluateRob(ctx);
  const severeOpen = severeOpenTickets(account, at);
  const champion = lostContact(account.contacts, 'champion');
  const executive = lostContact(account.contacts, 'executive');
  const showStoppers = findShowStoppers(ctx, rob.usage, severeOpen, champion, executive);
  const trend = rob.score !== null && pastScore !== null ? rob.score - pastScore : null;
  if (rob.score === null) return { rob, trend, showStoppers, risk: null, riskInputs: null, severeOpen, championLost: champion, executiveLost: executive };
  // The ROB components with data, by key (a plain loop: this runs for every account).
  const components: Partial<Record<ComponentKey, number>> = {};
  for (const c of rob.components) if (c.hasData) components[c.key] = c.value;
  const riskInputs: RiskInputs = {
    asOfMs: at,
    renewalMs: account.renewalMs,
    robScore: rob.score,
    robTrend: trend,
    showStoppers,
    sentimentMean: rob.sentiment.recentMean,
    lastMeaningfulEngagementMs: lastBefore(account.meaningfulEngagementMs, at),
    championLost: champion ? roleAndName(champion) : null,
    executiveLost: executive ? roleAndName(executive) : null,
    hasChampion: hasRole(account.contacts, 'champion'),
    usersNow: rob.usage.users,
    users90dAgo: usersAt(account.usage, at - 90 * DAY_MS, at),
    components,
    seatUtilisation: rob.usage.utilisation,
    staleAfterDays: config.windows.engagementStaleDays,
    trendDays: config.windows.trendDays,
    customerSinceMs: account.customerSinceMs,
    onboarding: isOnboarding(account, at),
    severeOpen: severeAges(severeOpen, at),
    sentimentMessages: rob.sentiment.messages,
    // Undefined (the displayed trend) when the caller did not compute one: what the model reads is the same.
    modelTrend,
    signals: riskSignals(account, config, at),
    // Read only when the model in use weighs one of them (the global model does not): they cost as
    // much as the rest of the risk inputs, and a factor at 0 changes nothing. The backtest, which
    // keeps every factor's value for fitting, reads them itself (withYearSignals).
    yearSignals: weighsYearSignals(config.riskModel ?? GLOBAL_RISK_MODEL) ? yearSignals(account, at) : undefined,
    seats: account.seats,
  };
  const risk = assessRisk(riskInputs, config.riskModel, explain);
  return { rob, trend, showStoppers, risk, riskInputs, severeOpen, championLost: champion, executiveLost: executive };
}
