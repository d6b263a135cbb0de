// The settings parts the console and the HubSpot page share: the failed write-backs' view model,
// the client calls behind them, and the console's reliability chart data.
import { describe, expect, it } from '@jest/globals';
import { WriteFailures } from '../../server/api/contracts.ts';
import { createSidecarApi, type SidecarFetchOptions } from '../../cards/model/client.ts';
import { WORDING, writeFailuresSection } from '../../cards/model/index.ts';
import { reliabilityPoints, reliabilitySummary } from '../../cards/web/model-chart.ts';
import { fixtures } from '../fixtures/api/fixtures.ts';

// Not recorded: the recorder's syncs deliver every write (record.ts records the empty list); these
// rows have the contract's shape, as GET …/write-failures lists outbox rows the CRM refused.
const failed = WriteFailures.parse({
  items: [
    { id: 12, companyId: '5100007', properties: { success_rob_score: '41', success_risk_level: 'high' }, attempts: 10, lastError: 'Property values were not valid: success_risk_level', failedAt: '2026-11-02T09:00:00.000Z' },
    { id: 9, companyId: '5100003', properties: { success_rob_score: '77' }, attempts: 1, lastError: null, failedAt: '2026-11-01T09:00:00.000Z' },
  ],
});

describe('the failed write-backs', () => {
  it('lists each failure with what was written, how often, why and when, and lets an admin send them all again', () => {
    const s = writeFailuresSection(failed, true, 'en-US');
    expect(s.none).toBeNull();
    expect(s.rows).toEqual([
      { id: 12, companyId: '5100007', properties: 'success_risk_level, success_rob_score', attempts: '10', error: 'Property values were not valid: success_risk_level', failedAt: 'Nov 2, 2026' },
      { id: 9, companyId: '5100003', properties: 'success_rob_score', attempts: '1', error: WORDING.settings.writeFailures.noError, failedAt: 'Nov 1, 2026' },
    ]);
    expect(s.redrive).toEqual({ label: WORDING.settings.writeFailures.redrive, ids: [12, 9] });
    expect(s.adminsOnly).toBeNull();
  });

  it('tells a user who is not an admin who can send them, and says plainly when nothing failed', () => {
    const reader = writeFailuresSection(failed, false);
    expect([reader.redrive, reader.adminsOnly]).toEqual([null, WORDING.settings.writeFailures.adminsOnly]);
    const clean = writeFailuresSection({ items: [] }, true);
    expect([clean.none, clean.intro, clean.rows, clean.redrive, clean.adminsOnly]).toEqual([WORDING.settings.writeFailures.none, null, [], null, null]);
    expect(WORDING.settings.writeFailures.redriven(0)).toBe('Nothing was left to send.');
    expect(WORDING.settings.writeFailures.redriven(1)).toBe('1 write-back is being sent again.');
  });
});

describe('the client', () => {
  const answer = (status: number, body: unknown) => Promise.resolve({ ok: status < 400, status, json: () => Promise.resolve(body) });

  it('reads the failures and redrives the chosen ones (or all) on the portal\'s routes, adding no query of its own', async () => {
    const seen: Array<[string, SidecarFetchOptions]> = [];
    const api = createSidecarApi((url, options) => {
      seen.push([url, options]);
      return url.endsWith('/redrive') ? answer(200, { redriven: 2 }) : answer(200, failed);
    }, 'https://sidecar.test', { portalId: '62515' });
    await expect(api.writeFailures()).resolves.toEqual({ ok: true, status: 200, data: failed });
    await expect(api.redriveWriteFailures([12, 9])).resolves.toEqual({ ok: true, status: 200, data: { redriven: 2 } });
    await api.redriveWriteFailures();
    expect(seen.map(([url, o]) => [url, o.method, o.body])).toEqual([
      ['https://sidecar.test/api/v1/hubspot/62515/write-failures', 'GET', undefined],
      ['https://sidecar.test/api/v1/hubspot/62515/write-failures/redrive', 'POST', { ids: [12, 9] }],
      ['https://sidecar.test/api/v1/hubspot/62515/write-failures/redrive', 'POST', {}],
    ]);
  });

  it('refuses an answer that is not a list of failures, and passes a 403 on as forbidden', async () => {
    const bad = createSidecarApi(() => answer(200, { items: [{ id: '12' }] }), 'https://s.test', { portalId: '1' });
    await expect(bad.writeFailures()).resolves.toMatchObject({ ok: false, error: { kind: 'bad_response' } });
    const forbidden = createSidecarApi(() => answer(403, { error: { code: 'forbidden', message: 'Only an admin can send failed write-backs again.' } }), 'https://s.test', { portalId: '1' });
    await expect(forbidden.redriveWriteFailures()).resolves.toMatchObject({ ok: false, error: { status: 403, serverMessage: 'Only an admin can send failed write-backs again.' } });
  });
});

describe('the reliability chart', () => {
  it('plots each tenth of predictions that holds renewals, in percent, with the same rows as its table', () => {
    const view = fixtures.renewalModel();
    const rows = view.latest!.backtest.reliability;
    const points = reliabilityPoints(view);
    expect(points).toHaveLength(rows.filter((r) => r.count > 0).length);
    expect(points.length).toBeGreaterThan(0);
    const first = rows.find((r) => r.count > 0)!;
    expect(points[0]).toEqual({ predicted: Math.round(first.meanPredicted * 1000) / 10, actual: Math.round(first.observedRate * 1000) / 10, renewals: first.count });
    expect(points.reduce((n, p) => n + p.renewals, 0)).toBe(rows.reduce((n, r) => n + r.count, 0));
  });

  it('summarises how far what happened sits from what was predicted, weighted by renewals', () => {
    expect(reliabilitySummary([{ predicted: 20, actual: 30, renewals: 1 }, { predicted: 80, actual: 80, renewals: 3 }], 'en-US')).toBe('2 groups of predictions; on average the share that renewed sits 3% from the predicted chance (the closer to the diagonal, the better).');
    expect(reliabilitySummary(reliabilityPoints({ ...fixtures.renewalModel(), latest: null }), 'en-US')).toBe('No renewals with an outcome to compare the predictions with yet.');
  });
});
