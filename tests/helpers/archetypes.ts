// Hand-built archetype accounts for engine tests (not the synthetic generator, which changes
// elsewhere): what a CSM meets in a real portfolio.
import type { AccountSnapshotInput } from '../../server/domain/snapshot.ts';
import { AS_OF, daysAgo, healthyInput } from './snapshots.ts';

type TicketInput = NonNullable<AccountSnapshotInput['tickets']>[number];

export function ticket(id: string, opts: { daysAgo: number; closedAfterDays?: number | null; type?: TicketInput['type']; priority?: TicketInput['priority']; subject?: string; texts?: string[] }): TicketInput {
  const open = opts.closedAfterDays === null || opts.closedAfterDays === undefined;
  return {
    id,
    createdAt: daysAgo(opts.daysAgo),
    closedAt: open ? null : daysAgo(opts.daysAgo - opts.closedAfterDays!),
    type: opts.type ?? 'how_to',
    priority: opts.priority ?? 'low',
    subject: opts.subject ?? 'Question',
    messages: (opts.texts ?? []).map((text, i) => ({ at: daysAgo(Math.max(0, opts.daysAgo - i)), from: 'customer' as const, text })),
  };
}

/** Closed light tickets spread over the last year: a usual rate of its own. */
export function history(prefix: string, count: number, everyDays = 30, type: TicketInput['type'] = 'how_to'): TicketInput[] {
  return Array.from({ length: count }, (_, i) => ticket(`${prefix}-${i}`, { daysAgo: 15 + i * everyDays, closedAfterDays: 2, type, priority: 'low', subject: 'How do I …?', texts: ['How do I export a report?', 'Thanks, works now'] }));
}

export function healthy(): AccountSnapshotInput {
  const input = healthyInput();
  input.tickets = history('h', 10, 30);
  input.objectives = [{ id: 'o-1', statement: 'Minimise the time it takes to close the month', metric: 'days', current: 4, target: 2, importance: 7, satisfaction: 6, status: 'open', dueDate: '2027-02-01' }];
  return input;
}

/** Four urgent outages open for months, the champion gone, a third of the seats unused. */
export function burdened(): AccountSnapshotInput {
  const input = healthyInput();
  input.account = { ...input.account, id: 'a-burdened', name: 'Burdened Co' };
  input.usage = { activeUsers: 60, history: [{ date: '2026-05-01', activeUsers: 62 }, { date: '2026-10-01', activeUsers: 60 }] };
  input.tickets = [
    ...history('b', 6, 45),
    ...[120, 100, 80, 60].map((d, i) => ticket(`o-${i}`, { daysAgo: d, type: 'outage', priority: 'urgent', subject: `Outage ${i + 1}`, texts: ['The service is down for everyone.'] })),
  ];
  input.contacts = [
    { id: 'p-1', name: 'Dana', role: 'champion', active: false, lastEngagedAt: daysAgo(90) },
    { id: 'p-2', name: 'Eve', role: 'executive', active: true, lastEngagedAt: daysAgo(40) },
  ];
  return input;
}

/** A customer of 20 days: onboarding, a few questions, no meeting yet. */
export function newCustomer(): AccountSnapshotInput {
  return {
    asOf: AS_OF,
    account: { id: 'a-new', name: 'New Co', crm: 'sandbox', licensedSeats: 40, renewalDate: '2027-10-12', customerSince: daysAgo(20).slice(0, 10) },
    usage: { activeUsers: 12, history: [{ date: daysAgo(14).slice(0, 10), activeUsers: 5 }] },
    tickets: [5, 9, 14].map((d, i) => ticket(`n-${i}`, { daysAgo: d, closedAfterDays: 1, subject: 'How do I invite users?', texts: ['How do I invite my team?', 'Thanks'] })),
    contacts: [{ id: 'p-n', name: 'Nia', role: 'champion', active: true, lastEngagedAt: daysAgo(20) }],
    engagements: [],
    objectives: [],
  };
}

/** 4,000 users, an urgent outage open 10 days. */
export function huge(): AccountSnapshotInput {
  const input = healthyInput();
  input.account = { ...input.account, id: 'a-huge', name: 'Huge Co', licensedSeats: 4500 };
  input.usage = { activeUsers: 4000, history: [{ date: '2026-05-01', activeUsers: 3950 }, { date: '2026-09-01', activeUsers: 4000 }] };
  input.tickets = [...history('g', 12, 20), ticket('x-1', { daysAgo: 10, type: 'outage', priority: 'urgent', subject: 'Reports down', texts: ['Reports are down for all our users.'] })];
  input.objectives = [{ id: 'o-g', statement: 'Minimise the time it takes to publish the weekly report', importance: 8, satisfaction: 5, status: 'open' }];
  return input;
}

/** Three seats, two users, one question. */
export function tiny(): AccountSnapshotInput {
  return {
    asOf: AS_OF,
    account: { id: 'a-tiny', name: 'Tiny Co', crm: 'sandbox', licensedSeats: 3, renewalDate: '2027-01-20', customerSince: '2024-02-01' },
    usage: { activeUsers: 2, history: [{ date: '2026-08-01', activeUsers: 2 }] },
    tickets: [ticket('t-1', { daysAgo: 12, closedAfterDays: 1, subject: 'Invoice address', type: 'billing', texts: ['Please change the invoice address.'] })],
    contacts: [{ id: 'p-t', name: 'Tom', role: 'champion', active: true, lastEngagedAt: daysAgo(70) }],
    engagements: [{ at: daysAgo(70), kind: 'call' }],
    objectives: [],
  };
}

/** Steady usage, no tickets, no meeting for 200 days. */
export function silent(): AccountSnapshotInput {
  return {
    asOf: AS_OF,
    account: { id: 'a-silent', name: 'Silent Co', crm: 'sandbox', licensedSeats: 50, renewalDate: '2027-02-15', customerSince: '2022-06-01' },
    usage: { activeUsers: 30, history: [{ date: '2026-05-01', activeUsers: 31 }] },
    tickets: [],
    contacts: [{ id: 'p-s', name: 'Sam', role: 'champion', active: true, lastEngagedAt: daysAgo(200) }],
    engagements: [{ at: daysAgo(200), kind: 'meeting' }],
    objectives: [],
  };
}

/** Nothing but a name. */
export function noData(): AccountSnapshotInput {
  return { asOf: AS_OF, account: { id: 'a-none', name: 'Unknown Co', crm: 'sandbox' } };
}

export const ARCHETYPES = { healthy, burdened, newCustomer, huge, tiny, silent, noData } as const;
