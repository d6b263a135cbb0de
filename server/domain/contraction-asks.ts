// Whether a customer's words ask to cancel, not renew or shrink what they buy: "please cancel our
// subscription", "we need to reduce our seats", "we will not be renewing", "downgrade us to the
// basic plan". CS teams treat such an ask as the plainest churn signal there is, and it sits in
// the support threads every CRM keeps. English phrases only, each needing both the act and what it
// acts on ("cancel the meeting" or "the outage cut off our users" are not asks). Pure.

/** Acting on the contract itself: cancel, terminate or end it. */
const CANCEL = /\b(?:cancel|cancell?ing|cancell?ation|terminate|terminating|termination|end|ending)\b[^.!?\n]{0,40}?\b(?:subscription|contract|account|plan|licen[cs]es?|seats|renewal|agreement)\b/i;
/** Shrinking it: fewer seats or users, a lower plan or tier, less spend. */
const REDUCE = /\b(?:reduce|reducing|reduction|decrease|decreasing|lower|lowering|downsize|downsizing|scale back|scaling back|cut back|cutting back)\b[^.!?\n]{0,40}?\b(?:seats|licen[cs]es|users|user count|contract|plan|tier|spend|subscription)\b/i;
const DOWNGRADE = /\bdowngrad(?:e|ed|es|ing)\b/i;
const NOT_RENEWING = /\b(?:not|won't|will not|don't|do not|aren't|are not)\s+(?:be\s+)?(?:going\s+to\s+)?renew(?:ing)?\b|\bnon-?renewal\b/i;

export function asksToReduce(text: string): boolean {
  return CANCEL.test(text) || REDUCE.test(text) || DOWNGRADE.test(text) || NOT_RENEWING.test(text);
}

/** The latest ask a customer made in a ticket: which ticket, when, and the words. */
export interface Ask {
  ticketId: string;
  subject: string;
  ms: number;
  text: string;
}

interface AskTicket {
  readonly id: string;
  readonly subject: string;
  readonly createdMs: number;
  readonly closedMs: number;
  readonly messages: readonly { at: string; from: 'customer' | 'agent'; text: string }[];
}

/**
 * The latest ask dated after `fromMs` and by `at`: a customer message, or the subject of a ticket
 * created then. `tickets` sorted by creation; a ticket closed before `fromMs` is not read.
 */
export function latestAsk(tickets: readonly AskTicket[], fromMs: number, at: number): Ask | null {
  let best: Ask | null = null;
  for (const t of tickets) {
    if (t.createdMs > at) break;
    if (t.closedMs <= fromMs) continue;
    if (t.createdMs > fromMs && (best === null || t.createdMs > best.ms) && asksToReduce(t.subject)) best = { ticketId: t.id, subject: t.subject, ms: t.createdMs, text: t.subject };
    for (const m of t.messages) {
      if (m.from !== 'customer') continue;
      const ms = Date.parse(m.at);
      if (ms <= fromMs || ms > at || (best !== null && ms <= best.ms)) continue;
      if (asksToReduce(m.text)) best = { ticketId: t.id, subject: t.subject, ms, text: m.text };
    }
  }
  return best;
}
