// Everything a running Salesforce sandbox holds, shared by the routes and the control API.
import type { TokenStore } from './auth.ts';
import type { Clock } from './clock.ts';
import type { CursorStore } from './cursors.ts';
import type { FaultInjector } from './faults.ts';
import type { ApiAllowance } from './limits.ts';
import type { OrgStore } from './store.ts';
import type { SandboxStats } from './types.ts';

export interface SandboxState {
  now: Clock;
  /** Filled in once the server listens: login URL and instance URL of every org. */
  baseUrl: string;
  orgs: Map<string, OrgStore>;
  tokens: TokenStore;
  allowance: ApiAllowance;
  faults: FaultInjector;
  cursors: CursorStore;
  stats: StatsCounter;
  modifyMetadata: boolean;
}

export class StatsCounter {
  private data: SandboxStats = { requests: 0, byRoute: {}, collectionSizes: [] };

  count(route: string, status: number): void {
    this.data.requests++;
    const byStatus = (this.data.byRoute[route] ??= {});
    byStatus[String(status)] = (byStatus[String(status)] ?? 0) + 1;
  }

  collection(size: number): void {
    this.data.collectionSizes.push(size);
  }

  snapshot(): SandboxStats {
    return structuredClone(this.data);
  }

  reset(): void {
    this.data = { requests: 0, byRoute: {}, collectionSizes: [] };
  }
}
