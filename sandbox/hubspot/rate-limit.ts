// HubSpot's per-account limits: a rolling 10-second window over every CRM request except search
// (110 for marketplace OAuth apps) and search's own 5 requests per second.
//
// Whether a 429 counts: HubSpot's usage guidelines say an integration over its limit "will receive a
// 429 error response for all subsequent API calls" and that error responses count towards the
// requests it monitors (they must stay under 5% of all). So rejected requests are recorded in the
// window too: a client that keeps hammering stays limited until it backs off for a full window.
import type { Clock } from './clock.ts';

export const TEN_SECONDS_MS = 10_000;
const ONE_SECOND_MS = 1_000;

/** Request times inside a rolling window (a queue; old entries are dropped as time passes). */
class RollingWindow {
  private times: number[] = [];
  private head = 0;
  private readonly spanMs: number;

  constructor(spanMs: number) {
    this.spanMs = spanMs;
  }

  count(now: number): number {
    while (this.head < this.times.length && (this.times[this.head] ?? 0) <= now - this.spanMs) this.head++;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
    return this.times.length - this.head;
  }

  add(now: number): void {
    this.times.push(now);
  }
}

export interface LimitDecision {
  allowed: boolean;
  max: number;
  remaining: number;
}

export class RateLimiter {
  perTenSeconds: number;
  searchPerSecond: number;
  private readonly general = new Map<number, RollingWindow>();
  private readonly search = new Map<number, RollingWindow>();
  private readonly now: Clock;

  constructor(now: Clock, perTenSeconds: number, searchPerSecond: number) {
    this.now = now;
    this.perTenSeconds = perTenSeconds;
    this.searchPerSecond = searchPerSecond;
  }

  /** Records one non-search request of the portal and says whether it is within the limit. */
  takeGeneral(portalId: number): LimitDecision {
    return take(this.window(this.general, portalId, TEN_SECONDS_MS), this.now(), this.perTenSeconds);
  }

  /** Records one search request of the portal against the per-second search limit. */
  takeSearch(portalId: number): LimitDecision {
    return take(this.window(this.search, portalId, ONE_SECOND_MS), this.now(), this.searchPerSecond);
  }

  /** Headers of the 10-second window for a response to this portal (HubSpot sends them on every non-search call). */
  headers(decision: LimitDecision): Record<string, string> {
    return {
      'X-HubSpot-RateLimit-Max': String(decision.max),
      'X-HubSpot-RateLimit-Remaining': String(decision.remaining),
      'X-HubSpot-RateLimit-Interval-Milliseconds': String(TEN_SECONDS_MS),
    };
  }

  private window(map: Map<number, RollingWindow>, portalId: number, spanMs: number): RollingWindow {
    let w = map.get(portalId);
    if (!w) map.set(portalId, (w = new RollingWindow(spanMs)));
    return w;
  }
}

function take(window: RollingWindow, now: number, max: number): LimitDecision {
  const before = window.count(now);
  window.add(now);
  const allowed = before < max;
  return { allowed, max, remaining: Math.max(0, max - before - 1) };
}
