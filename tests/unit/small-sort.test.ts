import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { sortByMagnitudeDesc, sortNumbersShort } from '../../server/domain/small-sort.ts';

// Few distinct values so that ties (where stability shows) are common; -0 and 0 among them.
const value = fc.oneof(fc.constantFrom(0, -0, 0.5, -0.5, 1, -1, 2.25), fc.double({ min: -50, max: 50, noNaN: true }));

describe('short sorts give the order of Array#sort', () => {
  it('numbers ascending', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 40 }), (values) => {
        const expected = [...values].sort((a, b) => a - b);
        const sorted = sortNumbersShort([...values]);
        expect(sorted.length).toBe(expected.length);
        sorted.forEach((v, i) => expect(Object.is(v, expected[i])).toBe(true));
      }),
      { numRuns: 2000 },
    );
  });

  it('entries by magnitude, largest first, ties in their original order', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 40 }), (effects) => {
        const items = effects.map((effect, id) => ({ id, effect }));
        const expected = [...items].sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect));
        expect(sortByMagnitudeDesc([...items]).map((i) => i.id)).toEqual(expected.map((i) => i.id));
      }),
      { numRuns: 2000 },
    );
  });
});
