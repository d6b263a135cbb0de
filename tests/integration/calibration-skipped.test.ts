// The calibration service tells what it could not learn from: renewals that closed before the
// CRM's usage history reaches back are skipped, never scored with today's usage, and the portal's
// report counts them by reason (on PGlite, as the sidecar runs without DATABASE_URL).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { backtestAccount } from '../../server/domain/backtest.ts';
import { DEFAULT_ENGINE_CONFIG } from '../../server/domain/engine-config.ts';
import { SentimentCache } from '../../server/domain/sentiment/cache.ts';
import { AccountSnapshot } from '../../server/domain/snapshot.ts';
import { CalibrationService } from '../../server/service/calibration.ts';
import { generateAccount } from '../../server/synthetic/portfolio.ts';
import { createStore, type Store } from '../../server/store/store.ts';
import { testDatabases, type TestDb } from '../helpers/databases.ts';
import { cipher, portal } from '../helpers/store-fixtures.ts';

const AS_OF = '2026-11-01T00:00:00.000Z';
const DAY = 86_400_000;
const CRM = 'hubspot';
const engine = { config: DEFAULT_ENGINE_CONFIG, sentiment: new SentimentCache() };
/** Where the CRM's usage history begins for the accounts that lost the older part of it. */
const USAGE_FROM_MS = Date.parse(AS_OF) - 300 * DAY;

const generated = (index: number) => AccountSnapshot.parse(generateAccount({ seed: 'skips', index, asOf: AS_OF, historyDays: 730 }).snapshot);
const truncated = (index: number) => index % 2 === 1;

/** Accounts with two years of renewals; the odd ones' usage counts only reach back 300 days. */
function accounts(): AccountSnapshot[] {
  return Array.from({ length: 12 }, (_, index) => {
    const s = generated(index);
    if (truncated(index)) s.usage.history = s.usage.history.filter((p) => Date.parse(p.date) >= USAGE_FROM_MS);
    return s;
  });
}

describe('the calibration service, on renewals the usage history does not reach', () => {
  let db: TestDb;
  let store: Store;
  let service: CalibrationService;
  const p = portal('calib-skips');
  const snapshots = accounts();

  beforeAll(async () => {
    db = await testDatabases()[0]!.open();
    store = createStore(db, cipher());
    service = new CalibrationService({ store, crm: CRM, onModelChanged: () => Promise.resolve() });
    for (const s of snapshots) await service.recordBacktest(p, s.account.id, s, engine);
  });
  afterAll(() => db?.close());

  it('stores them as skipped, with the reason, and scores only what the history reaches', async () => {
    const skipped = await store.riskModels.skipped(CRM, p);
    const rows = await store.riskModels.rows(CRM, p);
    // Each renewal of a truncated account scored from before its usage history begins is skipped for it.
    const tooShort = new Set(skipped.filter((s) => s.reason === 'usage_history_too_short').map((s) => `${s.accountId}/${s.renewalId}`));
    const beforeHistory = snapshots
      .filter((_, i) => truncated(i))
      .flatMap((s) => s.renewals.filter((r) => r.outcome !== 'open' && Date.parse(r.closeDate) - 30 * DAY < USAGE_FROM_MS && Date.parse(r.closeDate) - 30 * DAY >= (s.account.customerSince ? Date.parse(s.account.customerSince) : -Infinity)).map((r) => `${s.account.id}/${r.id}`));
    expect(beforeHistory.length).toBeGreaterThan(5);
    for (const k of beforeHistory) expect([k, tooShort.has(k)]).toEqual([k, true]);
    // The full histories would have let more be scored.
    const fullSkips = snapshots.map((_, i) => generated(i)).flatMap((s) => backtestAccount(s, engine).skipped);
    expect(tooShort.size).toBeGreaterThan(fullSkips.filter((s) => s.reason === 'usage_history_too_short').length);
    const truncatedIds = new Set(snapshots.filter((_, i) => truncated(i)).map((s) => s.account.id));
    // Every closed renewal is either a row or skipped, never both, never lost.
    const closed = snapshots.flatMap((s) => s.renewals.filter((r) => r.outcome !== 'open').map((r) => `${s.account.id}/${r.id}`)).sort();
    expect([...rows.map((r) => `${r.accountId}/${r.renewalId}`), ...skipped.map((s) => `${s.accountId}/${s.renewalId}`)].sort()).toEqual(closed);
    // The truncated accounts' rows are all scored from a moment the usage history reaches.
    for (const r of rows.filter((x) => truncatedIds.has(x.accountId))) expect(Date.parse(r.at)).toBeGreaterThan(USAGE_FROM_MS);
  });

  it('reports them by reason for the portal in the stored fit, as the domain counts them', async () => {
    const outcome = await service.calibratePortal(p);
    expect(outcome.status).toBe('fitted');
    const view = await service.view(p);
    const expected: Record<string, number> = {};
    for (const s of snapshots) for (const k of backtestAccount(s, engine).skipped) expected[k.reason] = (expected[k.reason] ?? 0) + 1;
    expect(expected.usage_history_too_short).toBeGreaterThan(0);
    expect(view.latest!.report.model.skipped).toEqual(expected);
    expect(view.latest!.report.global.skipped).toEqual(expected);
    expect(view.latest!.report.model.renewals).toBe((await store.riskModels.rows(CRM, p)).length);
  });

  it('fits again when only the skipped renewals changed, so the report never goes stale', async () => {
    expect((await service.calibratePortal(p)).status).toBe('unchanged');
    const odd = snapshots[1]!;
    const full = generated(1);
    // The same scored rows, but the account's skipped renewals now carry another reason.
    const { rows, skipped } = backtestAccount(odd, engine);
    expect(skipped.length).toBeGreaterThan(0);
    await store.riskModels.replaceBacktest(CRM, p, odd.account.id, { rows: rows.map(({ accountId: _a, ...r }) => r), skipped: skipped.map((s) => ({ renewalId: s.renewalId, reason: 'insufficient_data' as const })) });
    expect((await service.calibratePortal(p)).status).toBe('fitted');
    expect((await service.view(p)).latest!.report.model.skipped.insufficient_data).toBeGreaterThanOrEqual(skipped.length);
    // Once the usage history reaches back, the renewals are scored and nothing is skipped for it.
    await service.recordBacktest(p, full.account.id, full, engine);
    expect((await store.riskModels.skipped(CRM, p)).filter((s) => s.accountId === full.account.id)).toEqual(backtestAccount(full, engine).skipped.map(({ accountId, renewalId, reason }) => ({ accountId, renewalId, reason })));
  });
});

describe('the backtest horizon, in the stored report and the view served from it', () => {
  let db: TestDb;
  let store: Store;
  const snapshots = accounts().slice(0, 4);

  beforeAll(async () => {
    db = await testDatabases()[0]!.open();
    store = createStore(db, cipher());
  });
  afterAll(() => db?.close());

  it('is the one the rows were scored with: 30 days by default, or the one the service was given', async () => {
    for (const [p, horizonDays] of [[portal('horizon-default'), undefined], [portal('horizon-45'), 45]] as const) {
      const service = new CalibrationService({ store, crm: CRM, onModelChanged: () => Promise.resolve(), ...(horizonDays ? { horizonDays } : {}) });
      for (const s of snapshots) await service.recordBacktest(p, s.account.id, s, engine);
      const expected = snapshots.flatMap((s) => backtestAccount(s, engine, { horizonDays: horizonDays ?? 30 }).rows.map((r) => `${r.renewalId}@${r.at}`));
      expect(expected.length).toBeGreaterThan(0);
      expect((await store.riskModels.rows(CRM, p)).map((r) => `${r.renewalId}@${r.at}`).sort()).toEqual(expected.sort());
      expect((await service.calibratePortal(p)).status).toBe('fitted');
      expect((await service.view(p)).latest!.report.horizonDays).toBe(horizonDays ?? 30);
    }
  });

  it('is served as 30 days for a report stored before it was kept (the only horizon used until then)', async () => {
    const p = portal('horizon-old');
    const service = new CalibrationService({ store, crm: CRM, onModelChanged: () => Promise.resolve(), horizonDays: 45 });
    for (const s of snapshots) await service.recordBacktest(p, s.account.id, s, engine);
    await service.calibratePortal(p);
    const stored = (await store.riskModels.latestFit(CRM, p))!;
    const old: Record<string, unknown> = { ...(stored.report as Record<string, unknown>) };
    delete old.horizonDays;
    await store.riskModels.save(CRM, p, { version: 'portal-old', calibration: stored.calibration, report: old, rowsDigest: 'old' }, false);
    await db.query(`update risk_models set fitted_at = now() + interval '1 minute' where portal_id = $1 and version = 'portal-old'`, [p]);
    expect((await service.view(p)).latest).toMatchObject({ version: 'portal-old', report: { horizonDays: 30 } });
  });

  it('refuses a horizon a backtest may not have', () => {
    for (const horizonDays of [0, 366, 2.5]) expect(() => new CalibrationService({ store, crm: CRM, onModelChanged: () => Promise.resolve(), horizonDays })).toThrow();
  });
});
