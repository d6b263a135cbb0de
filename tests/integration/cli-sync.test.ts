// The `sync` command run as a real process against an in-process sandbox: the report line, the
// state file that makes `--since last` work, exit codes, and refusing bad input up front.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../sandbox/hubspot/server.ts';
import { runCli } from '../helpers/cli.ts';

let sandbox: HubSpotSandbox;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  sandbox = await startHubSpotSandbox({ portals: [{ portalId: 62515, accounts: 30, seed: 'cli-sync', ticketsPerAccount: 8 }], rateLimit: { perTenSeconds: 100_000 } });
  dir = mkdtempSync(join(tmpdir(), 'cli-sync-'));
  env = { HUBSPOT_ACCESS_TOKEN: sandbox.portals[0]!.accessToken };
});

afterAll(async () => {
  await sandbox.close();
});

const base = () => ['sync', '--base-url', sandbox.url, '--portal-id', '62515', '--state', join(dir, 'state.json'), '--as-of', '2026-11-01T00:00:00.000Z'];

describe('cli sync', () => {
  it('syncs the portal, then an incremental run from the last sync finds nothing to write', async () => {
    const full = await runCli(base(), '', env);
    expect(full.code).toBe(0);
    const report = JSON.parse(full.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({ mode: 'full', accountsRead: 30, accountsChanged: 30, failed: [] });
    expect(full.stdout).not.toContain(env.HUBSPOT_ACCESS_TOKEN);
    expect(full.stderr).not.toContain(env.HUBSPOT_ACCESS_TOKEN);

    const again = await runCli([...base(), '--since', 'last'], '', env);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ mode: 'incremental', accountsChanged: 0, failed: [] });
  });

  it('refuses to run without a token, with a bad mapping, or with --since last and no earlier sync', async () => {
    const noToken = await runCli(base(), '', { HUBSPOT_ACCESS_TOKEN: '' });
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toMatch(/HUBSPOT_ACCESS_TOKEN/);

    const mapping = join(dir, 'mapping.json');
    writeFileSync(mapping, JSON.stringify({ company: { activeUsers: 'Active Users!' } }));
    const badMapping = await runCli([...base(), '--mapping', mapping], '', env);
    expect(badMapping.code).toBe(1);
    expect(badMapping.stderr).toMatch(/company\.activeUsers/);

    const fresh = await runCli([...base().slice(0, -4), '--state', join(dir, 'none.json'), '--since', 'last'], '', env);
    expect(fresh.code).toBe(1);
    expect(fresh.stderr).toMatch(/run a full sync first/);
  });

  it('reads the portal through a custom mapping', async () => {
    const mapping = join(dir, 'mapping-ok.json');
    writeFileSync(mapping, JSON.stringify({ currency: 'EUR' }));
    const run = await runCli([...base(), '--mapping', mapping, '--accounts', sandbox.seeded(62515)[0]!.companyId, '--dry-run'], '', env);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ mode: 'accounts', accountsRead: 1, dryRun: true });
  });
});
