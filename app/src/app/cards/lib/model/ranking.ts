// Objectives ranked by opportunity: the one definition the engine (server/domain/objectives.ts)
// and the cards (common.ts, for the plan a CSM just saved) both use. Pure, no imports: it lives
// here because HubSpot bundles only app/, and the server imports it from here.

/** What ranking reads of an objective. */
export interface Rankable {
  id: string;
  importance: number;
  satisfaction: number;
  status: string;
  dueDate?: string | null | undefined;
}

/** importance + max(importance − satisfaction, 0), on 0–10 scales: 0–20 (product.md). */
export function opportunity(o: Pick<Rankable, 'importance' | 'satisfaction'>): number {
  return o.importance + Math.max(o.importance - o.satisfaction, 0);
}

export function isPending(o: Pick<Rankable, 'status'>): boolean {
  return o.status === 'open' || o.status === 'at_risk';
}

/** Pending and due before `atMs`. `toMs` reads a date (the engine passes its faster parser). */
export function isOverdue(o: Pick<Rankable, 'status' | 'dueDate'>, atMs: number, toMs: (iso: string) => number = Date.parse): boolean {
  if (!isPending(o) || !o.dueDate) return false;
  return dueBefore(o, toMs(o.dueDate), atMs);
}

/** isOverdue with the due date already parsed (`dueMs`). */
function dueBefore(o: Pick<Rankable, 'status' | 'dueDate'>, dueMs: number, atMs: number): boolean {
  return isPending(o) && !!o.dueDate && !Number.isNaN(dueMs) && dueMs < atMs;
}

export interface RankedEntry<T> {
  item: T;
  opportunity: number;
  overdue: boolean;
  /** The due date in epoch ms (Infinity when there is none), parsed once per item. */
  dueMs: number;
}

/** Highest opportunity first; among equals overdue first, then the earliest due date, then id. */
function compareRanked<T extends Rankable>(a: RankedEntry<T>, b: RankedEntry<T>): number {
  return b.opportunity - a.opportunity || Number(b.overdue) - Number(a.overdue) || a.dueMs - b.dueMs || a.item.id.localeCompare(b.item.id);
}

/**
 * Highest opportunity first; among equals overdue first, then the earliest due date, then id.
 * Each due date is parsed once, and the few entries are put in order by a stable insertion sort
 * (the order Array#sort gives with the same comparator, without its copy of the list): the engine
 * ranks every account's objectives.
 */
export function rankByOpportunity<T extends Rankable>(items: readonly T[], atMs: number, toMs: (iso: string) => number = Date.parse): RankedEntry<T>[] {
  const ranked: RankedEntry<T>[] = [];
  for (const item of items) {
    const dueMs = item.dueDate ? toMs(item.dueDate) : Infinity;
    const entry: RankedEntry<T> = { item, opportunity: opportunity(item), overdue: dueBefore(item, dueMs, atMs), dueMs };
    let j = ranked.length - 1;
    while (j >= 0 && compareRanked(ranked[j]!, entry) > 0) {
      ranked[j + 1] = ranked[j]!;
      j--;
    }
    ranked[j + 1] = entry;
  }
  return ranked;
}
