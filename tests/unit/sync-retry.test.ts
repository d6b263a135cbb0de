// The list of accounts a sync failed and the next incremental run reads again (server/sync/retry.ts),
// and the sync state that carries it, old state included.
import { describe, expect, it } from '@jest/globals';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, parseEnv } from '../../server/config.ts';
import { applyRetryOutcome, DEFAULT_RETRY_LIMITS, MAX_RETRY_IDS, RETRY_GIVE_UP_AFTER, RetryLimits, retriable, withRetries, type RetryList } from '../../server/sync/retry.ts';
import { FileSyncStateStore, SyncState } from '../../server/sync/state.ts';

const readFailed = (id: string) => ({ id, code: 'read_failed', message: `kept failing to read ${id}` });

describe('applyRetryOutcome', () => {
  it('keeps what failed, counts consecutive failures, and lets go of what was read', () => {
    const first = applyRetryOutcome({}, { done: ['a'], failed: [readFailed('b'), readFailed('c')] });
    expect(first).toEqual({ list: { b: { failures: 1, code: 'read_failed', message: 'kept failing to read b' }, c: { failures: 1, code: 'read_failed', message: 'kept failing to read c' } }, warnings: [] });
    const second = applyRetryOutcome(first.list, { done: ['c'], failed: [readFailed('b')] });
    expect(second).toEqual({ list: { b: { failures: 2, code: 'read_failed', message: 'kept failing to read b' } }, warnings: [] });
    // Read once, failed again: the count starts afresh.
    const third = applyRetryOutcome(applyRetryOutcome(second.list, { done: ['b'], failed: [] }).list, { done: [], failed: [readFailed('b')] });
    expect(third.list.b?.failures).toBe(1);
  });

  it('gives up after RETRY_GIVE_UP_AFTER consecutive failures, with a warning naming the id and why', () => {
    let list: RetryList = {};
    for (let run = 1; run < RETRY_GIVE_UP_AFTER; run++) {
      const out = applyRetryOutcome(list, { done: [], failed: [readFailed('b')] });
      expect(out.warnings).toEqual([]);
      list = out.list;
    }
    expect(list.b?.failures).toBe(RETRY_GIVE_UP_AFTER - 1);
    const last = applyRetryOutcome(list, { done: [], failed: [readFailed('b')] });
    expect(last.list).toEqual({});
    expect(last.warnings).toEqual([`gave up reading again 1 account(s) after ${RETRY_GIVE_UP_AFTER} consecutive failed syncs: b (read_failed: kept failing to read b); a change to them or the next full sync reads them again`]);
  });

  it('keeps at most maxIds: new ids beyond are not kept (with a warning), known ones still count', () => {
    const limits = { giveUpAfter: 3, maxIds: 2 };
    const full = applyRetryOutcome({}, { done: [], failed: [readFailed('a'), readFailed('b'), readFailed('c')] }, limits);
    expect(Object.keys(full.list)).toEqual(['a', 'b']);
    expect(full.warnings).toEqual(['1 account(s) that failed are not kept for the next incremental sync (at most 2 are): run a full sync once the CRM answers']);
    const again = applyRetryOutcome(full.list, { done: [], failed: [readFailed('a'), readFailed('b')] }, limits);
    expect(again).toEqual({ list: { a: expect.objectContaining({ failures: 2 }), b: expect.objectContaining({ failures: 2 }) }, warnings: [] });
  });

  it('names at most ten ids given up in one warning', () => {
    const list: RetryList = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`x${i}`, { failures: 1, code: 'read_failed', message: 'm' }]));
    const out = applyRetryOutcome(list, { done: [], failed: Object.keys(list).map((id) => ({ id, code: 'read_failed', message: 'm' })) }, { giveUpAfter: 2, maxIds: 100 });
    expect(out.list).toEqual({});
    expect(out.warnings[0]).toMatch(/^gave up reading again 12 account\(s\) after 2 consecutive failed syncs: x0 .*x9 \(read_failed: m\) and 2 more;/);
  });
});

describe('the limits, as the sync options and the sidecar’s environment give them', () => {
  it('default to 8 runs and 5,000 ids, and take other values within bounds', () => {
    expect(DEFAULT_RETRY_LIMITS).toEqual({ giveUpAfter: 8, maxIds: 5_000 });
    expect([RETRY_GIVE_UP_AFTER, MAX_RETRY_IDS]).toEqual([8, 5_000]);
    expect(RetryLimits.parse({ giveUpAfter: 3 })).toEqual({ giveUpAfter: 3, maxIds: 5_000 });
    expect(RetryLimits.parse({ maxIds: 20_000 })).toEqual({ giveUpAfter: 8, maxIds: 20_000 });
    for (const bad of [{ giveUpAfter: 0 }, { giveUpAfter: 2.5 }, { giveUpAfter: 1_001 }, { maxIds: 0 }, { maxIds: 100_001 }, { maxIds: Number.NaN }]) {
      expect(RetryLimits.safeParse(bad).success).toBe(false);
    }
  });

  it('SYNC_RETRY_GIVE_UP_AFTER and SYNC_RETRY_MAX_IDS: defaults when unset or blank, numbers within bounds, a named error otherwise', () => {
    expect(parseEnv({})).toMatchObject({ SYNC_RETRY_GIVE_UP_AFTER: 8, SYNC_RETRY_MAX_IDS: 5_000 });
    expect(parseEnv({ SYNC_RETRY_GIVE_UP_AFTER: '', SYNC_RETRY_MAX_IDS: '' })).toMatchObject({ SYNC_RETRY_GIVE_UP_AFTER: 8, SYNC_RETRY_MAX_IDS: 5_000 });
    expect(parseEnv({ SYNC_RETRY_GIVE_UP_AFTER: '3', SYNC_RETRY_MAX_IDS: '200' })).toMatchObject({ SYNC_RETRY_GIVE_UP_AFTER: 3, SYNC_RETRY_MAX_IDS: 200 });
    expect(() => parseEnv({ SYNC_RETRY_GIVE_UP_AFTER: '0' })).toThrow(ConfigError);
    expect(() => parseEnv({ SYNC_RETRY_GIVE_UP_AFTER: 'eight' })).toThrow(/SYNC_RETRY_GIVE_UP_AFTER/);
    expect(() => parseEnv({ SYNC_RETRY_MAX_IDS: '1000000' })).toThrow(/SYNC_RETRY_MAX_IDS: Too big/);
  });
});

describe('what is read again', () => {
  it('read failures always; write failures only when the sync writes directly (the outbox retries its own); invalid data never', () => {
    expect(retriable('read_failed', false)).toBe(true);
    expect(retriable('invalid_data', true)).toBe(false);
    expect(retriable('UNABLE_TO_LOCK_ROW', true)).toBe(true);
    expect(retriable('UNABLE_TO_LOCK_ROW', false)).toBe(false);
  });

  it('the changed ids, then the kept ones not among them, each once', () => {
    const list: RetryList = { b: { failures: 1, code: 'read_failed', message: '' }, z: { failures: 2, code: 'read_failed', message: '' } };
    expect(withRetries(['a', 'b'], list)).toEqual(['a', 'b', 'z']);
    expect(withRetries([], {})).toEqual([]);
  });
});

describe('sync state saved before the retry list existed', () => {
  const old = { version: 1, crm: 'hubspot', tenantId: '62515', run: null, lastCompletedStartMs: 1_700_000_000_000, ownWrites: { '101': 1_700_000_000_500 } };

  it('parses, with nothing to read again', () => {
    expect(SyncState.parse(old)).toEqual({ ...old, retry: {} });
  });

  it('loads from its file', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'sync-state-')), 'hubspot.json');
    await writeFile(path, JSON.stringify(old));
    expect(await new FileSyncStateStore(path).load()).toEqual({ ...old, retry: {} });
  });

  it('refuses a retry list that is not one', () => {
    expect(SyncState.safeParse({ ...old, retry: { '101': { failures: 0, code: 'read_failed', message: '' } } }).success).toBe(false);
    expect(SyncState.safeParse({ ...old, retry: ['101'] }).success).toBe(false);
  });
});
