// The API payloads the card and console tests read (tests/fixtures/api/*.json) are what the running
// sidecar sends today: the recorder runs again into a temporary directory and every file must match
// the committed one, except the moments Postgres stamps with its own clock. A hand edit, or a change
// to the engine, contracts or sidecar that was not re-recorded (`npm run -s fixtures:record`), fails here.
import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const FIXTURES = fileURLToPath(new URL('../fixtures/api/', import.meta.url));
const RECORDER = join(FIXTURES, 'record.ts');
/** Stamped by Postgres's clock when the recording ran: the only fields that differ run to run. */
const CLOCK_FIELDS = new Set(['updatedAt', 'addedAt', 'fittedAt']);

/** The payload with every clock-stamped field replaced by a marker (present or absent stays visible). */
function withoutClock(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutClock);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, CLOCK_FIELDS.has(k) && typeof v === 'string' ? '<clock>' : withoutClock(v)]));
}
const read = (dir: string, name: string) => withoutClock(JSON.parse(readFileSync(join(dir, name), 'utf8')));

describe('the recorded API fixtures', () => {
  it('are what the running sidecar sends today (re-recorded and compared, clock stamps aside)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'fixtures-'));
    try {
      await promisify(execFile)(process.execPath, [RECORDER], { env: { ...process.env, RECORD_OUT: out }, timeout: 170_000, maxBuffer: 16 * 1024 * 1024 });
      const fresh = readdirSync(out).filter((f) => f.endsWith('.json')).sort();
      const committed = readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).sort();
      expect(fresh).toEqual(committed);
      for (const name of fresh) expect({ name, payload: read(out, name) }).toEqual({ name, payload: read(FIXTURES, name) });
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 180_000);
});
