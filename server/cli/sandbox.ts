// `sandbox --port 4010 --accounts N --seed S [--portal-id ID] [--rate-limit N] [--tickets N]
// [--as-of ISO] [--token-ttl SECONDS] [--rotate-refresh-tokens]`: runs the local HubSpot API sandbox until SIGINT or
// SIGTERM. Prints one JSON line (url, portals with their tokens, the OAuth client) on stdout.
// `sandbox --crm salesforce [--port 4020] [--accounts N] [--seed S] [--tickets N] [--as-of ISO]
// [--token-ttl SECONDS] [--daily-api-requests N]` runs the Salesforce sandbox instead (refresh-token
// rotation always on) and prints {crm, url, orgs, client}.
import { once } from 'node:events';
import { startHubSpotSandbox } from '../../sandbox/hubspot/server.ts';
import { startSalesforceSandbox } from '../../sandbox/salesforce/server.ts';
import { oneOf, parseCommandArgs, positiveInt, UsageError } from './args.ts';

export async function sandboxCommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    accounts: { type: 'string', short: 'n' },
    seed: { type: 'string', short: 's' },
    'portal-id': { type: 'string' },
    'rate-limit': { type: 'string' },
    tickets: { type: 'string' },
    'as-of': { type: 'string' },
    'token-ttl': { type: 'string' },
    'rotate-refresh-tokens': { type: 'boolean' },
    crm: { type: 'string' },
    'daily-api-requests': { type: 'string' },
  });
  const crm = oneOf(args.crm, 'crm', ['hubspot', 'salesforce'] as const, 'hubspot');
  if (crm === 'salesforce') return salesforceSandbox(args);
  if (args['daily-api-requests'] !== undefined) throw new UsageError('--daily-api-requests applies to --crm salesforce only');
  const port = positiveInt(args.port, 'port', 4010);
  if (port > 65_535) throw new UsageError(`--port must be at most 65535, got ${port}`);
  const portalId = positiveInt(args['portal-id'], 'portal-id', 62515);
  if (portalId === 0) throw new UsageError('--portal-id must be a positive number');
  const perTenSeconds = positiveInt(args['rate-limit'], 'rate-limit', 110);
  if (perTenSeconds === 0) throw new UsageError('--rate-limit must be at least 1');
  const asOf = args['as-of'];
  if (asOf !== undefined && !Number.isFinite(Date.parse(asOf))) throw new UsageError(`--as-of must be an ISO date, got ${asOf}`);
  const sandbox = await startHubSpotSandbox({
    ...(asOf === undefined ? {} : { asOf: new Date(asOf).toISOString() }),
    port,
    host: args.host ?? '127.0.0.1',
    portals: [{ portalId, accounts: positiveInt(args.accounts, 'accounts', 50), seed: args.seed ?? 'sandbox', ticketsPerAccount: positiveInt(args.tickets, 'tickets', 25) }],
    rateLimit: { perTenSeconds },
    accessTokenTtlSeconds: positiveInt(args['token-ttl'], 'token-ttl', 1800) || 1800,
    rotateRefreshTokens: args['rotate-refresh-tokens'] ?? false,
  });
  process.stdout.write(`${JSON.stringify({ url: sandbox.url, portals: sandbox.portals, client: sandbox.client })}\n`);
  await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
  await sandbox.close();
  return 0;
}

interface SalesforceArgs {
  port?: string;
  host?: string;
  accounts?: string;
  seed?: string;
  tickets?: string;
  'as-of'?: string;
  'token-ttl'?: string;
  'daily-api-requests'?: string;
  'portal-id'?: string;
  'rate-limit'?: string;
  'rotate-refresh-tokens'?: boolean;
}

async function salesforceSandbox(args: SalesforceArgs): Promise<number> {
  for (const flag of ['portal-id', 'rate-limit', 'rotate-refresh-tokens'] as const) {
    if (args[flag] !== undefined) throw new UsageError(`--${flag} applies to the HubSpot sandbox only`);
  }
  const port = positiveInt(args.port, 'port', 4020);
  if (port > 65_535) throw new UsageError(`--port must be at most 65535, got ${port}`);
  const daily = positiveInt(args['daily-api-requests'], 'daily-api-requests', 115_000);
  if (daily === 0) throw new UsageError('--daily-api-requests must be at least 1');
  const asOf = args['as-of'];
  if (asOf !== undefined && !Number.isFinite(Date.parse(asOf))) throw new UsageError(`--as-of must be an ISO date, got ${asOf}`);
  const sandbox = await startSalesforceSandbox({
    ...(asOf === undefined ? {} : { asOf: new Date(asOf).toISOString() }),
    port,
    host: args.host ?? '127.0.0.1',
    orgs: [{ accounts: positiveInt(args.accounts, 'accounts', 50), seed: args.seed ?? 'sandbox', ticketsPerAccount: positiveInt(args.tickets, 'tickets', 25) }],
    dailyApiRequests: daily,
    accessTokenTtlSeconds: positiveInt(args['token-ttl'], 'token-ttl', 7200) || 7200,
  });
  process.stdout.write(`${JSON.stringify({ crm: 'salesforce', url: sandbox.url, orgs: sandbox.orgs, client: sandbox.client })}\n`);
  await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
  await sandbox.close();
  return 0;
}
