// Path parameters of the Salesforce card routes (`/api/v1/salesforce/{orgId}/accounts/{accountId}/…`).
// Bodies and answers are HubSpot's (contracts.ts): the same web card calls both. Ids are
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
/** `purge=now` deletes the org's data at once instead of after the grace period. */
export const SalesforceUninstallQuery = z.strictObject({ purge: z.enum(['now']).optional() });
