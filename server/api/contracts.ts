// The sidecar's HTTP API as zod schemas: the routes parse with them, /openapi.json is generated
// from them, and the cards' view models are typed from them. A public contract: add fields
// freely, never rename or remove one.
import { z } from 'zod';
import { AccountResult, RiskLevel } from '../domain/result.ts';
import { CalendarDate, ContactRole, Objective, ObjectiveStatus, TicketPriority, TicketType } from '../domain/snapshot.ts';

/** Ids in paths: HubSpot's numeric ids, as strings. */
export const NumericId = z.string().regex(/^\d{1,20}$/, 'a numeric id');

export const PortalParams = z.strictObject({ portalId: NumericId });
export const CompanyParams = z.strictObject({ portalId: NumericId, companyId: NumericId });
export const ContactParams = z.strictObject({ portalId: NumericId, contactId: NumericId });

/**
 * What HubSpot's `hubspot.fetch` lets a card add to every URL: the card sends them itself (the
 * signature covers the URL), so they are accepted — and ignored — on every card route.
 */
const CardContextQuery = {
  portalId: z.string().optional(),
  userId: z.string().optional(),
  userEmail: z.string().optional(),
  objectId: z.string().optional(),
  objectTypeId: z.string().optional(),
};
export const CardQuery = z.strictObject(CardContextQuery);

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
  ...CardContextQuery,
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
export const SettingsView = SettingsValues.extend({
  version: z.number().int().nonnegative(),
  updatedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export const SettingsBody = SettingsValues.extend({ expectedVersion: z.number().int().nonnegative() });

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
