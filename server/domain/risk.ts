// Renewal risk: a transparent logistic model. Each factor adds to the log-odds of renewing; the
// notes say, with evidence, what each factor contributed (a factor whose effect rounds to 0 has
// no note: it is no evidence for the level). The factors are one table below; their
// coefficients come from a RiskModel (risk-model.ts: the global default or a portal's calibration).
import { capitalize, grouped, lastDays, openFor, round, signed, plural, percent, startedDaysAgo } from './format.ts';
import type { RiskLevel, RiskNote, ShowStopper } from './result.ts';
import type { ComponentKey } from './engine-config.ts';
import { coefficient, GLOBAL_RISK_MODEL, sigmoid, type RiskModel } from './risk-model.ts';
import { DAY_MS, isoDate } from './time.ts';
import { COMPONENT_LABELS } from '../../app/src/app/cards/lib/model/labels.ts';
import { SIGNAL_SHAPE, type RiskSignals } from './risk-signals.ts';
import { sortByMagnitudeDesc } from './small-sort.ts';
import { YEAR_FACTOR_RULES } from './risk-year-factors.ts';
import type { YearSignals } from './year-signals.ts';

/** How each factor's value is measured (the coefficients per unit are in the RiskModel). */
export const RISK_SHAPE = {
  /** rob_level is per 10 ROB points above (or below) this mark. */
  healthyRob: 60,
  /** rob_trend is per 10 points of 30-day ROB trend, the trend capped at ±30. */
  trendCap: 30,
  /** show_stoppers counts open show-stoppers, at most 5. */
  maxShowStoppers: 5,
  /** engagement is per 30 days without a meeting or call beyond `staleAfterDays` (30 by default), at most 180 days counted. */
  staleCapDays: 180,
  /** usage_growth is the fractional growth of active users over 90 days, capped at 30 %. */
  growthCap: 0.3,
  /** *_component is per 10 points of the ROB component (0–100) above or below its neutral 50. */
  componentNeutral: 0.5,
  /** seat_utilisation is per 10 points of utilisation above or below 70 %. */
  utilisationMark: 0.7,
  /**
   * severe_open sums, over open severe tickets (outage, urgent/high bug), (1 + perMonthRatio ×
   * months open) × √(weight ÷ outageEquivalentWeight), months counted up to `severeMaxDays`. With the
   * global coefficient −0.4 an urgent outage (weight 24, √3) costs 0.69 at once and 0.26 more per
   * month: it grows every day it stays open and never shrinks.
   */
  severePerMonthRatio: 0.375,
  outageEquivalentWeight: 8,
  severeMaxDays: 180,
  /**
   * renewal_horizon is urgency × trouble: with less than `renewalHorizonDays` to renewal, urgency
   * goes from 0 to 1 as the date nears, and trouble is the sum of the negative effects of the other
   * factors (no time to recover). With coefficient 0.5 those effects weigh up to half more.
   */
  renewalHorizonDays: 180,
  /** Sentiment counts in full only with enough messages: × n ÷ (n + this). */
  sentimentPriorMessages: 2,
  /** Window of the touches, resolution-time and ticket-mix factors (risk-signals.ts). */
  signalWindowDays: SIGNAL_SHAPE.windowDays,
} as const;

export interface RiskInputs {
  asOfMs: number;
  renewalMs: number | null;
  robScore: number;
  robTrend: number | null;
  showStoppers: readonly ShowStopper[];
  sentimentMean: number | null;
  lastMeaningfulEngagementMs: number | null;
  /** Who left, after their role: "champion Ana Silva", "the champion (no name recorded, contact 12345)" (contact-names.ts roleAndName). */
  championLost: string | null;
  executiveLost: string | null;
  hasChampion: boolean;
  usersNow: number | null;
  users90dAgo: number | null;
  /** ROB components (0–1) that have data, by key; absent when not known. */
  components?: Partial<Record<ComponentKey, number>>;
  /** Active users ÷ licensed seats (0–1), null when seats are unknown. */
  seatUtilisation?: number | null;
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
  /** Longer-window signals (risk-signals.ts); their factors are silent when absent. */
  signals?: RiskSignals;
  /** Signals over the contract year (year-signals.ts); their factors are silent when absent. */
  yearSignals?: YearSignals;
  /** Licensed seats (null or absent when unknown). */
  seats?: number | null;
}

export interface RiskAssessment {
  level: RiskLevel;
  renewalProbability: number;
  daysToRenewal: number | null;
  notes: RiskNote[];
}

/** The value of one open severe ticket of `weight`, open `daysOpen` days, in the severe_open factor's units. */
export function severeTicketValue(weight: number, daysOpen: number): number {
  const months = Math.min(Math.max(0, daysOpen), RISK_SHAPE.severeMaxDays) / 30;
  return (1 + RISK_SHAPE.severePerMonthRatio * months) * Math.sqrt(weight / RISK_SHAPE.outageEquivalentWeight);
}

/** Log-odds effect of one open severe ticket under `model`. */
export function severeTicketEffect(weight: number, daysOpen: number, model: RiskModel = GLOBAL_RISK_MODEL): number {
  return coefficient(model, 'severe_open') * severeTicketValue(weight, daysOpen);
}

/** Urgency of the renewal (0 far away … 1 due or passed), null when there is no date or it is beyond the horizon. */
export function renewalUrgency(asOfMs: number, renewalMs: number | null): number | null {
  const days = daysToRenewal(asOfMs, renewalMs);
  if (days === null || days >= RISK_SHAPE.renewalHorizonDays) return null;
  return Math.min(1, 1 - days / RISK_SHAPE.renewalHorizonDays);
}

/** A model's coefficients by name, for code that reasons about what a change would do (the next best step). */
export interface ModelTerms {
  readonly model: RiskModel;
  readonly intercept: number;
  readonly robPer10: number;
  readonly perShowStopper: number;
  readonly championLost: number;
  readonly executiveLost: number;
  readonly renewalHorizonDays: number;
  readonly horizonTrouble: number;
}

const termsByModel = new WeakMap<RiskModel, ModelTerms>();

/** `model`'s terms (cached per model value): the next best step values its steps under the model that scores the account. */
export function modelTerms(model: RiskModel = GLOBAL_RISK_MODEL): ModelTerms {
  let t = termsByModel.get(model);
  if (!t) {
    t = {
      model,
      intercept: model.intercept,
      robPer10: coefficient(model, 'rob_level'),
      perShowStopper: coefficient(model, 'show_stoppers'),
      championLost: coefficient(model, 'champion_lost'),
      executiveLost: coefficient(model, 'executive_lost'),
      renewalHorizonDays: RISK_SHAPE.renewalHorizonDays,
      horizonTrouble: coefficient(model, 'renewal_horizon'),
    };
    termsByModel.set(model, t);
  }
  return t;
}

export function riskLevel(p: number, model: RiskModel = GLOBAL_RISK_MODEL): RiskLevel {
  return p < model.levels.high ? 'high' : p < model.levels.medium ? 'medium' : 'low';
}

export function daysToRenewal(asOfMs: number, renewalMs: number | null): number | null {
  return renewalMs === null ? null : Math.ceil((renewalMs - asOfMs) / DAY_MS);
}

export function renewalTimingNote(asOfMs: number, renewalMs: number | null): RiskNote | null {
  const days = daysToRenewal(asOfMs, renewalMs);
  if (days === null) return null;
  const text = days === 0 ? `Renewal today (${isoDate(renewalMs!)}).` : days > 0 ? `Renewal in ${plural(days, 'day')} (${isoDate(renewalMs!)}).` : `Renewal date ${isoDate(renewalMs!)} passed ${plural(-days, 'day')} ago.`;
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

export interface FactorRule {
  factor: string;
  /** The factor's value (its effect is coefficient × value); null when it has nothing to say. */
  value(i: RiskInputs): number | null;
  text(i: RiskInputs): string;
}

const usageChange = (i: RiskInputs) => (i.usersNow !== null && i.users90dAgo !== null && i.users90dAgo > 0 ? (i.usersNow - i.users90dAgo) / i.users90dAgo : null);
const modelTrendOf = (i: RiskInputs) => (i.modelTrend !== undefined ? i.modelTrend : i.robTrend);
const sentimentConfidence = (i: RiskInputs) => (i.sentimentMessages === undefined ? 1 : i.sentimentMessages / (i.sentimentMessages + RISK_SHAPE.sentimentPriorMessages));

/** A window the risk signals read in full: "in the last 180 days", "… (the customer started 40 days ago)" for a younger customer. */
const signalWindow = (i: RiskInputs, days: number, prep = 'in') => lastDays(days, startedDaysAgo(i.asOfMs, i.customerSinceMs), false, prep);

/** What the engagement factor leaves out, said in its note. */
const NOT_COUNTED = 'emails and notes are not counted here';

/** Silence: days since the last meeting or call (or since the customer started, whichever is later); null when neither is known. */
function quietDays(i: RiskInputs): number | null {
  const since = i.customerSinceMs ?? -Infinity;
  const last = i.lastMeaningfulEngagementMs;
  const from = last === null ? since : Math.max(last, since);
  return Number.isFinite(from) ? Math.floor((i.asOfMs - from) / DAY_MS) : null;
}

/** One row per factor, in RISK_FACTORS order: how its value is measured and what its note says. */
const FACTOR_RULES: readonly FactorRule[] = [
  {
    factor: 'rob_level',
    value: (i) => (i.robScore - RISK_SHAPE.healthyRob) / 10,
    text: (i) => robLevelText(i.robScore, RISK_SHAPE.healthyRob),
  },
  {
    factor: 'rob_trend',
    value: (i) => {
      const t = modelTrendOf(i);
      return t !== null && Math.abs(t) >= 0.5 ? Math.max(-RISK_SHAPE.trendCap, Math.min(RISK_SHAPE.trendCap, t)) / 10 : null;
    },
    text: (i) => {
      const t = modelTrendOf(i)!;
      const change = `${t > 0 ? 'rose' : 'fell'} ${plural(round(Math.abs(t), 1), 'point')} in ${i.trendDays ?? 30} days`;
      return i.modelTrend !== undefined && i.modelTrend !== i.robTrend
        ? `Leaving out tickets still open (they count in the score itself), the ROB score ${change}${i.robTrend === null ? '' : `; with them it changed ${signed(i.robTrend, 1)}`}.`
        : `The ROB score ${change}.`;
    },
  },
  {
    factor: 'show_stoppers',
    value: (i) => (i.showStoppers.length > 0 ? Math.min(i.showStoppers.length, RISK_SHAPE.maxShowStoppers) : null),
    text: (i) => showStopperText(i.showStoppers),
  },
  {
    factor: 'severe_open',
    value: (i) => (i.severeOpen && i.severeOpen.length > 0 ? i.severeOpen.reduce((sum, t) => sum + severeTicketValue(t.weight, t.daysOpen), 0) : null),
    text: (i) => {
      const severe = i.severeOpen!;
      let oldest = -Infinity;
      for (const t of severe) oldest = Math.max(oldest, Math.floor(t.daysOpen));
      return severe.length === 1
        ? `A severe ticket has been open ${openFor(oldest)}; it weighs more every day it stays open.`
        : `${plural(severe.length, 'severe ticket')} open, the oldest for ${openFor(oldest)}; they weigh more every day they stay open.`;
    },
  },
  {
    factor: 'sentiment',
    value: (i) => (i.sentimentMean !== null && Math.abs(i.sentimentMean) >= 0.05 ? i.sentimentMean * sentimentConfidence(i) : null),
    text: (i) => {
      const n = i.sentimentMessages;
      return `Customer messages in recent tickets are ${i.sentimentMean! < 0 ? 'negative' : 'positive'} on balance (${signed(i.sentimentMean!, 2)} on a scale of −1 to +1${n === undefined ? '' : `, ${plural(n, 'message')}`}).`;
    },
  },
  {
    factor: 'engagement',
    value: (i) => {
      if (i.onboarding) return null;
      const staleAfter = i.staleAfterDays ?? 30;
      const stale = Math.min(quietDays(i) ?? RISK_SHAPE.staleCapDays, RISK_SHAPE.staleCapDays);
      return stale > staleAfter ? (stale - staleAfter) / 30 : null;
    },
    text: (i) => {
      const days = quietDays(i);
      const last = i.lastMeaningfulEngagementMs;
      // Said in so many words: the touches note beside it counts emails and notes too.
      if (last === null) return days === null ? `No meeting or call on record (${NOT_COUNTED}).` : `No meeting or call on record since the customer started, ${plural(days, 'day')} ago (${NOT_COUNTED}).`;
      return `No meeting or call for ${plural(days!, 'day')} (the last on ${isoDate(last)}; ${NOT_COUNTED}).`;
    },
  },
  {
    factor: 'champion_lost',
    value: (i) => (i.championLost ? 1 : null),
    text: (i) => `${capitalize(i.championLost!)} has left and no other champion is active.`,
  },
  {
    factor: 'no_champion',
    value: (i) => (!i.championLost && !i.hasChampion ? 1 : null),
    text: () => 'No champion is identified among the contacts.',
  },
  {
    factor: 'executive_lost',
    value: (i) => (i.executiveLost ? 1 : null),
    text: (i) => `${capitalize(i.executiveLost!)} has left and no other executive is active.`,
  },
  {
    factor: 'usage_decline',
    value: (i) => {
      const change = usageChange(i);
      return change !== null && change <= -0.05 ? -change : null;
    },
    text: (i) => `Active users fell ${percent(-usageChange(i)!)} in 90 days (${grouped(i.users90dAgo!)} → ${grouped(i.usersNow!)}).`,
  },
  {
    factor: 'usage_growth',
    value: (i) => {
      const change = usageChange(i);
      return change !== null && change >= 0.05 ? Math.min(change, RISK_SHAPE.growthCap) : null;
    },
    text: (i) => `Active users grew ${percent(usageChange(i)!)} in 90 days (${grouped(i.users90dAgo!)} → ${grouped(i.usersNow!)}).`,
  },
  ...([
    ['usage_component', 'usage'],
    ['ticket_burden_component', 'ticketBurden'],
    ['sentiment_component', 'sentiment'],
    ['resolution_component', 'resolution'],
    ['support_time_saved_component', 'supportTimeSaved'],
  ] as const).map(([factor, key]): FactorRule => ({
    factor,
    value: (i) => {
      const v = i.components?.[key];
      return v === undefined ? null : (v - RISK_SHAPE.componentNeutral) * 10;
    },
    text: (i) => `${COMPONENT_LABELS[key]} is at ${round(i.components![key]! * 100, 0)} of 100 in the ROB score.`,
  })),
  {
    factor: 'seat_utilisation',
    value: (i) => (i.seatUtilisation === null || i.seatUtilisation === undefined ? null : (i.seatUtilisation - RISK_SHAPE.utilisationMark) * 10),
    text: (i) => `${percent(i.seatUtilisation!)} of licensed seats are in use.`,
  },
  {
    factor: 'sentiment_long',
    value: (i) => {
      const s = i.signals?.longSentiment;
      if (!s) return null;
      const v = (s.mean * s.messages) / (s.messages + RISK_SHAPE.sentimentPriorMessages);
      return Math.abs(v) >= 0.02 ? v : null;
    },
    text: (i) => {
      const s = i.signals!.longSentiment!;
      return `${capitalize(signalWindow(i, s.days, 'over'))} and in tickets still open, the customer's ${plural(s.messages, 'message')} ${s.messages === 1 ? 'was' : 'were'} ${s.mean < 0 ? 'negative' : 'positive'} on balance (${signed(s.mean, 2)} on a scale of −1 to +1).`;
    },
  },
  {
    factor: 'touches',
    value: (i) => (i.signals && i.signals.touches > 0 ? Math.log2(i.signals.touches + 1) : null),
    text: (i) => `${plural(i.signals!.touches, 'meeting, call, email or note', 'meetings, calls, emails or notes')} with the customer ${signalWindow(i, RISK_SHAPE.signalWindowDays)}.`,
  },
  {
    factor: 'resolution_time',
    value: (i) => i.signals?.resolution?.medianLog2 ?? null,
    text: (i) => {
      const r = i.signals!.resolution!;
      const ratio = 2 ** r.medianLog2;
      const took = ratio >= 1 ? `${round(ratio, 1)}×` : `${percent(ratio)} of`;
      // No median of one: a single ticket's time is just its time.
      const window = signalWindow(i, RISK_SHAPE.signalWindowDays);
      if (r.tickets === 1) return `The only ticket closed ${window} or still open took ${took} its priority's target time to resolve.`;
      return `The ${plural(r.tickets, 'ticket')} closed ${window} or still open took ${took} their priority's target time to resolve (median).`;
    },
  },
  {
    factor: 'adoption_share',
    value: (i) => {
      const m = i.signals?.ticketMix;
      return m ? (m.adoption + 1) / (m.tickets + 2) - 0.5 : null;
    },
    text: (i) => {
      const m = i.signals!.ticketMix!;
      return `${m.adoption} of the ${plural(m.tickets, 'ticket')} opened ${signalWindow(i, RISK_SHAPE.signalWindowDays)} or still open ${m.adoption === 1 ? 'was a how-to question or feature request' : 'were how-to questions or feature requests'}.`;
    },
  },
  {
    factor: 'usage_change_year',
    value: (i) => {
      const before = i.signals?.usersYearAgo;
      if (before === null || before === undefined || i.usersNow === null) return null;
      return Math.max(-1, Math.min(1, Math.log((i.usersNow + 1) / (before + 1))));
    },
    // An unchanged count has value 0, so no note: "went from" is the only sentence needed.
    text: (i) => `Active users went from ${grouped(i.signals!.usersYearAgo!)} to ${grouped(i.usersNow!)} over the year.`,
  },
  ...YEAR_FACTOR_RULES,
];

function renewalHorizonText(i: RiskInputs): string {
  const days = daysToRenewal(i.asOfMs, i.renewalMs)!;
  if (days < 0) return 'The renewal date has passed with these problems still open.';
  return days === 0 ? 'Renewal is today, so there is no time left to fix what is wrong before the customer decides.' : `Renewal is ${plural(days, 'day')} away, so there is less time to fix what is wrong before the customer decides.`;
}

interface FactorValue {
  readonly factor: string;
  /** Null for renewal_horizon (an interaction, not a row of the table). */
  readonly rule: FactorRule | null;
  readonly value: number;
  readonly coefficient: number;
}

interface WeighedRule {
  readonly rule: FactorRule;
  readonly coefficient: number;
}

interface ModelRules {
  /** Every row of FACTOR_RULES, in table order, with its coefficient under the model. */
  readonly all: readonly WeighedRule[];
  /** Those the model weighs (coefficient ≠ 0): a factor of coefficient 0 says nothing. */
  readonly weighed: readonly WeighedRule[];
  readonly horizon: number;
}

const modelRules = new WeakMap<RiskModel, ModelRules>();

/** The factor table with `model`'s coefficients, looked up once per model (every assessment of every account reads it). */
function rulesOf(model: RiskModel): ModelRules {
  let found = modelRules.get(model);
  if (found === undefined) {
    const all = FACTOR_RULES.map((rule) => ({ rule, coefficient: coefficient(model, rule.factor) }));
    modelRules.set(model, (found = { all, weighed: all.filter((r) => r.coefficient !== 0), horizon: coefficient(model, 'renewal_horizon') }));
  }
  return found;
}

/**
 * The factors with something to say, in note order, each with its coefficient under `model`;
 * `weighedOnly`: only those the model weighs (a factor of coefficient 0 adds nothing to the
 * renewal-horizon trouble either — its effect is 0 — so its value need not be measured at all).
 */
function factorValues(inputs: RiskInputs, model: RiskModel, weighedOnly: boolean): FactorValue[] {
  const { all, weighed, horizon } = rulesOf(model);
  const rules = weighedOnly ? weighed : all;
  const out: FactorValue[] = [];
  let trouble = 0;
  for (let k = 0; k < rules.length; k++) {
    const { rule, coefficient: c } = rules[k]!;
    const v = rule.value(inputs);
    if (v === null) continue;
    out.push({ factor: rule.factor, rule, value: v, coefficient: c });
    const effect = round(c * v, 2);
    if (effect < 0) trouble += effect;
  }
  const urgency = renewalUrgency(inputs.asOfMs, inputs.renewalMs);
  if (urgency !== null && horizon * urgency * trouble <= -0.005) out.push({ factor: 'renewal_horizon', rule: null, value: urgency * trouble, coefficient: horizon });
  return out;
}

/**
 * The value of every factor that has something to say under `model` (the model's x; the backtest
 * fits on these). renewal_horizon is an interaction: urgency × the sum of the other factors'
 * negative effects under `model` (the global one when fitting).
 */
export function riskFactorValues(inputs: RiskInputs, model: RiskModel = GLOBAL_RISK_MODEL): Record<string, number> {
  const x: Record<string, number> = {};
  for (const f of factorValues(inputs, model, false)) x[f.factor] = f.value;
  return x;
}

/** `explain: false` skips writing the notes' sentences (their effects are still computed). */
export function assessRisk(inputs: RiskInputs, model: RiskModel = GLOBAL_RISK_MODEL, explain = true): RiskAssessment {
  const notes: RiskNote[] = [];
  let logit = model.intercept;
  for (const { factor, rule, value, coefficient: c } of factorValues(inputs, model, true)) {
    const effect = round(c * value, 2);
    // An effect that rounds to 0 moves the probability not at all: no evidence for the level, no note.
    if (effect === 0) continue;
    logit += effect;
    notes.push({ factor, text: explain ? (rule ? rule.text(inputs) : renewalHorizonText(inputs)) : '', effect });
  }
  const p = sigmoid(logit);
  sortByMagnitudeDesc(notes);
  const timing = explain ? renewalTimingNote(inputs.asOfMs, inputs.renewalMs) : null;
  // The timing note goes first: a new list rather than notes.unshift, which moves every note in place.
  return { level: riskLevel(p, model), renewalProbability: round(p, 3), daysToRenewal: daysToRenewal(inputs.asOfMs, inputs.renewalMs), notes: timing ? [timing, ...notes] : notes };
}
