// npm run bench:sync -- --crm salesforce [--accounts 5000 --tickets 25 --seed bench --naive-sample 250]
// One JSON line: a full sync of a Salesforce org through the product's CLI (`sync --crm salesforce`,
// its own process, real jsforce) against the sandbox (another process), the calls the sandbox saw
// by kind, the fewest calls the limits allow for the same data (bench/sf-minimum.ts), calls per
// 1,000 accounts and the share of the daily allowance; a second run over unchanged data (no
// writes); and a naive integration (bench/naive-sync-salesforce.ts) run for real on the first
// `--naive-sample` accounts and scaled linearly to the whole org (the field names say so).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { readSessionFile } from '../server/cli/salesforce-session-file.ts';
import { OrgRefresher, SalesforceClient, type SalesforceTokens } from '../server/crm/salesforce/client.ts';
import { soql } from '../server/crm/salesforce/soql.ts';
import { DEFAULT_ENGINE_CONFIG } from '../server/domain/engine-config.ts';
import { generateKeyEntry, TokenCipher } from '../server/store/token-crypto.ts';
import { SentimentCache } from '../server/domain/sentiment/cache.ts';
import { naiveSyncAccount } from './naive-sync-salesforce.ts';
import { callsByKind, minimumCalls, recordCounts, type SandboxStats } from './sf-minimum.ts';

const { values } = parseArgs({ options: { crm: { type: 'string' }, accounts: { type: 'string' }, tickets: { type: 'string' }, seed: { type: 'string' }, 'naive-sample': { type: 'string' } } });
const accounts = Number(values.accounts ?? 5000);
const tickets = Number(values.tickets ?? 25);
const seed = values.seed ?? 'bench';
const naiveSample = Math.min(accounts, Number(values['naive-sample'] ?? 250));
const asOf = `${new Date().toISOString().slice(0, 10)}T00:00:00.000Z`;
const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;

const SandboxInfo = z.object({
  url: z.string(),
  orgs: z.array(z.object({ orgId: z.string(), userId: z.string(), refreshToken: z.string() })).min(1),
  client: z.object({ clientId: z.string(), clientSecret: z.string() }),
});
const Report = z.looseObject({
  accountsRead: z.number(),
  accountsChanged: z.number(),
  propertiesWritten: z.number(),
  unchanged: z.number(),
  failed: z.array(z.unknown()),
  apiCalls: z.record(z.string(), z.number()),
  apiCallsTotal: z.number(),
  durationMs: z.number(),
});
const Stats = z.object({ requests: z.number(), byRoute: z.record(z.string(), z.record(z.string(), z.number())), collectionSizes: z.array(z.number()) });
const Usage = z.object({ used: z.number(), max: z.number() });

const work = mkdtempSync(join(tmpdir(), 'bench-sf-'));
const sandbox = spawn(process.execPath, ['server/cli.ts', 'sandbox', '--crm', 'salesforce', '--port', '0', '--accounts', String(accounts), '--seed', seed, '--tickets', String(tickets), '--as-of', asOf], { stdio: ['ignore', 'pipe', 'inherit'] });
let stopping = false;
sandbox.on('exit', (code, signal) => {
  if (!stopping) process.stderr.write(`bench: the Salesforce sandbox exited (code ${code}, signal ${signal})\n`);
});
try {
  const [firstLine] = (await once(createInterface({ input: sandbox.stdout }), 'line')) as [string];
  const info = SandboxInfo.parse(JSON.parse(firstLine));
  const org = info.orgs[0]!;
  const control = async (path: string, body?: unknown): Promise<unknown> => {
    const res = await fetch(new URL(`/__sandbox/${path}`, info.url), body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`sandbox control ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const stats = async (): Promise<SandboxStats> => Stats.parse(await control('stats'));

  const state = join(work, 'state.json');
  /** The CLI keeps its Salesforce session encrypted with this key (one per bench run). */
  const sessionKey = generateKeyEntry('bench');
  /** `sync --crm salesforce` exactly as a user runs it; the sandbox's request counts around it. */
  const cliSync = async () => {
    await control('reset-stats', {});
    const started = Date.now();
    const cli = spawn(process.execPath, ['server/cli.ts', 'sync', '--crm', 'salesforce', '--instance-url', info.url, '--login-url', info.url, '--state', state, '--as-of', asOf], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, SALESFORCE_CONSUMER_KEY: info.client.clientId, SALESFORCE_CONSUMER_SECRET: info.client.clientSecret, SALESFORCE_REFRESH_TOKEN: org.refreshToken, TOKEN_ENCRYPTION_KEY: sessionKey },
    });
    let out = '';
    cli.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const [code] = (await once(cli, 'exit')) as [number | null];
    const wallMs = Date.now() - started;
    if (code !== 0) throw new Error(`sync --crm salesforce exited with ${code}: ${out}`);
    const report = Report.parse(JSON.parse(out.trim().split('\n').at(-1) ?? ''));
    return { report, wallMs, seen: await stats() };
  };

  const full = await cliSync();
  const second = await cliSync();

  // A connection of the bench's own, on the session the CLI kept, for counting and the naive run.
  const session = readSessionFile(`${state}.session.json`, TokenCipher.fromText(sessionKey));
  if (!session) throw new Error('the CLI kept no Salesforce session');
  let tokens: SalesforceTokens = session;
  const vault = { load: () => Promise.resolve(tokens), save: (_org: string, next: SalesforceTokens) => Promise.resolve(void (tokens = next)) };
  const refresher = new OrgRefresher({ loginUrl: info.url, clientId: info.client.clientId, clientSecret: info.client.clientSecret, redirectUri: '' }, vault);
  const client = new SalesforceClient({ orgId: session.orgId, userId: session.userId, loginUrl: info.url, tokens, refresher });
  const counts = await recordCounts(client);
  const sample = ((await client.conn.query<{ Id: string }>(soql`SELECT Id FROM Account ORDER BY Id LIMIT ${naiveSample}`)).records).map((r) => r.Id);

  await control('reset-stats', {});
  const engine = { config: DEFAULT_ENGINE_CONFIG, sentiment: new SentimentCache() };
  const naiveStarted = Date.now();
  for (const id of sample) if (!(await naiveSyncAccount(client, id, asOf, engine))) throw new Error(`naive: account ${id} not found`);
  const naiveMs = Date.now() - naiveStarted;
  const naive = callsByKind(await stats());
  const usage = Usage.parse(await control(`usage/${org.orgId}`));

  const seen = callsByKind(full.seen);
  const fixedCalls = seen.total - full.report.apiCallsTotal;
  const minimum = minimumCalls(counts, full.report.accountsChanged, fixedCalls);
  const secondSeen = callsByKind(second.seen);
  const naivePerAccount = naive.total / sample.length;
  console.log(JSON.stringify({
    bench: 'sync',
    crm: 'salesforce',
    accounts,
    ticketsPerAccount: tickets,
    records: counts,
    apiCalls: seen.total,
    apiCallsByKind: seen.byKind,
    syncApiCalls: full.report.apiCallsTotal,
    fixedCalls,
    apiCallsMinimum: minimum.total,
    apiCallsMinimumParts: minimum.parts,
    apiCallsRatio: round(seen.total / minimum.total),
    syncApiCallsRatio: round(full.report.apiCallsTotal / (minimum.total - fixedCalls)),
    apiCallsPer1000Accounts: Math.round((seen.total / accounts) * 1000),
    dailyAllowance: usage.max,
    fullSyncShareOfDailyAllowance: round(seen.total / usage.max, 4),
    accountsChanged: full.report.accountsChanged,
    propertiesWritten: full.report.propertiesWritten,
    failed: full.report.failed.length,
    maxRecordsPerCollectionCall: Math.max(0, ...full.seen.collectionSizes),
    durationMs: full.report.durationMs,
    cliWallMs: full.wallMs,
    accountsPerSecond: Math.round(accounts / (full.report.durationMs / 1000)),
    secondRunApiCalls: secondSeen.total,
    secondRunApiCallsByKind: secondSeen.byKind,
    secondRunAccountsChanged: second.report.accountsChanged,
    secondRunWrites: secondSeen.byKind.collections ?? 0,
    secondRunDurationMs: second.report.durationMs,
    naiveSampleAccounts: sample.length,
    naiveSampleApiCalls: naive.total,
    naiveSampleApiCallsByKind: naive.byKind,
    naiveApiCallsPerAccount: round(naivePerAccount, 2),
    naiveApiCallsScaledToAllAccounts: Math.round(naivePerAccount * accounts),
    naiveFactorScaled: round((naivePerAccount * accounts) / seen.total, 1),
    naiveDurationMsScaledToAllAccounts: Math.round((naiveMs / sample.length) * accounts),
    loadAverage1m: round(loadavg()[0] ?? 0, 1),
    node: process.version,
  }));
} finally {
  stopping = true;
  sandbox.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}
