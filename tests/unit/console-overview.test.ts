// The console's overview view models: headline figures, the renewals and ROB chart data, the sync
// progress, the CSV export (quoting, formula defusing) and the export's paging through the API.
import { describe, expect, it } from '@jest/globals';
import type { PortfolioItem, PortfolioParams, WebApi } from '../../cards/web/api.ts';
import { allPortfolioItems } from '../../cards/web/console-api.ts';
import { progressVersion } from '../../cards/web/live.ts';
import { csvFileName, headlines, localDay, portfolioCsv, progressModel, renewalMonths, renewalSeries, renewalSummary, robBars, robSummary, type PortfolioOverview, type PortfolioProgress } from '../../cards/web/overview.ts';

const zero = { accounts: 0, arr: 0 };
const overview: PortfolioOverview = {
  accounts: 4,
  arr: 400_000,
  accountsWithArr: 3,
  currency: 'USD',
  byRisk: { high: { accounts: 1, arr: 100_000 }, medium: { accounts: 1, arr: 50_000 }, low: { accounts: 1, arr: 250_000 }, unknown: { accounts: 1, arr: 0 } },
  next90Days: { accounts: 2, arr: 150_000 },
  renewals: [
    { month: '2026-12', byRisk: { high: { accounts: 1, arr: 100_000 }, medium: zero, low: zero, unknown: zero } },
    { month: '2027-01', byRisk: { high: zero, medium: { accounts: 1, arr: 50_000 }, low: { accounts: 1, arr: 250_000 }, unknown: zero } },
  ],
  robBuckets: Array.from({ length: 10 }, (_, i) => ({ from: i * 10, to: i === 9 ? 100 : i * 10 + 9, accounts: i === 2 ? 1 : i === 7 ? 2 : 0 })),
  unscored: 1,
};

describe('the overview', () => {
  it('has headline figures with the share of ARR at risk', () => {
    const h = headlines(overview);
    expect(h.map((x) => [x.key, x.label, x.display, x.detail])).toEqual([
      ['accounts', 'Accounts', '4', '1 account without a score yet'],
      ['arr', 'ARR', '$400,000', '3 of 4 accounts have an ARR in the CRM'],
      ['arrHigh', 'ARR at high risk', '$100,000', '25% of ARR'],
      ['arrMedium', 'ARR at medium risk', '$50,000', '13% of ARR'],
      ['renewals90', 'Renewals in the next 90 days', '2', '$150,000 ARR'],
    ]);
    expect(h.find((x) => x.key === 'arrHigh')?.tone).toBe('danger');
  });

  it('stacks renewals per month by risk, leaving out levels that never occur', () => {
    const months = renewalMonths(overview);
    expect(months).toEqual([
      { month: '2026-12', label: 'Dec 26', high: 100_000, medium: 0, low: 0, unknown: 0, total: 100_000, accounts: 1 },
      { month: '2027-01', label: 'Jan 27', high: 0, medium: 50_000, low: 250_000, unknown: 0, total: 300_000, accounts: 2 },
    ]);
    expect(renewalSeries(months)).toEqual(['high', 'medium', 'low']);
    expect(renewalSummary(months, 'USD')).toBe('$400,000 ARR renews in the next 12 months; the most in Jan 27 ($300,000).');
    expect(renewalSummary([], 'USD')).toBe('No renewals are due in the next 12 months.');
  });

  it('buckets ROB scores in tens and summarises the critical and healthy ones', () => {
    expect(robBars(overview).map((b) => b.label)).toEqual(['0–9', '10–19', '20–29', '30–39', '40–49', '50–59', '60–69', '70–79', '80–89', '90–100']);
    expect(robSummary(overview)).toBe('1 account scores under 40 (critical), 2 score 60 or more (healthy).');
  });
});

describe('the sync progress', () => {
  const p: PortfolioProgress = { syncing: true, mode: 'full', read: 200, scored: 180, lastComputedAt: '2026-12-06T10:00:00.000Z', written: 120, pendingWrites: 60, failedWrites: 0, lastSyncStartedAt: null };

  it('counts read, scored and written, the bar out of what is known so far', () => {
    expect(progressModel(p)).toMatchObject({ active: true, title: 'First sync in progress', value: 120, max: 200, text: '200 read · 180 scored · 120 written to HubSpot' });
    expect(progressModel({ ...p, syncing: false, read: 0, scored: 300, written: 290, pendingWrites: 10, lastSyncStartedAt: '2026-12-06T09:00:00.000Z' })).toMatchObject({ active: true, title: 'Writing results to HubSpot', max: 300 });
    expect(progressModel({ ...p, syncing: false, pendingWrites: 0, failedWrites: 2 })).toMatchObject({ active: false, failedWrites: 2 });
  });

  it('changes version when results are added or recomputed', () => {
    expect(progressVersion(p)).not.toBe(progressVersion({ ...p, scored: 181 }));
    expect(progressVersion(p)).not.toBe(progressVersion({ ...p, lastComputedAt: '2026-12-06T10:00:01.000Z' }));
    expect(progressVersion(p)).toBe(progressVersion({ ...p, written: 180, pendingWrites: 0 }));
  });
});

const item = (over: Partial<PortfolioItem>): PortfolioItem => ({
  companyId: '1',
  name: 'Acme',
  robScore: 71.26,
  robTrend: -3.04,
  riskLevel: 'low',
  renewalProbability: 0.914,
  renewalDate: '2027-03-01',
  arr: 120_000,
  showStoppers: 0,
  status: 'ok',
  computedAt: '2026-12-06T10:00:00.000Z',
  ...over,
});

describe('the CSV export', () => {
  it('writes one CRLF line per account with plain numbers', () => {
    const csv = portfolioCsv([item({}), item({ companyId: '2', name: 'Beta, "the" Co', robScore: null, robTrend: null, riskLevel: null, renewalProbability: null, renewalDate: null, arr: null, status: 'insufficient_data' })]);
    expect(csv.split('\r\n')).toEqual([
      'Account,Company ID,ROB score,ROB trend (30 days),Risk level,Chance of renewing (%),ARR,Renewal date,Show-stoppers,Status,Computed at',
      'Acme,1,71.3,-3,Low risk,91,120000,2027-03-01,0,Scored,2026-12-06T10:00:00.000Z',
      '"Beta, ""the"" Co",2,,,,,,,0,Not enough data,2026-12-06T10:00:00.000Z',
      '',
    ]);
  });

  it('defuses names a spreadsheet would run as formulas', () => {
    const line = portfolioCsv([item({ name: '=HYPERLINK("http://x")' }), item({ name: '@SUM(A1)' })]).split('\r\n');
    expect(line[1]).toMatch(/^"'=HYPERLINK\(""http:\/\/x""\)",/);
    expect(line[2]).toMatch(/^'@SUM\(A1\),/);
  });

  it('names the file after the day and whether it is filtered', () => {
    expect(csvFileName('2026-12-06', true)).toBe('accounts-filtered-2026-12-06.csv');
    expect(csvFileName('2026-12-06', false)).toBe('accounts-2026-12-06.csv');
    expect(localDay(new Date(2026, 11, 6, 23, 30).getTime())).toBe('2026-12-06');
  });

  it('fetches every page the filters match, and stops at the first error', async () => {
    const asked: PortfolioParams[] = [];
    const total = 450;
    const api = {
      portfolio: (params: PortfolioParams) => {
        asked.push(params);
        const items = Array.from({ length: Math.max(0, Math.min(params.limit, total - params.offset)) }, (_, i) => item({ companyId: String(params.offset + i) }));
        return Promise.resolve({ ok: true as const, status: 200, data: { items, total, limit: params.limit, offset: params.offset } });
      },
    } as unknown as WebApi;
    const all = await allPortfolioItems(api, { sort: 'rob', order: 'asc', limit: 25, offset: 50, risk: 'high' });
    expect(all.ok && all.data.map((i) => i.companyId)).toEqual(Array.from({ length: total }, (_, i) => String(i)));
    expect(asked.map((a) => [a.offset, a.limit, a.risk, a.sort])).toEqual([
      [0, 200, 'high', 'rob'],
      [200, 200, 'high', 'rob'],
      [400, 200, 'high', 'rob'],
    ]);

    const failing = { portfolio: () => Promise.resolve({ ok: false as const, error: { kind: 'unreachable' as const, status: null, serverMessage: null } }) } as unknown as WebApi;
    expect(await allPortfolioItems(failing, { sort: 'rob', order: 'asc', limit: 25, offset: 0 })).toEqual({ ok: false, error: { kind: 'unreachable', status: null, serverMessage: null } });
  });
});
