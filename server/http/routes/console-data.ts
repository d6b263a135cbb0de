// The console's own read-only figures, beside the card bridge (console.ts): the portfolio overview
// (headline figures, renewals per month and risk, ROB distribution) and the progress of the sync
// and of the write-back, which the portfolio polls so rows fill in without a reload; plus
// "Recompute all" (a full sync). Demo mode only, for the one demo portal, like the rest of the
// console. Each route is registered from the route table (CONSOLE_ROUTES) with its contract
// (console-contracts.ts): its query is parsed and its answer checked like a card route's.
import type { Request, RequestHandler } from 'express';
import { consoleContractRoute } from '../../api/console-contracts.ts';
import type { PortfolioOverview, PortfolioProgress } from '../../store/portfolio-overview.ts';
import { errorHandler, HttpError } from '../errors.ts';
import { OpenApiRegistry } from '../openapi.ts';
import { createApiRouter, reply } from '../validate.ts';

/** What the console needs from the running sidecar; null until the sidecar has started. */
export interface ConsoleBackend {
  overview(portalId: string, today: string): Promise<PortfolioOverview>;
  progress(portalId: string): Promise<PortfolioProgress>;
  /** Queues a full sync of the portal (every account re-read and re-scored). */
  recomputeAll(portalId: string): Promise<void>;
}

export interface ConsoleDataOptions {
  portalId: string;
  backend: () => ConsoleBackend | null;
  /** A write must come from the console's own page (CSRF). */
  fromOwnPage: (req: Request) => boolean;
}

/** What a console route answers before the sidecar behind it runs (503, try again in 2 s). */
export const sidecarStarting = () => new HttpError(503, 'starting', 'The sidecar is still starting. Try again in a few seconds.', undefined, { headers: { 'retry-after': '2' } });
const DB_FAILED = 'The console could not read the portfolio from the database. Check the sidecar’s log, then reload.';

export function consoleDataRoutes(options: ConsoleDataOptions) {
  // The console's routes are not part of the public API: a registry of their own keeps them out of /openapi.json.
  const api = createApiRouter({ registry: new OpenApiRegistry() });
  const noStore: RequestHandler = (_req, res, next) => {
    res.set('cache-control', 'no-store');
    next();
  };
  const ownPageOnly: RequestHandler = (req, _res, next) => {
    next(options.fromOwnPage(req) ? undefined : new HttpError(403, 'cross_site', 'Changes are accepted from the console page only.'));
  };
  /** The running sidecar's backend; a database failure is answered with what to do, and logged. */
  const withBackend = async <T>(req: Request, read: (backend: ConsoleBackend) => Promise<T>) => {
    const backend = options.backend();
    if (!backend) throw sidecarStarting();
    try {
      return await read(backend);
    } catch (error) {
      (req as { log?: { warn: (o: unknown, m: string) => void } }).log?.warn({ err: error }, 'console:data:failed');
      throw new HttpError(500, 'internal', DB_FAILED, undefined, { cause: error });
    }
  };
  const common = { summary: 'Web console (demo mode)', tags: ['console'], auth: 'none' as const, middleware: [noStore] };

  api.route({ ...consoleContractRoute('overview'), ...common }, ({ query, req }) =>
    withBackend(req, (backend) => backend.overview(options.portalId, query.today ?? new Date().toISOString().slice(0, 10))),
  );
  api.route({ ...consoleContractRoute('progress'), ...common }, ({ req }) => withBackend(req, (backend) => backend.progress(options.portalId)));
  api.route({ ...consoleContractRoute('recomputeAll'), ...common, middleware: [noStore, ownPageOnly] }, async ({ req }) => {
    await withBackend(req, (backend) => backend.recomputeAll(options.portalId));
    return reply(202, { queued: true as const });
  });

  // Failures in the error envelope wherever the console is mounted (a bare app in tests too).
  api.router.use(errorHandler());
  return api.router;
}
