// The web renderer's pure parts: the portfolio's query in the address, its rows (built from the
// shared figures and formats), paging, and the fetch layer (URLs, auth headers over the exact body,
// failures mapped like the HubSpot cards' client).
import { describe, expect, it } from '@jest/globals';
import { createWebApi, type PortfolioItem, type WebRequest } from '../../cards/web/api.ts';
import { DEFAULT_QUERY, pageInfo, parsePortfolioQuery, portfolioRow, portfolioSearch, sortDescription, sortedBy, toApiParams } from '../../cards/web/portfolio.ts';
import { formatDate } from '../../cards/model/index.ts';

const NOW = Date.parse('2026-11-23T12:00:00Z');

describe('the portfolio query in the address', () => {
  it('reads what it knows, falls back on anything else, and writes back only what differs from the default', () => {
    expect(parsePortfolioQuery(new URLSearchParams(''))).toEqual(DEFAULT_QUERY);
    const q = parsePortfolioQuery(new URLSearchParams('sort=rob&order=desc&q=%20acme%20&risk=high&page=3&size=50'));
    expect(q).toEqual({ sort: 'rob', order: 'desc', q: 'acme', risk: 'high', page: 3, size: 50 });
    expect(parsePortfolioQuery(new URLSearchParams(portfolioSearch(q)))).toEqual(q);
    expect(parsePortfolioQuery(new URLSearchParams('sort=arr&order=up&risk=extreme&page=-1&size=7'))).toEqual(DEFAULT_QUERY);
    expect(portfolioSearch(DEFAULT_QUERY)).toBe('');
    expect(portfolioSearch({ ...DEFAULT_QUERY, q: 'a&b' })).toBe('q=a%26b');
  });

  it('sorts by a column: the same one flips, another starts ascending, both back on page 1', () => {
    const onRob = sortedBy({ ...DEFAULT_QUERY, page: 4 }, 'rob');
    expect(onRob).toMatchObject({ sort: 'rob', order: 'asc', page: 1 });
    expect(sortedBy(onRob, 'rob')).toMatchObject({ sort: 'rob', order: 'desc' });
    expect(sortedBy({ ...onRob, order: 'desc' }, 'name')).toMatchObject({ sort: 'name', order: 'asc' });
    expect(sortDescription(DEFAULT_QUERY)).toBe('riskiest first');
  });

  it('asks the API for the page shown', () => {
    expect(toApiParams({ ...DEFAULT_QUERY, page: 3, size: 25, risk: 'medium', q: 'io' })).toEqual({ sort: 'risk', order: 'asc', limit: 25, offset: 50, risk: 'medium', q: 'io' });
    expect(toApiParams(DEFAULT_QUERY)).toEqual({ sort: 'risk', order: 'asc', limit: 25, offset: 0 });
  });

  it('describes the page', () => {
    expect(pageInfo(30, 25, 25, 5)).toEqual({ page: 2, pages: 2, range: 'Accounts 26–30 of 30', pageText: 'Page 2 of 2', hasPrevious: true, hasNext: false });
    expect(pageInfo(0, 0, 25, 0)).toMatchObject({ page: 1, pages: 1, range: 'No accounts', hasNext: false, hasPrevious: false });
  });
});

describe('a portfolio row', () => {
  const item: PortfolioItem = {
    companyId: '100000659',
    name: 'Clearwood Retail',
    robScore: 40.7,
    robTrend: -44,
    riskLevel: 'high',
    renewalProbability: 0.158,
    renewalDate: '2027-07-11',
    arr: 120_000,
    showStoppers: 1,
    status: 'ok',
    computedAt: '2026-11-23T11:58:16.640Z',
  };

  it('uses the cards\' figures, tags and formats', () => {
    const row = portfolioRow(item, NOW);
    expect(row.score).toMatchObject({ display: '41', tone: 'warning' });
    expect(row.trend).toMatchObject({ short: '\u221244', tone: 'danger', direction: 'decrease' });
    expect(row.risk).toEqual({ text: 'High risk', tone: 'danger' });
    expect(row.probability.display).toBe('16%');
    expect(row.renewal).toEqual({ date: '2027-07-11', display: formatDate('2027-07-11'), relative: 'in 8 months' });
    expect(row.showStoppers).toEqual({ count: 1, display: '1', tone: 'danger' });
    expect(row.computed).toBe('Computed 2 minutes ago');
    // The portfolio route names no currency for the CRM's ARR: the amount, never a guessed "$".
    expect(row.arr).toBe('120,000');
    expect(portfolioRow({ ...item, arr: 98_765.4 }, NOW, 'de-DE').arr).toBe('98.765');
  });

  it('says what is missing', () => {
    const row = portfolioRow({ ...item, robScore: null, robTrend: null, riskLevel: null, renewalProbability: null, renewalDate: null, showStoppers: 0, status: 'insufficient_data' }, NOW);
    expect(row).toMatchObject({ insufficient: true, trendText: '\u2014', renewal: { date: null, display: 'Not known', relative: null }, showStoppers: { display: 'None', tone: 'default' } });
    expect(row.score.display).toBe('\u2014');
    expect(row.risk.text).toBe('Not assessed');
  });
});

describe('the fetch layer', () => {
  function stub(answer: (url: string, init: RequestInit) => Response | Promise<Response>) {
    const calls: Array<{ url: string; init: RequestInit }> = [];
    const fetch: typeof globalThis.fetch = (input, init = {}) => {
      const url = input instanceof Request ? input.url : input.toString();
      calls.push({ url, init });
      return Promise.resolve(answer(url, init));
    };
    return { calls, fetch };
  }
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  it('calls the portfolio under its base URL with the query', async () => {
    const s = stub(() => json(200, { items: [], total: 0, limit: 10, offset: 20 }));
    const api = createWebApi({ baseUrl: 'https://host.example/console/', portalId: '62515', fetch: s.fetch });
    const result = await api.portfolio({ sort: 'name', order: 'desc', limit: 10, offset: 20, q: 'a b' });
    expect(result).toEqual({ ok: true, status: 200, data: { items: [], total: 0, limit: 10, offset: 20 } });
    const url = new URL(s.calls[0]!.url);
    expect(`${url.origin}${url.pathname}`).toBe('https://host.example/console/api/v1/hubspot/62515/companies');
    expect(Object.fromEntries(url.searchParams)).toEqual({ sort: 'name', order: 'desc', limit: '10', offset: '20', q: 'a b' });
    expect(s.calls[0]!.init.signal).toBeInstanceOf(AbortSignal);
  });

  it('lets `auth` sign each request over the exact body it sends', async () => {
    const signed: WebRequest[] = [];
    const s = stub(() => json(200, { version: 2, objectives: [], updatedBy: null, updatedAt: null }));
    const api = createWebApi({ baseUrl: 'https://sidecar.example', portalId: '7', fetch: s.fetch, auth: (r) => (signed.push(r), { authorization: `Canvas ${r.method} ${r.body?.length ?? 0}` }) });
    const body = { expectedVersion: 1, objectives: [{ statement: 'Faster onboarding', importance: 8, satisfaction: 3, status: 'open' as const }] };
    await api.saveObjectives('42', body);
    expect(signed).toEqual([{ method: 'PUT', url: 'https://sidecar.example/api/v1/hubspot/7/companies/42/objectives', body: JSON.stringify(body) }]);
    const init = s.calls[0]!.init;
    expect(init.body).toBe(JSON.stringify(body));
    expect(init.headers).toMatchObject({ 'content-type': 'application/json', authorization: `Canvas PUT ${JSON.stringify(body).length}` });
  });

  it('maps failures the way the HubSpot cards do', async () => {
    const answers: Array<() => Response> = [
      () => json(409, { error: { code: 'version_conflict', message: 'm' }, current: { version: 3, objectives: [], updatedBy: 'x', updatedAt: null } }),
      () => json(503, { error: { code: 'unavailable', message: 'down' } }),
      () => json(200, { unexpected: true }),
      () => {
        throw new TypeError('fetch failed');
      },
    ];
    const s = stub(() => answers.shift()!());
    const api = createWebApi({ baseUrl: 'http://127.0.0.1:1/console', portalId: '7', fetch: s.fetch });
    const conflict = await api.saveObjectives('1', { expectedVersion: 2, objectives: [] });
    expect(conflict).toMatchObject({ ok: false, error: { kind: 'conflict', status: 409 }, conflict: { current: { version: 3 } } });
    await expect(api.portfolio(toApiParams(DEFAULT_QUERY))).resolves.toEqual({ ok: false, error: { kind: 'server', status: 503, serverMessage: 'down' } });
    await expect(api.portfolio(toApiParams(DEFAULT_QUERY))).resolves.toEqual({ ok: false, error: { kind: 'bad_response', status: 200, serverMessage: null } });
    await expect(api.companySuccess('1')).resolves.toEqual({ ok: false, error: { kind: 'unreachable', status: null, serverMessage: null } });
  });
});
