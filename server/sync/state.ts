// What a portfolio sync remembers between runs: the checkpoint of a run in progress (so an
// interrupted sync resumes where it stopped) and the modification time of every record we wrote
// (so an incremental sync can tell our own writes from other people's changes), and the accounts a
// run could not read or write, for the next incremental run to read again (retry.ts).
import { z } from 'zod';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { RetryList } from './retry.ts';

export const SyncCheckpoint = z.object({
  mode: z.enum(['full', 'incremental', 'accounts']),
  asOf: z.string(),
  startedAtMs: z.number(),
  /** Full mode: the next page's cursor (null = first page). */
  cursor: z.string().nullable(),
  /** Incremental mode: the candidate ids and how many are done. */
  pending: z.array(z.string()).default([]),
  done: z.number().int().nonnegative().default(0),
  pages: z.number().int().nonnegative(),
  /** Accounts read so far in this run (what a progress display shows). */
  accountsRead: z.number().int().nonnegative().default(0),
});
export type SyncCheckpoint = z.infer<typeof SyncCheckpoint>;

export const SyncState = z.object({
  version: z.literal(1),
  crm: z.string(),
  tenantId: z.string(),
  run: SyncCheckpoint.nullable(),
  /** When the last completed sync started (epoch ms): the natural `--since` of the next one. */
  lastCompletedStartMs: z.number().nullable(),
  /** Account id → the record's modification time our last write produced. */
  ownWrites: z.record(z.string(), z.number()),
  /** Accounts to read again (retry.ts). Absent from state saved before it existed: none. */
  retry: RetryList.default({}),
});
export type SyncState = z.infer<typeof SyncState>;

export interface SyncStateStore {
  load(): Promise<SyncState | null>;
  save(state: SyncState): Promise<void>;
}

export function emptyState(crm: string, tenantId: string): SyncState {
  return { version: 1, crm, tenantId, run: null, lastCompletedStartMs: null, ownWrites: {}, retry: {} };
}

/** A JSON file, replaced atomically (write, then rename) so a crash never leaves half a checkpoint. */
export class FileSyncStateStore implements SyncStateStore {
  readonly #path: string;
  constructor(path: string) {
    this.#path = path;
  }

  async load(): Promise<SyncState | null> {
    let text: string;
    try {
      text = await readFile(this.#path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    const parsed = SyncState.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`sync state ${this.#path} is not valid (${parsed.error.issues[0]?.message}); move it away to start afresh`);
    return parsed.data;
  }

  async save(state: SyncState): Promise<void> {
    await mkdir(dirname(this.#path), { recursive: true });
    const tmp = `${this.#path}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(state));
    await rename(tmp, this.#path);
  }
}

export class MemorySyncStateStore implements SyncStateStore {
  state: SyncState | null = null;
  load(): Promise<SyncState | null> {
    return Promise.resolve(this.state && structuredClone(this.state));
  }
  save(state: SyncState): Promise<void> {
    this.state = structuredClone(state);
    return Promise.resolve();
  }
}
