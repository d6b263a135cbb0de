// The sidecar's HTTP API as zod schemas: the routes parse with them, /openapi.json is generated
// from them, and the cards' view models are typed from them. A public contract: add fields
// freely, never rename or remove one.
import { z } from 'zod';
import { BacktestHorizonDays, SKIP_REASONS } from '../domain/backtest.ts';
import { AccountResult, RiskLevel } from '../domain/result.ts';
import { CalendarDate, ContactRole, Objective, ObjectiveStatus, TicketPriority, TicketType } from '../domain/snapshot.ts';

/** Ids in paths: HubSpot's numeric ids, as strings. */
export const NumericId = z.string().regex(/^\d{1,20}$/, 'a numeric id');

export const PortalParams = z.strictObject({ portalId: NumericId });
export const CompanyParams = z.strictObject({ portalId: NumericId, companyId: NumericId });
export const ContactParams = z.strictObject({ portalId: NumericId, contactId: NumericId });

/**
 * What HubSpot's `hubspot.fetch` appends to the URL of every request a card makes (and signs):
 * who is calling. The card itself adds none of them; each must appear exactly once (a repeated one
 * means the card tried to add its own). `portalId` must equal the portal in the path.
 */
const HubSpotFetchQuery = {
  userId: NumericId.describe('The HubSpot user the card runs for (added by HubSpot)'),
  portalId: NumericId.describe('The portal the card runs in (added by HubSpot); must equal the path\'s'),
  userEmail: z.string().max(254).optional().describe('The user\'s email (added by HubSpot)'),
  appId: NumericId.optional().describe('The app the card belongs to (added by HubSpot)'),
};
export const CardQuery = z.strictObject(HubSpotFetchQuery);
/** DELETE …/installation: `purge=now` deletes the portal's data at once instead of after the grace period. */
export const UninstallQuery = z.strictObject({ ...HubSpotFetchQuery, purge: z.enum(['now']).optional() });
export const UninstallResponse = z.object({
  uninstalled: z.boolean(),
  purge: z.enum(['done', 'scheduled', 'none']).describe('done: the data is gone; scheduled: deleted after the grace period unless the app is installed again'),
  purgeAfter: z.string().nullable(),
});

export const HistoryPoint = z.object({
  computedAt: z.string(),
  asOf: z.string(),
  robScore: z.number().nullable(),
  renewalProbability: z.number().nullable(),
  riskLevel: RiskLevel.nullable(),
  reconstructed: z.boolean().optional().describe('Scored afterwards from today\'s data as of this date (first compute), not observed then'),
});

/** An objective as a CSM keeps it (ids are stable across edits). */
export const PlanObjective = Objective;
export type PlanObjective = z.infer<typeof PlanObjective>;

export const StoredPlan = z.object({
  version: z.number().int().nonnegative().describe('Increases with every save; 0 when nobody has edited the plan'),
  objectives: z.array(PlanObjective),
  updatedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type StoredPlan = z.infer<typeof StoredPlan>;

export const CompanySummary = z.object({
  id: z.string(),
  name: z.string(),
  renewalDate: CalendarDate.nullable(),
  arr: z.number().nullable(),
  currency: z.string().nullable(),
});

/** GET …/companies/{companyId}/success — everything the company card shows. */
export const SuccessView = z.discriminatedUnion('state', [
  z.object({
    state: z.literal('ready'),
    portalId: z.string(),
    company: CompanySummary,
    computedAt: z.string(),
    result: AccountResult,
    history: z.array(HistoryPoint).describe('Oldest first, for the chart'),
    plan: StoredPlan,
    pendingWrite: z.boolean().describe('Properties computed but not yet written to the CRM'),
    contacts: z
      .array(z.object({ id: z.string(), name: z.string().nullable(), role: ContactRole, active: z.boolean(), lastEngagedAt: z.string().nullable() }))
      .optional()
      .describe("The company's contacts as last computed (each one's open tickets: GET …/contacts/{contactId}/success)"),
  }),
  z.object({
    state: z.literal('computing'),
    portalId: z.string(),
    companyId: z.string(),
    retryAfterMs: z.number().int().positive().describe('Ask again after this long'),
  }),
]);
export type SuccessView = z.infer<typeof SuccessView>;

export const ContactTicket = z.object({
  id: z.string(),
  subject: z.string(),
  type: TicketType,
  priority: TicketPriority,
  createdAt: z.string(),
});

/** GET …/contacts/{contactId}/success — the contact's own context plus their company's view. */
export const ContactView = z.object({
  portalId: z.string(),
  contact: z.object({
    id: z.string(),
    name: z.string(),
    role: ContactRole,
    active: z.boolean(),
    lastEngagedAt: z.string().nullable(),
    openTickets: z.array(ContactTicket),
  }),
  companyId: z.string().nullable(),
  company: SuccessView.nullable().describe('The primary company\'s view; null when the contact has no company'),
});
export type ContactView = z.infer<typeof ContactView>;

export const RecomputeBody = z.strictObject({}).optional();
export const RecomputeResponse = z.object({
  status: z.enum(['computed', 'queued']),
  view: SuccessView.optional(),
});

/** PUT …/objectives: the whole list as the CSM wants it, against the version they edited. */
export const ObjectivesBody = z.strictObject({
  expectedVersion: z.number().int().nonnegative(),
  objectives: z
    .array(
      z.strictObject({
        id: z.string().min(1).max(64).optional().describe('Absent for a new objective'),
        statement: z.string().trim().min(1).max(500),
        metric: z.string().max(200).optional(),
        target: z.number().finite().nullable().optional(),
        current: z.number().finite().nullable().optional(),
        importance: z.number().min(0).max(10),
        satisfaction: z.number().min(0).max(10),
        dueDate: CalendarDate.nullable().optional(),
        status: ObjectiveStatus.default('open'),
      }),
    )
    .max(50),
});
export type ObjectivesBody = z.infer<typeof ObjectivesBody>;

export const ObjectivesConflict = z.object({
  error: z.object({ code: z.literal('version_conflict'), message: z.string() }),
  current: StoredPlan,
});

export const PortfolioSort = z.enum(['rob', 'risk', 'renewal', 'name']);
export const PortfolioQuery = z.strictObject({
  ...HubSpotFetchQuery,
  sort: PortfolioSort.default('risk'),
  order: z.enum(['asc', 'desc']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  risk: RiskLevel.optional().describe('Only accounts at this risk level'),
  q: z.string().max(100).optional().describe('Name contains (case-insensitive)'),
});
export const PortfolioItem = z.object({
  companyId: z.string(),
  name: z.string(),
  robScore: z.number().nullable(),
  robTrend: z.number().nullable(),
  riskLevel: RiskLevel.nullable(),
  renewalProbability: z.number().nullable(),
  renewalDate: z.string().nullable(),
  arr: z.number().nullable().describe('Annual recurring revenue as the CRM holds it'),
  showStoppers: z.number().int(),
  status: z.enum(['ok', 'insufficient_data']),
  computedAt: z.string(),
});
export const Portfolio = z.object({ items: z.array(PortfolioItem), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });
export type Portfolio = z.infer<typeof Portfolio>;

/** The settings an admin edits: engine overrides and the field mapping, as partial inputs. */
export const SettingsValues = z.strictObject({
  engine: z.record(z.string(), z.unknown()).describe('EngineConfig overrides (see `cli schema --which config`)'),
  mapping: z.record(z.string(), z.unknown()).describe('HubSpot field mapping overrides (docs/hubspot-mapping.md)'),
});
export const PortalAdminView = z.object({ userId: z.string(), email: z.string().nullable(), addedBy: z.string(), addedAt: z.string() });
export const SettingsView = SettingsValues.extend({
  version: z.number().int().nonnegative(),
  updatedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
  admins: z.array(PortalAdminView).describe('Who may change settings, recompute all and uninstall'),
  canManage: z.boolean().describe('Whether the calling user is one of the admins'),
  defaults: z
    .object({
      engine: z.record(z.string(), z.unknown()).describe('The EngineConfig every override applies to'),
      mapping: z.record(z.string(), z.unknown()).describe('The HubSpot field mapping every override applies to'),
    })
    .describe('What applies where nothing is overridden: the forms start from these'),
});
/** POST …/settings/admins: make another HubSpot user of the portal an admin. */
export const AddAdminBody = z.strictObject({ userId: NumericId, email: z.email().max(254).optional() });
export const AdminParams = z.strictObject({ portalId: NumericId, userId: NumericId });
export const AdminsView = z.object({ admins: z.array(PortalAdminView) });
export const RecomputeAllResponse = z.object({ status: z.literal('queued') });
export const SettingsBody = SettingsValues.extend({ expectedVersion: z.number().int().nonnegative() });
/** 409 from PUT …/settings: the error envelope plus the settings someone else saved first. */
export const SettingsConflict = z.object({ error: z.object({ code: z.literal('version_conflict'), message: z.string() }), current: SettingsView });

/** POST …/settings/preview: how proposed settings would move a few accounts' scores (nothing saved). */
export const SettingsPreviewBody = SettingsValues.extend({ companyIds: z.array(NumericId).max(10).optional() });
export const SettingsPreview = z.object({
  accounts: z.array(
    z.object({
      companyId: z.string(),
      name: z.string(),
      before: z.object({ robScore: z.number().nullable(), riskLevel: RiskLevel.nullable(), renewalProbability: z.number().nullable() }),
      after: z.object({ robScore: z.number().nullable(), riskLevel: RiskLevel.nullable(), renewalProbability: z.number().nullable() }),
    }),
  ),
});
export type SettingsPreview = z.infer<typeof SettingsPreview>;
export type SettingsView = z.infer<typeof SettingsView>;

/** One backtest's figures (server/domain/backtest.ts): how well a renewal model predicted past renewals. */
export const BacktestFigures = z.object({
  modelVersion: z.string(),
  renewals: z.number().int(),
  won: z.number().int(),
  lost: z.number().int(),
  auc: z.number().nullable(),
  aucInterval: z.tuple([z.number(), z.number()]).nullable(),
  brier: z.number().nullable(),
  brierSkill: z.number().nullable(),
  ece: z.number().nullable(),
  reliability: z.array(z.object({ from: z.number(), to: z.number(), count: z.number().int(), meanPredicted: z.number(), observedRate: z.number() })),
  lossesCaughtTop20: z.number().nullable(),
  levels: z.record(RiskLevel, z.object({ count: z.number().int(), renewalRate: z.number().nullable() })),
});

/** GET …/settings/model: the renewal model in use, the latest fit on the portal's own renewals and its backtest. */
export const ModelView = z.object({
  inUse: z.object({ version: z.string(), source: z.enum(['global', 'learned', 'pinned_global']) }),
  latest: z
    .object({
      version: z.string(),
      fittedAt: z.string(),
      mode: z.enum(['global', 'recalibrated', 'fitted']),
      reason: z.string(),
      fittedOn: z.object({ renewals: z.number().int(), won: z.number().int(), lost: z.number().int(), firstCloseDate: z.string().nullable(), lastCloseDate: z.string().nullable() }),
      coefficients: z.array(z.object({ factor: z.string(), value: z.number(), global: z.number() })),
      levelShift: z
        .object({ from: z.string(), renewals: z.number().int(), observedRate: z.number(), predictedRate: z.number(), z: z.number(), applied: z.number() })
        .nullable()
        .optional()
        .describe('How the newest renewals renewed against what the model predicted for them, and the intercept change it made (0 within chance); null when there were too few to check, absent for fits made before the check'),
      skipped: z
        .partialRecord(z.enum(SKIP_REASONS), z.number().int().positive())
        .optional()
        .describe('Past renewals that could not be scored honestly, so were not learned from, by reason (reasons with none left out); absent from servers that did not report them'),
      horizonDays: BacktestHorizonDays.optional()
        .describe('How many days before its close date each past renewal was scored as of (the backtest\'s horizon); absent from servers that did not report it'),
      heldOut: z
        .object({
          from: z.string().describe('Renewals closing on or after this date were held out'),
          train: z.number().int().describe('The older renewals the check fitted on'),
          renewals: z.number().int().describe('The newest renewals it was scored on'),
          learned: z.object({ auc: z.number().nullable(), brier: z.number(), logLoss: z.number() }),
          global: z.object({ auc: z.number().nullable(), brier: z.number(), logLoss: z.number() }),
        })
        .nullable()
        .optional()
        .describe('The check the choice was made on: a model fitted on the older renewals only and the global model, both scored on the newest ones, which that fit never saw (null when there were too few to split; absent from servers that did not report it)'),
      backtest: BacktestFigures.describe('The fitted model on the portal\'s renewals'),
      globalBacktest: BacktestFigures.describe('The global model on the same renewals'),
    })
    .nullable(),
  canManage: z.boolean(),
  recompute: z
    .object({
      accounts: z.number().int().nonnegative().describe('Accounts with a result'),
      current: z.number().int().nonnegative().describe('Of those, how many were computed with the model in use'),
      lastComputedAt: z.string().nullable().describe('When the newest of those was computed; null when none was'),
    })
    .optional()
    .describe('How far recomputing every account with the model in use has got (a switch or a new fit recomputes them all); absent from servers that did not report it'),
});
export type ModelView = z.infer<typeof ModelView>;
/** PUT …/settings/model: which model results use. `global` stays until an admin chooses `learned` again. */
export const ChooseModelBody = z.strictObject({ use: z.enum(['global', 'learned']) });

/** GET …/write-failures: write-backs the CRM refused for good (they stay until redriven), newest first. */
export const WriteFailures = z.object({
  items: z.array(z.object({ id: z.number().int(), companyId: z.string(), properties: z.record(z.string(), z.string()), attempts: z.number().int(), lastError: z.string().nullable(), failedAt: z.string() })),
});
/** POST …/write-failures/redrive: send them again (all, or these ids). */
export const RedriveBody = z.strictObject({ ids: z.array(z.number().int().positive()).max(1000).optional() });
export const RedriveResponse = z.object({ redriven: z.number().int() });
