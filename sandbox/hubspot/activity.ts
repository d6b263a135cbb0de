// Simulated customer activity between two syncs: for a seeded, deterministic sample of companies,
// usage moves (active_users with history), a new ticket arrives with its emails, and one open ticket
// gets a reply (sometimes closing it). Every touched record's last-modified date becomes now.
import type { TicketPriority, TicketType } from '../../server/domain/snapshot.ts';
import { createRng, type Rng } from '../../server/synthetic/random.ts';
import { pickFeature, ticketSubject, writeThread } from '../../server/synthetic/texts.ts';
import { iso } from './clock.ts';
import { seedTicket } from './seed.ts';
import type { PortalStore } from './store.ts';

const TYPES: readonly TicketType[] = ['bug', 'how_to', 'billing', 'feature_request', 'outage', 'other'];
const PRIORITIES: readonly TicketPriority[] = ['low', 'medium', 'high', 'urgent'];
const MINUTE_MS = 60_000;

function sample(rng: Rng, n: number, count: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let k = 0; k < count; k++) {
    const j = rng.int(k, n - 1);
    const chosen = order[j] ?? 0;
    order[j] = order[k] ?? 0;
    order[k] = chosen;
  }
  return order.slice(0, count);
}

function moveUsage(store: PortalStore, rng: Rng, companyId: number, now: number): void {
  const company = store.get('companies', companyId);
  if (!company) return;
  const current = Number(company.props.active_users ?? 0);
  const seats = Number(company.props.licensed_seats ?? Number.POSITIVE_INFINITY);
  const next = Math.max(0, Math.min(seats, Math.round(current * (1 + rng.normal(0, 0.1)) + rng.int(-2, 2))));
  const logins = Math.round(next * rng.float(8, 20));
  store.write('companies', company, { active_users: String(next), logins_last_30_days: String(logins) }, now, { sourceType: 'INTEGRATION', sourceId: 'usage-sync' });
}

function newTicket(store: PortalStore, rng: Rng, companyId: number, now: number): void {
  const type = rng.pick(TYPES);
  const feature = pickFeature(rng, type);
  const thread = writeThread(rng, { type, feature, health: rng.float(0.2, 0.8), resolved: false, messages: rng.int(1, 3) });
  const createdMs = Math.floor((now - rng.int(30, 240) * MINUTE_MS) / 1000) * 1000;
  const step = Math.floor((now - createdMs) / Math.max(1, thread.length));
  seedTicket(
    store,
    {
      id: `sim-${companyId}-${now}`,
      createdAt: iso(createdMs),
      closedAt: null,
      type,
      priority: rng.pick(PRIORITIES),
      subject: ticketSubject(rng, type, feature),
      messages: thread.map((m, i) => ({ at: iso(createdMs + i * step), from: m.from, text: m.text })),
    },
    companyId,
    now,
  );
}

function replyToOpenTicket(store: PortalStore, rng: Rng, companyId: number, now: number): void {
  const open = store.associated('companies', companyId, 'tickets').filter((id) => {
    const t = store.get('tickets', id);
    return t !== undefined && t.props.closed_date === undefined;
  });
  if (open.length === 0) return;
  const ticket = store.get('tickets', rng.pick(open));
  if (!ticket) return;
  const fromAgent = rng.bernoulli(0.5);
  const close = fromAgent && rng.bernoulli(0.5);
  const text = fromAgent
    ? close ? 'This is now resolved on our side. Closing the ticket; reply if anything is still off.' : 'Thanks for the details, we are looking into it and will update you shortly.'
    : 'Any update on this? It is still affecting our team.';
  const email = store.create('emails', { hs_timestamp: iso(now), hs_email_text: text, hs_email_direction: fromAgent ? 'EMAIL' : 'INCOMING_EMAIL', hs_email_status: 'SENT', hs_email_subject: ticket.props.subject ?? '' }, now, now);
  store.associate('tickets', ticket.id, 'emails', email.id);
  store.write('tickets', ticket, close ? { hs_pipeline_stage: '4', closed_date: iso(now) } : { hs_pipeline_stage: fromAgent ? '2' : '3' }, now);
}

export function simulateActivity(store: PortalStore, companyFraction: number, seed: string, now: number): string[] {
  const ids = store.tables.companies.ids;
  const fraction = Math.min(1, Math.max(0, companyFraction));
  const rng = createRng(`activity:${seed}:${store.portalId}`);
  const chosen = sample(rng, ids.length, Math.round(fraction * ids.length)).map((i) => ids[i] ?? 0);
  for (const companyId of chosen) {
    const r = rng.fork(companyId);
    moveUsage(store, r, companyId, now);
    newTicket(store, r, companyId, now);
    replyToOpenTicket(store, r, companyId, now);
  }
  return chosen.map(String);
}
