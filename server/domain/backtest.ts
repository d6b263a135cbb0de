// Backtesting renewal risk against an account's own history: score the account as it looked some
// days before each past renewal, and compare the predicted probability of renewing with what
// happened (AUC for ranking, calibration bins for honesty of the probabilities).
import type { AccountSnapshot } from './snapshot.ts';
import { toMs } from './time.ts';

/**
 * The snapshot as it looked at `atMs`: records created later dropped, tickets closed later open
 * again, usage counts after it unknown. Contacts and objectives are kept as they are (the snapshot
 * holds no history of them), renewals up to `atMs` are kept and later ones dropped.
 */
export function snapshotAsOf(snapshot: AccountSnapshot, atMs: number): AccountSnapshot {
  const visible = (iso: string) => toMs(iso) <= atMs;
  const history = snapshot.usage.history.filter((p) => visible(p.date)).sort((a, b) => toMs(a.date) - toMs(b.date));
  const now = snapshot.usage.activeUsers;
  const earliestKnown = snapshot.usage.history.reduce<{ ms: number; users: number } | null>((min, p) => {
    const ms = toMs(p.date);
    return min === null || ms < min.ms ? { ms, users: p.activeUsers } : min;
  }, null);
  // Same rule as the engine: before the first known count usage is taken as flat.
  const activeUsers = history.length > 0 ? history[history.length - 1]!.activeUsers : (earliestKnown?.users ?? now ?? null);
  return {
    ...snapshot,
    asOf: new Date(atMs).toISOString(),
    usage: { ...snapshot.usage, activeUsers, history },
    tickets: snapshot.tickets
      .filter((t) => visible(t.createdAt))
      .map((t) => ({
        ...t,
        closedAt: t.closedAt && visible(t.closedAt) ? t.closedAt : null,
        messages: t.messages.filter((m) => visible(m.at)),
      })),
    engagements: snapshot.engagements.filter((e) => visible(e.at)),
    renewals: snapshot.renewals.filter((r) => visible(r.closeDate)),
  };
}

export interface Prediction {
  /** Predicted probability of renewing. */
  p: number;
  renewed: boolean;
}

/** Area under the ROC curve of `p` separating renewed from lost (ties count half); null if one class is missing. */
export function auc(predictions: readonly Prediction[]): number | null {
  const sorted = [...predictions].sort((a, b) => a.p - b.p);
  let positives = 0;
  let negatives = 0;
  let rankSum = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && sorted[j]!.p === sorted[i]!.p) j++;
    const averageRank = (i + 1 + j) / 2; // ranks are 1-based; ties share the average
    for (let k = i; k < j; k++) {
      if (sorted[k]!.renewed) { positives++; rankSum += averageRank; } else negatives++;
    }
    i = j;
  }
  if (positives === 0 || negatives === 0) return null;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export interface CalibrationBin {
  from: number;
  to: number;
  count: number;
  meanPredicted: number;
  observedRate: number;
}

/** Predictions grouped into equal-width probability bins, each with mean prediction and observed renewal rate. */
export function calibration(predictions: readonly Prediction[], bins = 5): CalibrationBin[] {
  const out: CalibrationBin[] = Array.from({ length: bins }, (_, i) => ({ from: i / bins, to: (i + 1) / bins, count: 0, meanPredicted: 0, observedRate: 0 }));
  for (const { p, renewed } of predictions) {
    const bin = out[Math.min(bins - 1, Math.floor(p * bins))]!;
    bin.count++;
    bin.meanPredicted += p;
    bin.observedRate += renewed ? 1 : 0;
  }
  for (const bin of out) {
    if (bin.count === 0) continue;
    bin.meanPredicted /= bin.count;
    bin.observedRate /= bin.count;
  }
  return out.filter((b) => b.count > 0);
}

/** Mean squared error of the probabilities (lower is better; 0.25 is a coin flip). */
export function brierScore(predictions: readonly Prediction[]): number | null {
  if (predictions.length === 0) return null;
  return predictions.reduce((s, { p, renewed }) => s + (p - (renewed ? 1 : 0)) ** 2, 0) / predictions.length;
}
