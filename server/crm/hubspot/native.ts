// The HubSpot records we read, parsed at the boundary. The SDK hands back class instances with
// Date objects; these schemas turn them into plain records with ISO strings.
import { z } from 'zod';

const Instant = z.union([z.date(), z.string()]).transform((v) => (v instanceof Date ? v.toISOString() : v));

export const NativeObject = z.object({
  id: z.string(),
  properties: z.record(z.string(), z.string().nullable().optional()),
  propertiesWithHistory: z
    .record(z.string(), z.array(z.object({ value: z.string().nullable().optional(), timestamp: Instant })))
    .optional()
    .nullable(),
  updatedAt: Instant.optional(),
});
export type NativeObject = z.infer<typeof NativeObject>;

export const ENGAGEMENT_TYPES = ['meetings', 'calls', 'notes', 'emails'] as const;
export type EngagementType = (typeof ENGAGEMENT_TYPES)[number];
/**
 * The engagements whose contacts are read: all of them. Who took part in a meeting or a call, and
 * who an email or a note names, is what dates each contact's last engagement and counts the
 * account's contacts engaged; one association read per 1,000 records of each type.
 */
export const PARTICIPANT_TYPES = ENGAGEMENT_TYPES;

/** Everything read for one company, before mapping. */
export interface NativeAccount {
  company: NativeObject;
  contacts: NativeObject[];
  tickets: Array<{ ticket: NativeObject; emails: NativeObject[] }>;
  deals: NativeObject[];
  /** `contactIds`: every contact HubSpot associates with the engagement (of any company); absent when not read. */
  engagements: Array<{ type: EngagementType; record: NativeObject; contactIds?: string[] }>;
}
