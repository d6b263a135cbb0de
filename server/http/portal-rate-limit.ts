// Our own API protects each portal's CRM budget: routes that cost CRM calls (a cold compute, a
// recompute, a settings preview, recompute-all) are limited per portal with a token bucket, and
// answer 429 with Retry-After beyond it. Per process: with N HTTP processes a portal gets at most N
// times the allowance, still far inside its CRM budget. Pure arithmetic plus a clock.
import type { RequestHandler } from 'express';
import { callerOf } from './hubspot-caller.ts';
import { HttpError } from './errors.ts';

export type CostlyRoute = 'cold' | 'recompute' | 'preview' | 'recompute_all';

export interface BucketRule {
  /** Requests allowed at once. */
  burst: number;
  /** Tokens regained per minute. */
  perMinute: number;
}

export const DEFAULT_PORTAL_LIMITS: Record<CostlyRoute, BucketRule> = {
  cold: { burst: 30, perMinute: 60 },
  recompute: { burst: 20, perMinute: 30 },
  preview: { burst: 10, perMinute: 20 },
  recompute_all: { burst: 1, perMinute: 1 / 10 },
};

interface Bucket {
  tokens: number;
  at: number;
}

export type TakeOutcome = { ok: true } | { ok: false; retryAfterMs: number };

/** One token of `rule` from a bucket last seen at `bucket.at`; returns the new bucket and the outcome. */
export function takeToken(bucket: Bucket | undefined, rule: BucketRule, now: number): { bucket: Bucket; outcome: TakeOutcome } {
  const ratePerMs = rule.perMinute / 60_000;
  const tokens = bucket ? Math.min(rule.burst, bucket.tokens + (now - bucket.at) * ratePerMs) : rule.burst;
  if (tokens >= 1) return { bucket: { tokens: tokens - 1, at: now }, outcome: { ok: true } };
  return { bucket: { tokens, at: now }, outcome: { ok: false, retryAfterMs: Math.ceil((1 - tokens) / ratePerMs) } };
}

export class PortalRateLimiter {
  readonly #rules: Record<CostlyRoute, BucketRule>;
  readonly #now: () => number;
  readonly #buckets = new Map<string, Bucket>();

  constructor(options: { rules?: Partial<Record<CostlyRoute, BucketRule>>; now?: () => number } = {}) {
    this.#rules = { ...DEFAULT_PORTAL_LIMITS, ...options.rules };
    this.#now = options.now ?? Date.now;
  }

  take(portalId: string, route: CostlyRoute): TakeOutcome {
    const key = `${route}\u0000${portalId}`;
    const { bucket, outcome } = takeToken(this.#buckets.get(key), this.#rules[route], this.#now());
    this.#buckets.set(key, bucket);
    if (this.#buckets.size > 50_000) this.#buckets.delete(this.#buckets.keys().next().value!);
    return outcome;
  }

  /** Throws the 429 when the portal is over its allowance for `route`. */
  check(portalId: string, route: CostlyRoute): void {
    const outcome = this.take(portalId, route);
    if (outcome.ok) return;
    const seconds = Math.max(1, Math.ceil(outcome.retryAfterMs / 1000));
    throw new HttpError(429, 'rate_limited', `Too many requests of this kind for this portal; they cost HubSpot API calls. Try again in ${seconds} s.`, undefined, { headers: { 'retry-after': String(seconds) } });
  }

  /** Middleware form, after the caller guard. */
  middleware(route: CostlyRoute): RequestHandler {
    return (_req, res, next) => {
      this.check(callerOf(res).portalId, route);
      next();
    };
  }
}
