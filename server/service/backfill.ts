// A history from day one: on an account's first compute, the same snapshot is scored again as of
// the first of each of the past 12 months, with what happened after that date left out (tickets
// opened later, messages, usage and login points and engagements after it; tickets closed later were still
// open then). Those points are saved as "reconstructed" history (results.ts). Pure.
import { scoreAccount, type EngineDeps } from '../domain/engine.ts';
import type { AccountSnapshot } from '../domain/snapshot.ts';

export const BACKFILL_MONTHS = 12;

/** The `months` most recent firsts of a month strictly before `asOf` (UTC), oldest first, none before the customer started. */
export function backfillDates(asOf: string, months = BACKFILL_MONTHS, customerSince?: string): string[] {
  const at = new Date(asOf);
  const y = at.getUTCFullYear();
  let m = at.getUTCMonth();
  // The first of this month counts when asOf is later than it.
  if (Date.UTC(y, m, 1) >= at.getTime()) m -= 1;
  const since = customerSince ? Date.parse(customerSince) : Number.NEGATIVE_INFINITY;
  const dates: string[] = [];
  for (let i = 0; i < months; i++) {
    const first = Date.UTC(y, m - i, 1);
    if (first < since) break;
    dates.push(new Date(first).toISOString());
  }
  return dates.reverse();
}

const before = (iso: string | null | undefined, limit: number) => iso !== null && iso !== undefined && Date.parse(iso) <= limit;

/** The snapshot as it would have looked at `asOf`: nothing dated after it. */
export function snapshotAsOf(snapshot: AccountSnapshot, asOf: string): AccountSnapshot {
  const limit = Date.parse(asOf);
  const history = snapshot.usage.history.filter((p) => Date.parse(p.date) <= limit);
  const loginHistory = snapshot.usage.loginHistory.filter((p) => Date.parse(p.date) <= limit);
  const latest = [...history].sort((a, b) => Date.parse(b.date) - Date.parse(a.date))[0];
  return {
    ...snapshot,
    asOf,
    usage: { ...snapshot.usage, history, loginHistory, activeUsers: latest ? latest.activeUsers : null, logins30d: null },
    tickets: snapshot.tickets
      .filter((t) => before(t.createdAt, limit))
      .map((t) => ({ ...t, closedAt: before(t.closedAt, limit) ? t.closedAt : null, messages: t.messages.filter((msg) => before(msg.at, limit)) })),
    contacts: snapshot.contacts.map((c) => ({ ...c, lastEngagedAt: before(c.lastEngagedAt, limit) ? c.lastEngagedAt : null })),
    engagements: snapshot.engagements.filter((e) => before(e.at, limit)),
    // A renewal decided after the date was still open then.
    renewals: snapshot.renewals.map((r) => (before(r.closeDate, limit) ? r : { ...r, outcome: 'open' as const })),
  };
}

export interface BackfillPoint {
  asOf: string;
  robScore: number | null;
  renewalProbability: number | null;
  riskLevel: string | null;
}

/** The engine's figures for each backfill date; an as-of the engine cannot score is skipped. */
export function reconstructHistory(snapshot: AccountSnapshot, engine: EngineDeps, months = BACKFILL_MONTHS): BackfillPoint[] {
  const points: BackfillPoint[] = [];
  for (const asOf of backfillDates(snapshot.asOf, months, snapshot.account.customerSince)) {
    try {
      const r = scoreAccount(snapshotAsOf(snapshot, asOf), engine);
      points.push({ asOf, robScore: r.rob.score, renewalProbability: r.risk.renewalProbability, riskLevel: r.risk.level });
    } catch {
      // Data the engine refuses as of that date (none of it existed yet, say): no point for it.
    }
  }
  return points;
}
