// The `sync` command run as a real process against an in-process sandbox: the report line, the
// state file that makes `--since last` work, exit codes, and refusing bad input up front.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

  it('--dry-run keeps no state: no completed sync for --since last, and a real run’s state file stays as it was', async () => {
    const state = join(dir, 'dry.json');
    const args = [...base().slice(0, -4), '--state', state, '--as-of', '2026-11-01T00:00:00.000Z'];
    const dry = await runCli([...args, '--dry-run'], '', env);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ mode: 'full', dryRun: true, accountsRead: 30, interrupted: false });
    expect(existsSync(state)).toBe(false);
    const since = await runCli([...args, '--since', 'last'], '', env);
    expect(since.code).toBe(1);
    expect(since.stderr).toMatch(/run a full sync first/);

    expect((await runCli(args, '', env)).code).toBe(0);
    const kept = readFileSync(state, 'utf8');
    const dryAgain = await runCli([...args, '--since', 'last', '--dry-run'], '', env);
    expect(dryAgain.code).toBe(0);
    expect(JSON.parse(dryAgain.stdout)).toMatchObject({ mode: 'incremental', dryRun: true });
    expect(readFileSync(state, 'utf8')).toBe(kept);
  }, 60_000);

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

  it('takes the retry list’s limits as options: --retry-give-up-after 1 gives up a company it could not read at once; a bad value is refused naming the option', async () => {
    const state = join(dir, 'limits.json');
    const bad = sandbox.seeded(62515)[0]!.companyId;
    sandbox.setFaults({ associationFailures: { from: 'companies', to: 'tickets', ids: [bad] } });
    try {
      const run = await runCli([...base().slice(0, -4), '--state', state, '--retry-give-up-after', '1', '--retry-max-ids', '10'], '', env);
      expect(run.code).toBe(2);
      const report = JSON.parse(run.stdout) as { failed: Array<{ id: string }>; warnings: string[] };
      expect(report.failed.map((f) => f.id)).toEqual([bad]);
      expect(report.warnings).toEqual([expect.stringMatching(new RegExp(`^gave up reading again 1 account\\(s\\) after 1 consecutive failed syncs: ${bad} \\(read_failed: `))]);
      expect(run.stderr).toContain('sync: warning: gave up reading again 1 account(s)');
      expect((JSON.parse(readFileSync(state, 'utf8')) as { retry: unknown }).retry).toEqual({});
    } finally {
      sandbox.setFaults(null);
    }

    for (const [flag, value] of [['--retry-give-up-after', '0'], ['--retry-max-ids', '100001'], ['--retry-max-ids', 'many']] as const) {
      const refused = await runCli([...base(), flag, value], '', env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`${flag} must be a whole number from 1 to ${flag === '--retry-max-ids' ? 100000 : 1000}, got "${value}"`);
    }
  }, 90_000);

  it('reads the portal through a custom mapping', async () => {
    const mapping = join(dir, 'mapping-ok.json');
    writeFileSync(mapping, JSON.stringify({ currency: 'EUR' }));
    const run = await runCli([...base(), '--mapping', mapping, '--accounts', sandbox.seeded(62515)[0]!.companyId, '--dry-run'], '', env);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ mode: 'accounts', accountsRead: 1, dryRun: true });
  });
});
