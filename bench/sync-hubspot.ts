// npm run bench:sync [-- --crm hubspot --companies 5000 --tickets 25 --rate-limit 1100 --naive-sample 20]
// One JSON line: a full portfolio sync against the sandbox (run as its own process, at a scaled
// rate limit), the fewest calls HubSpot's batch limits allow for the same data, budget use and
// 429s; an incremental sync after 5 % of the companies changed; and a naive per-record sync of a
// sample of companies, extrapolated, for the speed-up.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { HubSpotAdapter } from '../server/crm/hubspot/adapter.ts';
import { HubSpotTransport } from '../server/crm/hubspot/client.ts';
import { StaticToken } from '../server/crm/hubspot/tokens.ts';
import { DEFAULT_ENGINE_CONFIG } from '../server/domain/engine-config.ts';
import { SentimentCache } from '../server/domain/sentiment/cache.ts';
import { MemorySyncStateStore } from '../server/sync/state.ts';
import { runSync } from '../server/sync/portfolio-sync.ts';
import { generatePortfolio } from '../server/synthetic/portfolio.ts';
import { naiveSyncCompany } from './naive-sync.ts';

const { values } = parseArgs({ options: { crm: { type: 'string' }, companies: { type: 'string' }, tickets: { type: 'string' }, 'rate-limit': { type: 'string' }, 'naive-sample': { type: 'string' }, seed: { type: 'string' } } });
const companies = Number(values.companies ?? 5000);
const tickets = Number(values.tickets ?? 25);
const rateLimit = Number(values['rate-limit'] ?? 1100);
const naiveSample = Number(values['naive-sample'] ?? 20);
const seed = values.seed ?? 'bench';
const asOf = `${new Date().toISOString().slice(0, 10)}T00:00:00.000Z`;
const ceil = (n: number, size: number) => Math.ceil(n / size);

/**
 * The fewest calls that read the same data and write every company, at 100 per object batch (50 for
 * companies, read with their usage and login histories) and 1,000 per association batch.
 */
function minimumCalls(): number {
  let contacts = 0, ticketCount = 0, messages = 0, deals = 0;
  const engagements = { meeting: 0, call: 0, note: 0, email: 0 };
  for (const { snapshot } of generatePortfolio({ seed, accounts: companies, asOf, ticketsPerAccount: tickets })) {
    contacts += snapshot.contacts.length;
    ticketCount += snapshot.tickets.length;
    messages += snapshot.tickets.reduce((n, t) => n + t.messages.length, 0);
    deals += snapshot.renewals.length;
    for (const e of snapshot.engagements) engagements[e.kind]++;
  }
  const reads = ceil(companies, 50) + [contacts, ticketCount, deals, ...Object.values(engagements), messages].reduce((n, count) => n + ceil(count, 100), 0);
  // The company's seven lists, the tickets' emails, and the contacts of each engagement (meetings,
  // calls, emails and notes).
  const associations = 7 * ceil(companies, 1000) + ceil(ticketCount, 1000) + Object.values(engagements).reduce((n, count) => n + ceil(count, 1000), 0);
  return reads + associations + ceil(companies, 100); // + the writes
}

const child = spawn(process.execPath, ['server/cli.ts', 'sandbox', '--port', '0', '--accounts', String(companies), '--seed', seed, '--tickets', String(tickets), '--rate-limit', String(rateLimit), '--as-of', asOf], { stdio: ['ignore', 'pipe', 'inherit'] });
const [firstLine] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
const info = JSON.parse(firstLine) as { url: string; portals: Array<{ portalId: number; accessToken: string }> };
try {
  const portal = info.portals[0]!;
  const control = (path: string, body?: unknown) =>
    fetch(new URL(`/__sandbox/${path}`, info.url), body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<Record<string, unknown>>);
  const transport = new HubSpotTransport({ basePath: info.url, tokens: new StaticToken(portal.accessToken), perTenSeconds: rateLimit - 2 });
  const adapter = new HubSpotAdapter({ portalId: String(portal.portalId), transport });
  await adapter.provisionProperties();
  const engine = { config: DEFAULT_ENGINE_CONFIG, sentiment: new SentimentCache() };
  const store = new MemorySyncStateStore();

  await control('reset-stats', {});
  const full = await runSync({ adapter, engine, store, mode: { kind: 'full' }, asOf });
  const stats = (await control('stats')) as { rateLimited: number };

  const since = Date.now();
  const activity = (await control('simulate-activity', { portalId: portal.portalId, companyFraction: 0.05, seed: 'bench-activity' })) as { companyIds: string[] };
  const incremental = await runSync({ adapter, engine, store, mode: { kind: 'incremental', sinceMs: since }, asOf });

  const ids = (await adapter.listAccountIds(null)).ids.slice(0, naiveSample);
  const naiveStart = Date.now();
  const callsBefore = transport.usage().calls;
  for (const id of ids) await naiveSyncCompany(transport, id, asOf, engine);
  const naiveMs = Date.now() - naiveStart;
  const naiveCalls = Object.entries(transport.usage().calls).reduce((n, [k, v]) => n + (k.startsWith('naive.') ? v - (callsBefore[k] ?? 0) : 0), 0);
  const naiveEstimateMs = (naiveMs / ids.length) * companies;

  const apiCallsMinimum = minimumCalls();
  const allowed = (rateLimit * full.durationMs) / 10_000;
  console.log(JSON.stringify({
    bench: 'sync',
    companies,
    ticketsPerCompany: tickets,
    rateLimitPerTenSeconds: rateLimit,
    apiCalls: full.apiCallsTotal,
    apiCallsMinimum,
    apiCallsRatio: Math.round((full.apiCallsTotal / apiCallsMinimum) * 1000) / 1000,
    budgetUtilization: Math.round((full.apiCallsTotal / allowed) * 1000) / 1000,
    rateLimited429Fraction: Math.round((stats.rateLimited / full.apiCallsTotal) * 10_000) / 10_000,
    durationMs: full.durationMs,
    accountsChanged: full.accountsChanged,
    failed: full.failed.length,
    incrementalChangedCompanies: activity.companyIds.length,
    incrementalAccountsRead: incremental.accountsRead,
    incrementalApiCalls: incremental.apiCallsTotal,
    incrementalFraction: Math.round((incremental.apiCallsTotal / full.apiCallsTotal) * 1000) / 1000,
    naiveSampleCompanies: ids.length,
    naiveApiCallsPerCompany: Math.round(naiveCalls / ids.length),
    naiveDurationMsEstimate: Math.round(naiveEstimateMs),
    speedupVsNaive: Math.round((naiveEstimateMs / full.durationMs) * 10) / 10,
    apiCallsByKind: full.apiCalls,
  }));
} finally {
  child.kill('SIGTERM');
}
