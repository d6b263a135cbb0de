// Write-back through sObject Collections: at most 200 records per PATCH, only the fields whose
// value changed, allOrNone false. jsforce does not retry PATCH, so this does: a whole call that
// fails with a 5xx or a dropped connection is sent again with backoff, and so are the records
// that come back UNABLE_TO_LOCK_ROW. REQUEST_LIMIT_EXCEEDED is the org's daily allowance: waiting
// seconds does not help, so those records are reported at once. Nothing is dropped: every record
// ends up written or failed with a reason.
import { z } from 'zod';
import { decideRetry, DEFAULT_RETRY_POLICY, type RetryPolicy } from '../retry.ts';
import type { WriteOutcome } from '../port.ts';
import { codeOf, toCrmError } from './errors.ts';

export const COLLECTION_LIMIT = 200;

export type FieldValue = string | number | boolean | null;

export interface AccountUpdate {
  accountId: string;
  fields: Record<string, FieldValue>;
}

export interface CollectionsClient {
  /** PATCH /composite/sobjects with {allOrNone: false, records}; resolves to the per-record results. */
  updateRecords(records: Array<Record<string, unknown>>): Promise<unknown>;
}

export interface WriteDeps {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  policy?: RetryPolicy;
}

const Result = z.array(z.object({
  id: z.string().nullable().optional(),
  success: z.boolean(),
  errors: z.array(z.object({ statusCode: z.string(), message: z.string(), fields: z.array(z.string()).optional() })),
}));

/** The fields of `desired` whose value differs from `current` (numbers compared as numbers). */
export function changedFields(current: Record<string, unknown>, desired: Record<string, FieldValue>): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const [name, value] of Object.entries(desired)) {
    const now = current[name] ?? null;
    const same = typeof value === 'number' && typeof now === 'number' ? Math.abs(value - now) < 1e-9 : now === value;
    if (!same) out[name] = value;
  }
  return out;
}

export async function writeAccounts(client: CollectionsClient, updates: readonly AccountUpdate[], deps: WriteDeps): Promise<WriteOutcome> {
  const policy = deps.policy ?? DEFAULT_RETRY_POLICY;
  const outcome: WriteOutcome = { written: [], failed: [] };
  const pending = updates.filter((u) => Object.keys(u.fields).length > 0);
  for (let start = 0; start < pending.length; start += COLLECTION_LIMIT) {
    let batch = pending.slice(start, start + COLLECTION_LIMIT);
    // Consecutive failed calls, and rounds of records that came back locked: counted apart.
    let failures = 0;
    for (let round = 1; batch.length > 0; ) {
      const records = batch.map((u) => ({ attributes: { type: 'Account' }, id: u.accountId, ...u.fields }));
      let results: z.infer<typeof Result>;
      try {
        results = Result.parse(await client.updateRecords(records));
        if (results.length !== batch.length) throw new Error(`expected ${batch.length} results, got ${results.length}`);
      } catch (error) {
        const crm = toCrmError(error);
        failures++;
        const decision = crm.code === 'rate_limited' ? { retry: false as const, reason: 'the daily API allowance is used up' } : decideRetry(crm, failures, deps.random(), policy);
        if (!decision.retry) {
          for (const u of batch) outcome.failed.push({ accountId: u.accountId, code: crm.code, nativeCode: crm.category ?? crm.code, message: `${crm.message} (${decision.reason})` });
          break;
        }
        await deps.sleep(decision.delayMs);
        continue;
      }
      failures = 0;
      const locked: typeof batch = [];
      results.forEach((r, i) => {
        const u = batch[i] as AccountUpdate;
        if (r.success) return void outcome.written.push({ accountId: u.accountId, modifiedAtMs: deps.now() });
        const e = r.errors[0];
        if (e?.statusCode === 'UNABLE_TO_LOCK_ROW' && round < policy.maxAttempts) return void locked.push(u);
        outcome.failed.push({ accountId: u.accountId, code: codeOf(e?.statusCode ?? 'UNKNOWN'), nativeCode: e?.statusCode ?? 'UNKNOWN', message: `${e?.message ?? 'no error given'}${e && codeOf(e.statusCode) === 'conflict' ? ` (gave up after ${round} attempts)` : ''}` });
      });
      batch = locked;
      if (batch.length > 0) {
        const retry = decideRetry({ code: 'server', retryAfterMs: null, category: 'UNABLE_TO_LOCK_ROW' }, round, deps.random(), policy);
        await deps.sleep(retry.retry ? retry.delayMs : policy.baseDelayMs);
        round++;
      }
    }
  }
  return outcome;
}
