// Liveness and readiness.
//   GET /healthz  the process answers: always 200 {"status":"ok"} (no dependency is touched, so a
//                 slow database never gets a healthy process restarted)
//   GET /readyz   every injected check passes within the timeout: 200, else 503 naming the failed
//                 ones. Failure details are logged, not returned (they may carry connection strings).
import { Router } from 'express';
import type { Logger } from 'pino';

export type ReadinessCheck = () => Promise<void>;
export type ReadinessChecks = Record<string, ReadinessCheck>;
export type CheckOutcome = 'ok' | 'failed' | 'timeout';

export interface ReadinessReport {
  status: 'ok' | 'unavailable';
  checks: Record<string, CheckOutcome>;
  failed: string[];
}

export const DEFAULT_READINESS_TIMEOUT_MS = 2_000;

/** Runs every check concurrently, each bounded by the timeout. */
export async function runReadinessChecks(checks: ReadinessChecks, timeoutMs = DEFAULT_READINESS_TIMEOUT_MS, logger?: Logger): Promise<ReadinessReport> {
  const names = Object.keys(checks);
  const outcomes = await Promise.all(
    names.map(async (name): Promise<CheckOutcome> => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
      });
      try {
        const result = await Promise.race([checks[name]!().then(() => 'ok' as const), timeout]);
        if (result === 'timeout') logger?.warn({ check: name, timeoutMs }, 'readiness check timed out');
        return result;
      } catch (err) {
        logger?.warn({ check: name, err }, 'readiness check failed');
        return 'failed';
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const report: Record<string, CheckOutcome> = {};
  names.forEach((name, i) => (report[name] = outcomes[i]!));
  const failed = names.filter((name) => report[name] !== 'ok');
  return { status: failed.length === 0 ? 'ok' : 'unavailable', checks: report, failed };
}

export interface HealthRouterOptions {
  checks?: ReadinessChecks;
  timeoutMs?: number;
  logger?: Logger;
}

export function healthRouter(options: HealthRouterOptions = {}): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const report = await runReadinessChecks(options.checks ?? {}, options.timeoutMs, options.logger);
    res
      .status(report.status === 'ok' ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json(report);
  });
  return router;
}
