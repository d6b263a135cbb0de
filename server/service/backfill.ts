// A history from day one: on an account's first compute, the same snapshot is scored again as of
// the first of each of the past 12 months, as it looked then — the backtest's view
// (domain/as-of.ts): tickets, messages, usage and login points and engagements dated later left
// out, tickets closed later still open, contacts who joined later absent and those who left later
// still in place, the renewal then pending as the next one. Those points are saved as
// "reconstructed" history (results.ts). Pure.
import { snapshotAsOf } from '../domain/as-of.ts';
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
      const r = scoreAccount(snapshotAsOf(snapshot, Date.parse(asOf)).snapshot, engine);
      points.push({ asOf, robScore: r.rob.score, renewalProbability: r.risk.renewalProbability, riskLevel: r.risk.level });
    } catch {
      // Data the engine refuses as of that date (none of it existed yet, say): no point for it.
    }
  }
  return points;
}
