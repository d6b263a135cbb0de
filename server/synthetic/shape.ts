// The structural constants of the synthetic portfolio, as one value, so a generator variant can
// change how the hidden health shows (segment mix, seat counts, usage and its season, CSM touch,
// ticket volume and priority, a change of triage from a date on, how outspoken customers are,
// contract length, how usage reaches the CRM, a dated process of champions, sponsors and executive
// touches, support pods, budget cuts at customers, a product gap, onboarding, acquisitions of
// customers, seasonal businesses) rather than only the seed. DEFAULT_SHAPE is the generator's own:
// with it every account is bit for bit what the generator gave before shapes existed.
import type { Rng, WeightedEntry } from './random.ts';

export type Segment = 'smb' | 'mid-market' | 'enterprise';

/** `a + b · x`: a weight or rate that moves with health (or with 1 − health). */
export type Linear = readonly [a: number, b: number];

/** Multipliers of each ticket type's base priority mix (see GeneratorShape.priorityTilt). */
export interface PriorityTilt {
  urgent: Linear;
  high: Linear;
  low: Linear;
}

/** What a ticket-volume rule may read about an account. */
export interface TicketVolumeInput {
  segment: Segment;
  seats: number;
  /** Hidden health now, 0 … 1. */
  health: number;
}

/**
 * How usage counts reach the CRM: some accounts' usage is never tracked, some months have no count
 * (a missed export, an integration down for a while), and monthly counts are noisier.
 */
export interface UsageReporting {
  /** Share of the segment's accounts whose usage is not tracked at all (no counts, now or before). */
  untracked: Readonly<Record<Segment, number>>;
  /** Chance that any one monthly count is missing. */
  missingMonth: number;
  /** Chance that the account had one integration outage: a run of months with no count. */
  outage: number;
  /** Length of that run in months, both ends included. */
  outageMonths: readonly [min: number, max: number];
  /** Standard deviation of the log-normal noise on each monthly count, on top of the generator's own. */
  noise: number;
}

/**
 * A dated process of the people on the customer's side: the champion and the executive sponsor
 * each leave now and then (more often at accounts in trouble), are replaced soon or only much
 * later, and the sponsor meets the vendor now and then while in place. The account's contacts are
 * drawn from it, the sponsor's meetings join the engagements, and a renewal's odds may read it
 * (RenewalContext.events).
 */
export interface PeopleShape {
  /** Champion departures a year: a + b · (1 − health at the time). */
  championLeaves: Linear;
  /** Executive-sponsor departures a year: a + b · (1 − health at the time). */
  sponsorLeaves: Linear;
  /** Chance that someone who left is replaced soon: a + b · health at the time; otherwise much later. */
  replacedSoon: Linear;
  /**
   * How long a role stays empty: a soon replacement starts 3 days + an exponential wait of mean
   * `soon` after the departure, a late one `soon` days + an exponential wait of mean `late`.
   */
  replacementDays: readonly [soon: number, late: number];
  /** Executive touches a year while a sponsor is in place: (a + b · health) × the segment's rate. */
  executiveTouches: Linear;
  executiveTouchRate: Readonly<Record<Segment, number>>;
}

/**
 * Support pods: each account is served by a fast or an overloaded pod (drawn per segment, not from
 * health); the pod sets the wait for the first agent reply and how often a resolved ticket is
 * reopened, and a renewal's odds may read it (RenewalContext.slowSupport).
 */
export interface SupportShape {
  /** Share of the segment's accounts on the overloaded pod. */
  slowPod: Readonly<Record<Segment, number>>;
  /** Mean hours (exponential) before the first agent reply: fast pod, slow pod. */
  firstReplyHours: readonly [fast: number, slow: number];
  /** Chance that a resolved ticket is reopened: fast pod, slow pod. */
  reopen: readonly [fast: number, slow: number];
}

/**
 * How often active users log in (logins per active user over 30 days): (a + b · health at the
 * time) × the account's habit (log-normal, drawn once: some customers' users simply log in more)
 * × a log-normal noise per count. Applies to the current count and every earlier one.
 */
export interface LoginShape {
  perUser: Linear;
  /** Standard deviation of ln(habit). */
  habitSpread: number;
  /** Standard deviation of the log-normal noise on each count. */
  noise: number;
}

/**
 * Budget cuts at customers (a downturn, a reorganisation, a new CFO reviewing software spend): dated
 * events of the customer's business, drawn per account from its own stream and not from health. A
 * cut shows in the CRM only partly: some come with layoffs (fewer active users from the cut on,
 * while the licensed seats stay until the renewal), some with a billing ticket asking to reduce the
 * contract; a renewal's odds may read when the last one was (RenewalContext.daysSinceBudgetCut).
 */
export interface BudgetCutShape {
  /** Cuts a year at a customer of the segment. */
  rate: Readonly<Record<Segment, number>>;
  /** A period (epoch ms, `fromMs` included, `toMs` excluded) in which cuts are `factor` times as frequent; null: none. */
  downturn: { fromMs: number; toMs: number; factor: number } | null;
  /** Chance that a cut comes with layoffs: active users fall by a share within `usageDrop` from the cut on. */
  layoffs: number;
  usageDrop: readonly [min: number, max: number];
  /** Chance that the customer writes a billing ticket about reducing the contract within `askDays` of the cut. */
  ask: number;
  askDays: number;
}

/**
 * A product gap: some customers need a capability the product lacks (drawn per account from its
 * own stream, by segment, not from health). It shows in the CRM as more feature requests among
 * their tickets; a renewal's odds may read it (RenewalContext.productGap).
 */
export interface ProductGapShape {
  /** Share of the segment's accounts with the gap. */
  share: Readonly<Record<Segment, number>>;
  /** Added to the feature-request weight among their tickets' types (0.07 + 0.2 × health otherwise). */
  featureRequests: number;
}

/**
 * Onboarding: every customer's usage ramps up over its first months; some onboardings go slowly or
 * fail (more often at customers in poor health at the start), drawn per account from its own
 * stream. A slow one shows in the CRM as a slower ramp, a kickoff that slips and set-up questions in
 * the first months; a renewal's odds may read it (RenewalContext.slowOnboarding, firstRenewal).
 */
export interface OnboardingShape {
  /** Chance of a slow onboarding: share[segment] × (0.5 + 1 − health at the start). */
  share: Readonly<Record<Segment, number>>;
  /** Share of the full active users reached in the first month: normal onboarding, slow one. */
  rampFloor: readonly [normal: number, slow: number];
  /** Months over which the rest of the gap closes (exponential time constant): normal, slow. */
  rampMonths: readonly [normal: number, slow: number];
  /** Set-up tickets in the first `ticketDays` days (Poisson mean): normal, slow. */
  setupTickets: readonly [normal: number, slow: number];
  ticketDays: number;
  /** Days after the start the kickoff meeting takes place (uniform): normal, slow. */
  kickoffDays: readonly [normal: readonly [number, number], slow: readonly [number, number]];
}

/**
 * Acquisitions of customers by another company, drawn per account from its own stream (at most one,
 * not from health). The CRM sees one at most as a new executive contact some weeks later, the former
 * executive leaving, or a billing ticket about the company name on invoices; a renewal's odds may
 * read when it was (RenewalContext.daysSinceAcquired).
 */
export interface AcquisitionShape {
  /** Acquisitions a year of a customer of the segment. */
  rate: Readonly<Record<Segment, number>>;
  /** Chance that a new executive contact is added, `executiveDays` (uniform) after it. */
  newExecutive: number;
  executiveDays: readonly [min: number, max: number];
  /** Chance that the executive in place leaves within `leaveDays` after it. */
  formerLeaves: number;
  leaveDays: number;
  /** Chance of a billing ticket asking to change the invoiced entity, within `noticeDays`. */
  notice: number;
  noticeDays: number;
}

/**
 * Seasonal businesses: some customers (by industry) use the product far less for part of every
 * year; the active users (and logins) of those months fall by a share drawn per account.
 */
export interface SeasonalBusinessShape {
  /** Share of seasonal customers by industry; `other` for industries not listed. */
  share: Readonly<Record<string, number>>;
  other: number;
  /** First off-season month (0 = January) by industry, shifted by −1 … +1; random for industries not listed. */
  offStart: Readonly<Record<string, number>>;
  /** Length of the off season in months (uniform integer). */
  offMonths: readonly [min: number, max: number];
  /** Share of active users kept in the off season (uniform). */
  depth: readonly [min: number, max: number];
}

export interface GeneratorShape {
  segments: readonly WeightedEntry<Segment>[];
  /**
   * Licensed seats of an account of the segment (a positive integer), drawn from the profile's
   * stream; null: log-uniform over the segment's range (5–40, 40–400, 400–5,000).
   */
  seats: ((segment: Segment, rng: Rng) => number) | null;
  /** Centre of the hidden-health bell per segment. */
  healthMean: Readonly<Record<Segment, number>>;
  /** Seat utilisation = a + b · health (before noise; clamped to 2 … 100 %). */
  utilisation: Linear;
  /** Engagements per 180 days = (a + b · health) × the segment's relationship intensity. */
  engagement: Linear;
  /**
   * Tickets per year of an account; null: exactly `ticketsPerAccount` for every account. Drawn from
   * its own stream, so choosing a rule never shifts any other draw.
   */
  ticketsPerYear: ((account: TicketVolumeInput, rng: Rng) => number) | null;
  /**
   * Monthly active users by calendar month (12 multipliers, January first) on top of what health
   * gives, for seasonal usage; null: no season (every month 1).
   */
  usageSeason: readonly number[] | null;
  /**
   * Multipliers of each ticket type's base priority mix: urgent a + b · (1 − health), high
   * a + b · (1 − health), low a + b · health (medium stays at its base).
   */
  priorityTilt: PriorityTilt;
  /**
   * A change in how tickets are triaged from a moment on (epoch ms): tickets created at or after
   * it take this tilt instead of `priorityTilt`; null: no change.
   */
  triageChange: { fromMs: number; priorityTilt: PriorityTilt } | null;
  /** How outspoken customers are: scales the chance of every unhappy or happy message (1: as written). */
  tone: number;
  /** `tone` per segment instead of one for all; null: `tone` everywhere. */
  toneBySegment: Readonly<Record<Segment, number>> | null;
  /**
   * CSM touches per segment (multiplies `engagement`) instead of the generator's relationship
   * intensity (0.7 / 1 / 1.4); null: that intensity.
   */
  touch: Readonly<Record<Segment, number>> | null;
  /**
   * Contract length in whole years of an account (renewals every that many anniversaries), drawn
   * from its own stream; null: every contract is for one year.
   */
  contractYears: ((segment: Segment, rng: Rng) => number) | null;
  /** Gaps and noise in the usage counts the CRM holds; null: every month counted, as drawn. */
  usageReporting: UsageReporting | null;
  /** The dated people process (contacts, sponsor meetings, what renewals may read); null: the default contacts. */
  people: PeopleShape | null;
  /** Support pods (first-reply wait, reopened tickets); null: tickets as drawn. */
  support: SupportShape | null;
  /** How often users log in; null (or absent): 8 + 12 × health + uniform 0–5 per user and count. */
  logins?: LoginShape | null;
  /** Budget cuts at customers; null (or absent): none. */
  budgetCuts?: BudgetCutShape | null;
  /** A product gap at some customers; null (or absent): none. */
  productGap?: ProductGapShape | null;
  /** Onboarding ramps and slow onboardings; null (or absent): none. */
  onboarding?: OnboardingShape | null;
  /** Acquisitions of customers; null (or absent): none. */
  acquisitions?: AcquisitionShape | null;
  /** Seasonal businesses among the customers; null (or absent): none. */
  seasonalBusiness?: SeasonalBusinessShape | null;
}

export const DEFAULT_SHAPE: GeneratorShape = {
  segments: [
    ['smb', 0.55],
    ['mid-market', 0.3],
    ['enterprise', 0.15],
  ],
  seats: null,
  healthMean: { smb: 0.5, 'mid-market': 0.55, enterprise: 0.6 },
  utilisation: [0.25, 0.7],
  engagement: [1.5, 14],
  ticketsPerYear: null,
  usageSeason: null,
  priorityTilt: { urgent: [0.4, 1.6], high: [0.6, 0.9], low: [0.6, 0.8] },
  triageChange: null,
  tone: 1,
  toneBySegment: null,
  touch: null,
  contractYears: null,
  usageReporting: null,
  people: null,
  support: null,
};
