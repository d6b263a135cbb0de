// The job layer: pg-boss on the application's own database (PGlite embedded, or Postgres), the
// queues of `queues.ts`, and workers that run the handlers the caller injects.
//
// Roles: 'http' sends jobs and answers stats but runs no worker, no cron and no maintenance;
// 'worker' and 'all' run the workers, pg-boss's supervision (expiry, retention, monitoring) and the
// cron schedules. Any number of processes of any role may share one Postgres: singleton keys and
// pg-boss's own locking keep the guarantees across processes.
//
// Schedules: `refresh-tokens` on its own cron, and one cron job `schedule-syncs` that lists the
// active installations and sends an incremental `sync-portfolio` for each. One fan-out job instead
// of one schedule per installation: nothing to keep in step when a portal installs or uninstalls,
// and a sync still waiting from the previous tick absorbs the new request (stately policy).
//
// PGlite: pg-boss shares the application's single connection (`fromPglite`), so every poll,
// maintenance pass and send queues behind whatever the application runs. Two consequences: a send
// from inside an ORM transaction must pass that transaction (`send(…, { tx })`), or it waits for
// the transaction that waits for it (a deadlock that also hangs `stop`); and `stop()` must come
// before `db.close()`.
import { sql } from 'drizzle-orm';
import { PgBoss, fromDrizzle, type DrizzleTransactionLike, type Job, type JobResult, type JobWithMetadata } from 'pg-boss';
import type { Database } from '../store/db.ts';
import { startLiveness, type KeyedLeases, type LeaseOwner, type Liveness } from './liveness.ts';
import { createPortalGate, type PortalGate } from './portal-gate.ts';
import {
  DEAD_LETTER_RETENTION_SECONDS,
  DEFAULT_SCHEDULES,
  JobDataError,
  QUEUE_NAMES,
  QUEUES,
  RECOMPUTE_DEBOUNCE_SECONDS,
  deadLetterQueue,
  jobDataSchemas,
  parseJobData,
  type JobData,
  type JobInput,
  type QueueDefinition,
  type QueueName,
  type RetrySettings,
} from './queues.ts';

export type JobRole = 'http' | 'worker' | 'all';

/** The transaction `db.orm.transaction(async (tx) => …)` hands its callback. */
export type OrmTransaction = Parameters<Parameters<Database['orm']['transaction']>[0]>[0];

/** What a handler learns about the job besides its (validated) data. */
export interface JobContext {
  id: string;
  queue: QueueName;
  /** 0 on the first attempt. */
  retryCount: number;
  /** Aborted when the job is taken away (graceful stop timed out, or the job expired): stop soon. */
  signal: AbortSignal;
}

export type JobHandler<Q extends QueueName> = (data: JobData<Q>, job: JobContext) => Promise<void>;

/** One job of a batch: its (validated) data and what the handler learns about it. */
export interface BatchItem<Q extends QueueName> {
  data: JobData<Q>;
  job: JobContext;
}

/**
 * Runs a batch of jobs (queues with `batchSize` > 1). Resolves with the jobs that failed, id →
 * error: those are retried (or dead-lettered once their retries are spent) on their own, every
 * other job of the batch completes. Throwing fails the whole batch. A job completes only after the
 * handler resolved, so a process killed mid-batch leaves every job of it to run again.
 */
export type BatchJobHandler<Q extends QueueName> = (items: Array<BatchItem<Q>>) => Promise<ReadonlyMap<string, unknown>>;

/** Queues whose handler takes a batch (see `batchSize` in queues.ts). */
export type BatchQueueName = 'recompute-account';

/** The handlers the application provides; `schedule-syncs` is built in. */
export type WorkQueueName = Exclude<QueueName, 'schedule-syncs'>;
export type JobHandlers = { [Q in Exclude<WorkQueueName, BatchQueueName>]: JobHandler<Q> } & { [Q in BatchQueueName]: BatchJobHandler<Q> };

export interface InstallationRef {
  crm: string;
  portalId: string;
}

export interface ScheduleOptions {
  /** Cron (UTC) of `refresh-tokens`; false: no schedule. Default every 5 minutes. */
  refreshTokens?: string | false;
  /** Cron (UTC) of the incremental sync fan-out; false: none. Default every 15 minutes. */
  syncPortfolios?: string | false;
  /** Cron (UTC) of `purge-uninstalled`; false: none. Default daily at 03:23. */
  purgeUninstalled?: string | false;
  /** Cron (UTC) of `schedule-calibrations`; false: none. Default Mondays at 04:41. */
  calibrations?: string | false;
  /**
   * Seconds between outbox sweeps; false: none. Default 30. A timer in every worker process sends
   * the sweep job (one queue-wide at a time: `exclusive`), finer than cron's minute.
   */
  sweepOutboxSeconds?: number | false;
  /** Cron (UTC) of retention pruning; false: none. Default daily at 03:17. */
  pruneRetention?: string | false;
  /** The installations to sync on each tick. Without it there is no sync schedule. */
  listInstallations?: () => Promise<InstallationRef[]>;
}

export interface JobsLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export type QueueOverrides = { [Q in QueueName]?: Partial<RetrySettings> & { concurrency?: number } };

interface CommonOptions {
  db: Database;
  schedule?: ScheduleOptions;
  /** How often an idle worker looks for jobs (pg-boss minimum 0.5). Default 2. */
  pollingIntervalSeconds?: number;
  /**
   * Postgres only: how often a worker looks for dead worker processes' jobs (liveness.ts), in ms.
   * Default 1000; false: not at all (pg-boss's heartbeat alone takes a killed worker's jobs back).
   */
  livenessIntervalMs?: number | false;
  /**
   * Leases this process's work takes under its liveness key besides job attempts (the outbox
   * drain's): when a worker process dies, the others release its leases at once (liveness.ts).
   */
  leases?: readonly KeyedLeases[];
  /** How often workers look for expired jobs and stopped heartbeats, in seconds. Default 10. */
  superviseIntervalSeconds?: number;
  /** The recompute debounce window, in seconds. Default 5. */
  recomputeDebounceSeconds?: number;
  /** Retry settings and concurrency per queue, over the defaults of `queues.ts`. */
  queues?: QueueOverrides;
  /** The Postgres schema pg-boss lives in. Default 'pgboss'. */
  schema?: string;
  /** Postgres only: size of pg-boss's own connection pool. Default 5. */
  poolSize?: number;
  logger?: JobsLogger;
}

export type StartJobsOptions = CommonOptions &
  ({ role: 'http'; handlers?: Partial<JobHandlers> } | { role: 'worker' | 'all'; handlers: JobHandlers });

export interface SendJobOptions {
  /**
   * Run no earlier than this many seconds from now. For `recompute-account` this is the debounce
   * window (default: the configured one); pass 0 to make the first request of a window run at once.
   */
  delaySeconds?: number;
  /** Higher runs first. Default 0. */
  priority?: number;
  /**
   * A Drizzle transaction (`db.orm.transaction(async (tx) => …)`): the job is created in it, so it
   * exists if and only if the transaction commits. On PGlite this is the only way to send from
   * inside a transaction: PGlite has one connection, which the open transaction holds, so a send
   * without `tx` would wait for the transaction while the transaction waits for the send.
   */
  tx?: OrmTransaction;
}

export interface QueueCounts {
  /** Waiting and due. */
  queued: number;
  /** Waiting for a later start (debounce window, delay). */
  deferred: number;
  /** Failed, waiting for the next attempt. */
  retry: number;
  active: number;
  completed: number;
  /** Failed for good (still retained; a copy is in the dead-letter queue). */
  failed: number;
  cancelled: number;
  /** Jobs in `<queue>-dead` waiting for attention. */
  dead: number;
}

export type JobsStats = Record<QueueName, QueueCounts>;

export interface DeadLetter {
  /** Id of the copy in the dead-letter queue. */
  id: string;
  queue: QueueName;
  data: unknown;
  /** Id of the job that failed. */
  sourceId: string | null;
  /** Attempts the job made before it was given up. */
  attempts: number;
  /** The last error (message), when the job failed with one. */
  error: string | null;
  /** When the failed job was first sent. */
  sentAt: Date | null;
  /** When it was dead-lettered. */
  deadAt: Date;
}

export interface Jobs {
  readonly role: JobRole;
  /** The pg-boss instance underneath, for operations this layer does not cover. */
  readonly boss: PgBoss;
  /**
   * This worker process's liveness, for leases taken outside pg-boss (`leases` above): null on
   * PGlite, in an HTTP-only process, or with liveness off; then such leases can only lapse.
   */
  readonly leaseOwner: LeaseOwner | null;
  /**
   * Validates and sends a job. Resolves with the job id, or null when the request was coalesced
   * into a job of the same key that is already waiting (see `queues.ts`). Throws JobDataError.
   */
  send<Q extends QueueName>(queue: Q, data: JobInput<Q>, options?: SendJobOptions): Promise<string | null>;
  /** `send('recompute-account', …)`: debounced per account. */
  sendRecompute(data: JobInput<'recompute-account'>, options?: SendJobOptions): Promise<string | null>;
  /** Exact per-queue counts, read from the job table (not pg-boss's cached counters). */
  stats(): Promise<JobsStats>;
  /** The jobs of a queue that failed for good, newest last. */
  deadLetters(queue: QueueName, options?: { limit?: number }): Promise<DeadLetter[]>;
  /** Moves dead-lettered jobs back to their queue for another round of attempts; resolves with how many. */
  redrive(queue: QueueName, options?: { limit?: number }): Promise<number>;
  /** Cancels every waiting or retrying job of a tenant (after an uninstall); resolves with how many. */
  cancelTenant(crm: string, portalId: string): Promise<number>;
  /** Cheap readiness probe: started, not stopping, and the job database answers. */
  ready(): Promise<boolean>;
  /**
   * Stops fetching, waits up to `timeoutMs` for jobs in flight, then fails the ones still running
   * (their signal is aborted; they go back to retry, so another worker picks them up). Idempotent.
   * Call it before closing the database.
   */
  stop(options?: { graceful?: boolean; timeoutMs?: number }): Promise<void>;
}

/** Queues whose jobs belong to one tenant (their data carries crm and portalId). */
const TENANT_QUEUES = ['sync-portfolio', 'recompute-account', 'drain-outbox', 'calibrate-portal'] as const satisfies readonly QueueName[];

const silentLogger: JobsLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

type EffectiveQueue = QueueDefinition<QueueName>;

export async function startJobs(options: StartJobsOptions): Promise<Jobs> {
  const { db, role } = options;
  const logger = options.logger ?? silentLogger;
  const schema = options.schema ?? 'pgboss';
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid pg-boss schema name: ${schema}`);
  const runsWorkers = role !== 'http';
  const pollingIntervalSeconds = options.pollingIntervalSeconds ?? 2;
  const debounceSeconds = options.recomputeDebounceSeconds ?? RECOMPUTE_DEBOUNCE_SECONDS;
  if (!(debounceSeconds >= 0)) throw new Error('recomputeDebounceSeconds must be >= 0');
  const queues = effectiveQueues(options.queues);

  if (runsWorkers) {
    const missing = (QUEUE_NAMES.filter((q) => q !== 'schedule-syncs') as WorkQueueName[]).filter(
      (q) => typeof options.handlers?.[q] !== 'function',
    );
    if (missing.length) throw new Error(`role ${role} needs a handler for: ${missing.join(', ')}`);
  }

  const target = db.bossDb();
  const common = {
    schema,
    instanceName: `success-sidecar-${role}`,
    migrate: true,
    // An HTTP-only process keeps no timers: maintenance and cron belong to the workers.
    supervise: runsWorkers,
    // How often a worker fails jobs whose heartbeat stopped or that expired: pg-boss runs that
    // sweep in its monitor pass, every 60 s by default; a SIGKILLed worker's job would wait that long.
    superviseIntervalSeconds: options.superviseIntervalSeconds ?? 10,
    monitorIntervalSeconds: options.superviseIntervalSeconds ?? 10,
    schedule: runsWorkers,
  };
  const boss =
    'connectionString' in target
      ? new PgBoss({
          ...common,
          connectionString: target.connectionString,
          max: options.poolSize ?? 5,
          application_name: `success-sidecar-jobs-${role}`,
          backend: 'postgres',
        })
      : new PgBoss({ ...common, db: target, backend: 'pglite' });
  // An 'error' event without a listener would crash the process.
  boss.on('error', (err) => logger.error({ err }, 'pg-boss error'));
  boss.on('warning', (warning) => logger.warn({ warning }, 'pg-boss warning'));

  let stopping: Promise<void> | null = null;
  let stopSweep: (() => void) | null = null;
  let liveness: Liveness | null = null;
  await boss.start();

  const send = async <Q extends QueueName>(
    queue: Q,
    input: JobInput<Q>,
    sendOptions: SendJobOptions = {},
  ): Promise<string | null> => {
    const data = parseJobData(queue, input);
    const def = queues[queue] as unknown as QueueDefinition<Q>;
    const key = def.key(data);
    const delay = sendOptions.delaySeconds ?? (queue === 'recompute-account' ? debounceSeconds : 0);
    if (!(delay >= 0)) throw new Error('delaySeconds must be >= 0');
    const connection = sendOptions.tx ? { db: fromDrizzle(sendOptions.tx as unknown as DrizzleTransactionLike, sql) } : {};
    const jobOptions = {
      ...connection,
      ...(key === undefined ? {} : { singletonKey: key }),
      ...(delay > 0 ? { startAfter: delay } : {}),
      ...(sendOptions.priority === undefined ? {} : { priority: sendOptions.priority }),
    };
    for (let attempt = 0; ; attempt++) {
      const id = await boss.send(queue, data, jobOptions);
      if (id !== null || queue !== 'sync-portfolio' || (data as JobData<'sync-portfolio'>).mode !== 'full') return id;
      // A sync of this portal is already waiting. A full sync covers an incremental one, so the
      // waiting job becomes full (the data differ only in `mode`, since the key is crm+portal).
      const updated = await boss.update(queue, data, { ...connection, singletonKey: key, match: 'all' });
      if (updated.updated > 0) return updated.jobs[0] ?? null;
      // The waiting job started in between: send again (once) so the full sync is not lost.
      if (attempt >= 1) return null;
    }
  };

  const jobs: Jobs = {
    role,
    boss,
    get leaseOwner() {
      return liveness;
    },
    send,
    sendRecompute: (data, sendOptions) => send('recompute-account', data, sendOptions),
    stats: () => readStats(boss, schema),
    deadLetters: async (queue, listOptions = {}) => {
      const rows = await boss.findJobs<Record<string, unknown>>(deadLetterQueue(queue), {
        limit: listOptions.limit ?? 100,
      });
      return rows.map((row) => toDeadLetter(queue, row));
    },
    redrive: (queue, redriveOptions = {}) =>
      boss.redrive(deadLetterQueue(queue), { limit: redriveOptions.limit ?? 1000 }),
    cancelTenant: async (crm, portalId) => {
      let cancelled = 0;
      for (const queue of TENANT_QUEUES) {
        const waiting = await boss.findJobs<Record<string, unknown>>(queue, { data: { crm, portalId }, queued: true });
        const ids = waiting.map((j) => j.id);
        if (ids.length > 0) {
          await boss.cancel(queue, ids);
          cancelled += ids.length;
        }
      }
      return cancelled;
    },
    ready: async () => {
      if (stopping) return false;
      try {
        await withTimeout(boss.getDb().executeSql('SELECT 1'), 2000);
        return true;
      } catch {
        return false;
      }
    },
    stop: ({ graceful = true, timeoutMs = 30_000 } = {}) => {
      // pg-boss bounds the wait for handlers, not a statement stuck behind a lock (on PGlite: an
      // application transaction that never ends); past a margin, give up rather than hang the exit.
      const margin = Math.max(timeoutMs, 1000) + 5000;
      stopSweep?.();
      stopping ??= withTimeout(boss.stop({ graceful, timeout: timeoutMs, close: true }), margin).finally(() => liveness?.stop()).then(
        () => logger.info({ role }, 'jobs stopped'),
        (err: unknown) => logger.error({ role, err }, 'jobs did not stop cleanly'),
      );
      return stopping;
    },
  };

  try {
    await ensureQueues(boss, queues);
    let gating: Gating | null = null;
    if (runsWorkers && 'connectionString' in target && options.livenessIntervalMs !== false) {
      const hold = queues['recompute-account'].gateHoldSeconds;
      const gate = hold ? await createPortalGate(boss, schema, hold) : null;
      const gateLeases: KeyedLeases[] = gate ? [{ name: 'batch-gates', owners: () => gate.owners(), release: (key: number) => gate.release(key) }] : [];
      liveness = await startLiveness({ connectionString: target.connectionString, boss, schema, logger, intervalMs: options.livenessIntervalMs ?? 1000, leases: [...(options.leases ?? []), ...gateLeases] });
      if (gate) gating = { gate, owner: liveness, handBack: (queue, data) => send(queue, data as never, { delaySeconds: HAND_BACK_DELAY_SECONDS }) };
    }
    if (runsWorkers) {
      await applySchedules(boss, options.schedule);
      await boss.unschedule('sweep-outbox'); // a timer now, not cron (see startSweepTimer)
      const handlers: JobHandlers = (options as { handlers: JobHandlers }).handlers;
      for (const queue of QUEUE_NAMES) {
        if (queue === 'schedule-syncs') {
          const list = options.schedule?.listInstallations;
          if (!list) continue;
          await work(boss, queues[queue], pollingIntervalSeconds, logger, liveness, null, asBatch(() => fanOutSyncs(list, send, logger)));
        } else if (queue === 'recompute-account') {
          await work(boss, queues[queue], pollingIntervalSeconds, logger, liveness, gating, handlers[queue]);
        } else {
          await work(boss, queues[queue], pollingIntervalSeconds, logger, liveness, null, asBatch(handlers[queue]));
        }
      }
    }
    if (runsWorkers) stopSweep = startSweepTimer(options.schedule ?? {}, send, logger);
  } catch (err) {
    await boss.stop({ graceful: false, close: true }).catch(() => undefined);
    await liveness?.stop();
    throw err;
  }
  logger.info({ role, schema, engine: db.kind }, 'jobs started');
  return jobs;
}

function effectiveQueues(overrides: QueueOverrides = {}): { [Q in QueueName]: EffectiveQueue } {
  const out = {} as { [Q in QueueName]: EffectiveQueue };
  for (const name of QUEUE_NAMES) {
    const def = { ...(QUEUES[name] as unknown as EffectiveQueue), ...overrides[name] };
    if (!Number.isInteger(def.retryLimit) || def.retryLimit < 0) throw new Error(`${name}: retryLimit must be an integer >= 0`);
    if (!Number.isInteger(def.retryDelay) || def.retryDelay < 0) throw new Error(`${name}: retryDelay must be whole seconds >= 0`);
    if (!Number.isInteger(def.concurrency) || def.concurrency < 1) throw new Error(`${name}: concurrency must be an integer >= 1`);
    out[name] = def;
  }
  return out;
}

/** Creates the queues and their dead-letter queues, or brings the settings of existing ones up to date. */
async function ensureQueues(boss: PgBoss, queues: { [Q in QueueName]: EffectiveQueue }): Promise<void> {
  const names = QUEUE_NAMES.flatMap((q) => [q, deadLetterQueue(q)]);
  const existing = new Map((await boss.getQueues(names)).map((q) => [q.name, q]));
  for (const name of QUEUE_NAMES) {
    const def = queues[name];
    const dead = deadLetterQueue(name);
    if (!existing.has(dead)) {
      await boss.createQueue(dead, { policy: 'standard', retentionSeconds: DEAD_LETTER_RETENTION_SECONDS });
    }
    const settings = {
      retryLimit: def.retryLimit,
      retryDelay: def.retryDelay,
      retryBackoff: def.retryBackoff,
      // pg-boss refuses a maximum without backoff; null clears one set before.
      retryDelayMax: def.retryBackoff ? def.retryDelayMax : null,
      expireInSeconds: def.expireInSeconds,
      heartbeatSeconds: def.heartbeatSeconds ?? null,
      deleteAfterSeconds: def.deleteAfterSeconds,
      deadLetter: dead,
    };
    const current = existing.get(name);
    if (!current) {
      const { retryDelayMax, heartbeatSeconds, ...rest } = settings;
      await boss.createQueue(name, { policy: def.policy, ...rest, ...(retryDelayMax === null ? {} : { retryDelayMax }), ...(heartbeatSeconds === null ? {} : { heartbeatSeconds }) });
      continue;
    }
    if (current.policy !== def.policy) {
      throw new Error(
        `queue ${name} exists with policy ${String(current.policy)}, expected ${def.policy}: ` +
          'pg-boss cannot change a policy; delete the queue (its jobs go with it) and start again',
      );
    }
    const stale = (Object.keys(settings) as Array<keyof typeof settings>).some(
      (k) => (current[k] ?? null) !== settings[k],
    );
    if (stale) await boss.updateQueue(name, settings);
  }
}

async function applySchedules(boss: PgBoss, schedule: ScheduleOptions = {}): Promise<void> {
  const refresh = schedule.refreshTokens ?? DEFAULT_SCHEDULES.refreshTokens;
  if (refresh) await boss.schedule('refresh-tokens', refresh, {});
  else await boss.unschedule('refresh-tokens');
  const sync = schedule.syncPortfolios ?? DEFAULT_SCHEDULES.syncPortfolios;
  if (sync && schedule.listInstallations) await boss.schedule('schedule-syncs', sync, {});
  else await boss.unschedule('schedule-syncs');
  const purge = schedule.purgeUninstalled ?? DEFAULT_SCHEDULES.purgeUninstalled;
  if (purge) await boss.schedule('purge-uninstalled', purge, {});
  else await boss.unschedule('purge-uninstalled');
  const calibrations = schedule.calibrations ?? DEFAULT_SCHEDULES.calibrations;
  if (calibrations) await boss.schedule('schedule-calibrations', calibrations, {});
  else await boss.unschedule('schedule-calibrations');
  const prune = schedule.pruneRetention ?? DEFAULT_SCHEDULES.pruneRetention;
  if (prune) await boss.schedule('prune-retention', prune, {});
  else await boss.unschedule('prune-retention');
}

/** Every worker process ticks; the exclusive queue keeps one sweep queued or running across all of them. */
function startSweepTimer(schedule: ScheduleOptions, send: Jobs['send'], logger: JobsLogger): (() => void) | null {
  const seconds = schedule.sweepOutboxSeconds ?? DEFAULT_SCHEDULES.sweepOutboxSeconds;
  if (seconds === false) return null;
  if (!(seconds > 0)) throw new Error('sweepOutboxSeconds must be > 0');
  const timer = setInterval(() => void send('sweep-outbox', {}).catch((err: unknown) => logger.warn({ err }, 'outbox sweep not sent')), seconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}

async function fanOutSyncs(
  list: () => Promise<InstallationRef[]>,
  send: Jobs['send'],
  logger: JobsLogger,
): Promise<void> {
  const installations = await list();
  let sent = 0;
  for (const { crm, portalId } of installations) {
    try {
      if (await send('sync-portfolio', { crm, portalId, mode: 'incremental' } as JobInput<'sync-portfolio'>)) sent++;
    } catch (err) {
      if (!(err instanceof JobDataError)) throw err;
      logger.warn({ crm, portalId, err }, 'installation skipped by the sync schedule');
    }
  }
  logger.info({ installations: installations.length, sent }, 'incremental syncs scheduled');
}

/** A one-job handler as a batch handler: each job runs on its own, in order; a throw fails that job. */
function asBatch(handler: JobHandler<QueueName>): BatchJobHandler<QueueName> {
  return async (items) => {
    const failed = new Map<string, unknown>();
    for (const { data, job } of items) {
      try {
        await handler(data, job);
      } catch (err) {
        failed.set(job.id, err);
      }
    }
    return failed;
  };
}

async function work(
  boss: PgBoss,
  def: EffectiveQueue,
  pollingIntervalSeconds: number,
  logger: JobsLogger,
  liveness: Liveness | null,
  gating: Gating | null,
  handler: BatchJobHandler<QueueName>,
): Promise<void> {
  const queue = def.name;
  const schema = jobDataSchemas[queue];
  await boss.work<unknown>(
    queue,
    { batchSize: def.batchSize, localConcurrency: def.concurrency, pollingIntervalSeconds: Math.min(pollingIntervalSeconds, def.pollingIntervalSeconds ?? Infinity), perJobResults: true },
    async (batch: Job<unknown>[]): Promise<JobResult[]> => {
      // Recorded under this process's liveness key: if the process dies, another worker fails these
      // attempts within about a second (liveness.ts) instead of waiting for the heartbeat to lapse.
      await liveness?.claim(queue, batch);
      try {
        return await settle(batch);
      } finally {
        await liveness?.release(batch.map((j) => j.id));
      }
    },
  );

  /** The portal gate (portal-gate.ts): the items whose gate this batch holds run; the others are handed back to the queue. */
  async function admit(items: Array<BatchItem<QueueName>>): Promise<{ run: Array<BatchItem<QueueName>>; handedBack: string[]; leave: () => Promise<void> }> {
    const nothing = { run: items, handedBack: [], leave: () => Promise.resolve() };
    const gateKey = def.gateKey as ((data: unknown) => string) | undefined;
    const workerKey = gating?.owner.current() ?? null;
    if (!gating || !gateKey || workerKey === null) return nothing;
    const keys = [...new Set(items.map((i) => gateKey(i.data)))];
    let entered: Awaited<ReturnType<PortalGate['enter']>>;
    try {
      entered = await gating.gate.enter(keys, workerKey);
    } catch (err) {
      logger.warn({ queue, err }, 'batch gate unavailable; the batch runs without it');
      return nothing;
    }
    const run: Array<BatchItem<QueueName>> = [];
    const handedBack: string[] = [];
    for (const item of items) {
      if (entered.taken.has(gateKey(item.data))) {
        run.push(item);
        continue;
      }
      try {
        // A fresh request (coalesced into one already waiting); this attempt completes without work.
        await gating.handBack(queue, item.data);
        handedBack.push(item.job.id);
      } catch (err) {
        logger.warn({ queue, jobId: item.job.id, err }, 'job not handed back; it runs in this batch');
        run.push(item);
      }
    }
    return { run, handedBack, leave: () => gating.gate.leave([...entered.taken], entered.token) };
  }

  async function settle(batch: Job<unknown>[]): Promise<JobResult[]> {
      const results: JobResult[] = [];
      const items: Array<BatchItem<QueueName>> = [];
      for (const job of batch) {
        const parsed = schema.safeParse(job.data);
        if (!parsed.success) {
          // Retrying cannot fix a payload: straight to the dead-letter queue.
          const error = new JobDataError(queue, parsed.error.issues);
          logger.error({ queue, jobId: job.id, err: error }, 'job data invalid, dead-lettered');
          results.push({ id: job.id, status: 'deadletter', output: { name: error.name, message: error.message } });
          continue;
        }
        items.push({ data: parsed.data, job: { id: job.id, queue, retryCount: job.retryCount, signal: job.signal } });
      }
      if (items.length === 0) return results;
      const { run, handedBack, leave } = await admit(items);
      for (const id of handedBack) results.push({ id, status: 'completed', output: { handedBack: 'its portal had a batch in flight; a fresh request waits for the next batch' } });
      if (run.length === 0) return results;
      // A throw here fails every job of the batch (pg-boss stores the error and retries them).
      const failed = await handler(run).finally(leave);
      for (const { job } of run) {
        if (!failed.has(job.id)) {
          results.push({ id: job.id, status: 'completed' });
          continue;
        }
        const err = failed.get(job.id);
        const final = job.retryCount >= def.retryLimit;
        logger[final ? 'error' : 'warn'](
          { queue, jobId: job.id, retryCount: job.retryCount, err },
          final ? 'job failed for good, dead-lettered' : 'job failed, will retry',
        );
        results.push({ id: job.id, status: 'failed', output: errorOutput(err) });
      }
      return results;
  }
}

/**
 * A job turned away by the batch gate is due again this soon: when the gate frees, every job
 * waiting for it is due, so the next batch takes them all (with a longer delay, jobs handed back a
 * moment too late miss batch after batch). Not 0: a fetcher would fetch its own hand-backs at once.
 */
const HAND_BACK_DELAY_SECONDS = 0.3;

/** The fleet-wide batch gate and how a job it turns away goes back to the queue. */
interface Gating {
  gate: PortalGate;
  owner: LeaseOwner;
  handBack: (queue: QueueName, data: unknown) => Promise<unknown>;
}

/** What pg-boss stores as a failed job's output (the dead-letter view reads `message`). */
function errorOutput(err: unknown): object {
  if (err instanceof Error) return { name: err.name, message: err.message, ...(err.stack ? { stack: err.stack } : {}) };
  return { message: String(err) };
}

const EMPTY_COUNTS: QueueCounts = {
  queued: 0,
  deferred: 0,
  retry: 0,
  active: 0,
  completed: 0,
  failed: 0,
  cancelled: 0,
  dead: 0,
};

async function readStats(boss: PgBoss, schema: string): Promise<JobsStats> {
  const names = QUEUE_NAMES.flatMap((q) => [q, deadLetterQueue(q)]);
  const { rows } = await boss.getDb().executeSql(
    `SELECT name, state::text AS state, (state = 'created' AND start_after > now()) AS deferred, count(*)::int AS n
       FROM ${schema}.job WHERE name = ANY($1::text[]) GROUP BY 1, 2, 3`,
    [names],
  );
  const stats = Object.fromEntries(QUEUE_NAMES.map((q) => [q, { ...EMPTY_COUNTS }])) as JobsStats;
  for (const row of rows as Array<{ name: string; state: string; deferred: boolean; n: number }>) {
    const n = Number(row.n);
    const dead = QUEUE_NAMES.find((q) => deadLetterQueue(q) === row.name);
    if (dead) {
      if (row.state !== 'completed' && row.state !== 'cancelled') stats[dead].dead += n;
      continue;
    }
    const counts = stats[row.name as QueueName];
    if (!counts) continue;
    if (row.state === 'created') counts[row.deferred ? 'deferred' : 'queued'] += n;
    else if (row.state in counts) counts[row.state as keyof QueueCounts] += n;
  }
  return stats;
}

function toDeadLetter(queue: QueueName, row: JobWithMetadata<Record<string, unknown>>): DeadLetter {
  const output = row.sourceOutput as { message?: unknown } | null;
  return {
    id: row.id,
    queue,
    data: row.data,
    sourceId: row.sourceId,
    attempts: (row.sourceRetryCount ?? 0) + 1,
    error: output == null ? null : typeof output.message === 'string' ? output.message : JSON.stringify(output),
    sentAt: row.sourceCreatedOn,
    deadAt: row.createdOn,
  };
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
