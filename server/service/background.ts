// The work the job queues run: drain a portal's outbox to the CRM, sync a portfolio into the
// store, recompute one account. Each is safe to run twice (jobs are retried, and a crash between
// a CRM write and marking the row delivered rewrites the same values, which changes nothing).
import { CrmError } from '../crm/errors.ts';
import type { Store } from '../store/store.ts';
import { notYetHeld } from '../sync/diff.ts';
import { runSync, type SyncReport } from '../sync/portfolio-sync.ts';
import type { AccountService } from './accounts.ts';
import type { PortalCrm } from './portal-crm.ts';

const CRM = 'hubspot';
const DRAIN_BATCH = 100;
const LEASE_MS = 60_000;

export interface DrainReport {
  delivered: number;
  failed: number;
  requeued: number;
}

/**
 * Writes every pending outbox row of a portal, a batch at a time, until none is left. Each batch
 * first reads what the CRM holds and sends only what differs: a row whose write landed just
 * before a crash (and was never marked delivered) is not written a second time.
 */
export async function drainOutbox(store: Store, crm: PortalCrm, portalId: string, signal?: AbortSignal, onWritten: (accountIds: string[]) => void = () => undefined): Promise<DrainReport> {
  const report: DrainReport = { delivered: 0, failed: 0, requeued: 0 };
  const adapter = await crm.adapter(portalId);
  for (;;) {
    if (signal?.aborted) return report;
    const rows = await store.outbox.claim({ crm: CRM, portalId, limit: DRAIN_BATCH, leaseMs: LEASE_MS });
    if (rows.length === 0) return report;
    let outcome;
    let alreadyHeld: number[] = [];
    try {
      const names = [...new Set(rows.flatMap((r) => Object.keys(r.properties)))];
      const held = await adapter.readProperties(rows.map((r) => r.accountId), names);
      const updates = rows.flatMap((r) => {
        const current = held.get(r.accountId);
        const properties = current ? notYetHeld(current, r.properties) : r.properties; // a deleted company fails below, visibly
        return Object.keys(properties).length === 0 ? [] : [{ accountId: r.accountId, properties }];
      });
      const sending = new Set(updates.map((u) => u.accountId));
      alreadyHeld = rows.filter((r) => !sending.has(r.accountId)).map((r) => r.id);
      outcome = await adapter.writeProperties(updates);
    } catch (error) {
      // The whole batch could not be sent (network, auth, HubSpot down): release it for a retry.
      const message = error instanceof Error ? error.message : String(error);
      const retryAfterMs = error instanceof CrmError && error.retryAfterMs ? error.retryAfterMs : 5_000;
      for (const r of rows) await store.outbox.markFailed(r.id, message, { retryAfterMs });
      throw error;
    }
    const byAccount = new Map(rows.map((r) => [r.accountId, r.id]));
    const delivered = await store.outbox.markDelivered([...alreadyHeld, ...outcome.written.flatMap((w) => byAccount.get(w.accountId) ?? [])]);
    report.delivered += delivered.delivered.length;
    const deliveredIds = new Set(delivered.delivered);
    onWritten(rows.filter((r) => deliveredIds.has(r.id)).map((r) => r.accountId));
    report.requeued += delivered.requeued.length;
    for (const f of outcome.failed) {
      const id = byAccount.get(f.accountId);
      if (id === undefined) continue;
      // The CRM refused the values themselves (validation, record deleted): retrying cannot help.
      const permanent = f.code === 'validation' || f.code === 'not_found';
      const state = await store.outbox.markFailed(id, `${f.nativeCode}: ${f.message}`, { permanent, retryAfterMs: 30_000 });
      if (state?.status === 'failed') report.failed++;
    }
    if (delivered.delivered.length === 0 && delivered.requeued.length === 0 && outcome.failed.length > 0) return report;
  }
}

/**
 * Syncs a portal's portfolio into the store: every account scored (CSM objectives included) and
 * saved with its outbox entry; the drain job then writes what changed.
 */
export async function syncPortfolio(options: { store: Store; crm: PortalCrm; accounts: AccountService; portalId: string; mode: 'full' | 'incremental'; signal?: AbortSignal; now?: () => number }): Promise<SyncReport> {
  const { store, crm, accounts, portalId } = options;
  const now = options.now ?? Date.now;
  const adapter = await crm.adapter(portalId);
  const engine = await accounts.engineFor(portalId);
  const stateStore = store.syncStateStore(CRM, portalId);
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
    enrich: async (snapshots) =>
      Promise.all(
        snapshots.map(async (s) => {
          const plan = await store.plans.get(CRM, portalId, s.account.id);
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
