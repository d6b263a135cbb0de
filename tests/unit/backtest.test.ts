// The backtest must be honest: a row only sees what was known at its as-of moment.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { asOfGap, snapshotAsOf } from '../../server/domain/as-of.ts';
import { backtestAccount, backtestReport, type BacktestRow } from '../../server/domain/backtest.ts';
import { DEFAULT_ENGINE_CONFIG } from '../../server/domain/engine-config.ts';
import { auc, aucInterval, brierSkill, expectedCalibrationError, lossesCaught, reliability, type Prediction } from '../../server/domain/metrics.ts';
import { GLOBAL_RISK_MODEL } from '../../server/domain/risk-model.ts';
import { SentimentCache } from '../../server/domain/sentiment/cache.ts';
import { AccountSnapshot } from '../../server/domain/snapshot.ts';
import { generateAccount, generatePortfolio } from '../../server/synthetic/portfolio.ts';

const AS_OF = '2026-11-01T00:00:00.000Z';
const DAY = 86_400_000;
const deps = { config: DEFAULT_ENGINE_CONFIG, sentiment: new SentimentCache() };
const withHistory = (index: number) => AccountSnapshot.parse(generateAccount({ seed: 'bt', index, asOf: AS_OF, historyDays: 730 }).snapshot);
const iso = (ms: number) => new Date(ms).toISOString();

/** Facts all dated after `atMs` (and before the snapshot's asOf): they must not change a row scored as of `atMs`. */
function addLaterFacts(s: AccountSnapshot, atMs: number, seed: number): AccountSnapshot {
  const later = (k: number) => iso(atMs + (1 + ((seed * 7 + k * 13) % 20)) * DAY);
  const out = structuredClone(s);
  out.tickets.push({ id: `late-${seed}`, createdAt: later(1), closedAt: null, type: 'outage', priority: 'urgent', subject: 'Down again', messages: [{ at: later(1), from: 'customer', text: 'This is terrible, we are furious and will cancel.' }] });
  for (const t of out.tickets) if (t.closedAt && Date.parse(t.closedAt) > atMs) t.closedAt = later(2);
  // Support answers later: an agent reply after the as-of moment on every ticket created by then.
  for (const t of out.tickets) if (Date.parse(t.createdAt) <= atMs) t.messages.push({ at: later(8), from: 'agent', text: 'We are on it.' });
  out.usage.history.push({ date: later(3).slice(0, 10), activeUsers: 0 });
  out.usage.activeUsers = 0;
  out.usage.loginHistory.push({ date: later(3).slice(0, 10), logins30d: 100_000 });
  out.usage.logins30d = 100_000;
  // A later meeting with everyone on record, the executive sponsor included.
  out.engagements.push({ at: later(4), kind: 'meeting', contactIds: out.contacts.map((c) => c.id) });
  out.contacts.push({ id: `late-champion-${seed}`, name: 'New Person', role: 'champion', active: true, lastEngagedAt: later(5), since: later(5) });
  for (const c of out.contacts) if (c.leftAt && Date.parse(c.leftAt) > atMs) c.leftAt = later(6);
  out.contacts.push({ id: `late-leaver-${seed}`, name: 'Gone Later', role: 'user', active: false, since: iso(atMs - 400 * DAY), leftAt: later(7) });
  out.objectives.push({ id: 'late-o', statement: 'Minimise churn', importance: 10, satisfaction: 0, status: 'at_risk' });
  return out;
}

describe('snapshotAsOf', () => {
  const s = withHistory(3);
  const at = Date.parse(AS_OF) - 400 * DAY;
  const view = snapshotAsOf(s, at).snapshot;

  it('drops everything dated later and undoes later changes', () => {
    expect(view.asOf).toBe(iso(at));
    expect(view.tickets.every((t) => Date.parse(t.createdAt) <= at && (t.closedAt === null || Date.parse(t.closedAt!) <= at))).toBe(true);
    expect(view.tickets.flatMap((t) => t.messages).every((m) => Date.parse(m.at) <= at)).toBe(true);
    expect(view.engagements.every((e) => Date.parse(e.at) <= at)).toBe(true);
    expect(view.usage.history.every((u) => Date.parse(u.date) <= at)).toBe(true);
    expect(view.usage.activeUsers).toBe(view.usage.history.at(-1)?.activeUsers ?? null);
    expect(view.objectives).toEqual([]);
    expect(view.renewals.filter((r) => r.outcome === 'open')).toHaveLength(1);
    expect(view.account.renewalDate).toBe(view.renewals.at(-1)!.closeDate);
  });

  it('shows contacts who left later as active and leaves out those who joined later', () => {
    const snapshot = AccountSnapshot.parse({
      asOf: AS_OF,
      account: { id: 'a', name: 'A', customerSince: '2024-01-01' },
      contacts: [
        { id: 'old-champion', role: 'champion', active: false, since: '2024-01-01', leftAt: '2026-06-01' },
        { id: 'new-champion', role: 'champion', active: true, since: '2026-06-02' },
        { id: 'gone', role: 'executive', active: false },
      ],
    });
    const then = snapshotAsOf(snapshot, Date.parse('2026-03-01'));
    expect(then.snapshot.contacts.map((c) => [c.id, c.active])).toEqual([['old-champion', true], ['gone', false]]);
    expect(then.marks).toEqual(['contact_left_undated']);
  });
});

describe('snapshotAsOf, contacts last engaged', () => {
  const snapshot = AccountSnapshot.parse({
    asOf: AS_OF,
    account: { id: 'e', name: 'E', crm: 'sandbox' },
    contacts: [
      { id: 'sponsor', role: 'executive', active: true, lastEngagedAt: '2026-10-20T00:00:00.000Z' },
      { id: 'admin', role: 'admin', active: true, lastEngagedAt: '2026-01-10T00:00:00.000Z' },
      { id: 'quiet', role: 'user', active: true, lastEngagedAt: '2026-10-01T00:00:00.000Z' },
    ],
    engagements: [
      { at: '2026-02-01T00:00:00.000Z', kind: 'meeting', contactIds: ['sponsor'] },
      { at: '2026-04-01T00:00:00.000Z', kind: 'call', contactIds: ['sponsor', 'admin'] },
      { at: '2026-10-20T00:00:00.000Z', kind: 'meeting', contactIds: ['sponsor'] },
    ],
  });
  const lastEngaged = (at: string) => Object.fromEntries(snapshotAsOf(snapshot, Date.parse(at)).snapshot.contacts.map((c) => [c.id, c.lastEngagedAt]));

  it('takes the last engagement naming a contact by then when the one on record is later', () => {
    expect(lastEngaged('2026-05-01')).toEqual({ sponsor: '2026-04-01T00:00:00.000Z', admin: '2026-01-10T00:00:00.000Z', quiet: null });
    expect(lastEngaged('2026-03-01')).toEqual({ sponsor: '2026-02-01T00:00:00.000Z', admin: '2026-01-10T00:00:00.000Z', quiet: null });
    expect(lastEngaged('2026-01-01')).toEqual({ sponsor: null, admin: null, quiet: null });
    expect(lastEngaged('2026-10-25')).toEqual({ sponsor: '2026-10-20T00:00:00.000Z', admin: '2026-01-10T00:00:00.000Z', quiet: '2026-10-01T00:00:00.000Z' });
  });
});

describe('backtestAccount', () => {
  it('never changes a row when facts dated after its as-of are added (no leakage)', () => {
    const cases = [0, 1, 2, 3, 4, 5, 6, 7].map(withHistory);
    expect(cases.reduce((n, s) => n + backtestAccount(s, deps).rows.length, 0)).toBeGreaterThan(6);
    // The rows carry the candidate signals over the contract year, so the property covers them too.
    const read = new Set(cases.flatMap((s) => backtestAccount(s, deps).rows.flatMap((r) => Object.keys(r.x))));
    for (const f of ['usage_slope_year', 'ticket_rate_year', 'severe_share_year', 'sentiment_year', 'touches_year', 'last_touch', 'tenure', 'utilisation_average', 'first_reply_time', 'thread_length', 'logins_per_user', 'logins_change_year', 'sponsor_last_met']) expect(read).toContain(f);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: cases.length - 1 }), fc.integer({ min: 0, max: 1000 }), (i, seed) => {
        const s = cases[i]!;
        const { rows } = backtestAccount(s, deps);
        for (const row of rows) {
          const changed = addLaterFacts(s, Date.parse(row.at), seed);
          const again = backtestAccount(changed, deps).rows.find((r) => r.renewalId === row.renewalId);
          expect(again).toEqual(row);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('does change a row when a fact before its as-of changes (the test can fail)', () => {
    const s = withHistory(2);
    const row = backtestAccount(s, deps).rows[0]!;
    const before = Date.parse(row.at) - 5 * DAY;
    const changed = structuredClone(s);
    changed.usage.history.push({ date: iso(before).slice(0, 10), activeUsers: 0 });
    expect(backtestAccount(changed, deps).rows.find((r) => r.renewalId === row.renewalId)!.x).not.toEqual(row.x);
  });

  it("reads the account's own earlier renewals as of its moment: an outcome changes only later renewals' rows", () => {
    // Hand-set outcomes on a generated account's renewals: lost, won, …, so the record has a loss.
    const s = structuredClone(withHistory(2));
    const closed = s.renewals.filter((r) => r.outcome !== 'open').sort((a, b) => a.closeDate.localeCompare(b.closeDate));
    closed.forEach((r, k) => (r.outcome = k % 2 === 0 ? 'lost' : 'won'));
    const rows = backtestAccount(s, deps).rows;
    expect(rows.length).toBeGreaterThanOrEqual(2);
    const losses = (id: string, bt = rows) => bt.find((r) => r.renewalId === id)!.x.renewals_lost;
    for (const row of rows) {
      const before = closed.filter((r) => Date.parse(r.closeDate) <= Date.parse(row.at) && Date.parse(r.closeDate) > Date.parse(row.at) - 1095 * DAY);
      const lost = before.filter((r) => r.outcome === 'lost').length;
      expect(losses(row.renewalId)).toBe(lost > 0 ? Math.min(lost, 3) : undefined);
    }
    // Flip the newest closed renewal: its own row and the earlier ones stay as they were.
    const flipped = structuredClone(s);
    const newest = flipped.renewals.find((r) => r.id === closed.at(-1)!.id)!;
    newest.outcome = newest.outcome === 'won' ? 'lost' : 'won';
    const again = backtestAccount(flipped, deps).rows;
    for (const row of rows) {
      const other = again.find((r) => r.renewalId === row.renewalId)!;
      if (row.renewalId === newest.id) expect({ ...other, renewed: row.renewed }).toEqual(row);
      else expect(other).toEqual(row);
    }
    // Flipping the oldest does change a later row (the test can fail).
    const early = structuredClone(s);
    const oldest = early.renewals.find((r) => r.id === closed[0]!.id)!;
    oldest.outcome = 'won';
    const later = rows.find((r) => r.renewalId !== oldest.id && Date.parse(r.at) - Date.parse(oldest.closeDate) < 1095 * DAY && Date.parse(r.at) > Date.parse(oldest.closeDate))!;
    expect(losses(later.renewalId, backtestAccount(early, deps).rows)).not.toBe(losses(later.renewalId));
  });

  it('reads the login counts known at its as-of moment, and changes when one before it changes', () => {
    const s = withHistory(2);
    const row = backtestAccount(s, deps).rows[0]!;
    expect(row.x.logins_per_user).toBeDefined();
    const changed = structuredClone(s);
    changed.usage.loginHistory.push({ date: iso(Date.parse(row.at) - 5 * DAY).slice(0, 10), logins30d: 100_000 });
    const again = backtestAccount(changed, deps).rows.find((r) => r.renewalId === row.renewalId)!;
    expect(again.x.logins_per_user).toBeGreaterThan(row.x.logins_per_user!);
  });

  it('reads the sponsor meetings known at its as-of moment, and changes when one before it is added', () => {
    const rowsOf = (s: AccountSnapshot) => backtestAccount(s, deps).rows;
    const index = [0, 1, 2, 3, 4, 5, 6, 7].find((i) => rowsOf(withHistory(i)).some((r) => (r.x.sponsor_last_met ?? 0) > 1));
    expect(index).toBeDefined();
    const s = withHistory(index!);
    const row = rowsOf(s).find((r) => (r.x.sponsor_last_met ?? 0) > 1)!;
    const at = Date.parse(row.at);
    const sponsor = snapshotAsOf(s, at).snapshot.contacts.find((c) => c.role === 'executive' && c.active)!;
    const changed = structuredClone(s);
    changed.engagements.push({ at: iso(at - 2 * DAY), kind: 'call', contactIds: [sponsor.id] });
    const again = rowsOf(changed).find((r) => r.renewalId === row.renewalId)!;
    expect(again.x.sponsor_last_met).toBeCloseTo(Math.log2(1 + 2 / 30), 9);
  });

  it('skips renewals whose history does not reach back, and says why', () => {
    const oneYear = AccountSnapshot.parse(generateAccount({ seed: 'bt', index: 9, asOf: AS_OF }).snapshot);
    const old = oneYear.renewals.filter((r) => r.outcome !== 'open' && Date.parse(r.closeDate) < Date.parse(AS_OF) - 320 * DAY);
    const { rows, skipped } = backtestAccount(oneYear, deps);
    expect(skipped.filter((x) => x.reason === 'usage_history_too_short').map((x) => x.renewalId)).toEqual(old.map((r) => r.id));
    expect(rows.every((r) => Date.parse(r.closeDate) >= Date.parse(AS_OF) - 320 * DAY)).toBe(true);
    expect(asOfGap(oneYear, Date.parse(oneYear.account.customerSince!) - DAY)).toBe('not_yet_a_customer');
  });

  it('respects the horizon and the close-date window', () => {
    const s = withHistory(4);
    const rows60 = backtestAccount(s, deps, { horizonDays: 60 }).rows;
    for (const r of rows60) expect(Date.parse(r.closeDate) - Date.parse(r.at)).toBe(60 * DAY);
    const cut = Date.parse(AS_OF) - 365 * DAY;
    expect(backtestAccount(s, deps, { toMs: cut }).rows.every((r) => Date.parse(r.closeDate) <= cut)).toBe(true);
  });
});

describe('backtest report', () => {
  const rows: BacktestRow[] = [];
  for (const { snapshot } of generatePortfolio({ seed: 'report', accounts: 250, asOf: AS_OF, historyDays: 730 })) rows.push(...backtestAccount(AccountSnapshot.parse(snapshot), deps).rows);
  const report = backtestReport(rows, GLOBAL_RISK_MODEL);

  it('reports every figure, consistently', () => {
    expect(report.renewals).toBe(rows.length);
    expect(report.won + report.lost).toBe(rows.length);
    expect(report.auc!).toBeGreaterThan(0.6);
    expect(report.aucInterval![0]).toBeLessThan(report.auc!);
    expect(report.aucInterval![1]).toBeGreaterThan(report.auc!);
    expect(report.reliability).toHaveLength(10);
    expect(report.reliability.reduce((n, b) => n + b.count, 0)).toBe(rows.length);
    expect(report.levels.high.count + report.levels.medium.count + report.levels.low.count).toBe(rows.length);
    expect(report.levels.high.renewalRate!).toBeLessThan(report.levels.low.renewalRate!);
    expect(report.lossesCaughtTop20!).toBeGreaterThan(0.2);
    expect(backtestReport(rows, GLOBAL_RISK_MODEL)).toEqual(report); // the bootstrap is seeded
  });
});

describe('metrics', () => {
  const perfect: Prediction[] = Array.from({ length: 100 }, (_, i) => ({ p: i < 50 ? 0.2 : 0.8, renewed: i < 50 ? i % 5 === 0 : i % 5 !== 0 }));

  it('gives zero calibration error and positive skill to calibrated probabilities', () => {
    expect(expectedCalibrationError(perfect)).toBeCloseTo(0, 10);
    expect(brierSkill(perfect)!).toBeGreaterThan(0.3);
    expect(brierSkill(perfect.map((x) => ({ ...x, p: 0.5 })))).toBeCloseTo(0, 10);
  });

  it('measures miscalibration, losses caught and deciles', () => {
    const overconfident = perfect.map((x) => ({ ...x, p: x.p < 0.5 ? 0.5 : 0.95 }));
    expect(expectedCalibrationError(overconfident)).toBeCloseTo(0.5 * 0.3 + 0.5 * 0.15, 10);
    expect(lossesCaught(perfect, 0.2)).toBe(16 / 50); // 16 of the 50 losses among the 20 riskiest
    expect(reliability(perfect).map((b) => b.count)).toEqual(Array(10).fill(10));
    const interval = aucInterval(perfect)!;
    expect(interval[0]).toBeLessThanOrEqual(auc(perfect)!);
    expect(interval[1]).toBeGreaterThanOrEqual(auc(perfect)!);
    expect(aucInterval(perfect, 200, 1)).not.toEqual(aucInterval(perfect, 200, 2));
  });
});
