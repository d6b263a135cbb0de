// Renewal risk: a transparent logistic model. Each factor adds to the log-odds of renewing; the
// notes say, with evidence, what each factor contributed. The factors are one table below; their
// coefficients come from a RiskModel (risk-model.ts: the global default or a portal's calibration).
import { round, signed, plural, percent, num } from './format.ts';
import type { RiskLevel, RiskNote, ShowStopper } from './result.ts';
import type { ComponentKey } from './engine-config.ts';
import { coefficient, GLOBAL_RISK_MODEL, sigmoid, type RiskModel } from './risk-model.ts';
import { DAY_MS, isoDate } from './time.ts';

/** How each factor's value is measured (the coefficients per unit are in the RiskModel). */
export const RISK_SHAPE = {
  /** rob_level is per 10 ROB points above (or below) this mark. */
  healthyRob: 60,
  /** rob_trend is per 10 points of 30-day ROB trend, the trend capped at ±30. */
  trendCap: 30,
  /** show_stoppers counts open show-stoppers, at most 5. */
  maxShowStoppers: 5,
  /** engagement is per 30 days without a meeting or call beyond the first 30, at most 180 days counted. */
  staleCapDays: 180,
  /** usage_growth is the fractional growth of active users over 90 days, capped at 30 %. */
  growthCap: 0.3,
  /** *_component is per 10 points of the ROB component (0–100) above or below its neutral 50. */
  componentNeutral: 0.5,
  /** seat_utilisation is per 10 points of utilisation above or below 70 %. */
  utilisationMark: 0.7,
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
  /** ROB components (0–1) that have data, by key; absent when not known. */
  components?: Partial<Record<ComponentKey, number>>;
  /** Active users ÷ licensed seats (0–1), null when seats are unknown. */
  seatUtilisation?: number | null;
}

export interface RiskAssessment {
  level: RiskLevel;
  renewalProbability: number;
  daysToRenewal: number | null;
  notes: RiskNote[];
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
  const text = days >= 0 ? `Renewal in ${plural(days, 'day')} (${isoDate(renewalMs!)}).` : `Renewal date ${isoDate(renewalMs!)} passed ${plural(-days, 'day')} ago.`;
  return { factor: 'days_to_renewal', text, effect: 0 };
}

function showStopperText(stoppers: readonly ShowStopper[]): string {
  const tickets = stoppers.filter((s) => s.kind === 'open_severe_ticket');
  const others = stoppers.filter((s) => s.kind !== 'open_severe_ticket');
  const parts: string[] = [];
  if (tickets.length > 0) parts.push(`${plural(tickets.length, 'severe ticket')} open (${tickets.slice(0, 2).map((t) => t.title).join('; ')}${tickets.length > 2 ? '; …' : ''})`);
  for (const o of others.slice(0, 3)) parts.push(o.title);
  return `${plural(stoppers.length, 'open show-stopper')}: ${parts.join('; ')}.`;
}

interface FactorRule {
  factor: string;
  /** The factor's value (its effect is coefficient × value); null when it has nothing to say. */
  value(i: RiskInputs): number | null;
  text(i: RiskInputs): string;
}

const daysWithoutMeeting = (i: RiskInputs) => (i.lastMeaningfulEngagementMs === null ? null : Math.floor((i.asOfMs - i.lastMeaningfulEngagementMs) / DAY_MS));
const usageChange = (i: RiskInputs) => (i.usersNow !== null && i.users90dAgo !== null && i.users90dAgo > 0 ? (i.usersNow - i.users90dAgo) / i.users90dAgo : null);

/** One row per factor, in RISK_FACTORS order: how its value is measured and what its note says. */
const FACTOR_RULES: readonly FactorRule[] = [
  {
    factor: 'rob_level',
    value: (i) => (i.robScore - RISK_SHAPE.healthyRob) / 10,
    text: (i) => i.robScore >= RISK_SHAPE.healthyRob
      ? `ROB score ${num(i.robScore, 0)} is at or above the healthy mark of ${RISK_SHAPE.healthyRob}.`
      : `ROB score ${num(i.robScore, 0)} is below the healthy mark of ${RISK_SHAPE.healthyRob}.`,
  },
  {
    factor: 'rob_trend',
    value: (i) => (i.robTrend !== null && Math.abs(i.robTrend) >= 0.5 ? Math.max(-RISK_SHAPE.trendCap, Math.min(RISK_SHAPE.trendCap, i.robTrend)) / 10 : null),
    text: (i) => `ROB ${i.robTrend! > 0 ? 'rose' : 'fell'} ${num(Math.abs(i.robTrend!))} points in 30 days.`,
  },
  {
    factor: 'show_stoppers',
    value: (i) => (i.showStoppers.length > 0 ? Math.min(i.showStoppers.length, RISK_SHAPE.maxShowStoppers) : null),
    text: (i) => showStopperText(i.showStoppers),
  },
  {
    factor: 'sentiment',
    value: (i) => (i.sentimentMean !== null && Math.abs(i.sentimentMean) >= 0.05 ? i.sentimentMean : null),
    text: (i) => `Customer messages in recent tickets are ${i.sentimentMean! < 0 ? 'negative' : 'positive'} on balance (${signed(i.sentimentMean!, 2)}).`,
  },
  {
    factor: 'engagement',
    value: (i) => {
      const stale = Math.min(daysWithoutMeeting(i) ?? RISK_SHAPE.staleCapDays, RISK_SHAPE.staleCapDays);
      return stale > 30 ? (stale - 30) / 30 : null;
    },
    text: (i) => {
      const days = daysWithoutMeeting(i);
      return days === null ? 'No meeting or call on record.' : `No meeting or call for ${plural(days, 'day')} (last ${isoDate(i.lastMeaningfulEngagementMs!)}).`;
    },
  },
  {
    factor: 'champion_lost',
    value: (i) => (i.championLost ? 1 : null),
    text: (i) => `Champion ${i.championLost} has left and no other champion is active.`,
  },
  {
    factor: 'no_champion',
    value: (i) => (!i.championLost && !i.hasChampion ? 1 : null),
    text: () => 'No champion is identified among the contacts.',
  },
  {
    factor: 'executive_lost',
    value: (i) => (i.executiveLost ? 1 : null),
    text: (i) => `Executive sponsor ${i.executiveLost} has left and no other executive is active.`,
  },
  {
    factor: 'usage_decline',
    value: (i) => {
      const change = usageChange(i);
      return change !== null && change <= -0.05 ? -change : null;
    },
    text: (i) => `Active users fell ${percent(-usageChange(i)!)} in 90 days (${i.users90dAgo} → ${i.usersNow}).`,
  },
  {
    factor: 'usage_growth',
    value: (i) => {
      const change = usageChange(i);
      return change !== null && change >= 0.05 ? Math.min(change, RISK_SHAPE.growthCap) : null;
    },
    text: (i) => `Active users grew ${percent(usageChange(i)!)} in 90 days (${i.users90dAgo} → ${i.usersNow}).`,
  },
  ...([
    ['usage_component', 'usage', 'Usage'],
    ['ticket_burden_component', 'ticketBurden', 'Ticket burden'],
    ['sentiment_component', 'sentiment', 'Sentiment'],
    ['resolution_component', 'resolution', 'Resolution'],
    ['support_time_saved_component', 'supportTimeSaved', 'Support time saved'],
  ] as const).map(([factor, key, label]): FactorRule => ({
    factor,
    value: (i) => {
      const v = i.components?.[key];
      return v === undefined ? null : (v - RISK_SHAPE.componentNeutral) * 10;
    },
    text: (i) => `${label} is at ${num(i.components![key]! * 100, 0)} of 100 in the ROB score.`,
  })),
  {
    factor: 'seat_utilisation',
    value: (i) => (i.seatUtilisation === null || i.seatUtilisation === undefined ? null : (i.seatUtilisation - RISK_SHAPE.utilisationMark) * 10),
    text: (i) => `${percent(i.seatUtilisation!)} of licensed seats are in use.`,
  },
];

/** The value of every factor that has something to say (the model's x; the backtest fits on these). */
export function riskFactorValues(inputs: RiskInputs): Record<string, number> {
  const x: Record<string, number> = {};
  for (const rule of FACTOR_RULES) {
    const v = rule.value(inputs);
    if (v !== null) x[rule.factor] = v;
  }
  return x;
}

/** `explain: false` skips writing the notes' sentences (their effects are still computed). */
export function assessRisk(inputs: RiskInputs, model: RiskModel = GLOBAL_RISK_MODEL, explain = true): RiskAssessment {
  const notes: RiskNote[] = [];
  let logit = model.intercept;
  for (const rule of FACTOR_RULES) {
    const v = rule.value(inputs);
    const c = coefficient(model, rule.factor);
    if (v === null || c === 0) continue; // a factor the model does not weigh says nothing
    const effect = c * v;
    logit += round(effect, 2);
    notes.push({ factor: rule.factor, text: explain ? rule.text(inputs) : '', effect: round(effect, 2) });
  }
  const p = sigmoid(logit);
  notes.sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect));
  const timing = explain ? renewalTimingNote(inputs.asOfMs, inputs.renewalMs) : null;
  if (timing) notes.unshift(timing);
  return { level: riskLevel(p, model), renewalProbability: round(p, 3), daysToRenewal: daysToRenewal(inputs.asOfMs, inputs.renewalMs), notes };
}
