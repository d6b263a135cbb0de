import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { daysBetween, isoDate, isoInstant, toMs } from '../../server/domain/time.ts';

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

  it('reads every day of 1969–2100 as Date.parse does, days past a month\'s end included (the table path and the era path meet)', () => {
    const differing: string[] = [];
    for (let year = 1969; year <= 2100; year++) {
      for (let month = 1; month <= 12; month++) {
        for (let day = 1; day <= 31; day++) {
          const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          if (toMs(date) !== Date.parse(date)) differing.push(date);
          if (toMs(`${date}T23:59:59.999Z`) !== Date.parse(`${date}T23:59:59.999Z`)) differing.push(`${date}T23:59:59.999Z`);
        }
      }
    }
    expect(differing).toEqual([]);
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
      fc.property(fc.oneof(fc.integer({ min: -5e12, max: 5e12 }), fc.integer({ min: -8.64e15, max: 8.64e15 })), (ms) => {
        expect(isoDate(ms)).toBe(new Date(ms).toISOString().slice(0, 10));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('isoInstant', () => {
  it('formats like toISOString() at any instant, also years outside 0000–9999 and fractions of a millisecond', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -5e12, max: 5e12 }), fc.integer({ min: -8.64e15, max: 8.64e15 }), fc.double({ min: -1e13, max: 1e13, noNaN: true })), (ms) => {
        expect(isoInstant(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 3000 },
    );
    for (const ms of [0, -1, 999, 86_399_999, Date.UTC(2024, 1, 29, 23, 59, 59, 9), Date.UTC(999, 11, 31), Date.UTC(10_000, 0, 1)]) expect(isoInstant(ms)).toBe(new Date(ms).toISOString());
  });

  it('throws as toISOString does on an invalid time', () => {
    expect(() => isoInstant(Number.NaN)).toThrow(RangeError);
  });
});

describe('daysBetween', () => {
  it('counts whole days, negative backwards', () => {
    expect(daysBetween(toMs('2026-11-01'), toMs('2026-11-11T12:00:00Z'))).toBe(10);
    expect(daysBetween(toMs('2026-11-11'), toMs('2026-11-01'))).toBe(-10);
  });
});
