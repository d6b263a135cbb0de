// The job queues as data: each queue's payload schema, its pg-boss policy, the singleton key that
// keeps one job per tenant (or per account) in flight, retries, and the dead-letter queue where a
// job lands once its retries are spent. `boss.ts` creates the queues from this table and every
// `send` and every worker goes through the schemas here.
//
// How "one at a time" and "debounce" map onto pg-boss 12:
// - `stately` + singletonKey: at most one job per key per state, i.e. one waiting (created), one
//   waiting for its retry, and one active. A second send for a key that already has a waiting job
//   is dropped by a unique index (send resolves null): requests coalesce. The fetch skips a key whose
//   active slot is taken, so a key never runs twice at once, even across many worker processes.
// - Debounce (recompute-account): the first request for an account creates a job deferred by the
//   window (`startAfter`); every further request inside the window finds that waiting job and is
//   coalesced into it; so N requests within the window make exactly one run, at most `window`
//   seconds after the first (a leading-edge window, not pg-boss's `sendDebounced`, which would run
//   the first request at once and one more in the next slot: two runs; and not a trailing-edge
//   debounce, which a steady stream of webhooks could postpone forever). A request that arrives
//   while the account is being computed opens a new window and runs after the active one ends.
// - Batches (recompute-account, `batchSize`): a worker fetches every due job of the queue at once
//   (one per key, as above) and hands them to a batch handler, which settles each job on its own;
//   the debounce and the one-at-a-time per account are unchanged.
// - `exclusive` (no key): one job queued or active for the whole queue, for the cron-driven queues;
//   a tick that fires while the previous run is still going is dropped.
import { z } from 'zod';

const crm = z.enum(['hubspot', 'salesforce']);
/** HubSpot portal ids are numbers, Salesforce org ids 15 or 18 characters: text either way. */
const portalId = z.string().trim().min(1).max(64);

/**
 * Payload schemas. Unknown keys are stripped rather than refused, so a worker of the previous
 * release keeps accepting jobs a newer release sent during a rolling deploy.
 */
export const jobDataSchemas = {
  'sync-portfolio': z.object({ crm, portalId, mode: z.enum(['full', 'incremental']) }),
  'recompute-account': z.object({
    crm,
    portalId,
    accountId: z.string().trim().min(1).max(64),
    /** Why the recompute was asked for (webhook, card, sync, manual…): for logs only. */
    reason: z.string().trim().min(1).max(200),
  }),
  'drain-outbox': z.object({ crm, portalId }),
  'refresh-tokens': z.object({}),
  /** Fits the portal's renewal model on its stored backtest rows (after every full sync, and weekly). */
  'calibrate-portal': z.object({ crm, portalId }),
  /** Weekly: sends a `calibrate-portal` for every active installation. */
  'schedule-calibrations': z.object({}),
  /** Daily: deletes the data of portals uninstalled longer ago than the grace period (README, "Uninstall"). */
  'purge-uninstalled': z.object({}),
  /** Every 30 s: sends a `drain-outbox` for every portal with pending rows due (nothing is left waiting on a quiet portal). */
  'sweep-outbox': z.object({}),
  /** Cron: deletes what the retention windows no longer keep (docs/deploy.md). */
  'prune-retention': z.object({}),
  /** Internal: the cron tick that fans out one incremental `sync-portfolio` per active installation. */
  'schedule-syncs': z.object({}),
} as const;

export type QueueName = keyof typeof jobDataSchemas;
export type JobData<Q extends QueueName> = z.infer<(typeof jobDataSchemas)[Q]>;
/** What a caller may pass to `send` (before defaults and trimming). */
export type JobInput<Q extends QueueName> = z.input<(typeof jobDataSchemas)[Q]>;

export const QUEUE_NAMES = Object.keys(jobDataSchemas) as QueueName[];

export function deadLetterQueue(queue: QueueName): `${QueueName}-dead` {
  return `${queue}-dead`;
}

/** Retry and run-time settings of a queue; each can be overridden at start (tests use tiny ones). */
export interface RetrySettings {
  /** Retries after the first attempt; then the job is failed and copied to `<queue>-dead`. */
  retryLimit: number;
  /** Seconds before the first retry (pg-boss counts whole seconds). */
  retryDelay: number;
  /** Exponential backoff with jitter: about retryDelay × 2^retryCount, capped by retryDelayMax. */
  retryBackoff: boolean;
  retryDelayMax: number;
  /** A job active longer than this is considered lost (crashed worker) and retried. */
  expireInSeconds: number;
  /**
   * The worker refreshes a heartbeat on its active job; once it is this many seconds stale (the
   * process was SIGKILLed) the job is failed and retried, instead of blocking its singleton key
   * until `expireInSeconds`. pg-boss's minimum is 10.
   */
  heartbeatSeconds?: number;
}

export interface QueueDefinition<Q extends QueueName> extends RetrySettings {
  name: Q;
  policy: 'stately' | 'exclusive';
  /** The singleton key of a job: jobs with the same key never run at once and coalesce while waiting. */
  key: (data: JobData<Q>) => string | undefined;
  /** Workers per process for this queue (each runs one fetch at a time). */
  concurrency: number;
  /**
   * Jobs a worker fetches at once (1: one job per handler call). Above 1 the queue's handler is a
   * batch handler (`BatchJobHandler` in boss.ts) that settles each job on its own.
   */
  batchSize: number;
  /** Seconds a completed job is kept (for stats and debugging). */
  deleteAfterSeconds: number;
  /** How often an idle fetcher of this queue looks for due jobs, when sooner than the process's interval. */
  pollingIntervalSeconds?: number;
  /**
   * Batched queues: one batch per gate key (the portal) at a time across the fleet, each holding the
   * gate at most `gateHoldSeconds` (portal-gate.ts). Jobs fetched while their gate is held wait in
   * the queue for the next batch. Postgres only.
   */
  gateKey?: (data: JobData<Q>) => string;
  gateHoldSeconds?: number;
}

const tenantKey = (d: { crm: string; portalId: string }): string => `${d.crm}:${d.portalId}`;
const DAY = 86_400;
/** Recomputes a worker takes at once: HubSpot's read batch (the handler splits by the adapter's own limit too). */
export const RECOMPUTE_BATCH_SIZE = 100;

/** See RetrySettings.heartbeatSeconds: well above an event-loop stall on a loaded machine. */
const WORK_HEARTBEAT_SECONDS = 30;

export const QUEUES: { readonly [Q in QueueName]: QueueDefinition<Q> } = {
  'sync-portfolio': {
    name: 'sync-portfolio',
    policy: 'stately',
    key: tenantKey,
    concurrency: 2,
    batchSize: 1,
    retryLimit: 3,
    retryDelay: 30,
    retryBackoff: true,
    retryDelayMax: 900,
    // A full sync of a large portal under the CRM's rate limit can take a while.
    expireInSeconds: 2 * 3600,
    heartbeatSeconds: WORK_HEARTBEAT_SECONDS,
    deleteAfterSeconds: 7 * DAY,
  },
  'recompute-account': {
    name: 'recompute-account',
    policy: 'stately',
    key: (d) => `${tenantKey(d)}:${d.accountId}`,
    // Batched: a worker takes every due recompute at once (up to a CRM read batch) and the handler
    // loads each portal's accounts with one `loadAccounts`, so a recompute costs a share of one
    // load's CRM calls instead of a whole load. Two fetchers per process: a second portal's batch
    // need not wait for the first, and few loops make bigger batches under a busy CRM budget.
    concurrency: 2,
    batchSize: RECOMPUTE_BATCH_SIZE,
    retryLimit: 4,
    retryDelay: 5,
    retryBackoff: true,
    retryDelayMax: 600,
    expireInSeconds: 300,
    // pg-boss's minimum: a batch holds many accounts' freshness, so a killed worker's batch is
    // taken back within ~10 s plus the supervision pass. A false alarm (a stall over 10 s) only
    // computes the batch twice: saves are idempotent and the outbox's leases keep writes single.
    heartbeatSeconds: 10,
    deleteAfterSeconds: DAY,
    // pg-boss's minimum. A recompute is deferred (the debounce), so no NOTIFY wakes a worker when it
    // comes due: polling is the pickup. Half a second costs an indexed fetch per idle fetcher and
    // halves the wait; a busy fetcher fetches again as soon as its batch is done.
    pollingIntervalSeconds: 0.5,
    // One batch per portal at a time: a batch costs ~18 CRM calls whatever its size, so batches of
    // one started side by side spend the portal's budget on fixed costs. Held at most 5 s, a little
    // more than a batch takes on an idle machine: a slower batch holds its portal's other accounts
    // back no longer than that.
    gateKey: tenantKey,
    gateHoldSeconds: 5,
  },
  'drain-outbox': {
    name: 'drain-outbox',
    policy: 'stately',
    key: tenantKey,
    concurrency: 2,
    batchSize: 1,
    retryLimit: 5,
    retryDelay: 10,
    retryBackoff: true,
    retryDelayMax: 900,
    expireInSeconds: 900,
    heartbeatSeconds: WORK_HEARTBEAT_SECONDS,
    deleteAfterSeconds: DAY,
  },
  'refresh-tokens': {
    name: 'refresh-tokens',
    policy: 'exclusive',
    key: () => undefined,
    concurrency: 1,
    batchSize: 1,
    retryLimit: 2,
    retryDelay: 10,
    retryBackoff: true,
    retryDelayMax: 60,
    expireInSeconds: 240,
    deleteAfterSeconds: DAY,
  },
  'calibrate-portal': {
    name: 'calibrate-portal',
    policy: 'stately',
    key: tenantKey,
    concurrency: 1,
    batchSize: 1,
    retryLimit: 3,
    retryDelay: 60,
    retryBackoff: true,
    retryDelayMax: 3600,
    expireInSeconds: 900,
    deleteAfterSeconds: 7 * DAY,
  },
  'schedule-calibrations': {
    name: 'schedule-calibrations',
    policy: 'exclusive',
    key: () => undefined,
    concurrency: 1,
    batchSize: 1,
    retryLimit: 2,
    retryDelay: 60,
    retryBackoff: true,
    retryDelayMax: 600,
    expireInSeconds: 300,
    deleteAfterSeconds: 7 * DAY,
  },
  'purge-uninstalled': {
    name: 'purge-uninstalled',
    policy: 'exclusive',
    key: () => undefined,
    concurrency: 1,
    batchSize: 1,
    retryLimit: 3,
    retryDelay: 60,
    retryBackoff: true,
    retryDelayMax: 3600,
    expireInSeconds: 1800,
    deleteAfterSeconds: 7 * DAY,
  },
  'sweep-outbox': {
    name: 'sweep-outbox',
    policy: 'exclusive',
    key: () => undefined,
    concurrency: 1,
    batchSize: 1,
    retryLimit: 1,
    retryDelay: 10,
    retryBackoff: false,
    retryDelayMax: 60,
    expireInSeconds: 120,
    deleteAfterSeconds: DAY,
  },
  'prune-retention': {
    name: 'prune-retention',
    policy: 'exclusive',
    key: () => undefined,
    concurrency: 1,
    batchSize: 1,
    retryLimit: 3,
    retryDelay: 60,
    retryBackoff: true,
    retryDelayMax: 900,
    expireInSeconds: 3600,
    deleteAfterSeconds: 7 * DAY,
  },
  'schedule-syncs': {
    name: 'schedule-syncs',
    policy: 'exclusive',
    key: () => undefined,
    concurrency: 1,
    batchSize: 1,
    retryLimit: 2,
    retryDelay: 10,
    retryBackoff: true,
    retryDelayMax: 60,
    expireInSeconds: 300,
    deleteAfterSeconds: DAY,
  },
};

/**
 * Default debounce window of `recompute-account`, in seconds. It merges the webhooks of one edit
 * (HubSpot sends one event per changed property, in batches spread over a second or so) into one
 * recompute; merging across accounts is the batch's job, so a longer window only adds latency.
 */
export const RECOMPUTE_DEBOUNCE_SECONDS = 2;

/** Default cron expressions (UTC). `false` at start turns a schedule off (and removes it). */
export const DEFAULT_SCHEDULES = {
  refreshTokens: '*/5 * * * *',
  syncPortfolios: '*/15 * * * *',
  purgeUninstalled: '23 3 * * *',
  calibrations: '41 4 * * 1',
  /** Not cron: a timer (seconds) in each worker process. */
  sweepOutboxSeconds: 30,
  pruneRetention: '17 3 * * *',
} as const;

/** Dead-lettered jobs stay visible this long (the original job's retention applies to the copy too). */
export const DEAD_LETTER_RETENTION_SECONDS = 30 * DAY;

/** A payload that does not match its queue's schema. */
export class JobDataError extends Error {
  readonly queue: string;
  readonly issues: z.core.$ZodIssue[];
  constructor(queue: string, issues: z.core.$ZodIssue[]) {
    super(`invalid ${queue} job data: ${issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
    this.name = 'JobDataError';
    this.queue = queue;
    this.issues = issues;
  }
}

export function isQueueName(value: string): value is QueueName {
  return Object.hasOwn(jobDataSchemas, value);
}

/** Validates (and normalizes) a payload for a queue; throws JobDataError. */
export function parseJobData<Q extends QueueName>(queue: Q, data: unknown): JobData<Q> {
  const result = jobDataSchemas[queue].safeParse(data);
  if (!result.success) throw new JobDataError(queue, result.error.issues);
  return result.data as JobData<Q>;
}
