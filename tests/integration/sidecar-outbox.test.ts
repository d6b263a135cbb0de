// The outbox always drains: a scheduled sweep picks up a row nothing else will (it failed once and
// its job is gone); rate limits and outages put rows back without spending attempts; rows the CRM
// refused for good are listed and can be redriven; what the drain wrote is remembered so an
// incremental sync does not read it back as someone's change.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startStack, type Stack } from '../helpers/sidecar.ts';

const P = 76001;
const PORTAL = String(P);
const CRM = 'hubspot';

let stack: Stack;
let companies: string[];

const held = async (companyId: string, property: string) =>
  (await stack.crmGet<{ properties: Record<string, string | null> }>(P, `/crm/v3/objects/companies/${companyId}?properties=${property}`)).properties[property] ?? null;
const row = async (companyId: string) =>
  (await stack.db.query<{ status: string; attempts: number; last_error: string | null }>(`select status, attempts, last_error from outbox where portal_id = $1 and account_id = $2 order by id desc limit 1`, [PORTAL, companyId]))[0];
/** The lease ends now (as if its backoff had passed). */
const expireLeases = () => stack.db.query(`update outbox set locked_until = now() - interval '1 second' where portal_id = $1 and status = 'pending'`, [PORTAL]);

beforeAll(async () => {
  stack = await startStack({
    portals: [{ portalId: P, accounts: 4 }],
    // The sweep every 2 s instead of every 30, so the test does not wait for it.
    jobs: { pollingIntervalSeconds: 0.5, sweepOutboxSeconds: 2 },
  });
  companies = (await stack.sidecar.store.results.listPortfolio(CRM, PORTAL, { sort: 'name' })).items.map((i) => i.accountId);
  await stack.waitForIdle();
}, 60_000);

afterAll(() => stack?.close());

describe('outbox', () => {
  it('the sweep delivers a row that failed once, with no other activity', async () => {
    const company = companies[0]!;
    const value = 'Call the sponsor (after a failed write)';
    // A row whose delivery failed once and whose drain job is gone (say, the process died).
    await stack.sidecar.store.outbox.enqueue(CRM, PORTAL, company, { success_next_best_step: value });
    const [claimed] = await stack.sidecar.store.outbox.claim({ crm: CRM, portalId: PORTAL, limit: 10, leaseMs: 60_000 });
    expect(await stack.sidecar.store.outbox.markFailed(claimed!, 'HTTP 502', { retryAfterMs: 1_000 })).toEqual({ status: 'pending', attempts: 1 });
    expect((await stack.sidecar.jobs.stats())['drain-outbox']).toMatchObject({ queued: 0, deferred: 0, active: 0, retry: 0 });

    await stack.waitFor('the sandbox to hold the value', async () => (await held(company, 'success_next_best_step')) === value, 20_000);
    await stack.waitFor('the row to be delivered', async () => (await row(company))?.status === 'delivered');
    expect((await stack.sidecar.jobs.stats())['sweep-outbox'].completed).toBeGreaterThan(0);
  });

  it('rate limits and outages put rows back without spending attempts; then the write lands once', async () => {
    const company = companies[1]!;
    const value = 'Run the QBR (after an outage)';
    stack.sandbox.setFaults({ partialFailureRate: 1, partialFailureScope: 'update' }); // every update input: INTERNAL_ERROR
    try {
      await stack.sidecar.store.outbox.enqueue(CRM, PORTAL, company, { success_next_best_step: value });
      for (let round = 0; round < 3; round++) {
        await stack.waitFor(`failed delivery ${round + 1}`, async () => (await row(company))?.last_error?.startsWith('INTERNAL_ERROR') === true);
        expect(await row(company)).toMatchObject({ status: 'pending', attempts: 0 });
        await stack.db.query(`update outbox set last_error = null where portal_id = $1 and account_id = $2`, [PORTAL, company]);
        await expireLeases(); // the backoff is over: the sweep sends the next drain
      }
    } finally {
      stack.sandbox.setFaults(null);
    }
    await stack.waitFor('the delivery', async () => (await row(company))?.status === 'delivered', 20_000);
    expect(await row(company)).toMatchObject({ attempts: 0 });
    expect(await held(company, 'success_next_best_step')).toBe(value);
  });

  it('records its own writes, so an incremental sync skips them', async () => {
    const company = companies[2]!;
    await stack.waitForIdle();
    const before = (await stack.sidecar.store.syncStateStore(CRM, PORTAL).load())!.ownWrites[company] ?? 0;
    await stack.sidecar.store.outbox.enqueue(CRM, PORTAL, company, { success_next_best_step: 'Renew early' });
    await stack.waitFor('the delivery', async () => (await row(company))?.status === 'delivered');
    const state = (await stack.sidecar.store.syncStateStore(CRM, PORTAL).load())!;
    expect(state.ownWrites[company]).toBeGreaterThan(before);
    expect(state.lastCompletedStartMs).not.toBeNull(); // the sync's own state survived the drain's record

    const history = async () => (await stack.sidecar.store.results.getHistory(CRM, PORTAL, company, 1000)).length;
    const n = await history();
    await stack.sidecar.jobs.send('sync-portfolio', { crm: CRM, portalId: PORTAL, mode: 'incremental' });
    await stack.waitForIdle();
    expect(await history()).toBe(n); // not re-read: the only change since the last sync was ours
  });

  it('lists the write-backs the CRM refused for good, and redrives them once the cause is fixed', async () => {
    const company = companies[3]!;
    await stack.sidecar.store.outbox.enqueue(CRM, PORTAL, company, { success_sidecar_extra: 'needs a property' });
    await stack.waitFor('the refusal', async () => (await row(company))?.status === 'failed');
    const failures = await stack.sidecar.writeFailures.list(PORTAL);
    expect(failures.items).toEqual([expect.objectContaining({ companyId: company, attempts: 1, properties: { success_sidecar_extra: 'needs a property' }, lastError: expect.stringMatching(/VALIDATION/) })]);

    // An admin creates the missing property; then the failed write is sent again.
    const token = stack.sandbox.portals.find((p) => p.portalId === P)!.accessToken;
    const created = await fetch(new URL('/crm/v3/properties/companies', stack.sandbox.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'success_sidecar_extra', label: 'Extra', type: 'string', fieldType: 'text', groupName: 'success_sidecar' }),
    });
    expect(created.status).toBe(201);
    expect(await stack.sidecar.writeFailures.redrive(PORTAL, 'admin@example.com')).toEqual({ redriven: 1 });
    await stack.waitFor('the redriven delivery', async () => (await row(company))?.status === 'delivered');
    expect(await held(company, 'success_sidecar_extra')).toBe('needs a property');
    expect((await stack.sidecar.writeFailures.list(PORTAL)).items).toEqual([]);
    expect((await stack.sidecar.store.audit.list(CRM, PORTAL)).map((a) => a.action)).toContain('outbox.redrive');
  });

  it('shows the outbox in /metrics', async () => {
    const text = await (await fetch(new URL('/metrics', stack.sidecar.url))).text();
    expect(text).toMatch(/^sidecar_outbox_rows\{status="delivered"\} [1-9]\d*$/m);
    expect(text).toMatch(/^sidecar_outbox_rows\{status="failed"\} 0$/m);
    expect(text).toMatch(/^sidecar_outbox_oldest_pending_seconds \d/m);
  });
});
