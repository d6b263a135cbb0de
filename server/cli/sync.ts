// `sync --crm hubspot --base-url URL [--token T] [--since ISO|last] [--dry-run] [--accounts ID,…]
// [--mapping FILE] [--config FILE] [--retry-give-up-after N] [--retry-max-ids N]`, or `sync --crm salesforce --instance-url URL [--login-url URL]`
// with the same options (credentials from SALESFORCE_* variables: salesforce-sync.ts)
// Reads the portfolio, computes, writes back only what changed; one JSON report line on stdout.
import { join } from 'node:path';
import { HubSpotMapping } from '../crm/hubspot/mapping.ts';
import { standaloneHubSpotAdapter } from '../crm/hubspot/standalone.ts';
import { OAuthTokens, StaticToken, type TokenSource } from '../crm/hubspot/tokens.ts';
import type { CrmAdapter } from '../crm/port.ts';
import { Instant } from '../domain/snapshot.ts';
import { FileSyncStateStore } from '../sync/state.ts';
import { runSync, type SyncMode, type SyncProgress } from '../sync/portfolio-sync.ts';
import { RetryGiveUpAfter, RetryLimits, RetryMaxIds } from '../sync/retry.ts';
import { describeIssues } from '../scoring/score-lines.ts';
import { parseCommandArgs, positiveInt, readJsonFile, UsageError } from './args.ts';
import { engineDepsFrom } from './engine-deps.ts';
import { salesforceAdapter } from './salesforce-sync.ts';

export const EXIT_SOME_FAILED = 2;
export const EXIT_INTERRUPTED = 130;

function tokenSource(args: { token?: string; 'refresh-token'?: string; 'base-url': string }): TokenSource {
  const access = args.token ?? process.env.HUBSPOT_ACCESS_TOKEN;
  const refresh = args['refresh-token'] ?? process.env.HUBSPOT_REFRESH_TOKEN;
  const clientId = process.env.HUBSPOT_CLIENT_ID;
  const clientSecret = process.env.HUBSPOT_CLIENT_SECRET;
  if (refresh && clientId && clientSecret) {
    // Without a known expiry, treat the access token as fresh; a 401 refreshes it.
    return new OAuthTokens({ baseUrl: args['base-url'], clientId, clientSecret, initial: { accessToken: access ?? '', refreshToken: refresh, expiresAtMs: access ? Date.now() + 25 * 60_000 : 0 } });
  }
  if (!access) throw new UsageError('sync needs an access token: HUBSPOT_ACCESS_TOKEN (or --token), or HUBSPOT_REFRESH_TOKEN with HUBSPOT_CLIENT_ID and HUBSPOT_CLIENT_SECRET');
  return new StaticToken(access);
}

/** The portal's field mapping from `--mapping FILE` (only what differs from the defaults). */
function mappingFrom(path: string | undefined): HubSpotMapping {
  const parsed = HubSpotMapping.safeParse(path === undefined ? {} : readJsonFile(path, 'mapping file'));
  if (!parsed.success) throw new UsageError(`mapping file ${path} is not a valid HubSpot mapping: ${describeIssues(parsed.error, 10)}`);
  return parsed.data;
}

/** `--retry-give-up-after N` and `--retry-max-ids N` over the defaults (retry.ts). */
function retryLimitsFrom(args: { 'retry-give-up-after'?: string; 'retry-max-ids'?: string }): RetryLimits {
  const flags = { giveUpAfter: ['retry-give-up-after', RetryGiveUpAfter], maxIds: ['retry-max-ids', RetryMaxIds] } as const;
  const number = (v: string | undefined) => (v === undefined ? undefined : v.trim() === '' ? Number.NaN : Number(v));
  const parsed = RetryLimits.safeParse({ giveUpAfter: number(args['retry-give-up-after']), maxIds: number(args['retry-max-ids']) });
  if (parsed.success) return parsed.data;
  const [flag, schema] = flags[parsed.error.issues[0]!.path[0] as keyof typeof flags];
  throw new UsageError(`--${flag} must be a whole number from ${schema.minValue} to ${schema.maxValue}, got "${args[flag]}"`);
}

function progressPrinter(tty: boolean) {
  return (p: SyncProgress) => {
    if (!tty) return;
    const total = p.accountsTotal;
    const bar = total ? `[${'#'.repeat(Math.round((20 * Math.min(p.accountsRead, total)) / Math.max(total, 1))).padEnd(20)}] ${p.accountsRead}/${total}` : `${p.accountsRead}`;
    process.stderr.write(`\rsync: ${bar} accounts, ${p.pages} pages`);
  };
}

export async function syncCommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, {
    crm: { type: 'string', default: 'hubspot' },
    'base-url': { type: 'string', default: 'https://api.hubapi.com' },
    token: { type: 'string' },
    'refresh-token': { type: 'string' },
    'portal-id': { type: 'string', default: 'default' },
    since: { type: 'string' },
    accounts: { type: 'string' },
    'as-of': { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    'no-provision': { type: 'boolean', default: false },
    state: { type: 'string' },
    config: { type: 'string' },
    mapping: { type: 'string' },
    'rate-limit': { type: 'string' },
    'instance-url': { type: 'string' },
    'login-url': { type: 'string', default: 'https://login.salesforce.com' },
    'retry-give-up-after': { type: 'string' },
    'retry-max-ids': { type: 'string' },
  });
  if (args.crm !== 'hubspot' && args.crm !== 'salesforce') throw new UsageError(`--crm must be hubspot or salesforce, got ${args.crm}`);
  if (args.crm === 'salesforce' && !args['instance-url']) throw new UsageError('sync --crm salesforce needs --instance-url (the org\'s My Domain URL)');
  if (args.since && args.accounts) throw new UsageError('--since and --accounts cannot be combined');
  const asOf = args['as-of'] ?? new Date().toISOString();
  if (!Instant.safeParse(asOf).success) throw new UsageError(`--as-of must be an ISO 8601 date-time, got "${asOf}"`);
  const engine = engineDepsFrom(args.config);
  const perTenSeconds = args['rate-limit'] ? positiveInt(args['rate-limit'], 'rate-limit', 108) : undefined;
  const retryLimits = retryLimitsFrom(args);

  let adapter: CrmAdapter;
  let statePath: string;
  if (args.crm === 'salesforce') {
    const instanceUrl = args['instance-url'] ?? '';
    if (!URL.canParse(instanceUrl)) throw new UsageError(`--instance-url must be a URL, got "${instanceUrl}"`);
    statePath = args.state ?? join('.data', 'sync', `salesforce-${new URL(instanceUrl).hostname}.json`);
    adapter = await salesforceAdapter({ instanceUrl, loginUrl: args['login-url'], sessionFile: `${statePath}.session.json`, mapping: args.mapping });
  } else {
    adapter = standaloneHubSpotAdapter({ baseUrl: args['base-url'], portalId: args['portal-id'], tokens: tokenSource(args), mapping: mappingFrom(args.mapping), perTenSeconds });
    statePath = args.state ?? join('.data', 'sync', `hubspot-${args['portal-id']}.json`);
  }
  const store = new FileSyncStateStore(statePath);

  let mode: SyncMode = { kind: 'full' };
  if (args.accounts) mode = { kind: 'accounts', ids: args.accounts.split(',').map((s) => s.trim()).filter(Boolean) };
  else if (args.since) {
    const sinceMs = args.since === 'last' ? (await store.load())?.lastCompletedStartMs : Date.parse(args.since);
    if (sinceMs === null || sinceMs === undefined || Number.isNaN(sinceMs)) throw new UsageError(args.since === 'last' ? 'no completed sync to continue from: run a full sync first' : `--since must be an ISO 8601 date-time or "last", got "${args.since}"`);
    mode = { kind: 'incremental', sinceMs };
  }

  let skip = new Set<string>();
  if (!args['no-provision'] && !args['dry-run']) {
    const provisioned = await adapter.provisionProperties();
    skip = new Set(provisioned.conflicts.map((c) => c.name));
    for (const c of provisioned.conflicts) process.stderr.write(`sync: not writing ${c.name}: ${c.reason}\n`);
  }

  const abort = new AbortController();
  const onSignal = () => {
    // A dry run saves no checkpoint (portfolio-sync.ts): it is run again from the start.
    const next = args['dry-run'] ? 'a dry run keeps no checkpoint; run it again to start over' : 'the checkpoint is kept; run the same command to resume';
    process.stderr.write(`\nsync: stopping after the current page (${next})\n`);
    abort.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const tty = process.stderr.isTTY;
  try {
    const report = await runSync({ adapter, engine, store, mode, asOf, dryRun: args['dry-run'], skipProperties: skip, retryLimits, signal: abort.signal, onProgress: progressPrinter(tty) });
    if (tty) process.stderr.write('\n');
    for (const warning of report.warnings) process.stderr.write(`sync: warning: ${warning}\n`);
    process.stdout.write(`${JSON.stringify(report)}\n`);
    if (report.interrupted) return EXIT_INTERRUPTED;
    return report.failed.length > 0 ? EXIT_SOME_FAILED : 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
