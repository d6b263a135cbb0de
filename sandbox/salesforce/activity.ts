// Simulated customer activity between two syncs: for a seeded, deterministic sample of accounts,
// usage moves (Account fields), a new email Case arrives with its thread, and one open case gets a
// reply (sometimes closing it). Every touched record's SystemModstamp becomes now.
import type { TicketType } from '../../server/domain/snapshot.ts';
import { createRng, type Rng } from '../../server/synthetic/random.ts';
import { pickFeature, ticketSubject, writeThread } from '../../server/synthetic/texts.ts';
import { sfDateTime } from './clock.ts';
import { CASE_PRIORITIES } from './schema.ts';
import type { OrgStore, SfRecord } from './store.ts';

const TYPES: ReadonlyArray<[TicketType, string]> = [['bug', 'Bug'], ['how_to', 'How-To'], ['billing', 'Billing'], ['feature_request', 'Feature Request'], ['outage', 'Outage']];
const MINUTE_MS = 60_000;
const SUPPORT = 'support@success-sandbox.example';

function sample(rng: Rng, ids: string[], count: number): string[] {
  const order = [...ids];
  for (let k = 0; k < count; k++) {
    const j = rng.int(k, order.length - 1);
    [order[k], order[j]] = [order[j] as string, order[k] as string];
  }
  return order.slice(0, count);
}

function email(org: OrgStore, parent: SfRecord, at: number, incoming: boolean, text: string, contactEmail: string, agent: string): void {
  org.insert('EmailMessage', {
    ParentId: parent.Id, Subject: parent.Subject, TextBody: text, Incoming: incoming, MessageDate: sfDateTime(at), Status: incoming ? '1' : '3',
    FromAddress: incoming ? contactEmail : SUPPORT, ToAddress: incoming ? SUPPORT : contactEmail, CreatedById: incoming ? org.apiUserId : agent,
  }, at, at);
}

export function simulateActivity(org: OrgStore, accountFraction: number, seed: string, now: number): string[] {
  const accounts = [...org.table('Account').keys()];
  const rng = createRng(`activity:${seed}:${org.orgId}`);
  const chosen = sample(rng, accounts, Math.round(Math.min(1, Math.max(0, accountFraction)) * accounts.length));
  const agents = [...org.table('User').values()].filter((u) => String(u.Name).startsWith('Support Agent')).map((u) => u.Id);
  for (const accountId of chosen) {
    const r = rng.fork(accountId);
    const account = org.get(accountId) as SfRecord;
    const agent = agents.length > 0 ? r.pick(agents) : org.apiUserId;
    const seats = typeof account.Licensed_Seats__c === 'number' ? account.Licensed_Seats__c : Number.POSITIVE_INFINITY;
    const users = Math.max(0, Math.min(seats, Math.round(Number(account.Active_Users__c ?? 0) * (1 + r.normal(0, 0.1)) + r.int(-2, 2))));
    org.update(accountId, { Active_Users__c: users, Logins_Last_30_Days__c: Math.round(users * r.float(8, 20)) }, now);

    const contact = [...org.lookup('Contact', 'AccountId', accountId)].map((id) => org.get(id)).find((c) => c !== undefined);
    const contactEmail = typeof contact?.Email === 'string' ? contact.Email : 'customer@example.com';
    const [type, caseType] = r.pick(TYPES);
    const feature = pickFeature(r, type);
    const thread = writeThread(r, { type, feature, health: r.float(0.2, 0.8), resolved: false, messages: r.int(1, 3) });
    const createdMs = Math.floor((now - r.int(30, 240) * MINUTE_MS) / 1000) * 1000;
    const step = Math.floor((now - createdMs) / Math.max(1, thread.length));
    const created = org.insert('Case', {
      AccountId: accountId, ContactId: contact?.Id ?? null, CaseNumber: String(org.table('Case').size + 1).padStart(8, '0'), Subject: ticketSubject(r, type, feature),
      Description: thread[0]?.text ?? null, Type: caseType, Priority: r.pick(CASE_PRIORITIES), Status: thread.length > 1 ? 'Working' : 'New', Origin: 'Email', IsClosed: false, ClosedDate: null,
    }, createdMs, now);
    thread.forEach((m, i) => email(org, created, createdMs + i * step, m.from === 'customer', m.text, contactEmail, agent));

    const open = [...org.lookup('Case', 'AccountId', accountId)].map((id) => org.get(id)).filter((c): c is SfRecord => c !== undefined && c.IsClosed !== true && c.Origin === 'Email' && c.Id !== created.Id);
    if (open.length === 0) continue;
    const target = r.pick(open);
    const fromAgent = r.bernoulli(0.5);
    const close = fromAgent && r.bernoulli(0.5);
    const text = fromAgent
      ? close ? 'This is now resolved on our side. Closing the case; reply if anything is still off.' : 'Thanks for the details, we are looking into it and will update you shortly.'
      : 'Any update on this? It is still affecting our team.';
    email(org, target, now, !fromAgent, text, contactEmail, agent);
    org.update(target.Id, close ? { Status: 'Closed', IsClosed: true, ClosedDate: sfDateTime(now) } : { Status: fromAgent ? 'Waiting on Customer' : 'Working' }, now);
  }
  return chosen;
}
