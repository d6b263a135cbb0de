// Generator variant-7: renewals decided much by budget cuts at customers (more of them in a
// downturn) and by product gaps, each shown only partly in the snapshot (layoffs in usage, billing
// asks; more feature requests). Its portfolio is deterministic and looks like a B2B SaaS book, and
// the new knobs change nothing else of an account. Generator plausibility only: no model is run on it.
import { describe, expect, it } from '@jest/globals';
import { applyLayoffs, budgetTickets, daysSinceBudgetCut, drawBudgetCuts, type BudgetCut } from '../../server/synthetic/budget-cuts.ts';
import { generatePortfolio, type GeneratedAccount, type GeneratePortfolioOptions, type RenewalContext } from '../../server/synthetic/portfolio.ts';
import { createRng } from '../../server/synthetic/random.ts';
import { VARIANT_7, VARIANT_7_CUT_WINDOW_DAYS, VARIANT_7_DOWNTURN_FROM, VARIANT_7_DOWNTURN_TO, VARIANT_7_ODDS, VARIANT_7_SHAPE } from '../../server/synthetic/variant-7.ts';

const AS_OF = '2026-11-01T00:00:00.000Z';
const AS_OF_MS = Date.parse(AS_OF);
const DAY_MS = 86_400_000;
const YEAR_MS = 365 * DAY_MS;
const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const cuts = VARIANT_7_SHAPE.budgetCuts!;

describe('variant-7 renewal odds', () => {
  const ctx = (over: Partial<RenewalContext> = {}): RenewalContext => ({ healthYearBefore: 0.6, segment: 'mid-market', closeDate: '2026-03-01', daysSinceBudgetCut: null, productGap: false, ...over });

  it('rise with health and lean by segment, and read neither the trajectory nor the health a year before', () => {
    expect(VARIANT_7_ODDS(0.8, 'flat', ctx())).toBeGreaterThan(VARIANT_7_ODDS(0.2, 'flat', ctx()) + 0.2);
    expect(VARIANT_7_ODDS(0.6, 'flat', ctx({ segment: 'enterprise' }))).toBeGreaterThan(VARIANT_7_ODDS(0.6, 'flat', ctx({ segment: 'smb' })) + 0.05);
    expect(VARIANT_7_ODDS(0.5, 'declining', ctx({ healthYearBefore: 0.9 }))).toBe(VARIANT_7_ODDS(0.5, 'growing', ctx({ healthYearBefore: 0.2 })));
  });

  it('fall after a budget cut within the year before the close, less for a customer in good health', () => {
    const cost = (h: number) => VARIANT_7_ODDS(h, 'flat', ctx()) - VARIANT_7_ODDS(h, 'flat', ctx({ daysSinceBudgetCut: 100 }));
    expect(cost(0.5)).toBeGreaterThan(0.3);
    expect(cost(0.9)).toBeLessThan(cost(0.5) - 0.1);
    expect(VARIANT_7_ODDS(0.5, 'flat', ctx({ daysSinceBudgetCut: VARIANT_7_CUT_WINDOW_DAYS + 1 }))).toBe(VARIANT_7_ODDS(0.5, 'flat', ctx()));
  });

  it('fall with a product gap, and read neither without the knobs', () => {
    expect(VARIANT_7_ODDS(0.6, 'flat', ctx({ productGap: true }))).toBeLessThan(VARIANT_7_ODDS(0.6, 'flat', ctx()) - 0.15);
    const bare: RenewalContext = { healthYearBefore: 0.6, segment: 'mid-market', closeDate: '2026-03-01' };
    expect(VARIANT_7_ODDS(0.6, 'flat', bare)).toBe(VARIANT_7_ODDS(0.6, 'flat', ctx()));
  });
});

describe('budget cuts', () => {
  const since = Date.parse('2021-01-01T00:00:00Z');
  const draws = Array.from({ length: 2000 }, (_, i) => drawBudgetCuts(createRng(`cuts-${i}`), 'smb', since, AS_OF_MS, cuts));
  const all = draws.flat();

  it('come at the segment rate, twice as often in the downturn, with layoffs and asks at their shares', () => {
    const from = Date.parse(`${VARIANT_7_DOWNTURN_FROM}T00:00:00Z`);
    const to = Date.parse(`${VARIANT_7_DOWNTURN_TO}T00:00:00Z`);
    const perYear = (lo: number, hi: number) => all.filter((c) => c.atMs >= lo && c.atMs < hi).length / draws.length / ((hi - lo) / YEAR_MS);
    const calm = perYear(since, from);
    expect(Math.abs(calm - cuts.rate.smb)).toBeLessThan(0.015);
    expect(perYear(from, to) / calm).toBeGreaterThan(1.7);
    expect(perYear(from, to) / calm).toBeLessThan(2.3);
    expect(Math.abs(all.filter((c) => c.drop > 0).length / all.length - cuts.layoffs)).toBeLessThan(0.04);
    expect(Math.abs(all.filter((c) => c.askMs !== null).length / all.length - cuts.ask)).toBeLessThan(0.04);
    for (const c of all) if (c.drop > 0) expect(c.drop).toBeGreaterThanOrEqual(cuts.usageDrop[0]);
    // Drawn past asOf too, for an open renewal's odds.
    expect(all.some((c) => c.atMs > AS_OF_MS + YEAR_MS)).toBe(true);
  });

  it('say how long before a close the latest cut was', () => {
    const list: BudgetCut[] = [{ atMs: AS_OF_MS - 400 * DAY_MS, drop: 0, askMs: null }, { atMs: AS_OF_MS - 30 * DAY_MS, drop: 0, askMs: null }];
    expect(daysSinceBudgetCut(list, AS_OF_MS)).toBe(30);
    expect(daysSinceBudgetCut(list, AS_OF_MS - 100 * DAY_MS)).toBe(300);
    expect(daysSinceBudgetCut(list, AS_OF_MS - 500 * DAY_MS)).toBeNull();
  });

  it('show layoffs as fewer active users and logins from the cut on, none before', () => {
    const usage = {
      activeUsers: 100,
      logins30d: 1000,
      history: [{ date: '2026-05-01', activeUsers: 100 }, { date: '2026-08-01', activeUsers: 100 }],
      loginHistory: [{ date: '2026-05-01', logins30d: 1000 }, { date: '2026-08-01', logins30d: 1000 }],
    };
    const cut: BudgetCut = { atMs: Date.parse('2026-06-15T00:00:00Z'), drop: 0.3, askMs: null };
    const after = applyLayoffs(usage, [cut], AS_OF_MS);
    expect(after.activeUsers).toBe(70);
    expect(after.logins30d).toBe(700);
    expect(after.history.map((p) => p.activeUsers)).toEqual([100, 70]);
    expect(after.loginHistory.map((p) => p.logins30d)).toEqual([1000, 700]);
    expect(applyLayoffs(usage, [{ ...cut, drop: 0 }], AS_OF_MS)).toBe(usage);
    expect(applyLayoffs(usage, [{ ...cut, atMs: AS_OF_MS + DAY_MS }], AS_OF_MS)).toBe(usage);
  });

  it('write a billing ask only within the history and never after asOf', () => {
    const start = AS_OF_MS - 730 * DAY_MS;
    const asks: BudgetCut[] = [
      { atMs: start - 90 * DAY_MS, drop: 0, askMs: start - 60 * DAY_MS },
      { atMs: AS_OF_MS - 100 * DAY_MS, drop: 0, askMs: AS_OF_MS - 80 * DAY_MS },
      { atMs: AS_OF_MS - 10 * DAY_MS, drop: 0, askMs: AS_OF_MS - 3_600_000 },
      { atMs: AS_OF_MS - 5 * DAY_MS, drop: 0, askMs: AS_OF_MS + DAY_MS },
      { atMs: AS_OF_MS - 50 * DAY_MS, drop: 0, askMs: null },
    ];
    const tickets = budgetTickets(createRng('asks'), asks, 'acct-1', start, AS_OF_MS);
    expect(tickets.map((t) => t.createdAt)).toEqual([new Date(AS_OF_MS - 80 * DAY_MS).toISOString(), new Date(AS_OF_MS - 3_600_000).toISOString()]);
    expect(tickets.every((t) => t.type === 'billing' && t.messages[0]!.from === 'customer')).toBe(true);
    expect(tickets[0]!.closedAt).not.toBeNull();
    expect(tickets[1]!.closedAt).toBeNull(); // asked an hour ago: not answered and closed yet
    for (const t of tickets) for (const m of t.messages) expect(Date.parse(m.at)).toBeLessThanOrEqual(AS_OF_MS);
  });
});

/** The portfolio with the context each renewal's odds were given, per account. */
function withContexts(options: Omit<GeneratePortfolioOptions, 'accounts' | 'asOf'>, accounts: number): { a: GeneratedAccount; contexts: RenewalContext[] }[] {
  const seen: RenewalContext[] = [];
  const odds = options.renewalOdds!;
  const out: { a: GeneratedAccount; contexts: RenewalContext[] }[] = [];
  const spy = { ...options, renewalOdds: (h: number, t: Parameters<typeof odds>[1], c: RenewalContext) => (seen.push(c), odds(h, t, c)) };
  for (const a of generatePortfolio({ ...spy, accounts, asOf: AS_OF, historyDays: 730 })) out.push({ a, contexts: seen.splice(0) });
  return out;
}

describe('the knobs change no other draw', () => {
  const base = { seed: 'v7-knobs', renewalOdds: () => 0.7 };
  const run = (shape: typeof VARIANT_7_SHAPE, n = 40) => [...generatePortfolio({ ...base, shape, accounts: n, asOf: AS_OF, historyDays: 730 })];

  it('with budget cuts, accounts are the same but for their usage counts and billing asks', () => {
    const plain = run({ ...VARIANT_7_SHAPE, budgetCuts: null, usageReporting: null });
    const cut = run({ ...VARIANT_7_SHAPE, budgetCuts: { ...cuts, rate: { smb: 1, 'mid-market': 1, enterprise: 1 }, ask: 0.5 }, usageReporting: null });
    const strip = (a: GeneratedAccount) => ({ ...a, snapshot: { ...a.snapshot, usage: null, tickets: a.snapshot.tickets.filter((t) => !t.id.includes('-b-')) } });
    expect(cut.map(strip)).toEqual(plain.map(strip));
    expect(cut.map((a) => a.snapshot.usage)).not.toEqual(plain.map((a) => a.snapshot.usage)); // the test can fail
    expect(cut.some((a) => a.snapshot.tickets.some((t) => t.id.includes('-b-')))).toBe(true);
  });

  it('with a product gap, accounts are the same but for their tickets', () => {
    const plain = run({ ...VARIANT_7_SHAPE, productGap: null });
    const gap = run({ ...VARIANT_7_SHAPE, productGap: { ...VARIANT_7_SHAPE.productGap!, share: { smb: 1, 'mid-market': 1, enterprise: 1 } } });
    const strip = (a: GeneratedAccount) => ({ ...a, snapshot: { ...a.snapshot, tickets: null } });
    expect(gap.map(strip)).toEqual(plain.map(strip));
    expect(gap.map((a) => a.snapshot.tickets)).not.toEqual(plain.map((a) => a.snapshot.tickets));
  });
});

describe('variant-7 portfolio', () => {
  const P = withContexts(VARIANT_7.options, 1500);
  const closed = P.flatMap(({ a, contexts }) =>
    a.snapshot.renewals
      .filter((r) => r.outcome !== 'open')
      .map((r) => {
        const i = a.truth.renewals.findIndex((t) => t.id === r.id);
        return { a, closeMs: Date.parse(r.closeDate), won: r.outcome === 'won', truth: a.truth.renewals[i]!, context: contexts[i]! };
      }),
  );
  const rate = (rows: readonly { won: boolean }[]) => rows.filter((r) => r.won).length / rows.length;
  const cutBefore = (r: (typeof closed)[number]) => r.context.daysSinceBudgetCut !== null && r.context.daysSinceBudgetCut! <= VARIANT_7_CUT_WINDOW_DAYS;

  it('is deterministic with its seed and differs with another', () => {
    const again = (seed: string) => JSON.stringify([...generatePortfolio({ ...VARIANT_7.options, seed, accounts: 30, asOf: AS_OF, historyDays: 730 })]);
    expect(again(VARIANT_7.options.seed as string)).toBe(JSON.stringify(P.slice(0, 30).map((x) => x.a)));
    expect(again('another')).not.toBe(JSON.stringify(P.slice(0, 30).map((x) => x.a)));
  });

  it('mixes segments about 50/32/18 and renews at a plausible rate, as its oracle says', () => {
    const share = (s: string) => P.filter((x) => x.a.truth.segment === s).length / P.length;
    expect(Math.abs(share('smb') - 0.5)).toBeLessThan(0.05);
    expect(Math.abs(share('enterprise') - 0.18)).toBeLessThan(0.04);
    expect(rate(closed)).toBeGreaterThan(0.65);
    expect(rate(closed)).toBeLessThan(0.82);
    expect(Math.abs(mean(closed.map((r) => r.truth.pRenew)) - rate(closed))).toBeLessThan(0.03);
    expect(rate(closed.filter((r) => r.a.truth.segment === 'enterprise'))).toBeGreaterThan(rate(closed.filter((r) => r.a.truth.segment === 'smb')));
  });

  it('loses many more renewals after a budget cut, and more of them in the downturn year', () => {
    const withCut = closed.filter(cutBefore);
    expect(rate(withCut)).toBeLessThan(rate(closed.filter((r) => !cutBefore(r))) - 0.2);
    const year = (from: number) => closed.filter((r) => r.closeMs > from && r.closeMs <= from + YEAR_MS);
    const cutShare = (rows: typeof closed) => rows.filter(cutBefore).length / rows.length;
    expect(cutShare(year(AS_OF_MS - YEAR_MS))).toBeGreaterThan(cutShare(year(AS_OF_MS - 2 * YEAR_MS)) + 0.04);
  });

  it('shows only some cuts in the snapshot: a billing ask before the close at about a third of them', () => {
    const lastYear = closed.filter((r) => r.closeMs > AS_OF_MS - YEAR_MS && cutBefore(r));
    const asked = lastYear.filter((r) =>
      r.a.snapshot.tickets.some((t) => t.id.includes('-b-') && Date.parse(t.createdAt) <= r.closeMs && Date.parse(t.createdAt) > r.closeMs - VARIANT_7_CUT_WINDOW_DAYS * DAY_MS - 45 * DAY_MS),
    );
    expect(asked.length / lastYear.length).toBeGreaterThan(0.15);
    expect(asked.length / lastYear.length).toBeLessThan(0.5);
  });

  it('shows a product gap as more feature requests, and those customers renew less', () => {
    const gapOf = (x: (typeof P)[number]) => x.contexts[0]!.productGap === true;
    const featureShare = (rows: typeof P) => {
      const tickets = rows.flatMap((x) => x.a.snapshot.tickets.filter((t) => !t.id.includes('-b-')));
      return tickets.filter((t) => t.type === 'feature_request').length / tickets.length;
    };
    const gap = P.filter(gapOf);
    expect(gap.length / P.length).toBeGreaterThan(0.08);
    expect(gap.length / P.length).toBeLessThan(0.2);
    expect(featureShare(gap)).toBeGreaterThan(featureShare(P.filter((x) => !gapOf(x))) + 0.12);
    expect(rate(closed.filter((r) => r.context.productGap))).toBeLessThan(rate(closed.filter((r) => !r.context.productGap)) - 0.1);
  });

  it('files a plausible number of tickets, with a December dip in usage', () => {
    const perYear = (a: GeneratedAccount) => a.snapshot.tickets.filter((t) => Date.parse(t.createdAt) >= AS_OF_MS - YEAR_MS).length;
    expect(mean(P.map((x) => perYear(x.a)))).toBeGreaterThan(5);
    expect(mean(P.map((x) => perYear(x.a)))).toBeLessThan(15);
    const ratio = P.flatMap(({ a }) => {
      const h = a.snapshot.usage.history;
      const dec = h.find((p) => p.date.startsWith('2025-12'));
      const nov = h.find((p) => p.date.startsWith('2025-11'));
      return dec && nov && nov.activeUsers > 0 ? [dec.activeUsers / nov.activeUsers] : [];
    });
    expect(mean(ratio)).toBeLessThan(0.92);
  });
});
