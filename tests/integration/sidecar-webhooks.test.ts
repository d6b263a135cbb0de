// HubSpot webhooks: signed batches of CRM change events → debounced recomputes of the companies
// they touch. De-duplicated by event id; our own write-backs and uninstalled portals ignored.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { hubSpotSignatureHeaders } from '../../server/http/signature.ts';
import { APP_ID, CLIENT_SECRET, expectError, sleep, startStack, type Stack } from '../helpers/sidecar.ts';

const W = 75001;
const NOT_INSTALLED = 75002;
const CRM = 'hubspot';

let stack: Stack;
let companies: string[];
let nextEventId = 5_000_000;

interface Outcome {
  received: number;
  duplicates: number;
  ignored: number;
  companies: number;
}

function event(overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    eventId: nextEventId++,
    subscriptionId: 1_234,
    portalId: W,
    appId: Number(APP_ID),
    occurredAt: Date.now(),
    subscriptionType: 'company.propertyChange',
    attemptNumber: 0,
    objectId: Number(companies[0]),
    propertyName: 'licensed_seats',
    propertyValue: '120',
    changeSource: 'CRM_UI',
    sourceId: 'userId:9100001',
    ...overrides,
  };
}

const historyLength = async (company: string) => (await stack.sidecar.store.results.getHistory(CRM, String(W), company, 10_000)).length;
const recomputeJobs = async () => {
  const s = (await stack.sidecar.jobs.stats())['recompute-account'];
  return s.completed + s.failed + s.queued + s.deferred + s.active + s.retry;
};
const eventRows = async () => (await stack.db.query<{ n: number }>('select count(*)::int as n from webhook_events'))[0]!.n;

async function deliver(events: unknown[]): Promise<Outcome> {
  const r = await stack.signedFetch<Outcome>('POST', '/webhooks/hubspot', events);
  if (r.status !== 200) throw new Error(`webhook delivery → ${r.status}: ${r.text.slice(0, 300)}`);
  return r.json;
}

/** Every company's history length, after the queues went idle. */
async function histories(): Promise<Record<string, number>> {
  await stack.waitForIdle();
  return Object.fromEntries(await Promise.all(companies.map(async (c) => [c, await historyLength(c)] as const)));
}

beforeAll(async () => {
  stack = await startStack({
    portals: [
      { portalId: W, accounts: 6 },
      { portalId: NOT_INSTALLED, accounts: 2, install: false },
    ],
  });
  companies = stack.sandbox.seeded(W).map((c) => c.companyId);
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

describe('POST /webhooks/hubspot', () => {
  let first: Record<string, unknown>;

  it('a company propertyChange → that company (only) is recomputed', async () => {
    first = event({});
    const before = await histories();
    const jobs = await recomputeJobs();
    expect(await deliver([first])).toEqual({ received: 1, duplicates: 0, ignored: 0, companies: 1 });
    const company = companies[0]!;
    await stack.waitFor('the company to be recomputed', async () => (await historyLength(company)) > before[company]!);
    expect(await histories()).toEqual({ ...before, [company]: before[company]! + 1 });
    expect(await recomputeJobs()).toBe(jobs + 1);
  });

  it('the same event id again (a redelivery) is a duplicate: no new recompute', async () => {
    const before = await histories();
    const jobs = await recomputeJobs();
    expect(await deliver([{ ...first, attemptNumber: 1 }])).toEqual({ received: 1, duplicates: 1, ignored: 0, companies: 0 });
    // …also inside a batch with a new event, out of order
    const other = event({ objectId: Number(companies[1]), occurredAt: Date.now() - 60_000 });
    expect(await deliver([other, { ...first, attemptNumber: 2 }])).toEqual({ received: 2, duplicates: 1, ignored: 0, companies: 1 });
    await stack.waitFor('the other company to be recomputed', async () => (await historyLength(companies[1]!)) > before[companies[1]!]!);
    await sleep(1_200); // more than two polling intervals: a stray recompute would have run
    expect(await histories()).toEqual({ ...before, [companies[1]!]: before[companies[1]!]! + 1 });
    expect(await recomputeJobs()).toBe(jobs + 1);
  });

  it('several events on one company in a batch → one recompute', async () => {
    const before = await histories();
    const c = companies[2]!;
    const outcome = await deliver([event({ objectId: Number(c), propertyName: 'licensed_seats' }), event({ objectId: Number(c), propertyName: 'arr' }), event({ objectId: Number(c), propertyName: 'renewal_date' })]);
    expect(outcome).toEqual({ received: 3, duplicates: 0, ignored: 0, companies: 1 });
    await stack.waitFor('the company to be recomputed', async () => (await historyLength(c)) > before[c]!);
    expect(await histories()).toEqual({ ...before, [c]: before[c]! + 1 });
  });

  it("changes this app made are ignored: our own properties, or an INTEGRATION change from our app id", async () => {
    const before = await histories();
    const jobs = await recomputeJobs();
    const c = Number(companies[3]);
    const ours = [
      event({ objectId: c, propertyName: 'success_rob_score', propertyValue: '61.5', changeSource: 'INTEGRATION', sourceId: APP_ID }),
      event({ objectId: c, propertyName: 'success_rob_score', propertyValue: '61.5', changeSource: 'CRM_UI' }),
      event({ objectId: c, propertyName: 'success_renewal_risk', propertyValue: 'high' }),
      event({ objectId: c, propertyName: 'licensed_seats', changeSource: 'INTEGRATION', sourceId: APP_ID }),
      event({ objectId: c, propertyName: 'licensed_seats', changeSource: 'INTEGRATION', sourceId: `app:${APP_ID}` }),
    ];
    expect(await deliver(ours)).toEqual({ received: ours.length, duplicates: 0, ignored: ours.length, companies: 0 });
    await sleep(1_200);
    expect(await histories()).toEqual(before);
    expect(await recomputeJobs()).toBe(jobs);

    // The control: another integration's change to the same company is not ours.
    const theirs = await deliver([event({ objectId: c, propertyName: 'licensed_seats', changeSource: 'INTEGRATION', sourceId: '999999' })]);
    expect(theirs).toEqual({ received: 1, duplicates: 0, ignored: 0, companies: 1 });
    await stack.waitFor('the company to be recomputed', async () => (await historyLength(String(c))) > before[String(c)]!);
  });

  it('a ticket event → the company the ticket belongs to is recomputed (through its associations)', async () => {
    const c = companies[4]!;
    const tickets = await stack.crmGet<{ results: Array<{ toObjectId: number }> }>(W, `/crm/v4/objects/companies/${c}/associations/tickets`);
    const ticket = tickets.results[0]?.toObjectId;
    expect(ticket).toBeDefined();
    const before = await histories();
    const outcome = await deliver([event({ subscriptionType: 'ticket.propertyChange', objectId: ticket, propertyName: 'hs_pipeline_stage', propertyValue: '4' })]);
    // The ticket's company is looked up after the answer: nothing is counted as a company yet.
    expect(outcome).toEqual({ received: 1, duplicates: 0, ignored: 0, companies: 0 });
    await stack.waitFor('the ticket\'s company to be recomputed', async () => (await historyLength(c)) > before[c]!);
    expect(await histories()).toEqual({ ...before, [c]: before[c]! + 1 });
  });

  it('events of a portal that is not installed are ignored (and not even recorded)', async () => {
    const rows = await eventRows();
    const jobs = await recomputeJobs();
    const company = Number(stack.sandbox.seeded(NOT_INSTALLED)[0]!.companyId);
    const foreign = [event({ portalId: NOT_INSTALLED, objectId: company }), event({ portalId: NOT_INSTALLED, objectId: company, subscriptionType: 'contact.propertyChange' })];
    expect(await deliver(foreign)).toEqual({ received: 2, duplicates: 0, ignored: 2, companies: 0 });
    await sleep(600);
    await stack.waitForIdle();
    expect(await eventRows()).toBe(rows);
    expect(await recomputeJobs()).toBe(jobs);
    expect(await stack.sidecar.store.results.count(CRM, String(NOT_INSTALLED))).toBe(0);
  });

  it("an event for a company the portal does not have (deleted since, or another portal's id) stores nothing and leaves no job retrying", async () => {
    const before = await histories();
    const elsewhere = stack.sandbox.seeded(NOT_INSTALLED)[1]!.companyId;
    const outcome = await deliver([event({ objectId: Number(elsewhere) }), event({ subscriptionType: 'company.deletion', objectId: 987_654_321, propertyName: undefined, propertyValue: undefined })]);
    expect(outcome).toEqual({ received: 2, duplicates: 0, ignored: 0, companies: 2 });
    await sleep(600);
    await stack.waitForIdle(8_000);
    const stats = (await stack.sidecar.jobs.stats())['recompute-account'];
    expect({ failed: stats.failed, dead: stats.dead, retry: stats.retry }).toEqual({ failed: 0, dead: 0, retry: 0 });
    expect(await stack.sidecar.store.results.getLatest(CRM, String(W), elsewhere)).toBeNull();
    expect(await stack.sidecar.store.results.count(CRM, String(W))).toBe(companies.length);
    expect(await histories()).toEqual(before);
  });

  it('a bad signature (or none, or a stale one) → 401 and nothing recorded', async () => {
    const rows = await eventRows();
    const jobs = await recomputeJobs();
    const batch = [event({ objectId: Number(companies[5]) })];
    expectError('wrong secret', await stack.signedFetch('POST', '/webhooks/hubspot', batch, { secret: 'someone-elses-client-secret' }), 401, 'invalid_signature');
    expectError('unsigned', await stack.signedFetch('POST', '/webhooks/hubspot', batch, { unsigned: true }), 401, 'invalid_signature');
    expectError('stale', await stack.signedFetch('POST', '/webhooks/hubspot', batch, { timestamp: Date.now() - 10 * 60_000 }), 401, 'invalid_signature');
    // Signed over one body, another body sent.
    const signedBody = JSON.stringify(batch);
    const tampered = JSON.stringify([{ ...batch[0], objectId: Number(companies[4]) }]);
    const url = new URL('/webhooks/hubspot', stack.sidecar.url).toString();
    const headers = hubSpotSignatureHeaders({ secret: CLIENT_SECRET, method: 'POST', url, rawBody: signedBody, timestamp: Date.now() });
    const response = await fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: tampered });
    expect(response.status).toBe(401);
    await sleep(600);
    await stack.waitForIdle();
    expect(await eventRows()).toBe(rows);
    expect(await recomputeJobs()).toBe(jobs);
  });
});
