// The account page's contacts: who they are, their role and when we last heard from them, the
// people who matter for the renewal first. Their open tickets come from each contact's own view
// (the contact card's content). Pure.
import type { SuccessView } from '../../server/api/contracts.ts';
import { contactLabel, DEFAULT_LOCALE, relativeTime, ROLE_LABELS, WORDING, type TagModel } from '../model/index.ts';

export type AccountContact = NonNullable<Extract<SuccessView, { state: 'ready' }>['contacts']>[number];

/** Contacts whose open tickets are loaded with the page; the rest are listed without them. */
export const CONTACTS_WITH_TICKETS = 10;

const ROLE_ORDER = ['champion', 'executive', 'admin', 'user', 'other'] as const;

export interface ContactRow {
  id: string;
  name: string;
  role: TagModel;
  status: TagModel;
  lastEngaged: string;
  lastEngagedAt: string | null;
}

export function contactRows(contacts: readonly AccountContact[], now: number, locale = DEFAULT_LOCALE): ContactRow[] {
  const w = WORDING.contact;
  const at = (c: AccountContact) => (c.lastEngagedAt ? Date.parse(c.lastEngagedAt) : Number.NEGATIVE_INFINITY);
  return [...contacts]
    .sort((a, b) => Number(b.active) - Number(a.active) || ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) || at(b) - at(a) || a.id.localeCompare(b.id))
    .map((c) => ({
      id: c.id,
      name: contactLabel(c),
      role: { ...ROLE_LABELS[c.role] },
      status: c.active ? { text: w.active, tone: 'success' } : { text: w.left, tone: 'danger' },
      lastEngaged: c.lastEngagedAt ? relativeTime(c.lastEngagedAt, now, WORDING.common.justNow, locale) : w.neverEngaged,
      lastEngagedAt: c.lastEngagedAt,
    }));
}
