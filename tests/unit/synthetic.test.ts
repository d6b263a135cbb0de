import { describe, expect, it } from '@jest/globals';
import { AccountSnapshot } from '../../server/domain/snapshot.ts';
import { generateAccount, generatePortfolio, isoInstant, type GeneratedAccount } from '../../server/synthetic/portfolio.ts';
import { createRng } from '../../server/synthetic/random.ts';
import { TEMPLATE_BANKS, writeThread, type Mood } from '../../server/synthetic/texts.ts';

const AS_OF = '2026-06-15T12:00:00.000Z';
const AS_OF_MS = Date.parse(AS_OF);
const DAY_MS = 86_400_000;

function portfolio(accounts: number, seed: string | number = 'test', extra: { ticketsPerAccount?: number } = {}): GeneratedAccount[] {
  return [...generatePortfolio({ seed, accounts, asOf: AS_OF, ...extra })];
}

// Generated once and shared by the read-only checks below.
const P300 = portfolio(300);
const P1000 = portfolio(1000, 'stats');

describe('random', () => {
  it('is deterministic per key and differs across keys', () => {
    const a = createRng('k');
    const b = createRng('k');
    const c = createRng('other');
    const xs = Array.from({ length: 50 }, () => a.next());
    expect(Array.from({ length: 50 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 50 }, () => c.next())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(createRng(42).next()).toBe(createRng('42').next());
  });

  it('forks from the key, not from the consumed state', () => {
    const fresh = createRng('root').fork('child');
    const used = createRng('root');
    for (let i = 0; i < 1000; i++) used.normal();
    const forked = used.fork('child');
    expect(Array.from({ length: 20 }, () => forked.next())).toEqual(Array.from({ length: 20 }, () => fresh.next()));
    expect(createRng('root').fork('a').next()).not.toBe(createRng('root').fork('b').next());
  });

  it('draws within bounds and with the right moments', () => {
    const rng = createRng('moments');
    const n = 20_000;
    let sumNormal = 0;
    let sumSqNormal = 0;
    let sumPoisson = 0;
    let hits = 0;
    const ints = new Set<number>();
    for (let i = 0; i < n; i++) {
      const z = rng.normal(10, 2);
      sumNormal += z;
      sumSqNormal += z * z;
      sumPoisson += rng.poisson(3.5);
      if (rng.bernoulli(0.3)) hits++;
      ints.add(rng.int(2, 5));
    }
    const mean = sumNormal / n;
    expect(mean).toBeCloseTo(10, 1);
    expect(Math.sqrt(sumSqNormal / n - mean * mean)).toBeCloseTo(2, 1);
    expect(sumPoisson / n).toBeCloseTo(3.5, 1);
    expect(hits / n).toBeCloseTo(0.3, 1);
    expect([...ints].sort()).toEqual([2, 3, 4, 5]);
    expect(rng.poisson(100)).toBeGreaterThan(50);
  });

  it('picks and weighs', () => {
    const rng = createRng('pick');
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 10_000; i++) {
      const v = rng.weighted<'a' | 'b' | 'c'>([
        ['a', 1],
        ['b', 3],
        ['c', 0],
      ]);
      counts[v]++;
    }
    expect(counts.c).toBe(0);
    expect(counts.b / 10_000).toBeCloseTo(0.75, 1);
    expect(['x', 'y']).toContain(rng.pick(['x', 'y']));
    expect(() => rng.pick([])).toThrow(RangeError);
    expect(() => rng.weighted([['a', 0]])).toThrow(RangeError);
  });
});

describe('texts', () => {
  it('has at least 15 templates in every bank', () => {
    const banks = Object.entries(TEMPLATE_BANKS);
    expect(banks.length).toBeGreaterThanOrEqual(20);
    expect(banks.filter(([, bank]) => bank.length < 15).map(([name]) => name)).toEqual([]);
    expect(banks.filter(([, bank]) => new Set(bank).size !== bank.length).map(([name]) => name)).toEqual([]);
  });

  it('alternates customer and agent, customer first, with no unfilled slots', () => {
    const rng = createRng('threads');
    const types = ['outage', 'bug', 'billing', 'how_to', 'feature_request', 'other'] as const;
    const bad: string[] = [];
    for (let i = 0; i < 600; i++) {
      const messages = rng.int(3, 6);
      const thread = writeThread(rng, { type: rng.pick(types), feature: 'export', health: rng.next(), resolved: rng.bernoulli(0.5), messages });
      expect(thread).toHaveLength(messages);
      thread.forEach((m, j) => {
        if (m.from !== (j % 2 === 0 ? 'customer' : 'agent') || /[{}]/.test(m.text) || m.text.length <= 3) bad.push(`${i}/${j}: ${m.text}`);
      });
    }
    expect(bad).toEqual([]);
  });

  it('writes unhappier customers at low health and when unresolved', () => {
    const rng = createRng('moods');
    const share = (health: number, resolved: boolean, mood: Mood): number => {
      let hit = 0;
      let total = 0;
      for (let i = 0; i < 2000; i++) {
        for (const m of writeThread(rng, { type: 'bug', feature: 'SSO', health, resolved, messages: 5 })) {
          if (m.from !== 'customer') continue;
          total++;
          if (m.mood === mood) hit++;
        }
      }
      return hit / total;
    };
    expect(share(0.1, true, 'unhappy')).toBeGreaterThan(share(0.9, true, 'unhappy') + 0.15);
    expect(share(0.9, true, 'happy')).toBeGreaterThan(share(0.1, true, 'happy') + 0.15);
    expect(share(0.5, false, 'unhappy')).toBeGreaterThan(share(0.5, true, 'unhappy'));
    expect(share(0.5, false, 'happy')).toBe(0);
  });
});

describe('isoInstant', () => {
  it('matches Date#toISOString', () => {
    const rng = createRng('iso');
    const mismatches: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const ms = Math.floor(rng.float(0, 4_102_444_800_000)); // 1970 … 2100
      if (isoInstant(ms) !== new Date(ms).toISOString()) mismatches.push(ms);
    }
    expect(mismatches).toEqual([]);
    expect(isoInstant(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(isoInstant(Date.UTC(2028, 1, 29, 23, 59, 59, 7))).toBe('2028-02-29T23:59:59.007Z');
  });
});

describe('generatePortfolio / generateAccount', () => {
  it('is deterministic: same seed, same JSON; another seed, another portfolio', () => {
    const again = portfolio(300);
    expect(JSON.stringify(again)).toBe(JSON.stringify(P300));
    const other = portfolio(20, 'another seed');
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(P300.slice(0, 20)));
    expect(other.map((a) => a.snapshot.account.name)).not.toEqual(P300.slice(0, 20).map((a) => a.snapshot.account.name));
  });

  it('generates account k alone exactly as in a full run, also from a startIndex', () => {
    for (const k of [0, 1, 57, 299]) {
      expect(generateAccount({ seed: 'test', index: k, asOf: AS_OF })).toEqual(P300[k]);
    }
    const slice = [...generatePortfolio({ seed: 'test', accounts: 5, asOf: AS_OF, startIndex: 100 })];
    expect(slice).toEqual(P300.slice(100, 105));
    expect(generateAccount({ seed: 'test', index: 57, asOf: AS_OF }).snapshot.account.id).toBe('acct-000057');
  });

  it('produces snapshots that pass AccountSnapshot.parse unchanged (no default needed)', () => {
    for (const { snapshot } of P300) {
      const parsed = AccountSnapshot.parse(snapshot);
      expect(parsed).toEqual(snapshot);
    }
  });

  it('puts no event after asOf and keeps dates consistent', () => {
    const asOfDate = AS_OF.slice(0, 10);
    const problems: string[] = [];
    const check = (ok: boolean, what: string): void => {
      if (!ok) problems.push(what);
    };
    for (const { snapshot: s } of P300) {
      const id = s.account.id;
      check(s.asOf === AS_OF, `${id} asOf`);
      const since = Date.parse(s.account.customerSince ?? '');
      const tenureDays = (AS_OF_MS - since) / DAY_MS;
      check(tenureDays >= 365 && tenureDays <= 5 * 365 + 1, `${id} customerSince`);
      const renewal = Date.parse(s.account.renewalDate ?? '');
      check(renewal > AS_OF_MS && renewal - AS_OF_MS <= 366 * DAY_MS, `${id} renewalDate`);

      for (const t of s.tickets) {
        const created = Date.parse(t.createdAt);
        check(created <= AS_OF_MS && created >= since, `${t.id} createdAt`);
        const closed = t.closedAt ? Date.parse(t.closedAt) : null;
        if (closed !== null) check(closed <= AS_OF_MS && closed >= created, `${t.id} closedAt`);
        for (const m of t.messages) check(Date.parse(m.at) <= (closed ?? AS_OF_MS), `${t.id} message after close/asOf`);
      }
      for (const c of s.contacts) if (c.lastEngagedAt) check(Date.parse(c.lastEngagedAt) <= AS_OF_MS, `${c.id} lastEngagedAt`);
      for (const e of s.engagements) {
        const at = Date.parse(e.at);
        check(at <= AS_OF_MS && at > AS_OF_MS - 181 * DAY_MS, `${id} engagement ${e.at}`);
      }
      for (const u of s.usage.history) check(u.date <= asOfDate, `${id} usage ${u.date}`);
      const past = s.renewals.filter((r) => r.outcome !== 'open');
      const open = s.renewals.filter((r) => r.outcome === 'open');
      check(open.length === 1 && open[0]?.closeDate === s.account.renewalDate, `${id} upcoming renewal`);
      for (const r of past) check(Date.parse(r.closeDate) <= AS_OF_MS, `${r.id} closeDate`);
      // One past renewal per full year of the relationship, on the anniversary of customerSince.
      check(past.length === new Date(renewal).getUTCFullYear() - new Date(since).getUTCFullYear() - 1, `${id} renewal count`);
      for (const r of s.renewals) check(r.closeDate.slice(5) === (s.account.customerSince ?? '').slice(5), `${r.id} anniversary`);
    }
    expect(problems).toEqual([]);
  });

  it('writes every time as an ISO string in toISOString or YYYY-MM-DD form', () => {
    const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
    const date = /^\d{4}-\d{2}-\d{2}$/;
    for (const { snapshot: s } of P300.slice(0, 50)) {
      expect(s.asOf).toMatch(instant);
      expect(s.account.renewalDate).toMatch(date);
      expect(s.account.customerSince).toMatch(date);
      for (const t of s.tickets) {
        expect(t.createdAt).toMatch(instant);
        if (t.closedAt !== null && t.closedAt !== undefined) expect(t.closedAt).toMatch(instant);
        for (const m of t.messages) expect(m.at).toMatch(instant);
      }
      for (const c of s.contacts) if (c.lastEngagedAt) expect(c.lastEngagedAt).toMatch(instant);
      for (const e of s.engagements) expect(e.at).toMatch(instant);
      for (const u of s.usage.history) expect(u.date).toMatch(date);
      for (const r of s.renewals) expect(r.closeDate).toMatch(date);
      for (const o of s.objectives) if (o.dueDate) expect(o.dueDate).toMatch(date);
    }
  });

  it('orders thread messages after the ticket was created, customer first, 3–6 per ticket', () => {
    const problems: string[] = [];
    for (const { snapshot: s } of P300) {
      for (const t of s.tickets) {
        if (t.messages.length < 3 || t.messages.length > 6) problems.push(`${t.id} has ${t.messages.length} messages`);
        let previous = Date.parse(t.createdAt);
        t.messages.forEach((m, j) => {
          const at = Date.parse(m.at);
          if (at < previous) problems.push(`${t.id} message ${j} out of order`);
          previous = at;
          if (m.from !== (j % 2 === 0 ? 'customer' : 'agent')) problems.push(`${t.id} message ${j} from ${m.from}`);
        });
      }
    }
    expect(problems).toEqual([]);
  });

  it('generates exactly ticketsPerAccount tickets (25 by default) with ordered ids', () => {
    for (const { snapshot: s } of P300) expect(s.tickets).toHaveLength(25);
    for (const n of [0, 1, 7, 120]) {
      for (const { snapshot: s } of portfolio(5, 'count', { ticketsPerAccount: n })) expect(s.tickets).toHaveLength(n);
    }
    const s = generateAccount({ seed: 'ids', index: 57, asOf: AS_OF, ticketsPerAccount: 12 }).snapshot;
    expect(s.tickets.map((t) => t.id)).toEqual(Array.from({ length: 12 }, (_, i) => `acct-000057-t-${String(i + 1).padStart(3, '0')}`));
    const created = s.tickets.map((t) => t.createdAt);
    expect([...created].sort()).toEqual(created);
  });

  it('fills accounts, contacts, objectives and renewals as specified', () => {
    const names = new Set<string>();
    P300.forEach(({ snapshot: s, truth }, i) => {
      const a = s.account;
      expect(a.id).toBe(`acct-${String(i).padStart(6, '0')}`);
      expect(a.crm).toBe('sandbox');
      expect(a.currency).toBe('USD');
      expect(a.segment).toBe(truth.segment);
      expect(a.ownerId).toMatch(/^owner-(?:[1-9]|1[0-2])$/);
      names.add(a.name);
      const seats = a.licensedSeats ?? 0;
      const [lo, hi] = truth.segment === 'smb' ? [5, 40] : truth.segment === 'mid-market' ? [40, 400] : [400, 5000];
      expect(seats).toBeGreaterThanOrEqual(lo);
      expect(seats).toBeLessThanOrEqual(hi);
      expect(a.arr).toBeGreaterThanOrEqual(roundDown(seats * 600));
      expect(a.arr).toBeLessThanOrEqual(seats * 1400 + 50);
      expect(s.usage.activeUsers).toBeLessThanOrEqual(seats);
      expect(s.usage.history.length).toBeGreaterThanOrEqual(11);
      expect(s.usage.history.length).toBeLessThanOrEqual(12);

      expect(truth.health).toBeGreaterThanOrEqual(0);
      expect(truth.health).toBeLessThanOrEqual(1);
      expect(['growing', 'flat', 'declining']).toContain(truth.trajectory);

      expect(s.contacts.length).toBeGreaterThanOrEqual(2);
      expect(s.contacts.length).toBeLessThanOrEqual(8);
      expect(s.contacts.filter((c) => c.role === 'champion')).toHaveLength(1);
      expect(s.contacts.filter((c) => c.role === 'executive')).toHaveLength(1);

      expect(s.objectives.length).toBeLessThanOrEqual(4);
      expect(new Set(s.objectives.map((o) => o.statement)).size).toBe(s.objectives.length);
      for (const o of s.objectives) {
        expect(o.importance).toBeGreaterThanOrEqual(5);
        expect(o.importance).toBeLessThanOrEqual(10);
        expect(['open', 'at_risk', 'achieved']).toContain(o.status);
      }
      for (const r of s.renewals) expect(r.amount).toBeGreaterThan(0);
    });
    expect(names.size).toBe(P300.length);
  });

  it('mixes segments about 55/30/15 and recovers every trajectory', () => {
    const counts: Record<string, number> = {};
    const trajectories = new Set<string>();
    for (const { truth } of P1000) {
      counts[truth.segment] = (counts[truth.segment] ?? 0) + 1;
      trajectories.add(truth.trajectory);
    }
    expect((counts.smb ?? 0) / 1000).toBeGreaterThan(0.49);
    expect((counts.smb ?? 0) / 1000).toBeLessThan(0.61);
    expect((counts['mid-market'] ?? 0) / 1000).toBeGreaterThan(0.25);
    expect((counts['mid-market'] ?? 0) / 1000).toBeLessThan(0.35);
    expect((counts.enterprise ?? 0) / 1000).toBeGreaterThan(0.11);
    expect((counts.enterprise ?? 0) / 1000).toBeLessThan(0.19);
    expect(trajectories).toEqual(new Set(['growing', 'flat', 'declining']));
  });

  it('lets hidden health drive what the engine reads', () => {
    const group = () => ({ accounts: 0, tickets: 0, severe: 0, open: 0, utilisation: 0, won: 0, past: 0, championLost: 0, engagements: 0, satisfaction: 0, objectives: 0 });
    const low = group();
    const high = group();
    for (const { snapshot: s, truth } of P1000) {
      const g = truth.health < 0.35 ? low : truth.health > 0.65 ? high : null;
      if (!g) continue;
      g.accounts++;
      for (const t of s.tickets) {
        g.tickets++;
        if ((t.type === 'bug' || t.type === 'outage') && (t.priority === 'urgent' || t.priority === 'high')) g.severe++;
        if (!t.closedAt) g.open++;
      }
      g.utilisation += (s.usage.activeUsers ?? 0) / (s.account.licensedSeats ?? 1);
      for (const r of s.renewals) {
        if (r.outcome === 'open') continue;
        g.past++;
        if (r.outcome === 'won') g.won++;
      }
      if (s.contacts.some((c) => c.role === 'champion' && !c.active)) g.championLost++;
      g.engagements += s.engagements.length;
      for (const o of s.objectives) {
        g.objectives++;
        g.satisfaction += o.satisfaction;
      }
    }
    expect(low.accounts).toBeGreaterThan(100);
    expect(high.accounts).toBeGreaterThan(100);
    const rate = (a: number, b: number): number => a / b;
    expect(rate(low.severe, low.tickets)).toBeGreaterThan(rate(high.severe, high.tickets) * 1.5);
    expect(rate(low.open, low.tickets)).toBeGreaterThan(rate(high.open, high.tickets) * 2);
    expect(rate(low.utilisation, low.accounts)).toBeLessThan(rate(high.utilisation, high.accounts) - 0.2);
    expect(rate(low.won, low.past)).toBeLessThan(rate(high.won, high.past) - 0.2);
    expect(rate(low.championLost, low.accounts)).toBeGreaterThan(rate(high.championLost, high.accounts));
    expect(rate(low.engagements, low.accounts)).toBeLessThan(rate(high.engagements, high.accounts));
    expect(rate(low.satisfaction, low.objectives)).toBeLessThan(rate(high.satisfaction, high.objectives) - 2);
  });

  it('shapes usage history by trajectory', () => {
    let growingUp = 0;
    let growing = 0;
    let decliningDown = 0;
    let declining = 0;
    for (const { snapshot: s, truth } of P1000) {
      const first = s.usage.history[0]?.activeUsers ?? 0;
      const now = s.usage.activeUsers ?? 0;
      if (now < 10) continue;
      if (truth.trajectory === 'growing') {
        growing++;
        if (now > first) growingUp++;
      } else if (truth.trajectory === 'declining') {
        declining++;
        if (now < first) decliningDown++;
      }
    }
    expect(growingUp / growing).toBeGreaterThan(0.9);
    expect(decliningDown / declining).toBeGreaterThan(0.9);
  });

  it('moves dates with asOf and rejects bad options', () => {
    const a = generateAccount({ seed: 'x', index: 3, asOf: AS_OF });
    const b = generateAccount({ seed: 'x', index: 3, asOf: '2027-01-01T00:00:00Z' });
    expect(b.truth).toMatchObject({ health: a.truth.health, trajectory: a.truth.trajectory, segment: a.truth.segment });
    expect(b.snapshot.asOf).toBe('2027-01-01T00:00:00.000Z');
    expect(b.snapshot.tickets[0]?.createdAt).not.toBe(a.snapshot.tickets[0]?.createdAt);
    expect(() => generateAccount({ seed: 'x', index: -1, asOf: AS_OF })).toThrow(RangeError);
    expect(() => generateAccount({ seed: 'x', index: 0, asOf: 'yesterday' })).toThrow(RangeError);
    expect(() => generateAccount({ seed: 'x', index: 0, asOf: AS_OF, ticketsPerAccount: 2.5 })).toThrow(RangeError);
    expect(() => [...generatePortfolio({ seed: 'x', accounts: -2, asOf: AS_OF })]).toThrow(RangeError);
  });
});

describe('generator history (historyDays)', () => {
  const TWO_YEARS = 730;
  const withHistory = [...generatePortfolio({ seed: 'history', accounts: 200, asOf: AS_OF, historyDays: TWO_YEARS })];
  const plain = [...generatePortfolio({ seed: 'history', accounts: 200, asOf: AS_OF })];

  it('is deterministic and keeps the last year exactly as without history', () => {
    const again = [...generatePortfolio({ seed: 'history', accounts: 200, asOf: AS_OF, historyDays: TWO_YEARS })];
    expect(JSON.stringify(again)).toBe(JSON.stringify(withHistory));
    for (let i = 0; i < plain.length; i++) {
      const a = plain[i]!.snapshot;
      const b = withHistory[i]!.snapshot;
      expect(b.tickets.filter((t) => t.id.includes('-t-'))).toEqual(a.tickets);
      const lastYear = (r: { closeDate: string }) => Date.parse(r.closeDate) >= AS_OF_MS - 365 * DAY_MS;
      expect(b.renewals.filter(lastYear)).toEqual(a.renewals.filter(lastYear));
      expect(b.usage.history.slice(-a.usage.history.length)).toEqual(a.usage.history);
      expect(b.contacts.slice(0, a.contacts.length).map(({ since: _since, ...c }) => c)).toEqual(a.contacts);
    }
  });

  it('reaches back two years with usage, tickets, engagements and dated contacts', () => {
    let longTenure = 0;
    for (const { snapshot: s } of withHistory) {
      const since = Date.parse(s.account.customerSince!);
      const start = Math.max(since, AS_OF_MS - TWO_YEARS * DAY_MS);
      if (since > AS_OF_MS - TWO_YEARS * DAY_MS) continue;
      longTenure++;
      const dates = s.usage.history.map((u) => Date.parse(u.date));
      expect(Math.min(...dates)).toBeLessThan(start + 31 * DAY_MS);
      expect(s.usage.history.length).toBeGreaterThanOrEqual(23);
      expect(s.tickets.some((t) => Date.parse(t.createdAt) < AS_OF_MS - 500 * DAY_MS)).toBe(true);
      expect(s.tickets.every((t) => !t.id.includes('-h-') || t.closedAt !== null)).toBe(true);
      for (const c of s.contacts) {
        expect(c.since).toBeDefined();
        expect(Date.parse(c.since!)).toBeGreaterThanOrEqual(since);
        if (c.leftAt) expect(Date.parse(c.leftAt)).toBeGreaterThanOrEqual(Date.parse(c.since!));
        expect(c.active).toBe(!c.leftAt);
      }
    }
    expect(longTenure).toBeGreaterThan(80);
    const engagementsBefore = (list: typeof withHistory) => list.reduce((n, { snapshot: s }) => n + s.engagements.filter((e) => Date.parse(e.at) < AS_OF_MS - 200 * DAY_MS).length, 0);
    expect(engagementsBefore(plain)).toBe(0);
    expect(engagementsBefore(withHistory)).toBeGreaterThan(500);
  });

  it('draws each renewal from the health at its close date and records it as truth', () => {
    let lowWon = 0, low = 0, highWon = 0, high = 0;
    for (const { snapshot: s, truth } of withHistory) {
      expect(truth.renewals.map((r) => r.id)).toEqual(s.renewals.map((r) => r.id));
      for (const r of s.renewals) {
        const t = truth.renewals.find((x) => x.id === r.id)!;
        if (r.outcome === 'open') continue;
        if (t.pRenew < 0.5) { low++; if (r.outcome === 'won') lowWon++; }
        else { high++; if (r.outcome === 'won') highWon++; }
      }
    }
    expect(highWon / high).toBeGreaterThan(lowWon / low + 0.3);
    const custom = generateAccount({ seed: 'odds', index: 1, asOf: AS_OF, historyDays: TWO_YEARS, renewalOdds: () => 0 });
    expect(custom.snapshot.renewals.filter((r) => r.outcome === 'won')).toHaveLength(0);
    expect(() => generateAccount({ seed: 'x', index: 0, asOf: AS_OF, historyDays: 100 })).toThrow(RangeError);
  });
});

function roundDown(x: number): number {
  return Math.floor(x / 100) * 100;
}
