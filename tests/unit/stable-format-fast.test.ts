// The engine's figures are written from integers where that is exact (stable-format.ts
// unsignedDigits): the strings must be those of formatting the rounded double, for every value —
// property values are compared byte for byte to skip unchanged writes.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { fixed, grouped, MINUS, num, round, signed } from '../../app/src/app/cards/lib/model/stable-format.ts';

const rounded = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;
const signedAsBefore = (value: number, decimals: number) => {
  const r = rounded(value, decimals);
  if (r === 0) return '0';
  return (r > 0 ? '+' : MINUS) + String(Math.abs(r));
};
const anyNumber = fc.oneof(fc.double(), fc.double({ min: -1e6, max: 1e6 }), fc.integer({ min: -1e7, max: 1e7 }).map((n) => n / 100), fc.constantFrom(0, -0, 0.05, -0.05, 2.5, -2.5, 0.125, 214_748_364.75, 1e21, -1e21));

describe('figures written from integers', () => {
  it('fixed and num give String(round(value, decimals)) for any value and 0–4 decimals', () => {
    fc.assert(
      fc.property(anyNumber, fc.integer({ min: 0, max: 4 }), (value, decimals) => {
        expect(fixed(value, decimals)).toBe(String(rounded(value, decimals)));
        expect(num(value, decimals)).toBe(String(rounded(value, decimals)));
      }),
      { numRuns: 20_000 },
    );
  });

  it('signed gives the sign and the rounded figure as before, for any value and 0–4 decimals', () => {
    fc.assert(fc.property(anyNumber, fc.integer({ min: 0, max: 4 }), (value, decimals) => expect(signed(value, decimals)).toBe(signedAsBefore(value, decimals))), { numRuns: 20_000 });
  });

  it('every hundredth from −2,000 to 2,000 reads as its shortest decimal', () => {
    const differing: string[] = [];
    for (let units = -200_000; units <= 200_000; units++) {
      if (fixed(units / 100, 2) !== String(units / 100)) differing.push(`${units} / 100`);
      if (fixed(units / 10, 1) !== String(units / 10)) differing.push(`${units} / 10`);
    }
    expect(differing).toEqual([]);
  });

  it('round scales by the same powers of ten as 10 ** decimals, for any value and −2–6 decimals', () => {
    fc.assert(fc.property(anyNumber, fc.integer({ min: -2, max: 6 }), (value, decimals) => expect(Object.is(round(value, decimals), Math.round(value * 10 ** decimals) / 10 ** decimals)).toBe(true)), { numRuns: 20_000 });
  });

  it('grouped writes small counts from its table exactly as String does, and the rest as before', () => {
    for (let n = 0; n < 1000; n++) expect(grouped(n)).toBe(String(n));
    expect([grouped(-0), grouped(-5), grouped(12.5), grouped(999.5), grouped(1000), grouped(-1234.5), grouped(4000)]).toEqual(['0', '-5', '12.5', '999.5', '1,000', '-1,234.5', '4,000']);
  });

  it('reads the edge cases as before', () => {
    expect([fixed(-0.04, 1), fixed(NaN), fixed(Infinity), fixed(-Infinity), fixed(2.5, 0), fixed(-2.5, 0), fixed(0.105, 2)]).toEqual(['0', 'NaN', 'Infinity', '-Infinity', '3', '-2', String(rounded(0.105, 2))]);
    expect([signed(-0.04, 1), signed(NaN), signed(Infinity), signed(-12.34, 1), signed(0.5, 0)]).toEqual(['0', `${MINUS}NaN`, '+Infinity', `${MINUS}12.3`, '+1']);
  });
});
