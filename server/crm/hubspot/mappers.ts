// HubSpot records → the canonical AccountSnapshot. Pure; the mapping says which property means
// what (docs/hubspot-mapping.md). Values HubSpot may hold in other shapes are read leniently:
// dates as `YYYY-MM-DD`, ISO or epoch ms; numbers as numeric strings; blanks as absent.
import type { AccountSnapshotInput, ContactRole, TicketPriority, TicketType } from '../../domain/snapshot.ts';
import type { HubSpotMapping } from './mapping.ts';
import type { EngagementType, NativeAccount, NativeObject } from './native.ts';

type Props = NativeObject['properties'];

function text(props: Props, name: string): string | undefined {
  const v = props[name];
  return v === null || v === undefined || v.trim() === '' ? undefined : v;
}

function count(props: Props, name: string): number | undefined {
  const v = text(props, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? Math.round(n) : undefined;
}

function amount(props: Props, name: string): number | undefined {
  const v = text(props, name);
  const n = v === undefined ? NaN : Number(v);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** An instant as ISO 8601 from a HubSpot datetime/date value (ISO string or epoch ms). */
export function instant(value: string | undefined | null): string | undefined {
  if (value === undefined || value === null || value.trim() === '') return undefined;
  if (/^\d{10,}$/.test(value)) return new Date(Number(value)).toISOString();
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function date(value: string | undefined): string | undefined {
  return instant(value)?.slice(0, 10);
}

const PRIORITIES: Record<string, TicketPriority> = { URGENT: 'urgent', HIGH: 'high', MEDIUM: 'medium', LOW: 'low' };
const ROLES = new Set<ContactRole>(['champion', 'executive', 'admin', 'user', 'other']);
const ENGAGEMENT_KIND: Record<EngagementType, 'meeting' | 'call' | 'note' | 'email'> = { meetings: 'meeting', calls: 'call', notes: 'note', emails: 'email' };

export function ticketType(props: Props, mapping: HubSpotMapping): TicketType {
  if (text(props, mapping.ticket.outageFlag) === 'true') return 'outage';
  const subject = (text(props, 'subject') ?? '').toLowerCase();
  if (mapping.ticket.outageKeywords.some((k) => subject.includes(k.toLowerCase()))) return 'outage';
  const category = text(props, 'hs_ticket_category');
  return (category && mapping.ticket.categories[category]) || 'other';
}

function ticketOf({ ticket, emails }: NativeAccount['tickets'][number], mapping: HubSpotMapping) {
  const p = ticket.properties;
  const createdAt = instant(text(p, 'createdate')) ?? new Date(0).toISOString();
  const messages = emails
    .map((e) => ({ at: instant(text(e.properties, 'hs_timestamp')), from: text(e.properties, 'hs_email_direction') === 'INCOMING_EMAIL' ? ('customer' as const) : ('agent' as const), text: text(e.properties, 'hs_email_text') ?? '' }))
    .filter((m): m is { at: string; from: 'customer' | 'agent'; text: string } => m.at !== undefined)
    .sort((a, b) => a.at.localeCompare(b.at));
  const content = text(p, 'content');
  if (messages.length === 0 && content) messages.push({ at: createdAt, from: 'customer', text: content });
  return {
    id: ticket.id,
    createdAt,
    closedAt: instant(text(p, 'closed_date')) ?? null,
    type: ticketType(p, mapping),
    priority: PRIORITIES[text(p, 'hs_ticket_priority') ?? ''] ?? 'medium',
    subject: text(p, 'subject') ?? '',
    messages,
  };
}

/**
 * A count property's history as one value per day, sorted by date: the newest value of a day wins
 * (by timestamp, whatever order the list comes in; HubSpot sends newest first); blank (a cleared
 * value), non-numeric and negative values are skipped.
 */
function dailyCounts(company: NativeObject, property: string): Array<{ date: string; value: number }> {
  const byDay = new Map<string, { at: string; value: number }>();
  for (const item of company.propertiesWithHistory?.[property] ?? []) {
    const at = instant(item.timestamp);
    const n = item.value === null || item.value === undefined || item.value.trim() === '' ? NaN : Number(item.value);
    if (!at || !Number.isFinite(n) || n < 0) continue;
    const day = at.slice(0, 10);
    const seen = byDay.get(day);
    if (!seen || at > seen.at) byDay.set(day, { at, value: Math.round(n) });
  }
  return [...byDay].map(([date, { value }]) => ({ date, value })).sort((a, b) => a.date.localeCompare(b.date));
}

export function contactOf(p: NativeObject, mapping: HubSpotMapping) {
  const role = text(p.properties, mapping.contact.role) as ContactRole | undefined;
  const name = [text(p.properties, 'firstname'), text(p.properties, 'lastname')].filter(Boolean).join(' ');
  return {
    id: p.id,
    ...(name ? { name } : {}),
    role: role && ROLES.has(role) ? role : ('other' as const),
    active: text(p.properties, mapping.contact.leftCompany) !== 'true',
    lastEngagedAt: instant(text(p.properties, mapping.contact.lastEngaged)) ?? null,
  };
}

/** A ticket as the cards list it (no thread: the contact card shows subjects only). */
export function ticketSummaryOf(ticket: NativeObject, mapping: HubSpotMapping) {
  const p = ticket.properties;
  return {
    id: ticket.id,
    subject: text(p, 'subject') ?? '',
    type: ticketType(p, mapping),
    priority: PRIORITIES[text(p, 'hs_ticket_priority') ?? ''] ?? ('medium' as const),
    createdAt: instant(text(p, 'createdate')) ?? new Date(0).toISOString(),
    closedAt: instant(text(p, 'closed_date')) ?? null,
  };
}

export function toSnapshot(native: NativeAccount, mapping: HubSpotMapping, asOf: string): AccountSnapshotInput {
  const c = native.company.properties;
  const m = mapping.company;
  const renewals = native.deals
    .filter((d) => mapping.renewalDealTypes.includes(text(d.properties, 'dealtype') ?? ''))
    .flatMap((d) => {
      const closeDate = date(text(d.properties, 'closedate'));
      if (!closeDate) return [];
      const stage = text(d.properties, 'dealstage');
      return [{ id: d.id, closeDate, amount: amount(d.properties, 'amount') ?? null, outcome: stage === 'closedwon' ? ('won' as const) : stage === 'closedlost' ? ('lost' as const) : ('open' as const) }];
    });
  const nextOpenRenewal = renewals.filter((r) => r.outcome === 'open' && r.closeDate >= asOf.slice(0, 10)).sort((a, b) => a.closeDate.localeCompare(b.closeDate))[0];
  const since = date(text(c, m.customerSince));
  const accountContacts = new Set(native.contacts.map((p) => p.id));
  return {
    asOf,
    account: {
      id: native.company.id,
      name: text(c, 'name') ?? `Company ${native.company.id}`,
      crm: 'hubspot',
      segment: text(c, m.segment),
      industry: text(c, 'industry'),
      licensedSeats: count(c, m.licensedSeats) ?? null,
      arr: amount(c, m.arr) ?? null,
      currency: mapping.currency,
      renewalDate: date(text(c, m.renewalDate)) ?? nextOpenRenewal?.closeDate ?? null,
      ownerId: text(c, 'hubspot_owner_id'),
      ...(since ? { customerSince: since } : {}),
    },
    usage: {
      activeUsers: count(c, m.activeUsers) ?? null,
      logins30d: count(c, m.logins30d) ?? null,
      history: dailyCounts(native.company, m.activeUsers).map((p) => ({ date: p.date, activeUsers: p.value })),
      loginHistory: dailyCounts(native.company, m.logins30d).map((p) => ({ date: p.date, logins30d: p.value })),
    },
    tickets: native.tickets.map((t) => ticketOf(t, mapping)),
    contacts: native.contacts.map((p) => contactOf(p, mapping)),
    engagements: native.engagements.flatMap(({ type, record, contactIds }) => {
      const at = instant(text(record.properties, 'hs_timestamp'));
      if (!at) return [];
      // Only this account's contacts: an attendee from another company is not one of them.
      return [{ at, kind: ENGAGEMENT_KIND[type], ...(contactIds ? { contactIds: [...new Set(contactIds)].filter((id) => accountContacts.has(id)) } : {}) }];
    }),
    renewals,
    objectives: [],
  };
}
