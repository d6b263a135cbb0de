// Show-stoppers: what blocks value now — open urgent/high product issues and outages, overdue
// objectives, a customer's ask to cancel or buy less, a lost champion or executive, seats paid for
// but unused.
import type { EvalContext } from './components/context.ts';
import type { UsageOutcome } from './components/usage.ts';
import { capitalize, grouped, openFor, percent, plural, ticketLabel } from './format.ts';
import { OBJECTIVE_STATUS_LABELS, ROLE_NAMES } from '../../app/src/app/cards/lib/model/labels.ts';
import { ASK_WINDOW_DAYS } from './contraction-asks.ts';
import { isOverdue } from './objectives.ts';
import type { PreparedAccount, PreparedAsk, PreparedContact, PreparedTicket } from './prepare.ts';
import { noNameRecorded } from './contact-names.ts';
import type { ShowStopper } from './result.ts';
import type { ContactRole } from './snapshot.ts';
import { DAY_MS, isoDate } from './time.ts';

/** The ask is quoted up to this many characters. */
const QUOTE_CHARS = 160;

/**
 * What "heaviest" means wherever the engine names a ticket a CSM would raise (the show-stoppers,
 * the risk notes that list them, the renewal call): the larger weight first (type × priority, so
 * an urgent outage opened this morning before a high bug open for months), then the one open
 * longer, then by id. A component that names the ticket with the largest share of its own figure
 * measures something else (time open counts there) and says "largest share", not "heaviest".
 */
export function heavierFirst(a: PreparedTicket, b: PreparedTicket): number {
  return b.weight - a.weight || a.createdMs - b.createdMs || a.id.localeCompare(b.id);
}

/** Open severe tickets at `at`, heaviest first (heavierFirst). */
export function severeOpenTickets(account: PreparedAccount, at: number): PreparedTicket[] {
  // One pass (sorted by creation) instead of listing every open ticket and then filtering; most
  // accounts have none or one, which need no sorting.
  const severe: PreparedTicket[] = [];
  for (const t of account.tickets) {
    if (t.createdMs > at) break;
    if (t.severe && t.closedMs > at) severe.push(t);
  }
  if (severe.length < 2) return severe;
  return severe.sort(heavierFirst);
}

/** A contact of `role` who left while no one active holds the role; null otherwise. */
export function lostContact(contacts: readonly PreparedContact[], role: ContactRole): PreparedContact | null {
  let lost: PreparedContact | null = null;
  for (const c of contacts) {
    if (c.role !== role) continue;
    if (c.active) return null;
    lost ??= c;
  }
  return lost;
}

/**
 * `severe`, `champion` and `executive` are severeOpenTickets(account, at) and lostContact(…) for
 * both roles, found once by the caller (the risk model and the next-step planner read them too).
 */
export function findShowStoppers(
  ctx: EvalContext,
  usage: UsageOutcome,
  severe: readonly PreparedTicket[] = severeOpenTickets(ctx.account, ctx.at),
  champion: PreparedContact | null = lostContact(ctx.account.contacts, 'champion'),
  executive: PreparedContact | null = lostContact(ctx.account.contacts, 'executive'),
): ShowStopper[] {
  const { account, config, at, explain } = ctx;
  const found: ShowStopper[] = [];
  const text = (make: () => string) => (explain ? make() : '');
  for (const t of severe) {
    const days = Math.floor((at - t.createdMs) / DAY_MS);
    const label = ticketLabel(t.priority, t.type);
    found.push({
      id: `ticket:${t.id}`,
      kind: 'open_severe_ticket',
      title: text(() => `${capitalize(label)} open ${openFor(days)}: ${t.subject || t.id}`),
      reason: text(() => `${capitalize(label)} reported ${isoDate(t.createdMs)} is still open after ${openFor(days)}.`),
      evidence: [t.id],
    });
  }
  for (const o of account.objectives) {
    if (!isOverdue(o, at)) continue;
    const progress = o.current !== null && o.current !== undefined && o.target !== null && o.target !== undefined ? `; at ${o.current} against a target of ${o.target}${o.metric ? ` ${o.metric}` : ''}` : '';
    found.push({
      id: `objective:${o.id}`,
      kind: 'overdue_objective',
      title: text(() => `Overdue objective: ${o.statement}`),
      reason: text(() => `Was due ${o.dueDate!.slice(0, 10)} and is still ${OBJECTIVE_STATUS_LABELS[o.status]}${progress}.`),
      evidence: [o.id],
    });
  }
  let ask: PreparedAsk | null = null;
  for (const a of account.asks) if (a.ms > at - ASK_WINDOW_DAYS * DAY_MS && a.ms <= at && (ask === null || a.ms > ask.ms)) ask = a;
  if (ask) {
    const quote = ask.text.length > QUOTE_CHARS ? `${ask.text.slice(0, QUOTE_CHARS - 1).trimEnd()}…` : ask.text;
    found.push({
      id: `ask:${ask.ticketId}`,
      kind: 'contraction_ask',
      title: text(() => `Customer asked to cancel or buy less: ${ask.subject || ask.ticketId}`),
      reason: text(() => `On ${isoDate(ask.ms)} the customer wrote in ticket ${ask.ticketId}: “${quote}”`),
      evidence: [ask.ticketId],
    });
  }
  if (champion) found.push(lostContactStopper('champion', 'champion_lost', champion, explain));
  if (executive) found.push(lostContactStopper('executive', 'executive_lost', executive, explain));
  const { users, utilisation } = usage;
  if (utilisation !== null && users !== null && utilisation < config.unusedSeatsThreshold) {
    const unused = (account.seats ?? 0) - users;
    found.push({
      id: `account:${account.snapshot.account.id}:seats`,
      kind: 'unused_seats',
      title: text(() => `Seats paid for but unused: ${grouped(unused)} of ${grouped(account.seats ?? 0)}`),
      reason: text(() => `Only ${grouped(users)} of ${plural(account.seats!, 'licensed seat')} ${users === 1 ? 'is' : 'are'} active (${percent(utilisation)}).`),
      evidence: [account.snapshot.account.id],
    });
  }
  return found;
}

function lostContactStopper(role: ContactRole, kind: 'champion_lost' | 'executive_lost', lost: PreparedContact, explain: boolean): ShowStopper {
  return {
    id: `contact:${lost.id}`,
    kind,
    // Without a name recorded, lost.name is "the champion (no name recorded, contact 12345)": no role twice.
    title: explain ? (lost.recordedName === null ? `${capitalize(ROLE_NAMES[role])} lost (${noNameRecorded(lost.id)})` : `${capitalize(ROLE_NAMES[role])} lost: ${lost.name}`) : '',
    reason: explain ? `${lost.recordedName === null ? capitalize(lost.name) : `${lost.name}, the ${ROLE_NAMES[role]},`} is no longer active and no one else active holds that role.` : '',
    evidence: [lost.id],
  };
}
