// Renewal risk: a transparent logistic model. Each factor adds to the log-odds of renewing; the
// notes say, with evidence, what each factor contributed. Coefficients are documented in
// docs/engine.md and kept here in one table.
import { round, signed, plural, percent } from './format.ts';
import type { RiskLevel, RiskNote, ShowStopper } from './result.ts';
import { DAY_MS, isoDate } from './time.ts';

// Calibrated on the synthetic portfolio's backtest (seed "calibrate", 800 accounts, 610 past
// renewals scored as of 30 days before each): AUC 0.705, Brier 0.202, mean predicted 0.67 against
// 0.67 observed. Per-installation backtests against real renewal history come with the sidecar.
export const RISK_MODEL = {
  /** Log-odds of renewing for an account at the healthy ROB mark with nothing else to say: p ≈ 0.92. */
  intercept: 2.4,
  healthyRob: 60,
  /** Per 10 ROB points above (or below) the healthy mark. */
  robPer10: 0.35,
  /** Per 10 points of 30-day ROB trend, trend capped at ±30. */
  trendPer10: 0.25,
  /** Per open show-stopper, at most 5 counted. */
  perShowStopper: -0.4,
  maxShowStoppers: 5,
  /** × mean customer sentiment (−1…1). */
  sentiment: 2.0,
  /** Per 30 days without a meeting or call beyond the first 30, at most 180 days counted. */
  perStaleMonth: -0.25,
  championLost: -0.9,
  executiveLost: -0.5,
  noChampion: -0.3,
  /** × fractional decline of active users over 90 days. */
  usageDecline: -2.0,
  /** × fractional growth of active users over 90 days, growth capped at 30 %. */
  usageGrowth: 1.0,
  /**
   * Each open severe ticket (outage, urgent/high bug): (immediate + perMonth × months open) ×
   * √(weight ÷ 8), months counted up to `severeMaxDays`. An urgent outage (weight 24, √3) costs
   * 0.69 at once and 0.26 more per month; it grows every day it stays open and never shrinks.
   */
  severeImmediate: -0.4,
  severePerMonth: -0.15,
  outageEquivalentWeight: 8,
  severeMaxDays: 180,
  /**
   * Days to renewal: with less than `renewalHorizonDays` left, the negative effects above weigh
   * more, by up to `horizonTrouble` × their sum when the renewal is due (no time to recover).
   */
  renewalHorizonDays: 180,
  horizonTrouble: 0.5,
  /** Sentiment counts in full only with enough messages: × n ÷ (n + this). */
  sentimentPriorMessages: 2,
  /** p below → high risk; below `medium` → medium; else low. */
  levels: { high: 0.55, medium: 0.8 },
} as const;

export interface RiskInputs {
  asOfMs: number;
  renewalMs: number | null;
  robScore: number;
  robTrend: number | null;
  showStoppers: readonly ShowStopper[];
  sentimentMean: number | null;
  lastMeaningfulEngagementMs: number | null;
  championLost: string | null;
  executiveLost: string | null;
  hasChampion: boolean;
  usersNow: number | null;
  users90dAgo: number | null;
  /** Days without a meeting or call that count as normal (config `windows.engagementStaleDays`); 30 when absent. */
  staleAfterDays?: number;
  /** Start of the relationship: silence is counted from it at the earliest. */
  customerSinceMs?: number;
  /** Whether the customer is in its first 90 days. */
  onboarding?: boolean;
  /** Open severe tickets: weight and days open. */
  severeOpen?: readonly { weight: number; daysOpen: number }[];
  /** How many messages the sentiment mean is taken over. */
  sentimentMessages?: number;
  /** Length of the trend window in days (config `windows.trendDays`); 30 when absent. */
  trendDays?: number;
  /** Trend used by the model, when it differs from the displayed one (tickets still open left out). */
  modelTrend?: number | null;
}

export interface RiskAssessment {
  level: RiskLevel;
  renewalProbability: number;
  daysToRenewal: number | null;
  notes: RiskNote[];
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Log-odds effect of one open severe ticket of `weight`, open `daysOpen` days. */
export function severeTicketEffect(weight: number, daysOpen: number): number {
  const m = RISK_MODEL;
  const months = Math.min(Math.max(0, daysOpen), m.severeMaxDays) / 30;
  return (m.severeImmediate + m.severePerMonth * months) * Math.sqrt(weight / m.outageEquivalentWeight);
}

export function riskLevel(p: number): RiskLevel {
  return p < RISK_MODEL.levels.high ? 'high' : p < RISK_MODEL.levels.medium ? 'medium' : 'low';
}

export function daysToRenewal(asOfMs: number, renewalMs: number | null): number | null {
  return renewalMs === null ? null : Math.ceil((renewalMs - asOfMs) / DAY_MS);
}

export function renewalTimingNote(asOfMs: number, renewalMs: number | null): RiskNote | null {
  const days = daysToRenewal(asOfMs, renewalMs);
  if (days === null) return null;
  const text = days >= 0 ? `Renewal in ${plural(days, 'day')} (${isoDate(renewalMs!)}).` : `Renewal date ${isoDate(renewalMs!)} passed ${plural(-days, 'day')} ago.`;
  return { factor: 'days_to_renewal', text, effect: 0 };
}

function robLevelText(score: number, healthy: number): string {
  const shown = round(score, 1);
  if (shown === healthy) return `The ROB score, ${shown}, is right at the healthy mark of ${healthy}.`;
  return shown > healthy
    ? `The ROB score, ${shown}, is ${plural(round(shown - healthy, 1), 'point')} above the healthy mark of ${healthy}.`
    : `The ROB score, ${shown}, is ${plural(round(healthy - shown, 1), 'point')} below the healthy mark of ${healthy}.`;
}

function showStopperText(stoppers: readonly ShowStopper[]): string {
  const tickets = stoppers.filter((s) => s.kind === 'open_severe_ticket');
  const others = stoppers.filter((s) => s.kind !== 'open_severe_ticket');
  const parts: string[] = [];
  if (tickets.length > 0) parts.push(`${plural(tickets.length, 'severe ticket')} open (${tickets.slice(0, 2).map((t) => t.title).join('; ')}${tickets.length > 2 ? '; …' : ''})`);
  for (const o of others.slice(0, 3)) parts.push(o.title);
  return `${plural(stoppers.length, 'open show-stopper')}: ${parts.join('; ')}.`;
}

/** `explain: false` skips writing the notes' sentences (their effects are still computed). */
export function assessRisk(inputs: RiskInputs, explain = true): RiskAssessment {
  const m = RISK_MODEL;
  const notes: RiskNote[] = [];
  const add = (factor: string, effect: number, text: () => string) => notes.push({ factor, text: explain ? text() : '', effect: round(effect, 2) });

  const robEffect = (m.robPer10 * (inputs.robScore - m.healthyRob)) / 10;
  add('rob_level', robEffect, () => robLevelText(inputs.robScore, m.healthyRob));

  const modelTrend = inputs.modelTrend !== undefined ? inputs.modelTrend : inputs.robTrend;
  if (modelTrend !== null && Math.abs(modelTrend) >= 0.5) {
    const trend = Math.max(-30, Math.min(30, modelTrend));
    const days = inputs.trendDays ?? 30;
    const change = `${modelTrend > 0 ? 'rose' : 'fell'} ${plural(round(Math.abs(modelTrend), 1), 'point')} in ${days} days`;
    add('rob_trend', (m.trendPer10 * trend) / 10, () => inputs.modelTrend !== undefined && inputs.modelTrend !== inputs.robTrend
      ? `Leaving out tickets still open (they count in the score itself), the ROB score ${change}${inputs.robTrend === null ? '' : `; with them it changed ${signed(inputs.robTrend, 1)}`}.`
      : `The ROB score ${change}.`);
  }
  if (inputs.showStoppers.length > 0) {
    add('show_stoppers', m.perShowStopper * Math.min(inputs.showStoppers.length, m.maxShowStoppers), () => showStopperText(inputs.showStoppers));
  }
  const severe = inputs.severeOpen ?? [];
  if (severe.length > 0) {
    let effect = 0;
    for (const t of severe) effect += severeTicketEffect(t.weight, t.daysOpen);
    const oldest = Math.max(...severe.map((t) => Math.floor(t.daysOpen)));
    add('severe_open', effect, () => severe.length === 1
      ? `A severe ticket has been open ${plural(oldest, 'day')}; it weighs more every day it stays open.`
      : `${plural(severe.length, 'severe ticket')} open, the oldest for ${plural(oldest, 'day')}; they weigh more every day they stay open.`);
  }
  if (inputs.sentimentMean !== null && Math.abs(inputs.sentimentMean) >= 0.05) {
    const tone = inputs.sentimentMean < 0 ? 'negative' : 'positive';
    const n = inputs.sentimentMessages;
    const confidence = n === undefined ? 1 : n / (n + m.sentimentPriorMessages);
    add('sentiment', m.sentiment * inputs.sentimentMean * confidence, () => `Customer messages in recent tickets are ${tone} on balance (${signed(inputs.sentimentMean!, 2)} on a scale of −1 to +1${n === undefined ? '' : `, ${plural(n, 'message')}`}).`);
  }
  const last = inputs.lastMeaningfulEngagementMs;
  const staleAfter = inputs.staleAfterDays ?? 30;
  const since = inputs.customerSinceMs ?? -Infinity;
  const quietFrom = last === null ? since : Math.max(last, since);
  const daysSince = Number.isFinite(quietFrom) ? Math.floor((inputs.asOfMs - quietFrom) / DAY_MS) : null;
  const staleDays = Math.min(daysSince ?? 180, 180);
  if (staleDays > staleAfter && !inputs.onboarding) {
    add('engagement', (m.perStaleMonth * (staleDays - staleAfter)) / 30, () => last === null
      ? daysSince === null ? 'No meeting or call on record.' : `No meeting or call on record since the customer started, ${plural(daysSince, 'day')} ago.`
      : `No meeting or call for ${plural(daysSince!, 'day')} (last ${isoDate(last)}).`);
  }
  if (inputs.championLost) add('champion_lost', m.championLost, () => `Champion ${inputs.championLost} has left and no other champion is active.`);
  else if (!inputs.hasChampion) add('no_champion', m.noChampion, () => 'No champion is identified among the contacts.');
  if (inputs.executiveLost) add('executive_lost', m.executiveLost, () => `Executive sponsor ${inputs.executiveLost} has left and no other executive is active.`);

  if (inputs.usersNow !== null && inputs.users90dAgo !== null && inputs.users90dAgo > 0) {
    const change = (inputs.usersNow - inputs.users90dAgo) / inputs.users90dAgo;
    if (change <= -0.05) add('usage_decline', m.usageDecline * -change, () => `Active users fell ${percent(-change)} in 90 days (${inputs.users90dAgo} → ${inputs.usersNow}).`);
    else if (change >= 0.05) add('usage_growth', m.usageGrowth * Math.min(change, 0.3), () => `Active users grew ${percent(change)} in 90 days (${inputs.users90dAgo} → ${inputs.usersNow}).`);
  }

  const days = daysToRenewal(inputs.asOfMs, inputs.renewalMs);
  if (days !== null && days < m.renewalHorizonDays) {
    let trouble = 0;
    for (const n of notes) if (n.effect < 0) trouble += n.effect;
    const urgency = Math.min(1, 1 - days / m.renewalHorizonDays);
    const effect = m.horizonTrouble * urgency * trouble;
    if (effect <= -0.005) add('renewal_horizon', effect, () => days < 0
      ? 'The renewal date has passed with these problems still open.'
      : `Renewal is ${plural(days, 'day')} away, so there is less time to fix what is wrong before the customer decides.`);
  }
  let logit = m.intercept;
  for (const n of notes) logit += n.effect;
  const p = sigmoid(logit);
  notes.sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect));
  const timing = explain ? renewalTimingNote(inputs.asOfMs, inputs.renewalMs) : null;
  if (timing) notes.unshift(timing);
  return { level: riskLevel(p), renewalProbability: round(p, 3), daysToRenewal: daysToRenewal(inputs.asOfMs, inputs.renewalMs), notes };
}
