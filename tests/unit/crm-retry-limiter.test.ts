import { describe, expect, it } from '@jest/globals';
import { CrmError, parseRetryAfter } from '../../server/crm/errors.ts';
import { classifyHubSpotError } from '../../server/crm/hubspot/errors.ts';
import { afterObserved, emptyWindow, pauseFor, SlidingWindowLimiter, takeSlot, type Clock, type WindowState } from '../../server/crm/limiter.ts';
import { SharedWindowLimiter, type BudgetStore } from '../../server/crm/shared-limiter.ts';
import { decideRetry, DEFAULT_RETRY_POLICY } from '../../server/crm/retry.ts';

const err = (code: CrmError['code'], retryAfterMs: number | null = null) => new CrmError({ code, message: code, retryAfterMs });

describe('decideRetry', () => {
  it('retries rate limits after Retry-After, server and network errors with jittered backoff', () => {
    expect(decideRetry(err('rate_limited', 2000), 1, 0.5)).toEqual({ retry: true, delayMs: 2000, reason: expect.stringContaining('Retry-After') });
    const first = decideRetry(err('server'), 1, 0.999);
    const third = decideRetry(err('server'), 3, 0.999);
    expect(first.retry && third.retry && third.delayMs > first.delayMs).toBe(true);
    expect(decideRetry(err('network'), 1, 0)).toMatchObject({ retry: true, delayMs: 0 });
  });

  it('never retries what a retry cannot fix', () => {
    for (const code of ['validation', 'not_found', 'forbidden', 'conflict', 'unauthorized'] as const) expect(decideRetry(err(code), 1, 0.5).retry).toBe(false);
  });

  it('gives up after the policy’s attempts and caps delays', () => {
    expect(decideRetry(err('server'), DEFAULT_RETRY_POLICY.maxAttempts, 0.5).retry).toBe(false);
    const late = decideRetry(err('server'), 5, 0.999999, { maxAttempts: 10, baseDelayMs: 10_000, maxDelayMs: 30_000 });
    expect(late.retry && late.delayMs).toBeLessThanOrEqual(30_000);
    expect(decideRetry(err('rate_limited', 120_000), 1, 0.5)).toMatchObject({ delayMs: DEFAULT_RETRY_POLICY.maxDelayMs });
  });

  it('waits at least the base delay on a 429 without Retry-After', () => {
    expect(decideRetry(err('rate_limited'), 1, 0)).toMatchObject({ retry: true, delayMs: DEFAULT_RETRY_POLICY.baseDelayMs });
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3', 0)).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(parseRetryAfter(undefined, 0)).toBeNull();
    expect(parseRetryAfter('soon', 0)).toBeNull();
  });
});

describe('classifyHubSpotError', () => {
  it('classifies by status and category, keeping HubSpot’s policy name and Retry-After', () => {
    const e = classifyHubSpotError({ code: 429, body: { status: 'error', message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' }, headers: { 'Retry-After': '1' } }, 0);
    expect(e).toMatchObject({ code: 'rate_limited', status: 429, category: 'TEN_SECONDLY_ROLLING', retryAfterMs: 1000 });
    expect(classifyHubSpotError({ code: 401, body: '{"category":"EXPIRED_AUTHENTICATION"}', headers: {} }, 0)).toMatchObject({ code: 'unauthorized', category: 'EXPIRED_AUTHENTICATION' });
    expect(classifyHubSpotError({ code: 400, body: { category: 'VALIDATION_ERROR' }, headers: {} }, 0).code).toBe('validation');
    expect(classifyHubSpotError({ code: 503, body: null, headers: {} }, 0).code).toBe('server');
    expect(classifyHubSpotError(new TypeError('fetch failed'), 0).code).toBe('network');
  });
});

function fakeClock(): Clock & { t: number; sleeps: number[] } {
  const clock = {
    t: 0,
    sleeps: [] as number[],
    now: () => clock.t,
    sleep: (ms: number) => {
      clock.sleeps.push(ms);
      clock.t += ms;
      return Promise.resolve();
    },
  };
  return clock;
}

describe('SlidingWindowLimiter', () => {
  it('lets `max` calls through in any window and makes the next one wait for the oldest to expire', async () => {
    const clock = fakeClock();
    const limiter = new SlidingWindowLimiter({ max: 3, windowMs: 10_000, clock });
    for (let i = 0; i < 3; i++) {
      await limiter.acquire();
      clock.t += 100;
    }
    expect(clock.sleeps).toEqual([]);
    await limiter.acquire();
    expect(clock.t).toBe(10_000); // the first call started at 0
    await limiter.acquire();
    expect(clock.t).toBe(10_100);
  });

  it('serves concurrent callers in order without exceeding the budget', async () => {
    const clock = fakeClock();
    const limiter = new SlidingWindowLimiter({ max: 2, windowMs: 1000, clock });
    const starts: number[] = [];
    await Promise.all(Array.from({ length: 6 }, () => limiter.acquire().then(() => starts.push(clock.t))));
    expect(starts).toEqual([0, 0, 1000, 1000, 2000, 2000]);
  });

  it('pauses after a 429 or when the CRM reports the budget spent', async () => {
    const clock = fakeClock();
    const limiter = new SlidingWindowLimiter({ max: 100, windowMs: 10_000, clock });
    limiter.backOff(1500);
    await limiter.acquire();
    expect(clock.t).toBe(1500);
    limiter.observe(0, 10_000);
    await limiter.acquire();
    expect(clock.t).toBe(2500);
    limiter.observe(5, 10_000);
    await limiter.acquire();
    expect(clock.t).toBe(2500);
  });
});

describe('window decisions (pure)', () => {
  const limit = { max: 2, windowMs: 1000 };
  it('grants until the window holds max starts, then says how long until the oldest leaves', () => {
    let state = emptyWindow();
    for (const t of [0, 10]) {
      const d = takeSlot(state, t, limit);
      expect(d.granted).toBe(true);
      state = d.state;
    }
    expect(takeSlot(state, 500, limit)).toMatchObject({ granted: false, waitMs: 500 });
    const later = takeSlot(state, 1000, limit);
    expect(later.granted && later.state.starts).toEqual([10, 1000]);
  });

  it('keeps a pause from a 429 or from headers saying the budget is spent, whichever ends last', () => {
    const paused = pauseFor(emptyWindow(), 100, 2000);
    expect(takeSlot(paused, 1000, limit)).toMatchObject({ granted: false, waitMs: 1100 });
    expect(pauseFor(paused, 100, 10).pausedUntil).toBe(2100);
    expect(afterObserved(emptyWindow(), 0, 3, 10_000, limit)).toEqual(emptyWindow());
    expect(afterObserved(emptyWindow(), 0, 0, 10_000, limit).pausedUntil).toBe(1000);
  });
});

describe('SharedWindowLimiter', () => {
  /** A budget store in memory: the same contract as the Postgres one (atomic update, its own clock). */
  function memoryStore(clock: { t: number }): BudgetStore {
    const buckets = new Map<string, WindowState>();
    return {
      update: (bucket, decide) => {
        const { state, result } = decide(buckets.get(bucket) ?? emptyWindow(), clock.t);
        buckets.set(bucket, state);
        return Promise.resolve(result);
      },
    };
  }

  it('two limiters on one store share one budget, and a pause one of them hears stops both', async () => {
    const clock = fakeClock();
    const store = memoryStore(clock);
    const a = new SharedWindowLimiter({ store, bucket: 'calls', max: 2, windowMs: 1000, clock });
    const b = new SharedWindowLimiter({ store, bucket: 'calls', max: 2, windowMs: 1000, clock });
    const starts: number[] = [];
    await Promise.all([a, b, a, b, a, b].map((l) => l.acquire().then(() => starts.push(clock.t))));
    starts.sort((x, y) => x - y);
    for (let i = 2; i < starts.length; i++) expect(starts[i]! - starts[i - 2]!).toBeGreaterThanOrEqual(1000);
    a.backOff(5000);
    const before = clock.t;
    await a.acquire(); // the pause is written before a's next acquisition asks
    await b.acquire();
    expect(clock.t).toBeGreaterThanOrEqual(before + 5000);
  });
});
