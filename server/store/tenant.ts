// Tenancy: every repository method takes (crm, portalId) first. Both are checked here so that an
// empty or absurd key never reaches a query (where it would silently match nothing, or everything).
import { z } from 'zod';

export const Crm = z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, 'crm must be a short lower-case name such as "hubspot"');
export const PortalId = z.string().min(1, 'portal id must not be empty').max(128);

export function checkTenant(crm: string, portalId: string): void {
  Crm.parse(crm);
  PortalId.parse(portalId);
}
