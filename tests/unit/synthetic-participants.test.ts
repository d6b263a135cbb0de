// The generator names who took part in each engagement the way a CRM records it: one contact in
// place at the date, or none; under the people process the sponsor's meetings name the sponsor.
import { describe, expect, it } from '@jest/globals';
import { generatePortfolio, type GeneratedAccount } from '../../server/synthetic/portfolio.ts';
import { VARIANT_4 } from '../../server/synthetic/variant-4.ts';

const AS_OF = '2026-11-01T00:00:00Z';
const portfolio = (options: object, accounts = 120): GeneratedAccount[] => [...generatePortfolio({ seed: 'participants', ...options, accounts, asOf: AS_OF, historyDays: 730 })];
const ms = (iso: string | null | undefined, fallback: number) => (iso ? Date.parse(iso) : fallback);

describe('engagement participants', () => {
  it.each([
    ['ours', {}],
    ['variant-4', VARIANT_4.options],
  ])('names on %s only contacts of the account in place at the date, most engagements naming one', (_name, options) => {
    let named = 0, total = 0;
    for (const { snapshot } of portfolio(options)) {
      const contacts = new Map(snapshot.contacts.map((c) => [c.id, c]));
      for (const e of snapshot.engagements) {
        total++;
        expect(e.contactIds).toBeDefined();
        if (e.contactIds!.length > 0) named++;
        for (const id of e.contactIds!) {
          const c = contacts.get(id);
          expect(c).toBeDefined();
          const at = Date.parse(e.at);
          expect(ms(c!.since, -Infinity)).toBeLessThanOrEqual(at);
          expect(ms(c!.leftAt, Infinity)).toBeGreaterThanOrEqual(at);
          expect(ms(c!.lastEngagedAt, -Infinity)).toBeGreaterThanOrEqual(at); // no link after their last engagement
        }
      }
    }
    expect(total).toBeGreaterThan(500);
    expect(named / total).toBeGreaterThan(0.6);
    expect(named / total).toBeLessThan(0.85); // a fifth are logged on the company only
  });

  it('names the sponsor in place on every meeting of the people process', () => {
    let sponsorMeetings = 0;
    for (const { snapshot } of portfolio(VARIANT_4.options)) {
      const roles = new Map(snapshot.contacts.map((c) => [c.id, c.role]));
      const sponsors = snapshot.engagements.filter((e) => e.kind === 'meeting' && e.contactIds!.some((id) => roles.get(id) === 'executive'));
      sponsorMeetings += sponsors.length;
      // The sponsor's last meeting is what the contact's own last-engaged date says (within the history's two years).
      const historyStart = Date.parse(AS_OF) - 730 * 86_400_000;
      for (const c of snapshot.contacts.filter((x) => x.role === 'executive' && x.active && ms(x.lastEngagedAt, -Infinity) >= historyStart)) {
        const last = sponsors.filter((e) => e.contactIds!.includes(c.id)).at(-1);
        expect(last?.at).toBe(c.lastEngagedAt);
      }
    }
    expect(sponsorMeetings).toBeGreaterThan(100);
  });
});
