// Everything a running sandbox holds, shared by the routes and the control API.
import type { TokenStore } from './auth.ts';
import type { Clock } from './clock.ts';
import type { FaultInjector } from './faults.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { PortalStore } from './store.ts';
import type { SandboxStats } from './types.ts';

export interface SandboxState {
  now: Clock;
  stores: Map<number, PortalStore>;
  /** HubSpot user id of the (one) user who installed the app in each portal. */
  users: Map<number, number>;
  tokens: TokenStore;
  limiter: RateLimiter;
  faults: FaultInjector;
  stats: StatsCounter;
  customPropertyLimit: number;
}

export class StatsCounter {
  private data: SandboxStats = { requests: 0, byRoute: {}, rateLimited: 0 };

  count(route: string, status: number): void {
    this.data.requests++;
    if (status === 429) this.data.rateLimited++;
    const byStatus = (this.data.byRoute[route] ??= {});
    const key = String(status);
    byStatus[key] = (byStatus[key] ?? 0) + 1;
  }

  snapshot(): SandboxStats {
    return structuredClone(this.data);
  }

  reset(): void {
    this.data = { requests: 0, byRoute: {}, rateLimited: 0 };
  }
}
