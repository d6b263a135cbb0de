// Path parameters of the Salesforce card routes (`/api/v1/salesforce/{orgId}/accounts/{accountId}/…`,
// `/api/v1/salesforce/{orgId}/settings…`) and the bodies whose ids are Salesforce's. The answers are
// HubSpot's (contracts.ts): the same web card calls both. Ids are
// Salesforce's 15- or 18-character ids; the routes work with the 18-character form.
import { z } from 'zod';
import { toId18 } from '../crm/salesforce/record-id.ts';

const salesforceId = (prefix: string, what: string) =>
  z
    .string()
    .regex(/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-5]{3})?$/, `a 15- or 18-character Salesforce ${what} id`)
    .transform((raw, ctx) => {
      const id = toId18(raw);
      if (id === null || !id.startsWith(prefix)) {
        ctx.addIssue({ code: 'custom', message: `a Salesforce ${what} id (starting with ${prefix})` });
        return z.NEVER;
      }
      return id;
    });

export const OrgId = salesforceId('00D', 'organization');
export const AccountId = salesforceId('001', 'Account');
export const SalesforceAccountParams = z.strictObject({ orgId: OrgId, accountId: AccountId });
export const SalesforceOrgParams = z.strictObject({ orgId: OrgId });
/** A user of the org (005…), kept in the 18-character form the card token and the install use. */
export const SalesforceUserId = salesforceId('005', 'user');
export const SalesforceAdminParams = z.strictObject({ orgId: OrgId, userId: SalesforceUserId });
/** Another user of the org made an admin: their Salesforce user id (Setup → Users → the user's id), optionally their email to show. */
export const SalesforceAddAdminBody = z.strictObject({ userId: SalesforceUserId, email: z.email().max(254).optional() });
/** `purge=now` deletes the org's data at once instead of after the grace period. */
export const SalesforceUninstallQuery = z.strictObject({ purge: z.enum(['now']).optional() });
