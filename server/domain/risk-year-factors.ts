// The renewal-model factors read from the contract year (year-signals.ts): how each value is
// measured from the signals and what its note says. The global model weighs none of them (0); a
// portal's calibration weighs those its own renewals show to matter.
import { capitalize, lastDays, plural, percent, round, signed, startedDaysAgo } from './format.ts';
import { noNameRecorded } from './contact-names.ts';
import type { FactorRule, RiskInputs } from './risk.ts';
import { YEAR_SHAPE, type YearSignals } from './year-signals.ts';
import { DAY_MS, isoDate } from './time.ts';

/** How each year factor's value is read from its signal. */
export const YEAR_FACTOR_SHAPE = {
  /** utilisation_average is per 10 points of averaged utilisation above or below this mark. */
  utilisationMark: 0.7,
  /**
   * ticket_rate_year is log₂ of the weighted tickets per active user per 30 days against this
   * rate: the reference rates of docs/engine.md's ticket table at medium priority, weighted by type.
   */
  referenceWeightedRate: 0.085,
  /** Added to the rate before the logarithm, so a quiet year reads about −3, not −∞. */
  rateFloor: 0.01,
  /** severe_share_year is per 10 points of severe share above this mark, shrunk towards it by `severePrior` tickets. */
  severeShareMark: 0.1,
  severePrior: 2,
  /** contacts_left_year counts at most this many departures. */
  maxContactsLeft: 3,
  /** touch_trend is log₂ of the ratio of touches, within ± this. */
  touchTrendCap: 3,
  /** last_touch counts days up to this many. */
  lastTouchCapDays: 365,
  /** tenure counts years up to this many. */
  tenureCapYears: 10,
  /** first_reply_time is log₂ of (1 + median hours to a first answer) against (1 + this): a working day. */
  firstReplyMarkHours: 8,
  /** …within ± this. */
  firstReplyCap: 5,
  /** logins_per_user is log₂ of logins per active user over 30 days against this (about every other working day)… */
  loginsMark: 12,
  /** …within ± this. */
  loginsCap: 3,
  /** logins_change_year is the log of the ratio of logins per user to a year earlier, within ± this. */
  loginsChangeCap: 1,
  /** sponsor_last_met counts days up to this many. */
  sponsorCapDays: 365,
  /** contraction_ask counts at most this many tickets with an ask. */
  maxContractionAsks: 2,
  /** feature_requests_year is log₂ of feature requests per active user per 30 days against this rate (docs/engine.md's ticket table)… */
  featureRequestRate: 0.008,
  /** …plus this before the logarithm, so a year without one reads −3… */
  featureRequestFloor: 0.001,
  /** …within ± this. */
  featureRequestCap: 3,
  /** renewals_lost counts at most this many renewals. */
  maxRenewals: 3,
  /** onboarding_ramp is per 10 points of seats in use at the end of onboarding above or below this share… */
  rampMark: 0.5,
  /** …within ± this. */
  rampCap: 5,
} as const;

const F = YEAR_FACTOR_SHAPE;
const year = (i: RiskInputs): YearSignals | undefined => i.yearSignals;
const started = (i: RiskInputs) => startedDaysAgo(i.asOfMs, i.customerSinceMs);
/** The year's window as read (clipped to where the data begins): "in the last 365 days", "since the customer started 40 days ago". */
const yearWindow = (i: RiskInputs, days: number, prep = 'in') => lastDays(Math.round(days), started(i), true, prep);
/** A window read in full, whenever the customer started: "in the last 180 days (the customer started 40 days ago)". */
const fullWindow = (i: RiskInputs, days: number, prep = 'in') => lastDays(days, started(i), false, prep);

function utilisationAverage(i: RiskInputs): number | null {
  const avg = year(i)?.usersAverage;
  return avg === null || avg === undefined || !i.seats ? null : avg / i.seats;
}

function usageChangeAverage(i: RiskInputs): number | null {
  const y = year(i);
  if (!y || y.usersAverage === null || y.usersAverageYearAgo === null) return null;
  return Math.max(-1, Math.min(1, Math.log((y.usersAverage + 1) / (y.usersAverageYearAgo + 1))));
}

/** Weighted tickets per active user per 30 days over the year's window. */
function ticketRate(i: RiskInputs): number | null {
  const t = year(i)?.tickets;
  return t ? (t.weight * 30) / t.userDays : null;
}

/** Feature requests per active user per 30 days over the year's window. */
function featureRequestRate(i: RiskInputs): number | null {
  const t = year(i)?.tickets;
  return t ? (t.featureRequests * 30) / t.userDays : null;
}

function lastTouchDays(i: RiskInputs): number | null {
  const y = year(i);
  if (!y) return null;
  const since = i.customerSinceMs ?? -Infinity;
  const from = y.lastTouchMs === null ? since : Math.max(y.lastTouchMs, since);
  return Number.isFinite(from) ? Math.min(F.lastTouchCapDays, Math.max(0, Math.floor((i.asOfMs - from) / DAY_MS))) : null;
}

/** Days since an executive sponsor in place was last met (or, never met, since one has been in place), at most a year. */
function sponsorDays(i: RiskInputs): number | null {
  const m = year(i)?.sponsorMet;
  if (!m) return null;
  const from = m.lastMs ?? m.fromMs;
  return Number.isFinite(from) ? Math.min(F.sponsorCapDays, Math.max(0, Math.floor((i.asOfMs - from) / DAY_MS))) : F.sponsorCapDays;
}

const avgDays = YEAR_SHAPE.averageDays;
const yearDays = YEAR_SHAPE.yearDays;

/** One row per year factor, in RISK_FACTORS order. */
export const YEAR_FACTOR_RULES: readonly FactorRule[] = [
  {
    factor: 'utilisation_average',
    value: (i) => {
      const u = utilisationAverage(i);
      return u === null ? null : (u - F.utilisationMark) * 10;
    },
    text: (i) => `On average ${fullWindow(i, avgDays, 'over')}, ${percent(utilisationAverage(i)!)} of licensed seats were in use.`,
  },
  {
    factor: 'usage_change_average',
    value: usageChangeAverage,
    text: (i) => {
      const y = year(i)!;
      return `Active users averaged ${round(y.usersAverage!, 1)} over the last ${avgDays} days against ${round(y.usersAverageYearAgo!, 1)} over the same days a year earlier.`;
    },
  },
  {
    factor: 'usage_slope_year',
    value: (i) => {
      const s = year(i)?.usageSlope;
      return s ? Math.max(-1, Math.min(1, s.perYear)) : null;
    },
    text: (i) => {
      const s = year(i)!.usageSlope!;
      const change = Math.exp(s.perYear) - 1;
      return `Over the ${plural(s.points, 'usage count')} ${fullWindow(i, yearDays, 'of')}, active users ${change >= 0 ? 'grew' : 'fell'} at about ${percent(Math.abs(change))} a year (the median trend, so one odd count moves it little).`;
    },
  },
  {
    factor: 'ticket_rate_year',
    value: (i) => {
      const rate = ticketRate(i);
      return rate === null ? null : Math.log2((rate + F.rateFloor) / F.referenceWeightedRate);
    },
    text: (i) => {
      const t = year(i)!.tickets!;
      const ratio = ticketRate(i)! / F.referenceWeightedRate;
      return `${plural(t.count, 'ticket')} ${yearWindow(i, t.days)} (or still open): ${ratio >= 1 ? `${round(ratio, 1)}×` : `${percent(ratio)} of`} the usual support load for an account of its size, weighing type and priority.`;
    },
  },
  {
    factor: 'severe_share_year',
    value: (i) => {
      const t = year(i)?.tickets;
      return t ? ((t.severe + F.severeShareMark * F.severePrior) / (t.count + F.severePrior) - F.severeShareMark) * 10 : null;
    },
    text: (i) => {
      const t = year(i)!.tickets!;
      return `${t.severe} of the ${plural(t.count, 'ticket')} ${yearWindow(i, t.days, 'of')} ${t.severe === 1 ? 'was' : 'were'} outages or urgent or high bugs.`;
    },
  },
  {
    factor: 'contacts_left_year',
    value: (i) => {
      const n = year(i)?.contactsLeft ?? 0;
      return n > 0 ? Math.min(n, F.maxContactsLeft) : null;
    },
    text: (i) => `${plural(year(i)!.contactsLeft, 'contact')} left the customer ${fullWindow(i, yearDays)}.`,
  },
  {
    factor: 'touch_trend',
    value: (i) => {
      const t = year(i)?.touchTrend;
      if (!t) return null;
      const v = Math.log2((t.recent + 1) / (t.earlier + 1));
      return Math.abs(v) < 0.1 ? null : Math.max(-F.touchTrendCap, Math.min(F.touchTrendCap, v));
    },
    text: (i) => {
      const t = year(i)!.touchTrend!;
      return `${plural(t.recent, 'meeting, call, email or note', 'meetings, calls, emails or notes')} in the last ${YEAR_SHAPE.halfDays} days against ${t.earlier} in the ${YEAR_SHAPE.halfDays} days before.`;
    },
  },
  {
    factor: 'last_touch',
    value: (i) => {
      const days = lastTouchDays(i);
      return days === null ? null : Math.log2(1 + days / 30);
    },
    text: (i) => {
      const last = year(i)!.lastTouchMs;
      const days = lastTouchDays(i)!;
      return last === null ? `No meeting, call, email or note on record since the customer started, ${plural(days, 'day')} ago.` : `The last meeting, call, email or note was ${plural(days, 'day')} ago (${isoDate(last)}).`;
    },
  },
  {
    factor: 'tenure',
    value: (i) => {
      const d = year(i)?.tenureDays;
      return d === null || d === undefined ? null : Math.log2(1 + Math.min(F.tenureCapYears, d / 365));
    },
    text: (i) => `A customer for ${plural(round(year(i)!.tenureDays! / 365, 1), 'year')}.`,
  },
  {
    factor: 'sentiment_year',
    value: (i) => {
      const s = year(i)?.sentiment;
      if (!s) return null;
      const v = (s.mean * s.messages) / (s.messages + YEAR_SHAPE.sentimentPriorMessages);
      return Math.abs(v) >= 0.02 ? v : null;
    },
    text: (i) => {
      const s = year(i)!.sentiment!;
      return `${capitalize(yearWindow(i, s.days, 'over'))} and in tickets still open, the customer's ${plural(s.messages, 'message')} ${s.messages === 1 ? 'was' : 'were'} ${s.mean < 0 ? 'negative' : 'positive'} on balance (${signed(s.mean, 2)} on a scale of −1 to +1).`;
    },
  },
  {
    factor: 'touches_year',
    // log₂(1 + touches a year), the count scaled to a full year when the data is younger.
    value: (i) => {
      const t = year(i)?.touches;
      return t ? Math.log2(1 + (t.count * yearDays) / t.days) : null;
    },
    text: (i) => {
      const t = year(i)!.touches!;
      return `${plural(t.count, 'meeting, call, email or note', 'meetings, calls, emails or notes')} with the customer ${yearWindow(i, t.days)}.`;
    },
  },
  {
    factor: 'first_reply_time',
    value: (i) => {
      const r = year(i)?.firstReply;
      return r ? Math.max(-F.firstReplyCap, Math.min(F.firstReplyCap, Math.log2((1 + r.medianHours) / (1 + F.firstReplyMarkHours)))) : null;
    },
    text: (i) => {
      const r = year(i)!.firstReply!;
      return `Over the ${plural(r.tickets, 'ticket')} opened ${yearWindow(i, year(i)!.windowDays)}, the median wait for a first answer from support was ${plural(round(r.medianHours, 1), 'hour')}.`;
    },
  },
  {
    factor: 'thread_length',
    value: (i) => {
      const t = year(i)?.threadLength;
      return t ? Math.log2(t.mean / 4) : null;
    },
    text: (i) => {
      const t = year(i)!.threadLength!;
      return `The ${plural(t.tickets, 'ticket')} opened ${yearWindow(i, year(i)!.windowDays)} and since resolved took ${round(t.mean, 1)} messages each on average.`;
    },
  },
  {
    factor: 'logins_per_user',
    value: (i) => {
      const l = year(i)?.loginsPerUser;
      return l ? Math.max(-F.loginsCap, Math.min(F.loginsCap, Math.log2(Math.max(l.mean, 0.01) / F.loginsMark))) : null;
    },
    text: (i) => `Each active user logged in ${round(year(i)!.loginsPerUser!.mean, 1)} times a month on average ${fullWindow(i, avgDays, 'over')}.`,
  },
  {
    factor: 'logins_change_year',
    value: (i) => {
      const y = year(i);
      if (!y?.loginsPerUser || !y.loginsPerUserYearAgo) return null;
      const v = Math.log((y.loginsPerUser.mean + 0.5) / (y.loginsPerUserYearAgo.mean + 0.5));
      return Math.max(-F.loginsChangeCap, Math.min(F.loginsChangeCap, v));
    },
    text: (i) => {
      const y = year(i)!;
      return `Active users logged in ${round(y.loginsPerUser!.mean, 1)} times a month each over the last ${avgDays} days against ${round(y.loginsPerUserYearAgo!.mean, 1)} over the same days a year earlier.`;
    },
  },
  {
    factor: 'sponsor_last_met',
    value: (i) => {
      const days = sponsorDays(i);
      return days === null ? null : Math.log2(1 + days / 30);
    },
    text: (i) => {
      const m = year(i)!.sponsorMet!;
      const days = sponsorDays(i)!;
      if (m.lastMs !== null) return `The last meeting or call with the executive sponsor (${m.name}) was ${plural(days, 'day')} ago (${isoDate(m.lastMs)}).`;
      return days >= F.sponsorCapDays ? `No meeting or call with the executive sponsor on record in the last ${plural(F.sponsorCapDays, 'day')}.` : `No meeting or call with the executive sponsor on record since they have been in place, ${plural(days, 'day')} ago.`;
    },
  },
  {
    factor: 'contraction_ask',
    value: (i) => {
      const a = year(i)?.contractionAsks;
      return a ? Math.min(a.tickets, F.maxContractionAsks) : null;
    },
    text: (i) => {
      const a = year(i)!.contractionAsks!;
      const window = fullWindow(i, YEAR_SHAPE.asksDays, 'of');
      const latest = `the latest on ${isoDate(a.lastMs)}, ticket ${a.ticketId}`;
      // No two brackets in a row when the window carries the customer's start in its own.
      return `The customer asked to cancel, not renew or reduce what they buy in ${plural(a.tickets, 'ticket')} ${window}${window.endsWith(')') ? `; ${latest}` : ` (${latest})`}.`;
    },
  },
  {
    factor: 'contacts_engaged',
    value: (i) => {
      const n = year(i)?.contactsEngaged;
      return n === null || n === undefined ? null : Math.log2(1 + n);
    },
    text: (i) => {
      const n = year(i)!.contactsEngaged!;
      return n === 0
        ? `None of the customer's contacts took part in a meeting, call, email or note ${fullWindow(i, YEAR_SHAPE.halfDays)}.`
        : `${plural(n, 'contact')} of the customer took part in meetings, calls, emails or notes ${fullWindow(i, YEAR_SHAPE.halfDays)}.`;
    },
  },
  {
    factor: 'renewals_lost',
    value: (i) => {
      const r = year(i)?.renewalRecord;
      return r && r.lost > 0 ? Math.min(r.lost, F.maxRenewals) : null;
    },
    text: (i) => {
      const r = year(i)!.renewalRecord!;
      return `${plural(r.lost, 'renewal')} ${fullWindow(i, YEAR_SHAPE.renewalRecordDays, 'of')} ${r.lost === 1 ? 'was' : 'were'} recorded lost (the latest due ${r.lastLost}), against ${r.won} won.`;
    },
  },
  {
    factor: 'champion_new',
    value: (i) => {
      const c = year(i)?.championNew;
      return c ? 1 - c.days / YEAR_SHAPE.championNewDays : null;
    },
    text: (i) => {
      const c = year(i)!.championNew!;
      const who = c.name === null ? ` (${noNameRecorded(c.id)})` : `, ${c.name},`;
      return `The champion${who} took the role ${plural(c.days, 'day')} ago, after the customer had started: new champions have not yet seen what the product does for them.`;
    },
  },
  {
    factor: 'feature_requests_year',
    value: (i) => {
      const rate = featureRequestRate(i);
      return rate === null ? null : Math.max(-F.featureRequestCap, Math.min(F.featureRequestCap, Math.log2((rate + F.featureRequestFloor) / F.featureRequestRate)));
    },
    text: (i) => {
      const t = year(i)!.tickets!;
      const ratio = featureRequestRate(i)! / F.featureRequestRate;
      return `${plural(t.featureRequests, 'feature request')} ${yearWindow(i, t.days)}: ${ratio >= 1 ? `${round(ratio, 1)}×` : `${percent(ratio)} of`} the usual rate for an account of its size.`;
    },
  },
  {
    factor: 'onboarding_ramp',
    value: (i) => {
      const r = year(i)?.onboardingRamp;
      return r && i.seats ? Math.max(-F.rampCap, Math.min(F.rampCap, (r.users / i.seats - F.rampMark) * 10)) : null;
    },
    text: (i) => {
      const r = year(i)!.onboardingRamp!;
      return `${YEAR_SHAPE.rampDays} days after the customer started (the count of ${r.date}), ${r.users} of ${plural(i.seats!, 'licensed seat')} were in use (${percent(r.users / i.seats!)}); how fast a new customer puts the product to work weighs on its first renewal.`;
    },
  },
];
