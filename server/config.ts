// The sidecar's environment, parsed once at start with zod: a bad value stops the process with a
// message naming the variable, before anything listens. Secrets stay in this object and are never
// logged (see `describeConfig`).
import { z } from 'zod';
import { MAX_RETRY_IDS, RETRY_GIVE_UP_AFTER, RetryGiveUpAfter, RetryMaxIds } from './sync/retry.ts';

const Url = z.url({ protocol: /^https?$/ });
const Secret = z.string().min(8, 'must be at least 8 characters');
const blankAsUndefined = (v: unknown) => (v === '' ? undefined : v);

export const SidecarEnv = z.object({
  PORT: z.preprocess(blankAsUndefined, z.coerce.number().int().min(0).max(65_535).default(3000)),
  HOST: z.preprocess(blankAsUndefined, z.string().default('127.0.0.1')),
  PUBLIC_URL: z.preprocess(blankAsUndefined, Url.optional()),
  /**
   * Which peers may set X-Forwarded-*: `false` (none), a hop count (`1`: the one proxy in front),
   * or a comma-separated list of addresses/subnets (`10.0.0.0/8,loopback`). Never "trust everything".
   */
  TRUST_PROXY: z.preprocess(blankAsUndefined, z.string().default('false')).transform((v, ctx): false | number | string[] => {
    if (v === 'false') return false;
    if (/^\d{1,2}$/.test(v)) return Number(v);
    if (v === 'true') {
      ctx.addIssue({ code: 'custom', message: 'true would trust X-Forwarded-* from any client, who could then forge them: give the number of proxies in front of the sidecar (TRUST_PROXY=1 for one load balancer) or their addresses (TRUST_PROXY=10.0.0.0/8,loopback)' });
      return z.NEVER;
    }
    const list = v.split(',').map((x) => x.trim()).filter(Boolean);
    if (list.length === 0 || list.some((x) => !/^[0-9a-fA-F:./]+$|^(loopback|linklocal|uniquelocal)$/.test(x))) {
      ctx.addIssue({ code: 'custom', message: 'must be false, a hop count, or a comma-separated list of addresses, subnets or loopback/linklocal/uniquelocal' });
      return z.NEVER;
    }
    return list;
  }),
  DATABASE_URL: z.preprocess(blankAsUndefined, z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional()),
  DATA_DIR: z.preprocess(blankAsUndefined, z.string().default('.data')),
  HUBSPOT_CLIENT_ID: z.preprocess(blankAsUndefined, z.string().min(1).optional()),
  HUBSPOT_CLIENT_SECRET: z.preprocess(blankAsUndefined, Secret.optional()),
  /** The app's id: card requests relayed for another app are refused, and webhooks ignore this app's own changes. */
  HUBSPOT_APP_ID: z.preprocess(blankAsUndefined, z.string().regex(/^\d+$/).optional()),
  /**
   * Where HubSpot delivers webhooks, on an origin that is NOT in the app's `permittedUrls.fetch`
   * (e.g. https://hooks.sidecar.example.com): webhook signatures are checked against it, so a card
   * (which can only make HubSpot sign requests to permitted origins) cannot forge an event.
   */
  WEBHOOK_PUBLIC_URL: z.preprocess(blankAsUndefined, Url.optional()),
  /** Days an uninstalled portal's data is kept before it is purged. */
  UNINSTALL_GRACE_DAYS: z.preprocess(blankAsUndefined, z.coerce.number().int().min(0).max(365).default(30)),
  /** When set, GET /metrics needs `Authorization: Bearer <this>`. */
  METRICS_TOKEN: z.preprocess(blankAsUndefined, Secret.optional()),
  HUBSPOT_BASE_URL: z.preprocess(blankAsUndefined, Url.default('https://api.hubapi.com')),
  HUBSPOT_AUTHORIZE_URL: z.preprocess(blankAsUndefined, Url.default('https://app.hubspot.com/oauth/authorize')),
  HUBSPOT_SCOPES: z.preprocess(
    blankAsUndefined,
    z
      .string()
      .default('oauth crm.objects.companies.read crm.objects.companies.write crm.objects.contacts.read crm.objects.deals.read tickets crm.schemas.companies.read crm.schemas.companies.write sales-email-read')
      .transform((s) => s.split(/[\s,]+/).filter(Boolean)),
  ),
  /** The Salesforce External Client App's consumer key and secret (both, or neither: Salesforce not configured). */
  SALESFORCE_CONSUMER_KEY: z.preprocess(blankAsUndefined, z.string().min(1).optional()),
  SALESFORCE_CONSUMER_SECRET: z.preprocess(blankAsUndefined, Secret.optional()),
  /** Where admins sign in and tokens are issued: login.salesforce.com, test.salesforce.com (sandboxes) or a My Domain. */
  SALESFORCE_LOGIN_URL: z.preprocess(blankAsUndefined, Url.default('https://login.salesforce.com')).transform((u) => u.replace(/\/+$/, '')),
  SALESFORCE_SCOPES: z.preprocess(
    blankAsUndefined,
    z
      .string()
      .default('api refresh_token offline_access')
      .transform((s) => s.split(/[\s,]+/).filter(Boolean)),
  ),
  TOKEN_ENCRYPTION_KEY: z.preprocess(blankAsUndefined, z.string().optional()),
  /** How long a card may see a result another sidecar process replaced (Postgres, several processes). */
  VIEW_CACHE_TTL_MS: z.preprocess(blankAsUndefined, z.coerce.number().int().min(0).max(60_000).default(2_000)),
  /** Rows per outbox delivery before it is marked failed (rate limits and outages do not count). */
  OUTBOX_MAX_ATTEMPTS: z.preprocess(blankAsUndefined, z.coerce.number().int().min(1).max(100).default(10)),
  /** Seconds between outbox sweeps (each worker process ticks; one sweep runs at a time). */
  OUTBOX_SWEEP_SECONDS: z.preprocess(blankAsUndefined, z.coerce.number().int().min(1).max(3600).default(30)),
  /** Retention windows in days (docs/deploy.md): result history daily points, audit log, delivered outbox rows, webhook ids. */
  RETENTION_HISTORY_DAYS: z.preprocess(blankAsUndefined, z.coerce.number().int().min(1).max(36_500).default(730)),
  RETENTION_AUDIT_DAYS: z.preprocess(blankAsUndefined, z.coerce.number().int().min(1).max(36_500).default(365)),
  RETENTION_OUTBOX_DAYS: z.preprocess(blankAsUndefined, z.coerce.number().int().min(1).max(36_500).default(30)),
  RETENTION_WEBHOOK_DAYS: z.preprocess(blankAsUndefined, z.coerce.number().int().min(1).max(36_500).default(30)),
  /** Scheduled syncs: consecutive failed runs after which an account that could not be read is no longer read again (server/sync/retry.ts). */
  SYNC_RETRY_GIVE_UP_AFTER: z.preprocess(blankAsUndefined, z.coerce.number().pipe(RetryGiveUpAfter).default(RETRY_GIVE_UP_AFTER)),
  /** Scheduled syncs: accounts kept per portal to read again in the next incremental run. */
  SYNC_RETRY_MAX_IDS: z.preprocess(blankAsUndefined, z.coerce.number().pipe(RetryMaxIds).default(MAX_RETRY_IDS)),
  LOG_LEVEL: z.preprocess(blankAsUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
});
export type SidecarEnv = z.infer<typeof SidecarEnv>;

export class ConfigError extends Error {}

export function parseEnv(env: Record<string, string | undefined>): SidecarEnv {
  const parsed = SidecarEnv.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid environment:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

export type ConfiguredCrm = 'hubspot' | 'salesforce';

const CRM_SETTINGS: Record<ConfiguredCrm, { label: string; names: ReadonlyArray<'HUBSPOT_CLIENT_ID' | 'HUBSPOT_CLIENT_SECRET' | 'SALESFORCE_CONSUMER_KEY' | 'SALESFORCE_CONSUMER_SECRET'> }> = {
  hubspot: { label: 'HubSpot', names: ['HUBSPOT_CLIENT_ID', 'HUBSPOT_CLIENT_SECRET'] },
  salesforce: { label: 'Salesforce', names: ['SALESFORCE_CONSUMER_KEY', 'SALESFORCE_CONSUMER_SECRET'] },
};

/**
 * The CRMs this deployment serves: a CRM is configured when its app credentials are set. One
 * half-set stops the start naming the missing variable; none at all says what to set.
 */
export function configuredCrms(env: SidecarEnv): ConfiguredCrm[] {
  const configured: ConfiguredCrm[] = [];
  for (const [crm, { label, names }] of Object.entries(CRM_SETTINGS) as Array<[ConfiguredCrm, (typeof CRM_SETTINGS)[ConfiguredCrm]]>) {
    const missing = names.filter((n) => env[n] === undefined);
    if (missing.length === names.length) continue;
    if (missing.length > 0) throw new ConfigError(`${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} required: ${label} is half configured (${names.filter((n) => !missing.includes(n)).join(', ')} is set)`);
    configured.push(crm);
  }
  if (configured.length === 0) throw new ConfigError('no CRM is configured: set HUBSPOT_CLIENT_ID and HUBSPOT_CLIENT_SECRET (HubSpot), SALESFORCE_CONSUMER_KEY and SALESFORCE_CONSUMER_SECRET (Salesforce), or both');
  return configured;
}

/** The configuration as it is safe to print: which secrets are set, never their values. */
export function describeConfig(c: SidecarEnv): Record<string, unknown> {
  return {
    port: c.PORT,
    publicUrl: c.PUBLIC_URL ?? null,
    database: c.DATABASE_URL ? 'postgres' : `pglite (${c.DATA_DIR}/db)`,
    crms: (['hubspot', 'salesforce'] as const).filter((crm) => CRM_SETTINGS[crm].names.every((n) => c[n] !== undefined)),
    hubspotBaseUrl: c.HUBSPOT_BASE_URL,
    hubspotClientId: c.HUBSPOT_CLIENT_ID ? 'set' : 'unset',
    hubspotClientSecret: c.HUBSPOT_CLIENT_SECRET ? 'set' : 'unset',
    salesforceLoginUrl: c.SALESFORCE_LOGIN_URL,
    salesforceConsumerKey: c.SALESFORCE_CONSUMER_KEY ? 'set' : 'unset',
    salesforceConsumerSecret: c.SALESFORCE_CONSUMER_SECRET ? 'set' : 'unset',
    tokenEncryptionKey: c.TOKEN_ENCRYPTION_KEY ? 'set' : 'unset',
    metricsToken: c.METRICS_TOKEN ? 'set' : 'unset',
    trustProxy: c.TRUST_PROXY,
  };
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** Whether a host name or address is this machine's loopback. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host.toLowerCase()) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Plain http on this machine's loopback (a local sandbox). `URL.hostname` keeps an IPv6 host's brackets, which the set knows. */
export function isLoopbackHttp(url: URL): boolean {
  return url.protocol === 'http:' && isLoopbackHost(url.hostname);
}

/** https, or plain http on a loopback host (the local sandboxes): what we accept from a CRM's URLs. */
export function isHttpsOrLoopback(url: URL): boolean {
  return url.protocol === 'https:' || isLoopbackHttp(url);
}

/**
 * `serve` faces HubSpot: the public URL must be https (HubSpot only calls https origins, and
 * signatures are checked against it); plain http is allowed only for a loopback URL (local tests).
 */
export function checkProductionEnv(env: SidecarEnv): void {
  const problems: string[] = [];
  for (const name of ['PUBLIC_URL', 'WEBHOOK_PUBLIC_URL'] as const) {
    const value = env[name];
    if (value === undefined) {
      if (name === 'PUBLIC_URL') problems.push('  PUBLIC_URL: required by serve (the https origin HubSpot calls, e.g. https://sidecar.example.com)');
      continue;
    }
    const url = new URL(value);
    if (!isHttpsOrLoopback(url)) problems.push(`  ${name}: must be https (plain http only for a loopback address), got ${url.origin}`);
  }
  if (env.PUBLIC_URL && env.WEBHOOK_PUBLIC_URL && new URL(env.PUBLIC_URL).origin === new URL(env.WEBHOOK_PUBLIC_URL).origin) {
    problems.push('  WEBHOOK_PUBLIC_URL: must be another origin than PUBLIC_URL (cards may fetch PUBLIC_URL; webhooks must not be reachable through it)');
  }
  if (problems.length > 0) throw new ConfigError(`invalid environment for serve:\n${problems.join('\n')}`);
}
