// An account as it looked at an earlier moment, from its own dated history: the basis of an honest
// backtest. Whatever is dated after the moment is dropped or undone; what the snapshot cannot date
// is either left out (objectives) or flagged on the row (contacts who left on an unknown date).
import type { AccountSnapshot } from './snapshot.ts';
import { DAY_MS, toMs } from './time.ts';

export interface AsOfView {
  snapshot: AccountSnapshot;
  /** What could only be taken from today's data (the row is still usable, but say so). */
  marks: string[];
}

/** Why an account cannot be looked at as of a moment (its history does not reach back). */
export type AsOfGap = 'not_yet_a_customer' | 'usage_history_too_short';

/** Usage counts must reach back to 90 days before the moment (the usage trend), or to the start. */
export const USAGE_LOOKBACK_DAYS = 90;
/** Monthly counts: the first may fall up to a month after the moment it stands for. */
const USAGE_SLACK_DAYS = 31;

export function asOfGap(snapshot: AccountSnapshot, atMs: number): AsOfGap | null {
  const since = snapshot.account.customerSince ? toMs(snapshot.account.customerSince) : -Infinity;
  if (since > atMs) return 'not_yet_a_customer';
  const tracked = snapshot.usage.history.length > 0 || (snapshot.usage.activeUsers ?? null) !== null;
  if (!tracked) return null; // usage never tracked: scored without it, now as then
  let earliest = Infinity;
  for (const p of snapshot.usage.history) earliest = Math.min(earliest, toMs(p.date));
  const needed = Math.max(atMs - USAGE_LOOKBACK_DAYS * DAY_MS, since) + USAGE_SLACK_DAYS * DAY_MS;
  return earliest <= Math.min(needed, atMs) ? null : 'usage_history_too_short';
}

/** A login count stands for the 30 days before the moment when it was taken within a month of it. */
function isRecent(date: string, atMs: number): boolean {
  return atMs - toMs(date) <= USAGE_SLACK_DAYS * DAY_MS;
}

/**
 * The snapshot as it looked at `atMs`: tickets, messages, engagements and usage counts dated later
 * dropped, tickets closed later open again, contacts who joined later absent and contacts who left
 * later still active (a contact's last engagement: today's when dated by then, else the last
 * engagement naming them by then, else none), the next renewal open. Objectives carry no history and are left out; seats
 * and ARR are taken as they are now.
 */
export function snapshotAsOf(snapshot: AccountSnapshot, atMs: number): AsOfView {
  const visible = (iso: string) => toMs(iso) <= atMs;
  const marks: string[] = [];
  const known = <P extends { date: string }>(points: readonly P[]) => points.filter((p) => visible(p.date)).sort((a, b) => toMs(a.date) - toMs(b.date));
  const history = known(snapshot.usage.history);
  const loginHistory = known(snapshot.usage.loginHistory);
  const lastLogins = loginHistory.at(-1);
  // When the CRM says who took part in each engagement, a contact's last engagement as of the
  // moment is the last one naming them then (today's field may be later than the moment).
  const lastLinked = new Map<string, { at: string; ms: number }>();
  for (const e of snapshot.engagements) {
    if (!e.contactIds) continue;
    const ms = toMs(e.at);
    if (ms > atMs) continue;
    for (const id of e.contactIds) {
      const seen = lastLinked.get(id);
      if (seen === undefined || seen.ms < ms) lastLinked.set(id, { at: e.at, ms });
    }
  }
  const contacts: AccountSnapshot['contacts'] = [];
  for (const c of snapshot.contacts) {
    if (c.since && !visible(c.since)) continue;
    const leftLater = !c.active && c.leftAt && !visible(c.leftAt);
    if (!c.active && !c.leftAt && !marks.includes('contact_left_undated')) marks.push('contact_left_undated');
    const lastEngagedAt = c.lastEngagedAt && visible(c.lastEngagedAt) ? c.lastEngagedAt : (lastLinked.get(c.id)?.at ?? null);
    contacts.push(leftLater ? { ...c, active: true, leftAt: null, lastEngagedAt } : { ...c, lastEngagedAt });
  }
  const renewals = [...snapshot.renewals].sort((a, b) => toMs(a.closeDate) - toMs(b.closeDate));
  const past = renewals.filter((r) => visible(r.closeDate));
  const next = renewals.find((r) => !visible(r.closeDate));
  const renewalDate = next?.closeDate ?? (snapshot.account.renewalDate && !visible(snapshot.account.renewalDate) ? snapshot.account.renewalDate : null);
  return {
    marks,
    snapshot: {
      ...snapshot,
      asOf: new Date(atMs).toISOString(),
      account: { ...snapshot.account, renewalDate },
      usage: {
        activeUsers: history.at(-1)?.activeUsers ?? null,
        logins30d: lastLogins && isRecent(lastLogins.date, atMs) ? lastLogins.logins30d : null,
        history,
        loginHistory,
      },
      tickets: snapshot.tickets
        .filter((t) => visible(t.createdAt))
        .map((t) => ({ ...t, closedAt: t.closedAt && visible(t.closedAt) ? t.closedAt : null, messages: t.messages.filter((m) => visible(m.at)) })),
      contacts,
      engagements: snapshot.engagements.filter((e) => visible(e.at)),
      renewals: next ? [...past, { ...next, outcome: 'open' }] : past,
      objectives: [],
    },
  };
}
