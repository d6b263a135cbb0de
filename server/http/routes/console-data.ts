// The console's own read-only figures, beside the card bridge (console.ts): the portfolio overview
// (headline figures, renewals per month and risk, ROB distribution) and the progress of the sync
// and of the write-back, which the portfolio polls so rows fill in without a reload; plus
// "Recompute all" (a full sync). Demo mode only, for the one demo portal, like the rest of the console.
import express from 'express';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { PortfolioOverview, PortfolioProgress } from '../../store/portfolio-overview.ts';
import { errorEnvelope } from '../errors.ts';
import { setRoutePattern } from '../observability.ts';

export const CONSOLE_DATA_BASE = '/console/data';

/** What the console needs from the running sidecar; null until the sidecar has started. */
export interface ConsoleBackend {
  overview(portalId: string, today: string): Promise<PortfolioOverview>;
  progress(portalId: string): Promise<PortfolioProgress>;
  /** Queues a full sync of the portal (every account re-read and re-scored). */
  recomputeAll(portalId: string): Promise<void>;
}

const OverviewParams = z.strictObject({ today: z.iso.date().optional() });

export interface ConsoleDataOptions {
  portalId: string;
  backend: () => ConsoleBackend | null;
  /** A write must come from the console's own page (CSRF). */
  fromOwnPage: (req: Request) => boolean;
}

export function consoleDataRoutes(options: ConsoleDataOptions): express.Router {
  const router = express.Router();

  const withBackend = (pattern: string, handle: (backend: ConsoleBackend, req: Request, res: Response) => Promise<void>) => async (req: Request, res: Response) => {
    setRoutePattern(res, pattern);
    res.set('cache-control', 'no-store');
    const backend = options.backend();
    if (!backend) {
      res.status(503).set('retry-after', '2').json(errorEnvelope('starting', 'The sidecar is still starting. Try again in a few seconds.'));
      return;
    }
    try {
      await handle(backend, req, res);
    } catch (error) {
      (req as { log?: { warn: (o: unknown, m: string) => void } }).log?.warn({ err: error }, 'console:data:failed');
      res.status(500).json(errorEnvelope('internal', 'The console could not read the portfolio from the database. Check the sidecar’s log, then reload.'));
    }
  };

  router.get(
    `${CONSOLE_DATA_BASE}/overview`,
    withBackend(`${CONSOLE_DATA_BASE}/overview`, async (backend, req, res) => {
      const params = OverviewParams.safeParse(req.query);
      if (!params.success) {
        res.status(400).json(errorEnvelope('invalid_request', 'today must be a date (YYYY-MM-DD).'));
        return;
      }
      const today = params.data.today ?? new Date().toISOString().slice(0, 10);
      res.json(await backend.overview(options.portalId, today));
    }),
  );

  router.get(
    `${CONSOLE_DATA_BASE}/progress`,
    withBackend(`${CONSOLE_DATA_BASE}/progress`, async (backend, _req, res) => {
      res.json(await backend.progress(options.portalId));
    }),
  );

  router.post(
    `${CONSOLE_DATA_BASE}/recompute-all`,
    withBackend(`${CONSOLE_DATA_BASE}/recompute-all`, async (backend, req, res) => {
      if (!options.fromOwnPage(req)) {
        res.status(403).json(errorEnvelope('cross_site', 'Changes are accepted from the console page only.'));
        return;
      }
      await backend.recomputeAll(options.portalId);
      res.status(202).json({ queued: true });
    }),
  );

  return router;
}
