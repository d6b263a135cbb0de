// Tenancy: every repository method takes (crm, portalId) first. Both are checked here so that an
// empty or absurd key never reaches a query (where it would silently match nothing, or everything).
import { z } from 'zod';

export const Crm = z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, 'crm must be a short lower-case name such as "hubspot"');
export const PortalId = z.string().min(1, 'portal id must not be empty').max(128);

export function checkTenant(crm: string, portalId: string): void {
  Crm.parse(crm);
  PortalId.parse(portalId);
}

/** Salesforce ids: 15 characters (case-sensitive) or 18 (with the case-safe suffix). */
const SALESFORCE_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

/**
 * What is wrong with a tenant id for its CRM when an installation is created (null: fine): a
 * HubSpot portal id is a number, a Salesforce org id an 18-character id starting with 00D.
 */
export function tenantIdProblem(crm: string, portalId: string): string | null {
  if (crm === 'hubspot' && !/^\d{1,20}$/.test(portalId)) return `a HubSpot portal id is a number, got ${JSON.stringify(portalId)}`;
  if (crm === 'salesforce' && !(SALESFORCE_ID.test(portalId) && portalId.length === 18 && portalId.startsWith('00D'))) return `a Salesforce org id is the 18-character id starting with 00D, got ${JSON.stringify(portalId)}`;
  return null;
}
