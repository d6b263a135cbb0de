// The operations a test or benchmark uses to steer a running sandbox (in process or over /__sandbox/).
// archiveActivities plays Salesforce's archiving job: Tasks/Events dated before the cutoff are
// archived, so only queryAll returns them.
import { simulateActivity } from './activity.ts';
import { DAY_MS, instantOf } from './clock.ts';
import type { SandboxState } from './state.ts';
import type { OrgStore } from './store.ts';
import type { ApiUsage, FaultOptions, SandboxClient, SandboxOrgCredentials, SandboxStats } from './types.ts';

export interface SandboxInfo {
  url: string;
  orgs: SandboxOrgCredentials[];
  client: SandboxClient;
}

export interface SandboxControl {
  info(): SandboxInfo;
  stats(): SandboxStats;
  resetStats(): void;
  setFaults(f: FaultOptions | null): void;
  expireAccessTokens(orgId?: string): void;
  deactivateUser(orgId: string, userId: string): void;
  apiUsage(orgId: string): ApiUsage;
  setApiLimit(o: { max?: number; consume?: { orgId: string; count: number } }): void;
  archiveActivities(o: { orgId: string; olderThanDays: number }): { archived: number };
  simulateActivity(o: { orgId: string; accountFraction: number; seed: string }): { accountIds: string[] };
  moveInstance(orgId: string): Promise<{ instanceUrl: string }>;
}

/** `openInstance` starts another host of the sandbox and answers its URL. */
export function createControl(state: SandboxState, info: () => SandboxInfo, openInstance: () => Promise<string>): SandboxControl {
  const org = (orgId: string): string => {
    if (!state.orgs.has(orgId)) throw new RangeError(`unknown org ${orgId}`);
    return orgId;
  };
  return {
    info,
    stats: () => state.stats.snapshot(),
    resetStats: () => state.stats.reset(),
    setFaults: (f) => state.faults.set(f),
    expireAccessTokens: (orgId) => state.tokens.expireAccessTokens(orgId === undefined ? undefined : org(orgId)),
    deactivateUser: (orgId, userId) => {
      const store = state.orgs.get(org(orgId)) as OrgStore;
      if (store.get(userId)?.IsActive === undefined || !userId.startsWith('005')) throw new RangeError(`unknown user ${userId}`);
      store.update(userId, { IsActive: false }, state.now());
    },
    apiUsage: (orgId) => ({ used: state.allowance.used(org(orgId)), max: state.allowance.max }),
    setApiLimit: (o) => {
      if (o.max !== undefined) state.allowance.max = o.max;
      if (o.consume) state.allowance.consume(org(o.consume.orgId), o.consume.count);
    },
    moveInstance: async (orgId) => {
      const id = org(orgId);
      const instanceUrl = await openInstance();
      state.movedInstances.set(id, instanceUrl);
      return { instanceUrl };
    },
    simulateActivity: (o) => ({ accountIds: simulateActivity(state.orgs.get(org(o.orgId)) as OrgStore, o.accountFraction, o.seed, state.now()) }),
    archiveActivities: (o) => {
      const store = state.orgs.get(org(o.orgId));
      const cutoff = state.now() - o.olderThanDays * DAY_MS;
      let archived = 0;
      for (const type of ['Task', 'Event']) {
        for (const r of store?.table(type).values() ?? []) {
          if (r.IsArchived !== true && typeof r.ActivityDate === 'string' && instantOf(r.ActivityDate) < cutoff) {
            r.IsArchived = true;
            archived++;
          }
        }
      }
      return { archived };
    },
  };
}
