// Engine configuration: every weight, window and cost the engine uses, with documented defaults.
// Per installation, admins override any part of it; `parseEngineConfig({})` gives the defaults.
import { z } from 'zod';
import { RiskModel } from './risk-model.ts';
import { TICKET_TYPES, TICKET_PRIORITIES, type TicketPriority, type TicketType } from './snapshot.ts';

const Weight = z.number().nonnegative();
const Positive = z.number().positive();

/** An object with one non-negative number per key, each defaulting to its documented value. */
function weightsFor<K extends string>(keys: readonly K[], defaults: Record<K, number>) {
  const shape = Object.fromEntries(keys.map((k) => [k, Weight.default(defaults[k])])) as Record<K, z.ZodDefault<typeof Weight>>;
  const weights = z.object(shape).strict();
  return weights.prefault({} as z.input<typeof weights>); // every key has a default

}
const perType = (defaults: Record<TicketType, number>) => weightsFor(TICKET_TYPES, defaults);
const perPriority = (defaults: Record<TicketPriority, number>) => weightsFor(TICKET_PRIORITIES, defaults);

export const COMPONENT_KEYS = ['usage', 'ticketBurden', 'sentiment', 'resolution', 'supportTimeSaved'] as const;
export type ComponentKey = (typeof COMPONENT_KEYS)[number];

export const EngineConfig = z
  .object({
    /** Relative weights of the ROB components; normalised to sum to 100 %. Sentiment is kept small: moods never dominate. */
    componentWeights: z
      .object({
        usage: Weight.default(30),
        ticketBurden: Weight.default(25),
        sentiment: Weight.default(10),
        resolution: Weight.default(20),
        supportTimeSaved: Weight.default(15),
      })
      .strict()
      .prefault({})
      .refine((w) => Object.values(w).some((v) => v > 0), 'at least one component weight must be positive'),
    /** How heavy one ticket of each type is (outage ≫ bug > billing > how-to > feature request). */
    ticketTypeWeights: perType({ outage: 8, bug: 3, billing: 2, how_to: 1, feature_request: 0.5, other: 1 }),
    /** Multiplier per priority. */
    priorityWeights: perPriority({ urgent: 3, high: 2, medium: 1, low: 0.5 }),
    /** Minutes a support agent spends on one ticket of each type. */
    handlingMinutes: perType({ outage: 240, bug: 90, billing: 30, how_to: 20, feature_request: 15, other: 30 }),
    costPerSupportHour: Weight.default(60),
    currency: z.string().length(3).default('USD'),
    /**
     * Tickets per active user per 30 days that a typical account files, by type. Used as the prior
     * an account's own baseline is blended with (so thin history does not swing the score) and as
     * the absolute yardstick of ticket burden.
     */
    referenceTicketsPerUserPer30d: perType({ outage: 0.0005, bug: 0.015, billing: 0.005, how_to: 0.02, feature_request: 0.008, other: 0.002 }),
    /** Strength of that prior, in days of the account's own history it counts as. */
    baselinePriorDays: Positive.default(60),
    windows: z
      .object({
        recentDays: Positive.default(30),
        baselineDays: Positive.default(180),
        savingsDays: Positive.default(90),
        sentimentEarlierDays: Positive.default(90),
        trendDays: Positive.default(30),
        engagementStaleDays: Positive.default(45),
      })
      .strict()
      .prefault({}),
    /** Open weighted-and-aged ticket load at which the resolution component reaches one half. */
    resolutionHalfLoad: Positive.default(12),
    /** Seat utilisation under which unused seats become a show-stopper. */
    unusedSeatsThreshold: z.number().min(0).max(1).default(0.5),
    /** The renewal-risk model (coefficients and level cut-offs); the global default when absent. */
    riskModel: RiskModel.optional(),
  })
  .strict()
  .describe('Success Sidecar engine configuration');

export type EngineConfig = z.infer<typeof EngineConfig>;
export type EngineConfigInput = z.input<typeof EngineConfig>;

export function parseEngineConfig(input: unknown = {}): EngineConfig {
  return EngineConfig.parse(input);
}

export const DEFAULT_ENGINE_CONFIG: EngineConfig = parseEngineConfig({});
