// Seeds a portal from the synthetic generator in HubSpot's native shape (docs/hubspot-mapping.md):
// companies with the custom inputs and the `active_users` and `logins_last_30_days` histories,
// contacts, tickets whose threads are associated emails, renewal deals (plus the original
// new-business deal), and engagements, each associated with the contacts who took part.
import type { AccountSnapshot } from '../../server/domain/snapshot.ts';
import { generatePortfolio } from '../../server/synthetic/portfolio.ts';
import { DAY_MS, iso } from './clock.ts';
import type { ObjectType } from './object-types.ts';
import { INDUSTRY_CODES, ownerIdFor } from './property-defs.ts';
import type { HistoryEntry, PortalStore } from './store.ts';

export interface SeedOptions {
  seed: string;
  accounts: number;
  asOf: string;
  ticketsPerAccount?: number;
}

type Snapshot = AccountSnapshot;
type SnapshotTicket = Snapshot['tickets'][number];

const CATEGORY: Record<SnapshotTicket['type'], string | undefined> = {
  outage: 'PRODUCT_ISSUE',
  bug: 'PRODUCT_ISSUE',
  billing: 'BILLING_ISSUE',
  feature_request: 'FEATURE_REQUEST',
  how_to: 'GENERAL_INQUIRY',
  other: undefined,
};

const DIRECTION = { customer: 'INCOMING_EMAIL', agent: 'EMAIL' } as const;
const ENGAGEMENT_TYPE: Record<Snapshot['engagements'][number]['kind'], ObjectType> = { meeting: 'meetings', call: 'calls', email: 'emails', note: 'notes' };
const USAGE_SOURCE = { sourceType: 'INTEGRATION', sourceId: 'usage-sync' } as const;

export function domainFor(name: string): string {
  return `${name.toLowerCase().replace(/[^a-z0-9]+/g, '')}.com`;
}

function ascii(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '');
}

function dayMs(date: string): number {
  return Date.parse(date.length === 10 ? `${date}T00:00:00Z` : date);
}

export interface SeededPortal {
  options: SeedOptions;
  /** Company id of each generated account, in generation order. */
  companyIds: number[];
  /** The snapshots, regenerated (deterministically) on first request rather than kept from seeding. */
  cache?: Array<{ companyId: string; snapshot: AccountSnapshot }>;
}

function portfolio(options: SeedOptions): Generator<{ snapshot: AccountSnapshot }> {
  return generatePortfolio({ seed: options.seed, accounts: options.accounts, asOf: options.asOf, ticketsPerAccount: options.ticketsPerAccount });
}

/** Seeds every account of the portfolio; seeded records were last modified at `seededAt`. */
export function seedPortal(store: PortalStore, options: SeedOptions, seededAt: number): SeededPortal {
  const asOfMs = Date.parse(options.asOf);
  const companyIds: number[] = [];
  for (const { snapshot } of portfolio(options)) companyIds.push(seedAccount(store, snapshot, asOfMs, seededAt));
  return { options, companyIds };
}

/** What each company was generated from (snapshot ids are the generator's, not HubSpot's). */
export function seededSnapshots(seeded: SeededPortal): Array<{ companyId: string; snapshot: AccountSnapshot }> {
  if (!seeded.cache) {
    const out: Array<{ companyId: string; snapshot: AccountSnapshot }> = [];
    let i = 0;
    for (const { snapshot } of portfolio(seeded.options)) out.push({ companyId: String(seeded.companyIds[i++]), snapshot });
    seeded.cache = out;
  }
  return seeded.cache;
}

/** One account → its company and everything associated with it; returns the company id. */
export function seedAccount(store: PortalStore, s: Snapshot, asOfMs: number, seededAt: number): number {
  const a = s.account;
  const domain = domainFor(a.name);
  const sinceMs = a.customerSince ? dayMs(a.customerSince) : asOfMs - 365 * DAY_MS;
  const props: Record<string, string> = { name: a.name, domain, lifecyclestage: 'customer' };
  const industry = a.industry ? INDUSTRY_CODES[a.industry] : undefined;
  if (industry) props.industry = industry;
  if (a.segment) props.customer_segment = a.segment;
  if (a.licensedSeats != null) props.licensed_seats = String(a.licensedSeats);
  if (s.usage.activeUsers != null) props.active_users = String(s.usage.activeUsers);
  if (s.usage.logins30d != null) props.logins_last_30_days = String(s.usage.logins30d);
  if (a.arr != null) props.arr = String(a.arr);
  if (a.renewalDate) props.renewal_date = a.renewalDate.slice(0, 10);
  props.hs_lifecyclestage_customer_date = iso(sinceMs);
  const owner = ownerIdFor(a.ownerId);
  if (owner) props.hubspot_owner_id = owner;
  const company = store.create('companies', props, sinceMs, seededAt);

  // Usage as HubSpot keeps it: the current value (as of the snapshot) heads each property's history,
  // followed by the snapshot's earlier points.
  const history: Record<string, HistoryEntry[]> = {};
  const activeUsers = countHistory(s.usage.activeUsers, s.usage.history.map((p) => ({ date: p.date, value: p.activeUsers })), asOfMs);
  if (activeUsers.length > 0) history.active_users = activeUsers;
  const logins = countHistory(s.usage.logins30d, s.usage.loginHistory.map((p) => ({ date: p.date, value: p.logins30d })), asOfMs);
  if (logins.length > 0) history.logins_last_30_days = logins;
  if (Object.keys(history).length > 0) company.history = history;

  const contactIds = seedContacts(store, s, company.id, domain, sinceMs, asOfMs, seededAt);
  for (const t of s.tickets) seedTicket(store, t, company.id, seededAt);
  seedDeals(store, s, company.id, sinceMs, asOfMs, seededAt);
  for (const e of s.engagements) {
    const type = ENGAGEMENT_TYPE[e.kind];
    const record = store.create(type, engagementProps(type, e.at, a.name), Date.parse(e.at), seededAt);
    store.associate('companies', company.id, type, record.id);
    // Who took part, as HubSpot links them: the engagement with each contact.
    for (const id of new Set(e.contactIds ?? [])) {
      const contactId = contactIds.get(id);
      if (contactId === undefined) throw new Error(`${a.name}: a ${e.kind} at ${e.at} names contact ${id}, which the account does not have`);
      store.associate(type, record.id, 'contacts', contactId);
    }
  }
  return company.id;
}

/**
 * A count property's history, newest first: the current value at `asOfMs`, then the points before it
 * (at midnight UTC of their day). Points without a current value: the newest entry is a blank at
 * `asOfMs`, as HubSpot records a cleared value.
 */
function countHistory(current: number | null | undefined, points: Array<{ date: string; value: number }>, asOfMs: number): HistoryEntry[] {
  const earlier = points.map((p) => ({ at: dayMs(p.date), value: p.value })).filter((p) => p.at < asOfMs).sort((x, y) => y.at - x.at);
  if (current == null && earlier.length === 0) return [];
  const out: HistoryEntry[] = [{ value: current == null ? '' : String(current), timestamp: asOfMs, ...USAGE_SOURCE }];
  for (const p of earlier) out.push({ value: String(p.value), timestamp: p.at, ...USAGE_SOURCE });
  return out;
}

/** Seeds the account's contacts; returns the HubSpot id of each snapshot contact id. */
function seedContacts(store: PortalStore, s: Snapshot, companyId: number, domain: string, sinceMs: number, asOfMs: number, seededAt: number): Map<string, number> {
  const used = new Set<string>();
  const ids = new Map<string, number>();
  s.contacts.forEach((c, i) => {
    const [first = '', ...rest] = (c.name ?? '').split(' ');
    const last = rest.join(' ');
    let local = [ascii(first), ascii(last)].filter(Boolean).join('.') || `contact${i + 1}`;
    if (used.has(local)) local = `${local}${i + 1}`;
    used.add(local);
    const props: Record<string, string> = {
      firstname: first,
      lastname: last,
      email: `${local}@${domain}`,
      company: s.account.name,
      lifecyclestage: 'customer',
      associatedcompanyid: String(companyId),
      success_left_company: c.active ? 'false' : 'true',
    };
    if (c.role !== 'other') props.success_role = c.role;
    if (c.lastEngagedAt) props.notes_last_contacted = iso(Date.parse(c.lastEngagedAt));
    const createdAt = Math.min(sinceMs + i * 7 * DAY_MS, asOfMs);
    const contact = store.create('contacts', props, createdAt, seededAt);
    store.associate('companies', companyId, 'contacts', contact.id);
    ids.set(c.id, contact.id);
  });
  return ids;
}

export function seedTicket(store: PortalStore, t: SnapshotTicket, companyId: number, modifiedAt: number): number {
  const closed = t.closedAt != null;
  const firstCustomer = t.messages.find((m) => m.from === 'customer');
  const lastFrom = t.messages.at(-1)?.from;
  const props: Record<string, string> = {
    subject: t.subject,
    hs_ticket_priority: t.priority.toUpperCase(),
    hs_pipeline: '0',
    hs_pipeline_stage: closed ? '4' : lastFrom === 'agent' ? '2' : lastFrom === 'customer' && t.messages.length > 1 ? '3' : '1',
  };
  if (firstCustomer) props.content = firstCustomer.text;
  const category = CATEGORY[t.type];
  if (category) props.hs_ticket_category = category;
  if (t.type === 'outage') props.success_outage = 'true';
  // The generator's instants are already HubSpot's format (ISO, UTC, milliseconds): shared, not copied.
  if (closed && t.closedAt) props.closed_date = t.closedAt;
  const ticket = store.create('tickets', props, Date.parse(t.createdAt), modifiedAt);
  store.associate('companies', companyId, 'tickets', ticket.id);
  for (const m of t.messages) {
    const email = store.create(
      'emails',
      { hs_timestamp: m.at, hs_email_text: m.text, hs_email_direction: DIRECTION[m.from], hs_email_status: 'SENT', hs_email_subject: t.subject },
      Date.parse(m.at),
      modifiedAt,
    );
    store.associate('tickets', ticket.id, 'emails', email.id);
  }
  return ticket.id;
}

const STAGE = { open: 'contractsent', won: 'closedwon', lost: 'closedlost' } as const;

function seedDeals(store: PortalStore, s: Snapshot, companyId: number, sinceMs: number, asOfMs: number, seededAt: number): void {
  const name = s.account.name;
  const deal = (props: Record<string, string>, closeMs: number, lead: number): void => {
    const createdAt = Math.min(Math.max(closeMs - lead, sinceMs - 60 * DAY_MS), asOfMs);
    const record = store.create('deals', { pipeline: 'default', ...props, closedate: iso(closeMs) }, createdAt, seededAt);
    store.associate('companies', companyId, 'deals', record.id);
  };
  // The deal that made them a customer: new business, not a renewal (the adapter must filter it out).
  const first: Record<string, string> = { dealname: `${name} — new business`, dealtype: 'newbusiness', dealstage: 'closedwon' };
  if (s.account.arr != null) first.amount = String(s.account.arr);
  deal(first, sinceMs, 45 * DAY_MS);
  for (const r of s.renewals) {
    const closeMs = dayMs(r.closeDate);
    const props: Record<string, string> = { dealname: `${name} — renewal ${r.closeDate.slice(0, 4)}`, dealtype: 'existingbusiness', dealstage: STAGE[r.outcome] };
    if (r.amount != null) props.amount = String(r.amount);
    deal(props, closeMs, 90 * DAY_MS);
  }
}

function engagementProps(type: ObjectType, at: string, company: string): Record<string, string> {
  const ts = at;
  switch (type) {
    case 'meetings':
      return { hs_timestamp: ts, hs_meeting_title: `Check-in with ${company}`, hs_meeting_start_time: ts, hs_meeting_end_time: iso(Date.parse(at) + 1_800_000), hs_meeting_outcome: 'COMPLETED' };
    case 'calls':
      return { hs_timestamp: ts, hs_call_title: `Call with ${company}`, hs_call_direction: 'OUTBOUND', hs_call_status: 'COMPLETED', hs_call_duration: '900000' };
    case 'emails':
      return { hs_timestamp: ts, hs_email_subject: `Following up — ${company}`, hs_email_text: 'Hi team, following up on our last conversation. Let me know if anything is blocking you.', hs_email_direction: 'EMAIL', hs_email_status: 'SENT' };
    default:
      return { hs_timestamp: ts, hs_note_body: `Account review for ${company}.` };
  }
}
