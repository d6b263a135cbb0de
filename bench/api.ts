// npm run bench:api [-- --seconds 10 --concurrency 20 --accounts 300]
// One JSON line: requests/s and latency percentiles of the company success endpoint, signed like
// HubSpot signs a card's fetch, at HubSpot's per-account concurrency cap (20), on a warm portfolio.
// The sidecar runs as `npm start` does (sandbox + sidecar + embedded PGlite) in its own process;
// this process only generates load (keep-alive connections, requests signed once up front).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { asRelayedByHubSpot, DEMO_USER_ID } from '../server/cli/sign.ts';
import { hubSpotSignatureHeaders } from '../server/http/signature.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string' }, concurrency: { type: 'string' }, accounts: { type: 'string' }, 'database-url': { type: 'string' } } });
const seconds = Number(values.seconds ?? 10);
const concurrency = Number(values.concurrency ?? 20);
const accounts = Number(values.accounts ?? 300);
const secret = 'bench-api-client-secret';
const dataDir = mkdtempSync(join(tmpdir(), 'bench-api-'));

const child = spawn(process.execPath, ['server/cli.ts', 'start', '--accounts', String(accounts)], {
  env: { ...process.env, PORT: '0', DATA_DIR: dataDir, HUBSPOT_CLIENT_SECRET: secret, DATABASE_URL: values['database-url'] ?? '', LOG_LEVEL: 'error' },
  stdio: ['ignore', 'pipe', 'inherit'],
});

async function readStart(): Promise<{ sidecar: string; portalId: string }> {
  let sidecar = '';
  let portalId = '';
  for await (const line of createInterface({ input: child.stdout })) {
    const s = /^\s+sidecar\s+(\S+)/.exec(line);
    if (s) sidecar = s[1]!;
    const p = /^\s+demo portal\s+(\d+)/.exec(line);
    if (p) portalId = p[1]!;
    if (line.startsWith('Ctrl-C')) return { sidecar, portalId };
  }
  throw new Error('npm start ended before it was ready');
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

try {
  const { sidecar, portalId } = await readStart();
  const base = new URL(sidecar);
  // Card requests as HubSpot relays them: userId, portalId, userEmail, appId appended, the full URL signed.
  const relayed = (path: string) => new URL(asRelayedByHubSpot(new URL(path, base).toString(), { userId: DEMO_USER_ID, userEmail: 'bench@example.com' }));
  const listUrl = relayed(`/api/v1/hubspot/${portalId}/companies?limit=200`);
  const portfolio = await fetch(listUrl, {
    headers: hubSpotSignatureHeaders({ secret, method: 'GET', url: listUrl.toString(), rawBody: '', timestamp: String(Date.now()) }),
  }).then((r) => r.json() as Promise<{ items: Array<{ companyId: string }>; total: number }>);
  const signedAt = String(Date.now());
  const targets = portfolio.items.map((i) => {
    const url = relayed(`/api/v1/hubspot/${portalId}/companies/${i.companyId}/success`);
    return { path: `${url.pathname}${url.search}`, headers: hubSpotSignatureHeaders({ secret, method: 'GET', url: url.toString(), rawBody: '', timestamp: signedAt }) };
  });
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const get = (t: (typeof targets)[number]) =>
    new Promise<number>((resolve, reject) => {
      const started = performance.now();
      const req = request({ host: base.hostname, port: base.port, path: t.path, headers: t.headers, agent }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`status ${res.statusCode} for ${t.path}`))));
      });
      req.on('error', reject);
      req.end();
    });

  const run = async (ms: number, record: number[] | null) => {
    const until = performance.now() + ms;
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < until) {
          const latency = await get(targets[next++ % targets.length]!);
          record?.push(latency);
        }
      }),
    );
  };
  await run(2_000, null); // warm-up: JIT, connections, caches
  const latencies: number[] = [];
  const started = performance.now();
  await run(seconds * 1000, latencies);
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  console.log(
    JSON.stringify({
      bench: 'api',
      endpoint: 'GET /api/v1/hubspot/{portalId}/companies/{companyId}/success',
      accounts: portfolio.total,
      concurrency,
      seconds,
      requests: latencies.length,
      requestsPerSecond: Math.round(latencies.length / elapsed),
      p50Ms: round(percentile(latencies, 50)),
      p90Ms: round(percentile(latencies, 90)),
      p99Ms: round(percentile(latencies, 99)),
      maxMs: round(latencies.at(-1) ?? NaN),
      database: values['database-url'] ? 'postgres' : 'pglite',
      node: process.version,
    }),
  );
  agent.destroy();
} finally {
  child.kill('SIGINT');
  await new Promise((resolve) => child.once('exit', resolve));
  rmSync(dataDir, { recursive: true, force: true });
}
