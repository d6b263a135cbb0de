// `start` (what `npm start` runs): everything on one machine with no configuration — the HubSpot
// sandbox with a demo portfolio and the Salesforce sandbox with a demo org of the same size
// (salesforce-start.ts), the sidecar on embedded PGlite configured for both, installed into the
// sandbox portal and the sandbox org through the real OAuth flows, the jobs, and both first syncs. Prints where everything is and a
// signed curl command. Honours PORT, HOST (loopback only), HUBSPOT_CLIENT_SECRET, HUBSPOT_APP_ID,
// DEMO_PORTAL_ID and DATABASE_URL. Demo mode only, never a deployment: the web console
// (server/http/routes/console.ts) at `/` signs requests for whoever can reach it, so `start`
// refuses to listen anywhere but on loopback.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { z } from 'zod';
import { startHubSpotSandbox } from '../../sandbox/hubspot/server.ts';
import { isLoopbackHost, parseEnv } from '../config.ts';
import { generateKeyEntry } from '../store/token-crypto.ts';
import { consoleRoutes } from '../http/routes/console.ts';
import type { ConsoleBackend } from '../http/routes/console-data.ts';
import { startSidecar, type Sidecar } from '../sidecar.ts';
import { freePort, installIntoSandbox } from './local-install.ts';
import { startSalesforceDemo, type SalesforceDemo } from './salesforce-start.ts';
import { asRelayedByHubSpot, signedCurl } from './sign.ts';
import { parseCommandArgs, positiveInt, UsageError } from './args.ts';

const DemoSecrets = z.object({ clientSecret: z.string().min(8), tokenKey: z.string().min(8) });

/** Secrets the demo made up itself, kept in the data directory so a restart can read its own data. */
function demoSecrets(dataDir: string): { clientSecret: string; tokenKey: string; created: boolean } {
  const path = join(dataDir, 'demo-secrets.json');
  if (existsSync(path)) return { ...DemoSecrets.parse(JSON.parse(readFileSync(path, 'utf8'))), created: false };
  const secrets = { clientSecret: randomBytes(24).toString('base64url'), tokenKey: generateKeyEntry('demo1') };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(path, `${JSON.stringify(secrets)}\n`, { mode: 0o600 });
  return { ...secrets, created: true };
}

export async function startCommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, { accounts: { type: 'string' }, seed: { type: 'string' } });
  const accounts = positiveInt(args.accounts, 'accounts', 300);
  if (accounts === 0) throw new UsageError('--accounts must be at least 1');
  const startedAt = Date.now();
  const base = parseEnv(process.env);
  if (!isLoopbackHost(base.HOST)) {
    throw new UsageError(`HOST=${base.HOST}: npm start is a local demo and listens on loopback only (its console signs requests for whoever can reach it). Use HOST=127.0.0.1, or deploy with \`npm run cli -- serve\` (see README, "The sidecar service").`);
  }
  const portalId = Number(process.env.DEMO_PORTAL_ID ?? 62515);
  if (!Number.isSafeInteger(portalId) || portalId <= 0) throw new UsageError(`DEMO_PORTAL_ID must be a positive number, got "${process.env.DEMO_PORTAL_ID}"`);
  const secrets = demoSecrets(base.DATA_DIR);
  const clientSecret = base.HUBSPOT_CLIENT_SECRET ?? secrets.clientSecret;
  const port = base.PORT === 0 ? await freePort(base.HOST) : base.PORT;
  const localUrl = `http://${base.HOST.includes(':') && !base.HOST.startsWith('[') ? `[${base.HOST}]` : base.HOST}:${port}`;
  const sidecarUrl = base.PUBLIC_URL ?? localUrl;
  const clientId = base.HUBSPOT_CLIENT_ID ?? 'success-sidecar-demo';

  // The demo portal allows 1,100 calls per 10 s (a scaled limit, so the first sync of 300
  // companies takes seconds, not minutes); the sidecar spends it like a real portal's 110.
  const perTenSeconds = 1_100;
  const sandbox = await startHubSpotSandbox({
    portals: [{ portalId, accounts, seed: args.seed ?? 'demo', ticketsPerAccount: 12 }],
    rateLimit: { perTenSeconds },
    oauthClient: { clientId, clientSecret, redirectUri: new URL('/oauth/hubspot/callback', sidecarUrl).toString() },
  });
  let sidecar: Sidecar | null = null;
  let salesforce: SalesforceDemo | null = null;
  try {
    salesforce = await startSalesforceDemo({ accounts, seed: args.seed ?? 'demo', sidecarUrl, localUrl: () => localUrl });
    const env = parseEnv({
      ...process.env,
      PORT: String(port),
      HUBSPOT_CLIENT_ID: clientId,
      HUBSPOT_CLIENT_SECRET: clientSecret,
      HUBSPOT_BASE_URL: sandbox.url,
      HUBSPOT_AUTHORIZE_URL: new URL('/oauth/authorize', sandbox.url).toString(),
      TOKEN_ENCRYPTION_KEY: process.env.TOKEN_ENCRYPTION_KEY || secrets.tokenKey,
      ...salesforce.env,
      PUBLIC_URL: sidecarUrl,
      LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
    });
    // The console acts as the user who installed the demo portal (its first admin), as HubSpot would relay that user's card.
    const demoUser = { userId: String(sandbox.installerUserId(portalId)), userEmail: 'demo.admin@example.com' };
    let backend: ConsoleBackend | null = null;
    const webConsole = await consoleRoutes({ portalId: String(portalId), clientSecret, localUrl: () => localUrl, publicUrl: sidecarUrl, user: demoUser, appId: env.HUBSPOT_APP_ID ?? null, backend: () => backend });
    sidecar = await startSidecar({ env, role: 'all', crmPerTenSeconds: perTenSeconds - 10, jobs: { pollingIntervalSeconds: 0.5 }, extraRoutes: [webConsole.router, salesforce.consoleRouter] });
    backend = consoleBackend(sidecar);
    salesforce.attach(sidecar);
    await installIntoSandbox(sidecar.url);
    // The console is usable from here on: it shows the first sync filling the portfolio (the org's side once it is installed, next).
    process.stdout.write(`  console         ${sidecar.url}/   (open it now: the portfolio fills in as the first sync scores companies)\n`);
    await salesforce.install(sidecar.url);
    process.stderr.write(`start: installed into sandbox portal ${portalId} and sandbox org ${salesforce.orgId}; first syncs of ${accounts} companies and ${accounts} accounts…\n`);
    const [stored, storedSf] = await Promise.all([waitForFirstSync(sidecar, 'hubspot', String(portalId), accounts), waitForFirstSync(sidecar, 'salesforce', salesforce.orgId, accounts)]);
    const company = sandbox.seeded(portalId)[0]!.companyId;
    const lines = [
      '',
      'Success Sidecar is running (demo mode: local HubSpot and Salesforce sandboxes, embedded database).',
      `  console         ${sidecar.url}/   (open it in a browser: the portfolio and the cards for portal ${portalId}; switch to org ${salesforce.orgId} at the top)`,
      `  sidecar         ${sidecar.url}   (API docs: ${sidecar.url}/openapi.json, health: /readyz, metrics: /metrics)`,
      `  HubSpot sandbox ${sandbox.url}`,
      `  demo portal     ${portalId} — ${stored} companies scored`,
      `  Salesforce sandbox ${salesforce.sandbox.url}`,
      `  demo org        ${salesforce.orgId} — ${storedSf} accounts scored (both in ${((Date.now() - startedAt) / 1000).toFixed(1)} s)`,
      `  Salesforce card ${sidecar.url}/#/salesforce   (the org's accounts; pick one to open its Canvas card as Salesforce posts it, e.g. ${sidecar.url}/#/salesforce/accounts/${salesforce.firstAccountId()})`,
      `  database        ${env.DATABASE_URL ? 'Postgres (DATABASE_URL)' : `PGlite in ${env.DATA_DIR}/db`}`,
    ];
    if (!base.HUBSPOT_CLIENT_SECRET && secrets.created) lines.push(`  client secret   ${clientSecret}   (generated for this demo; kept in ${env.DATA_DIR}/demo-secrets.json)`);
    else if (!base.HUBSPOT_CLIENT_SECRET) lines.push(`  client secret   the demo's own, in ${env.DATA_DIR}/demo-secrets.json`);
    lines.push(
      '',
      'One company, signed like a HubSpot card (valid 5 minutes; `npm run -s cli -- sign <url>` makes a fresh one):',
      `  ${signedCurl({ secret: clientSecret, method: 'GET', url: asRelayedByHubSpot(`${sidecar.url}/api/v1/hubspot/${portalId}/companies/${company}/success`, { ...demoUser, appId: env.HUBSPOT_APP_ID ?? null }) })}`,
      '',
      'Ctrl-C stops everything; the next `npm start` reuses the data directory.',
      '',
    );
    process.stdout.write(lines.join('\n'));
    await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
    process.stderr.write('\nstart: stopping (jobs in flight finish or are released)…\n');
    return 0;
  } finally {
    await sidecar?.close();
    await salesforce?.sandbox.close();
    await sandbox.close();
  }
}

function consoleBackend(sidecar: Sidecar): ConsoleBackend {
  return {
    overview: (portalId, today) => sidecar.store.overview.overview('hubspot', portalId, { today }),
    progress: (portalId) => sidecar.store.overview.progress('hubspot', portalId),
    recomputeAll: async (portalId) => void (await sidecar.jobs.send('sync-portfolio', { crm: 'hubspot', portalId, mode: 'full' })),
  };
}

async function waitForFirstSync(sidecar: Sidecar, crm: 'hubspot' | 'salesforce', portalId: string, expected: number): Promise<number> {
  const deadline = Date.now() + 120_000;
  let last = -1;
  for (;;) {
    const n = await sidecar.store.results.count(crm, portalId);
    if (n >= expected) return n;
    if (n !== last && process.stderr.isTTY) process.stderr.write(`\rstart: ${crm}: ${n}/${expected} accounts scored`);
    last = n;
    if (Date.now() > deadline) {
      process.stderr.write(`\nstart: the first ${crm} sync is still running (${n}/${expected}); the sidecar serves what is ready\n`);
      return n;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
