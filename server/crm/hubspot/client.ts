// The HubSpot transport: the official SDK pointed at `basePath` (HubSpot or the sandbox), with
// our own per-portal rate limiting, retries and token refresh around every call. The SDK's own
// retries and limiter stay off: they ignore Retry-After and are process-wide (platform-facts.md).
import { Client } from '@hubspot/api-client';
import type { ApiUsage } from '../port.ts';
import { CrmError } from '../errors.ts';
import { systemClock, SlidingWindowLimiter, type Clock, type RateLimiter } from '../limiter.ts';
import { decideRetry, DEFAULT_RETRY_POLICY, type RetryPolicy } from '../retry.ts';
import { classifyHubSpotError, findHeader } from './errors.ts';
import type { TokenSource } from './tokens.ts';

/** Marketplace apps get 110 requests per rolling 10 s per installed portal; search 5 per second. */
export const HUBSPOT_LIMITS = { perTenSeconds: 110, searchPerSecond: 5 };

export interface TransportOptions {
  basePath: string;
  tokens: TokenSource;
  /** Requests per rolling 10 s to allow ourselves (default: HubSpot's 110 less a margin of 2). */
  perTenSeconds?: number;
  searchPerSecond?: number;
  limiter?: RateLimiter;
  searchLimiter?: RateLimiter;
  clock?: Clock;
  random?: () => number;
  retryPolicy?: RetryPolicy;
}

interface HttpInfoLike<T> {
  data: T;
  headers: Record<string, string>;
}

export class HubSpotTransport {
  readonly sdk: Client;
  readonly #tokens: TokenSource;
  readonly #limiter: RateLimiter;
  readonly #searchLimiter: RateLimiter;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #policy: RetryPolicy;
  readonly #usage: ApiUsage = { calls: {}, rateLimited: 0, retries: 0, budget: { max: null, remaining: null, intervalMs: null } };
  #token: string | null = null;

  constructor(options: TransportOptions) {
    this.#tokens = options.tokens;
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
    this.#policy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
    this.#limiter = options.limiter ?? new SlidingWindowLimiter({ max: options.perTenSeconds ?? HUBSPOT_LIMITS.perTenSeconds - 2, windowMs: 10_000, clock: this.#clock });
    this.#searchLimiter = options.searchLimiter ?? new SlidingWindowLimiter({ max: options.searchPerSecond ?? HUBSPOT_LIMITS.searchPerSecond, windowMs: 1_000, clock: this.#clock });
    // numberOfApiCallRetries stays 0 and no limiterOptions: retries and limits are ours, per portal.
    this.sdk = new Client({ basePath: options.basePath, accessToken: 'pending' });
  }

  usage(): ApiUsage {
    return structuredClone(this.#usage);
  }

  /** Waits on the transport's clock (a backoff between re-reads of failed batch inputs). */
  pause(ms: number): Promise<void> {
    return this.#clock.sleep(ms);
  }

  /** Runs one API call (`kind` names it in the usage counts) with limiting, retries and token refresh. */
  async call<T>(kind: string, run: (sdk: Client) => Promise<HttpInfoLike<T>>, options: { search?: boolean } = {}): Promise<T> {
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      await (options.search ? this.#searchLimiter : this.#limiter).acquire();
      const token = await this.#tokens.current();
      if (token !== this.#token) {
        this.sdk.setAccessToken(token);
        this.#token = token;
      }
      this.#usage.calls[kind] = (this.#usage.calls[kind] ?? 0) + 1;
      try {
        const info = await run(this.sdk);
        if (!options.search) this.#observe(info.headers);
        return info.data;
      } catch (raw) {
        const error = classifyHubSpotError(raw, this.#clock.now());
        if (error.code === 'unauthorized' && !refreshed) {
          refreshed = true;
          await this.#tokens.refresh(token);
          attempt--; // a refresh is not a failed attempt
          continue;
        }
        if (error.code === 'rate_limited') {
          this.#usage.rateLimited++;
          (options.search ? this.#searchLimiter : this.#limiter).backOff(error.retryAfterMs ?? 1000);
        }
        const decision = decideRetry(error, attempt, this.#random(), this.#policy);
        if (!decision.retry) throw error;
        this.#usage.retries++;
        await this.#clock.sleep(decision.delayMs);
      }
    }
  }

  #observe(headers: Record<string, string>): void {
    const num = (name: string) => {
      const v = findHeader(headers, name);
      const n = v === undefined ? NaN : Number(v);
      return Number.isFinite(n) ? n : null;
    };
    const remaining = num('x-hubspot-ratelimit-remaining');
    const intervalMs = num('x-hubspot-ratelimit-interval-milliseconds');
    const max = num('x-hubspot-ratelimit-max');
    if (remaining !== null) this.#usage.budget = { max, remaining, intervalMs };
    this.#limiter.observe(remaining, intervalMs);
  }
}

export { CrmError };
