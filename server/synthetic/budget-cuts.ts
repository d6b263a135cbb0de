// Budget cuts at customers under a generator shape's BudgetCutShape: dated events of the
// customer's own business (a downturn, a reorganisation, a spend review), not of how well the
// product serves it. Drawn from the account's own stream, from its first day to years past asOf
// (an open renewal's odds may read a cut still to come), and applied to what the CRM holds only as
// a CRM would see it: after layoffs the usage integration counts fewer active users (and their
// logins) from the cut on, and some customers write a billing ticket asking to reduce the contract.
// Nothing else of the account changes.
import type { AccountSnapshot } from '../domain/snapshot.ts';
import { isoSecond, scaleUsage } from './dated.ts';
import type { Rng } from './random.ts';
import type { BudgetCutShape, Segment } from './shape.ts';

type Usage = AccountSnapshot['usage'];
type Ticket = AccountSnapshot['tickets'][number];

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const YEAR_MS = 365 * DAY_MS;
/** Cuts are drawn a month at a time (the downturn switches the rate on and off). */
const STEP_MS = 30 * DAY_MS;
/** How far past asOf cuts are drawn: beyond the longest contract term a renewal may have. */
const AHEAD_MS = 5 * YEAR_MS + 30 * DAY_MS;

export interface BudgetCut {
  atMs: number;
  /** Share of active users lost to layoffs from the cut on (0: the cut came without layoffs). */
  drop: number;
  /** When the customer wrote about reducing the contract; null: they did not. */
  askMs: number | null;
}

const ASKS: readonly string[] = [
  'Our budget for next year has been cut. Can we talk about reducing the number of seats at renewal?',
  'Finance has asked every team to review its software spend. What are our options to lower the cost of our plan?',
  'We are going through a reorganisation and need to review our contract before the renewal date.',
  'Could you send us the terms for a smaller plan? We have to cut costs this year.',
];
const ASK_SUBJECTS: readonly string[] = ['Seats at renewal', 'Review of our contract', 'Cost of our plan', 'Smaller plan'];
const ANSWER = 'Thanks for letting us know. I have passed this to your account manager, who will be in touch about the options.';

/** Whole seconds, rounded down (never moves an event past asOf). */

/** The account's cuts in time order: a Poisson process by month, faster in the downturn. */
export function drawBudgetCuts(rng: Rng, segment: Segment, sinceMs: number, asOfMs: number, shape: BudgetCutShape): BudgetCut[] {
  const cuts: BudgetCut[] = [];
  const endMs = asOfMs + AHEAD_MS;
  for (let t = sinceMs; t < endMs; t += STEP_MS) {
    const span = Math.min(STEP_MS, endMs - t);
    const { downturn } = shape;
    const factor = downturn && t >= downturn.fromMs && t < downturn.toMs ? downturn.factor : 1;
    const count = rng.poisson((shape.rate[segment] * factor * span) / YEAR_MS);
    for (let i = 0; i < count; i++) {
      const atMs = Math.floor(t + span * rng.next());
      const drop = rng.bernoulli(shape.layoffs) ? rng.float(shape.usageDrop[0], shape.usageDrop[1]) : 0;
      const askMs = rng.bernoulli(shape.ask) ? atMs + rng.float(1, shape.askDays) * DAY_MS : null;
      cuts.push({ atMs, drop, askMs });
    }
  }
  return cuts.sort((a, b) => a.atMs - b.atMs);
}

/** Days from the latest cut at or before `closeMs` to it; null when there was none. */
export function daysSinceBudgetCut(cuts: readonly BudgetCut[], closeMs: number): number | null {
  let last: number | null = null;
  for (const c of cuts) if (c.atMs <= closeMs) last = c.atMs;
  return last === null ? null : (closeMs - last) / DAY_MS;
}

/** The share of active users still there at `ms` after every layoff before it. */
function remaining(cuts: readonly BudgetCut[], ms: number): number {
  let share = 1;
  for (const c of cuts) if (c.atMs <= ms) share *= 1 - c.drop;
  return share;
}

/** Usage as the integration counts it after layoffs: every count at or after a cut scaled down, logins with it. */
export function applyLayoffs(usage: Usage, cuts: readonly BudgetCut[], asOfMs: number): Usage {
  if (!cuts.some((c) => c.drop > 0 && c.atMs <= asOfMs)) return usage;
  return scaleUsage(usage, asOfMs, (ms) => remaining(cuts, ms));
}

/**
 * The billing tickets of customers who wrote about reducing the contract, within the history
 * (from `historyStartMs` to asOf): the customer's message, an agent's answer hours later and the
 * close a few days after it, each only when it happened by asOf.
 */
export function budgetTickets(rng: Rng, cuts: readonly BudgetCut[], accountId: string, historyStartMs: number, asOfMs: number): Ticket[] {
  const tickets: Ticket[] = [];
  for (const c of cuts) {
    const text = rng.pick(ASKS);
    const subject = rng.pick(ASK_SUBJECTS);
    const answerMs = (c.askMs ?? 0) + rng.float(2, 30) * HOUR_MS;
    const closedMs = answerMs + rng.float(1, 5) * DAY_MS;
    if (c.askMs === null || c.askMs < historyStartMs || c.askMs > asOfMs) continue;
    const messages: Ticket['messages'] = [{ at: isoSecond(c.askMs), from: 'customer', text }];
    if (answerMs <= asOfMs) messages.push({ at: isoSecond(answerMs), from: 'agent', text: ANSWER });
    tickets.push({
      id: `${accountId}-b-${String(tickets.length + 1).padStart(2, '0')}`,
      createdAt: isoSecond(c.askMs),
      closedAt: closedMs <= asOfMs ? isoSecond(closedMs) : null,
      type: 'billing',
      priority: 'medium',
      subject,
      messages,
    });
  }
  return tickets;
}
