// The dated people process of a generator shape (PeopleShape): who the champion and the executive
// sponsor were from the customer's first day to asOf, when each left and when (or whether) someone
// took their place, and when the sponsor met the vendor. The account's contacts are drawn from it,
// the sponsor's meetings join its engagements, and a renewal's odds may read it next to the severe
// tickets still unresolved at the close date (RenewalEvents). Pure: numbers in, numbers out; the
// portfolio formats dates and names (passed in, so this file does not import the portfolio).
import type { ContactRole } from '../domain/snapshot.ts';
import type { Rng } from './random.ts';
import type { Linear, PeopleShape } from './shape.ts';

const DAY_MS = 86_400_000;
const YEAR_MS = 365 * DAY_MS;
/** The process steps a month at a time (departure hazards and touch rates follow health monthly). */
const STEP_MS = 30 * DAY_MS;
/** A severe ticket weighs on a renewal when it was unresolved at any time this close to the close date. */
export const SEVERE_WINDOW_DAYS = 30;

/** One person's time in a role: from `sinceMs` until `leftMs` (null: still there at asOf). */
export interface Tenure {
  sinceMs: number;
  leftMs: number | null;
}

export interface PeopleTimeline {
  champions: Tenure[];
  sponsors: Tenure[];
  /** The sponsor's meetings with the vendor (epoch ms, ascending). */
  touches: number[];
}

/** The moments an account was in trouble over: a severe ticket from creation to close (null: still open). */
export interface SevereSpan {
  createdMs: number;
  closedMs: number | null;
}

/** What a renewal's odds may read about the people and the problems around its close date. */
export interface RenewalEvents {
  /** A champion was in place on the close date. */
  championInPlace: boolean;
  /** Days from the last champion departure before the close date to it; null: no champion had left. */
  daysSinceChampionLeft: number | null;
  /** An executive sponsor was in place on the close date. */
  sponsorInPlace: boolean;
  /** Days from the sponsor's last meeting with the vendor before the close date; null: none. */
  daysSinceExecutiveTouch: number | null;
  /** Severe tickets (urgent or high outages and bugs) unresolved at some time in the 30 days before the close date. */
  severeUnresolved: number;
}

export interface PeopleInput {
  shape: PeopleShape;
  /** The segment's executive-touch rate (PeopleShape.executiveTouchRate). */
  touchRate: number;
  /** The customer's first day and the snapshot's moment (epoch ms). */
  sinceMs: number;
  asOfMs: number;
  /** Hidden health at a moment. */
  health: (ms: number) => number;
}

const toSecond = (ms: number) => Math.floor(ms / 1000) * 1000;
const linear = ([a, b]: Linear, x: number) => a + b * x;

/** Successive holders of one role: each leaves with a monthly hazard, the next starts soon or late. */
function drawTenures(rng: Rng, input: PeopleInput, leaves: Linear): Tenure[] {
  const { shape, asOfMs, health } = input;
  const [soonDays, lateDays] = shape.replacementDays;
  const out: Tenure[] = [];
  let sinceMs = input.sinceMs;
  while (sinceMs <= asOfMs) {
    let leftMs: number | null = null;
    for (let t = sinceMs; t < asOfMs && leftMs === null; t += STEP_MS) {
      const stepEnd = Math.min(t + STEP_MS, asOfMs);
      const rate = Math.max(0, linear(leaves, 1 - health(t)));
      if (rng.bernoulli(1 - Math.exp((-rate * (stepEnd - t)) / YEAR_MS))) leftMs = toSecond(t + (stepEnd - t) * rng.next());
    }
    out.push({ sinceMs, leftMs });
    if (leftMs === null) break;
    const soon = rng.bernoulli(linear(shape.replacedSoon, health(leftMs)));
    const waitDays = soon ? 3 + rng.exponential(soonDays) : soonDays + rng.exponential(lateDays);
    sinceMs = toSecond(leftMs + waitDays * DAY_MS);
  }
  return out;
}

/** The sponsor's meetings: a Poisson process month by month while a sponsor is in place. */
function drawTouches(rng: Rng, input: PeopleInput, sponsors: readonly Tenure[]): number[] {
  const touches: number[] = [];
  for (const { sinceMs, leftMs } of sponsors) {
    const endMs = leftMs ?? input.asOfMs;
    for (let t = sinceMs; t < endMs; t += STEP_MS) {
      const span = Math.min(STEP_MS, endMs - t);
      const rate = Math.max(0, input.touchRate * linear(input.shape.executiveTouches, input.health(t)));
      const count = rng.poisson((rate * span) / YEAR_MS);
      for (let i = 0; i < count; i++) touches.push(toSecond(t + span * rng.next()));
    }
  }
  return touches.sort((a, b) => a - b);
}

export function drawPeople(rng: Rng, input: PeopleInput): PeopleTimeline {
  const champions = drawTenures(rng.fork('champions'), input, input.shape.championLeaves);
  const sponsors = drawTenures(rng.fork('sponsors'), input, input.shape.sponsorLeaves);
  return { champions, sponsors, touches: drawTouches(rng.fork('touches'), input, sponsors) };
}

const inPlace = (tenures: readonly Tenure[], ms: number) => tenures.some((t) => t.sinceMs <= ms && (t.leftMs === null || t.leftMs > ms));

/** The latest of `moments` at or before `ms`, as days before it; null when there is none. */
function daysSinceLast(moments: Iterable<number>, ms: number): number | null {
  let last = -Infinity;
  for (const m of moments) if (m <= ms && m > last) last = m;
  return last === -Infinity ? null : (ms - last) / DAY_MS;
}

export function renewalEvents(people: PeopleTimeline, severe: readonly SevereSpan[], closeMs: number): RenewalEvents {
  const windowStart = closeMs - SEVERE_WINDOW_DAYS * DAY_MS;
  return {
    championInPlace: inPlace(people.champions, closeMs),
    daysSinceChampionLeft: daysSinceLast(people.champions.flatMap((t) => (t.leftMs === null ? [] : [t.leftMs])), closeMs),
    sponsorInPlace: inPlace(people.sponsors, closeMs),
    daysSinceExecutiveTouch: daysSinceLast(people.touches, closeMs),
    severeUnresolved: severe.filter((s) => s.createdMs <= closeMs && (s.closedMs === null || s.closedMs >= windowStart)).length,
  };
}

/** A contact as the people process draws it (epoch ms; the portfolio formats it). */
export interface PersonDraw {
  role: ContactRole;
  sinceMs: number;
  leftMs: number | null;
  lastEngagedMs: number | null;
}

/**
 * Every champion and sponsor the account has had (a CRM keeps those who left, with the date), then
 * the admins and users, each joining some time after the customer started. Whoever left last
 * engaged when they left; the sponsor last engaged at their last meeting with the vendor; the
 * others days ago at healthy accounts and months ago at unhealthy ones.
 */
export function peopleContacts(rng: Rng, people: PeopleTimeline, input: PeopleInput, others: number): PersonDraw[] {
  const { asOfMs, sinceMs } = input;
  const sick = 1 - input.health(asOfMs);
  const recencyDays = 4 + 80 * sick * sick;
  const engagedSince = (fromMs: number, meanDays: number) => Math.max(fromMs, toSecond(asOfMs - rng.exponential(meanDays) * DAY_MS));
  const out: PersonDraw[] = [];
  for (const t of people.champions) {
    if (t.sinceMs > asOfMs) continue;
    out.push({ role: 'champion', sinceMs: t.sinceMs, leftMs: t.leftMs, lastEngagedMs: t.leftMs ?? engagedSince(t.sinceMs, recencyDays) });
  }
  for (const t of people.sponsors) {
    if (t.sinceMs > asOfMs) continue;
    const endMs = t.leftMs ?? asOfMs;
    let last: number | null = null;
    for (const m of people.touches) if (m >= t.sinceMs && m <= endMs) last = m;
    out.push({ role: 'executive', sinceMs: t.sinceMs, leftMs: t.leftMs, lastEngagedMs: t.leftMs ?? last });
  }
  for (let i = 0; i < others; i++) {
    const role: ContactRole = i === 0 || rng.bernoulli(0.25) ? 'admin' : 'user';
    const joinedMs = toSecond(sinceMs + (asOfMs - sinceMs) * rng.next() * 0.9);
    const neverEngaged = role === 'user' && rng.bernoulli(0.2);
    out.push({ role, sinceMs: joinedMs, leftMs: null, lastEngagedMs: neverEngaged ? null : engagedSince(joinedMs, recencyDays * 1.5) });
  }
  return out;
}
