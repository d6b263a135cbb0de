// The sidecar's storage, one object: a repository per concern, every method taking (crm, portalId)
// first so tenancy is explicit at each call.
import { AdminsRepo } from './admins.ts';
import { AuditRepo } from './audit.ts';
import type { Database } from './db.ts';
import { InstallationsRepo } from './installations.ts';
import { OAuthStatesRepo } from './oauth-states.ts';
import { OutboxRepo } from './outbox.ts';
import { PlansRepo } from './plans.ts';
import { purgeTenant, type PurgeReport } from './purge.ts';
import { RateBudgetsRepo } from './rate-budgets.ts';
import { PortfolioOverviewRepo } from './portfolio-overview.ts';
import { ResultsRepo } from './results.ts';
import { RiskModelsRepo } from './risk-models.ts';
import { SettingsRepo, type MappingSchemas } from './settings.ts';
import { DbSyncStateStore } from './sync-state.ts';
import type { TokenCipher } from './token-crypto.ts';
import { TokensRepo } from './tokens.ts';
import { WebhookEventsRepo } from './webhook-events.ts';

export interface StoreOptions {
  /** Deliveries of one outbox row before it is marked failed (default 10). */
  outboxMaxAttempts?: number;
  /** Each CRM's field-mapping schema, to refuse settings its adapter could not use. */
  mappings?: MappingSchemas;
}

export interface Store {
  readonly db: Database;
  readonly installations: InstallationsRepo;
  readonly tokens: TokensRepo;
  readonly results: ResultsRepo;
  /** Read-only aggregates over the portfolio (the console's overview and progress). */
  readonly overview: PortfolioOverviewRepo;
  readonly outbox: OutboxRepo;
  readonly plans: PlansRepo;
  readonly settings: SettingsRepo;
  readonly audit: AuditRepo;
  readonly webhookEvents: WebhookEventsRepo;
  readonly oauthStates: OAuthStatesRepo;
  readonly admins: AdminsRepo;
  readonly riskModels: RiskModelsRepo;
  /** Deletes every row of an uninstalled tenant (refuses an active one). */
  purgeTenant(crm: string, portalId: string): Promise<PurgeReport>;
  readonly rateBudgets: RateBudgetsRepo;
  syncStateStore(crm: string, portalId: string): DbSyncStateStore;
}

export function createStore(db: Database, cipher: TokenCipher, options: StoreOptions = {}): Store {
  const orm = db.orm;
  return {
    db,
    installations: new InstallationsRepo(orm),
    tokens: new TokensRepo(db, cipher),
    results: new ResultsRepo(orm),
    overview: new PortfolioOverviewRepo(orm),
    outbox: new OutboxRepo(orm, { maxAttempts: options.outboxMaxAttempts ?? 10 }),
    plans: new PlansRepo(orm),
    settings: new SettingsRepo(orm, options.mappings),
    audit: new AuditRepo(orm),
    webhookEvents: new WebhookEventsRepo(orm),
    oauthStates: new OAuthStatesRepo(orm),
    admins: new AdminsRepo(orm),
    riskModels: new RiskModelsRepo(orm),
    purgeTenant: (crm, portalId) => purgeTenant(orm, crm, portalId),
    rateBudgets: new RateBudgetsRepo(orm),
    syncStateStore: (crm, portalId) => new DbSyncStateStore(orm, crm, portalId),
  };
}
