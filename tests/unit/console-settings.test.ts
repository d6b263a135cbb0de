// The settings parts the console and the HubSpot page share: the failed write-backs' view model,
// the client calls behind them, the renewal model's renewals it could not learn from, and the
// console's reliability chart data.
import { describe, expect, it } from '@jest/globals';
import { WriteFailures } from '../../server/api/contracts.ts';
import { createSidecarApi, type SidecarFetchOptions } from '../../cards/model/client.ts';
import { renewalModelSection, WORDING, writeFailuresSection, type ModelView } from '../../cards/model/index.ts';
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

describe('the renewal model\'s skipped renewals', () => {
  /** The recorded view with these skipped renewals, from a server that says its backtest's horizon (30 days unless given). */
  const withSkipped = (skipped: NonNullable<ModelView['latest']>['skipped'], horizonDays: number | undefined = 30): ModelView => {
    const view = fixtures.renewalModel();
    return { ...view, latest: { ...view.latest!, skipped, ...(horizonDays === undefined ? {} : { horizonDays }) } };
  };
  const sentence = (skipped: NonNullable<ModelView['latest']>['skipped'], locale = 'en-US', horizonDays?: number) => renewalModelSection(withSkipped(skipped, horizonDays), locale).learned!.skipped;
  /** As a server from before the horizon was reported sends it (the recorded view, its horizonDays left out). */
  const withoutHorizon = (skipped: NonNullable<ModelView['latest']>['skipped']) => {
    const view = fixtures.renewalModel();
    const latest = { ...view.latest!, skipped };
    delete latest.horizonDays;
    return renewalModelSection({ ...view, latest }, 'en-US').learned!.skipped;
  };

  it('says under "Learned from" how many renewals could not be scored, why, and what would let them count', () => {
    const section = renewalModelSection(withSkipped({ usage_history_too_short: 640 }), 'en-US');
    expect(section.learned!.learnedFrom).toMatch(/^Nothing learned yet: 39 renewals checked on /); // the recorded fit kept the default model
    expect(section.learned!.skipped).toBe('640 earlier renewals could not be scored because the usage history does not reach back far enough before them (usage counts kept further back in the CRM would let them count).');
  });

  it('words the AUC in plain words, and leaves out an interval the server could not compute rather than printing dashes', () => {
    const view = fixtures.renewalModel();
    const at = (aucInterval: [number, number] | null) => renewalModelSection({ ...view, latest: { ...view.latest!, backtest: { ...view.latest!.backtest, auc: 0.74, aucInterval } } }, 'en-US').learned!.auc;
    expect(at([0.66, 0.81])).toBe('Ranks renewals right 74% of the time (AUC; 95% interval 66%–81%): of a renewal you lost and one that renewed, it gave the lost one the lower chance that often. 50% is a coin toss, 100% never wrong.');
    expect(at(null)).toBe('Ranks renewals right 74% of the time (AUC): of a renewal you lost and one that renewed, it gave the lost one the lower chance that often. 50% is a coin toss, 100% never wrong.');
  });

  it('says how long before each renewal it was scored, and words the losses caught against picking at random', () => {
    const view = fixtures.renewalModel();
    const section = (horizonDays?: number) => {
      const latest = { ...view.latest!, backtest: { ...view.latest!.backtest, lossesCaughtTop20: 0.4 } };
      if (horizonDays === undefined) delete latest.horizonDays;
      else latest.horizonDays = horizonDays;
      return renewalModelSection({ ...view, latest }, 'en-US').learned!;
    };
    expect(section(60).horizon).toBe('Each past renewal below was scored as the account stood 60 days before it closed, seeing nothing recorded later, as the model sees an account today.');
    expect(section(1).horizon).toContain(' 1 day before it closed');
    expect(section().horizon).toBeNull();
    expect(section(30).caught).toBe('The riskiest 20% of predictions held 40% of the renewals you lost (picking a fifth at random would hold 20%).');
  });

  it('names one clause per reason present, in a fixed order, with counts and plural forms right', () => {
    expect(sentence({ insufficient_data: 2, usage_history_too_short: 1, not_yet_a_customer: 1 })).toBe(
      '1 earlier renewal could not be scored because the usage history does not reach back far enough before it (usage counts kept further back in the CRM would let it count); ' +
        '1 earlier renewal because it closed within 30 days of the date the CRM says the customer started (if that date is wrong, correcting the date would let it count); ' +
        '2 renewals because too little was known 30 days before them to score the account (usage, tickets or conversations recorded in the CRM would let them count).',
    );
    expect(sentence({ not_yet_a_customer: 3 })).toBe('3 earlier renewals could not be scored because they closed within 30 days of the date the CRM says the customer started (if that date is wrong, correcting the date would let them count).');
    expect(sentence({ insufficient_data: 1 })).toBe('1 renewal could not be scored because too little was known 30 days before it to score the account (usage, tickets or conversations recorded in the CRM would let it count).');
    expect(sentence({ usage_history_too_short: 1234 }, 'de-DE')).toMatch(/^1\.234 earlier renewals could not be scored/);
  });

  it('states the horizon the backtest used, as the server reports it, not a fixed one', () => {
    const all = { usage_history_too_short: 2, not_yet_a_customer: 1, insufficient_data: 3 };
    expect(sentence(all, 'en-US', 45)).toBe(
      '2 earlier renewals could not be scored because the usage history does not reach back far enough before them (usage counts kept further back in the CRM would let them count); ' +
        '1 earlier renewal because it closed within 45 days of the date the CRM says the customer started (if that date is wrong, correcting the date would let it count); ' +
        '3 renewals because too little was known 45 days before them to score the account (usage, tickets or conversations recorded in the CRM would let them count).',
    );
    expect(sentence({ insufficient_data: 1 }, 'en-US', 1)).toBe('1 renewal could not be scored because too little was known 1 day before it to score the account (usage, tickets or conversations recorded in the CRM would let it count).');
    expect(sentence({ not_yet_a_customer: 2 }, 'en-US', 120)).toContain('they closed within 120 days of the date the CRM says the customer started');
  });

  it('words it without a number when the server does not report its horizon', () => {
    expect(fixtures.renewalModel().latest!.horizonDays).toBe(30); // the running sidecar reports it
    expect(withoutHorizon({ not_yet_a_customer: 1, insufficient_data: 2 })).toBe(
      '1 earlier renewal could not be scored because it closed too soon after the date the CRM says the customer started (if that date is wrong, correcting the date would let it count); ' +
        '2 renewals because too little was known before them to score the account (usage, tickets or conversations recorded in the CRM would let them count).',
    );
  });

  it('says nothing when every renewal was scored, or the server did not report skipped renewals', () => {
    expect(sentence({})).toBeNull();
    expect(sentence(undefined)).toBeNull();
    const unreported = { ...fixtures.renewalModel().latest! };
    delete unreported.skipped;
    expect(renewalModelSection({ ...fixtures.renewalModel(), latest: unreported }, 'en-US').learned!.skipped).toBeNull();
  });

  it("words what the recorded portal's model skipped, as the running sidecar reported it", () => {
    expect(renewalModelSection(fixtures.renewalModel(), 'en-US').learned!.skipped).toBe(
      '85 earlier renewals could not be scored because the usage history does not reach back far enough before them (usage counts kept further back in the CRM would let them count).',
    );
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
    expect(reliabilitySummary([{ predicted: 20, actual: 30, renewals: 1 }, { predicted: 80, actual: 80, renewals: 3 }], 'en-US')).toBe('2 groups of predictions; on average the share that renewed sits 3 percentage points from the predicted chance (the closer to the diagonal, the better).');
    expect(reliabilitySummary([{ predicted: 60, actual: 61, renewals: 1 }], 'en-US')).toContain('sits 1 percentage point from');
    expect(reliabilitySummary(reliabilityPoints({ ...fixtures.renewalModel(), latest: null }), 'en-US')).toBe('No renewals with an outcome to compare the predictions with yet.');
  });
});
