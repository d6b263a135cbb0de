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
  /** Filled in once the server listens: the login URL, and the instance URL of every org not moved. */
  baseUrl: string;
  /** Orgs moved to another instance (moveInstance): their instance URL, another listener of this server. */
  movedInstances: Map<string, string>;
  orgs: Map<string, OrgStore>;
  tokens: TokenStore;
  allowance: ApiAllowance;
  faults: FaultInjector;
  cursors: CursorStore;
  stats: StatsCounter;
  modifyMetadata: boolean;
}

/** Where an org's API is served: its own instance once moved, the server's base URL otherwise. */
export function instanceUrlOf(state: SandboxState, orgId: string): string {
  return state.movedInstances.get(orgId) ?? state.baseUrl;
}

export class StatsCounter {
  private data: SandboxStats = { requests: 0, byRoute: {}, collectionSizes: [], apiByHost: {} };

  count(route: string, status: number): void {
    this.data.requests++;
    const byStatus = (this.data.byRoute[route] ??= {});
    byStatus[String(status)] = (byStatus[String(status)] ?? 0) + 1;
  }

  /** An authenticated API call (REST or SOAP) that reached the host `host` (the request's Host header). */
  apiHost(host: string): void {
    this.data.apiByHost[host] = (this.data.apiByHost[host] ?? 0) + 1;
  }

  collection(size: number): void {
    this.data.collectionSizes.push(size);
  }

  snapshot(): SandboxStats {
    return structuredClone(this.data);
  }

  reset(): void {
    this.data = { requests: 0, byRoute: {}, collectionSizes: [], apiByHost: {} };
  }
}
