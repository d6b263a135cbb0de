// Who took part in each engagement, the way a CRM records it: a logged meeting, call, email or
// note is associated with one of the account's contacts, or with none (logged on the company
// only). Drawn from the account's own `participants` stream after everything else, so adding it
// changes no other draw. The participant is someone in place at the engagement's date — joined
// by then, not yet left, and not after their own last engagement — so the links never contradict
// the contacts' dates; the champion is met most often. Engagements that already name their
// participants (the people process's sponsor meetings) keep them.
import type { AccountSnapshot, ContactRole } from '../domain/snapshot.ts';
import type { Rng } from './random.ts';

type Contact = AccountSnapshot['contacts'][number];
type Engagement = AccountSnapshot['engagements'][number];

/** Share of engagements logged on the company without a contact. */
const UNLINKED_SHARE = 0.2;

/** How likely each role is to be the one met, relative to the others in place. */
const ROLE_WEIGHT: Readonly<Record<ContactRole, number>> = { champion: 4, admin: 2, executive: 1, user: 1, other: 1 };

const msOf = (iso: string | null | undefined, fallback: number) => (iso ? Date.parse(iso) : fallback);

/** Whether `c` could have taken part in something at `ms` (whoever left last engaged when they left). */
const inPlace = (c: Contact, ms: number) => msOf(c.since, -Infinity) <= ms && msOf(c.lastEngagedAt, -Infinity) >= ms;

export function withParticipants(rng: Rng, engagements: readonly Engagement[], contacts: readonly Contact[]): Engagement[] {
  return engagements.map((e) => {
    if (e.contactIds) return e;
    if (rng.bernoulli(UNLINKED_SHARE)) return { ...e, contactIds: [] };
    const ms = Date.parse(e.at);
    const candidates = contacts.filter((c) => inPlace(c, ms));
    if (candidates.length === 0) {
      rng.next(); // the draw a choice takes, so the engagements after it draw the same
      return { ...e, contactIds: [] };
    }
    const met = rng.weighted(candidates.map((c) => [c, ROLE_WEIGHT[c.role]] as const));
    return { ...e, contactIds: [met.id] };
  });
}

/** The executive contact in place at `ms` (the people process's sponsors never overlap), as ids. */
export function sponsorAt(contacts: readonly Contact[], ms: number): string[] {
  const sponsor = contacts.find((c) => c.role === 'executive' && msOf(c.since, -Infinity) <= ms && (c.active || msOf(c.leftAt, Infinity) >= ms));
  return sponsor ? [sponsor.id] : [];
}
