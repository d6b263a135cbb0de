// AccountResult: what the engine computes for one customer. A public contract like the snapshot:
// fields may be added, never renamed or removed.
import { z } from 'zod';
import { COMPONENT_KEYS } from './engine-config.ts';
import { Objective } from './snapshot.ts';
import { PROPERTY_NAMES } from './property-names.ts';

export const RobComponent = z.object({
  key: z.enum(COMPONENT_KEYS),
  label: z.string(),
  weight: z.number().min(0).max(1).describe('Effective share of the score, 0–1; weights of components without data go to the others'),
  value: z.number().min(0).max(1).describe('How well this component is doing, 0–1 (0.5 when it has no data)'),
  contribution: z.number().describe('Points this component adds to the score (weight × value × 100)'),
  reason: z.string().describe('One sentence with the evidence'),
  hasData: z.boolean(),
});
export type RobComponent = z.infer<typeof RobComponent>;

export const Rob = z.object({
  score: z.number().min(0).max(100).nullable().describe('0–100, higher = more burden removed; null when data is insufficient'),
  trend30d: z.number().nullable().describe('Score now minus the score computed as of 30 days earlier, points'),
  components: z.array(RobComponent),
});

export const Savings = z.object({
  windowDays: z.number(),
  ticketsExpected: z.number().describe('Tickets the account would have filed at its baseline rate'),
  ticketsActual: z.number().int(),
  ticketsAvoided: z.number().describe('Expected minus actual, never below 0'),
  hoursSaved: z.number(),
  moneySaved: z.number(),
  currency: z.string(),
});

export const RiskLevel = z.enum(['low', 'medium', 'high']);
export type RiskLevel = z.infer<typeof RiskLevel>;

export const RiskNote = z.object({
  factor: z.string().describe('Model factor this note explains'),
  text: z.string().describe('A sentence with the evidence'),
  effect: z.number().describe('Contribution to the log-odds of renewing; negative raises risk'),
});
export type RiskNote = z.infer<typeof RiskNote>;

export const Risk = z.object({
  level: RiskLevel.nullable(),
  renewalProbability: z.number().min(0).max(1).nullable().describe('Probability of renewing, 0–1'),
  daysToRenewal: z.number().int().nullable(),
  notes: z.array(RiskNote),
});

export const RankedObjective = Objective.extend({
  opportunity: z.number().describe('importance + max(importance − satisfaction, 0), 0–20'),
  overdue: z.boolean(),
});

export const ShowStopper = z.object({
  id: z.string(),
  kind: z.enum(['open_severe_ticket', 'overdue_objective', 'champion_lost', 'executive_lost', 'unused_seats', 'contraction_ask']),
  title: z.string(),
  reason: z.string(),
  evidence: z.array(z.string()).describe('Ids of the records that show it'),
});
export type ShowStopper = z.infer<typeof ShowStopper>;

export const StepKind = z.enum([
  'resolve_ticket',
  're_engage_champion',
  'adoption_session',
  'close_objective_gap',
  'schedule_check_in',
  'deflect_how_to',
  'complete_data',
  'agree_objectives',
  're_engage_sponsor',
  'answer_ask',
  'confirm_renewal',
]);
export type StepKind = z.infer<typeof StepKind>;

export const Step = z.object({
  kind: StepKind,
  action: z.string(),
  expectedGain: z.number().describe('ROB points the step is expected to add'),
  renewalProbabilityGain: z.number().describe('Change in the probability of renewing'),
  effort: z.number().positive().describe('Relative effort: 1 ≈ half a day of CSM or support work'),
  effortText: z.string().optional().describe('The effort in words: "about a day"'),
  why: z.string(),
  evidence: z.array(z.string()),
});
export type Step = z.infer<typeof Step>;

export const SuggestedObjective = z.object({
  statement: z.string().describe('A desired outcome inferred from the data, phrased as a job to be done'),
  metric: z.string().describe('What would measure it'),
  basis: z.string().describe('The evidence it was inferred from'),
  suggested: z.literal(true).describe('Always true: a suggestion to agree with the customer, not an agreed objective'),
});
export type SuggestedObjective = z.infer<typeof SuggestedObjective>;

export const Plan = z.object({
  objectives: z.array(RankedObjective).describe('Ranked by opportunity, highest first'),
  showStoppers: z.array(ShowStopper),
  nextBestStep: Step.nullable(),
  alternatives: z.array(Step).describe('The other candidate steps, best first'),
  suggestedObjectives: z.array(SuggestedObjective).optional().describe('Only when no objectives are recorded: objectives to propose to the customer'),
});

export const Properties = z.object(Object.fromEntries(PROPERTY_NAMES.map((n) => [n, z.string()])) as Record<(typeof PROPERTY_NAMES)[number], z.ZodString>);

export const AccountResult = z.object({
  accountId: z.string(),
  asOf: z.string(),
  status: z.enum(['ok', 'insufficient_data']),
  statusReason: z.string().optional(),
  rob: Rob,
  savings: Savings,
  risk: Risk,
  plan: Plan,
  properties: Properties.describe('CRM property values as the CRM APIs take them (strings)'),
});
export type AccountResult = z.infer<typeof AccountResult>;
