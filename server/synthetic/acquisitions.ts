// Acquisitions of customers under a generator shape's AcquisitionShape: now and then a customer is
// bought by another company, which often moves it onto the tools the buyer already has. An event of
// the customer's business, not of how well the product serves it: drawn from the account's own
// stream (at most one, from its first day to years past asOf, so an open renewal's odds may read
// one still to come). The CRM sees it at most the way it would: a new executive contact some weeks
// later, the executive in place leaving, a billing ticket asking to change the invoiced entity —
// or nothing at all.
import type { AccountSnapshot } from '../domain/snapshot.ts';
import { isoSecond } from './dated.ts';
import type { Rng } from './random.ts';
import type { AcquisitionShape, Segment } from './shape.ts';

type Contact = AccountSnapshot['contacts'][number];
type Ticket = AccountSnapshot['tickets'][number];

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const YEAR_MS = 365 * DAY_MS;
/** How far past asOf an acquisition is drawn: beyond the longest contract term a renewal may have. */
const AHEAD_MS = 5 * YEAR_MS + 30 * DAY_MS;

/** Whole seconds, rounded down (never moves an event past asOf). */

/** When the customer is acquired (epoch ms, an exponential wait from its first day), or null: not by asOf + 5 years. */
export function drawAcquisition(rng: Rng, segment: Segment, sinceMs: number, asOfMs: number, shape: AcquisitionShape): number | null {
  const atMs = Math.floor(sinceMs + rng.exponential(YEAR_MS / shape.rate[segment]));
  return atMs <= asOfMs + AHEAD_MS ? atMs : null;
}

/** Days from the acquisition to the close date, or null when there was none by then. */
export function daysSinceAcquired(atMs: number | null, closeMs: number): number | null {
  return atMs === null || atMs > closeMs ? null : (closeMs - atMs) / DAY_MS;
}

const msOf = (at: string | null | undefined, fallback: number) => (at ? Date.parse(at) : fallback);

/**
 * The contacts after the acquisition, as of asOf: the executive in place may leave (their last
 * engagement no later than the day they left), and a new executive may join some weeks later.
 * `name` draws a person's name. The input is not changed.
 */
export function acquisitionContacts(rng: Rng, atMs: number, contacts: readonly Contact[], accountId: string, asOfMs: number, shape: AcquisitionShape, name: (rng: Rng) => string): Contact[] {
  const leaves = rng.bernoulli(shape.formerLeaves);
  const leaveMs = Math.floor(atMs + rng.float(0, shape.leaveDays) * DAY_MS);
  const joins = rng.bernoulli(shape.newExecutive);
  const joinMs = Math.floor(atMs + rng.float(shape.executiveDays[0], shape.executiveDays[1]) * DAY_MS);
  const engaged = rng.bernoulli(0.7) ? rng.float(0, 1) : null;
  const newName = name(rng);
  const out = contacts.map((c) => ({ ...c }));
  if (leaves && leaveMs <= asOfMs) {
    const former = out.find((c) => c.role === 'executive' && c.active && msOf(c.since, -Infinity) <= leaveMs);
    if (former) {
      former.active = false;
      former.leftAt = isoSecond(leaveMs);
      if (msOf(former.lastEngagedAt, -Infinity) > leaveMs) former.lastEngagedAt = isoSecond(leaveMs);
    }
  }
  if (joins && joinMs <= asOfMs) {
    out.push({
      id: `${accountId}-c-${String(out.length + 1).padStart(2, '0')}`,
      name: newName,
      role: 'executive',
      active: true,
      lastEngagedAt: engaged === null ? null : isoSecond(joinMs + (asOfMs - joinMs) * engaged),
      since: isoSecond(joinMs),
    });
  }
  return out;
}

const NOTICES: readonly (readonly [subject: string, text: string])[] = [
  ['Invoice details', 'Our legal entity name has changed. Please update the company name on future invoices.'],
  ['New billing address', 'Please send future invoices to the finance team of our parent company at the address below.'],
  ['Change of ownership', 'Following the change in our ownership, our purchase orders will come from a new procurement team. Please update our billing contact.'],
];
const ANSWER = 'Thanks, I have passed the new details to our billing team and will confirm once the change is made.';

/** The billing ticket of a customer who wrote about the change, within the history and by asOf. */
export function acquisitionTickets(rng: Rng, atMs: number, accountId: string, historyStartMs: number, asOfMs: number, shape: AcquisitionShape): Ticket[] {
  const writes = rng.bernoulli(shape.notice);
  const createdMs = atMs + rng.float(1, shape.noticeDays) * DAY_MS;
  const [subject, text] = rng.pick(NOTICES);
  const answerMs = createdMs + rng.float(2, 40) * HOUR_MS;
  const closedMs = answerMs + rng.float(1, 6) * DAY_MS;
  if (!writes || createdMs < historyStartMs || createdMs > asOfMs) return [];
  const messages: Ticket['messages'] = [{ at: isoSecond(createdMs), from: 'customer', text }];
  if (answerMs <= asOfMs) messages.push({ at: isoSecond(answerMs), from: 'agent', text: ANSWER });
  return [{ id: `${accountId}-q-01`, createdAt: isoSecond(createdMs), closedAt: closedMs <= asOfMs ? isoSecond(closedMs) : null, type: 'billing', priority: 'low', subject, messages }];
}
