// The SOQL builder: any value round-trips as a literal through a strict SOQL parser (the sandbox's),
// names and ids are checked, IN lists stay under the URI budget.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { chunkIds, field, fields, id, ids, likePattern, quote, soql, SoqlDate } from '../../server/crm/salesforce/soql.ts';
import { parseSoql } from '../../sandbox/salesforce/soql/parser.ts';

function whereValue(query: string): unknown {
  const where = parseSoql(query).where;
  if (where?.kind !== 'compare') throw new Error('expected one comparison');
  return where.value;
}

describe('soql', () => {
  it('any string stays one literal with exactly its value', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const value = whereValue(soql`SELECT Id FROM Account WHERE Name = ${s}`);
        expect(value).toMatchObject({ kind: 'string', value: s });
      }),
      { numRuns: 200 },
    );
  });

  it('an injection attempt is just a strange name', () => {
    const q = soql`SELECT Id FROM Account WHERE IsDeleted = ${false} AND Name = ${"x' OR Name != '"}`;
    expect(q).toBe("SELECT Id FROM Account WHERE IsDeleted = false AND Name = 'x\\' OR Name != \\''");
    expect(parseSoql(q).where).toMatchObject({ kind: 'and', terms: [{ kind: 'compare' }, { kind: 'compare', value: { value: "x' OR Name != '" } }] });
  });

  it('renders names, id lists, numbers, booleans, datetimes and dates', () => {
    const q = soql`SELECT ${fields(['Id', 'Account.Name'])} FROM ${field('Case')} WHERE AccountId IN ${ids(['001000000000001AAA', '001000000000002'])} AND SystemModstamp >= ${new Date('2026-11-01T10:00:00.123Z')} AND ClosedDate != ${null} AND Amount > ${12.5} AND Flag = ${true} AND CloseDate < ${new SoqlDate('2027-01-01')}`;
    expect(q).toBe("SELECT Id, Account.Name FROM Case WHERE AccountId IN ('001000000000001AAA', '001000000000002') AND SystemModstamp >= 2026-11-01T10:00:00Z AND ClosedDate != null AND Amount > 12.5 AND Flag = true AND CloseDate < 2027-01-01");
    expect(() => parseSoql(q)).not.toThrow();
  });

  it('refuses what cannot be a name, an id, a number or a list', () => {
    expect(() => field('Name, (SELECT Id FROM Cases)')).toThrow(TypeError);
    expect(() => field("Name'")).toThrow(TypeError);
    expect(() => id("001' OR Id != '")).toThrow(TypeError);
    expect(() => soql`SELECT Id FROM Account WHERE Amount > ${Number.NaN}`).toThrow(TypeError);
    expect(() => soql`SELECT Id FROM Account WHERE Id IN ${[]}`).toThrow(RangeError);
    expect(() => new SoqlDate('2026-13-45')).toThrow(TypeError);
  });

  it('LIKE patterns match the value literally', () => {
    expect(likePattern('50%_off', { suffix: true })).toBe("'50\\%\\_off%'");
    expect(quote('a\\b')).toBe("'a\\\\b'");
  });

  it('chunks ids under the character budget', () => {
    const all = Array.from({ length: 1000 }, (_, i) => `001${String(i).padStart(15, '0')}`);
    const chunks = chunkIds(all, 9000);
    expect(chunks.flat()).toEqual(all);
    for (const c of chunks) expect(encodeURIComponent(soql`SELECT Id FROM Case WHERE AccountId IN ${ids(c)}`).length).toBeLessThan(9000 + 200);
  });
});
