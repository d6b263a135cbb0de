// Pure arithmetic over what the scale bench observed: percentiles, the busiest rolling window,
// freshness per change and duplicate writes from the CRM's property history.

export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? null;
}

/** The most events inside any window (t − spanMs, t]. */
export function maxInWindow(times: number[], spanMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[start] ?? 0) <= (sorted[end] ?? 0) - spanMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

export interface HistoryEntry {
  value: string;
  timestamp: number;
}

/**
 * When a result computed from data at least as new as the change landed: the first write of
 * `success_computed_at` (the result's as-of time) not older than the change. Null: it never did.
 */
export function landedAt(computedAtHistory: HistoryEntry[], changedAt: number): number | null {
  const hits = computedAtHistory.filter((h) => Date.parse(h.value) >= changedAt).map((h) => h.timestamp);
  return hits.length === 0 ? null : Math.min(...hits);
}

/** Writes of a value the property already held; history newest first, as HubSpot returns it. */
export function duplicateWrites(history: HistoryEntry[]): number {
  const ordered = [...history].reverse();
  let duplicates = 0;
  for (let i = 1; i < ordered.length; i++) if (ordered[i]!.value === ordered[i - 1]!.value) duplicates++;
  return duplicates;
}
