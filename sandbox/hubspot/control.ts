// The operations a test or benchmark uses to steer a running sandbox (in process or over /__sandbox/).
import { simulateActivity } from './activity.ts';
import type { SandboxState } from './state.ts';
import type { FaultOptions, RateLimitOptions, SandboxClient, SandboxPortalCredentials, SandboxStats, SimulateActivityOptions } from './types.ts';

export interface SandboxInfo {
  portals: SandboxPortalCredentials[];
  client: SandboxClient;
}

export interface SandboxControl {
  info(): SandboxInfo;
  stats(): SandboxStats;
  resetStats(): void;
  setFaults(f: FaultOptions | null): void;
  setRateLimit(r: RateLimitOptions): void;
  expireAccessTokens(portalId?: number): void;
  simulateActivity(o: SimulateActivityOptions): { companyIds: string[] };
}

export function createControl(state: SandboxState, info: SandboxInfo): SandboxControl {
  return {
    info: () => info,
    stats: () => state.stats.snapshot(),
    resetStats: () => state.stats.reset(),
    setFaults: (f) => state.faults.set(f),
    setRateLimit: (r) => {
      if (r.perTenSeconds !== undefined) state.limiter.perTenSeconds = r.perTenSeconds;
      if (r.searchPerSecond !== undefined) state.limiter.searchPerSecond = r.searchPerSecond;
    },
    expireAccessTokens: (portalId) => state.tokens.expireAccessTokens(portalId),
    simulateActivity: (o) => {
      const store = state.stores.get(o.portalId);
      if (!store) throw new Error(`unknown portal ${o.portalId}`);
      return { companyIds: simulateActivity(store, o.companyFraction, o.seed, state.now()) };
    },
  };
}
