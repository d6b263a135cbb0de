// `sandbox --crm salesforce` as a separate process: one JSON line with the URL, the org's
// credentials and the OAuth client, then driven with jsforce and over the /__sandbox/ control API.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Connection } from 'jsforce';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { runCli } from '../helpers/cli.ts';
import { SF_VERSION } from '../helpers/salesforce.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Started {
  crm: string;
  url: string;
  orgs: Array<{ orgId: string; userId: string; username: string; instanceUrl: string; accessToken: string; refreshToken: string }>;
  client: { clientId: string; clientSecret: string; redirectUri: string };
}

let child: ChildProcessWithoutNullStreams;
let info: Started;

beforeAll(async () => {
  child = spawn(process.execPath, ['server/cli.ts', 'sandbox', '--crm', 'salesforce', '--port', '0', '--accounts', '7', '--seed', 'cli', '--daily-api-requests', '40'], { cwd: ROOT });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`sandbox exited early (${code})`)));
  });
  info = JSON.parse(out.trim()) as Started;
});

afterAll(async () => {
  if (child.exitCode === null) {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
});

describe('sandbox --crm salesforce', () => {
  it('prints one JSON line with the url, the org credentials and the OAuth client', () => {
    expect(info.crm).toBe('salesforce');
    expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(info.orgs).toEqual([{ orgId: expect.stringMatching(/^00D[A-Za-z0-9]{15}$/), userId: expect.stringMatching(/^005/), username: expect.any(String), instanceUrl: info.url, accessToken: expect.any(String), refreshToken: expect.any(String) }]);
    expect(info.client).toEqual({ clientId: expect.any(String), clientSecret: expect.any(String), redirectUri: expect.any(String) });
  });

  it('serves the org to jsforce with the configured allowance', async () => {
    const org = info.orgs[0]!;
    const conn = new Connection({ version: SF_VERSION, instanceUrl: org.instanceUrl, accessToken: org.accessToken });
    expect((await conn.query('SELECT COUNT() FROM Account')).totalSize).toBe(7);
    expect(conn.limitInfo.apiUsage?.limit).toBe(40);
    const usage = (await (await fetch(`${info.url}/__sandbox/usage/${org.orgId}`)).json()) as { used: number; max: number };
    expect(usage).toEqual({ used: 1, max: 40 });
  });

  it('refuses HubSpot-only flags and unknown CRMs', async () => {
    const portal = await runCli(['sandbox', '--crm', 'salesforce', '--portal-id', '5']);
    expect(portal.code).toBe(1);
    expect(portal.stderr).toContain('--portal-id applies to the HubSpot sandbox only');
    const unknown = await runCli(['sandbox', '--crm', 'pipedrive']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('--crm must be one of hubspot, salesforce');
  });
});
