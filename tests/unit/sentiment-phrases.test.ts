// The labelled phrase suite: accuracy overall and per kind of message (reported in docs/engine.md),
// and the messages the issue named, each read right.
import { describe, expect, it } from '@jest/globals';
import { analyzeSentiment } from '../../server/domain/sentiment/analyze.ts';
import { PHRASES, PHRASE_COUNT, labelOf, type Category } from '../fixtures/sentiment-phrases.ts';

function accuracy(category: Category): number {
  const list = PHRASES[category];
  return list.filter(([text, label]) => labelOf(analyzeSentiment(text)) === label).length / list.length;
}

describe('labelled phrase suite', () => {
  it('holds at least 200 messages', () => {
    expect(PHRASE_COUNT).toBeGreaterThanOrEqual(200);
  });

  it('reads at least 95 % of them right overall and 85 % of each kind', () => {
    let right = 0;
    for (const category of Object.keys(PHRASES) as Category[]) {
      expect(accuracy(category)).toBeGreaterThanOrEqual(0.85);
      right += accuracy(category) * PHRASES[category].length;
    }
    expect(right / PHRASE_COUNT).toBeGreaterThanOrEqual(0.95);
  });

  it.each([
    ['We will not renew.', 'negative'],
    ['We are evaluating other vendors.', 'negative'],
    ['Great, another outage. Just great.', 'negative'],
    ["Any update??? It's been 3 weeks.", 'negative'],
    ['Thanks', 'neutral'],
    ['La exportación no funciona desde ayer.', 'unreadable'],
  ])('%j reads %s', (text, label) => {
    expect(labelOf(analyzeSentiment(text))).toBe(label);
  });

  it('reads praise as sarcasm only when the message also reports a failure', () => {
    expect(analyzeSentiment('I love it when the export crashes')).toBeLessThan(-0.2);
    expect(analyzeSentiment('I love it when the export is this fast')).toBeGreaterThan(0.2);
    expect(analyzeSentiment('Great, it works again.')).toBeGreaterThan(0.2);
  });
});
