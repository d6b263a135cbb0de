// Streams JSONL AccountSnapshots to JSONL AccountResults with constant memory: one line in, one
// line out, backpressure respected. A bad line is reported with its number and failing path and
// the rest are still scored.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { once } from 'node:events';
import type { z } from 'zod';
import { scoreAccount, type EngineDeps } from '../domain/engine.ts';
import { AccountSnapshot } from '../domain/snapshot.ts';

export interface LineProblem {
  line: number;
  message: string;
}

export interface ScoreLinesStats {
  lines: number;
  scored: number;
  bad: number;
  /** The reader went away (EPIPE: `score … | head`): scoring stopped there, which is not an error. */
  readerClosed?: boolean;
}

export interface ScoreLinesOptions {
  deps: EngineDeps;
  onProblem(problem: LineProblem): void;
  onProgress?(stats: ScoreLinesStats): void;
  /** Lines between progress callbacks. */
  progressEvery?: number;
}

/** "tickets.0.priority: Invalid option…" for each of the first few issues. */
export function describeIssues(error: z.ZodError, max = 3): string {
  const parts = error.issues.slice(0, max).map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
  const more = error.issues.length > max ? ` (+${error.issues.length - max} more)` : '';
  return parts.join('; ') + more;
}

/** Scores one JSONL line; returns the result line or a problem message. */
export function scoreLine(text: string, deps: EngineDeps): { ok: true; json: string } | { ok: false; message: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `not valid JSON (${(error as Error).message})` };
  }
  const parsed = AccountSnapshot.safeParse(value);
  if (!parsed.success) return { ok: false, message: describeIssues(parsed.error) };
  return { ok: true, json: JSON.stringify(scoreAccount(parsed.data, deps)) };
}

export async function scoreLines(input: Readable, output: Writable, options: ScoreLinesOptions): Promise<ScoreLinesStats> {
  const stats: ScoreLinesStats = { lines: 0, scored: 0, bad: 0 };
  const every = options.progressEvery ?? 1000;
  const lines = createInterface({ input, crlfDelay: Infinity });
  // A write error arrives as an event: keep the first, stop reading, and rethrow it after the loop
  // unless it is the reader going away, after which nothing more is wanted.
  let failed: NodeJS.ErrnoException | null = null;
  const onError = (error: NodeJS.ErrnoException) => {
    failed ??= error;
    lines.close();
  };
  output.on('error', onError);
  try {
    for await (const text of lines) {
      if (failed) break;
      stats.lines++;
      if (text.trim() === '') continue;
      const outcome = scoreLine(text, options.deps);
      if (outcome.ok) {
        stats.scored++;
        if (!output.write(`${outcome.json}\n`)) await once(output, 'drain').catch(() => undefined); // an error ends the loop above
      } else {
        stats.bad++;
        options.onProblem({ line: stats.lines, message: outcome.message });
      }
      if (options.onProgress && stats.lines % every === 0) options.onProgress(stats);
    }
  } finally {
    output.off('error', onError);
  }
  const error = failed as NodeJS.ErrnoException | null;
  if (error && error.code !== 'EPIPE') throw error;
  return error ? { ...stats, readerClosed: true } : stats;
}
