// Adding and removing a tenant's admins, for both CRMs' settings routes (HubSpot's portal, a
// Salesforce org): the store's admins, the answer (the admins as they are now, oldest first), and the
// outcomes a route answers as errors — someone who is not an admin (404) and the last admin (409: a
// tenant always keeps someone who can manage it). Who acts is the route's verified caller, never
// the body.
import type { AdminsRepo } from '../../store/admins.ts';
import { HttpError } from '../errors.ts';
import { adminView } from './settings-view.ts';

export interface AdminWords {
  /** How a user is named in messages ("HubSpot user 123", "Salesforce user 005…"). */
  user: (userId: string) => string;
  /** What the tenant is called ("portal", "org"). */
  tenant: string;
}

export function adminActions(admins: Pick<AdminsRepo, 'add' | 'remove' | 'list'>, crm: 'hubspot' | 'salesforce', words: AdminWords) {
  const answer = async (tenantId: string) => ({ admins: (await admins.list(crm, tenantId)).map(adminView) });
  return {
    async add(tenantId: string, admin: { userId: string; email?: string | undefined }, actor: string) {
      await admins.add(crm, tenantId, { userId: admin.userId, email: admin.email ?? null }, actor);
      return answer(tenantId);
    },
    async remove(tenantId: string, userId: string, actor: string) {
      const outcome = await admins.remove(crm, tenantId, userId, actor);
      if (outcome === 'not_admin') throw new HttpError(404, 'not_found', `${words.user(userId)} is not an admin of this ${words.tenant}.`);
      if (outcome === 'last_admin') throw new HttpError(409, 'last_admin', 'The last admin cannot be removed: add another admin first.');
      return answer(tenantId);
    },
  };
}
