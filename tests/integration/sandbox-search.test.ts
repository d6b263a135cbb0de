// Search through the real @hubspot/api-client: operators, paging, HubSpot's limits (200 a page,
// 10,000 results, 5 requests a second per portal, no rate-limit headers).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from '@hubspot/api-client';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../sandbox/hubspot/server.ts';

const START = Date.parse('2026-11-01T08:00:00.000Z');
let clock = START;
let sandbox: HubSpotSandbox;
let hs: Client;

const op = (o: string): never => o as never;

async function search(body: unknown): Promise<Response> {
  clock += 1000; // a new second: stay clear of the search limit unless a test means to hit it
  return fetch(`${sandbox.url}/crm/v3/objects/tickets/search`, {
    method: 'POST',
    headers: { authorization: `Bearer ${sandbox.portals[0]!.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

beforeAll(async () => {
  // 410 accounts × 25 tickets = 10,250 tickets: enough to walk into the 10,000-result window.
  sandbox = await startHubSpotSandbox({ portals: [{ portalId: 62515, accounts: 410, seed: 'search' }], now: () => clock, accessTokenTtlSeconds: 86_400 });
  hs = new Client({ accessToken: sandbox.portals[0]!.accessToken, basePath: sandbox.url });
});

afterAll(async () => {
  await sandbox.close();
});

describe('search', () => {
  it('combines filters (AND) and groups (OR), with dates as instants in ms or ISO', async () => {
    clock += 1000;
    const urgent = await hs.crm.tickets.searchApi.doSearch({ filterGroups: [{ filters: [{ propertyName: 'hs_ticket_priority', operator: op('EQ'), value: 'URGENT' }] }], properties: ['hs_ticket_priority'], limit: 1 });
    clock += 1000;
    const billing = await hs.crm.tickets.searchApi.doSearch({ filterGroups: [{ filters: [{ propertyName: 'hs_ticket_category', operator: op('EQ'), value: 'BILLING_ISSUE' }] }], limit: 1 });
    clock += 1000;
    const either = await hs.crm.tickets.searchApi.doSearch({
      filterGroups: [
        { filters: [{ propertyName: 'hs_ticket_priority', operator: op('EQ'), value: 'URGENT' }] },
        { filters: [{ propertyName: 'hs_ticket_category', operator: op('EQ'), value: 'BILLING_ISSUE' }] },
      ],
      limit: 1,
    });
    clock += 1000;
    const both = await hs.crm.tickets.searchApi.doSearch({
      filterGroups: [{ filters: [{ propertyName: 'hs_ticket_priority', operator: op('EQ'), value: 'URGENT' }, { propertyName: 'hs_ticket_category', operator: op('EQ'), value: 'BILLING_ISSUE' }] }],
      limit: 1,
    });
    expect(urgent.total).toBeGreaterThan(0);
    expect(urgent.results[0]!.properties.hs_ticket_priority).toBe('URGENT');
    expect(either.total).toBe(urgent.total + billing.total - both.total);

    const cut = '2026-09-01T00:00:00.000Z';
    const iso = (await (await search({ filterGroups: [{ filters: [{ propertyName: 'createdate', operator: 'LT', value: cut }] }], limit: 1 })).json()) as { total: number };
    const ms = (await (await search({ filterGroups: [{ filters: [{ propertyName: 'createdate', operator: 'LT', value: String(Date.parse(cut)) }] }], limit: 1 })).json()) as { total: number };
    const between = (await (await search({ filterGroups: [{ filters: [{ propertyName: 'createdate', operator: 'BETWEEN', value: '2026-01-01', highValue: cut }] }], limit: 1 })).json()) as { total: number };
    expect(iso.total).toBe(ms.total);
    expect(between.total).toBeLessThanOrEqual(iso.total);
  });

  it('supports IN, NOT_IN, HAS_PROPERTY, NOT_HAS_PROPERTY and CONTAINS_TOKEN', async () => {
    const count = async (filters: unknown[]): Promise<number> => ((await (await search({ filterGroups: [{ filters }], limit: 1 })).json()) as { total: number }).total;
    const all = await count([{ propertyName: 'hs_object_id', operator: 'HAS_PROPERTY' }]);
    expect(all).toBe(10_250);
    const closed = await count([{ propertyName: 'closed_date', operator: 'HAS_PROPERTY' }]);
    const open = await count([{ propertyName: 'closed_date', operator: 'NOT_HAS_PROPERTY' }]);
    expect(closed + open).toBe(all);
    const inHigh = await count([{ propertyName: 'hs_ticket_priority', operator: 'IN', values: ['HIGH', 'URGENT'] }]);
    const notIn = await count([{ propertyName: 'hs_ticket_priority', operator: 'NOT_IN', values: ['HIGH', 'URGENT'] }]);
    expect(inHigh + notIn).toBe(all);
    const outages = await count([{ propertyName: 'success_outage', operator: 'EQ', value: 'true' }]);
    expect(outages).toBeGreaterThan(0);
    expect(await count([{ propertyName: 'subject', operator: 'CONTAINS_TOKEN', value: 'zzzqqq' }])).toBe(0);
    const unknown = await search({ filterGroups: [{ filters: [{ propertyName: 'no_such_thing', operator: 'EQ', value: 'x' }] }] });
    expect(unknown.status).toBe(400);
  });

  it('pages with an offset `after`, at most 200 a page, never past 10,000 results', async () => {
    const tooBig = await search({ limit: 201 });
    expect(tooBig.status).toBe(400);
    expect(await tooBig.json()).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });

    const page = (await (await search({ sorts: [{ propertyName: 'createdate', direction: 'DESCENDING' }], properties: ['createdate'], limit: 200, after: '9800' })).json()) as {
      total: number;
      results: Array<{ properties: { createdate: string } }>;
      paging?: { next: { after: string } };
    };
    expect(page.total).toBe(10_250);
    expect(page.results).toHaveLength(200);
    const dates = page.results.map((r) => r.properties.createdate);
    expect([...dates].sort().reverse()).toEqual(dates);
    expect(page.paging?.next.after).toBe('10000');
    const beyond = await search({ limit: 200, after: page.paging?.next.after });
    expect(beyond.status).toBe(400);
    expect(((await beyond.json()) as { message: string }).message).toMatch(/10000/);
  });

  it('allows 5 searches a second per portal: the 6th is a 429 SECONDLY, without rate-limit headers', async () => {
    clock += 5000;
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 6; i++) {
      last = await fetch(`${sandbox.url}/crm/v3/objects/companies/search`, {
        method: 'POST',
        headers: { authorization: `Bearer ${sandbox.portals[0]!.accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ limit: 1 }),
      });
      statuses.push(last.status);
      if (i === 0) expect(last.headers.get('x-hubspot-ratelimit-max')).toBeNull();
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect(await last!.json()).toMatchObject({ status: 'error', errorType: 'RATE_LIMIT', policyName: 'SECONDLY' });
    expect(last!.headers.get('x-hubspot-ratelimit-remaining')).toBeNull();
    clock += 1000;
    expect((await hs.crm.companies.searchApi.doSearch({ limit: 1 })).results).toHaveLength(1);
    expect(sandbox.stats().byRoute['POST /crm/v3/objects/:type/search']?.['429']).toBe(1);
  });
});
