// Job handlers that do nothing, for tests that exercise one queue and need the rest quiet, and a
// schedule with every recurring job off.
import type { JobHandlers, ScheduleOptions } from '../../server/jobs/boss.ts';

const done = () => Promise.resolve();

/** Every queue's handler finishing at once (a recompute batch with no failures), but for `overrides`. */
export function idleHandlers(overrides: Partial<JobHandlers> = {}): JobHandlers {
  return {
    'recompute-account': () => Promise.resolve(new Map()),
    'sync-portfolio': done,
    'drain-outbox': done,
    'refresh-tokens': done,
    'purge-uninstalled': done,
    'calibrate-portal': done,
    'schedule-calibrations': done,
    'sweep-outbox': done,
    'prune-retention': done,
    ...overrides,
  };
}

/** No recurring job: the test sends what it needs. */
export const NO_SCHEDULE: ScheduleOptions = { refreshTokens: false, syncPortfolios: false, purgeUninstalled: false, calibrations: false, sweepOutboxSeconds: false, pruneRetention: false };
