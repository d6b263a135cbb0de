// Objectives: the customer's desired outcomes, ranked by opportunity
// = importance + max(importance − satisfaction, 0), both on 0–10 scales. The ranking itself is
// the cards' (app/…/model/ranking.ts), so the engine and the cards order a plan the same way.
import type { Objective } from './snapshot.ts';
import type { z } from 'zod';
import type { RankedObjective } from './result.ts';
import { isOverdue as overdueAt, isPending, opportunity, rankByOpportunity } from '../../app/src/app/cards/lib/model/ranking.ts';
import { toMs } from './time.ts';

export type Ranked = z.infer<typeof RankedObjective>;

export { isPending, opportunity };

export function isOverdue(o: Objective, atMs: number): boolean {
  return overdueAt(o, atMs, toMs);
}

/** Highest opportunity first; among equals overdue first, then the earliest due date, then id. */
export function rankObjectives(objectives: readonly Objective[], atMs: number): Ranked[] {
  const ranked = rankByOpportunity(objectives, atMs, toMs);
  const out: Ranked[] = [];
  for (const { item, opportunity, overdue } of ranked) out.push({ ...item, opportunity, overdue });
  return out;
}
