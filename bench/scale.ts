// npm run bench:scale [-- --http 2 --workers 2 --companies 60 --changes 240 --changes-per-second 2
//   --kills 24 --card-seconds 10 --card-concurrency 16 --rate-limit 110 --postgres postgres://…/postgres]
// One JSON line: several real sidecar processes (`serve --role http|worker`) on ONE fresh Postgres
// database against the HubSpot sandbox, while CRM changes flow in as signed webhooks and random
// processes are SIGKILLed and restarted; then card load across the HTTP processes. Loopback only.
import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Client } from '@hubspot/api-client';
import pg from 'pg';
import { SuccessView } from '../server/api/contracts.ts';
import { freePort, installIntoSandbox } from '../server/cli/local-install.ts';
import { PROPERTY_NAMES } from '../server/domain/property-names.ts';
import { withHubSpotFetchParams } from '../server/http/hubspot-caller.ts';
import { hubSpotSignatureHeaders } from '../server/http/signature.ts';
import { RECOMPUTE_DEBOUNCE_SECONDS } from '../server/jobs/queues.ts';
import { generateKeyEntry } from '../server/store/token-crypto.ts';
import { startHubSpotSandbox } from '../sandbox/hubspot/server.ts';
import { Fleet, type Member } from './scale/fleet.ts';
import { duplicateWrites, landedAt, maxInWindow, percentile, type HistoryEntry } from './scale/measure.ts';
import { callsByEndpoint, startRecorder } from './scale/recorder.ts';
import { stages, type ChangeTiming, type RecomputeJobRow } from './scale/stages.ts';

const { values } = parseArgs({
  options: {
    http: { type: 'string' }, workers: { type: 'string' }, companies: { type: 'string' }, changes: { type: 'string' },
    'changes-per-second': { type: 'string' }, kills: { type: 'string' }, 'card-seconds': { type: 'string' },
    'card-concurrency': { type: 'string' }, 'rate-limit': { type: 'string' }, postgres: { type: 'string' },
  },
});
const num = (v: string | undefined, d: number) => (v === undefined ? d : Number(v));
const HTTP = num(values.http, 2);
const WORKERS = num(values.workers, 2);
const COMPANIES = num(values.companies, 60);
const CHANGES = num(values.changes, 240);
const CHANGES_PER_SECOND = num(values['changes-per-second'], 2);
const KILLS = num(values.kills, 24);
const CARD_SECONDS = num(values['card-seconds'], 10);
const CARD_CONCURRENCY = num(values['card-concurrency'], 16);
const RATE_LIMIT = num(values['rate-limit'], 110);
const ADMIN_URL = values.postgres ?? 'postgres://postgres@127.0.0.1:5432/postgres';
if (HTTP < 1 || HTTP + WORKERS < 3) throw new Error('--http must be ≥ 1 and --http + --workers ≥ 3');

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const PORTAL = 62515;
const SECRET = 'bench-scale-client-secret';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const started = Date.now();
const log = (msg: string) => process.stderr.write(`[bench:scale +${((Date.now() - started) / 1000).toFixed(1)}s] ${msg}\n`);

// One fresh database per run, dropped afterwards.
const dbName = `bench_scale_${Date.now()}_${process.pid}`;
const admin = new pg.Client({ connectionString: ADMIN_URL });
await admin.connect();
await admin.query(`create database ${dbName}`);
const dbUrl = new URL(ADMIN_URL);
dbUrl.pathname = `/${dbName}`;
const db = new pg.Pool({ connectionString: dbUrl.toString(), max: 2 });
db.on('error', (error) => log(`bench database connection lost: ${error.message}`));
const dataDir = mkdtempSync(join(tmpdir(), 'bench-scale-'));

const ports = await Promise.all(Array.from({ length: HTTP }, () => freePort()));
const firstUrl = `http://127.0.0.1:${ports[0]}`;
const sandbox = await startHubSpotSandbox({
  portals: [{ portalId: PORTAL, accounts: COMPANIES, seed: 'scale', ticketsPerAccount: 4 }],
  rateLimit: { perTenSeconds: RATE_LIMIT },
  oauthClient: { clientId: 'bench-scale-app', clientSecret: SECRET, redirectUri: `${firstUrl}/oauth/hubspot/callback` },
});
const recorder = await startRecorder(sandbox.url);
const fleet = new Fleet(ROOT, {
  HOST: '127.0.0.1',
  PUBLIC_URL: firstUrl,
  DATA_DIR: dataDir,
  DATABASE_URL: dbUrl.toString(),
  HUBSPOT_CLIENT_ID: 'bench-scale-app',
  HUBSPOT_CLIENT_SECRET: SECRET,
  HUBSPOT_BASE_URL: recorder.url,
  HUBSPOT_AUTHORIZE_URL: `${sandbox.url}/oauth/authorize`,
  TOKEN_ENCRYPTION_KEY: generateKeyEntry('bench1'),
  LOG_LEVEL: 'silent',
});
for (const port of ports) fleet.add('http', port);
for (let i = 0; i < WORKERS; i++) fleet.add('worker', null);
const userId = sandbox.installerUserId(PORTAL);
const companyIds = sandbox.seeded(PORTAL).map((s) => s.companyId);

const upHttp = () => fleet.httpMembers().filter((m) => m.up);
const pick = <T>(list: T[]): T => list[randomInt(list.length)]!;

/** A card request as HubSpot relays it: its parameters appended for the installing user, the full URL signed. */
function cardRequest(member: Member, companyId: string): Promise<Response> {
  const target = withHubSpotFetchParams(`${member.url}/api/v1/hubspot/${PORTAL}/companies/${companyId}/success`, { userId, portalId: PORTAL });
  return fetch(target, { headers: hubSpotSignatureHeaders({ secret: SECRET, method: 'GET', url: target, rawBody: '', timestamp: String(Date.now()) }) });
}

let nextEventId = 1;
let webhookRetries = 0;
/** Delivers one signed webhook batch (no query string) to a live HTTP process; retried elsewhere like HubSpot's redelivery. */
async function deliver(companyId: string): Promise<void> {
  const body = JSON.stringify([{ eventId: nextEventId++, subscriptionId: 1, portalId: PORTAL, occurredAt: Date.now(), subscriptionType: 'company.propertyChange', attemptNumber: 0, objectId: Number(companyId), propertyName: 'active_users', changeSource: 'INTEGRATION', sourceId: 'usage-sync' }]);
  for (;;) {
    const live = upHttp();
    if (live.length === 0) {
      await sleep(100);
      continue;
    }
    const url = `${pick(live).url}/webhooks/hubspot`;
    const headers = { ...hubSpotSignatureHeaders({ secret: SECRET, method: 'POST', url, rawBody: body, timestamp: String(Date.now()) }), 'content-type': 'application/json' };
    const status = await fetch(url, { method: 'POST', headers, body }).then(async (r) => (await r.text(), r.status), () => 0);
    if (status === 200) return;
    if (status !== 0 && status < 500) throw new Error(`webhook refused with ${status}`);
    webhookRetries++;
    await sleep(200);
  }
}

async function idle(): Promise<boolean> {
  const jobs = await db.query<{ n: number }>(`select count(*)::int as n from pgboss.job where name in ('sync-portfolio', 'recompute-account', 'drain-outbox') and state in ('created', 'retry', 'active')`);
  const pending = await db.query<{ n: number }>(`select count(*)::int as n from outbox where status = 'pending'`);
  return jobs.rows[0]!.n === 0 && pending.rows[0]!.n === 0;
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}

let exitCode = 0;
try {
  // 1. Processes up (the first alone: it migrates the fresh database), installed, first sync done.
  await fleet.start(fleet.members[0]!);
  await Promise.all(fleet.members.slice(1).map((m) => fleet.start(m)));
  await installIntoSandbox(firstUrl);
  log(`${fleet.members.length} processes up, installed; waiting for the first sync of ${COMPANIES} companies`);
  await waitFor('the first sync', async () => (await db.query<{ n: number }>('select count(*)::int as n from account_results')).rows[0]!.n >= COMPANIES && (await idle()), 300_000);

  // 2. Changes flow in as webhooks while random processes are killed and restarted.
  log(`first sync done; ${CHANGES} changes at ${CHANGES_PER_SECOND}/s with ${KILLS} kills`);
  const changes: Array<{ companyId: string; changedAt: number; deliveredAt: number }> = [];
  const deliveries: Array<Promise<void>> = [];
  const restarts: Array<Promise<void>> = [];
  const phaseMs = (CHANGES / CHANGES_PER_SECOND) * 1000;
  let killTrials = 0;
  const killer = (async () => {
    const gap = phaseMs / (KILLS + 1);
    for (let k = 0; k < KILLS; k++) {
      await sleep(gap * (0.5 + Math.random()));
      const victims = fleet.members.filter((m) => m.up);
      if (victims.length === 0) continue;
      const victim = pick(victims);
      await fleet.kill(victim);
      killTrials++;
      restarts.push(sleep(randomInt(1_000)).then(() => fleet.restart(victim)));
    }
  })();
  const phaseStart = Date.now();
  const firstSyncCalls = recorder.calls.length;
  for (let i = 0; changes.length < CHANGES; i++) {
    await sleep(Math.max(0, phaseStart + (i * 1000) / CHANGES_PER_SECOND - Date.now()));
    const changedAt = Date.now();
    for (const companyId of sandbox.simulateActivity({ portalId: PORTAL, companyFraction: 1 / COMPANIES, seed: `scale-${i}` }).companyIds) {
      changes.push({ companyId, changedAt, deliveredAt: Date.now() });
      deliveries.push(deliver(companyId));
    }
  }
  await Promise.all(deliveries);
  await killer;
  await Promise.all(restarts);
  log(`changes delivered (${webhookRetries} webhook retries); waiting for the queues to drain`);
  await waitFor('the changes to settle', idle, 300_000);
  await sleep(3_000); // let a late duplicate write show up
  await waitFor('the changes to settle', idle, 60_000);
  const crmCalls = [...recorder.calls];

  // 3. Card load across the HTTP processes (stored results: no CRM calls).
  log(`settled; card load for ${CARD_SECONDS}s at concurrency ${CARD_CONCURRENCY}`);
  const http = fleet.httpMembers();
  const latencies: number[] = [];
  let cardErrors = 0;
  const cardUntil = performance.now() + CARD_SECONDS * 1000;
  let n = 0;
  await Promise.all(
    Array.from({ length: CARD_CONCURRENCY }, async () => {
      while (performance.now() < cardUntil) {
        const i = n++;
        const t = performance.now();
        const r = await cardRequest(http[i % http.length]!, companyIds[i % companyIds.length]!);
        await r.arrayBuffer();
        if (r.status === 200) latencies.push(performance.now() - t);
        else cardErrors++;
      }
    }),
  );

  // 4. What the sidecar holds per company (its stored result), then what the CRM received.
  // A scheduled sync may compute new results meanwhile: read until none was computed during the read.
  const newest = async () => (await db.query<{ t: string | null }>('select max(computed_at)::text as t from account_results')).rows[0]!.t;
  const stored = new Map<string, Record<string, string>>();
  for (let settled = false; !settled; ) {
    await waitFor('the queues to drain', idle, 120_000);
    const before = await newest();
    await sleep(2_500); // past the view cache's TTL
    for (const id of companyIds) {
      const view = SuccessView.parse(await (await cardRequest(http[0]!, id)).json());
      if (view.state === 'ready') stored.set(id, view.result.properties);
    }
    settled = (await idle()) && (await newest()) === before;
  }
  await fleet.stop();
  log('reading every company\'s property history from the sandbox');
  const hs = new Client({ accessToken: sandbox.portals[0]!.accessToken, basePath: sandbox.url, numberOfApiCallRetries: 6 });
  const histories = new Map<string, Record<string, HistoryEntry[]>>();
  let finalValueMismatches = 0;
  const mismatched = new Set<string>();
  for (const id of companyIds) {
    const r = await hs.crm.companies.basicApi.getById(id, [...PROPERTY_NAMES], [...PROPERTY_NAMES]);
    const h = Object.fromEntries(Object.entries(r.propertiesWithHistory ?? {}).map(([k, list]) => [k, list.map((e) => ({ value: e.value, timestamp: new Date(e.timestamp).getTime() }))]));
    histories.set(id, h);
    const expected = stored.get(id);
    // success_computed_at goes out only with another change (server/sync/diff.ts): not compared.
    const differing = PROPERTY_NAMES.filter((p) => p !== 'success_computed_at' && (r.properties[p] ?? '') !== (expected?.[p] ?? ''));
    if (differing.length > 0) {
      mismatched.add(id);
      finalValueMismatches++;
      log(`mismatch: company ${id}: ${differing.map((p) => `${p} CRM ${JSON.stringify(r.properties[p])} vs stored ${JSON.stringify(expected?.[p])}`).join('; ')}`);
    }
    await sleep(1_000 / Math.max(1, RATE_LIMIT / 20)); // stay well inside the portal's budget
  }

  const freshness: number[] = [];
  const timings: ChangeTiming[] = [];
  let resultsLost = 0;
  let unchangedResults = 0;
  for (const c of changes) {
    const landed = landedAt(histories.get(c.companyId)?.success_computed_at ?? [], c.changedAt);
    if (landed === null && !mismatched.has(c.companyId)) unchangedResults++; // a result equal to what the CRM held: nothing to write
    else if (landed === null) {
      resultsLost++;
      log(`lost: company ${c.companyId} changed at ${new Date(c.changedAt).toISOString()}; success_computed_at written: ${JSON.stringify(histories.get(c.companyId)?.success_computed_at?.map((h) => h.value))}`);
    }
    else freshness.push(landed - c.deliveredAt);
    timings.push({ companyId: c.companyId, deliveredAt: c.deliveredAt, landedAt: landed });
  }
  const jobRows = await db.query<{ account_id: string; created: string; due: string; started: string; completed: string | null; retry_count: number }>(
    `select data->>'accountId' as account_id, (extract(epoch from created_on) * 1000)::float8 as created, (extract(epoch from start_after) * 1000)::float8 as due,
            (extract(epoch from started_on) * 1000)::float8 as started, (extract(epoch from completed_on) * 1000)::float8 as completed, retry_count
       from pgboss.job where name = 'recompute-account' and started_on is not null and output->>'handedBack' is null`,
  );
  const breakdown = stages(
    timings,
    jobRows.rows.map((r): RecomputeJobRow => ({ accountId: r.account_id, createdMs: Number(r.created), dueMs: Number(r.due), startedMs: Number(r.started), completedMs: r.completed === null ? null : Number(r.completed), retryCount: r.retry_count })),
  );
  let duplicates = 0;
  for (const h of histories.values()) for (const list of Object.values(h)) duplicates += duplicateWrites(list);
  const general = crmCalls.filter((c) => !c.search);
  const limited = crmCalls.filter((c) => c.status === 429).length;
  const cardSecondsRun = CARD_SECONDS;
  const round = (x: number | null) => (x === null ? null : Math.round(x));
  process.stdout.write(
    `${JSON.stringify({
      bench: 'scale',
      processes: fleet.members.length,
      roles: { http: HTTP, worker: WORKERS },
      companies: COMPANIES,
      changes: changes.length,
      webhookRetries,
      recomputeDebounceSeconds: RECOMPUTE_DEBOUNCE_SECONDS,
      freshnessP50Ms: round(percentile(freshness, 50)),
      freshnessP95Ms: round(percentile(freshness, 95)),
      freshnessMaxMs: round(percentile(freshness, 100)),
      stages: breakdown,
      rateLimitPer10s: RATE_LIMIT,
      maxCallsPer10s: maxInWindow(general.map((c) => c.at), 10_000),
      maxSearchCallsPer1s: maxInWindow(crmCalls.filter((c) => c.search).map((c) => c.at), 1_000),
      crmCalls: crmCalls.length,
      // The change phase alone (first sync left out): where the recomputes' calls go.
      changePhaseCrmCalls: crmCalls.length - firstSyncCalls,
      changePhaseCallsByEndpoint: callsByEndpoint(crmCalls.slice(firstSyncCalls)),
      rateLimited429Fraction: crmCalls.length === 0 ? 0 : Number((limited / crmCalls.length).toFixed(4)),
      killTrials,
      restarts: fleet.members.reduce((s, m) => s + m.restarts, 0),
      resultsLost,
      unchangedResults,
      finalValueMismatches,
      duplicateWrites: duplicates,
      cardRequests: latencies.length,
      cardErrors,
      cardRequestsPerSecond: Math.round(latencies.length / cardSecondsRun),
      cardP50Ms: round(percentile(latencies, 50)),
      cardP99Ms: round(percentile(latencies, 99)),
      durationSeconds: Math.round((Date.now() - started) / 1000),
      node: process.version,
      loadAverage1m: Number(loadavg()[0]!.toFixed(1)),
    })}\n`,
  );
} catch (error) {
  process.stderr.write(`bench:scale failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  exitCode = 1;
} finally {
  await fleet.stop().catch(() => undefined);
  await db.end().catch(() => undefined);
  await admin.query(`drop database if exists ${dbName} with (force)`).catch(() => undefined);
  await admin.end().catch(() => undefined);
  await recorder.close();
  await sandbox.close();
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);
