// When to try a failed CRM call again, as a pure function: the transport asks, then sleeps.
import type { CrmError } from './errors.ts';

export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 30_000 };

export type RetryDecision = { retry: true; delayMs: number; reason: string } | { retry: false; reason: string };

/**
 * `attempt` is the number of the attempt that just failed (1 for the first). `random` in [0, 1)
 * gives the jitter (full jitter: a uniform delay up to the exponential cap), so many workers that
 * failed together do not retry together.
 */
export function decideRetry(error: Pick<CrmError, 'code' | 'retryAfterMs' | 'category'>, attempt: number, random: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): RetryDecision {
  if (attempt >= policy.maxAttempts) return { retry: false, reason: `gave up after ${attempt} attempts` };
  const backoff = () => Math.round(random * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)));
  switch (error.code) {
    case 'rate_limited':
      if (error.retryAfterMs !== null) return { retry: true, delayMs: Math.min(error.retryAfterMs, policy.maxDelayMs), reason: 'rate limited: waiting as Retry-After says' };
      return { retry: true, delayMs: Math.max(backoff(), policy.baseDelayMs), reason: `rate limited (${error.category ?? 'no policy given'}): backing off` };
    case 'server':
    case 'network':
      return { retry: true, delayMs: backoff(), reason: `${error.code} error: backing off` };
    default:
      return { retry: false, reason: `${error.code} errors are not retried` };
  }
}
