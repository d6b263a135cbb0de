// Where a change's freshness goes, from the job table the sidecars shared: for each change, the
// recompute job that read the CRM after it (its first attempt to start after the delivery), split
// into the debounce (delivery → the job is due), the pickup (due → a worker fetched it) and the
// work (fetch → the result landed in the CRM: load, score, save, drain). Plus the batch sizes.
import { percentile } from './measure.ts';

export interface RecomputeJobRow {
  accountId: string;
  createdMs: number;
  dueMs: number;
  startedMs: number;
  completedMs: number | null;
  retryCount: number;
}

export interface ChangeTiming {
  companyId: string;
  deliveredAt: number;
  landedAt: number | null;
}

const round = (x: number | null) => (x === null ? null : Math.round(x));
const stat = (values: number[]) => ({ p50: round(percentile(values, 50)), p95: round(percentile(values, 95)), max: round(percentile(values, 100)) });
type Stat = ReturnType<typeof stat>;

export interface Stages {
  debounceMs: Stat;
  pickupMs: Stat;
  workMs: Stat;
  /** Changes whose recompute ran again after a failed or killed attempt. */
  retried: number;
  /** The freshness of those changes alone (delivery → landed): what a kill costs the changes it hits. */
  retriedFreshnessMs: Stat;
  /** Jobs per batch (jobs fetched together share their start time). */
  batchSize: Stat;
  batches: number;
}

export function stages(changes: readonly ChangeTiming[], jobs: readonly RecomputeJobRow[]): Stages {
  const byAccount = new Map<string, RecomputeJobRow[]>();
  for (const j of jobs) byAccount.set(j.accountId, [...(byAccount.get(j.accountId) ?? []), j]);
  for (const list of byAccount.values()) list.sort((a, b) => a.startedMs - b.startedMs);
  const debounce: number[] = [];
  const pickup: number[] = [];
  const work: number[] = [];
  let retried = 0;
  const retriedFreshness: number[] = [];
  for (const c of changes) {
    if (c.landedAt === null) continue;
    // The job that read the CRM after the change: created before or after it, due after it.
    const job = byAccount.get(c.companyId)?.find((j) => j.dueMs >= c.deliveredAt - 50 && j.startedMs >= c.deliveredAt);
    if (!job) continue;
    if (job.retryCount > 0) {
      retried++;
      retriedFreshness.push(c.landedAt - c.deliveredAt);
    }
    debounce.push(Math.max(0, job.dueMs - c.deliveredAt));
    pickup.push(job.startedMs - Math.max(job.dueMs, c.deliveredAt));
    work.push(c.landedAt - job.startedMs);
  }
  const sizes = new Map<number, number>();
  for (const j of jobs) sizes.set(j.startedMs, (sizes.get(j.startedMs) ?? 0) + 1);
  return { debounceMs: stat(debounce), pickupMs: stat(pickup), workMs: stat(work), retried, retriedFreshnessMs: stat(retriedFreshness), batchSize: stat([...sizes.values()]), batches: sizes.size };
}
