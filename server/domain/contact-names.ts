// How a sentence names a contact. A contact with no name recorded in the CRM is named by role and
// CRM id — "the admin (no name recorded, contact 12345)" — which a CSM can look up and act on,
// never by the bare id.
import type { ContactRole } from './snapshot.ts';
import { contactLabel, noNameRecorded, ROLE_NAMES } from '../../app/src/app/cards/lib/model/labels.ts';

// The cards' heading for a contact shares the wording ("Admin (no name recorded, contact 12345)").
export { contactLabel, noNameRecorded };

/** The name as recorded, or null when the CRM holds none (absent or blank). */
export function recordedName(name: string | null | undefined): string | null {
  return name !== null && name !== undefined && name.trim() !== '' ? name : null;
}

/** "Sofia Fischer", or without a name "the admin (no name recorded, contact 12345)". */
export function contactName(id: string, name: string | null, role: ContactRole): string {
  return name ?? `the ${ROLE_NAMES[role]} (${noNameRecorded(id)})`;
}

/** The contact after their role, for "Champion Sofia Fischer has left": "champion Sofia Fischer", or "the champion (no name recorded, contact 12345)". */
export function roleAndName(c: { readonly id: string; readonly recordedName: string | null; readonly role: ContactRole }): string {
  return c.recordedName === null ? contactName(c.id, null, c.role) : `${ROLE_NAMES[c.role]} ${c.recordedName}`;
}
