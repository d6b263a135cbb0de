// Where the engine's inputs live in a HubSpot portal: property names and value mappings, with the
// defaults of docs/hubspot-mapping.md. Installations override any of it.
import { z } from 'zod';

const Name = z.string().regex(/^[a-z0-9_]+$/, 'a HubSpot internal property name');

export const HubSpotMapping = z
  .object({
    company: z
      .object({
        activeUsers: Name.default('active_users'),
        licensedSeats: Name.default('licensed_seats'),
        logins30d: Name.default('logins_last_30_days'),
        arr: Name.default('arr'),
        renewalDate: Name.default('renewal_date'),
        segment: Name.default('customer_segment'),
        customerSince: Name.default('hs_lifecyclestage_customer_date'),
      })
      .strict()
      .prefault({}),
    contact: z
      .object({
        role: Name.default('success_role'),
        leftCompany: Name.default('success_left_company'),
        lastEngaged: Name.default('notes_last_contacted'),
      })
      .strict()
      .prefault({}),
    ticket: z
      .object({
        outageFlag: Name.default('success_outage'),
        outageKeywords: z.array(z.string().min(2)).default(['outage', 'down for', 'unavailable', 'not loading for anyone']),
        categories: z
          .record(z.string(), z.enum(['outage', 'bug', 'billing', 'how_to', 'feature_request', 'other']))
          .default({ PRODUCT_ISSUE: 'bug', BILLING_ISSUE: 'billing', FEATURE_REQUEST: 'feature_request', GENERAL_INQUIRY: 'how_to' }),
      })
      .strict()
      .prefault({}),
    renewalDealTypes: z.array(z.string()).default(['existingbusiness']),
    currency: z.string().length(3).default('USD'),
  })
  .strict();

export type HubSpotMapping = z.infer<typeof HubSpotMapping>;
export const DEFAULT_HUBSPOT_MAPPING: HubSpotMapping = HubSpotMapping.parse({});

/** Company properties to read: the mapping's plus HubSpot's own and our outputs (to diff). */
export function companyReadProperties(mapping: HubSpotMapping, outputs: readonly string[]): string[] {
  const c = mapping.company;
  return ['name', 'industry', 'hubspot_owner_id', 'hs_lastmodifieddate', c.activeUsers, c.licensedSeats, c.logins30d, c.arr, c.renewalDate, c.segment, c.customerSince, ...outputs];
}

/** Company properties whose history is read: active users and logins over 30 days, at earlier dates. */
export function companyHistoryProperties(mapping: HubSpotMapping): string[] {
  return [...new Set([mapping.company.activeUsers, mapping.company.logins30d])];
}

export function contactReadProperties(mapping: HubSpotMapping): string[] {
  return ['firstname', 'lastname', mapping.contact.role, mapping.contact.leftCompany, mapping.contact.lastEngaged];
}

export function ticketReadProperties(mapping: HubSpotMapping): string[] {
  return ['subject', 'content', 'hs_ticket_category', 'hs_ticket_priority', 'createdate', 'closed_date', mapping.ticket.outageFlag];
}

export const DEAL_PROPERTIES = ['dealname', 'dealtype', 'closedate', 'amount', 'dealstage'];
export const EMAIL_PROPERTIES = ['hs_email_text', 'hs_email_direction', 'hs_timestamp'];
export const ENGAGEMENT_PROPERTIES = ['hs_timestamp'];
