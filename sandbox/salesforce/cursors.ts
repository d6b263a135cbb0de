// Query cursors behind nextRecordsUrl ("<cursorId>-<offset>"): a cursor lives 15 minutes after its
// last use, and a user keeps at most 10 open (opening another drops the oldest), as in Salesforce.
import { randomBytes } from 'node:crypto';
import type { Clock } from './clock.ts';
import { checksumSuffix } from './ids.ts';
import type { PreparedQuery } from './soql/execute.ts';

const IDLE_MS = 15 * 60_000;
const PER_USER = 10;

export interface Cursor {
  id: string;
  userId: string;
  query: PreparedQuery;
  batchSize: number;
  lastUsed: number;
}

export class CursorStore {
  private readonly cursors = new Map<string, Cursor>();
  private readonly now: Clock;

  constructor(now: Clock) {
    this.now = now;
  }

  open(userId: string, query: PreparedQuery, batchSize: number): Cursor {
    const mine = [...this.cursors.values()].filter((c) => c.userId === userId).sort((a, b) => a.lastUsed - b.lastUsed);
    while (mine.length >= PER_USER) this.cursors.delete((mine.shift() as Cursor).id);
    const id15 = `01g5g${randomBytes(8).toString('hex').slice(0, 10).toUpperCase()}`;
    const cursor: Cursor = { id: id15 + checksumSuffix(id15), userId, query, batchSize, lastUsed: this.now() };
    this.cursors.set(cursor.id, cursor);
    return cursor;
  }

  find(id: string, userId: string): Cursor | undefined {
    const c = this.cursors.get(id);
    if (!c || c.userId !== userId) return undefined;
    if (this.now() - c.lastUsed > IDLE_MS) {
      this.cursors.delete(id);
      return undefined;
    }
    c.lastUsed = this.now();
    return c;
  }

  close(id: string): void {
    this.cursors.delete(id);
  }
}
