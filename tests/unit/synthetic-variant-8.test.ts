// Generator variant-8: renewals lost at the first renewal after a slow onboarding and after the
// customer is acquired, seasonal businesses whose usage dips but whose odds do not, each shown in
// the snapshot only faintly (a slower ramp, a late kickoff, set-up questions; a new executive, a
// departure, a billing notice; dipping counts). The mechanisms happen at their stated rates, the new
// knobs change nothing else of an account, and the portfolio is deterministic with three years of
// history. Generator plausibility only: no model is run on it.
import { describe, expect, it } from '@jest/globals';
import { acquisitionContacts, acquisitionTickets, daysSinceAcquired, drawAcquisition } from '../../server/synthetic/acquisitions.ts';
import { applyRamp, drawSlowOnboarding, onboardingEngagements, onboardingTickets, rampShare } from '../../server/synthetic/onboarding.ts';
import { generatePortfolio, type GeneratedAccount, type RenewalContext } from '../../server/synthetic/portfolio.ts';
import { createRng } from '../../server/synthetic/random.ts';
import { applyOffSeason, drawOffSeason, inOffSeason } from '../../server/synthetic/seasonal-business.ts';
import type { GeneratorShape } from '../../server/synthetic/shape.ts';
import { VARIANT_8, VARIANT_8_ACQUISITION_WINDOW_DAYS, VARIANT_8_ODDS, VARIANT_8_SHAPE } from '../../server/synthetic/variant-8.ts';

const AS_OF = '2026-11-01T00:00:00.000Z';
const AS_OF_MS = Date.parse(AS_OF);
const DAY_MS = 86_400_000;
const YEAR_MS = 365 * DAY_MS;
const HISTORY_DAYS = 1095;
const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const onboarding = VARIANT_8_SHAPE.onboarding!;
const acquisitions = VARIANT_8_SHAPE.acquisitions!;
const seasonal = VARIANT_8_SHAPE.seasonalBusiness!;

describe('variant-8 renewal odds', () => {
  const ctx = (over: Partial<RenewalContext> = {}): RenewalContext => ({
    healthYearBefore: 0.6,
    segment: 'mid-market',
    closeDate: '2026-03-01',
    slowOnboarding: false,
    firstRenewal: false,
    daysSinceAcquired: null,
    ...over,
  });
  const odds = (h: number, over: Partial<RenewalContext> = {}) => VARIANT_8_ODDS(h, 'flat', ctx(over));

  it('rise with health and lean by segment, and read neither the trajectory nor the health a year before', () => {
    expect(odds(0.8)).toBeGreaterThan(odds(0.2) + 0.3);
    for (let h = 0; h < 1; h += 0.05) expect(odds(h + 0.05)).toBeGreaterThanOrEqual(odds(h));
    expect(odds(0.6, { segment: 'enterprise' })).toBeGreaterThan(odds(0.6, { segment: 'smb' }) + 0.05);
    expect(VARIANT_8_ODDS(0.5, 'declining', ctx({ healthYearBefore: 0.9 }))).toBe(VARIANT_8_ODDS(0.5, 'growing', ctx({ healthYearBefore: 0.2 })));
    for (let h = 0; h <= 1; h += 0.1) {
      expect(odds(h, { slowOnboarding: true, firstRenewal: true, daysSinceAcquired: 10 })).toBeGreaterThanOrEqual(0.02);
      expect(odds(h)).toBeLessThanOrEqual(0.98);
    }
  });

  it('fall at the first renewal after a slow onboarding, much less at later ones, not at all after a normal one', () => {
    const first = odds(0.6) - odds(0.6, { slowOnboarding: true, firstRenewal: true });
    const later = odds(0.6) - odds(0.6, { slowOnboarding: true, firstRenewal: false });
    expect(first).toBeGreaterThan(0.25);
    expect(later).toBeGreaterThan(0);
    expect(later).toBeLessThan(first / 3);
    expect(odds(0.6, { firstRenewal: true })).toBe(odds(0.6));
  });

  it('fall within a year after an acquisition, half as much in the second, not after; less for a customer in good health', () => {
    const cost = (h: number, days: number) => odds(h) - odds(h, { daysSinceAcquired: days });
    expect(cost(0.5, 100)).toBeGreaterThan(0.3);
    expect(cost(0.9, 100)).toBeLessThan(cost(0.5, 100) - 0.05);
    expect(cost(0.5, VARIANT_8_ACQUISITION_WINDOW_DAYS + 30)).toBeGreaterThan(0.05);
    expect(cost(0.5, VARIANT_8_ACQUISITION_WINDOW_DAYS + 30)).toBeLessThan(cost(0.5, 100));
    expect(cost(0.5, 2 * VARIANT_8_ACQUISITION_WINDOW_DAYS + 1)).toBe(0);
  });

  it('read none of the new knobs when they are absent', () => {
    const bare: RenewalContext = { healthYearBefore: 0.6, segment: 'mid-market', closeDate: '2026-03-01' };
    expect(VARIANT_8_ODDS(0.6, 'flat', bare)).toBe(odds(0.6));
  });
});

describe('onboarding', () => {
  it('is slow at the rate share × (1.5 − health at the start)', () => {
    const n = 20_000;
    for (const [h, segment] of [[0.3, 'smb'], [0.8, 'enterprise']] as const) {
      const slow = Array.from({ length: n }, (_, i) => drawSlowOnboarding(createRng(`onb-${segment}-${i}`), segment, h, onboarding)).filter(Boolean).length;
      expect(Math.abs(slow / n - onboarding.share[segment] * (1.5 - h))).toBeLessThan(0.012);
    }
  });

  it('ramps usage up from its floor, slower after a slow start, to nearly all of it within a year', () => {
    const since = AS_OF_MS - 2 * YEAR_MS;
    expect(rampShare(since, since, false, onboarding)).toBeCloseTo(onboarding.rampFloor[0]);
    expect(rampShare(since, since, true, onboarding)).toBeCloseTo(onboarding.rampFloor[1]);
    expect(rampShare(since, since + 90 * DAY_MS, false, onboarding)).toBeGreaterThan(0.9);
    expect(rampShare(since, since + 90 * DAY_MS, true, onboarding)).toBeLessThan(0.6);
    expect(rampShare(since, since + YEAR_MS, true, onboarding)).toBeGreaterThan(0.9);
    const usage = {
      activeUsers: 100,
      logins30d: 1000,
      history: [{ date: new Date(since + 15 * DAY_MS).toISOString().slice(0, 10), activeUsers: 100 }],
      loginHistory: [{ date: new Date(since + 15 * DAY_MS).toISOString().slice(0, 10), logins30d: 1000 }],
    };
    const slow = applyRamp(usage, since, AS_OF_MS, true, onboarding);
    expect(slow.history[0]!.activeUsers).toBeLessThan(25);
    expect(slow.loginHistory[0]!.logins30d).toBe(Math.round(1000 * rampShare(since, Date.parse(`${usage.history[0]!.date}T00:00:00Z`), true, onboarding)));
    expect(slow.activeUsers).toBeGreaterThanOrEqual(99); // two years in, the ramp is over
  });

  it('writes more set-up questions after a slow start, within the history and never after asOf', () => {
    const since = AS_OF_MS - 400 * DAY_MS;
    const count = (slow: boolean) => mean(Array.from({ length: 3000 }, (_, i) => onboardingTickets(createRng(`set-${i}`), slow, 'a', since, AS_OF_MS - HISTORY_DAYS * DAY_MS, AS_OF_MS, onboarding).length));
    expect(Math.abs(count(false) - onboarding.setupTickets[0])).toBeLessThan(0.08);
    expect(Math.abs(count(true) - onboarding.setupTickets[1])).toBeLessThan(0.15);
    const late = AS_OF_MS - 20 * DAY_MS;
    for (let i = 0; i < 200; i++) {
      for (const t of onboardingTickets(createRng(`late-${i}`), true, 'a', late, AS_OF_MS - HISTORY_DAYS * DAY_MS, AS_OF_MS, onboarding)) {
        expect(t.type).toBe('how_to');
        for (const m of t.messages) expect(Date.parse(m.at)).toBeLessThanOrEqual(AS_OF_MS);
        if (t.closedAt) expect(Date.parse(t.closedAt)).toBeLessThanOrEqual(AS_OF_MS);
      }
    }
    expect(onboardingTickets(createRng('old'), true, 'a', AS_OF_MS - 4 * YEAR_MS, AS_OF_MS - HISTORY_DAYS * DAY_MS, AS_OF_MS, onboarding)).toEqual([]);
  });

  it('holds the kickoff later after a slow start', () => {
    const since = AS_OF_MS - 400 * DAY_MS;
    const kickoff = (slow: boolean, i: number) => (Date.parse(onboardingEngagements(createRng(`k-${i}`), slow, since, AS_OF_MS - HISTORY_DAYS * DAY_MS, AS_OF_MS, onboarding)[0]!.at) - since) / DAY_MS;
    for (let i = 0; i < 200; i++) {
      expect(kickoff(false, i)).toBeLessThanOrEqual(14);
      expect(kickoff(true, i)).toBeGreaterThanOrEqual(25);
    }
  });
});

describe('acquisitions', () => {
  it('come at the segment rate, at most once, and also after asOf', () => {
    const since = AS_OF_MS - 3 * YEAR_MS;
    const draws = Array.from({ length: 20_000 }, (_, i) => drawAcquisition(createRng(`acq-${i}`), 'mid-market', since, AS_OF_MS, acquisitions));
    const inFirstYear = draws.filter((ms) => ms !== null && ms < since + YEAR_MS).length / draws.length;
    expect(Math.abs(inFirstYear - (1 - Math.exp(-acquisitions.rate['mid-market'])))).toBeLessThan(0.006);
    expect(draws.some((ms) => ms !== null && ms > AS_OF_MS)).toBe(true);
    expect(daysSinceAcquired(AS_OF_MS - 30 * DAY_MS, AS_OF_MS)).toBe(30);
    expect(daysSinceAcquired(AS_OF_MS + DAY_MS, AS_OF_MS)).toBeNull();
    expect(daysSinceAcquired(null, AS_OF_MS)).toBeNull();
  });

  it('show as a new executive and the former one leaving at their shares, with dates that agree, and nothing after asOf', () => {
    const contacts = [
      { id: 'a-c-01', name: 'A', role: 'champion' as const, active: true, lastEngagedAt: new Date(AS_OF_MS - DAY_MS).toISOString(), since: new Date(AS_OF_MS - 3 * YEAR_MS).toISOString() },
      { id: 'a-c-02', name: 'B', role: 'executive' as const, active: true, lastEngagedAt: new Date(AS_OF_MS - 2 * DAY_MS).toISOString(), since: new Date(AS_OF_MS - 3 * YEAR_MS).toISOString() },
    ];
    const frozen = JSON.stringify(contacts);
    const atMs = AS_OF_MS - YEAR_MS;
    const n = 4000;
    let joined = 0;
    let left = 0;
    for (let i = 0; i < n; i++) {
      const out = acquisitionContacts(createRng(`ac-${i}`), atMs, contacts, 'a', AS_OF_MS, acquisitions, () => 'New Person');
      const added = out.filter((c) => c.role === 'executive' && c.active && c.id !== 'a-c-02');
      joined += added.length;
      for (const c of added) {
        expect(c.id).toBe('a-c-03');
        const days = (Date.parse(c.since!) - atMs) / DAY_MS;
        expect(days).toBeGreaterThanOrEqual(acquisitions.executiveDays[0] - 1);
        expect(days).toBeLessThanOrEqual(acquisitions.executiveDays[1]);
      }
      const former = out.find((c) => c.id === 'a-c-02')!;
      if (!former.active) {
        left++;
        expect(Date.parse(former.leftAt!)).toBeLessThanOrEqual(atMs + acquisitions.leaveDays * DAY_MS);
        expect(Date.parse(former.lastEngagedAt!)).toBeLessThanOrEqual(Date.parse(former.leftAt!));
      }
    }
    expect(JSON.stringify(contacts)).toBe(frozen);
    expect(Math.abs(joined / n - acquisitions.newExecutive)).toBeLessThan(0.03);
    expect(Math.abs(left / n - acquisitions.formerLeaves)).toBeLessThan(0.03);
    const future = acquisitionContacts(createRng('f'), AS_OF_MS + DAY_MS, contacts, 'a', AS_OF_MS, acquisitions, () => 'X');
    expect(future).toEqual(contacts);
  });

  it('show as a billing notice at its share, within the history and never after asOf', () => {
    const n = 4000;
    const notices = Array.from({ length: n }, (_, i) => acquisitionTickets(createRng(`n-${i}`), AS_OF_MS - YEAR_MS, 'a', AS_OF_MS - HISTORY_DAYS * DAY_MS, AS_OF_MS, acquisitions)).flat();
    expect(Math.abs(notices.length / n - acquisitions.notice)).toBeLessThan(0.03);
    expect(notices.every((t) => t.type === 'billing' && t.messages[0]!.from === 'customer')).toBe(true);
    for (let i = 0; i < 200; i++) {
      for (const t of acquisitionTickets(createRng(`nl-${i}`), AS_OF_MS - 10 * DAY_MS, 'a', AS_OF_MS - HISTORY_DAYS * DAY_MS, AS_OF_MS, acquisitions)) {
        expect(Date.parse(t.createdAt)).toBeLessThanOrEqual(AS_OF_MS);
        for (const m of t.messages) expect(Date.parse(m.at)).toBeLessThanOrEqual(AS_OF_MS);
      }
    }
  });
});

describe('seasonal businesses', () => {
  it('are drawn at the industry shares, with off seasons of the stated length and depth', () => {
    const n = 8000;
    for (const industry of ['retail', 'software']) {
      const seasons = Array.from({ length: n }, (_, i) => drawOffSeason(createRng(`s-${industry}-${i}`), industry, seasonal));
      const found = seasons.filter((s) => s !== null);
      expect(Math.abs(found.length / n - (seasonal.share[industry] ?? seasonal.other))).toBeLessThan(0.02);
      for (const s of found) {
        expect(s.months).toBeGreaterThanOrEqual(seasonal.offMonths[0]);
        expect(s.months).toBeLessThanOrEqual(seasonal.offMonths[1]);
        expect(s.kept).toBeGreaterThanOrEqual(seasonal.depth[0]);
        expect(s.kept).toBeLessThan(seasonal.depth[1]);
        if (industry === 'retail') expect([11, 0, 1]).toContain(s.startMonth);
      }
    }
  });

  it('scale the off-season counts only, wrapping over the new year', () => {
    const season = { startMonth: 10, months: 4, kept: 0.5 };
    expect(['2025-11-15', '2025-12-15', '2026-01-15', '2026-02-15'].every((d) => inOffSeason(season, Date.parse(d)))).toBe(true);
    expect(['2025-10-15', '2026-03-15', '2026-07-15'].some((d) => inOffSeason(season, Date.parse(d)))).toBe(false);
    const usage = {
      activeUsers: 100,
      logins30d: 1000,
      history: [{ date: '2025-12-01', activeUsers: 80 }, { date: '2026-05-01', activeUsers: 80 }],
      loginHistory: [{ date: '2025-12-01', logins30d: 800 }, { date: '2026-05-01', logins30d: 800 }],
    };
    const out = applyOffSeason(usage, Date.parse('2026-12-10T00:00:00Z'), season);
    expect(out.history.map((p) => p.activeUsers)).toEqual([40, 80]);
    expect(out.loginHistory.map((p) => p.logins30d)).toEqual([400, 800]);
    expect(out.activeUsers).toBe(50);
    expect(out.logins30d).toBe(500);
  });
});

describe('the knobs change no other draw', () => {
  const base = { seed: 'v8-knobs', renewalOdds: () => 0.7 };
  const run = (shape: GeneratorShape, n = 40) => [...generatePortfolio({ ...base, shape, accounts: n, asOf: AS_OF, historyDays: HISTORY_DAYS })];
  const bare: GeneratorShape = { ...VARIANT_8_SHAPE, onboarding: null, acquisitions: null, seasonalBusiness: null, usageReporting: null };

  it('with seasonal businesses, accounts are the same but for their usage', () => {
    const plain = run(bare);
    const all = run({ ...bare, seasonalBusiness: { ...seasonal, other: 1, share: {} } });
    const strip = (a: GeneratedAccount) => ({ ...a, snapshot: { ...a.snapshot, usage: null } });
    expect(all.map(strip)).toEqual(plain.map(strip));
    expect(all.map((a) => a.snapshot.usage)).not.toEqual(plain.map((a) => a.snapshot.usage));
  });

  it('with onboarding, accounts are the same but for usage, set-up tickets and engagements', () => {
    const plain = run(bare);
    const onb = run({ ...bare, onboarding });
    const strip = (a: GeneratedAccount) => ({ ...a, snapshot: { ...a.snapshot, usage: null, engagements: null, tickets: a.snapshot.tickets.filter((t) => !t.id.includes('-n-')) } });
    expect(onb.map(strip)).toEqual(plain.map(strip));
    expect(onb.some((a) => a.snapshot.tickets.some((t) => t.id.includes('-n-')))).toBe(true);
  });

  it('with acquisitions, accounts are the same but for contacts, who took part in engagements and billing notices', () => {
    const plain = run(bare);
    const acq = run({ ...bare, acquisitions: { ...acquisitions, rate: { smb: 1, 'mid-market': 1, enterprise: 1 }, notice: 1 } });
    const strip = (a: GeneratedAccount) => ({
      ...a,
      snapshot: { ...a.snapshot, contacts: null, engagements: a.snapshot.engagements.map((e) => e.at), tickets: a.snapshot.tickets.filter((t) => !t.id.includes('-q-')) },
    });
    expect(acq.map(strip)).toEqual(plain.map(strip));
    expect(acq.map((a) => a.snapshot.contacts)).not.toEqual(plain.map((a) => a.snapshot.contacts));
  });
});

/** The portfolio with the context each renewal's odds were given, per account. */
function withContexts(accounts: number): { a: GeneratedAccount; contexts: RenewalContext[] }[] {
  const seen: RenewalContext[] = [];
  const odds = VARIANT_8.options.renewalOdds!;
  const out: { a: GeneratedAccount; contexts: RenewalContext[] }[] = [];
  const renewalOdds = (h: number, t: Parameters<typeof odds>[1], c: RenewalContext) => (seen.push(c), odds(h, t, c));
  for (const a of generatePortfolio({ ...VARIANT_8.options, renewalOdds, accounts, asOf: AS_OF, historyDays: HISTORY_DAYS })) out.push({ a, contexts: seen.splice(0) });
  return out;
}

describe('variant-8 portfolio (three years of history)', () => {
  const P = withContexts(1500);
  const seed = VARIANT_8.options.seed as string;
  /** The account's own stream, to read back when its acquisition was (the same fork the generator draws it from). */
  const stream = (a: GeneratedAccount, label: string) => createRng(seed).fork(`account:${Number(a.snapshot.account.id.slice(5))}`).fork(label);
  const closed = P.flatMap(({ a, contexts }) =>
    a.snapshot.renewals
      .filter((r) => r.outcome !== 'open')
      .map((r) => {
        const i = a.truth.renewals.findIndex((t) => t.id === r.id);
        return { a, closeMs: Date.parse(r.closeDate), won: r.outcome === 'won', truth: a.truth.renewals[i]!, context: contexts[i]! };
      }),
  );
  const rate = (rows: readonly { won: boolean }[]) => rows.filter((r) => r.won).length / rows.length;
  const slowOf = (x: (typeof P)[number]) => x.contexts[0]!.slowOnboarding === true;
  const sinceMs = (a: GeneratedAccount) => Date.parse(a.snapshot.account.customerSince!);

  it('is deterministic with its seed and differs with another', () => {
    const again = (s: string) => JSON.stringify([...generatePortfolio({ ...VARIANT_8.options, seed: s, accounts: 30, asOf: AS_OF, historyDays: HISTORY_DAYS })]);
    expect(again(seed)).toBe(JSON.stringify(P.slice(0, 30).map((x) => x.a)));
    expect(again('another')).not.toBe(JSON.stringify(P.slice(0, 30).map((x) => x.a)));
  });

  it('reaches three years back, with renewals from the start a contract term apart', () => {
    const oldest = Math.min(...P.flatMap((x) => x.a.snapshot.usage.history.map((p) => Date.parse(p.date))));
    expect(oldest).toBeGreaterThanOrEqual(AS_OF_MS - (HISTORY_DAYS + 2) * DAY_MS); // monthly counts: 36 months back
    expect(oldest).toBeLessThan(AS_OF_MS - 1000 * DAY_MS);
    for (const { a } of P.slice(0, 200)) {
      const since = new Date(sinceMs(a));
      const term = Number(a.snapshot.renewals[0]!.closeDate.slice(0, 4)) - since.getUTCFullYear();
      expect([1, 2, 3]).toContain(term);
      a.snapshot.renewals.forEach((r, k) => expect(r.closeDate).toBe(new Date(Date.UTC(since.getUTCFullYear() + (k + 1) * term, since.getUTCMonth(), since.getUTCDate())).toISOString().slice(0, 10)));
      expect(a.snapshot.renewals.at(-1)!.outcome).toBe('open');
      for (const t of a.snapshot.tickets) expect(Date.parse(t.createdAt)).toBeGreaterThanOrEqual(AS_OF_MS - HISTORY_DAYS * DAY_MS);
    }
    const enterpriseTerms = P.filter((x) => x.a.truth.segment === 'enterprise').map((x) => Number(x.a.snapshot.renewals[0]!.closeDate.slice(0, 4)) - new Date(sinceMs(x.a)).getUTCFullYear());
    expect(enterpriseTerms.filter((t) => t === 3).length / enterpriseTerms.length).toBeGreaterThan(0.15);
    expect(enterpriseTerms.filter((t) => t === 3).length / enterpriseTerms.length).toBeLessThan(0.35);
  });

  it('mixes segments about 52/33/15 and renews at a plausible rate, as its oracle says', () => {
    const share = (s: string) => P.filter((x) => x.a.truth.segment === s).length / P.length;
    expect(Math.abs(share('smb') - 0.52)).toBeLessThan(0.04);
    expect(Math.abs(share('enterprise') - 0.15)).toBeLessThan(0.03);
    expect(rate(closed)).toBeGreaterThan(0.65);
    expect(rate(closed)).toBeLessThan(0.8);
    expect(Math.abs(mean(closed.map((r) => r.truth.pRenew)) - rate(closed))).toBeLessThan(0.03);
  });

  it('onboards slowly at about 16 % of customers, who lose many more first renewals', () => {
    const slow = P.filter(slowOf).length / P.length;
    expect(slow).toBeGreaterThan(0.12);
    expect(slow).toBeLessThan(0.2);
    const first = closed.filter((r) => r.context.firstRenewal);
    expect(rate(first.filter((r) => r.context.slowOnboarding))).toBeLessThan(rate(first.filter((r) => !r.context.slowOnboarding)) - 0.2);
  });

  it('shows a slow onboarding, when the start is in the history, as a late kickoff, more set-up questions and a slower ramp', () => {
    const visible = P.filter((x) => sinceMs(x.a) > AS_OF_MS - HISTORY_DAYS * DAY_MS);
    const [slow, normal] = [visible.filter(slowOf), visible.filter((x) => !slowOf(x))];
    const kickoff = (x: (typeof P)[number]) => {
      const first = x.a.snapshot.engagements.find((e) => e.kind === 'meeting' && Date.parse(e.at) >= sinceMs(x.a));
      return first ? (Date.parse(first.at) - sinceMs(x.a)) / DAY_MS : 999;
    };
    const median = (xs: number[]) => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)]!;
    expect(median(slow.map(kickoff))).toBeGreaterThan(median(normal.map(kickoff)) + 15);
    const setup = (rows: typeof P) => mean(rows.map((x) => x.a.snapshot.tickets.filter((t) => t.id.includes('-n-')).length));
    expect(setup(slow)).toBeGreaterThan(setup(normal) + 1.2);
    // Active users in the first month against the twelfth, where both were counted.
    const ramp = (rows: typeof P) =>
      mean(
        rows.flatMap(({ a }) => {
          const h = a.snapshot.usage.history;
          const at = (months: number) => h.find((p) => Math.abs(Date.parse(p.date) - sinceMs(a) - months * 30.44 * DAY_MS) < 16 * DAY_MS);
          const [m1, m12] = [at(1), at(12)];
          return m1 && m12 && m12.activeUsers > 0 ? [m1.activeUsers / m12.activeUsers] : [];
        }),
      );
    expect(ramp(slow)).toBeLessThan(ramp(normal) - 0.3);
  });

  it('loses more renewals within a year after an acquisition, and shows a quarter of acquisitions not at all', () => {
    const acquired = (r: (typeof closed)[number]) => r.context.daysSinceAcquired !== null && r.context.daysSinceAcquired! <= VARIANT_8_ACQUISITION_WINDOW_DAYS;
    expect(rate(closed.filter(acquired))).toBeLessThan(rate(closed.filter((r) => r.context.daysSinceAcquired === null)) - 0.12);
    // Acquisitions between the history's start and half a year before asOf, read back from the account's stream.
    const shown = P.flatMap(({ a }) => {
      const atMs = drawAcquisition(stream(a, 'acquisition'), a.truth.segment as 'smb', sinceMs(a), AS_OF_MS, acquisitions);
      if (atMs === null || atMs < AS_OF_MS - HISTORY_DAYS * DAY_MS + 30 * DAY_MS || atMs > AS_OF_MS - 180 * DAY_MS) return [];
      // Within the windows the acquisition's traces fall in (an earlier executive's dates may fall there too).
      const within = (iso: string | null | undefined, lo: number, hi: number) => !!iso && Date.parse(iso) >= atMs + lo * DAY_MS && Date.parse(iso) <= atMs + hi * DAY_MS;
      const joined = a.snapshot.contacts.some((c) => c.role === 'executive' && within(c.since, acquisitions.executiveDays[0] - 1, acquisitions.executiveDays[1]));
      const left = a.snapshot.contacts.some((c) => c.role === 'executive' && within(c.leftAt, 0, acquisitions.leaveDays));
      const notice = a.snapshot.tickets.some((t) => t.id.includes('-q-'));
      return [{ joined, left, notice }];
    });
    expect(shown.length).toBeGreaterThan(100);
    const share = (f: (s: (typeof shown)[number]) => boolean) => shown.filter(f).length / shown.length;
    expect(Math.abs(share((s) => s.joined) - acquisitions.newExecutive)).toBeLessThan(0.12);
    expect(Math.abs(share((s) => s.notice) - acquisitions.notice)).toBeLessThan(0.1);
    const none = share((s) => !s.joined && !s.left && !s.notice);
    expect(none).toBeGreaterThan(0.12);
    expect(none).toBeLessThan(0.4);
  });

  it('has seasonal businesses whose off-season usage dips while their odds do not read it', () => {
    const seasons = P.map(({ a }) => drawOffSeason(stream(a, 'seasonal-business'), a.snapshot.account.industry!, seasonal));
    const retail = P.map((x, i) => ({ x, s: seasons[i] })).filter(({ x }) => x.a.snapshot.account.industry === 'retail');
    expect(retail.filter(({ s }) => s).length / retail.length).toBeGreaterThan(0.28);
    expect(retail.filter(({ s }) => s).length / retail.length).toBeLessThan(0.52);
    const ratios = P.flatMap(({ a }, i) => {
      const s = seasons[i];
      if (!s) return [];
      const off = a.snapshot.usage.history.filter((p) => inOffSeason(s, Date.parse(p.date))).map((p) => p.activeUsers);
      const on = a.snapshot.usage.history.filter((p) => !inOffSeason(s, Date.parse(p.date))).map((p) => p.activeUsers);
      return off.length > 0 && on.length > 0 && mean(on) > 0 ? [mean(off) / mean(on)] : [];
    });
    expect(ratios.length).toBeGreaterThan(50);
    expect(mean(ratios)).toBeLessThan(0.7);
    // The oracle's odds are the same function of health and events for seasonal and other accounts.
    for (const { a, contexts } of P.slice(0, 300)) {
      a.truth.renewals.forEach((t, k) => expect(t.pRenew).toBe(VARIANT_8_ODDS(t.health, a.truth.trajectory, contexts[k]!)));
    }
  });

  it('files fewer, more uneven tickets than the default 25 a year', () => {
    const perYear = P.map((x) => x.a.snapshot.tickets.filter((t) => t.id.includes('-t-')).length);
    expect(mean(perYear)).toBeGreaterThan(3);
    expect(mean(perYear)).toBeLessThan(11);
    const sd = Math.sqrt(mean(perYear.map((n) => (n - mean(perYear)) ** 2)));
    expect(sd).toBeGreaterThan(Math.sqrt(mean(perYear)) * 1.5); // overdispersed, not Poisson
  });
});
