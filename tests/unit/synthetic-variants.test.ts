// Generator variants: a shape changes how hidden health shows without disturbing the default
// generator, and the bench's variant-2 and variant-3 portfolios are deterministic and look like a
// B2B SaaS book (variant-3's drifting within its calibration year). Generator plausibility only: no
// model is run on them here.
import { describe, expect, it } from '@jest/globals';
import { generateAccount, generatePortfolio, type GeneratedAccount } from '../../server/synthetic/portfolio.ts';
import { createRng } from '../../server/synthetic/random.ts';
import { DEFAULT_SHAPE } from '../../server/synthetic/shape.ts';
import { writeThread } from '../../server/synthetic/texts.ts';
import { VARIANT_3, VARIANT_3_ODDS } from '../../server/synthetic/variant-3.ts';
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
