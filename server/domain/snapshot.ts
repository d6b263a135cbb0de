// AccountSnapshot: everything the engine needs about one customer, CRM-neutral.
// This is a public contract (users export snapshots from their warehouse and score them with the
// CLI): fields may be added as optional, never renamed or removed.
import { z } from 'zod';

/** A point in time: an ISO 8601 date-time with offset, or a calendar date (read as UTC midnight). */
export const Instant = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .describe('ISO 8601 date-time with offset (2026-11-01T09:00:00Z) or date (2026-11-01)');

export const CalendarDate = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .describe('ISO 8601 date (2027-01-15); a date-time is accepted too');

const Count = z.number().int().nonnegative();
const Score010 = z.number().min(0).max(10);

export const CrmKind = z.enum(['hubspot', 'salesforce', 'sandbox', 'other']);

export const TicketType = z.enum(['outage', 'bug', 'billing', 'how_to', 'feature_request', 'other']);
export type TicketType = z.infer<typeof TicketType>;
export const TICKET_TYPES = TicketType.options;

export const TicketPriority = z.enum(['urgent', 'high', 'medium', 'low']);
export type TicketPriority = z.infer<typeof TicketPriority>;
export const TICKET_PRIORITIES = TicketPriority.options;

export const ContactRole = z.enum(['champion', 'executive', 'admin', 'user', 'other']);
export type ContactRole = z.infer<typeof ContactRole>;

export const EngagementKind = z.enum(['meeting', 'call', 'email', 'note']);
export type EngagementKind = z.infer<typeof EngagementKind>;

export const RenewalOutcome = z.enum(['open', 'won', 'lost']);
export const ObjectiveStatus = z.enum(['open', 'at_risk', 'achieved', 'dropped']);
export type ObjectiveStatus = z.infer<typeof ObjectiveStatus>;

export const Account = z.object({
  id: z.string().min(1),
  name: z.string(),
  crm: CrmKind.default('other'),
  segment: z.string().optional(),
  industry: z.string().optional(),
  licensedSeats: Count.nullable().optional().describe('Seats paid for; absent when unknown'),
  arr: z.number().nonnegative().nullable().optional(),
  currency: z.string().length(3).optional(),
  renewalDate: CalendarDate.nullable().optional(),
  ownerId: z.string().optional(),
  customerSince: CalendarDate.optional().describe('Start of the relationship; baselines never reach before it'),
});

export const UsagePoint = z.object({ date: CalendarDate, activeUsers: Count });
export const LoginPoint = z.object({ date: CalendarDate, logins30d: Count });

export const Usage = z.object({
  activeUsers: Count.nullable().optional().describe('Active users now; absent when usage is not tracked'),
  logins30d: Count.nullable().optional(),
  history: z.array(UsagePoint).default([]).describe('Active users at earlier dates, any order'),
  loginHistory: z.array(LoginPoint).default([]).describe('Logins over the 30 days before earlier dates, any order'),
});

export const Message = z.object({
  at: Instant,
  from: z.enum(['customer', 'agent']),
  text: z.string(),
});
export type Message = z.infer<typeof Message>;

export const Ticket = z.object({
  id: z.string().min(1),
  createdAt: Instant,
  closedAt: Instant.nullable().optional(),
  type: TicketType.default('other'),
  priority: TicketPriority.default('medium'),
  subject: z.string().default(''),
  messages: z.array(Message).default([]),
});
export type Ticket = z.infer<typeof Ticket>;

export const Contact = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  role: ContactRole.default('other'),
  active: z.boolean().default(true).describe('false once the person has left or lost access'),
  lastEngagedAt: Instant.nullable().optional(),
  since: Instant.optional().describe('When the person became a contact; absent when unknown (then taken as always there)'),
  leftAt: Instant.nullable().optional().describe('When the person left (with active: false); absent when unknown'),
});
export type Contact = z.infer<typeof Contact>;

export const Engagement = z.object({
  at: Instant,
  kind: EngagementKind,
  contactIds: z
    .array(z.string().min(1))
    .optional()
    .describe("The account's contacts who took part (ids as in `contacts`); absent when the CRM did not say"),
});

export const Renewal = z.object({
  id: z.string().min(1),
  closeDate: CalendarDate,
  amount: z.number().nonnegative().nullable().optional(),
  outcome: RenewalOutcome,
});

export const Objective = z.object({
  id: z.string().min(1),
  statement: z.string().min(1).describe('Desired outcome: direction + metric + object'),
  metric: z.string().optional(),
  target: z.number().nullable().optional(),
  current: z.number().nullable().optional(),
  importance: Score010,
  satisfaction: Score010,
  dueDate: CalendarDate.nullable().optional(),
  status: ObjectiveStatus.default('open'),
});
export type Objective = z.infer<typeof Objective>;

export const AccountSnapshot = z.object({
  asOf: Instant.describe('The moment the snapshot describes; the engine never reads a clock'),
  account: Account,
  usage: Usage.default({ history: [], loginHistory: [] }),
  tickets: z.array(Ticket).default([]),
  contacts: z.array(Contact).default([]),
  engagements: z.array(Engagement).default([]),
  renewals: z.array(Renewal).default([]),
  objectives: z.array(Objective).default([]),
});

/** A parsed snapshot (defaults applied). */
export type AccountSnapshot = z.infer<typeof AccountSnapshot>;
/** A snapshot as written by a user or another tool (optional fields may be missing). */
export type AccountSnapshotInput = z.input<typeof AccountSnapshot>;
