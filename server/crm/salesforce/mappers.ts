// Salesforce records → the canonical AccountSnapshot. Pure; the mapping says which field means
// what (docs/salesforce-mapping.md). A case thread is its EmailMessages (Incoming = customer) and
// its published CaseComments (written by a portal user, i.e. one with a ContactId = customer);
// unpublished comments are internal notes and never part of the thread.
import type { AccountSnapshotInput, ContactRole, TicketPriority, TicketType } from '../../domain/snapshot.ts';
import type { ContactContext } from '../port.ts';
import type { SalesforceMapping } from './mapping.ts';
import type { NativeBundle, NativeCase, NativeComment, NativeContact, NativeEmail } from './native.ts';

type Fields = Record<string, unknown>;
type Message = { at: string; from: 'customer' | 'agent'; text: string };

/** ISO 8601 (UTC, milliseconds) from a Salesforce datetime ("…T09:30:00.000+0000") or date. */
export function instant(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const text = value.length === 10 ? `${value}T00:00:00Z` : value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

function date(value: unknown): string | undefined {
  return instant(value)?.slice(0, 10);
}

function read(record: Fields, name: string | null): unknown {
  return name === null ? undefined : record[name];
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.round(value) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

export function caseType(record: NativeCase, mapping: SalesforceMapping): TicketType {
  const mapped = record.Type ? mapping.case.types[record.Type] : undefined;
  if (mapped) return mapped;
  const subject = (record.Subject ?? '').toLowerCase();
  return mapping.case.outageKeywords.some((k) => subject.includes(k.toLowerCase())) ? 'outage' : 'other';
}

export function thread(record: NativeCase, emails: NativeEmail[], comments: NativeComment[]): Message[] {
  const messages: Message[] = [];
  for (const e of emails) {
    const at = instant(e.MessageDate);
    if (at) messages.push({ at, from: e.Incoming ? 'customer' : 'agent', text: e.TextBody ?? '' });
  }
  for (const c of comments) {
    if (!c.IsPublished) continue;
    const at = instant(c.CreatedDate);
    if (at) messages.push({ at, from: c.CreatedBy?.ContactId ? 'customer' : 'agent', text: c.CommentBody ?? '' });
  }
  messages.sort((a, b) => a.at.localeCompare(b.at));
  const description = text(record.Description);
  if (messages.length === 0 && description) messages.push({ at: instant(record.CreatedDate) ?? new Date(0).toISOString(), from: 'customer', text: description });
  return messages;
}

function role(value: unknown, mapping: SalesforceMapping): ContactRole {
  return (typeof value === 'string' ? mapping.contact.roles[value] : undefined) ?? 'other';
}

/** The next open renewal's close date: the renewal date when the account field is empty. */
function openRenewalDate(bundle: NativeBundle, mapping: SalesforceMapping): string | undefined {
  const open = bundle.opportunities.filter((o) => !o.IsClosed && o.Type && mapping.renewalOpportunityTypes.includes(o.Type)).map((o) => o.CloseDate).sort();
  return open[0];
}

export function contactOf(c: NativeContact, mapping: SalesforceMapping): { id: string; name?: string; role: ContactRole; active: boolean; lastEngagedAt: string | null } {
  return {
    id: c.Id,
    ...(text(c.Name) ? { name: text(c.Name) } : {}),
    role: role(read(c, mapping.contact.role), mapping),
    active: read(c, mapping.contact.leftCompany) !== true,
    lastEngagedAt: instant(read(c, mapping.contact.lastEngaged)) ?? null,
  };
}

export function casePriority(record: NativeCase, mapping: SalesforceMapping): TicketPriority {
  return (record.Priority ? mapping.case.priorities[record.Priority] : undefined) ?? 'medium';
}

/** A case as the contact card lists it. */
export function caseSummaryOf(record: NativeCase, mapping: SalesforceMapping): ContactContext['openTickets'][number] {
  return {
    id: record.Id,
    subject: record.Subject ?? '',
    type: caseType(record, mapping),
    priority: casePriority(record, mapping),
    createdAt: instant(record.CreatedDate) ?? new Date(0).toISOString(),
    closedAt: record.IsClosed ? (instant(record.ClosedDate) ?? null) : null,
  };
}

/** One point per usage row that has a date and a count in `valueField` (none when the field is not mapped). */
function datedCounts(bundle: NativeBundle, dateField: string, valueField: string | null): Array<{ date: string; value: number }> {
  if (valueField === null) return [];
  return bundle.usage.flatMap((u) => {
    const d = date(u[dateField]);
    const value = count(u[valueField]);
    return d !== undefined && value !== undefined ? [{ date: d, value }] : [];
  });
}

/** Contact ids begin with this key prefix (a Lead's with 00Q). */
const CONTACT_PREFIX = '003';

/**
 * The account's contacts an activity names: its WhoId (the primary person) and, with Shared
 * Activities, everyone else its TaskWhoRelation/EventWhoRelation rows name — only Contacts of this
 * account, WhoId first, the others in id order. A Lead, another account's contact or nobody says
 * nothing about the account's contacts: no field.
 */
function participants(whoId: string | null | undefined, others: readonly string[] | undefined, accountContacts: ReadonlySet<string>): { contactIds?: string[] } {
  const named = [...new Set([...(whoId ? [whoId] : []), ...[...(others ?? [])].sort()])];
  const ids = named.filter((id) => id.startsWith(CONTACT_PREFIX) && accountContacts.has(id));
  return ids.length > 0 ? { contactIds: ids } : {};
}

export function toSnapshot(bundle: NativeBundle, mapping: SalesforceMapping, asOf: string): AccountSnapshotInput {
  const asOfMs = Date.parse(asOf);
  const notAfterAsOf = (at: string | undefined): at is string => at !== undefined && Date.parse(at) <= asOfMs;
  const a = bundle.account;
  const m = mapping.account;
  const h = mapping.usageHistory;
  const accountContacts = new Set(bundle.contacts.map((c) => c.Id));
  const seats = count(read(a, m.licensedSeats));
  const arr = read(a, m.arr);
  return {
    asOf,
    account: {
      id: a.Id,
      name: a.Name,
      crm: 'salesforce',
      ...(text(read(a, m.segment)) ? { segment: text(read(a, m.segment)) } : {}),
      ...(text(a.Industry) ? { industry: text(a.Industry) } : {}),
      licensedSeats: seats ?? null,
      arr: typeof arr === 'number' && arr >= 0 ? arr : null,
      currency: mapping.currency,
      renewalDate: date(read(a, m.renewalDate)) ?? openRenewalDate(bundle, mapping) ?? null,
      ...(text(a.OwnerId) ? { ownerId: text(a.OwnerId) } : {}),
      customerSince: date(read(a, m.customerSince)) ?? date(a.CreatedDate),
    },
    usage: {
      activeUsers: count(read(a, m.activeUsers)) ?? null,
      logins30d: count(read(a, m.logins30d)) ?? null,
      history: h === null ? [] : datedCounts(bundle, h.dateField, h.activeUsersField).map((p) => ({ date: p.date, activeUsers: p.value })),
      loginHistory: h === null ? [] : datedCounts(bundle, h.dateField, h.loginsField).map((p) => ({ date: p.date, logins30d: p.value })),
    },
    tickets: bundle.cases.map(({ record, emails, comments }) => ({
      id: record.Id,
      createdAt: instant(record.CreatedDate) ?? new Date(0).toISOString(),
      closedAt: record.IsClosed ? (instant(record.ClosedDate) ?? null) : null,
      type: caseType(record, mapping),
      priority: casePriority(record, mapping),
      subject: record.Subject ?? '',
      messages: thread(record, emails, comments),
    })),
    contacts: bundle.contacts.map((c) => contactOf(c, mapping)),
    engagements: [
      ...bundle.tasks.flatMap((t) => {
        const kind = t.TaskSubtype ? mapping.engagements.taskSubtypes[t.TaskSubtype] : undefined;
        const at = instant(t.CreatedDate);
        return kind && notAfterAsOf(at) ? [{ at, kind, ...participants(t.WhoId, bundle.people?.get(t.Id), accountContacts) }] : [];
      }),
      ...(mapping.engagements.events
        ? bundle.events.flatMap((e) => {
            const at = instant(e.ActivityDateTime) ?? instant(e.ActivityDate);
            return notAfterAsOf(at) ? [{ at, kind: 'meeting' as const, ...participants(e.WhoId, bundle.people?.get(e.Id), accountContacts) }] : [];
          })
        : []),
    ],
    renewals: bundle.opportunities
      .filter((o) => o.Type && mapping.renewalOpportunityTypes.includes(o.Type))
      .map((o) => ({ id: o.Id, closeDate: o.CloseDate, amount: o.Amount ?? null, outcome: o.IsWon ? ('won' as const) : o.IsClosed ? ('lost' as const) : ('open' as const) })),
    objectives: [],
  };
}
