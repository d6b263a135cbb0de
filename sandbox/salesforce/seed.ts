// Seeds an org from the synthetic generator in Salesforce's native shape (docs/salesforce-mapping.md):
// Accounts with usage fields and monthly Usage_Snapshot__c rows, Contacts with a role field, Cases
// whose threads are EmailMessages (Origin "Email", Incoming tells the customer) or CaseComments
// (Origin "Web": customers write through a portal user with a ContactId, agents are Standard users,
// and internal notes are unpublished), renewal Opportunities next to the original New Customer one,
// and Tasks/Events (older than a year archived: only queryAll sees them) whose WhoId is the first of
// the engagement's contacts when the snapshot names them, and (Shared Activities on) whose
// TaskWhoRelation/EventWhoRelation rows name every one of them.
import type { AccountSnapshot } from '../../server/domain/snapshot.ts';
import { generatePortfolio } from '../../server/synthetic/portfolio.ts';
import { DAY_MS, instantOf, sfDate, sfDateTime } from './clock.ts';
import type { OrgStore } from './store.ts';

export interface SeedOptions {
  seed: string;
  accounts: number;
  asOf: string;
  ticketsPerAccount?: number;
}

export interface SeededOrg {
  options: SeedOptions;
  accountIds: string[];
  cache?: Array<{ accountId: string; snapshot: AccountSnapshot }>;
}

type Snapshot = AccountSnapshot;
type SnapshotTicket = Snapshot['tickets'][number];

const INDUSTRY: Record<string, string> = {
  software: 'Technology', logistics: 'Transportation', healthcare: 'Healthcare', 'food & beverage': 'Food & Beverage',
  'life sciences': 'Biotechnology', 'professional services': 'Consulting', manufacturing: 'Manufacturing', media: 'Media',
  energy: 'Energy', retail: 'Retail', 'financial services': 'Finance', telecommunications: 'Telecommunications',
};
const CASE_TYPE: Record<SnapshotTicket['type'], string | null> = { outage: 'Outage', bug: 'Bug', billing: 'Billing', how_to: 'How-To', feature_request: 'Feature Request', other: null };
const PRIORITY: Record<SnapshotTicket['priority'], string> = { urgent: 'Critical', high: 'High', medium: 'Medium', low: 'Low' };
const ROLE: Record<Snapshot['contacts'][number]['role'], string | null> = { champion: 'Champion', executive: 'Executive Sponsor', admin: 'Admin', user: 'User', other: null };
const STAGE = { open: 'Negotiation/Review', won: 'Closed Won', lost: 'Closed Lost' } as const;
const OWNERS = 12;
const AGENTS = 4;

export interface OrgUsers {
  owners: string[];
  agents: string[];
}

function portfolio(options: SeedOptions): Generator<{ snapshot: AccountSnapshot }> {
  return generatePortfolio({ seed: options.seed, accounts: options.accounts, asOf: options.asOf, ticketsPerAccount: options.ticketsPerAccount });
}

function ascii(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/** The org's users: the integration (API) user, account owners and support agents. */
export function seedUsers(org: OrgStore, domain: string, at: number): OrgUsers {
  const api = org.insert('User', { Name: 'Success Sidecar Integration', Username: `integration@${domain}`, Email: `integration@${domain}`, UserType: 'Standard', IsActive: true }, at, at);
  org.apiUserId = api.Id;
  org.username = `integration@${domain}`;
  api.CreatedById = api.Id;
  const user = (name: string, local: string): string =>
    org.insert('User', { Name: name, Username: `${local}@${domain}`, Email: `${local}@${domain}`, UserType: 'Standard', IsActive: true }, at, at).Id;
  return {
    owners: Array.from({ length: OWNERS }, (_, i) => user(`CSM ${i + 1}`, `csm${i + 1}`)),
    agents: Array.from({ length: AGENTS }, (_, i) => user(`Support Agent ${i + 1}`, `agent${i + 1}`)),
  };
}

export function seedOrg(org: OrgStore, users: OrgUsers, options: SeedOptions, seededAt: number): SeededOrg {
  const asOfMs = Date.parse(options.asOf);
  const accountIds: string[] = [];
  for (const { snapshot } of portfolio(options)) accountIds.push(seedAccount(org, users, snapshot, asOfMs, seededAt));
  return { options, accountIds };
}

export function seededSnapshots(seeded: SeededOrg): Array<{ accountId: string; snapshot: AccountSnapshot }> {
  if (!seeded.cache) {
    let i = 0;
    seeded.cache = [...portfolio(seeded.options)].map(({ snapshot }) => ({ accountId: seeded.accountIds[i++] as string, snapshot }));
  }
  return seeded.cache;
}

/** One account → its Account and everything related to it; returns the Account id. */
export function seedAccount(org: OrgStore, users: OrgUsers, s: Snapshot, asOfMs: number, seededAt: number): string {
  const a = s.account;
  const domain = `${ascii(a.name)}.com`;
  const sinceMs = a.customerSince ? instantOf(a.customerSince) : asOfMs - 365 * DAY_MS;
  const ownerIndex = Number(/(\d+)$/.exec(a.ownerId ?? '')?.[1] ?? 1) - 1;
  const account = org.insert('Account', {
    Name: a.name, Type: 'Customer - Direct', Industry: a.industry ? (INDUSTRY[a.industry] ?? 'Other') : null, Website: `https://www.${domain}`,
    OwnerId: users.owners[ownerIndex % OWNERS], Customer_Segment__c: a.segment ?? null, Customer_Since__c: a.customerSince?.slice(0, 10) ?? null,
    Renewal_Date__c: a.renewalDate?.slice(0, 10) ?? null, ARR__c: a.arr ?? null, Licensed_Seats__c: a.licensedSeats ?? null,
    Active_Users__c: s.usage.activeUsers ?? null, Logins_Last_30_Days__c: s.usage.logins30d ?? null,
  }, sinceMs, seededAt);
  seedUsageSnapshots(org, s, account.Id, seededAt);
  const contacts = seedContacts(org, s, account.Id, domain, sinceMs, asOfMs, seededAt);
  const portalUser = contacts[0] ? org.insert('User', {
    Name: contacts[0].name, Username: `${contacts[0].email}.portal`, Email: contacts[0].email, UserType: 'PowerCustomerSuccess', IsActive: true, ContactId: contacts[0].id,
  }, sinceMs, seededAt).Id : undefined;
  s.tickets.forEach((t, i) => seedCase(org, users, t, i, { accountId: account.Id, contact: contacts[0], portalUser }, seededAt));
  seedOpportunities(org, s, account.Id, sinceMs, asOfMs, seededAt);
  const contactBySnapshotId = new Map(s.contacts.map((c, i) => [c.id, contacts[i]?.id]));
  for (const e of s.engagements) {
    const at = Date.parse(e.at);
    // The primary contact: the first of the engagement's contacts (WhoId holds one person); with
    // Shared Activities every one of them is named (TaskWhoIds/EventWhoIds → the relation rows).
    const people = (e.contactIds ?? []).flatMap((id) => contactBySnapshotId.get(id) ?? []);
    const whoId = people[0] ?? null;
    const shared = org.object(e.kind === 'meeting' ? 'Event' : 'Task').fields.has(e.kind === 'meeting' ? 'eventwhoids' : 'taskwhoids');
    const named = shared && people.length > 0 ? { [e.kind === 'meeting' ? 'EventWhoIds' : 'TaskWhoIds']: people } : {};
    const common = { AccountId: account.Id, WhatId: account.Id, WhoId: whoId, ...named, ActivityDate: sfDate(at), IsArchived: at < asOfMs - 365 * DAY_MS };
    if (e.kind === 'meeting') {
      org.insert('Event', { ...common, Subject: `Check-in with ${a.name}`, ActivityDateTime: sfDateTime(at), DurationInMinutes: 30, EventSubtype: 'Event' }, at, seededAt);
    } else {
      const subtype = e.kind === 'call' ? 'Call' : e.kind === 'email' ? 'Email' : 'Task';
      const subject = e.kind === 'call' ? `Call with ${a.name}` : e.kind === 'email' ? `Email: Following up — ${a.name}` : `Note: account review for ${a.name}`;
      org.insert('Task', { ...common, Subject: subject, Status: 'Completed', IsClosed: true, TaskSubtype: subtype }, at, seededAt);
    }
  }
  return account.Id;
}

/**
 * One Usage_Snapshot__c row per date of the snapshot's usage and login histories: active users and
 * logins of the same date share a row; a date only one history has leaves the other field empty. An
 * org whose object lacks Logins__c (OrgOptions.withoutFields) gets no logins.
 */
function seedUsageSnapshots(org: OrgStore, s: Snapshot, accountId: string, seededAt: number): void {
  const hasLogins = org.object('Usage_Snapshot__c').fields.has('logins__c');
  const rows = new Map<string, { Active_Users__c: number | null; Logins__c?: number | null }>();
  const row = (date: string) => {
    const day = date.slice(0, 10);
    let r = rows.get(day);
    if (!r) rows.set(day, (r = hasLogins ? { Active_Users__c: null, Logins__c: null } : { Active_Users__c: null }));
    return r;
  };
  for (const p of s.usage.history) row(p.date).Active_Users__c = p.activeUsers;
  if (hasLogins) for (const p of s.usage.loginHistory) row(p.date).Logins__c = p.logins30d;
  for (const [day, values] of rows) org.insert('Usage_Snapshot__c', { Account__c: accountId, Snapshot_Date__c: day, ...values }, instantOf(day), seededAt);
}

function seedContacts(org: OrgStore, s: Snapshot, accountId: string, domain: string, sinceMs: number, asOfMs: number, seededAt: number): Array<{ id: string; name: string; email: string }> {
  const used = new Set<string>();
  return s.contacts.map((c, i) => {
    const [first = '', ...rest] = (c.name ?? '').split(' ');
    const last = rest.join(' ') || `Contact ${i + 1}`;
    let local = [ascii(first), ascii(last)].filter(Boolean).join('.') || `contact${i + 1}`;
    if (used.has(local)) local = `${local}${i + 1}`;
    used.add(local);
    const email = `${local}@${domain}`;
    const record = org.insert('Contact', {
      AccountId: accountId, FirstName: first || null, LastName: last, Name: [first, last].filter(Boolean).join(' '), Email: email,
      Success_Role__c: ROLE[c.role], Left_Company__c: !c.active, LastActivityDate: c.lastEngagedAt ? c.lastEngagedAt.slice(0, 10) : null,
    }, Math.min(sinceMs + i * 7 * DAY_MS, asOfMs), seededAt);
    return { id: record.Id, name: String(record.Name), email };
  });
}

interface CaseParties {
  accountId: string;
  contact: { id: string; email: string } | undefined;
  portalUser: string | undefined;
}

function seedCase(org: OrgStore, users: OrgUsers, t: SnapshotTicket, index: number, p: CaseParties, seededAt: number): void {
  const closed = t.closedAt != null;
  const last = t.messages.at(-1)?.from;
  const byEmail = index % 2 === 0 || !p.portalUser;
  const agent = users.agents[index % AGENTS] as string;
  const createdAt = Date.parse(t.createdAt);
  const record = org.insert('Case', {
    AccountId: p.accountId, ContactId: p.contact?.id ?? null, CaseNumber: String(org.table('Case').size + 1).padStart(8, '0'), Subject: t.subject,
    Description: t.messages.find((m) => m.from === 'customer')?.text ?? null, Type: CASE_TYPE[t.type], Priority: PRIORITY[t.priority],
    Status: closed ? 'Closed' : last === 'agent' ? 'Waiting on Customer' : t.messages.length > 1 ? 'Working' : 'New',
    Origin: byEmail ? 'Email' : 'Web', CreatedById: p.portalUser && !byEmail ? p.portalUser : org.apiUserId, IsClosed: closed, ClosedDate: closed && t.closedAt ? sfDateTime(Date.parse(t.closedAt)) : null,
  }, createdAt, seededAt);
  for (const m of t.messages) {
    const at = Date.parse(m.at);
    const customer = m.from === 'customer';
    if (byEmail) {
      org.insert('EmailMessage', {
        ParentId: record.Id, Subject: t.subject, TextBody: m.text, Incoming: customer, MessageDate: sfDateTime(at), Status: customer ? '1' : '3',
        CreatedById: customer ? org.apiUserId : agent,
        FromAddress: customer ? (p.contact?.email ?? 'customer@example.com') : 'support@success-sandbox.example', ToAddress: customer ? 'support@success-sandbox.example' : (p.contact?.email ?? 'customer@example.com'),
      }, at, seededAt);
    } else {
      org.insert('CaseComment', { ParentId: record.Id, CommentBody: m.text, IsPublished: true, CreatedById: customer ? p.portalUser : agent }, at, seededAt);
    }
  }
  if (!byEmail && closed && t.closedAt) {
    org.insert('CaseComment', { ParentId: record.Id, CommentBody: 'Internal: resolution confirmed, root cause logged.', IsPublished: false, CreatedById: agent }, Date.parse(t.closedAt), seededAt);
  }
}

function seedOpportunities(org: OrgStore, s: Snapshot, accountId: string, sinceMs: number, asOfMs: number, seededAt: number): void {
  const name = s.account.name;
  const opp = (values: Record<string, unknown>, closeMs: number, lead: number, stage: string): void => {
    const createdAt = Math.min(Math.max(closeMs - lead, sinceMs - 60 * DAY_MS), asOfMs);
    org.insert('Opportunity', { AccountId: accountId, ...values, StageName: stage, CloseDate: sfDate(closeMs), IsClosed: stage.startsWith('Closed'), IsWon: stage === 'Closed Won' }, createdAt, seededAt);
  };
  opp({ Name: `${name} — new business`, Type: 'New Customer', Amount: s.account.arr ?? null }, sinceMs, 45 * DAY_MS, 'Closed Won');
  for (const r of s.renewals) {
    opp({ Name: `${name} — renewal ${r.closeDate.slice(0, 4)}`, Type: 'Renewal', Amount: r.amount ?? null }, instantOf(r.closeDate), 90 * DAY_MS, STAGE[r.outcome]);
  }
}
