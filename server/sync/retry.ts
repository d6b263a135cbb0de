// Accounts a sync could not finish, kept in the sync state so the next incremental run reads them
// again. An incremental run only sees what changed since the last run started, so without this a
// company HubSpot kept failing to read (or whose write-back failed) would keep a stale score until
// something of it changed or a full sync ran — and scheduled syncs are incremental.
//
// What is kept:
// - read_failed: the CRM kept failing to read the account or one of its records/associations. That
//   is the CRM's weather, so reading it again later is likely to work.
// - a failed write when the sync writes directly (CLI, bench). The sidecar's syncs hand their
//   writes to the outbox, which retries them itself, so they never come here.
// What is not: invalid_data. Data that fails validation fails again on every read until someone
// fixes it in the CRM, and that fix is a change the incremental sync picks up anyway. An account
// read as missing (deleted) is dropped, as is one read and written (or with nothing to write).
//
// Bounds (RetryLimits, the sync's `retryLimits` option: the CLI's --retry-give-up-after and
// --retry-max-ids, the sidecar's SYNC_RETRY_GIVE_UP_AFTER and SYNC_RETRY_MAX_IDS): at most maxIds
// ids (default MAX_RETRY_IDS; a wider failure than that is an outage a full sync should mend: ids
// beyond the bound are not kept, and the report says so), and an id is given up after giveUpAfter
// consecutive runs that failed it (default RETRY_GIVE_UP_AFTER; with a warning), so one record
// broken for good does not cost calls on every run. Both are pure functions of the state; the sync
// applies them.
import { z } from 'zod';

/** ~2 hours of the default 15-minute schedule: longer than a CRM incident, short enough to stop paying. */
export const RETRY_GIVE_UP_AFTER = 8;
/** 50 extra pages of 100 at most for one incremental run. */
export const MAX_RETRY_IDS = 5_000;
/** Ids named in one warning; the rest are counted. */
const NAMED = 10;

export const RetryEntry = z.object({
  /** Consecutive runs that failed this account (the first failure is 1). */
  failures: z.number().int().positive(),
  /** The last failure's code and message, for the give-up warning. */
  code: z.string(),
  message: z.string(),
});
export type RetryEntry = z.infer<typeof RetryEntry>;

/** Account id → why and how often it failed. */
export const RetryList = z.record(z.string(), RetryEntry);
export type RetryList = z.infer<typeof RetryList>;

export interface RetryOutcome {
  /** Accounts read (or found deleted, or invalid) and, where written directly, written. */
  done: readonly string[];
  failed: ReadonlyArray<{ id: string; code: string; message: string }>;
}

/** Consecutive failed runs after which an id is given up (1: an id is given up at its first failure, never kept). */
export const RetryGiveUpAfter = z.number().int().min(1).max(1_000);
/** Ids kept at most (the state holds them all; 100,000 is 1,000 extra pages for one incremental run). */
export const RetryMaxIds = z.number().int().min(1).max(100_000);

export const RetryLimits = z.object({
  giveUpAfter: RetryGiveUpAfter.default(RETRY_GIVE_UP_AFTER),
  maxIds: RetryMaxIds.default(MAX_RETRY_IDS),
});
export type RetryLimits = z.infer<typeof RetryLimits>;

export const DEFAULT_RETRY_LIMITS: RetryLimits = RetryLimits.parse({});

/** The codes whose accounts are read again by the next incremental run (see the header). */
export function retriable(code: string, writesDirectly: boolean): boolean {
  if (code === 'read_failed') return true;
  if (code === 'invalid_data') return false;
  return writesDirectly;
}

/**
 * The list after one page of a run: done ids leave it, failed ones count one more failure (or join
 * it), those failed `giveUpAfter` times in a row leave it with a warning, and new ids beyond
 * `maxIds` are not kept (also with a warning). `failed` holds only retriable failures.
 */
export function applyRetryOutcome(list: RetryList, outcome: RetryOutcome, limits: RetryLimits = DEFAULT_RETRY_LIMITS): { list: RetryList; warnings: string[] } {
  const next: RetryList = { ...list };
  for (const id of outcome.done) delete next[id];
  const givenUp: Array<{ id: string; entry: RetryEntry }> = [];
  const notKept: string[] = [];
  for (const f of outcome.failed) {
    const failures = (list[f.id]?.failures ?? 0) + 1;
    const entry = { failures, code: f.code, message: f.message };
    if (failures >= limits.giveUpAfter) {
      delete next[f.id];
      givenUp.push({ id: f.id, entry });
    } else if (next[f.id] === undefined && Object.keys(next).length >= limits.maxIds) {
      notKept.push(f.id);
    } else {
      next[f.id] = entry;
    }
  }
  const warnings: string[] = [];
  if (givenUp.length > 0) {
    const named = givenUp.slice(0, NAMED).map((g) => `${g.id} (${g.entry.code}: ${g.entry.message})`);
    const more = givenUp.length > NAMED ? ` and ${givenUp.length - NAMED} more` : '';
    warnings.push(`gave up reading again ${givenUp.length} account(s) after ${limits.giveUpAfter} consecutive failed syncs: ${named.join('; ')}${more}; a change to them or the next full sync reads them again`);
  }
  if (notKept.length > 0) {
    warnings.push(`${notKept.length} account(s) that failed are not kept for the next incremental sync (at most ${limits.maxIds} are): run a full sync once the CRM answers`);
  }
  return { list: next, warnings };
}

/** The ids an incremental run reads: the changed ones, then the kept ones not among them. */
export function withRetries(changed: readonly string[], list: RetryList): string[] {
  return [...new Set([...changed, ...Object.keys(list)])];
}
