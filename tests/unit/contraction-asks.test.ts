// Asks to cancel, not renew or shrink what the customer buys are recognised; everyday support
// language with the same words is not.
import { describe, expect, it } from '@jest/globals';
import { asksToReduce } from '../../server/domain/contraction-asks.ts';

describe('asksToReduce', () => {
  it.each([
    'Please cancel our subscription at the end of the term.',
    'We would like to terminate the contract.',
    'We need to reduce our seats from 80 to 40 before the renewal.',
    'Can we lower the plan to the basic tier?',
    'Budget is tight, we have to cut back on licenses.',
    "We're going to downgrade next quarter.",
    'We will not be renewing.',
    "Heads up: we won't renew this year.",
    'Consider this our notice of non-renewal.',
    'How do we reduce the user count on our account?',
  ])('recognises "%s"', (text) => expect(asksToReduce(text)).toBe(true));

  it.each([
    'Can you cancel the meeting tomorrow?',
    'The outage cut off our users for an hour.',
    'How do I add a user?',
    'Export still not working after the update.',
    'Our end users cannot log in.',
    'Please renew my API token.',
    'Thanks, works now',
    'How do I reduce the size of the export file?',
    'We plan to add more seats next year.',
  ])('leaves "%s" alone', (text) => expect(asksToReduce(text)).toBe(false));
});
