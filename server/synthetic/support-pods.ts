// How fast support answers an account under a generator shape's SupportShape: each account is
// served by one support pod, fast or overloaded (which one does not depend on the account's
// health: it is how the vendor staffed the queue for that customer), and the pod sets how long a
// ticket waits for its first agent reply and how often a resolved ticket is reopened because the
// fix did not hold. Applied to the tickets an account was drawn with, from its own stream, so the
// rest of the account is unchanged. What the CRM holds is only what a help desk records: message
// times (the first agent reply is the first agent message), close times, and the customer's reply
// after a close, with the ticket closed again later.
import type { AccountSnapshot } from '../domain/snapshot.ts';
import type { Rng } from './random.ts';
import type { Segment, SupportShape } from './shape.ts';

type Ticket = AccountSnapshot['tickets'][number];

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

const REOPEN_TEXTS: readonly string[] = [
  'This is happening again since yesterday, the fix did not hold.',
  'Reopening: the same problem is back for several of our users.',
  'Sorry to come back on this, but it is still failing for us.',
];
const REPLY_AFTER_REOPEN = 'Thanks for letting us know, we are looking into it again.';

/** Whole seconds, rounded down (never moves an event past asOf). */
const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString();

/** Whether the account is on the overloaded pod. */
export function drawSlowPod(rng: Rng, segment: Segment, support: SupportShape): boolean {
  return rng.bernoulli(support.slowPod[segment]);
}

/**
 * The tickets as the pod handled them: the first agent message and everything after it move later
 * by the wait beyond what the thread already had (so the close moves too, and a ticket whose close
 * would fall after asOf is still open, its later messages not yet written); a resolved ticket is
 * reopened with the pod's chance: the customer writes back within days of the close and the ticket
 * closes again later.
 */
export function applySupportPod(rng: Rng, tickets: readonly Ticket[], slow: boolean, asOfMs: number, support: SupportShape): Ticket[] {
  const meanWait = support.firstReplyHours[slow ? 1 : 0];
  const reopenChance = support.reopen[slow ? 1 : 0];
  return tickets.map((t) => {
    const createdMs = Date.parse(t.createdAt);
    const times = t.messages.map((m) => Date.parse(m.at));
    const first = t.messages.findIndex((m) => m.from === 'agent');
    const wait = rng.exponential(meanWait) * HOUR_MS;
    const shift = first < 0 ? 0 : Math.max(0, createdMs + wait - times[first]!);
    const messages: Ticket['messages'] = [];
    for (let i = 0; i < t.messages.length; i++) {
      const at = i >= first && first >= 0 ? times[i]! + shift : times[i]!;
      if (at <= asOfMs) messages.push({ ...t.messages[i]!, at: iso(at) });
    }
    let closedMs = t.closedAt ? Date.parse(t.closedAt) + shift : null;
    const reopened = rng.bernoulli(reopenChance);
    const backAfter = rng.float(0.5, 6) * DAY_MS;
    const fixedAfter = rng.float(1, 3 * (slow ? 4 : 1)) * DAY_MS;
    const text = rng.pick(REOPEN_TEXTS);
    if (closedMs !== null && reopened) {
      const backMs = closedMs + backAfter;
      if (backMs <= asOfMs) messages.push({ at: iso(backMs), from: 'customer', text });
      if (backMs + fixedAfter / 2 <= asOfMs) messages.push({ at: iso(backMs + fixedAfter / 2), from: 'agent', text: REPLY_AFTER_REOPEN });
      closedMs = backMs + fixedAfter;
    }
    const closedAt = closedMs !== null && closedMs <= asOfMs ? iso(closedMs) : null;
    return { ...t, closedAt, messages };
  });
}
