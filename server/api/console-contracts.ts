// The web console's own routes (demo mode only: server/http/routes/console-data.ts and
// console-salesforce.ts) as zod schemas: the server registers and checks them from these, and the
// console checks their answers against JSON Schema generated from them. Not in /openapi.json: the
// console is not part of the public API.
import { z } from 'zod';
import { RiskLevel } from '../domain/result.ts';
import { CONSOLE_ROUTES, type ConsoleDataRouteName, type ConsoleRouteName } from '../../app/src/app/cards/lib/client/routes.ts';
import type { HttpMethod } from '../http/openapi.ts';
import type { PortfolioOverview, PortfolioProgress } from '../store/portfolio-overview.ts';

export { CONSOLE_ROUTES, type ConsoleDataRouteName, type ConsoleRouteName };

const NoParams = z.strictObject({});
const NoQuery = z.strictObject({});

const RiskFigures = z.object({ accounts: z.number().int().min(0), arr: z.number() });
const ByRisk = z.object({ high: RiskFigures, medium: RiskFigures, low: RiskFigures, unknown: RiskFigures });

export const OverviewQuery = z.strictObject({ today: z.iso.date().optional().describe('Today (YYYY-MM-DD), the start of "the next 90 days"; default the server\'s') });

export const ConsoleOverview = z.object({
  accounts: z.number().int().min(0),
  arr: z.number(),
  accountsWithArr: z.number().int().min(0),
  currency: z.string().nullable(),
  byRisk: ByRisk,
  next90Days: RiskFigures,
  renewals: z.array(z.object({ month: z.string().regex(/^\d{4}-\d{2}$/), byRisk: ByRisk })),
  robBuckets: z.array(z.object({ from: z.number(), to: z.number(), accounts: z.number().int().min(0) })),
  unscored: z.number().int().min(0),
});

export const ConsoleProgress = z.object({
  syncing: z.boolean(),
  mode: z.enum(['full', 'incremental', 'accounts']).nullable(),
  read: z.number().int().min(0),
  scored: z.number().int().min(0),
  lastComputedAt: z.string().nullable(),
  written: z.number().int().min(0),
  pendingWrites: z.number().int().min(0),
  failedWrites: z.number().int().min(0),
  lastSyncStartedAt: z.string().nullable(),
});

export const ConsoleRecomputeAll = z.object({ queued: z.literal(true) });

export const ConsoleSalesforceOrg = z.object({ orgId: z.string() });

export const ConsoleSalesforceAccounts = z.object({
  orgId: z.string(),
  total: z.number().int().min(0),
  items: z.array(
    z.object({
      accountId: z.string(),
      name: z.string(),
      robScore: z.number().nullable(),
      riskLevel: RiskLevel.nullable(),
      renewalProbability: z.number().nullable(),
      renewalDate: z.string().nullable(),
      arr: z.number().nullable(),
    }),
  ),
});

/** The Canvas card page (HTML) for one Account: only its path parameter is a contract. */
export const ConsoleSalesforceCardParams = z.strictObject({ accountId: z.string().min(1).max(18) });

export interface ConsoleRouteContract {
  params: z.ZodObject;
  query: z.ZodObject;
  /** The 2xx JSON body; null for a page (HTML). */
  response: z.ZodType | null;
  successStatus?: number;
}

export const CONSOLE_ROUTE_CONTRACTS = {
  overview: { params: NoParams, query: OverviewQuery, response: ConsoleOverview },
  progress: { params: NoParams, query: NoQuery, response: ConsoleProgress },
  recomputeAll: { params: NoParams, query: NoQuery, response: ConsoleRecomputeAll, successStatus: 202 },
  salesforceOrg: { params: NoParams, query: NoQuery, response: ConsoleSalesforceOrg },
  salesforceAccounts: { params: NoParams, query: NoQuery, response: ConsoleSalesforceAccounts },
  salesforceCard: { params: ConsoleSalesforceCardParams, query: NoQuery, response: null },
} as const satisfies Record<ConsoleRouteName, ConsoleRouteContract>;

type Contracts = typeof CONSOLE_ROUTE_CONTRACTS;

/** What `api.route` needs for one of the console's JSON routes: the table's method and path, the contract's schemas. */
export function consoleContractRoute<K extends ConsoleDataRouteName>(name: K) {
  const c: ConsoleRouteContract = CONSOLE_ROUTE_CONTRACTS[name];
  return {
    method: CONSOLE_ROUTES[name].method.toLowerCase() as HttpMethod,
    path: CONSOLE_ROUTES[name].path,
    params: c.params as Contracts[K]['params'],
    query: c.query as Contracts[K]['query'],
    response: c.response as NonNullable<Contracts[K]['response']>,
    successStatus: c.successStatus ?? 200,
  };
}

// The store's answers are the contracts' (a field added on one side only fails the type check).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameOverview: Same<z.output<typeof ConsoleOverview>, PortfolioOverview> = true;
const sameProgress: Same<z.output<typeof ConsoleProgress>, PortfolioProgress> = true;
void sameOverview;
void sameProgress;
