// A snapshot turned into numbers once (epoch ms, ticket weights, message sentiment), so the engine
// can be run many times on it cheaply: as of now, as of 30 days earlier (the trend) and once per
// candidate next step.
import type { EngineConfig } from './engine-config.ts';
import type { AccountSnapshot, ContactRole, Objective, TicketPriority, TicketType } from './snapshot.ts';
import { toMs } from './time.ts';

/** Scores one message's text in [-1, 1]; implementations may cache. */
export interface SentimentScorer {
  score(text: string): number;
}

export interface PreparedTicket {
  readonly id: string;
  readonly subject: string;
  readonly type: TicketType;
  readonly priority: TicketPriority;
  readonly createdMs: number;
  /** Infinity while open. */
  readonly closedMs: number;
  /** ticket-type weight × priority weight */
  readonly weight: number;
}

export interface PreparedContact {
  readonly id: string;
  readonly name: string;
  readonly role: ContactRole;
  readonly active: boolean;
  readonly lastEngagedMs: number | null;
}

export interface UsagePointMs {
  readonly ms: number;
  readonly users: number;
}

export interface PreparedAccount {
  readonly snapshot: AccountSnapshot;
  readonly asOfMs: number;
  readonly seats: number | null;
  /** Known active-user counts, oldest first; the current count is the point at `asOfMs`. */
  readonly usage: readonly UsagePointMs[];
  readonly customerSinceMs: number;
  readonly renewalMs: number | null;
  /** Sorted by creation time. */
  readonly tickets: readonly PreparedTicket[];
  /** Customer-side messages only, in snapshot order (not sorted): parallel arrays of time and sentiment. */
  readonly customerMessageMs: Float64Array;
  readonly customerMessageSentiment: Float64Array;
  readonly contacts: readonly PreparedContact[];
  /** Meetings and calls (the engagements that count as meaningful), sorted. */
  readonly meaningfulEngagementMs: readonly number[];
  readonly objectives: readonly Objective[];
}

const MEANINGFUL_KINDS = new Set(['meeting', 'call']);

export function prepareAccount(snapshot: AccountSnapshot, config: EngineConfig, sentiment: SentimentScorer): PreparedAccount {
  const asOfMs = toMs(snapshot.asOf);
  const typeWeights = config.ticketTypeWeights;
  const priorityWeights = config.priorityWeights;

  const usage: UsagePointMs[] = [];
  for (const point of snapshot.usage.history) {
    const ms = toMs(point.date);
    if (ms <= asOfMs) usage.push({ ms, users: point.activeUsers });
  }
  const now = snapshot.usage.activeUsers;
  if (now !== null && now !== undefined) usage.push({ ms: asOfMs, users: now });
  usage.sort((a, b) => a.ms - b.ms);

  const tickets: PreparedTicket[] = [];
  let messageCount = 0;
  for (const t of snapshot.tickets) for (const m of t.messages) if (m.from === 'customer') messageCount++;
  const customerMessageMs = new Float64Array(messageCount);
  const customerMessageSentiment = new Float64Array(messageCount);
  let mi = 0;
  for (const t of snapshot.tickets) {
    tickets.push({
      id: t.id,
      subject: t.subject,
      type: t.type,
      priority: t.priority,
      createdMs: toMs(t.createdAt),
      closedMs: t.closedAt ? toMs(t.closedAt) : Infinity,
      weight: typeWeights[t.type] * priorityWeights[t.priority],
    });
    for (const m of t.messages) {
      if (m.from !== 'customer') continue;
      customerMessageMs[mi] = toMs(m.at);
      customerMessageSentiment[mi++] = sentiment.score(m.text);
    }
  }
  tickets.sort((a, b) => a.createdMs - b.createdMs);

  const meaningfulEngagementMs: number[] = [];
  for (const e of snapshot.engagements) if (MEANINGFUL_KINDS.has(e.kind)) meaningfulEngagementMs.push(toMs(e.at));
  meaningfulEngagementMs.sort((a, b) => a - b);

  const seats = snapshot.account.licensedSeats;
  const renewal = snapshot.account.renewalDate;
  const since = snapshot.account.customerSince;
  return {
    snapshot,
    asOfMs,
    seats: seats === null || seats === undefined ? null : seats,
    usage,
    customerSinceMs: since ? toMs(since) : -Infinity,
    renewalMs: renewal ? toMs(renewal) : null,
    tickets,
    customerMessageMs,
    customerMessageSentiment,
    contacts: snapshot.contacts.map((c) => ({
      id: c.id,
      name: c.name ?? c.id,
      role: c.role,
      active: c.active,
      lastEngagedMs: c.lastEngagedAt ? toMs(c.lastEngagedAt) : null,
    })),
    meaningfulEngagementMs,
    objectives: snapshot.objectives,
  };
}
