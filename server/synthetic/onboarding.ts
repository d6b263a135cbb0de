// Onboarding under a generator shape's OnboardingShape: a new customer's active users ramp up over
// its first months, and some onboardings go slowly or fail (the data never gets connected, the team
// is not trained, the project owner is busy). Drawn from the account's own streams; the CRM sees a
// slow one only the way it would: a slower ramp in the monthly usage counts (and the logins with
// them), a kickoff meeting that slips, and more set-up questions in the first months, some chased
// by the customer. Nothing of it shows when the customer's start is before the history.
import type { AccountSnapshot, EngagementKind } from '../domain/snapshot.ts';
import { byCreatedAt, isoSecond, scaleUsage } from './dated.ts';
import type { Rng } from './random.ts';
import type { OnboardingShape, Segment } from './shape.ts';

type Usage = AccountSnapshot['usage'];
type Ticket = AccountSnapshot['tickets'][number];

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const MONTH_DAYS = 30.44;

/** Whole seconds, rounded down (never moves an event past asOf). */

/** Whether the account's onboarding is slow: share[segment] × (0.5 + 1 − health at the start), at most 1. */
export function drawSlowOnboarding(rng: Rng, segment: Segment, healthAtStart: number, shape: OnboardingShape): boolean {
  return rng.bernoulli(Math.min(1, shape.share[segment] * (1.5 - healthAtStart)));
}

/** Share of its full active users the account has `ms` into its life: 1 − (1 − floor) · e^(−months / τ). */
export function rampShare(sinceMs: number, ms: number, slow: boolean, shape: OnboardingShape): number {
  const months = Math.max(0, (ms - sinceMs) / DAY_MS / MONTH_DAYS);
  const i = slow ? 1 : 0;
  return 1 - (1 - shape.rampFloor[i]) * Math.exp(-months / shape.rampMonths[i]);
}

/** Usage with every count (and its logins) scaled by the ramp at its date; the current one at asOf. */
export function applyRamp(usage: Usage, sinceMs: number, asOfMs: number, slow: boolean, shape: OnboardingShape): Usage {
  return scaleUsage(usage, asOfMs, (ms) => rampShare(sinceMs, ms, slow, shape));
}

const SETUP: readonly (readonly [subject: string, text: string])[] = [
  ['Connecting our data', 'We are trying to connect our data source but the import stops halfway. Can someone help us finish the set-up?'],
  ['Training for the team', 'Most of our team has not been trained yet. Who can run a session with us?'],
  ['User import', 'The import of our users did not work. What format does the file need?'],
  ['Single sign-on set-up', 'We cannot get sign-on working with our identity provider. Is there a guide?'],
  ['Configuring workflows', 'How do we set up the workflows we discussed at the kickoff?'],
  ['Permissions', 'Which permissions should our team leads have? Nobody can see the reports yet.'],
];
const ANSWERS: readonly string[] = [
  'Thanks for reaching out. Here are the steps, and I am happy to go through them with you on a call.',
  'I have shared our set-up guide and booked a slot with our onboarding team.',
];
const CHASERS: readonly string[] = ['Any update on this? We are still blocked.', 'We have not been able to move forward yet. Could someone follow up?'];

/**
 * Set-up questions in the first `ticketDays` days (more and slower to resolve after a slow start),
 * within the history and before asOf: the customer's question, an agent's answer, for a slow
 * onboarding sometimes a chaser, and the close.
 */
export function onboardingTickets(rng: Rng, slow: boolean, accountId: string, sinceMs: number, historyStartMs: number, asOfMs: number, shape: OnboardingShape): Ticket[] {
  const count = rng.poisson(shape.setupTickets[slow ? 1 : 0]);
  const tickets: Ticket[] = [];
  for (let i = 0; i < count; i++) {
    const createdMs = sinceMs + rng.float(1, shape.ticketDays) * DAY_MS;
    const [subject, text] = rng.pick(SETUP);
    const answerMs = createdMs + rng.float(2, slow ? 60 : 20) * HOUR_MS;
    const chaseMs = slow && rng.bernoulli(0.4) ? answerMs + rng.float(3, 20) * DAY_MS : null;
    const closedMs = (chaseMs ?? answerMs) + rng.float(slow ? 2 : 0.5, slow ? 25 : 4) * DAY_MS;
    const answer = rng.pick(ANSWERS);
    const chaser = rng.pick(CHASERS);
    if (createdMs < historyStartMs || createdMs > asOfMs) continue;
    const messages: Ticket['messages'] = [{ at: isoSecond(createdMs), from: 'customer', text }];
    if (answerMs <= asOfMs) messages.push({ at: isoSecond(answerMs), from: 'agent', text: answer });
    if (chaseMs !== null && chaseMs <= asOfMs) messages.push({ at: isoSecond(chaseMs), from: 'customer', text: chaser });
    tickets.push({
      id: `${accountId}-n-${String(tickets.length + 1).padStart(2, '0')}`,
      createdAt: isoSecond(createdMs),
      closedAt: closedMs <= asOfMs ? isoSecond(closedMs) : null,
      type: 'how_to',
      priority: slow && rng.bernoulli(0.35) ? 'high' : 'medium',
      subject,
      messages,
    });
  }
  return tickets.sort(byCreatedAt);
}

/**
 * The kickoff meeting and the training calls of the onboarding, within the history: a slow
 * onboarding's kickoff slips and it has one training call later instead of two early ones.
 */
export function onboardingEngagements(rng: Rng, slow: boolean, sinceMs: number, historyStartMs: number, asOfMs: number, shape: OnboardingShape): { at: string; kind: EngagementKind }[] {
  const [lo, hi] = shape.kickoffDays[slow ? 1 : 0];
  const kickoffMs = sinceMs + rng.float(lo, hi) * DAY_MS;
  const calls = slow ? [kickoffMs + rng.float(20, 90) * DAY_MS] : [kickoffMs + rng.float(5, 20) * DAY_MS, kickoffMs + rng.float(20, 45) * DAY_MS];
  const out = [{ ms: kickoffMs, kind: 'meeting' as const }, ...calls.map((ms) => ({ ms, kind: 'call' as const }))];
  return out.filter((e) => e.ms >= historyStartMs && e.ms <= asOfMs).map((e) => ({ at: isoSecond(e.ms), kind: e.kind }));
}
