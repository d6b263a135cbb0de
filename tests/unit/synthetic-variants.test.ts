// Generator variants: a shape changes how hidden health shows without disturbing the default
// generator, and the bench's variant-2, variant-3 and variant-4 portfolios are deterministic and
// look like a B2B SaaS book (variant-3's drifting within its calibration year, variant-4's renewals
// decided much by people and unresolved problems). Generator plausibility only: no model is run on
// them here.
import { describe, expect, it } from '@jest/globals';
import { generateAccount, generatePortfolio, type GeneratedAccount, type RenewalContext, type RenewalEvents } from '../../server/synthetic/portfolio.ts';
import { createRng } from '../../server/synthetic/random.ts';
import { DEFAULT_SHAPE } from '../../server/synthetic/shape.ts';
import { writeThread } from '../../server/synthetic/texts.ts';
import { VARIANT_3, VARIANT_3_ODDS } from '../../server/synthetic/variant-3.ts';
import { VARIANT_4, VARIANT_4_ODDS } from '../../server/synthetic/variant-4.ts';
import { VARIANT_2, VARIANT_2_ODDS } from '../../server/synthetic/variants.ts';

const AS_OF = '2026-11-01T00:00:00.000Z';
const AS_OF_MS = Date.parse(AS_OF);
const DAY_MS = 86_400_000;

const lastYearTickets = (a: GeneratedAccount) => a.snapshot.tickets.filter((t) => t.id.includes('-t-'));
const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

describe('generator shape', () => {
  it('gives the same accounts with DEFAULT_SHAPE as without a shape', () => {
    const plain = [...generatePortfolio({ seed: 'shape', accounts: 40, asOf: AS_OF, historyDays: 730 })];
    const explicit = [...generatePortfolio({ seed: 'shape', accounts: 40, asOf: AS_OF, historyDays: 730, shape: DEFAULT_SHAPE })];
    expect(JSON.stringify(explicit)).toBe(JSON.stringify(plain));
  });

  it('takes the ticket count from the shape rule, per account, and rejects a bad count', () => {
    const shape = { ...DEFAULT_SHAPE, ticketsPerYear: ({ seats }: { seats: number }) => (seats > 100 ? 9 : 4) };
    for (let index = 0; index < 30; index++) {
      const a = generateAccount({ seed: 'rule', index, asOf: AS_OF, shape });
      const tenureDays = (AS_OF_MS - Date.parse(a.snapshot.account.customerSince!)) / DAY_MS;
      if (tenureDays < 366) continue;
      expect(lastYearTickets(a)).toHaveLength(a.snapshot.account.licensedSeats! > 100 ? 9 : 4);
    }
    expect(() => generateAccount({ seed: 'rule', index: 0, asOf: AS_OF, shape: { ...DEFAULT_SHAPE, ticketsPerYear: () => -1 } })).toThrow(RangeError);
    expect(() => generateAccount({ seed: 'rule', index: 0, asOf: AS_OF, shape: { ...DEFAULT_SHAPE, ticketsPerYear: () => 2.5 } })).toThrow(RangeError);
  });

  it('takes seats from the shape rule and rejects a count that is not a positive integer', () => {
    const shape = { ...DEFAULT_SHAPE, seats: () => 77 };
    expect(generateAccount({ seed: 'rule', index: 3, asOf: AS_OF, shape }).snapshot.account.licensedSeats).toBe(77);
    expect(() => generateAccount({ seed: 'rule', index: 0, asOf: AS_OF, shape: { ...DEFAULT_SHAPE, seats: () => 0 } })).toThrow(RangeError);
    expect(() => generateAccount({ seed: 'rule', index: 0, asOf: AS_OF, shape: { ...DEFAULT_SHAPE, seats: () => 12.5 } })).toThrow(RangeError);
  });

  it('gives the odds the events around each close date only with the people process', () => {
    const seen: RenewalContext[] = [];
    const spy = (ctx: RenewalContext[]) => (_h: number, _t: unknown, c: RenewalContext) => (ctx.push(c), 0.5);
    generateAccount({ seed: 'events', index: 2, asOf: AS_OF, historyDays: 730, renewalOdds: spy(seen) });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((c) => c.events === null)).toBe(true);
    const withPeople: RenewalContext[] = [];
    generateAccount({ seed: 'events', index: 2, asOf: AS_OF, historyDays: 730, renewalOdds: spy(withPeople), shape: VARIANT_4.options.shape! });
    expect(withPeople.length).toBeGreaterThan(0);
    expect(withPeople.every((c) => c.events !== null && typeof c.events!.championInPlace === 'boolean')).toBe(true);
  });

  it('rejects a contract length that is not a whole number of years from 1 to 5', () => {
    expect(() => generateAccount({ seed: 'rule', index: 0, asOf: AS_OF, shape: { ...DEFAULT_SHAPE, contractYears: () => 0 } })).toThrow(RangeError);
    expect(() => generateAccount({ seed: 'rule', index: 0, asOf: AS_OF, shape: { ...DEFAULT_SHAPE, contractYears: () => 1.5 } })).toThrow(RangeError);
  });

  it('writes fewer unhappy and happy messages with a lower tone, at the same health', () => {
    const share = (tone: number, mood: 'unhappy' | 'happy') => {
      const rng = createRng('tone');
      let hit = 0;
      let total = 0;
      for (let i = 0; i < 3000; i++) {
        for (const m of writeThread(rng, { type: 'bug', feature: 'SSO', health: 0.4, resolved: i % 2 === 0, messages: 5, tone })) {
          if (m.from !== 'customer') continue;
          total++;
          if (m.mood === mood) hit++;
        }
      }
      return hit / total;
    };
    expect(share(0.6, 'unhappy')).toBeLessThan(share(1, 'unhappy') * 0.75);
    expect(share(0.6, 'happy')).toBeLessThan(share(1, 'happy') * 0.75);
  });
});

describe('variant-2 renewal odds', () => {
  const ctx = (healthYearBefore: number, segment: 'smb' | 'mid-market' | 'enterprise' = 'mid-market') => ({ healthYearBefore, segment, closeDate: '2025-01-01' });

  it('renews by bands of health', () => {
    expect(VARIANT_2_ODDS(0.2, 'flat', ctx(0.2))).toBeCloseTo(0.35);
    expect(VARIANT_2_ODDS(0.29, 'flat', ctx(0.29))).toBe(VARIANT_2_ODDS(0.1, 'flat', ctx(0.1)));
    expect(VARIANT_2_ODDS(0.4, 'flat', ctx(0.4))).toBeCloseTo(0.7);
    expect(VARIANT_2_ODDS(0.8, 'flat', ctx(0.8))).toBeCloseTo(0.9);
  });

  it('costs 25 points to slip over the contract year in the lower bands only, and tilts by segment', () => {
    expect(VARIANT_2_ODDS(0.4, 'flat', ctx(0.6))).toBeCloseTo(0.45);
    expect(VARIANT_2_ODDS(0.4, 'flat', ctx(0.45))).toBeCloseTo(0.7);
    expect(VARIANT_2_ODDS(0.7, 'flat', ctx(0.95))).toBeCloseTo(0.9);
    expect(VARIANT_2_ODDS(0.4, 'declining', ctx(0.4))).toBeCloseTo(0.7);
    expect(VARIANT_2_ODDS(0.8, 'flat', ctx(0.8, 'enterprise'))).toBeCloseTo(0.95);
    expect(VARIANT_2_ODDS(0.8, 'flat', ctx(0.8, 'smb'))).toBeCloseTo(0.85);
  });
});

describe('variant-2 portfolio', () => {
  const generate = (seed = VARIANT_2.options.seed) => [...generatePortfolio({ ...VARIANT_2.options, seed, accounts: 600, asOf: AS_OF, historyDays: 730 })];
  const P = generate();

  it('is deterministic with its seed and differs with another', () => {
    expect(JSON.stringify(generate().slice(0, 50))).toBe(JSON.stringify(P.slice(0, 50)));
    expect(JSON.stringify(generate('another').slice(0, 50))).not.toBe(JSON.stringify(P.slice(0, 50)));
  });

  it('mixes segments about 30/45/25 and renews at a plausible rate, as its oracle says', () => {
    const share = (s: string) => P.filter((a) => a.truth.segment === s).length / P.length;
    expect(Math.abs(share('smb') - 0.3)).toBeLessThan(0.06);
    expect(Math.abs(share('mid-market') - 0.45)).toBeLessThan(0.06);
    expect(Math.abs(share('enterprise') - 0.25)).toBeLessThan(0.06);
    const closed = P.flatMap((a) => a.snapshot.renewals.filter((r) => r.outcome !== 'open').map((r) => ({ won: r.outcome === 'won', p: a.truth.renewals.find((t) => t.id === r.id)!.pRenew })));
    const rate = closed.filter((r) => r.won).length / closed.length;
    expect(rate).toBeGreaterThan(0.6);
    expect(rate).toBeLessThan(0.85);
    // The oracle's probabilities are the generator's own: on average they match what happened.
    expect(Math.abs(mean(closed.map((r) => r.p)) - rate)).toBeLessThan(0.03);
  });

  it('files more tickets at bigger and sicker accounts, and fewer than the default 25 on average', () => {
    const perSegment = (s: string) => mean(P.filter((a) => a.truth.segment === s).map((a) => lastYearTickets(a).length));
    expect(perSegment('smb')).toBeLessThan(perSegment('mid-market'));
    expect(perSegment('mid-market')).toBeLessThan(perSegment('enterprise'));
    const all = P.map((a) => lastYearTickets(a).length);
    expect(mean(all)).toBeGreaterThan(8);
    expect(mean(all)).toBeLessThan(25);
    const sick = P.filter((a) => a.truth.health < 0.35).map((a) => lastYearTickets(a).length / Math.log(a.snapshot.account.licensedSeats!));
    const well = P.filter((a) => a.truth.health > 0.7).map((a) => lastYearTickets(a).length / Math.log(a.snapshot.account.licensedSeats!));
    expect(mean(sick)).toBeGreaterThan(mean(well));
  });

  it('keeps utilisation and urgent tickets in a plausible range', () => {
    const utilisation = P.map((a) => a.snapshot.usage.activeUsers! / a.snapshot.account.licensedSeats!);
    expect(Math.min(...utilisation)).toBeGreaterThan(0.2);
    expect(mean(utilisation)).toBeGreaterThan(0.5);
    expect(mean(utilisation)).toBeLessThan(0.8);
    const tickets = P.flatMap(lastYearTickets);
    const urgent = tickets.filter((t) => t.priority === 'urgent').length / tickets.length;
    expect(urgent).toBeGreaterThan(0.03);
    expect(urgent).toBeLessThan(0.15);
  });
});

describe('variant-3 renewal odds', () => {
  const ctx = (closeDate: string, segment: 'smb' | 'mid-market' | 'enterprise' = 'mid-market', healthYearBefore = 0.5) => ({ healthYearBefore, segment, closeDate });

  it('rises with health and with health gained over the contract year', () => {
    expect(VARIANT_3_ODDS(0.8, 'flat', ctx('2025-01-01', 'mid-market', 0.8))).toBeGreaterThan(VARIANT_3_ODDS(0.4, 'flat', ctx('2025-01-01', 'mid-market', 0.4)) + 0.2);
    expect(VARIANT_3_ODDS(0.5, 'flat', ctx('2025-01-01', 'mid-market', 0.3))).toBeGreaterThan(VARIANT_3_ODDS(0.5, 'flat', ctx('2025-01-01', 'mid-market', 0.7)) + 0.1);
    expect(VARIANT_3_ODDS(0.5, 'declining', ctx('2025-01-01'))).toBe(VARIANT_3_ODDS(0.5, 'growing', ctx('2025-01-01')));
  });

  it('loses a share of every segment to the price rise from 2025-07-01 on, small customers most', () => {
    const before = VARIANT_3_ODDS(0.7, 'flat', ctx('2025-06-30', 'smb', 0.7));
    expect(VARIANT_3_ODDS(0.7, 'flat', ctx('2025-07-01', 'smb', 0.7))).toBeCloseTo(before * 0.85);
    expect(VARIANT_3_ODDS(0.7, 'flat', ctx('2026-03-01', 'mid-market', 0.7))).toBeCloseTo(before * 0.91);
    expect(VARIANT_3_ODDS(0.7, 'flat', ctx('2026-03-01', 'enterprise', 0.7))).toBeCloseTo(before * 0.96);
  });
});

describe('variant-3 portfolio', () => {
  const generate = (seed = VARIANT_3.options.seed) => [...generatePortfolio({ ...VARIANT_3.options, seed, accounts: 800, asOf: AS_OF, historyDays: 730 })];
  const P = generate();
  const closed = P.flatMap((a) =>
    a.snapshot.renewals
      .filter((r) => r.outcome !== 'open')
      .map((r) => ({ closeDate: r.closeDate, won: r.outcome === 'won', truth: a.truth.renewals.find((t) => t.id === r.id)! })),
  );
  const closing = (from: string, to: string) => closed.filter((r) => r.closeDate >= from && r.closeDate < to);
  const rate = (rows: readonly { won: boolean }[]) => rows.filter((r) => r.won).length / rows.length;
  const tickets = P.flatMap((a) => a.snapshot.tickets.map((t) => ({ ...t, health: a.truth.health })));
  const share = (ts: readonly { priority: string }[], priority: string) => ts.filter((t) => t.priority === priority).length / ts.length;

  it('is deterministic with its seed and differs with another', () => {
    expect(JSON.stringify(generate().slice(0, 50))).toBe(JSON.stringify(P.slice(0, 50)));
    expect(JSON.stringify(generate('another').slice(0, 50))).not.toBe(JSON.stringify(P.slice(0, 50)));
  });

  it('renews at a plausible rate, as its oracle says', () => {
    expect(rate(closed)).toBeGreaterThan(0.62);
    expect(rate(closed)).toBeLessThan(0.85);
    expect(Math.abs(mean(closed.map((r) => r.truth.pRenew)) - rate(closed))).toBeLessThan(0.03);
  });

  it('drifts within the calibration year: the second half renews less, and the year after less still', () => {
    const firstHalf = closing('2024-11-01', '2025-05-01');
    const secondHalf = closing('2025-05-01', '2025-11-01');
    const nextYear = closing('2025-11-01', '2026-11-01');
    // The oracle's odds (less noisy than outcomes) and the outcomes themselves.
    expect(mean(firstHalf.map((r) => r.truth.pRenew))).toBeGreaterThan(mean(secondHalf.map((r) => r.truth.pRenew)) + 0.02);
    expect(rate(firstHalf)).toBeGreaterThan(rate(secondHalf) + 0.02);
    expect(rate(closing('2024-11-01', '2025-07-01'))).toBeGreaterThan(rate(nextYear) + 0.05);
  });

  it('files a plausible number of tickets, more at bigger and sicker accounts', () => {
    const all = P.map((a) => lastYearTickets(a).length);
    expect(mean(all)).toBeGreaterThan(5);
    expect(mean(all)).toBeLessThan(25);
    const perSegment = (s: string) => mean(P.filter((a) => a.truth.segment === s).map((a) => lastYearTickets(a).length));
    expect(perSegment('smb')).toBeLessThan(perSegment('mid-market'));
    expect(perSegment('mid-market')).toBeLessThan(perSegment('enterprise'));
    const perSizedSeat = (pred: (h: number) => boolean) => mean(P.filter((a) => pred(a.truth.health)).map((a) => lastYearTickets(a).length / Math.pow(a.snapshot.account.licensedSeats!, 0.35)));
    expect(perSizedSeat((h) => h < 0.35)).toBeGreaterThan(perSizedSeat((h) => h > 0.7));
  });

  it('logs more low-priority tickets after the new support process, with a plausible urgent share', () => {
    const before = tickets.filter((t) => t.createdAt < '2025-06-01');
    const after = tickets.filter((t) => t.createdAt >= '2025-06-01');
    expect(share(after, 'low')).toBeGreaterThan(share(before, 'low') + 0.08);
    for (const ts of [before, after]) {
      expect(share(ts, 'urgent')).toBeGreaterThan(0.03);
      expect(share(ts, 'urgent')).toBeLessThan(0.15);
    }
  });

  it('ties urgency to health less after the new support process', () => {
    // A year as of 2025-12-01 at accounts whose health held still over it, so the health each ticket
    // was filed at is the account's health now: urgent tickets come from sicker accounts than the
    // average ticket does, by less after the change (what remains is the ticket-type mix). The
    // gap is a few hundredths with a sampling noise of about one, so only its direction is held.
    const flat = [...generatePortfolio({ ...VARIANT_3.options, accounts: 3000, asOf: '2025-12-01T00:00:00.000Z' })].filter((a) => a.truth.trajectory === 'flat');
    const year = flat.flatMap((a) => a.snapshot.tickets.map((t) => ({ ...t, health: a.truth.health })));
    const urgentSicker = (ts: typeof year) => mean(ts.map((t) => t.health)) - mean(ts.filter((t) => t.priority === 'urgent').map((t) => t.health));
    const before = year.filter((t) => t.createdAt < '2025-06-01');
    const after = year.filter((t) => t.createdAt >= '2025-06-01');
    expect(urgentSicker(before)).toBeGreaterThan(0.05);
    expect(urgentSicker(before)).toBeGreaterThan(urgentSicker(after));
  });

  it('keeps utilisation plausible, lower in August and December than in October', () => {
    const utilisation = P.map((a) => a.snapshot.usage.activeUsers! / a.snapshot.account.licensedSeats!);
    expect(mean(utilisation)).toBeGreaterThan(0.4);
    expect(mean(utilisation)).toBeLessThan(0.75);
    const inMonth = (month: string) => mean(P.flatMap((a) => a.snapshot.usage.history.filter((u) => u.date.startsWith(month)).map((u) => u.activeUsers / a.snapshot.account.licensedSeats!)));
    expect(inMonth('2025-08')).toBeLessThan(inMonth('2025-10') - 0.05);
    expect(inMonth('2025-12')).toBeLessThan(inMonth('2025-10') - 0.05);
  });

  it('has heavier-tailed seat counts than the default ranges: some accounts above their segment range', () => {
    const seats = (s: string) => P.filter((a) => a.truth.segment === s).map((a) => a.snapshot.account.licensedSeats!);
    expect(seats('smb').some((n) => n > 40)).toBe(true);
    expect(seats('enterprise').some((n) => n > 5000)).toBe(true);
    const sorted = P.map((a) => a.snapshot.account.licensedSeats!).sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length * 0.99)]! / sorted[Math.floor(sorted.length / 2)]!).toBeGreaterThan(50);
    expect(Math.max(...sorted)).toBeLessThanOrEqual(12_000);
  });
});

describe('variant-4 renewal odds', () => {
  const calm: RenewalEvents = { championInPlace: true, daysSinceChampionLeft: null, sponsorInPlace: true, daysSinceExecutiveTouch: 400, severeUnresolved: 0 };
  const odds = (events: Partial<RenewalEvents> | null, h = 0.6, segment: RenewalContext['segment'] = 'mid-market') =>
    VARIANT_4_ODDS(h, 'flat', { healthYearBefore: h, segment, closeDate: '2026-01-01', events: events && { ...calm, ...events } });

  it('reads the people around the close date: a missing champion costs most, a sponsor met lately helps', () => {
    expect(odds({ championInPlace: false, daysSinceChampionLeft: 90 })).toBeLessThan(odds({}) - 0.2);
    expect(odds({ daysSinceChampionLeft: 90 })).toBeLessThan(odds({}) - 0.05);
    expect(odds({ daysSinceChampionLeft: 90 })).toBeGreaterThan(odds({ championInPlace: false, daysSinceChampionLeft: 90 }) + 0.1);
    expect(odds({ daysSinceChampionLeft: 400 })).toBeCloseTo(odds({}));
    expect(odds({ sponsorInPlace: false })).toBeLessThan(odds({}) - 0.05);
    expect(odds({ daysSinceExecutiveTouch: 60 })).toBeGreaterThan(odds({}) + 0.05);
  });

  it('lowers the odds for each severe ticket unresolved at the close, two at most', () => {
    expect(odds({ severeUnresolved: 1 })).toBeLessThan(odds({}) - 0.1);
    expect(odds({ severeUnresolved: 2 })).toBeLessThan(odds({ severeUnresolved: 1 }) - 0.1);
    expect(odds({ severeUnresolved: 5 })).toBe(odds({ severeUnresolved: 2 }));
  });

  it('rises with health less steeply than ours, and by segment', () => {
    expect(odds({}, 0.8)).toBeGreaterThan(odds({}, 0.4));
    expect(odds({}, 0.8) - odds({}, 0.4)).toBeLessThan(0.3);
    expect(odds({}, 0.6, 'enterprise')).toBeGreaterThan(odds({}, 0.6, 'smb'));
    expect(odds(null)).toBeGreaterThan(0);
  });
});

describe('variant-4 portfolio', () => {
  const generate = (seed = VARIANT_4.options.seed) => [...generatePortfolio({ ...VARIANT_4.options, seed, accounts: 800, asOf: AS_OF, historyDays: 730 })];
  const P = generate();
  const inSegment = (s: string) => P.filter((a) => a.truth.segment === s);
  const closed = P.flatMap((a) =>
    a.snapshot.renewals.filter((r) => r.outcome !== 'open').map((r) => ({ a, closeMs: Date.parse(r.closeDate), won: r.outcome === 'won', truth: a.truth.renewals.find((t) => t.id === r.id)! })),
  );
  const rate = (rows: readonly { won: boolean }[]) => rows.filter((r) => r.won).length / rows.length;
  const championAt = (a: GeneratedAccount, ms: number) =>
    a.snapshot.contacts.some((c) => c.role === 'champion' && Date.parse(c.since!) <= ms && (c.active || Date.parse(c.leftAt!) > ms));
  const severeAt = (a: GeneratedAccount, ms: number) =>
    a.snapshot.tickets.some((t) => ['outage', 'bug'].includes(t.type) && ['urgent', 'high'].includes(t.priority) && Date.parse(t.createdAt) <= ms && (!t.closedAt || Date.parse(t.closedAt) >= ms - 30 * DAY_MS));

  it('is deterministic with its seed and differs with another', () => {
    expect(JSON.stringify(generate().slice(0, 50))).toBe(JSON.stringify(P.slice(0, 50)));
    expect(JSON.stringify(generate('another').slice(0, 50))).not.toBe(JSON.stringify(P.slice(0, 50)));
  });

  it('mixes segments about 45/35/20 and renews at a plausible rate, as its oracle says', () => {
    expect(Math.abs(inSegment('smb').length / P.length - 0.45)).toBeLessThan(0.06);
    expect(Math.abs(inSegment('enterprise').length / P.length - 0.2)).toBeLessThan(0.05);
    expect(rate(closed)).toBeGreaterThan(0.62);
    expect(rate(closed)).toBeLessThan(0.85);
    expect(Math.abs(mean(closed.map((r) => r.truth.pRenew)) - rate(closed))).toBeLessThan(0.035);
  });

  it('renews less without a champion at the close or with a severe ticket unresolved, as the snapshot shows them', () => {
    const withoutChampion = closed.filter((r) => !championAt(r.a, r.closeMs));
    expect(withoutChampion.length / closed.length).toBeGreaterThan(0.04);
    expect(withoutChampion.length / closed.length).toBeLessThan(0.2);
    expect(rate(withoutChampion)).toBeLessThan(rate(closed.filter((r) => championAt(r.a, r.closeMs))) - 0.15);
    const severe = closed.filter((r) => severeAt(r.a, r.closeMs));
    expect(severe.length / closed.length).toBeGreaterThan(0.05);
    expect(rate(severe)).toBeLessThan(rate(closed.filter((r) => !severeAt(r.a, r.closeMs))) - 0.15);
  });

  it('keeps every champion and sponsor with the dates they joined and left, and the sponsor meetings among the engagements', () => {
    for (const a of P.slice(0, 200)) {
      const champions = a.snapshot.contacts.filter((c) => c.role === 'champion').sort((x, y) => Date.parse(x.since!) - Date.parse(y.since!));
      expect(champions.length).toBeGreaterThan(0);
      expect(champions[0]!.since!.slice(0, 10)).toBe(a.snapshot.account.customerSince);
      for (let i = 1; i < champions.length; i++) expect(Date.parse(champions[i]!.since!)).toBeGreaterThan(Date.parse(champions[i - 1]!.leftAt!));
      for (const c of a.snapshot.contacts) {
        expect(c.active).toBe(c.leftAt === undefined);
        if (c.leftAt) expect(c.lastEngagedAt).toBe(c.leftAt);
      }
      const at = a.snapshot.engagements.map((e) => e.at);
      expect([...at].sort()).toEqual(at);
    }
    const meetings = (s: string) => mean(inSegment(s).map((a) => a.snapshot.engagements.filter((e) => e.kind === 'meeting').length));
    expect(meetings('enterprise')).toBeGreaterThan(meetings('smb') + 3);
  });

  it('signs some larger customers for two years: their renewals fall every second anniversary', () => {
    const twoYear = (a: GeneratedAccount) => {
      const [first, second] = a.snapshot.renewals.map((r) => Date.parse(r.closeDate));
      return (second ?? first!) - (second === undefined ? Date.parse(a.snapshot.account.customerSince!) : first!) > 400 * DAY_MS;
    };
    const share = (s: string) => inSegment(s).filter(twoYear).length / inSegment(s).length;
    expect(share('smb')).toBe(0);
    expect(share('mid-market')).toBeGreaterThan(0.1);
    expect(share('mid-market')).toBeLessThan(0.3);
    expect(share('enterprise')).toBeGreaterThan(0.35);
    expect(share('enterprise')).toBeLessThan(0.6);
  });

  it('files very few tickets at small customers and a plausible number overall, more at sicker accounts', () => {
    const tickets = (s: string) => mean(inSegment(s).map((a) => lastYearTickets(a).length));
    expect(tickets('smb')).toBeLessThan(2);
    expect(tickets('mid-market')).toBeLessThan(tickets('enterprise'));
    expect(mean(P.map((a) => lastYearTickets(a).length))).toBeGreaterThan(3);
    expect(mean(P.map((a) => lastYearTickets(a).length))).toBeLessThan(15);
    const perBase = (pred: (h: number) => boolean) => mean(inSegment('enterprise').filter((a) => pred(a.truth.health)).map((a) => lastYearTickets(a).length));
    expect(perBase((h) => h < 0.4)).toBeGreaterThan(perBase((h) => h > 0.7));
    const all = P.flatMap(lastYearTickets);
    const urgent = all.filter((t) => t.priority === 'urgent').length / all.length;
    expect(urgent).toBeGreaterThan(0.03);
    expect(urgent).toBeLessThan(0.15);
  });

  it('reports usage with gaps: some accounts untracked, missing months, noisier counts', () => {
    const untracked = (s: string) => inSegment(s).filter((a) => a.snapshot.usage.activeUsers === null).length / inSegment(s).length;
    expect(untracked('smb')).toBeGreaterThan(0.15);
    expect(untracked('smb')).toBeLessThan(0.35);
    expect(untracked('enterprise')).toBeLessThan(0.1);
    const tracked = P.filter((a) => a.snapshot.usage.activeUsers !== null);
    for (const a of tracked) expect(a.snapshot.usage.history.length).toBeLessThanOrEqual(24);
    const present = mean(tracked.filter((a) => Date.parse(a.snapshot.account.customerSince!) < AS_OF_MS - 760 * DAY_MS).map((a) => a.snapshot.usage.history.length)) / 24;
    expect(present).toBeGreaterThan(0.7);
    expect(present).toBeLessThan(0.93);
    const utilisation = tracked.map((a) => a.snapshot.usage.activeUsers! / a.snapshot.account.licensedSeats!);
    expect(mean(utilisation)).toBeGreaterThan(0.45);
    expect(mean(utilisation)).toBeLessThan(0.75);
    // Month-to-month changes at steady accounts: a few per cent in ours, about 15 % here.
    const steps = (accounts: readonly GeneratedAccount[]) =>
      accounts
        .filter((a) => a.truth.trajectory === 'flat')
        .flatMap((a) => a.snapshot.usage.history.slice(1).map((u, i) => Math.abs(Math.log(Math.max(1, u.activeUsers) / Math.max(1, a.snapshot.usage.history[i]!.activeUsers)))))
        .sort((x, y) => x - y);
    const ours = [...generatePortfolio({ seed: 'bench-model', accounts: 300, asOf: AS_OF, historyDays: 730 })];
    const median = (xs: number[]) => xs[Math.floor(xs.length / 2)]!;
    expect(median(steps(tracked))).toBeGreaterThan(3 * median(steps(ours)));
  });
});
