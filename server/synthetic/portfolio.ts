// Deterministic synthetic portfolio: AccountSnapshots whose every part is driven by a hidden health
// h ∈ [0, 1] and a trajectory, returned next to the snapshot as `truth` so a scoring engine can be
// checked against what it should recover. Pure: no clock (asOf is a parameter), no I/O, no
// Math.random. The same (seed, index, asOf, ticketsPerAccount, options) always gives the same account, and
// account k does not depend on any other account (each draws from its own forked stream).
import type { AccountSnapshot, ContactRole, EngagementKind, TicketPriority, TicketType } from '../domain/snapshot.ts';
import { drawPeople, peopleContacts, renewalEvents, type PeopleTimeline, type RenewalEvents, type SevereSpan } from './people.ts';
import { createRng, type Rng } from './random.ts';
import { DEFAULT_SHAPE, type GeneratorShape, type Segment } from './shape.ts';
import { pickFeature, ticketSubject, writeThread } from './texts.ts';
import { applySupportPod, drawSlowPod } from './support-pods.ts';
import { withLoginHistory } from './logins.ts';
import { clamp, logistic } from './math.ts';
import { byAt, byCreatedAt } from './dated.ts';
import { reportUsage } from './usage-reporting.ts';
import { sponsorAt, withParticipants } from './participants.ts';
import { applyLayoffs, budgetTickets, daysSinceBudgetCut, drawBudgetCuts } from './budget-cuts.ts';
import { applyRamp, drawSlowOnboarding, onboardingEngagements, onboardingTickets } from './onboarding.ts';
import { acquisitionContacts, acquisitionTickets, daysSinceAcquired, drawAcquisition } from './acquisitions.ts';
import { applyOffSeason, drawOffSeason } from './seasonal-business.ts';

export type Trajectory = 'growing' | 'flat' | 'declining';
export type { GeneratorShape, Segment } from './shape.ts';
export type { RenewalEvents } from './people.ts';

/** The hidden probability of renewing each renewal was (or will be) decided with. */
export interface RenewalTruth {
  id: string;
  closeDate: string;
  health: number;
  pRenew: number;
}

export interface GeneratedAccount {
  snapshot: AccountSnapshot;
  truth: { health: number; trajectory: Trajectory; segment: string; renewals: RenewalTruth[] };
}

/** What else a renewal's odds may depend on besides the health at its close date. */
export interface RenewalContext {
  /** Hidden health a year before the close date (the change over the contract year). */
  healthYearBefore: number;
  segment: Segment;
  /** The close date (YYYY-MM-DD), for odds that change over calendar time. */
  closeDate: string;
  /**
   * The people and the unresolved severe tickets around the close date, with the shape's people
   * process (GeneratorShape.people); null (or absent) without it.
   */
  events?: RenewalEvents | null;
  /** Whether the account is on the overloaded support pod, with the shape's support pods; absent without them. */
  slowSupport?: boolean;
  /**
   * Days from the customer's latest budget cut at or before the close date to it (null: none), with
   * the shape's budget cuts; absent without them.
   */
  daysSinceBudgetCut?: number | null;
  /** Whether the account needs a capability the product lacks, with the shape's product gap; absent without it. */
  productGap?: boolean;
  /** Whether the account's onboarding was slow, with the shape's onboarding; absent without it. */
  slowOnboarding?: boolean;
  /** Whether this is the account's first renewal, with the shape's onboarding; absent without it. */
  firstRenewal?: boolean;
  /**
   * Days from the customer's acquisition at or before the close date to it (null: none), with the
   * shape's acquisitions; absent without them.
   */
  daysSinceAcquired?: number | null;
}

/** Probability that a renewal is won, from the hidden health at its close date. */
export type RenewalOdds = (health: number, trajectory: Trajectory, context: RenewalContext) => number;

export const DEFAULT_RENEWAL_ODDS: RenewalOdds = (h) => logistic(6 * h - 2.2);

/** History options shared by generateAccount and generatePortfolio. */
export interface HistoryOptions {
  /**
   * Days of history before asOf (365 by default: one year of usage and tickets, 180 days of
   * engagements). Above 365 every part reaches back this far and contacts carry the dates they
   * joined and left, so the account can be looked at as of any day in that span.
   */
  historyDays?: number;
  /** How hidden health turns into a renewal outcome (for generator variants); a default logistic otherwise. */
  renewalOdds?: RenewalOdds;
  /** Structural constants (for generator variants); DEFAULT_SHAPE otherwise. */
  shape?: GeneratorShape;
}

export interface GenerateAccountOptions extends HistoryOptions {
  seed: string | number;
  index: number;
  /** ISO date-time the snapshot describes; every generated event is at or before it. */
  asOf: string;
  /** Exact number of tickets in the last year (default 25); older history adds its own. */
  ticketsPerAccount?: number;
}

export interface GeneratePortfolioOptions extends HistoryOptions {
  seed: string | number;
  accounts: number;
  asOf: string;
  ticketsPerAccount?: number;
  /** Index of the first account (default 0), to generate a slice of a larger portfolio. */
  startIndex?: number;
}

export const DEFAULT_TICKETS_PER_ACCOUNT = 25;

type Snapshot = AccountSnapshot;
type SnapshotTicket = Snapshot['tickets'][number];
type SnapshotMessage = SnapshotTicket['messages'][number];
type SnapshotContact = Snapshot['contacts'][number];
type SnapshotEngagement = Snapshot['engagements'][number];
type SnapshotRenewal = Snapshot['renewals'][number];
type SnapshotObjective = Snapshot['objectives'][number];
type SnapshotUsagePoint = Snapshot['usage']['history'][number];

const SECOND_MS = 1000;
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const YEAR_DAYS = 365;

// ---------------------------------------------------------------------------------------------
// Small pure helpers

function clamp01(x: number): number {
  return clamp(x, 0, 1);
}

// A portfolio of 10,000 accounts formats over a million timestamps, and Date#toISOString is most
// of the cost. Events cluster on a few thousand days, so the `YYYY-MM-DD` part comes from
// toISOString once per day (memoised) and the time of day is plain arithmetic; the result is
// character for character what toISOString returns (the tests compare the two).
const dayPrefixes = new Map<number, string>();
const TWO_DIGITS: readonly string[] = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

function calendarDate(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    if (dayPrefixes.size >= 20_000) dayPrefixes.clear();
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 10);
    dayPrefixes.set(day, prefix);
  }
  return prefix;
}

/** `toISOString()` of an integer epoch-ms instant. */
export function isoInstant(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  let rest = ms - day * DAY_MS;
  const hours = Math.floor(rest / HOUR_MS);
  rest -= hours * HOUR_MS;
  const minutes = Math.floor(rest / MINUTE_MS);
  rest -= minutes * MINUTE_MS;
  const seconds = Math.floor(rest / SECOND_MS);
  const millis = rest - seconds * SECOND_MS;
  return `${calendarDate(ms)}T${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[seconds]}.${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`;
}

/** Whole seconds, rounded down (never moves an event past asOf). */
function toSecond(ms: number): number {
  return Math.floor(ms / SECOND_MS) * SECOND_MS;
}

function roundTo(x: number, step: number): number {
  return Math.round(x / step) * step;
}

function parseAsOf(asOf: string): number {
  const ms = Date.parse(asOf);
  if (!Number.isFinite(ms)) throw new RangeError(`asOf is not an ISO date-time: ${asOf}`);
  return ms;
}

function checkCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
}

function checkedTicketCount(value: number): number {
  checkCount('ticketsPerYear', value);
  return value;
}

function checkedSeats(value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`seats must be a positive integer, got ${value}`);
  return value;
}

function checkHistory(days: number | undefined): void {
  if (days !== undefined && (!Number.isSafeInteger(days) || days < YEAR_DAYS || days > 5 * YEAR_DAYS)) {
    throw new RangeError(`historyDays must be an integer from ${YEAR_DAYS} to ${5 * YEAR_DAYS}, got ${days}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Company names: unique per index within a seed (an affine permutation over the word grid)

const NAME_HEADS = [
  'North', 'Silver', 'Blue', 'Cedar', 'Harbor', 'Iron', 'Bright', 'Maple', 'Red', 'Stone', 'Clear',
  'Pine', 'Summit', 'River', 'Golden', 'Oak', 'Wild', 'Green', 'High', 'Falcon', 'Copper', 'Swift',
  'Lake', 'Sun', 'Star', 'Granite', 'Willow', 'Ever', 'True', 'Fair', 'Amber', 'Atlas',
] as const;
const NAME_TAILS = [
  'field', 'stone', 'wave', 'bridge', 'peak', 'point', 'way', 'line', 'gate', 'works', 'light', 'path',
  'brook', 'ridge', 'crest', 'view', 'wood', 'port', 'mark', 'vale', 'shore', 'spring', 'forge', 'land',
] as const;
/** Company-name suffix and the industry it suggests. */
const NAME_KINDS = [
  ['Analytics', 'software'],
  ['Logistics', 'logistics'],
  ['Health', 'healthcare'],
  ['Software', 'software'],
  ['Foods', 'food & beverage'],
  ['Labs', 'life sciences'],
  ['Partners', 'professional services'],
  ['Systems', 'manufacturing'],
  ['Media', 'media'],
  ['Energy', 'energy'],
  ['Retail', 'retail'],
  ['Financial', 'financial services'],
  ['Robotics', 'manufacturing'],
  ['Studio', 'media'],
  ['Group', 'professional services'],
  ['Networks', 'telecommunications'],
] as const;
const NAME_SPACE = NAME_HEADS.length * NAME_TAILS.length * NAME_KINDS.length; // 12,288
const NAME_STEP = 7919; // prime, coprime with NAME_SPACE: index ↦ index·step + offset is a bijection

function companyName(index: number, offset: number): { name: string; industry: string } {
  const slot = ((index % NAME_SPACE) * NAME_STEP + offset) % NAME_SPACE;
  const head = NAME_HEADS[slot % NAME_HEADS.length] ?? 'North';
  const rest = Math.floor(slot / NAME_HEADS.length);
  const tail = NAME_TAILS[rest % NAME_TAILS.length] ?? 'field';
  const [kind, industry] = NAME_KINDS[Math.floor(rest / NAME_TAILS.length) % NAME_KINDS.length] ?? NAME_KINDS[0];
  const round = Math.floor(index / NAME_SPACE);
  return { name: `${head}${tail} ${kind}${round > 0 ? ` ${round + 1}` : ''}`, industry };
}

const FIRST_NAMES = [
  'Alex', 'Jordan', 'Taylor', 'Morgan', 'Casey', 'Riley', 'Jamie', 'Avery', 'Quinn', 'Harper', 'Elena',
  'Noah', 'Mia', 'Lucas', 'Sofia', 'Ethan', 'Amara', 'Hiro', 'Fatima', 'Mateo', 'Ingrid', 'Ravi',
  'Zoe', 'Daniel', 'Aisha', 'Pablo', 'Grace', 'Viktor', 'Leila', 'Owen',
] as const;
const LAST_NAMES = [
  'Smith', 'Garcia', 'Chen', 'Müller', 'Okafor', 'Rossi', 'Nguyen', 'Kowalski', 'Silva', 'Patel',
  'Johansson', 'Dubois', 'Tanaka', 'Brown', 'Haddad', 'Novak', 'Murphy', 'Kim', 'Fischer', 'Costa',
  'Larsen', 'Ahmed', 'Walsh', 'Moreau', 'Singh', 'Berg', 'Lopez', 'Ito', 'Clarke', 'Weber',
] as const;

// ---------------------------------------------------------------------------------------------
// Account profile: segment, size, hidden health and trajectory, tenure

const SEATS: Record<Segment, readonly [number, number]> = {
  smb: [5, 40],
  'mid-market': [40, 400],
  enterprise: [400, 5000],
};
/** Relationship intensity: bigger customers get more contacts and more CSM time. */
const SEGMENT_TOUCH: Record<Segment, number> = { smb: 0.7, 'mid-market': 1, enterprise: 1.4 };

/** CSM touches' multiplier for the account: the shape's per segment, or the relationship intensity. */
function csmTouch(p: Profile): number {
  return p.shape.touch?.[p.segment] ?? SEGMENT_TOUCH[p.segment];
}

interface Profile {
  id: string;
  segment: Segment;
  health: number;
  trajectory: Trajectory;
  /** Health change per year looking back (declining accounts were healthier a year ago). */
  drift: number;
  seats: number;
  arr: number;
  asOfMs: number;
  sinceMs: number;
  tenureDays: number;
  /** Health change over the year before last (0 unless history reaches back that far). */
  olderDrift: number;
  historyDays: number;
  shape: GeneratorShape;
  /** Contract length in years: renewals fall every that many anniversaries. */
  termYears: number;
  /** Needs a capability the product lacks (with the shape's product gap): files more feature requests. */
  productGap: boolean;
}

/** Health at `ageDays` before asOf (the trajectory over the last year, `olderDrift` over the one before). */
function healthAt(p: Profile, ageDays: number): number {
  const older = clamp(ageDays - YEAR_DAYS, 0, YEAR_DAYS) / YEAR_DAYS;
  return clamp01(p.health + (p.drift * Math.min(ageDays, YEAR_DAYS)) / YEAR_DAYS + p.olderDrift * older);
}

function drawProfile(rng: Rng, id: string, asOfMs: number, shape: GeneratorShape): Profile {
  const segment = rng.weighted(shape.segments);
  const [lo, hi] = SEATS[segment];
  const seats = shape.seats ? checkedSeats(shape.seats(segment, rng)) : Math.round(Math.exp(rng.float(Math.log(lo), Math.log(hi))));
  const arr = roundTo(seats * rng.float(600, 1400), 100);

  // Bell-shaped on [0, 1]: the mean of three uniforms, widened, around a segment-dependent centre.
  const bell = (rng.next() + rng.next() + rng.next()) / 3;
  const health = Math.round(clamp01(shape.healthMean[segment] + 1.4 * (bell - 0.5)) * 10_000) / 10_000;

  const sick = 1 - health;
  const trajectory = rng.weighted<Trajectory>([
    ['declining', 0.1 + 0.5 * sick],
    ['growing', 0.1 + 0.45 * health],
    ['flat', 0.3],
  ]);
  const drift = trajectory === 'declining' ? 0.25 : trajectory === 'growing' ? -0.2 : 0;

  // Customer for 1–5 years; the start day is kept ≤ 28 so every anniversary exists.
  const asOfDay = Math.floor(asOfMs / DAY_MS) * DAY_MS;
  let sinceMs = asOfDay - rng.int(YEAR_DAYS, 5 * YEAR_DAYS - 5) * DAY_MS;
  const dayOfMonth = new Date(sinceMs).getUTCDate();
  if (dayOfMonth > 28) sinceMs -= (dayOfMonth - 28) * DAY_MS;
  const tenureDays = Math.floor((asOfMs - sinceMs) / DAY_MS);

  return { id, segment, health, trajectory, drift, seats, arr, asOfMs, sinceMs, tenureDays, olderDrift: 0, historyDays: YEAR_DAYS, shape, termYears: 1, productGap: false };
}

// ---------------------------------------------------------------------------------------------
// Usage

/** The shape's seasonal multiplier of active users in the calendar month of `ms` (1 without a season). */
function season(p: Profile, ms: number): number {
  return p.shape.usageSeason?.[new Date(ms).getUTCMonth()] ?? 1;
}

function drawUsage(rng: Rng, p: Profile): Snapshot['usage'] {
  const [uA, uB] = p.shape.utilisation;
  const utilisation = clamp(uA + uB * p.health + rng.normal(0, 0.06), 0.02, 1);
  // Out of season: what health gives, the month's season applied to each count (× 1 without one).
  const usersOutOfSeason = p.seats * utilisation;
  const activeUsers = clamp(Math.round(usersOutOfSeason * season(p, p.asOfMs)), 0, p.seats);
  const logins30d = Math.round(activeUsers * (8 + 12 * p.health + rng.float(0, 5)));

  // How different usage was a year ago, relative to now.
  const swing = p.trajectory === 'growing' ? -rng.float(0.2, 0.5) : p.trajectory === 'declining' ? rng.float(0.3, 0.9) : 0;
  const asOf = new Date(p.asOfMs);
  const year = asOf.getUTCFullYear();
  const month = asOf.getUTCMonth();
  const day = Math.min(asOf.getUTCDate(), 28);
  const history: SnapshotUsagePoint[] = [];
  for (let monthsAgo = 12; monthsAgo >= 1; monthsAgo--) {
    const ms = Date.UTC(year, month - monthsAgo, day);
    if (ms < p.sinceMs) continue;
    const shape = 1 + swing * Math.pow(monthsAgo / 12, 0.8);
    const users = Math.round(seasonal(activeUsers, usersOutOfSeason, season(p, ms)) * shape * (1 + rng.normal(0, 0.04)));
    history.push({ date: calendarDate(ms), activeUsers: clamp(users, 0, p.seats) });
  }
  return { activeUsers, logins30d, history, loginHistory: [] };
}

/**
 * Active users of another month: without a season exactly `activeUsers` (so the default generator
 * is unchanged), with one the out-of-season count times that month's multiplier.
 */
function seasonal(activeUsers: number, outOfSeason: number, multiplier: number): number {
  return multiplier === 1 ? activeUsers : outOfSeason * multiplier;
}

/** Monthly counts from 13 months back to the history's start, following health relative to a year ago. */
function drawOlderUsage(rng: Rng, p: Profile, usage: Snapshot['usage']): SnapshotUsagePoint[] {
  const yearAgo = usage.history[0];
  if (!yearAgo || p.historyDays <= YEAR_DAYS) return [];
  const asOf = new Date(p.asOfMs);
  const day = Math.min(asOf.getUTCDate(), 28);
  const [uA, uB] = p.shape.utilisation;
  const utilisation = (h: number) => uA + uB * h;
  const base = utilisation(healthAt(p, YEAR_DAYS));
  const older: SnapshotUsagePoint[] = [];
  const months = Math.floor((p.historyDays * 12) / YEAR_DAYS);
  for (let monthsAgo = months; monthsAgo >= 13; monthsAgo--) {
    const ms = Date.UTC(asOf.getUTCFullYear(), asOf.getUTCMonth() - monthsAgo, day);
    if (ms < p.sinceMs) continue;
    const ratio = utilisation(healthAt(p, (p.asOfMs - ms) / DAY_MS)) / base;
    const seasonRatio = season(p, ms) / season(p, Date.parse(yearAgo.date));
    const users = Math.round(yearAgo.activeUsers * seasonRatio * ratio * (1 + rng.normal(0, 0.04)));
    older.push({ date: calendarDate(ms), activeUsers: clamp(users, 0, p.seats) });
  }
  return older;
}

// ---------------------------------------------------------------------------------------------
// Tickets

const TICKET_TYPE_ORDER: readonly TicketType[] = ['outage', 'bug', 'billing', 'how_to', 'feature_request', 'other'];
const PRIORITY_ORDER: readonly TicketPriority[] = ['urgent', 'high', 'medium', 'low'];
/** Priority mix per type before the health tilt: urgent, high, medium, low. */
const PRIORITY_BASE: Record<TicketType, readonly [number, number, number, number]> = {
  outage: [0.55, 0.35, 0.1, 0],
  bug: [0.08, 0.3, 0.45, 0.17],
  billing: [0.03, 0.17, 0.5, 0.3],
  how_to: [0.01, 0.06, 0.48, 0.45],
  feature_request: [0, 0.04, 0.36, 0.6],
  other: [0.02, 0.08, 0.5, 0.4],
};
/** Typical hours to resolve at a healthy account, by priority (urgent, high, medium, low). */
const RESOLUTION_HOURS: readonly number[] = [4, 20, 48, 110];

/** Index into `weights` with probability proportional to each weight (weights sum > 0). */
function pickIndex(rng: Rng, weights: readonly number[]): number {
  let total = 0;
  for (const w of weights) total += w;
  let r = rng.next() * total;
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i] ?? 0;
    if (r < 0) return i;
  }
  return weights.length - 1;
}

function drawTickets(rng: Rng, p: Profile, count: number): SnapshotTicket[] {
  const maxAgeMs = Math.min(YEAR_DAYS, p.tenureDays) * DAY_MS;
  // Ages skewed towards now for unhealthy and declining accounts (age = max · u^k, k > 1).
  const skew = 1 + 0.6 * (1 - p.health) + (p.trajectory === 'declining' ? 0.5 : p.trajectory === 'growing' ? -0.15 : 0);
  const created = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const ageMs = Math.max(HOUR_MS, maxAgeMs * Math.pow(rng.next(), skew));
    created[i] = toSecond(p.asOfMs - ageMs);
  }
  created.sort();
  return buildTickets(rng, p, created, `${p.id}-t-`, true);
}

/** Tickets older than a year (history mode): as many per year as the last year had, evenly spread. */
function drawOlderTickets(rng: Rng, p: Profile, perYear: number): SnapshotTicket[] {
  const spanDays = Math.min(p.historyDays, p.tenureDays) - YEAR_DAYS;
  if (spanDays <= 0) return [];
  const count = Math.round((perYear * spanDays) / YEAR_DAYS);
  const created = new Float64Array(count);
  for (let i = 0; i < count; i++) created[i] = toSecond(p.asOfMs - (YEAR_DAYS + spanDays * rng.next()) * DAY_MS);
  created.sort();
  return buildTickets(rng, p, created, `${p.id}-h-`, false);
}

function lingerDays(rng: Rng, sick: number, severe: boolean): number {
  if (rng.bernoulli(0.02 + 0.2 * sick * sick + (severe ? 0.1 : 0))) return rng.float(30, 300);
  return rng.bernoulli(0.25 + 0.45 * sick) ? rng.float(0, 30) : 0;
}

/** `mayStayOpen`: tickets older than a year are all resolved by now (they were open at the time). */
function buildTickets(rng: Rng, p: Profile, created: Float64Array, idPrefix: string, mayStayOpen: boolean): SnapshotTicket[] {
  const count = created.length;
  const typeWeights = [0, 0, 0, 0, 0, 0];
  const priorityWeights = [0, 0, 0, 0];
  const { triageChange } = p.shape;
  const tone = p.shape.toneBySegment?.[p.segment] ?? p.shape.tone;
  const tickets: SnapshotTicket[] = new Array<SnapshotTicket>(count);
  for (let i = 0; i < count; i++) {
    const createdMs = created[i] ?? p.asOfMs - HOUR_MS;
    const ageDays = (p.asOfMs - createdMs) / DAY_MS;
    const h = healthAt(p, ageDays);
    const sick = 1 - h;

    typeWeights[0] = 0.02 + 0.12 * sick;
    typeWeights[1] = 0.14 + 0.3 * sick;
    typeWeights[2] = 0.07 + 0.05 * sick;
    typeWeights[3] = 0.22 + 0.22 * h;
    typeWeights[4] = p.productGap ? 0.07 + 0.2 * h + p.shape.productGap!.featureRequests : 0.07 + 0.2 * h;
    typeWeights[5] = 0.08;
    const type = TICKET_TYPE_ORDER[pickIndex(rng, typeWeights)] ?? 'other';

    const base = PRIORITY_BASE[type];
    const { urgent, high, low } = triageChange && createdMs >= triageChange.fromMs ? triageChange.priorityTilt : p.shape.priorityTilt;
    priorityWeights[0] = base[0] * (urgent[0] + urgent[1] * sick);
    priorityWeights[1] = base[1] * (high[0] + high[1] * sick);
    priorityWeights[2] = base[2];
    priorityWeights[3] = base[3] * (low[0] + low[1] * h);
    const priorityIndex = pickIndex(rng, priorityWeights);
    const priority = PRIORITY_ORDER[priorityIndex] ?? 'medium';

    // Open tickets: more at unhealthy accounts, far more among the recent ones, severe ones linger.
    let pOpen = 0.02 + 0.2 * sick * sick;
    if (ageDays < 30) pOpen += (0.25 + 0.45 * sick) * (1 - ageDays / 30);
    if ((type === 'outage' || type === 'bug') && priorityIndex <= 1 && sick > 0.5) pOpen += 0.1;
    const keptOpen = rng.bernoulli(pOpen) && mayStayOpen;
    const typeSpeed = type === 'how_to' ? 0.6 : type === 'feature_request' ? 0.8 : 1;
    let hours = (RESOLUTION_HOURS[priorityIndex] ?? 48) * typeSpeed * (0.6 + 2.4 * sick) * Math.exp(rng.normal(0, 0.7));
    // Older tickets linger as the recent ones do (those are still open now): some for weeks, a few for months.
    if (!mayStayOpen) hours += 24 * lingerDays(rng, sick, (type === 'outage' || type === 'bug') && priorityIndex <= 1 && sick > 0.5);
    const closedMs = toSecond(createdMs + Math.max(10 * MINUTE_MS, hours * HOUR_MS));
    const resolved = !keptOpen && closedMs <= p.asOfMs;

    const messageCount = Math.min(6, 3 + rng.poisson(0.6 + 1.4 * sick));
    const feature = pickFeature(rng, type);
    const subject = ticketSubject(rng, type, feature);
    const thread = writeThread(rng, { type, feature, health: h, resolved, messages: messageCount, tone });

    // Message times: the first when the ticket is opened, the rest spread up to the close (or,
    // for open tickets, some time before asOf), in order.
    const endMs = resolved ? closedMs : createdMs + (p.asOfMs - createdMs) * rng.float(0.3, 1);
    const span = (endMs - createdMs) * (resolved ? rng.float(0.9, 1) : 1);
    const gaps = new Float64Array(thread.length);
    let gapTotal = 0;
    for (let m = 1; m < thread.length; m++) {
      gapTotal += 0.2 + rng.next();
      gaps[m] = gapTotal;
    }
    const messages: SnapshotMessage[] = new Array<SnapshotMessage>(thread.length);
    for (let m = 0; m < thread.length; m++) {
      const msg = thread[m];
      if (!msg) continue;
      const at = m === 0 ? createdMs : toSecond(createdMs + (span * (gaps[m] ?? 0)) / gapTotal);
      messages[m] = { at: isoInstant(at), from: msg.from, text: msg.text };
    }

    tickets[i] = {
      id: `${idPrefix}${String(i + 1).padStart(3, '0')}`,
      createdAt: isoInstant(createdMs),
      closedAt: resolved ? isoInstant(closedMs) : null,
      type,
      priority,
      subject,
      messages,
    };
  }
  return tickets;
}

// ---------------------------------------------------------------------------------------------
// Contacts and engagements

function contactName(rng: Rng): string {
  return `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
}

function drawContacts(rng: Rng, p: Profile): SnapshotContact[] {
  const sick = 1 - p.health;
  const baseCount = clamp(2 + rng.poisson(1.5 * SEGMENT_TOUCH[p.segment]), 2, 7);
  // Mean days since a contact last engaged: days for healthy accounts, months for unhealthy ones.
  const recencyDays = 4 + 80 * sick * sick;
  const maxAge = p.tenureDays;
  const lastEngaged = (meanDays: number): string =>
    isoInstant(toSecond(p.asOfMs - clamp(rng.exponential(meanDays), 1 / 1440, maxAge) * DAY_MS));

  const contacts: SnapshotContact[] = [];
  const add = (role: ContactRole, active: boolean, lastEngagedAt: string | null): void => {
    const n = contacts.length + 1;
    contacts.push({ id: `${p.id}-c-${String(n).padStart(2, '0')}`, name: contactName(rng), role, active, lastEngagedAt });
  };

  const championLeft = rng.bernoulli(0.45 * sick);
  if (championLeft) {
    const leftDaysAgo = clamp(rng.float(40, 300), 1, maxAge);
    add('champion', false, isoInstant(toSecond(p.asOfMs - leftDaysAgo * DAY_MS)));
  } else {
    add('champion', true, lastEngaged(recencyDays));
  }
  const executiveLeft = rng.bernoulli(0.15 * sick);
  add('executive', !executiveLeft, lastEngaged(recencyDays * 2.5 + 10));
  // Whoever left is taken to have left right after they last engaged.
  for (const c of contacts) if (!c.active) c.leftAt = c.lastEngagedAt ?? null;
  for (let i = 2; i < baseCount; i++) {
    const role: ContactRole = i === 2 || rng.bernoulli(0.25) ? 'admin' : 'user';
    const neverEngaged = role === 'user' && rng.bernoulli(0.2);
    add(role, true, neverEngaged ? null : lastEngaged(recencyDays * 1.5));
  }
  // Usually someone steps in after a champion leaves, but not as a champion.
  if (championLeft && rng.bernoulli(0.6)) add('other', true, lastEngaged(recencyDays * 1.5));
  return contacts;
}

/**
 * History mode: when each contact joined, and an earlier champion who left (more often at accounts
 * that were unhealthy then), with a gap before the next one during which no champion was active.
 * A contact who joined after a moment is absent from a view as of it.
 */
function addContactHistory(rng: Rng, p: Profile, contacts: SnapshotContact[]): void {
  const start = Math.max(p.sinceMs, p.asOfMs - p.historyDays * DAY_MS);
  const firstDay = Math.max(p.sinceMs, start - YEAR_DAYS * DAY_MS);
  const untilOf = (c: SnapshotContact) => Math.min(p.asOfMs, c.leftAt ? Date.parse(c.leftAt) : p.asOfMs, c.lastEngagedAt ? Date.parse(c.lastEngagedAt) : p.asOfMs);
  for (const c of contacts) c.since = isoInstant(toSecond(firstDay + (untilOf(c) - firstDay) * rng.next()));
  const champion = contacts.find((c) => c.role === 'champion');
  if (!champion) return;
  const startedMs = Date.parse(champion.since!);
  const gapDays = rng.float(20, 60 + 200 * (1 - healthAt(p, (p.asOfMs - startedMs) / DAY_MS)));
  const leftMs = toSecond(startedMs - gapDays * DAY_MS);
  const replaced = leftMs - p.sinceMs >= 30 * DAY_MS && rng.bernoulli(0.25 + 0.5 * (1 - healthAt(p, (p.asOfMs - leftMs) / DAY_MS)));
  if (!replaced) {
    champion.since = isoInstant(p.sinceMs); // the same champion from the start
    return;
  }
  contacts.push({
    id: `${p.id}-c-${String(contacts.length + 1).padStart(2, '0')}`,
    name: contactName(rng),
    role: 'champion',
    active: false,
    lastEngagedAt: isoInstant(leftMs),
    since: isoInstant(p.sinceMs),
    leftAt: isoInstant(leftMs),
  });
}

const ENGAGEMENT_KINDS: readonly EngagementKind[] = ['email', 'call', 'meeting', 'note'];

function drawEngagements(rng: Rng, p: Profile): SnapshotEngagement[] {
  const [eA, eB] = p.shape.engagement;
  const count = rng.poisson((eA + eB * p.health) * csmTouch(p));
  // Declining accounts were engaged earlier and have gone quiet; growing ones engage more lately.
  const skew = p.trajectory === 'declining' ? 0.6 : p.trajectory === 'growing' ? 1.3 : 1;
  const windowMs = Math.min(180, p.tenureDays) * DAY_MS;
  const kindWeights = [0.4, 0.2, 0.2 + 0.1 * p.health, 0.2];
  const times = new Float64Array(count);
  const kinds: EngagementKind[] = [];
  for (let i = 0; i < count; i++) {
    times[i] = toSecond(p.asOfMs - Math.max(MINUTE_MS, windowMs * Math.pow(rng.next(), skew)));
    kinds.push(ENGAGEMENT_KINDS[pickIndex(rng, kindWeights)] ?? 'email');
  }
  times.sort();
  const out: SnapshotEngagement[] = new Array<SnapshotEngagement>(count);
  for (let i = 0; i < count; i++) out[i] = { at: isoInstant(times[i] ?? p.asOfMs), kind: kinds[i] ?? 'email' };
  return out;
}

/** Engagements from 180 days back to the history's start, month by month at the health of the time. */
function drawOlderEngagements(rng: Rng, p: Profile): SnapshotEngagement[] {
  const out: SnapshotEngagement[] = [];
  const end = Math.min(p.historyDays, p.tenureDays);
  const [eA, eB] = p.shape.engagement;
  for (let from = 180; from < end; from += 30) {
    const span = Math.min(30, end - from);
    const h = healthAt(p, from + span / 2);
    const count = rng.poisson(((eA + eB * h) * csmTouch(p) * span) / 180);
    const kindWeights = [0.4, 0.2, 0.2 + 0.1 * h, 0.2];
    for (let i = 0; i < count; i++) {
      const at = toSecond(p.asOfMs - (from + span * rng.next()) * DAY_MS);
      out.push({ at: isoInstant(at), kind: ENGAGEMENT_KINDS[pickIndex(rng, kindWeights)] ?? 'email' });
    }
  }
  return out.sort(byAt);
}

// ---------------------------------------------------------------------------------------------
// Renewals

/**
 * One renewal a contract term from the customer's first day on, each won or lost with the odds at
 * its close date; `events` gives what the odds may read about the people and problems then (with
 * the shape's people process).
 */
function drawRenewals(
  rng: Rng,
  p: Profile,
  odds: RenewalOdds,
  events: ((closeMs: number) => RenewalEvents) | null,
  slowSupport: boolean | null,
  more: (closeMs: number) => Pick<RenewalContext, 'daysSinceBudgetCut' | 'productGap' | 'slowOnboarding' | 'firstRenewal' | 'daysSinceAcquired'>,
): { renewals: SnapshotRenewal[]; renewalDate: string; truth: RenewalTruth[] } {
  const since = new Date(p.sinceMs);
  const year = since.getUTCFullYear();
  const month = since.getUTCMonth();
  const day = since.getUTCDate();
  const renewals: SnapshotRenewal[] = [];
  const truth: RenewalTruth[] = [];
  for (let k = 1; ; k++) {
    const ms = Date.UTC(year + k * p.termYears, month, day);
    const id = `${p.id}-r-${k}`;
    // Ahead of asOf the trajectory carries on (a declining account keeps declining).
    const ageDays = (p.asOfMs - ms) / DAY_MS;
    const h = healthAt(p, ageDays);
    const context = { healthYearBefore: healthAt(p, ageDays + YEAR_DAYS), segment: p.segment, closeDate: calendarDate(ms), events: events?.(ms) ?? null, ...(slowSupport === null ? {} : { slowSupport }), ...more(ms) };
    const pRenew = odds(h, p.trajectory, context);
    truth.push({ id, closeDate: calendarDate(ms), health: h, pRenew });
    if (ms > p.asOfMs) {
      const renewalDate = calendarDate(ms);
      renewals.push({ id, closeDate: renewalDate, amount: p.arr, outcome: 'open' });
      return { renewals, renewalDate, truth };
    }
    const won = rng.bernoulli(pRenew);
    renewals.push({ id, closeDate: calendarDate(ms), amount: roundTo(p.arr * rng.float(0.8, 1.05), 100), outcome: won ? 'won' : 'lost' });
  }
}

// ---------------------------------------------------------------------------------------------
// Objectives (desired outcomes: direction + metric + object)

interface ObjectiveTemplate {
  statement: string;
  metric: string;
  target: number;
  /** Where a customer starts from: [lo, hi]; progress moves it towards the target. */
  baseline: readonly [number, number];
}

const OBJECTIVE_TEMPLATES: readonly ObjectiveTemplate[] = [
  { statement: 'Minimise the time it takes to onboard a new agent', metric: 'days to first solved ticket', target: 3, baseline: [6, 14] },
  { statement: 'Minimise the time it takes to resolve a customer request', metric: 'median hours to resolution', target: 8, baseline: [12, 48] },
  { statement: 'Increase the share of agents who use the product every week', metric: 'weekly active agents (%)', target: 85, baseline: [35, 70] },
  { statement: 'Minimise the number of tickets reopened after being solved', metric: 'reopen rate (%)', target: 5, baseline: [8, 20] },
  { statement: 'Minimise the time managers spend building weekly reports', metric: 'hours per week on reporting', target: 1, baseline: [3, 8] },
  { statement: 'Increase the share of questions answered by self-service', metric: 'self-service resolution rate (%)', target: 40, baseline: [10, 25] },
  { statement: "Minimise the time it takes to find a customer's history", metric: 'seconds to find history', target: 10, baseline: [30, 90] },
  { statement: 'Minimise the number of manual steps to log a case', metric: 'manual steps per case', target: 2, baseline: [5, 9] },
  { statement: 'Increase customer satisfaction with solved tickets', metric: 'CSAT (%)', target: 90, baseline: [60, 80] },
  { statement: 'Minimise the time it takes to give a new hire access to every tool', metric: 'hours to full access', target: 2, baseline: [8, 48] },
  { statement: 'Minimise the number of escalations to engineering', metric: 'escalations per month', target: 5, baseline: [10, 30] },
  { statement: 'Increase the share of tickets solved on first contact', metric: 'first-contact resolution (%)', target: 70, baseline: [35, 55] },
  { statement: 'Minimise the time spent reconciling invoices with usage', metric: 'hours per month on reconciliation', target: 2, baseline: [6, 16] },
  { statement: 'Minimise the number of SLA breaches per month', metric: 'SLA breaches per month', target: 0, baseline: [3, 12] },
  { statement: 'Increase the adoption of the mobile app among field staff', metric: 'field staff on mobile (%)', target: 60, baseline: [10, 35] },
  { statement: 'Minimise the time it takes to roll out a new workflow to all teams', metric: 'days to roll out a workflow', target: 5, baseline: [10, 30] },
];

const OBJECTIVE_COUNTS: readonly number[] = [0.1, 0.2, 0.3, 0.25, 0.15]; // weights for 0…4

function drawObjectives(rng: Rng, p: Profile): SnapshotObjective[] {
  const count = pickIndex(rng, OBJECTIVE_COUNTS);
  const order = OBJECTIVE_TEMPLATES.map((_, i) => i);
  const asOfDay = Math.floor(p.asOfMs / DAY_MS) * DAY_MS;
  const objectives: SnapshotObjective[] = [];
  for (let k = 0; k < count; k++) {
    // Partial Fisher–Yates: distinct templates per account.
    const j = rng.int(k, order.length - 1);
    const chosen = order[j] ?? 0;
    order[j] = order[k] ?? 0;
    order[k] = chosen;
    const t = OBJECTIVE_TEMPLATES[chosen] ?? OBJECTIVE_TEMPLATES[0];
    if (!t) break;

    const progress = clamp01(0.05 + 0.85 * p.health + rng.normal(0, 0.2));
    const achieved = progress >= 0.95;
    const start = rng.int(t.baseline[0], t.baseline[1]);
    const current = achieved ? t.target : Math.round(start + (t.target - start) * progress);
    const satisfaction = clamp(Math.round(1 + 8 * p.health + rng.normal(0, 1.3)), 0, 10);
    const importance = rng.int(5, 10);
    const dueMs = rng.bernoulli(0.1) ? null : asOfDay + rng.int(-120, 300) * DAY_MS;
    const overdue = dueMs !== null && dueMs < p.asOfMs;
    const status = achieved
      ? 'achieved'
      : overdue || satisfaction <= 3 || (p.health < 0.4 && rng.bernoulli(0.4))
        ? 'at_risk'
        : 'open';
    objectives.push({
      id: `${p.id}-o-${k + 1}`,
      statement: t.statement,
      metric: t.metric,
      target: t.target,
      current,
      importance,
      satisfaction,
      dueDate: dueMs === null ? null : calendarDate(dueMs),
      status,
    });
  }
  return objectives;
}

// ---------------------------------------------------------------------------------------------
// Assembly

/** The close date of the account's first renewal (epoch ms), a contract term after its first day. */
function firstCloseMs(p: Profile): number {
  const since = new Date(p.sinceMs);
  return Date.UTC(since.getUTCFullYear() + p.termYears, since.getUTCMonth(), since.getUTCDate());
}

function checkedTerm(value: number): number {
  if (!Number.isSafeInteger(value) || value < 1 || value > 5) throw new RangeError(`contractYears must be an integer from 1 to 5, got ${value}`);
  return value;
}

const SEVERE_TYPES: ReadonlySet<string> = new Set(['outage', 'bug']);
const SEVERE_PRIORITIES: ReadonlySet<string> = new Set(['urgent', 'high']);

/** Urgent or high outages and bugs, from creation to close. */
function severeSpans(tickets: readonly SnapshotTicket[]): SevereSpan[] {
  return tickets
    .filter((t) => SEVERE_TYPES.has(t.type) && SEVERE_PRIORITIES.has(t.priority))
    .map((t) => ({ createdMs: Date.parse(t.createdAt), closedMs: t.closedAt ? Date.parse(t.closedAt) : null }));
}

/** The contacts and sponsor meetings of the shape's people process, and its timeline for the renewals. */
function drawPeopleContacts(rng: Rng, p: Profile): { contacts: SnapshotContact[]; meetings: SnapshotEngagement[]; timeline: PeopleTimeline } {
  const shape = p.shape.people!;
  const input = { shape, touchRate: shape.executiveTouchRate[p.segment], sinceMs: p.sinceMs, asOfMs: p.asOfMs, health: (ms: number) => healthAt(p, (p.asOfMs - ms) / DAY_MS) };
  const timeline = drawPeople(rng, input);
  const others = clamp(1 + rng.fork('others').poisson(1.2 * SEGMENT_TOUCH[p.segment]), 1, 5);
  const names = rng.fork('names');
  const contacts = peopleContacts(rng.fork('contacts'), timeline, input, others).map(
    (c, i): SnapshotContact => ({
      id: `${p.id}-c-${String(i + 1).padStart(2, '0')}`,
      name: contactName(names),
      role: c.role,
      active: c.leftMs === null,
      lastEngagedAt: c.lastEngagedMs === null ? null : isoInstant(c.lastEngagedMs),
      since: isoInstant(c.sinceMs),
      ...(c.leftMs === null ? {} : { leftAt: isoInstant(c.leftMs) }),
    }),
  );
  const historyStart = p.asOfMs - p.historyDays * DAY_MS;
  const meetings = timeline.touches.filter((ms) => ms >= historyStart).map((ms): SnapshotEngagement => ({ at: isoInstant(ms), kind: 'meeting', contactIds: sponsorAt(contacts, ms) }));
  return { contacts, meetings, timeline };
}

function buildAccount(root: Rng, nameOffset: number, index: number, asOfMs: number, ticketCount: number, history: HistoryOptions): GeneratedAccount {
  const rng = root.fork(`account:${index}`);
  const id = `acct-${String(index).padStart(6, '0')}`;
  const shape = history.shape ?? DEFAULT_SHAPE;
  const profile = drawProfile(rng.fork('profile'), id, asOfMs, shape);
  const ticketsPerYear = shape.ticketsPerYear
    ? checkedTicketCount(shape.ticketsPerYear({ segment: profile.segment, seats: profile.seats, health: profile.health }, rng.fork('ticket-count')))
    : ticketCount;
  if (shape.contractYears) profile.termYears = checkedTerm(shape.contractYears(profile.segment, rng.fork('contract')));
  const historyDays = history.historyDays ?? YEAR_DAYS;
  const older = historyDays > YEAR_DAYS ? rng.fork('history') : null;
  if (older) {
    profile.historyDays = historyDays;
    profile.olderDrift = older.normal(0, 0.15);
  }
  const { name, industry } = companyName(index, nameOffset);
  // Every part draws from its own named stream, so the order below changes no draw: the renewals
  // come last because with the people process their odds read the tickets and the people.
  let usage = drawUsage(rng.fork('usage'), profile);
  if (shape.productGap) profile.productGap = rng.fork('product-gap').bernoulli(shape.productGap.share[profile.segment]);
  let tickets = drawTickets(rng.fork('tickets'), profile, ticketsPerYear);
  const people = shape.people ? drawPeopleContacts(rng.fork('people'), profile) : null;
  let contacts = people ? people.contacts : drawContacts(rng.fork('contacts'), profile);
  const engagements = drawEngagements(rng.fork('engagements'), profile);
  if (older) {
    usage.history.unshift(...drawOlderUsage(older.fork('usage'), profile, usage));
    tickets.unshift(...drawOlderTickets(older.fork('tickets'), profile, ticketsPerYear));
    if (!people) addContactHistory(older.fork('contacts'), profile, contacts);
    engagements.unshift(...drawOlderEngagements(older.fork('engagements'), profile));
  }
  if (people) {
    engagements.push(...people.meetings);
    engagements.sort(byAt);
  }
  const historyStartMs = asOfMs - historyDays * DAY_MS;
  const { onboarding, acquisitions, seasonalBusiness } = shape;
  const slowOnboarding = onboarding ? drawSlowOnboarding(rng.fork('onboarding'), profile.segment, healthAt(profile, profile.tenureDays), onboarding) : null;
  if (onboarding && slowOnboarding !== null) {
    usage = applyRamp(usage, profile.sinceMs, asOfMs, slowOnboarding, onboarding);
    const setup = onboardingTickets(rng.fork('onboarding-tickets'), slowOnboarding, id, profile.sinceMs, historyStartMs, asOfMs, onboarding);
    if (setup.length > 0) tickets = [...tickets, ...setup].sort(byCreatedAt);
    const meetings = onboardingEngagements(rng.fork('onboarding-meetings'), slowOnboarding, profile.sinceMs, historyStartMs, asOfMs, onboarding);
    if (meetings.length > 0) {
      engagements.push(...meetings);
      engagements.sort(byAt);
    }
  }
  const offSeason = seasonalBusiness ? drawOffSeason(rng.fork('seasonal-business'), industry, seasonalBusiness) : null;
  if (offSeason) usage = applyOffSeason(usage, asOfMs, offSeason);
  const acquiredMs = acquisitions ? drawAcquisition(rng.fork('acquisition'), profile.segment, profile.sinceMs, asOfMs, acquisitions) : null;
  if (acquisitions && acquiredMs !== null && acquiredMs <= asOfMs) {
    contacts = acquisitionContacts(rng.fork('acquisition-contacts'), acquiredMs, contacts, id, asOfMs, acquisitions, contactName);
    const notice = acquisitionTickets(rng.fork('acquisition-tickets'), acquiredMs, id, historyStartMs, asOfMs, acquisitions);
    if (notice.length > 0) tickets = [...tickets, ...notice].sort(byCreatedAt);
  }
  const linked = withParticipants(rng.fork('participants'), engagements, contacts);
  let slowSupport: boolean | null = null;
  if (shape.support) {
    const supportRng = rng.fork('support');
    slowSupport = drawSlowPod(supportRng, profile.segment, shape.support);
    tickets = applySupportPod(supportRng, tickets, slowSupport, asOfMs, shape.support);
  }
  usage = withLoginHistory(rng.fork('logins'), usage, asOfMs, (ageDays) => healthAt(profile, ageDays), shape.logins ?? null);
  const cuts = shape.budgetCuts ? drawBudgetCuts(rng.fork('budget-cuts'), profile.segment, profile.sinceMs, asOfMs, shape.budgetCuts) : null;
  if (cuts) {
    usage = applyLayoffs(usage, cuts, asOfMs);
    const asks = budgetTickets(rng.fork('budget-asks'), cuts, id, asOfMs - historyDays * DAY_MS, asOfMs);
    if (asks.length > 0) tickets = [...tickets, ...asks].sort(byCreatedAt);
  }
  if (shape.usageReporting) usage = reportUsage(rng.fork('usage-reporting'), usage, profile.segment, profile.seats, shape.usageReporting);
  const severe = people ? severeSpans(tickets) : [];
  const events = people ? (closeMs: number) => renewalEvents(people.timeline, severe, closeMs) : null;
  const { renewals, renewalDate, truth } = drawRenewals(rng.fork('renewals'), profile, history.renewalOdds ?? DEFAULT_RENEWAL_ODDS, events, slowSupport, (closeMs) => ({
    ...(cuts ? { daysSinceBudgetCut: daysSinceBudgetCut(cuts, closeMs) } : {}),
    ...(shape.productGap ? { productGap: profile.productGap } : {}),
    ...(slowOnboarding === null ? {} : { slowOnboarding, firstRenewal: closeMs === firstCloseMs(profile) }),
    ...(acquisitions ? { daysSinceAcquired: daysSinceAcquired(acquiredMs, closeMs) } : {}),
  }));
  const snapshot: Snapshot = {
    asOf: isoInstant(asOfMs),
    account: {
      id,
      name,
      crm: 'sandbox',
      segment: profile.segment,
      industry,
      licensedSeats: profile.seats,
      arr: profile.arr,
      currency: 'USD',
      renewalDate,
      ownerId: `owner-${rng.fork('owner').int(1, 12)}`,
      customerSince: calendarDate(profile.sinceMs),
    },
    usage,
    tickets,
    contacts,
    engagements: linked,
    renewals,
    objectives: drawObjectives(rng.fork('objectives'), profile),
  };
  return { snapshot, truth: { health: profile.health, trajectory: profile.trajectory, segment: profile.segment, renewals: truth } };
}

function nameOffsetFor(root: Rng): number {
  return root.fork('names').int(0, NAME_SPACE - 1);
}

/** One account of the portfolio `seed`, identical to the `index`-th account of generatePortfolio. */
export function generateAccount(options: GenerateAccountOptions): GeneratedAccount {
  const { seed, index, asOf, ticketsPerAccount = DEFAULT_TICKETS_PER_ACCOUNT } = options;
  checkCount('index', index);
  checkCount('ticketsPerAccount', ticketsPerAccount);
  checkHistory(options.historyDays);
  const asOfMs = parseAsOf(asOf);
  const root = createRng(seed);
  return buildAccount(root, nameOffsetFor(root), index, asOfMs, ticketsPerAccount, options);
}

/** Accounts startIndex … startIndex + accounts − 1 of the portfolio `seed`, generated lazily. */
export function* generatePortfolio(options: GeneratePortfolioOptions): Generator<GeneratedAccount> {
  const { seed, accounts, asOf, ticketsPerAccount = DEFAULT_TICKETS_PER_ACCOUNT, startIndex = 0 } = options;
  checkCount('accounts', accounts);
  checkCount('startIndex', startIndex);
  checkCount('ticketsPerAccount', ticketsPerAccount);
  checkHistory(options.historyDays);
  const asOfMs = parseAsOf(asOf);
  const root = createRng(seed);
  const nameOffset = nameOffsetFor(root);
  for (let i = 0; i < accounts; i++) yield buildAccount(root, nameOffset, startIndex + i, asOfMs, ticketsPerAccount, options);
}
