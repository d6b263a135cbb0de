// Portfolio sync: read every customer (or those changed since a moment), compute, and write back
// only the properties that changed. One page processor serves all modes; only where the ids come
// from differs. The state is saved after every page, so an interrupted sync resumes there. Accounts
// a run could not read (or write directly) are kept in the state and read again by the next
// incremental run along with the changed ones (retry.ts).
//
// A dry run computes and writes nothing, so it must not change what a real run will read or
// write: it reads the state (own writes, the retry list) but never saves it — no checkpoint for a
// real run to resume past pages it did not write, no `lastCompletedStartMs` for `--since last` to
// skip changes it did not write. It never resumes a checkpoint either (a real run's stays as it
// was); an interrupted dry run simply starts over.
import { scoreAccount, type EngineDeps } from '../domain/engine.ts';
import type { AccountResult } from '../domain/result.ts';
import type { AccountSnapshot } from '../domain/snapshot.ts';
import { chunk } from '../crm/batches.ts';
import type { CrmAdapter, LoadedAccount, PropertyUpdate } from '../crm/port.ts';
import { changedProperties } from './diff.ts';
import { applyRetryOutcome, DEFAULT_RETRY_LIMITS, retriable, withRetries, type RetryLimits } from './retry.ts';
import { emptyState, type SyncCheckpoint, type SyncState, type SyncStateStore } from './state.ts';

export type SyncMode = { kind: 'full' } | { kind: 'incremental'; sinceMs: number } | { kind: 'accounts'; ids: readonly string[] };

export interface SyncOptions {
  adapter: CrmAdapter;
  engine: EngineDeps;
  store: SyncStateStore;
  mode: SyncMode;
  /** The moment the engine computes as of (ISO). A resumed run keeps its original as-of. */
  asOf: string;
  /** Computes and reports without writing to the CRM, and without saving the sync state (see the header). */
  dryRun?: boolean;
  /** Properties not to write (e.g. ones provisioning found owned by someone else). */
  skipProperties?: ReadonlySet<string>;
  /** Checked between pages: an aborted sync saves its checkpoint and stops. */
  signal?: AbortSignal;
  onProgress?: (progress: SyncProgress) => void;
  now?: () => number;
  pageSize?: number;
  /** Adds what the CRM does not hold (e.g. the success plan a CSM keeps in the sidecar) before scoring. */
  enrich?: (snapshots: AccountSnapshot[]) => Promise<AccountSnapshot[]>;
  /**
   * Takes each page's results instead of writing them to the CRM directly (the sidecar stores
   * them with an outbox entry in one transaction; a job writes the outbox). Every scored account
   * is passed, with `changes` empty when nothing needs writing.
   */
  record?: (scored: ScoredAccount[]) => Promise<void>;
  /** How long failed accounts are read again, and how many are kept (retry.ts; parsed where the options come in). */
  retryLimits?: RetryLimits;
}

export interface ScoredAccount {
  account: LoadedAccount;
  result: AccountResult;
  changes: Record<string, string>;
}

export interface SyncProgress {
  pages: number;
  accountsRead: number;
  /** Known in incremental and accounts modes. */
  accountsTotal: number | null;
}

export interface SyncReport {
  mode: SyncMode['kind'];
  resumed: boolean;
  interrupted: boolean;
  dryRun: boolean;
  accountsRead: number;
  accountsChanged: number;
  propertiesWritten: number;
  unchanged: number;
  failed: Array<{ id: string; code: string; message: string }>;
  /** The adapter's warnings (LoadResult.warnings), each once: the sync went on, but the admin should act. */
  warnings: string[];
  missing: number;
  skippedOwnWrites: number;
  /**
   * Incremental mode: accounts an earlier run failed that this run read again (changed or not).
   * Like accountsRead, what this invocation read: an interrupted run and its resumption each count
   * their own part, and the two add up to the list the run started with.
   */
  retriedFailed: number;
  apiCalls: Record<string, number>;
  apiCallsTotal: number;
  rateLimited429: number;
  retries: number;
  durationMs: number;
}

export async function runSync(options: SyncOptions): Promise<SyncReport> {
  const { adapter, store, mode } = options;
  const now = options.now ?? Date.now;
  const started = now();
  const callsBefore = adapter.usage();
  const state: SyncState = (await store.load()) ?? emptyState(adapter.crm, adapter.tenantId);
  if (state.crm !== adapter.crm || state.tenantId !== adapter.tenantId) throw new Error(`sync state belongs to ${state.crm} ${state.tenantId}, not ${adapter.crm} ${adapter.tenantId}`);

  const dryRun = options.dryRun ?? false;
  const save = () => (dryRun ? Promise.resolve() : store.save(state));
  const resumable = !dryRun && mode.kind !== 'accounts' && state.run?.mode === mode.kind;
  const run: SyncCheckpoint = resumable ? state.run! : { mode: mode.kind, asOf: options.asOf, startedAtMs: started, cursor: null, pending: [], done: 0, pages: 0, accountsRead: 0 };
  const report: SyncReport = {
    mode: mode.kind, resumed: resumable, interrupted: false, dryRun,
    accountsRead: 0, accountsChanged: 0, propertiesWritten: 0, unchanged: 0, failed: [], warnings: [], missing: 0, skippedOwnWrites: 0, retriedFailed: 0,
    apiCalls: {}, apiCallsTotal: 0, rateLimited429: 0, retries: 0, durationMs: 0,
  };
  const pageSize = options.pageSize ?? 100;
  const warn = (warning: string) => {
    if (!report.warnings.includes(warning)) report.warnings.push(warning);
  };

  /** Keeps the page's retriable failures for the next incremental run, and lets go of the rest. */
  const remember = (ids: readonly string[], failed: SyncReport['failed']) => {
    if (dryRun) return; // nothing was written: what to read again stays as it was (and counts no failed run)
    const kept = failed.filter((f) => retriable(f.code, options.record === undefined));
    const keptIds = new Set(kept.map((f) => f.id));
    const done = ids.filter((id) => !keptIds.has(id));
    const next = applyRetryOutcome(state.retry, { done, failed: kept }, options.retryLimits ?? DEFAULT_RETRY_LIMITS);
    state.retry = next.list;
    for (const warning of next.warnings) warn(warning);
  };

  const processPage = async (ids: readonly string[]) => {
    // Counted as each page is read rather than when the ids are listed, so that each invocation of
    // a run interrupted and resumed counts the listed ids it read itself (a resumed one lists
    // nothing). Before its page, an id is in the list if and only if it was there when the run
    // started: this run changes an id's entry only after the page that holds it, and each id is in
    // one page (another sync of the portal in between, e.g. of named accounts, may have changed it).
    if (mode.kind === 'incremental') report.retriedFailed += ids.filter((id) => id in state.retry).length;
    const failedBefore = report.failed.length;
    await readScoreWrite(ids);
    remember(ids, report.failed.slice(failedBefore));
  };

  const readScoreWrite = async (ids: readonly string[]) => {
    const loaded = await adapter.loadAccounts(ids, run.asOf);
    report.missing += loaded.missing.length;
    for (const warning of loaded.warnings ?? []) warn(warning);
    for (const bad of loaded.invalid) report.failed.push({ id: bad.accountId, code: 'invalid_data', message: bad.message });
    for (const bad of loaded.unreadable) report.failed.push({ id: bad.accountId, code: 'read_failed', message: bad.message });
    const updates: PropertyUpdate[] = [];
    const scored: ScoredAccount[] = [];
    const snapshots = options.enrich ? await options.enrich(loaded.accounts.map((a) => a.snapshot)) : null;
    for (const [i, account] of loaded.accounts.entries()) {
      report.accountsRead++;
      run.accountsRead++;
      const result = scoreAccount(snapshots?.[i] ?? account.snapshot, options.engine);
      const changes = changedProperties(account.current, result.properties, options.skipProperties);
      if (Object.keys(changes).length === 0) report.unchanged++;
      else updates.push({ accountId: account.accountId, properties: changes });
      scored.push({ account, result, changes });
    }
    if (options.record && !dryRun) {
      await options.record(scored);
      report.accountsChanged += updates.length;
      return;
    }
    if (dryRun) {
      report.accountsChanged += updates.length;
      return;
    }
    const outcome = await adapter.writeProperties(updates);
    const sizes = new Map(updates.map((u) => [u.accountId, Object.keys(u.properties).length]));
    for (const w of outcome.written) {
      report.accountsChanged++;
      report.propertiesWritten += sizes.get(w.accountId) ?? 0;
      state.ownWrites[w.accountId] = w.modifiedAtMs;
    }
    for (const f of outcome.failed) report.failed.push({ id: f.accountId, code: f.nativeCode, message: f.message });
  };

  const checkpoint = async () => {
    run.pages++;
    options.onProgress?.({ pages: run.pages, accountsRead: report.accountsRead, accountsTotal: mode.kind === 'full' ? null : run.pending.length });
    if (mode.kind !== 'accounts') state.run = run;
    await save();
  };
  const stopped = () => options.signal?.aborted === true;

  if (mode.kind === 'full') {
    do {
      if (stopped()) break;
      const page = await adapter.listAccountIds(run.cursor);
      await processPage(page.ids);
      run.cursor = page.next;
      await checkpoint();
    } while (run.cursor !== null);
  } else {
    if (!resumable) {
      if (mode.kind === 'accounts') run.pending = [...new Set(mode.ids)];
      else {
        // Records whose only change since `since` is our own write are skipped.
        const candidates = await adapter.changedAccounts(mode.sinceMs);
        const changed: string[] = [];
        for (const c of candidates) {
          const ours = state.ownWrites[c.accountId];
          const ownWriteOnly = !c.relatedChanged && c.modifiedAtMs !== null && ours !== undefined && c.modifiedAtMs <= ours;
          if (!ownWriteOnly) changed.push(c.accountId);
          // An id the retry list holds is read anyway (below), so it is not counted as skipped.
          else if (!(c.accountId in state.retry)) report.skippedOwnWrites++;
        }
        run.pending = withRetries(changed, state.retry);
      }
      if (mode.kind !== 'accounts') state.run = run;
      await save();
    }
    for (const ids of chunk(run.pending.slice(run.done), pageSize)) {
      if (stopped()) break;
      await processPage(ids);
      run.done += ids.length;
      await checkpoint();
    }
  }

  report.interrupted = stopped() && (mode.kind === 'full' ? run.cursor !== null : run.done < run.pending.length);
  if (!report.interrupted) {
    if (mode.kind !== 'accounts') {
      state.run = null;
      state.lastCompletedStartMs = run.startedAtMs;
    }
    await save();
  }
  const usage = adapter.usage();
  for (const [kind, n] of Object.entries(usage.calls)) {
    const delta = n - (callsBefore.calls[kind] ?? 0);
    if (delta > 0) report.apiCalls[kind] = delta;
  }
  report.apiCallsTotal = Object.values(report.apiCalls).reduce((a, b) => a + b, 0);
  report.rateLimited429 = usage.rateLimited - callsBefore.rateLimited;
  report.retries = usage.retries - callsBefore.retries;
  report.durationMs = now() - started;
  return report;
}
