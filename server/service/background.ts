// The work the job queues run: drain a portal's outbox to the CRM, sync a portfolio into the
// store, recompute one account. Each is safe to run twice (jobs are retried, and a crash between
// a CRM write and marking the row delivered rewrites the same values, which changes nothing).
import { CrmError } from '../crm/errors.ts';
import type { TenantCrm, WriteOutcome } from '../crm/port.ts';
import type { KeyedLeases, LeaseOwner } from '../jobs/liveness.ts';
import type { Lease, OutboxRepo, OutboxRow } from '../store/outbox.ts';
import type { Store } from '../store/store.ts';
import { notYetHeld } from '../sync/diff.ts';
import { runSync, type SyncReport } from '../sync/portfolio-sync.ts';
import type { RetryLimits } from '../sync/retry.ts';
import type { AccountService } from './accounts.ts';
import { classifyWriteFailure } from './write-failures.ts';

const DRAIN_BATCH = 100;
const LEASE_MS = 60_000;
/** A batch write is started only while its lease has this long left (fencing: see outbox.ts). */
const WRITE_MARGIN_MS = 20_000;

export interface DrainReport {
  delivered: number;
  failed: number;
  requeued: number;
  /** Rows put back without spending an attempt (rate limit, outage), with the delay asked for. */
  deferred: number;
  retryAfterMs: number | null;
}

export interface DrainOptions {
  signal?: AbortSignal;
  /** The accounts whose values were written (and marked delivered): cached views go stale. */
  onWritten?: (accountIds: string[]) => void;
  /**
   * The draining worker process's liveness (`Jobs.leaseOwner`): rows are leased under its key, so
   * that if this process dies the other workers release them at once instead of after the lease.
   */
  owner?: LeaseOwner | null;
}

/**
 * The outbox's leases as the liveness check sees them: whose keys hold leases now, and the release
 * of a dead key's leases.
 */
export function outboxLeases(outbox: OutboxRepo): KeyedLeases {
  return { name: 'outbox', owners: () => outbox.leaseOwners(), release: async (key) => (await outbox.releaseOwner(key)).length };
}

/**
 * Writes every pending outbox row of a portal, a batch at a time, until none is left. Each batch
 * first reads what the CRM holds and sends only what differs: a row whose write landed just
 * before a crash (and was never marked delivered) is not written a second time. What we wrote is
 * recorded in the sync state, so an incremental sync does not read it back as someone's change.
 * A rate limit or an outage releases the batch, leased for the delay, without spending attempts;
 * the outbox sweep sends the next drain once the delay is over.
 */
export async function drainOutbox(store: Store, crm: TenantCrm, portalId: string, options: DrainOptions = {}): Promise<DrainReport> {
  const report: DrainReport = { delivered: 0, failed: 0, requeued: 0, deferred: 0, retryAfterMs: null };
  const defer = async (leases: Lease[], message: string, delayMs: number) => {
    report.deferred += (await store.outbox.release(leases, message, delayMs)).length;
    report.retryAfterMs = Math.max(report.retryAfterMs ?? 0, delayMs);
  };
  const kind = crm.kind;
  const adapter = await crm.adapter(portalId);
  for (;;) {
    if (options.signal?.aborted) return report;
    const owner = options.owner?.current() ?? null;
    const rows = await store.outbox.claim({ crm: kind, portalId, limit: DRAIN_BATCH, leaseMs: LEASE_MS, owner });
    if (rows.length === 0) return report;
    let outcome: WriteOutcome;
    let alreadyHeld: OutboxRow[] = [];
    try {
      const names = [...new Set(rows.flatMap((r) => Object.keys(r.properties)))];
      const held = await adapter.readProperties(rows.map((r) => r.accountId), names);
      // Fencing: a batch whose lease ran (nearly) out meanwhile is another drain's now.
      const confirmed = await store.outbox.confirmLeases(rows, WRITE_MARGIN_MS);
      // A process that lost its liveness key looks dead to the others, who release its leases: write nothing under them.
      const live = new Set(owner !== null && !options.owner!.holds(owner) ? [] : confirmed);
      const updates = rows.flatMap((r) => {
        if (!live.has(r.id)) return [];
        const current = held.get(r.accountId);
        const properties = current ? notYetHeld(current, r.properties) : r.properties; // a deleted company fails below, visibly
        return Object.keys(properties).length === 0 ? [] : [{ accountId: r.accountId, properties }];
      });
      const sending = new Set(updates.map((u) => u.accountId));
      alreadyHeld = rows.filter((r) => live.has(r.id) && !sending.has(r.accountId));
      outcome = await adapter.writeProperties(updates);
    } catch (error) {
      const kind = classifyWriteFailure(error instanceof CrmError ? error.code : 'unknown');
      const message = error instanceof Error ? error.message : String(error);
      if (kind.transient) {
        await defer(rows, message, (error instanceof CrmError ? error.retryAfterMs : null) ?? kind.delayMs);
        return report;
      }
      // Not the CRM's weather (auth, scopes): count the attempt and let the job retry.
      for (const r of rows) await store.outbox.markFailed(r, message, { retryAfterMs: 5_000 });
      throw error;
    }
    const byAccount = new Map(rows.map((r) => [r.accountId, r]));
    if (outcome.written.length > 0) await store.syncStateStore(kind, portalId).recordOwnWrites(outcome.written);
    const delivered = await store.outbox.markDelivered([...alreadyHeld, ...outcome.written.flatMap((w) => byAccount.get(w.accountId) ?? [])]);
    report.delivered += delivered.delivered.length;
    const deliveredIds = new Set(delivered.delivered);
    options.onWritten?.(rows.filter((r) => deliveredIds.has(r.id)).map((r) => r.accountId));
    report.requeued += delivered.requeued.length;
    const transient: Lease[] = [];
    let transientDelay = 0;
    let transientReason = '';
    for (const f of outcome.failed) {
      const row = byAccount.get(f.accountId);
      if (row === undefined) continue;
      const kind = classifyWriteFailure(f.code);
      if (kind.transient) {
        transient.push(row);
        transientDelay = Math.max(transientDelay, kind.delayMs);
        transientReason ||= `${f.nativeCode}: ${f.message}`;
        continue;
      }
      const state = await store.outbox.markFailed(row, `${f.nativeCode}: ${f.message}`, { permanent: kind.permanent, retryAfterMs: 30_000 });
      if (state?.status === 'failed') report.failed++;
    }
    if (transient.length > 0) {
      // The CRM is struggling: stop this drain; the sweep sends the next once the delay is over.
      await defer(transient, transientReason, transientDelay);
      return report;
    }
    if (delivered.delivered.length === 0 && delivered.requeued.length === 0 && outcome.failed.length > 0) return report;
  }
}

/**
 * Syncs a portal's portfolio into the store: every account scored (CSM objectives included) and
 * saved with its outbox entry; the drain job then writes what changed.
 */
export async function syncPortfolio(options: { store: Store; crm: TenantCrm; accounts: AccountService; portalId: string; mode: 'full' | 'incremental'; signal?: AbortSignal; now?: () => number; retryLimits?: RetryLimits }): Promise<SyncReport> {
  const { store, crm, accounts, portalId } = options;
  const kind = crm.kind;
  const now = options.now ?? Date.now;
  const adapter = await crm.adapter(portalId);
  const engine = await accounts.engineFor(portalId);
  const stateStore = store.syncStateStore(kind, portalId);
  const last = (await stateStore.load())?.lastCompletedStartMs ?? null;
  const mode = options.mode === 'incremental' && last !== null ? { kind: 'incremental' as const, sinceMs: last } : { kind: 'full' as const };
  return runSync({
    adapter,
    engine,
    store: stateStore,
    mode,
    asOf: new Date(now()).toISOString(),
    now,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.retryLimits ? { retryLimits: options.retryLimits } : {}),
    enrich: async (snapshots) =>
      Promise.all(
        snapshots.map(async (s) => {
          const plan = await store.plans.get(kind, portalId, s.account.id);
          return plan.version > 0 ? { ...s, objectives: plan.objectives } : s;
        }),
      ),
    record: async (scored) => {
      let changed = false;
      for (const s of scored) changed = (await accounts.saveScored(portalId, s.account, engine, s.result, { drain: false })) || changed;
      if (changed) await accounts.requestDrain(portalId);
    },
  });
}
