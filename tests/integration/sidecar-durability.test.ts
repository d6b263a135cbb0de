// A sidecar process killed (SIGKILL) after computing results but before writing them to the CRM
// loses nothing: after a restart on the same database every result reaches the CRM, once.
// The sidecar runs as the real CLI (`serve`) in child processes; the HubSpot sandbox stays up in
// the test process, so what the CRM received can be counted (property history keeps every write).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@hubspot/api-client';
import { SuccessView } from '../../server/api/contracts.ts';
import { withHubSpotFetchParams } from '../../server/http/hubspot-caller.ts';
import { hubSpotSignatureHeaders } from '../../server/http/signature.ts';
import { freePort, installIntoSandbox } from '../../server/cli/local-install.ts';
import { generateKeyEntry } from '../../server/store/token-crypto.ts';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../sandbox/hubspot/server.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PORTAL = 62515;
const SECRET = 'durability-client-secret';
const COMPANIES = 6;

let sandbox: HubSpotSandbox;
let dataDir: string;
let port: number;
let env: Record<string, string>;
const children: ChildProcess[] = [];

/** Starts `serve --role <role>` and resolves once it listens (or, for workers, once it runs). */
async function serve(role: 'http' | 'all'): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['server/cli.ts', 'serve', '--role', role], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.includes('serve: ')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  return child;
}

const url = (path: string) => `http://127.0.0.1:${port}${path}`;

/** A card request as HubSpot relays it: its four parameters appended for the installing user, the full URL signed. */
function signed(method: string, path: string, body = ''): Promise<Response> {
  const target = withHubSpotFetchParams(url(path), { userId: sandbox.installerUserId(PORTAL), portalId: PORTAL });
  const headers = hubSpotSignatureHeaders({ secret: SECRET, method, url: target, rawBody: body, timestamp: String(Date.now()) });
  return fetch(target, { method, headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body } : {}) });
}

/** Every write the CRM received to our score property of a company, newest first. */
async function writesOf(companyId: string): Promise<string[]> {
  const hs = new Client({ accessToken: sandbox.portals[0]!.accessToken, basePath: sandbox.url });
  const r = await hs.crm.companies.basicApi.getById(companyId, ['success_rob_score'], ['success_rob_score']);
  return (r.propertiesWithHistory?.success_rob_score ?? []).map((h) => h.value);
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

beforeAll(async () => {
  port = await freePort();
  dataDir = mkdtempSync(join(tmpdir(), 'sidecar-durability-'));
  sandbox = await startHubSpotSandbox({
    portals: [{ portalId: PORTAL, accounts: COMPANIES, seed: 'durability', ticketsPerAccount: 4 }],
    rateLimit: { perTenSeconds: 10_000 },
    oauthClient: { clientId: 'durability-app', clientSecret: SECRET, redirectUri: `http://127.0.0.1:${port}/oauth/hubspot/callback` },
  });
  env = {
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: dataDir,
    DATABASE_URL: '',
    HUBSPOT_CLIENT_ID: 'durability-app',
    HUBSPOT_CLIENT_SECRET: SECRET,
    HUBSPOT_BASE_URL: sandbox.url,
    HUBSPOT_AUTHORIZE_URL: `${sandbox.url}/oauth/authorize`,
    TOKEN_ENCRYPTION_KEY: generateKeyEntry('test1'),
    LOG_LEVEL: 'silent',
  };
});

afterAll(async () => {
  for (const c of children) await kill(c);
  await sandbox.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('durability', () => {
  it('writes every computed result to the CRM exactly once after a SIGKILL between compute and drain', async () => {
    // 1. An HTTP-only process (no job workers): installs, computes on request, queues the writes.
    const first = await serve('http');
    await installIntoSandbox(url(''));
    const ids = sandbox.seeded(PORTAL).map((s) => s.companyId);
    expect(ids).toHaveLength(COMPANIES);
    const computed = new Map<string, string>();
    for (const id of ids) {
      const r = await signed('POST', `/api/v1/hubspot/${PORTAL}/companies/${id}/recompute`);
      expect(r.status).toBe(200);
      const view = SuccessView.parse(((await r.json()) as { view: unknown }).view);
      if (view.state !== 'ready') throw new Error('expected a computed view');
      expect(view.pendingWrite).toBe(true);
      computed.set(id, view.result.properties.success_rob_score);
    }
    for (const id of ids) expect(await writesOf(id)).toEqual([]); // nothing reached the CRM yet

    // 2. The process dies without warning.
    await kill(first);

    // 3. A new process on the same database drains what was pending (and runs the install's first sync).
    await serve('all');
    const deadline = Date.now() + 60_000;
    for (;;) {
      const counts = await Promise.all(ids.map(async (id) => (await writesOf(id)).length));
      if (counts.every((n) => n > 0)) break;
      if (Date.now() > deadline) throw new Error(`writes still missing after restart: ${JSON.stringify(counts)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    // Let any duplicate write show up before counting.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    for (const id of ids) {
      const writes = await writesOf(id);
      expect(writes).toHaveLength(1);
      const view = SuccessView.parse(await (await signed('GET', `/api/v1/hubspot/${PORTAL}/companies/${id}/success`)).json());
      if (view.state !== 'ready') throw new Error('expected a stored view');
      expect(writes[0]).toBe(view.result.properties.success_rob_score);
      expect(view.pendingWrite).toBe(false);
      expect(computed.has(id)).toBe(true);
    }
  }, 120_000);
});
