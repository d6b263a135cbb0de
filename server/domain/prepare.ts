// A snapshot turned into numbers once (epoch ms, ticket weights, message sentiment), so the engine
// can be run many times on it cheaply: as of now, as of 30 days earlier (the trend) and once per
// candidate next step.
import type { EngineConfig } from './engine-config.ts';
import { ASK_WINDOW_DAYS, asksToReduce } from './contraction-asks.ts';
import { TICKET_PRIORITIES, TICKET_TYPES, type AccountSnapshot, type ContactRole, type Objective, type Message, type TicketPriority, type TicketType } from './snapshot.ts';
import { DAY_MS, isCanonicalInstant, isoInstant, toMs } from './time.ts';
import { YEAR_SHAPE } from './year-signals.ts';
import { GLOBAL_RISK_MODEL, weighsYearSignals } from './risk-model.ts';
import { contactName, recordedName } from './contact-names.ts';

/**
 * Scores one message's text in [-1, 1]; implementations may cache. NaN means the text cannot be
 * read (a language the analyser does not know): the message counts as no data.
 */
export interface SentimentScorer {
  score(text: string): number;
}

/**
 * Whether the ISO instant `iso` is certainly before `cutoff` (a toISOString() value), decided on
 * the characters alone when both are UTC and in the same shape, or differ before the seconds; false
 * when unsure (the caller then parses). Skips parsing the timestamps of old messages no run reads.
 */
function earlierThan(iso: string, cutoff: string): boolean {
  // The usual shape, toISOString()'s own: the strings' order is their instants' order, and the
  // engine's string comparison beats comparing character by character here.
  if (isCanonicalInstant(iso) && cutoff.length === 24) return iso < cutoff;
  const len = iso.length;
  const n = len === 10 ? 10 : len === 20 && iso.charCodeAt(19) === 90 ? 19 : 0;
  for (let i = 0; i < n; i++) {
    const a = iso.charCodeAt(i), b = cutoff.charCodeAt(i);
    if (a !== b) return a < b;
  }
  return false;
}

/**
 * Whether `items` are already in ascending order of `key`: CRM exports usually are, and checking
 * is a single pass where sorting calls a comparator per pair (the result is the same either way:
 * a stable sort leaves a sorted array as it is).
 */
function isSortedBy<T>(items: readonly T[], key: (item: T) => number): boolean {
  for (let i = 1; i < items.length; i++) if (key(items[i - 1]!) > key(items[i]!)) return false;
  return true;
}

/** Outages of any priority and urgent or high bugs: what blocks a customer's work. */
export function isSevereTicket(type: TicketType, priority: TicketPriority): boolean {
  return type === 'outage' || (type === 'bug' && (priority === 'urgent' || priority === 'high'));
}

export interface PreparedTicket {
  readonly id: string;
  readonly subject: string;
  readonly type: TicketType;
  /** Index of `type` in TICKET_TYPES (per-type counts in typed arrays). */
  readonly typeIndex: number;
  readonly priority: TicketPriority;
  readonly createdMs: number;
  /** Infinity while open. */
  readonly closedMs: number;
  /** ticket-type weight × priority weight */
  readonly weight: number;
  readonly severe: boolean;
  /** Time of the first readable customer message in the thread; Infinity when there is none. */
  readonly firstCustomerMessageMs: number;
  /** The thread as in the snapshot (both sides, unparsed): the year signals read agents' replies. */
  readonly messages: readonly Message[];
}

export interface PreparedContact {
  readonly id: string;
  /** How sentences name them: the recorded name, else role and id (contact-names.ts). */
  readonly name: string;
  /** The name as the CRM records it; null when it holds none. */
  readonly recordedName: string | null;
  readonly role: ContactRole;
  readonly active: boolean;
  readonly lastEngagedMs: number | null;
  /** When the person left (null when active or when the departure is undated). */
  readonly leftMs: number | null;
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
  /**
   * Customer-side messages only, in snapshot order (not sorted): parallel arrays of time and
   * sentiment. Plain arrays, not typed ones: a typed array of more than 64 bytes gets a backing
   * store outside the JS heap (an allocation and a finaliser each), which cost more per account
   * than everything read from these arrays; a plain array of numbers is a flat block on the heap.
   */
  readonly customerMessageMs: readonly number[];
  readonly customerMessageSentiment: readonly number[];
  /** Index into `tickets` of each customer message's ticket. */
  readonly customerMessageTicket: readonly number[];
  readonly contacts: readonly PreparedContact[];
  /** Meetings and calls (the engagements that count as meaningful), sorted. */
  readonly meaningfulEngagementMs: readonly number[];
  /** Every engagement's time (any kind), in snapshot order: the risk signals count touches. */
  readonly engagementMs: readonly number[];
  readonly objectives: readonly Objective[];
  /**
   * The customer's asks to cancel or buy less (contraction-asks.ts) dated in the last
   * ASK_WINDOW_DAYS: customer messages, and the subjects of tickets created then (at their creation).
   */
  readonly asks: readonly PreparedAsk[];
}

export interface PreparedAsk {
  readonly ms: number;
  readonly ticketId: string;
  readonly subject: string;
  readonly text: string;
}

/** Meetings and calls: the engagements that count as meaningful. */
const isMeaningful = (kind: string) => kind === 'meeting' || kind === 'call';

/**
 * Each (type, priority)'s ticket weight, type-major, per configuration: the products are those of
 * the configuration's two tables, looked up by index. Indexing the tables by the ticket's type and
 * priority strings costs a keyed lookup each, for every ticket of every account.
 */
const ticketWeightTables = new WeakMap<EngineConfig, readonly number[]>();

function ticketWeights(config: EngineConfig): readonly number[] {
  let table = ticketWeightTables.get(config);
  if (table === undefined) {
    table = TICKET_TYPES.flatMap((type) => TICKET_PRIORITIES.map((priority) => config.ticketTypeWeights[type] * config.priorityWeights[priority]));
    ticketWeightTables.set(config, table);
  }
  return table;
}

export interface PrepareOptions {
  /**
   * Score the customer's messages of the whole year back (the year signals' sentiment) even when
   * the model in use weighs no year signal: the backtest keeps every factor's value for fitting.
   */
  readYear?: boolean;
}

export function prepareAccount(snapshot: AccountSnapshot, config: EngineConfig, sentiment: SentimentScorer, options: PrepareOptions = {}): PreparedAccount {
  const asOfMs = toMs(snapshot.asOf);
  const weights = ticketWeights(config);
  // The oldest message any run can read (the trend run's earlier sentiment window, or — only when
  // they are read — the year signals' year: year-signals.ts), and the moment of the trend run: an
  // older message of a ticket already closed by then is never read, so it is not scored (open
  // threads stay current, so their old messages are).
  const w = config.windows;
  const pastMs = asOfMs - w.trendDays * DAY_MS;
  const trendReadMs = pastMs - (w.recentDays + w.sentimentEarlierDays) * DAY_MS;
  const readsYear = options.readYear === true || weighsYearSignals(config.riskModel ?? GLOBAL_RISK_MODEL);
  const oldestReadMs = readsYear ? Math.min(trendReadMs, asOfMs - YEAR_SHAPE.yearDays * DAY_MS) : trendReadMs;
  const oldestReadIso = isoInstant(oldestReadMs);

  const usage: UsagePointMs[] = [];
  for (const point of snapshot.usage.history) {
    const ms = toMs(point.date);
    if (ms <= asOfMs) usage.push({ ms, users: point.activeUsers });
  }
  const now = snapshot.usage.activeUsers;
  if (now !== null && now !== undefined) usage.push({ ms: asOfMs, users: now });
  if (!isSortedBy(usage, (p) => p.ms)) usage.sort((a, b) => a.ms - b.ms);

  // The tickets and their messages are read in phases, each a short loop over one kind of object:
  // the tickets and their timestamps, then the message objects, then the customer messages' times
  // and texts. A snapshot that is not in the CPU's caches costs a memory fetch per object, and a
  // short loop body lets the processor start the next iterations' fetches while the first ones are
  // on their way; one long body per ticket makes it wait for each in turn. Same values, same order.
  const source = snapshot.tickets;
  const ticketCount = source.length;
  const closedMsOf: number[] = [];
  const createdMsOf: number[] = [];
  for (let ti = 0; ti < ticketCount; ti++) {
    const t = source[ti]!;
    closedMsOf.push(t.closedAt ? toMs(t.closedAt) : Infinity);
    createdMsOf.push(toMs(t.createdAt));
  }
  // Customer messages of every ticket, in snapshot order, with their tickets' indexes.
  const customerMessages: Message[] = [];
  const customerMessageTicketIndex: number[] = [];
  for (let ti = 0; ti < ticketCount; ti++) {
    for (const m of source[ti]!.messages) {
      if (m.from !== 'customer') continue;
      customerMessages.push(m);
      customerMessageTicketIndex.push(ti);
    }
  }
  const customerMessageMs: number[] = [];
  const customerMessageSentiment: number[] = [];
  const customerMessageTicket: number[] = [];
  const firstMs: number[] = new Array<number>(ticketCount).fill(Infinity);
  // Asks to cancel or buy less are looked for only in the last ASK_WINDOW_DAYS. Not memoised: a
  // text just read by the sentiment scorer is in the CPU's caches, and the phrases' one-pass
  // pre-check costs less than a lookup in a large map (a memory fetch).
  const askFromMs = asOfMs - ASK_WINDOW_DAYS * DAY_MS;
  const asks: PreparedAsk[] = [];
  for (let ti = 0; ti < ticketCount; ti++) {
    const createdMs = createdMsOf[ti]!;
    if (createdMs <= askFromMs || createdMs > asOfMs) continue;
    const t = source[ti]!;
    if (asksToReduce(t.subject)) asks.push({ ms: createdMs, ticketId: t.id, subject: t.subject, text: t.subject });
  }
  for (let k = 0; k < customerMessages.length; k++) {
    const m = customerMessages[k]!;
    const ti = customerMessageTicketIndex[k]!;
    // An old message of a ticket settled by the trend run is never read, so it is not scored.
    const settled = closedMsOf[ti]! <= pastMs;
    if (settled && earlierThan(m.at, oldestReadIso)) continue;
    const ms = toMs(m.at);
    if (settled && ms < oldestReadMs) continue;
    const value = sentiment.score(m.text);
    if (Number.isNaN(value)) continue; // unreadable: no data
    if (ms < firstMs[ti]!) firstMs[ti] = ms;
    customerMessageMs.push(ms);
    customerMessageSentiment.push(value);
    customerMessageTicket.push(ti);
    if (ms > askFromMs && ms <= asOfMs && asksToReduce(m.text)) {
      const t = source[ti]!;
      asks.push({ ms, ticketId: t.id, subject: t.subject, text: m.text });
    }
  }
  const built: PreparedTicket[] = new Array<PreparedTicket>(ticketCount);
  let sorted = true;
  for (let ti = 0; ti < ticketCount; ti++) {
    const t = source[ti]!;
    const createdMs = createdMsOf[ti]!;
    if (ti > 0 && createdMs < createdMsOf[ti - 1]!) sorted = false;
    const typeIndex = TICKET_TYPES.indexOf(t.type);
    built[ti] = {
      id: t.id,
      subject: t.subject,
      type: t.type,
      typeIndex,
      priority: t.priority,
      createdMs,
      closedMs: closedMsOf[ti]!,
      weight: weights[typeIndex * TICKET_PRIORITIES.length + TICKET_PRIORITIES.indexOf(t.priority)]!,
      severe: isSevereTicket(t.type, t.priority),
      firstCustomerMessageMs: firstMs[ti]!,
      messages: t.messages,
    };
  }
  let tickets = built;
  if (!sorted) {
    const order = built.map((_, i) => i).sort((a, b) => built[a]!.createdMs - built[b]!.createdMs || a - b);
    tickets = order.map((i) => built[i]!);
    const position: number[] = new Array<number>(order.length);
    for (let i = 0; i < order.length; i++) position[order[i]!] = i;
    for (let i = 0; i < customerMessageTicket.length; i++) customerMessageTicket[i] = position[customerMessageTicket[i]!]!;
  }

  const meaningfulEngagementMs: number[] = [];
  const engagementMs: number[] = [];
  for (const e of snapshot.engagements) {
    const ms = toMs(e.at);
    engagementMs.push(ms);
    if (isMeaningful(e.kind)) meaningfulEngagementMs.push(ms);
  }
  if (!isSortedBy(meaningfulEngagementMs, (ms) => ms)) meaningfulEngagementMs.sort((a, b) => a - b);

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
    customerMessageTicket,
    contacts: snapshot.contacts.map((c) => {
      const recorded = recordedName(c.name);
      return {
        id: c.id,
        name: contactName(c.id, recorded, c.role),
        recordedName: recorded,
        role: c.role,
        active: c.active,
        lastEngagedMs: c.lastEngagedAt ? toMs(c.lastEngagedAt) : null,
        leftMs: !c.active && c.leftAt ? toMs(c.leftAt) : null,
      };
    }),
    meaningfulEngagementMs,
    engagementMs,
    objectives: snapshot.objectives,
    asks,
  };
}

/** The account with only the tickets `keep` accepts (and their messages). */
export function keepTickets(account: PreparedAccount, keep: (t: PreparedTicket) => boolean): PreparedAccount {
  // Plain loops: the risk model's trend calls this for most accounts with open tickets, and a
  // callback per element (forEach, fill) cost more than the copying itself.
  const all = account.tickets;
  const index: number[] = new Array<number>(all.length);
  const tickets: PreparedTicket[] = [];
  for (let i = 0; i < all.length; i++) {
    const t = all[i]!;
    if (keep(t)) {
      index[i] = tickets.length;
      tickets.push(t);
    } else index[i] = -1;
  }
  const owners = account.customerMessageTicket;
  const ms: number[] = [], sentiment: number[] = [], owner: number[] = [];
  for (let i = 0; i < owners.length; i++) {
    const k = index[owners[i]!]!;
    if (k < 0) continue;
    ms.push(account.customerMessageMs[i]!);
    sentiment.push(account.customerMessageSentiment[i]!);
    owner.push(k);
  }
  return { ...account, tickets, customerMessageMs: ms, customerMessageSentiment: sentiment, customerMessageTicket: owner };
}
