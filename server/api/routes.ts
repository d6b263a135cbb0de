// The card API's routes: each entry of the route table (app/…/client/routes.ts: method and path,
// which the cards' client reads too) with its zod contract. The sidecar registers every card route
// through `contractRoute`, so a path or method cannot differ between the server and the client, and
// tests/unit/api-routes.test.ts checks that each path's parameters are the ones its schema parses.
import type { z } from 'zod';
import { pathPattern, ROUTES, SALESFORCE_ROUTES, type RouteName } from '../../app/src/app/cards/lib/client/routes.ts';
import type { AnyZodObject, HttpMethod } from '../http/openapi.ts';
import {
  AddAdminBody,
  AdminParams,
  AdminsView,
  CardQuery,
  ChooseModelBody,
  CompanyParams,
  ContactParams,
  ContactView,
  ModelView,
  ObjectivesBody,
  ObjectivesConflict,
  PortalParams,
  Portfolio,
  PortfolioQuery,
  RecomputeAllResponse,
  RecomputeBody,
  RecomputeResponse,
  RedriveBody,
  RedriveResponse,
  SettingsBody,
  SettingsConflict,
  SettingsPreview,
  SettingsPreviewBody,
  SettingsView,
  StoredPlan,
  SuccessView,
  UninstallQuery,
  UninstallResponse,
  WriteFailures,
} from './contracts.ts';

export { pathPattern, ROUTES, SALESFORCE_ROUTES, type RouteName };

export interface RouteContract {
  params: AnyZodObject;
  query: AnyZodObject;
  body?: z.ZodType;
  /** The 2xx body. */
  response: z.ZodType;
  /** The 409 body, where the route answers one with data (a version conflict). */
  conflict?: z.ZodType;
}

export const ROUTE_CONTRACTS = {
  companySuccess: { params: CompanyParams, query: CardQuery, response: SuccessView },
  recompute: { params: CompanyParams, query: CardQuery, body: RecomputeBody, response: RecomputeResponse },
  saveObjectives: { params: CompanyParams, query: CardQuery, body: ObjectivesBody, response: StoredPlan, conflict: ObjectivesConflict },
  contactSuccess: { params: ContactParams, query: CardQuery, response: ContactView },
  portfolio: { params: PortalParams, query: PortfolioQuery, response: Portfolio },
  recomputeAll: { params: PortalParams, query: CardQuery, body: RecomputeBody, response: RecomputeAllResponse },
  settings: { params: PortalParams, query: CardQuery, response: SettingsView },
  saveSettings: { params: PortalParams, query: CardQuery, body: SettingsBody, response: SettingsView, conflict: SettingsConflict },
  previewSettings: { params: PortalParams, query: CardQuery, body: SettingsPreviewBody, response: SettingsPreview },
  renewalModel: { params: PortalParams, query: CardQuery, response: ModelView },
  chooseRenewalModel: { params: PortalParams, query: CardQuery, body: ChooseModelBody, response: ModelView },
  writeFailures: { params: PortalParams, query: CardQuery, response: WriteFailures },
  redriveWriteFailures: { params: PortalParams, query: CardQuery, body: RedriveBody, response: RedriveResponse },
  addAdmin: { params: PortalParams, query: CardQuery, body: AddAdminBody, response: AdminsView },
  removeAdmin: { params: AdminParams, query: CardQuery, response: AdminsView },
  uninstall: { params: PortalParams, query: UninstallQuery, response: UninstallResponse },
} as const satisfies Record<RouteName, RouteContract>;

export type RouteContracts = typeof ROUTE_CONTRACTS;
/** The query parameters `hubspot.fetch` appends to every card request (CardQuery's). */
export type CardFetchParams = keyof z.input<typeof CardQuery>;

type Contract<K extends RouteName> = RouteContracts[K];

/**
 * What `api.route` needs from the table for one route: method, path and schemas. The 2xx schema
 * and the 409 one together make the route's response schema (a 409 body is sent as it is).
 */
export function contractRoute<K extends RouteName>(name: K) {
  const route = ROUTES[name];
  const c: RouteContract = ROUTE_CONTRACTS[name];
  type C = Contract<K>;
  return {
    method: route.method.toLowerCase() as HttpMethod,
    path: route.path,
    params: c.params as C['params'],
    query: c.query as C['query'],
    body: c.body as C extends { body: infer B extends z.ZodType } ? B : undefined,
    response: (c.conflict ? c.response.or(c.conflict) : c.response) as C extends { conflict: infer X extends z.ZodType } ? z.ZodUnion<[C['response'], X]> : C['response'],
  };
}
