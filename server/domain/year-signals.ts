// Signals over the contract year: what a customer's usage, tickets, contacts and touches said over
// the last 180–365 days, each averaged or fitted over many dated records so a single noisy count
// moves it little. Every CRM holds what they read (dated usage counts, tickets with type and
// priority, customer messages, contacts who left with a date, engagements). Everything is read as of
// `at`, seeing nothing dated later. A window never reaches before the account's data begins — the
// start of the relationship or the first usage count, whichever is later (a CRM adopted after the
// customer started holds nothing older) — and counts are read per day of the window they cover,
// so a younger record reads the same rate, not a smaller count. How long tickets waited for a
// first answer reads the agents' message times, which every help desk records.
import { asksToReduce } from './contraction-asks.ts';
import { noNameRecorded, recordedName } from './contact-names.ts';
import type { PreparedAccount, UsagePointMs } from './prepare.ts';
import type { Contact } from './snapshot.ts';
import { DAY_MS, isCanonicalInstant, isoInstant, toMs } from './time.ts';
import { userDays, usersAt } from './usage-series.ts';

/** How the year signals are measured (their coefficients are in the RiskModel). */
export const YEAR_SHAPE = {
  /** The contract year: the window of the ticket, departure and slope signals. */
  yearDays: 365,
  /** Seat utilisation and the year-on-year usage change average active users over this many days. */
  averageDays: 90,
  /** Touches are compared between the last `halfDays` and the `halfDays` before. */
  halfDays: 180,
  /** The usage slope needs this many counts spanning at least `slopeMinSpanDays`. */
  slopeMinPoints: 4,
  slopeMinSpanDays: 180,
  /** Ticket rates are per active user, never per fewer than this many (as the ticket-burden component). */
  minRateUsers: 10,
  /** A rate over the year needs this many days of data in it. */
  minDays: 180,
  /** Sentiment is shrunk towards neutral by this many messages: × n ÷ (n + this). */
  sentimentPriorMessages: 2,
  /** The first-reply signal needs this many tickets of the year that were answered or are still waiting. */
  firstReplyMinTickets: 3,
  /** Asks to cancel or reduce are counted over this many days. */
  asksDays: 180,
  /** A champion who took the role within this many days of the customer's start was there from the start. */
  championStartGraceDays: 30,
  /** A champion new in the role is read for this many days after they took it. */
  championNewDays: 365,
  /** The customer's own past renewals are read over this many days (three contract years). */
  renewalRecordDays: 1095,
  /** A slow start: the seats in use this many days after the customer started (the end of onboarding)… */
  rampDays: 90,
  /** …read from the usage count nearest that day, dated this many days from it at most… */
  rampCountSlackDays: 30,
  /** …while the customer is no older than this and has not renewed (its first contract term). */
  rampReadDays: 730,
} as const;

export interface YearSignals {
  /** Days of the year's window actually read: `yearDays`, fewer when the data begins later (the windows of tickets, sentiment, touches and support threads). */
  windowDays: number;
  /** Mean active users over the last `averageDays` (null without usage counts). */
  usersAverage: number | null;
  /** Mean active users over the same span a year earlier (null when the counts or the customer are younger). */
  usersAverageYearAgo: number | null;
  /** Theil–Sen slope of ln(active users + 1) over the counts of the year, per year, and how many counts. */
  usageSlope: { perYear: number; points: number } | null;
  /**
   * Tickets created in the year's window or still open: how many, their summed weight, how many
   * were severe, the user-days they are spread over and the days of the window, and the feature
   * requests created in the window (null with fewer than `minDays` of data or without usage counts).
   */
  tickets: { count: number; weight: number; severe: number; userDays: number; days: number; featureRequests: number } | null;
  /** Mean sentiment (−1…1) of the customer's messages in the year's window and in tickets still open, and how many (null when none). */
  sentiment: { mean: number; messages: number; days: number } | null;
  /** Engagements of any kind in the year's window and its length in days (null with fewer than `minDays`). */
  touches: { count: number; days: number } | null;
  /** Engagements of any kind in the last `halfDays` and in the `halfDays` before (null when the data is younger). */
  touchTrend: { recent: number; earlier: number } | null;
  /** Contacts whose dated departure falls in the year (undated departures are not counted). */
  contactsLeft: number;
  /** The last engagement of any kind (null when none). */
  lastTouchMs: number | null;
  /** Days since the relationship started (null when unknown). */
  tenureDays: number | null;
  /**
   * Median hours from a ticket's creation to the first agent message, over tickets created in the
   * year's window; a ticket not yet answered counts with its wait so far, one closed without an
   * agent message not at all (null with fewer than `firstReplyMinTickets`).
   */
  firstReply: { medianHours: number; tickets: number } | null;
  /**
   * Mean messages (either side, dated by then) per ticket created in the year's window and resolved
   * by then: how much back-and-forth a problem took (null with fewer than `firstReplyMinTickets`).
   */
  threadLength: { mean: number; tickets: number } | null;
  /**
   * Logins per active user over 30 days, averaged over the login counts of the last `averageDays`
   * (each divided by the active users known at its date), and how many counts (null without any).
   */
  loginsPerUser: { mean: number; counts: number } | null;
  /** The same over the same days a year earlier (null without a count then). */
  loginsPerUserYearAgo: { mean: number; counts: number } | null;
  /**
   * The last meeting or call naming an executive contact in place then (`lastMs`, null: none on
   * record, with `name`), and since when one has been in place (`fromMs`: the earliest start, no
   * earlier than the relationship's); null when no executive is in place or no engagement up to
   * then says who took part (the CRM does not record it: unknown, not "never met").
   */
  sponsorMet: { lastMs: number | null; name: string | null; fromMs: number } | null;
  /**
   * Tickets in which the customer asked, in the last `asksDays`, to cancel, not renew or shrink what
   * they buy (contraction-asks.ts: a customer message dated in the window, or the subject of a
   * ticket created in it), with the latest ask's time and ticket (null when none).
   */
  contractionAsks: { tickets: number; lastMs: number; ticketId: string } | null;
  /**
   * How many of the account's contacts took part in an engagement of any kind in the last
   * `halfDays` (null when no engagement dated by then says who took part: unknown, not nobody).
   */
  contactsEngaged: number | null;
  /**
   * The account's own renewals closed in the last `renewalRecordDays` with an outcome: how many were
   * won and lost, and the latest loss's close date (null when none closed in the window).
   */
  renewalRecord: { won: number; lost: number; lastLost: string | null } | null;
  /**
   * When every champion in place took the role more than `championStartGraceDays` after the customer
   * started and less than `championNewDays` ago: the longest-serving one's days in the role, id and
   * recorded name (null when the CRM holds none); null otherwise: one there from the start, none in place, or a year in the role).
   */
  championNew: { days: number; id: string; name: string | null } | null;
  /**
   * For a customer in its first contract term (started `rampDays`–`rampReadDays` ago, no renewal of
   * its own closed won or lost by then): the active users of the usage count nearest `rampDays`
   * after the start (within `rampCountSlackDays`) and that count's date; null otherwise, or
   * without such a count (usage tracked only later, or the start unknown).
   */
  onboardingRamp: { users: number; date: string } | null;
}

/** Theil–Sen: the median of the pairwise slopes, robust to a stray count. */
function medianSlope(xs: readonly number[], ys: readonly number[]): number {
  const slopes: number[] = [];
  for (let i = 0; i < xs.length; i++) for (let j = i + 1; j < xs.length; j++) if (xs[j]! !== xs[i]!) slopes.push((ys[j]! - ys[i]!) / (xs[j]! - xs[i]!));
  slopes.sort((a, b) => a - b);
  const mid = slopes.length >> 1;
  return slopes.length % 2 === 1 ? slopes[mid]! : (slopes[mid - 1]! + slopes[mid]!) / 2;
}

function usageSignals(account: PreparedAccount, at: number) {
  const s = YEAR_SHAPE;
  const usage = account.usage;
  if (usage.length === 0) return { usersAverage: null, usersAverageYearAgo: null, usageSlope: null };
  // Averages (user-days ÷ days) rather than one count. The year-ago average only when a count that
  // old is known (the series is taken as flat before its first count, which says nothing about a
  // year ago; monthly counts may start up to a month late) and the customer was one then.
  const span = s.averageDays * DAY_MS;
  const yearAgo = at - s.yearDays * DAY_MS;
  const oldEnough = usage[0]!.ms <= yearAgo - span + 31 * DAY_MS && account.customerSinceMs <= yearAgo - span;
  const xs: number[] = [];
  const ys: number[] = [];
  for (const p of usage) {
    if (p.ms > at) break;
    if (p.ms < yearAgo) continue;
    xs.push(p.ms / (s.yearDays * DAY_MS));
    ys.push(Math.log(p.users + 1));
  }
  const days = xs.length > 1 ? (xs.at(-1)! - xs[0]!) * s.yearDays : 0;
  return {
    usersAverage: userDays(usage, at - span, at, at) / s.averageDays,
    usersAverageYearAgo: oldEnough ? userDays(usage, yearAgo - span, yearAgo, at) / s.averageDays : null,
    usageSlope: xs.length >= s.slopeMinPoints && days >= s.slopeMinSpanDays ? { perYear: medianSlope(xs, ys), points: xs.length } : null,
  };
}

/**
 * How often active users logged in, as of `at`: the login counts of the snapshot's history (or,
 * without one, the current count at the snapshot's moment), each over the active users known then.
 * Read from the snapshot here, like the support threads, so the default scoring path never reads
 * a login count. A count with no active users known then, or none active, says nothing per user.
 */
function loginSignals(account: PreparedAccount, at: number): Pick<YearSignals, 'loginsPerUser' | 'loginsPerUserYearAgo'> {
  const span = YEAR_SHAPE.averageDays * DAY_MS;
  const yearAgo = at - YEAR_SHAPE.yearDays * DAY_MS;
  let recent = 0, recentCounts = 0, older = 0, olderCounts = 0;
  const add = (ms: number, logins: number) => {
    const isRecent = ms > at - span && ms <= at;
    if (!isRecent && !(ms > yearAgo - span && ms <= yearAgo)) return; // in neither window
    const users = usersAt(account.usage, ms, at);
    if (users === null || users <= 0) return;
    if (isRecent) {
      recent += logins / users;
      recentCounts++;
    } else {
      older += logins / users;
      olderCounts++;
    }
  };
  // The current count is the newest of the history when the CRM keeps one (HubSpot's property
  // history holds the current value; the as-of view takes it from the history): read it alone only
  // without a history, so no count is read twice.
  const usage = account.snapshot.usage;
  for (const point of usage.loginHistory) add(toMs(point.date), point.logins30d);
  const now = usage.logins30d;
  if (usage.loginHistory.length === 0 && now !== null && now !== undefined) add(account.asOfMs, now);
  return {
    loginsPerUser: recentCounts > 0 ? { mean: recent / recentCounts, counts: recentCounts } : null,
    loginsPerUserYearAgo: olderCounts > 0 ? { mean: older / olderCounts, counts: olderCounts } : null,
  };
}

/**
 * When an executive sponsor in place at `at` was last met, read from the engagements' participants
 * (inside the year signals only, so the default scoring path never reads them). In place: joined
 * by then and active, or left after it (undated departures count as gone).
 */
/** Whether a contact who took the role at `since` still held it at `at` (active now, or left later). */
function inPlaceAt(c: Contact, since: number, at: number): boolean {
  return since <= at && (c.active || (c.leftAt !== null && c.leftAt !== undefined && toMs(c.leftAt) > at));
}

function sponsorSignal(account: PreparedAccount, at: number): YearSignals['sponsorMet'] {
  const { contacts, engagements } = account.snapshot;
  const sponsors = new Map<string, string>();
  let fromMs = Infinity;
  for (const c of contacts) {
    if (c.role !== 'executive') continue;
    const since = c.since ? toMs(c.since) : -Infinity;
    if (!inPlaceAt(c, since, at)) continue;
    sponsors.set(c.id, recordedName(c.name) ?? noNameRecorded(c.id));
    fromMs = Math.min(fromMs, Math.max(since, account.customerSinceMs));
  }
  if (sponsors.size === 0) return null;
  let named = false;
  let lastMs: number | null = null;
  let name: string | null = null;
  for (const e of engagements) {
    if (!e.contactIds) continue;
    const ms = toMs(e.at);
    if (ms > at) continue;
    named = true;
    if (e.kind !== 'meeting' && e.kind !== 'call') continue;
    if (lastMs !== null && ms <= lastMs) continue;
    const met = e.contactIds.find((id) => sponsors.has(id));
    if (met === undefined) continue;
    lastMs = ms;
    name = sponsors.get(met)!;
  }
  return named ? { lastMs, name, fromMs } : null;
}

/**
 * The account's contacts named in engagements of the last `halfDays` as of `at` (inside the year
 * signals only). Ids that are not the account's contacts (someone at another company, a lead) are
 * not counted; null when no engagement dated by then says who took part.
 */
function contactsEngaged(account: PreparedAccount, at: number): number | null {
  const { contacts, engagements } = account.snapshot;
  const from = at - YEAR_SHAPE.halfDays * DAY_MS;
  const ids = new Set(contacts.map((c) => c.id));
  const met = new Set<string>();
  let named = false;
  for (const e of engagements) {
    if (!e.contactIds) continue;
    const ms = toMs(e.at);
    if (ms > at) continue;
    named = true;
    if (ms <= from) continue;
    for (const id of e.contactIds) if (ids.has(id)) met.add(id);
  }
  return named ? met.size : null;
}

/** The champions in place at `at`, when all of them are new in the role (see YearSignals.championNew). */
function championNew(account: PreparedAccount, at: number): YearSignals['championNew'] {
  const grace = account.customerSinceMs + YEAR_SHAPE.championStartGraceDays * DAY_MS;
  let earliest = Infinity;
  let champion: Contact | null = null;
  for (const c of account.snapshot.contacts) {
    if (c.role !== 'champion') continue;
    const since = c.since ? toMs(c.since) : -Infinity;
    if (!inPlaceAt(c, since, at)) continue;
    if (since <= grace) return null; // there from the start (or since an unknown date)
    if (since < earliest) {
      earliest = since;
      champion = c;
    }
  }
  if (champion === null) return null;
  const days = Math.floor((at - earliest) / DAY_MS);
  return days < YEAR_SHAPE.championNewDays ? { days, id: champion.id, name: recordedName(champion.name) } : null;
}

/** The account's renewals won and lost whose close date falls in the last `renewalRecordDays` up to `at`. */
function renewalRecord(account: PreparedAccount, at: number): YearSignals['renewalRecord'] {
  const from = at - YEAR_SHAPE.renewalRecordDays * DAY_MS;
  let won = 0, lost = 0, lastLostMs = -Infinity, lastLost: string | null = null;
  for (const r of account.snapshot.renewals) {
    if (r.outcome === 'open') continue;
    const ms = toMs(r.closeDate);
    if (ms > at || ms <= from) continue;
    if (r.outcome === 'won') won++;
    else {
      lost++;
      if (ms > lastLostMs) {
        lastLostMs = ms;
        lastLost = r.closeDate.slice(0, 10);
      }
    }
  }
  return won + lost > 0 ? { won, lost, lastLost } : null;
}

/** The seats in use at the end of onboarding, for a customer in its first term (see YearSignals.onboardingRamp). */
function onboardingRamp(account: PreparedAccount, at: number): YearSignals['onboardingRamp'] {
  const s = YEAR_SHAPE;
  const since = account.customerSinceMs;
  if (!Number.isFinite(since) || at - since < s.rampDays * DAY_MS || at - since > s.rampReadDays * DAY_MS) return null;
  for (const r of account.snapshot.renewals) if (r.outcome !== 'open' && toMs(r.closeDate) <= at) return null; // renewed (or lost) once
  const target = since + s.rampDays * DAY_MS;
  let best: UsagePointMs | null = null;
  for (const p of account.usage) {
    if (p.ms > at) break;
    if (Math.abs(p.ms - target) <= s.rampCountSlackDays * DAY_MS && (best === null || Math.abs(p.ms - target) < Math.abs(best.ms - target))) best = p;
  }
  return best === null ? null : { users: best.users, date: isoInstant(best.ms).slice(0, 10) };
}

/** Asks to cancel or reduce in the last `asksDays` as of `at` (inside the year signals only: the default path reads no text for it). */
function contractionSignal(account: PreparedAccount, at: number): YearSignals['contractionAsks'] {
  const from = at - YEAR_SHAPE.asksDays * DAY_MS;
  let tickets = 0, lastMs = -Infinity, ticketId = '';
  for (const t of account.tickets) {
    if (t.createdMs > at) break; // sorted by creation
    if (t.closedMs <= from) continue; // closed before the window: nothing in it
    let latest = t.createdMs > from && asksToReduce(t.subject) ? t.createdMs : -Infinity;
    for (const m of t.messages) {
      if (m.from !== 'customer') continue;
      const ms = toMs(m.at);
      if (ms > from && ms <= at && ms > latest && asksToReduce(m.text)) latest = ms;
    }
    if (latest === -Infinity) continue;
    tickets++;
    if (latest > lastMs) {
      lastMs = latest;
      ticketId = t.id;
    }
  }
  return tickets > 0 ? { tickets, lastMs, ticketId } : null;
}

const HOUR_MS = 3_600_000;

/**
 * How long the year's tickets waited for a first answer, as of `at`: read from the snapshot's
 * message times here (the year signals are computed only when a model weighs one, or by the
 * backtest), so the default scoring path never reads an agent message. An answer dated after
 * `at` is not seen: that ticket is still waiting then. The tickets' own times are the prepared
 * ones; a message time in `toISOString`'s shape is compared with `at` as a string (the strings'
 * order is the instants'), and only the earliest answer's is parsed.
 */
function supportThreads(account: PreparedAccount, from: number, at: number): Pick<YearSignals, 'firstReply' | 'threadLength'> {
  const atIso = isoInstant(at);
  const waits: number[] = [];
  let resolved = 0, resolvedMessages = 0;
  for (const t of account.tickets) {
    if (t.createdMs > at) break; // sorted by creation
    if (t.createdMs <= from) continue;
    let answered = Infinity;
    let earliestAnswerIso: string | null = null;
    let messages = 0;
    for (const m of t.messages) {
      const iso = m.at;
      if (isCanonicalInstant(iso)) {
        if (iso > atIso) continue;
        messages++;
        if (m.from === 'agent' && (earliestAnswerIso === null || iso < earliestAnswerIso)) earliestAnswerIso = iso;
      } else {
        const ms = toMs(iso);
        if (ms > at) continue;
        messages++;
        if (m.from === 'agent' && ms < answered) answered = ms;
      }
    }
    if (earliestAnswerIso !== null) answered = Math.min(answered, toMs(earliestAnswerIso));
    if (t.closedMs <= at) {
      resolved++;
      resolvedMessages += messages;
    }
    if (answered === Infinity && t.closedMs <= at) continue; // closed without an answer on record
    waits.push((Math.min(answered, at) - t.createdMs) / HOUR_MS);
  }
  const threadLength = resolved >= YEAR_SHAPE.firstReplyMinTickets ? { mean: resolvedMessages / resolved, tickets: resolved } : null;
  if (waits.length < YEAR_SHAPE.firstReplyMinTickets) return { firstReply: null, threadLength };
  waits.sort((a, b) => a - b);
  const mid = waits.length >> 1;
  return { firstReply: { medianHours: waits.length % 2 === 1 ? waits[mid]! : (waits[mid - 1]! + waits[mid]!) / 2, tickets: waits.length }, threadLength };
}

export function yearSignals(account: PreparedAccount, at: number): YearSignals {
  const s = YEAR_SHAPE;
  const since = account.customerSinceMs;
  const dataFrom = Math.max(since, account.usage[0]?.ms ?? -Infinity);
  const from = Math.max(at - s.yearDays * DAY_MS, dataFrom);
  const days = (at - from) / DAY_MS;
  const enough = days >= s.minDays;

  // Tickets of the year: created in the window or still open.
  let count = 0, weight = 0, severe = 0, featureRequests = 0;
  for (const t of account.tickets) {
    if (t.createdMs > at) break; // sorted by creation
    // Feature requests created in the window (an old one left open is normal: they stay open).
    if (t.type === 'feature_request' && t.createdMs > from) featureRequests++;
    if (t.createdMs <= from && t.closedMs <= at) continue;
    count++;
    weight += t.weight;
    if (t.severe) severe++;
  }
  const usage = account.usage;
  const tickets = enough && usage.length > 0 ? { count, weight, severe, userDays: Math.max(userDays(usage, from, at, at), s.minRateUsers * days), days, featureRequests } : null;

  // A ticket still open keeps its messages in however old they are: an account must never read
  // better because a complaint it has not had resolved got older.
  let sum = 0, messages = 0;
  const ms = account.customerMessageMs;
  for (let i = 0; i < ms.length; i++) {
    if (ms[i]! > at) continue;
    if (ms[i]! <= from && account.tickets[account.customerMessageTicket[i]!]!.closedMs <= at) continue;
    sum += account.customerMessageSentiment[i]!;
    messages++;
  }

  const half = s.halfDays * DAY_MS;
  let inYear = 0, recent = 0, earlier = 0;
  let lastTouchMs: number | null = null;
  for (const t of account.engagementMs) {
    if (t > at) continue;
    if (lastTouchMs === null || t > lastTouchMs) lastTouchMs = t;
    if (t > from) inYear++;
    if (t > at - half) recent++;
    else if (t > at - 2 * half) earlier++;
  }

  let contactsLeft = 0;
  for (const c of account.contacts) if (c.leftMs !== null && c.leftMs <= at && c.leftMs > at - s.yearDays * DAY_MS) contactsLeft++;

  return {
    windowDays: days,
    ...usageSignals(account, at),
    tickets,
    sentiment: messages > 0 ? { mean: sum / messages, messages, days } : null,
    touches: enough ? { count: inYear, days } : null,
    touchTrend: dataFrom <= at - 2 * half ? { recent, earlier } : null,
    contactsLeft,
    lastTouchMs,
    tenureDays: Number.isFinite(since) ? Math.max(0, (at - since) / DAY_MS) : null,
    ...supportThreads(account, from, at),
    ...loginSignals(account, at),
    sponsorMet: sponsorSignal(account, at),
    contractionAsks: contractionSignal(account, at),
    contactsEngaged: contactsEngaged(account, at),
    renewalRecord: renewalRecord(account, at),
    championNew: championNew(account, at),
    onboardingRamp: onboardingRamp(account, at),
  };
}
