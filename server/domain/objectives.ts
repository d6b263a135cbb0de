// Objectives: the customer's desired outcomes, ranked by opportunity
// = importance + max(importance − satisfaction, 0), both on 0–10 scales.
import type { Objective } from './snapshot.ts';
import type { z } from 'zod';
import type { RankedObjective } from './result.ts';
import { toMs } from './time.ts';

export type Ranked = z.infer<typeof RankedObjective>;

export function opportunity(o: Pick<Objective, 'importance' | 'satisfaction'>): number {
  return o.importance + Math.max(o.importance - o.satisfaction, 0);
}

export function isPending(o: Objective): boolean {
  return o.status === 'open' || o.status === 'at_risk';
}

export function isOverdue(o: Objective, atMs: number): boolean {
  return isPending(o) && !!o.dueDate && toMs(o.dueDate) < atMs;
}

/** Highest opportunity first; among equals overdue first, then the earliest due date, then id. */
export function rankObjectives(objectives: readonly Objective[], atMs: number): Ranked[] {
  if (objectives.length === 0) return [];
  // Each due date parsed once, not once per comparison.
  const keyed = objectives.map((o) => {
    const dueMs = o.dueDate ? toMs(o.dueDate) : Infinity;
    return { ranked: { ...o, opportunity: opportunity(o), overdue: isPending(o) && dueMs < atMs }, dueMs };
  });
  keyed.sort(
    (a, b) =>
      b.ranked.opportunity - a.ranked.opportunity ||
      Number(b.ranked.overdue) - Number(a.ranked.overdue) ||
      a.dueMs - b.dueMs ||
      a.ranked.id.localeCompare(b.ranked.id),
  );
  return keyed.map((k) => k.ranked);
}
