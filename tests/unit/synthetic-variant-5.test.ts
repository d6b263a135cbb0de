// Generator variant-5: renewals decided by a slide over the contract year and by the support pod
// that serves the account; its portfolio is deterministic and looks like a B2B SaaS book, and the
// support pod shows in the snapshot only as a help desk records it (message and close times,
// reopened tickets). Generator plausibility only: no model is run on it here.
import { describe, expect, it } from '@jest/globals';
import type { AccountSnapshot } from '../../server/domain/snapshot.ts';
import { generatePortfolio, type GeneratedAccount, type RenewalContext } from '../../server/synthetic/portfolio.ts';
import { createRng } from '../../server/synthetic/random.ts';
import { applySupportPod } from '../../server/synthetic/support-pods.ts';
import { VARIANT_5, VARIANT_5_ODDS, VARIANT_5_SHAPE } from '../../server/synthetic/variant-5.ts';

const AS_OF = '2026-11-01T00:00:00.000Z';
const AS_OF_MS = Date.parse(AS_OF);
const HOUR_MS = 3_600_000;
const YEAR_MS = 365 * 86_400_000;
const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('variant-5 renewal odds', () => {
  const ctx = (over: Partial<RenewalContext> = {}): RenewalContext => ({ healthYearBefore: 0.6, segment: 'mid-market', closeDate: '2026-01-01', ...over });

  it('reads the slide over the contract year more than the level', () => {
    const steady = VARIANT_5_ODDS(0.5, 'flat', ctx({ healthYearBefore: 0.5 }));
    const slid = VARIANT_5_ODDS(0.5, 'flat', ctx({ healthYearBefore: 0.7 }));
    const lower = VARIANT_5_ODDS(0.3, 'flat', ctx({ healthYearBefore: 0.3 }));
    expect(slid).toBeLessThan(steady);
    // A 0.2 slide costs more than sitting 0.2 lower all year.
    expect(steady - slid).toBeGreaterThan(steady - lower);
  });

  it('costs the slow support pod and leans by segment', () => {
    expect(VARIANT_5_ODDS(0.6, 'flat', ctx({ slowSupport: true }))).toBeLessThan(VARIANT_5_ODDS(0.6, 'flat', ctx({ slowSupport: false })) - 0.1);
    expect(VARIANT_5_ODDS(0.6, 'flat', ctx({ segment: 'enterprise' }))).toBeGreaterThan(VARIANT_5_ODDS(0.6, 'flat', ctx({ segment: 'smb' })));
  });
});

describe('support pods', () => {
  const support = VARIANT_5_SHAPE.support!;
  const ticket = (createdMs: number, closedMs: number | null): AccountSnapshot['tickets'][number] => ({
    id: 't1',
    createdAt: new Date(createdMs).toISOString(),
    closedAt: closedMs === null ? null : new Date(closedMs).toISOString(),
    type: 'bug',
    priority: 'high',
    subject: 'Export fails',
    messages: [
      { at: new Date(createdMs).toISOString(), from: 'customer', text: 'The export fails.' },
      { at: new Date(createdMs + HOUR_MS).toISOString(), from: 'agent', text: 'Looking into it.' },
      { at: new Date(createdMs + 2 * HOUR_MS).toISOString(), from: 'customer', text: 'Thanks.' },
    ],
  });

  it('delays the first agent reply and what follows it on the slow pod, and the close with them', () => {
    const created = AS_OF_MS - 60 * 86_400_000;
    const slow = Array.from({ length: 200 }, (_, i) => applySupportPod(createRng(`s${i}`), [ticket(created, created + 3 * HOUR_MS)], true, AS_OF_MS, { ...support, reopen: [0, 0] })[0]!);
    const firstReply = slow.map((t) => (Date.parse(t.messages[1]!.at) - created) / HOUR_MS);
    expect(mean(firstReply)).toBeGreaterThan(30);
    for (const t of slow) {
      const times = t.messages.map((m) => Date.parse(m.at));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(Date.parse(t.closedAt!)).toBeGreaterThanOrEqual(times[times.length - 1]! - 1000);
    }
  });

  it('never writes an event after asOf: a close that would fall later leaves the ticket open', () => {
    const created = AS_OF_MS - 2 * HOUR_MS;
    const out = Array.from({ length: 100 }, (_, i) => applySupportPod(createRng(`o${i}`), [ticket(created, created + 90 * 60_000)], true, AS_OF_MS, support)[0]!);
    expect(out.some((t) => t.closedAt === null)).toBe(true);
    for (const t of out) for (const m of t.messages) expect(Date.parse(m.at)).toBeLessThanOrEqual(AS_OF_MS);
  });

  it('reopens resolved tickets: the customer writes after the close and the ticket closes again later', () => {
    const created = AS_OF_MS - 90 * 86_400_000;
    const close = created + 3 * HOUR_MS;
    const out = applySupportPod(createRng('r'), [ticket(created, close)], true, AS_OF_MS, { ...support, reopen: [1, 1] })[0]!;
    // The thread as written, then the customer coming back and the agent answering again.
    expect(out.messages.map((m) => m.from)).toEqual(['customer', 'agent', 'customer', 'customer', 'agent']);
    const back = Date.parse(out.messages[3]!.at);
    expect(back).toBeGreaterThan(Date.parse(out.messages[2]!.at));
    expect(Date.parse(out.closedAt!)).toBeGreaterThan(Date.parse(out.messages[4]!.at));
  });
});

describe('variant-5 portfolio', () => {
  const generate = (seed = VARIANT_5.options.seed) => [...generatePortfolio({ ...VARIANT_5.options, seed, accounts: 800, asOf: AS_OF, historyDays: 730 })];
  const P = generate();
  const closed = P.flatMap((a) =>
    a.snapshot.renewals.filter((r) => r.outcome !== 'open').map((r) => ({ a, closeMs: Date.parse(r.closeDate), won: r.outcome === 'won', truth: a.truth.renewals.find((t) => t.id === r.id)! })),
  );
  const rate = (rows: readonly { won: boolean }[]) => rows.filter((r) => r.won).length / rows.length;
  /** Median hours to the first agent reply over the account's tickets of the last year (NaN without one). */
  const firstReply = (a: GeneratedAccount) => {
    const hours = a.snapshot.tickets
      .filter((t) => Date.parse(t.createdAt) >= AS_OF_MS - YEAR_MS)
      .flatMap((t) => {
        const reply = t.messages.find((m) => m.from === 'agent');
        return reply ? [(Date.parse(reply.at) - Date.parse(t.createdAt)) / HOUR_MS] : [];
      });
    return hours.length >= 3 ? median(hours) : Number.NaN;
  };

  it('is deterministic with its seed and differs with another', () => {
    expect(JSON.stringify(generate().slice(0, 50))).toBe(JSON.stringify(P.slice(0, 50)));
    expect(JSON.stringify(generate('another').slice(0, 50))).not.toBe(JSON.stringify(P.slice(0, 50)));
  });

  it('mixes segments about 60/28/12 and renews at a plausible rate, as its oracle says', () => {
    expect(Math.abs(P.filter((a) => a.truth.segment === 'smb').length / P.length - 0.6)).toBeLessThan(0.06);
    expect(Math.abs(P.filter((a) => a.truth.segment === 'enterprise').length / P.length - 0.12)).toBeLessThan(0.04);
    expect(rate(closed)).toBeGreaterThan(0.58);
    expect(rate(closed)).toBeLessThan(0.8);
    expect(Math.abs(mean(closed.map((r) => r.truth.pRenew)) - rate(closed))).toBeLessThan(0.035);
  });

  it('answers some accounts far more slowly, and those renew less, as the snapshot shows it', () => {
    const lastYear = closed.filter((r) => r.closeMs > AS_OF_MS - YEAR_MS && !Number.isNaN(firstReply(r.a)));
    const slow = lastYear.filter((r) => firstReply(r.a) > 40);
    const fast = lastYear.filter((r) => firstReply(r.a) <= 40);
    expect(slow.length).toBeGreaterThan(60);
    expect(rate(slow)).toBeLessThan(rate(fast) - 0.08);
  });

  it('files a plausible number of tickets, more at bigger accounts, with utilisation of shelfware', () => {
    const perYear = (a: GeneratedAccount) => a.snapshot.tickets.filter((t) => Date.parse(t.createdAt) >= AS_OF_MS - YEAR_MS).length;
    const all = mean(P.map(perYear));
    expect(all).toBeGreaterThan(5);
    expect(all).toBeLessThan(25);
    expect(mean(P.filter((a) => a.truth.segment === 'enterprise').map(perYear))).toBeGreaterThan(2 * mean(P.filter((a) => a.truth.segment === 'smb').map(perYear)));
    const util = mean(P.map((a) => (a.snapshot.usage.activeUsers ?? 0) / a.snapshot.account.licensedSeats!));
    expect(util).toBeGreaterThan(0.5);
    expect(util).toBeLessThan(0.75);
  });
});
