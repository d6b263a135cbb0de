import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { daysBetween, isoDate, toMs } from '../../server/domain/time.ts';

describe('toMs', () => {
  it('agrees with Date.parse on every ISO shape the schema accepts', () => {
    fc.assert(
      fc.property(fc.integer({ min: -5e12, max: 5e12 }), (ms) => {
        const iso = new Date(ms).toISOString();
        expect(toMs(iso)).toBe(ms);
        expect(toMs(iso.slice(0, 10))).toBe(Date.parse(iso.slice(0, 10)));
        expect(toMs(`${iso.slice(0, 19)}Z`)).toBe(Date.parse(`${iso.slice(0, 19)}Z`));
      }),
      { numRuns: 2000 },
    );
  });

  it('hands other shapes and impossible values to Date.parse', () => {
    for (const s of ['2026-11-01T09:30:00+02:00', '2026-11-01T09:30:00.1Z', '2026-13-01', '2026-02-30T25:00:00Z', 'not a date']) {
      expect(Object.is(toMs(s), Date.parse(s))).toBe(true);
    }
  });
});

describe('isoDate', () => {
  it('formats like toISOString().slice(0, 10)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -5e12, max: 5e12 }), (ms) => {
        expect(isoDate(ms)).toBe(new Date(ms).toISOString().slice(0, 10));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('daysBetween', () => {
  it('counts whole days, negative backwards', () => {
    expect(daysBetween(toMs('2026-11-01'), toMs('2026-11-11T12:00:00Z'))).toBe(10);
    expect(daysBetween(toMs('2026-11-11'), toMs('2026-11-01'))).toBe(-10);
  });
});
