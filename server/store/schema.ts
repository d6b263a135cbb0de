// The sidecar's tables (Drizzle, pg-core). Every tenant-owned row carries (crm, portal_id): the CRM
// ('hubspot', 'salesforce', 'sandbox') and the portal / org id inside it. This file is read by
// drizzle-kit to generate the migrations, so it imports nothing but drizzle-orm.
import { sql } from 'drizzle-orm';
import { boolean, check, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const tenant = () => ({ crm: text('crm').notNull(), portalId: text('portal_id').notNull() });

export const installations = pgTable(
  'installations',
  {
    ...tenant(),
    status: text('status').notNull().default('active'),
    scopes: text('scopes').array().notNull().default(sql`'{}'::text[]`),
    hubDomain: text('hub_domain'),
    /** Salesforce: the org's API origin (the token response's instance_url). */
    instanceUrl: text('instance_url'),
    /** Salesforce: the user whose grant the tokens are (the integration user, given the permission set). */
    apiUserId: text('api_user_id'),
    /** Bumped by every install and uninstall: a process holding credentials of an older generation drops them. */
    generation: integer('generation').notNull().default(1),
    installedAt: tz('installed_at').notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
    uninstalledAt: tz('uninstalled_at'),
  },
  (t) => [primaryKey({ columns: [t.crm, t.portalId] }), check('installations_status', sql`${t.status} in ('active', 'uninstalled')`)],
);

/** Who may change a portal's settings, recompute everything or uninstall: HubSpot user ids. */
export const portalAdmins = pgTable(
  'portal_admins',
  {
    ...tenant(),
    userId: text('user_id').notNull(),
    email: text('email'),
    addedBy: text('added_by').notNull(),
    addedAt: tz('added_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.crm, t.portalId, t.userId] })],
);

/** OAuth tokens, encrypted (`v1:<keyId>:…`, see token-crypto.ts); never stored in clear. */
export const oauthTokens = pgTable(
  'oauth_tokens',
  {
    ...tenant(),
    accessTokenEnc: text('access_token_enc').notNull(),
    refreshTokenEnc: text('refresh_token_enc').notNull(),
    expiresAt: tz('expires_at').notNull(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.crm, t.portalId] })],
);

/** The latest result per account, with the columns the portfolio sorts and filters on. */
export const accountResults = pgTable(
  'account_results',
  {
    ...tenant(),
    accountId: text('account_id').notNull(),
    accountName: text('account_name').notNull(),
    asOf: tz('as_of').notNull(),
    computedAt: tz('computed_at').notNull(),
    robScore: doublePrecision('rob_score'),
    robTrend: doublePrecision('rob_trend'),
    riskLevel: text('risk_level'),
    renewalProbability: doublePrecision('renewal_probability'),
    renewalDate: date('renewal_date', { mode: 'string' }),
    /** Annual recurring revenue from the CRM record (null when the CRM has none): the portfolio's ARR figures. */
    arr: doublePrecision('arr'),
    /** The account's contacts as the engine saw them (id, name, role, active, last engaged), for the account view. */
    contacts: jsonb('contacts'),
    showStoppers: integer('show_stoppers').notNull().default(0),
    status: text('status').notNull(),
    result: jsonb('result').notNull(),
    /** The renewal model the risk was computed with (`global-3`, or the portal's calibrated one). */
    riskModelVersion: text('risk_model_version'),
  },
  (t) => [
    primaryKey({ columns: [t.crm, t.portalId, t.accountId] }),
    // One index per sort order the portfolio offers (nulls last both ways), ties broken by id.
    index('account_results_rob_asc').on(t.crm, t.portalId, t.robScore.asc().nullsLast(), t.accountId),
    index('account_results_rob_desc').on(t.crm, t.portalId, t.robScore.desc().nullsLast(), t.accountId),
    index('account_results_risk_asc').on(t.crm, t.portalId, t.renewalProbability.asc().nullsLast(), t.accountId),
    index('account_results_risk_desc').on(t.crm, t.portalId, t.renewalProbability.desc().nullsLast(), t.accountId),
    index('account_results_renewal_asc').on(t.crm, t.portalId, t.renewalDate.asc().nullsLast(), t.accountId),
    index('account_results_renewal_desc').on(t.crm, t.portalId, t.renewalDate.desc().nullsLast(), t.accountId),
    index('account_results_name').on(t.crm, t.portalId, t.accountName, t.accountId),
  ],
);

export const resultHistory = pgTable(
  'result_history',
  {
    id: serial('id').primaryKey(),
    ...tenant(),
    accountId: text('account_id').notNull(),
    computedAt: tz('computed_at').notNull(),
    asOf: tz('as_of').notNull(),
    robScore: doublePrecision('rob_score'),
    renewalProbability: doublePrecision('renewal_probability'),
    riskLevel: text('risk_level'),
    /** Backfilled on the first compute by scoring the same data as of an earlier date, not observed then. */
    reconstructed: boolean('reconstructed').notNull().default(false),
  },
  (t) => [index('result_history_account').on(t.crm, t.portalId, t.accountId, t.computedAt)],
);

export const successPlans = pgTable(
  'success_plans',
  {
    ...tenant(),
    accountId: text('account_id').notNull(),
    version: integer('version').notNull(),
    objectives: jsonb('objectives').notNull(),
    updatedBy: text('updated_by').notNull(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.crm, t.portalId, t.accountId] })],
);

/**
 * Each account's past renewals as the honest backtest sees them (server/domain/backtest.ts): the
 * risk factors as of a horizon before the close date, and the outcome. Refreshed whenever the
 * account is scored; the portal's renewal model is fitted on them without another CRM read.
 */
export const backtestRows = pgTable(
  'backtest_rows',
  {
    ...tenant(),
    accountId: text('account_id').notNull(),
    renewalId: text('renewal_id').notNull(),
    closeDate: date('close_date', { mode: 'string' }).notNull(),
    at: tz('at').notNull(),
    renewed: boolean('renewed').notNull(),
    x: jsonb('x').notNull(),
    marks: text('marks').array().notNull().default(sql`'{}'::text[]`),
  },
  (t) => [primaryKey({ columns: [t.crm, t.portalId, t.accountId, t.renewalId] })],
);

/**
 * The past renewals of an account its backtest could not score honestly, and why (server/domain/
 * backtest.ts `SkipReason`); replaced together with its backtest rows.
 */
export const backtestSkips = pgTable(
  'backtest_skips',
  {
    ...tenant(),
    accountId: text('account_id').notNull(),
    renewalId: text('renewal_id').notNull(),
    reason: text('reason').notNull(),
  },
  (t) => [primaryKey({ columns: [t.crm, t.portalId, t.accountId, t.renewalId] }), check('backtest_skips_reason', sql`${t.reason} in ('usage_history_too_short', 'not_yet_a_customer', 'insufficient_data')`)],
);

/** A portal's renewal models, one row per fitted version; at most one active (none: the global model). */
export const riskModels = pgTable(
  'risk_models',
  {
    ...tenant(),
    version: text('version').notNull(),
    /** The Calibration (model, mode, reason, what it was fitted on, coefficients against the global ones). */
    calibration: jsonb('calibration').notNull(),
    /** Backtest figures of this model and of the global one on the same renewals. */
    report: jsonb('report').notNull(),
    /** Digest of the backtest rows it was fitted on: an unchanged history is not fitted again. */
    rowsDigest: text('rows_digest').notNull(),
    active: boolean('active').notNull().default(false),
    fittedAt: tz('fitted_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.crm, t.portalId, t.version] }), uniqueIndex('risk_models_one_active').on(t.crm, t.portalId).where(sql`${t.active}`)],
);

/** Every saved version of a plan: who saved what, when. */
export const planVersions = pgTable(
  'plan_versions',
  {
    ...tenant(),
    accountId: text('account_id').notNull(),
    version: integer('version').notNull(),
    objectives: jsonb('objectives').notNull(),
    savedBy: text('saved_by').notNull(),
    savedAt: tz('saved_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.crm, t.portalId, t.accountId, t.version] })],
);

export const settings = pgTable(
  'settings',
  {
    ...tenant(),
    version: integer('version').notNull(),
    engine: jsonb('engine').notNull(),
    mapping: jsonb('mapping').notNull(),
    updatedBy: text('updated_by').notNull(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.crm, t.portalId] })],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: serial('id').primaryKey(),
    ...tenant(),
    at: tz('at').notNull().defaultNow(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    target: text('target'),
    details: jsonb('details').notNull().default({}),
  },
  (t) => [index('audit_log_portal').on(t.crm, t.portalId, t.at)],
);

/**
 * Property writes waiting for the CRM. At most one pending row per account: a newer result merges
 * its properties into it and bumps `revision`, so a delivery of an older revision does not
 * mark the newer properties delivered.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: serial('id').primaryKey(),
    ...tenant(),
    accountId: text('account_id').notNull(),
    properties: jsonb('properties').notNull(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    revision: integer('revision').notNull().default(1),
    claimedRevision: integer('claimed_revision'),
    /** Fencing token: bumped by every claim; only the holder of the latest lease may settle the row. */
    fence: integer('fence').notNull().default(0),
    /**
     * The liveness key (server/jobs/liveness.ts) of the worker process whose drain holds the lease,
     * while it holds it: when that process dies, the lease is released at once instead of lapsing.
     * Null for a backoff (`locked_until` then is a delay, not a lease) and on PGlite.
     */
    leaseOwner: integer('lease_owner'),
    createdAt: tz('created_at').notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
    lockedUntil: tz('locked_until'),
    deliveredAt: tz('delivered_at'),
  },
  (t) => [
    uniqueIndex('outbox_one_pending').on(t.crm, t.portalId, t.accountId).where(sql`${t.status} = 'pending'`),
    index('outbox_pending').on(t.id).where(sql`${t.status} = 'pending'`),
    index('outbox_portal_status').on(t.crm, t.portalId, t.status),
    index('outbox_lease_owner').on(t.leaseOwner).where(sql`${t.leaseOwner} is not null`),
    check('outbox_status', sql`${t.status} in ('pending', 'delivered', 'failed')`),
  ],
);

export const syncState = pgTable(
  'sync_state',
  {
    ...tenant(),
    state: jsonb('state').notNull(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.crm, t.portalId] })],
);

/** Webhook event ids already handled (per CRM), for de-duplication; pruned by age. */
export const webhookEvents = pgTable(
  'webhook_events',
  {
    crm: text('crm').notNull(),
    eventId: text('event_id').notNull(),
    receivedAt: tz('received_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.crm, t.eventId] }), index('webhook_events_received').on(t.receivedAt)],
);

/** OAuth `state` values handed out by the install flow: single use, short-lived. */
export const oauthStates = pgTable('oauth_states', {
  state: text('state').primaryKey(),
  crm: text('crm').notNull(),
  /** The PKCE code verifier of this authorization request (Salesforce), handed back once with the state. */
  codeVerifier: text('code_verifier'),
  createdAt: tz('created_at').notNull().defaultNow(),
  expiresAt: tz('expires_at').notNull(),
  usedAt: tz('used_at'),
});

/**
 * The CRM's rate budget per portal, shared by every process (server/crm/shared-limiter.ts): the
 * starts (epoch ms, database clock) of the calls in the current window, and a pause the CRM ordered.
 */
export const rateBudgets = pgTable(
  'rate_budgets',
  {
    ...tenant(),
    bucket: text('bucket').notNull(),
    starts: doublePrecision('starts').array().notNull().default(sql`'{}'::double precision[]`),
    pausedUntil: doublePrecision('paused_until').notNull().default(0),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.crm, t.portalId, t.bucket] })],
);
