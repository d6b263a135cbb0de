// `sync --crm salesforce` run as a real process against an in-process Salesforce sandbox: the
// same report line, state file and exit codes as the HubSpot form; the rotated refresh token is
// kept between runs, encrypted with TOKEN_ENCRYPTION_KEY; a second run over unchanged data writes
// nothing; an incremental run reads only the account of a new usage row or task; an org without
// Usage_Snapshot__c.Logins__c syncs with a warning; an access token alone is enough (the org and
// user come from the identity URL Salesforce lists among a version's resources).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../sandbox/salesforce/server.ts';
import { generateKeyEntry } from '../../server/store/token-crypto.ts';
import { runCli } from '../helpers/cli.ts';
import { connect, SF_AS_OF } from '../helpers/salesforce.ts';

const WRITES = 'PATCH /services/data/:version/composite/sobjects';
let sb: SalesforceSandbox;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  sb = await startSalesforceSandbox({ asOf: SF_AS_OF, orgs: [{ accounts: 40, seed: 'cli-sf', ticketsPerAccount: 2 }, { accounts: 6, seed: 'cli-sf-old', ticketsPerAccount: 1, withoutFields: ['Usage_Snapshot__c.Logins__c'] }, { accounts: 3, seed: 'cli-sf-token', ticketsPerAccount: 1 }] });
  dir = mkdtempSync(join(tmpdir(), 'cli-sf-sync-'));
  env = { SALESFORCE_CONSUMER_KEY: sb.client.clientId, SALESFORCE_CONSUMER_SECRET: sb.client.clientSecret, SALESFORCE_REFRESH_TOKEN: sb.orgs[0]!.refreshToken, SALESFORCE_ACCESS_TOKEN: '', TOKEN_ENCRYPTION_KEY: generateKeyEntry('k1') };
});

afterAll(async () => {
  await sb.close();
});

const base = () => ['sync', '--crm', 'salesforce', '--instance-url', sb.orgs[0]!.instanceUrl, '--login-url', sb.url, '--state', join(dir, 'state.json'), '--as-of', SF_AS_OF];

describe('cli sync --crm salesforce', () => {
  // First: later tests move the sandbox's clock past the start-up access tokens' lifetime.
  it('syncs with an access token alone, learning the org and user from Salesforce, and keeps no session', async () => {
    const org = sb.orgs[2]!;
    const state = join(dir, 'access-only.json');
    const run = await runCli(['sync', '--crm', 'salesforce', '--instance-url', org.instanceUrl, '--login-url', sb.url, '--state', state, '--as-of', SF_AS_OF], '', { SALESFORCE_REFRESH_TOKEN: '', SALESFORCE_ACCESS_TOKEN: org.accessToken, TOKEN_ENCRYPTION_KEY: '' });
    expect(run.stderr).not.toContain('could not sign in');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ mode: 'full', accountsRead: 3, accountsChanged: 3, failed: [] });
    expect(run.stdout + run.stderr).not.toContain(org.accessToken);
    expect(existsSync(`${state}.session.json`)).toBe(false);
  });

  it('syncs the org; later runs reuse the rotated session and write nothing over unchanged data', async () => {
    const full = await runCli(base(), '', env);
    expect(full.stderr).toBe('');
    expect(full.code).toBe(0);
    expect(JSON.parse(full.stdout)).toMatchObject({ mode: 'full', accountsRead: 40, accountsChanged: 40, failed: [], interrupted: false });
    for (const secret of [env.SALESFORCE_REFRESH_TOKEN!, sb.orgs[0]!.accessToken]) expect(full.stdout + full.stderr).not.toContain(secret);
    const sessionFile = join(dir, 'state.json.session.json');
    expect(statSync(sessionFile).mode & 0o777).toBe(0o600);
    // Kept encrypted: neither the first refresh token nor the rotated one is in the file in clear.
    const kept = readFileSync(sessionFile, 'utf8');
    expect(kept).not.toContain(env.SALESFORCE_REFRESH_TOKEN!);
    expect(kept).not.toMatch(/5Aep861|!AQ/);

    sb.resetStats();
    const again = await runCli(base(), '', env);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ mode: 'full', accountsRead: 40, accountsChanged: 0, propertiesWritten: 0, failed: [] });
    expect(sb.stats().byRoute[WRITES]).toBeUndefined();
    // The env refresh token was spent by the first run's refresh; reusing it would revoke the grant.
    expect(sb.stats().byRoute['POST /services/oauth2/token']).toBeUndefined();

    const incremental = await runCli([...base(), '--since', 'last'], '', env);
    expect(incremental.code).toBe(0);
    expect(JSON.parse(incremental.stdout)).toMatchObject({ mode: 'incremental', accountsChanged: 0, failed: [] });
  });

  it('an incremental run recomputes exactly the account whose only change is a new usage row, then a new task', async () => {
    const conn = connect(sb, sb.orgs[0]!);
    const [a, b] = (await conn.query<{ Id: string }>('SELECT Id FROM Account ORDER BY Id LIMIT 2')).records.map((r) => r.Id);
    await conn.sobject('Usage_Snapshot__c').create({ Account__c: a, Snapshot_Date__c: SF_AS_OF.slice(0, 10), Active_Users__c: 1, Logins__c: 3 });
    // The next run's `--since last` is this run's start, rounded down to the second by SOQL: start
    // it in a later second than the row, or the row is (rightly) a candidate of the next run too.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const usage = await runCli([...base(), '--since', 'last'], '', env);
    expect(usage.code).toBe(0);
    // Read and scored again; written only if a result moved (accountsChanged), which this row need not do.
    expect(JSON.parse(usage.stdout)).toMatchObject({ mode: 'incremental', accountsRead: 1, missing: 0, failed: [] });

    await conn.sobject('Task').create({ WhatId: b, Subject: 'Renewal call', TaskSubtype: 'Call', Status: 'Completed' });
    const task = await runCli([...base(), '--since', 'last'], '', env);
    expect(task.code).toBe(0);
    // The first account is a candidate again only if that run wrote to it, and then skipped as our own write.
    expect(JSON.parse(task.stdout)).toMatchObject({ mode: 'incremental', accountsRead: 1, missing: 0, failed: [] });
  });

  it('--dry-run keeps no sync state: no completed sync for --since last', async () => {
    const state = join(dir, 'dry.json');
    const args = [...base().slice(0, -4), '--state', state, '--as-of', SF_AS_OF];
    // The session the first run kept (its access token is fresh: nothing is refreshed, so the original stays usable).
    copyFileSync(join(dir, 'state.json.session.json'), `${state}.session.json`);
    const dry = await runCli([...args, '--dry-run'], '', env);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ mode: 'full', dryRun: true, accountsRead: 40, propertiesWritten: 0, interrupted: false });
    expect(existsSync(state)).toBe(false);
    const since = await runCli([...args, '--since', 'last', '--dry-run'], '', env);
    expect(since.code).toBe(1);
    expect(since.stderr).toMatch(/run a full sync first/);
  });

  it('refreshes the kept session when it expires', async () => {
    sb.expireAccessTokens();
    const run = await runCli(base(), '', env);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ accountsRead: 40, failed: [] });
    expect(sb.stats().byRoute['POST /services/oauth2/token']?.['200']).toBe(1);
  });

  it('refuses to keep a session without TOKEN_ENCRYPTION_KEY, before spending the refresh token', async () => {
    sb.resetStats();
    const state = ['--state', join(dir, 'nokey.json')];
    const run = await runCli([...base().slice(0, -4), ...state, '--as-of', SF_AS_OF], '', { ...env, SALESFORCE_REFRESH_TOKEN: sb.orgs[0]!.refreshToken, TOKEN_ENCRYPTION_KEY: '' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/TOKEN_ENCRYPTION_KEY/);
    expect(run.stderr).toContain('nokey.json.session.json');
    expect(sb.stats().byRoute['POST /services/oauth2/token']).toBeUndefined();
    // The kept session is unreadable with another key: said, not silently replaced by the env token.
    const otherKey = await runCli(base(), '', { ...env, TOKEN_ENCRYPTION_KEY: generateKeyEntry('k1') });
    expect(otherKey.code).toBe(1);
    expect(otherKey.stderr).toMatch(/cannot be decrypted with TOKEN_ENCRYPTION_KEY/);
    expect(sb.stats().byRoute['POST /services/oauth2/token']).toBeUndefined();
  });

  it('syncs an org whose usage object predates Logins__c, and says so on stderr and in the report', async () => {
    const old = sb.orgs[1]!;
    const args = ['sync', '--crm', 'salesforce', '--instance-url', old.instanceUrl, '--login-url', sb.url, '--state', join(dir, 'old-org.json'), '--as-of', SF_AS_OF];
    const run = await runCli(args, '', { ...env, SALESFORCE_REFRESH_TOKEN: old.refreshToken });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { warnings: string[] };
    expect(report).toMatchObject({ mode: 'full', accountsRead: 6, accountsChanged: 6, failed: [] });
    expect(report.warnings).toEqual([expect.stringContaining('Usage_Snapshot__c.Logins__c')]);
    expect(run.stderr).toBe(`sync: warning: ${report.warnings[0]}\n`);
  });

  it('refuses to run without credentials or without an instance URL', async () => {
    const fresh = ['sync', '--crm', 'salesforce', '--instance-url', sb.orgs[0]!.instanceUrl, '--login-url', sb.url, '--state', join(dir, 'other.json')];
    const noCredentials = await runCli(fresh, '', { SALESFORCE_REFRESH_TOKEN: '', SALESFORCE_ACCESS_TOKEN: '' });
    expect(noCredentials.code).toBe(1);
    expect(noCredentials.stderr).toMatch(/SALESFORCE_REFRESH_TOKEN/);
    const noUrl = await runCli(['sync', '--crm', 'salesforce'], '', env);
    expect(noUrl.code).toBe(1);
    expect(noUrl.stderr).toMatch(/--instance-url/);
  });
});
