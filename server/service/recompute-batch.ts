// The recompute queue's batch: the due recomputes a worker fetched together, grouped by tenant,
// each group loaded with `recomputeMany` (one CRM load per read batch) and its outbox drained once.
//
// At least once: a request is reported done only after its result is saved with its outbox row.
// The drain runs before the batch is reported, so a process killed anywhere in here leaves every
// job of the batch to run again, and the rows it saved are pending for the next drain or the
// outbox sweep. Concurrent drains of one portal are safe (outbox leases with fencing tokens).
import type { AccountService } from './accounts.ts';
import { ServiceError } from './errors.ts';

export interface RecomputeRequest {
  /** The job's id: what the outcome map is keyed by. */
  id: string;
  crm: string;
  portalId: string;
  accountId: string;
  reason: string;
}

export interface RecomputeBatchOptions {
  /** The service of a tenant's CRM, or null when this process does not serve that CRM. */
  accountsFor: (crm: string) => AccountService | null;
  /** Whether the tenant is still installed; requests of one that is not are done without work. */
  isActive: (crm: string, portalId: string) => Promise<boolean>;
  /** Writes the tenant's pending outbox rows now (once per group that saved anything). */
  drain: (crm: string, portalId: string) => Promise<void>;
  log: {
    info(obj: object, msg: string): void;
    warn(obj: object, msg: string): void;
  };
}

/** Runs a batch; resolves with the requests that failed (id → error), to be retried on their own. */
export async function runRecomputeBatch(requests: readonly RecomputeRequest[], options: RecomputeBatchOptions): Promise<Map<string, Error>> {
  const failed = new Map<string, Error>();
  const groups = new Map<string, RecomputeRequest[]>();
  for (const r of requests) {
    const key = `${r.crm}:${r.portalId}`;
    const group = groups.get(key);
    if (group) group.push(r);
    else groups.set(key, [r]);
  }
  // Tenants have budgets of their own: their groups go on side by side.
  await Promise.all(
    [...groups.values()].map(async (group) => {
      const { crm, portalId } = group[0]!;
      try {
        const accounts = options.accountsFor(crm);
        if (!accounts) throw new ServiceError(501, 'crm_not_served', `this process does not serve ${crm}`);
        if (!(await options.isActive(crm, portalId))) return;
        const { outcomes, saved, recordBacktests } = await accounts.recomputeMany(
          portalId,
          group.map((r) => r.accountId),
        );
        for (const r of group) {
          const outcome = outcomes.get(r.accountId);
          if (outcome?.status === 'failed') failed.set(r.id, outcome.error);
          // The company is not (or no longer) in the CRM: deleted, merged, or another portal's id
          // in a webhook. Retrying cannot help.
          else if (outcome?.status === 'missing') options.log.info({ crm, portalId, accountId: r.accountId, reason: r.reason }, 'recompute skipped: the company is not in the CRM');
        }
        if (saved > 0) {
          // The results are stored with their outbox rows: a failed drain does not fail them (the
          // drain's own retries and the outbox sweep take it from here).
          await options.drain(crm, portalId).catch((error: unknown) => options.log.warn({ crm, portalId, err: error }, 'drain after recompute failed; left to the drain job'));
          // After the write-back: calibration data, part of the job (a kill before it redoes the batch).
          await recordBacktests();
        }
      } catch (error) {
        for (const r of group) failed.set(r.id, error instanceof Error ? error : new Error(String(error)));
      }
    }),
  );
  return failed;
}
