// Every sidecar route a card, the settings page or the web console calls: its method and path,
// written once. The sidecar registers its routes from this table (server/api/routes.ts pairs each
// entry with its zod contract; the console's own routes are CONSOLE_ROUTES, paired in
// server/api/console-contracts.ts), the clients (api.ts, cards/web/console-api.ts) build their URLs
// and pick their checks from it, and the console's bridge forwards exactly the entries it allows.
// No package imports: the cards and the settings page bundle it.

export type RouteMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RouteDef {
  method: RouteMethod;
  /** express syntax: `:name` is a path parameter (every one a numeric HubSpot id). */
  path: string;
}

const CARD_BASE = '/api/v1/hubspot/:portalId';

export const ROUTES = {
  companySuccess: { method: 'GET', path: `${CARD_BASE}/companies/:companyId/success` },
  recompute: { method: 'POST', path: `${CARD_BASE}/companies/:companyId/recompute` },
  saveObjectives: { method: 'PUT', path: `${CARD_BASE}/companies/:companyId/objectives` },
  contactSuccess: { method: 'GET', path: `${CARD_BASE}/contacts/:contactId/success` },
  portfolio: { method: 'GET', path: `${CARD_BASE}/companies` },
  recomputeAll: { method: 'POST', path: `${CARD_BASE}/recompute-all` },
  settings: { method: 'GET', path: `${CARD_BASE}/settings` },
  saveSettings: { method: 'PUT', path: `${CARD_BASE}/settings` },
  previewSettings: { method: 'POST', path: `${CARD_BASE}/settings/preview` },
  renewalModel: { method: 'GET', path: `${CARD_BASE}/settings/model` },
  chooseRenewalModel: { method: 'PUT', path: `${CARD_BASE}/settings/model` },
  writeFailures: { method: 'GET', path: `${CARD_BASE}/write-failures` },
  redriveWriteFailures: { method: 'POST', path: `${CARD_BASE}/write-failures/redrive` },
  addAdmin: { method: 'POST', path: `${CARD_BASE}/settings/admins` },
  removeAdmin: { method: 'DELETE', path: `${CARD_BASE}/settings/admins/:userId` },
  uninstall: { method: 'DELETE', path: `${CARD_BASE}/installation` },
} as const satisfies Record<string, RouteDef>;

export type RouteName = keyof typeof ROUTES;

/**
 * Salesforce's card routes (the Canvas card, server/http/routes/salesforce-*.ts): the account routes
 * and the org's settings, renewal model and admins, under the same names as HubSpot's and with the same bodies and
 * answers. Their ids are Salesforce's 15/18-character ids, not numbers.
 */
const SALESFORCE_ORG = '/api/v1/salesforce/:orgId';
const SALESFORCE_ACCOUNT = `${SALESFORCE_ORG}/accounts/:accountId`;
export const SALESFORCE_ROUTES = {
  companySuccess: { method: 'GET', path: `${SALESFORCE_ACCOUNT}/success` },
  recompute: { method: 'POST', path: `${SALESFORCE_ACCOUNT}/recompute` },
  saveObjectives: { method: 'PUT', path: `${SALESFORCE_ACCOUNT}/objectives` },
  settings: { method: 'GET', path: `${SALESFORCE_ORG}/settings` },
  saveSettings: { method: 'PUT', path: `${SALESFORCE_ORG}/settings` },
  renewalModel: { method: 'GET', path: `${SALESFORCE_ORG}/settings/model` },
  chooseRenewalModel: { method: 'PUT', path: `${SALESFORCE_ORG}/settings/model` },
  addAdmin: { method: 'POST', path: `${SALESFORCE_ORG}/settings/admins` },
  removeAdmin: { method: 'DELETE', path: `${SALESFORCE_ORG}/settings/admins/:userId` },
  uninstall: { method: 'DELETE', path: `${SALESFORCE_ORG}/installation` },
} as const satisfies Partial<Record<RouteName, RouteDef>>;

export type SalesforceRouteName = keyof typeof SALESFORCE_ROUTES;

/**
 * The web console's own routes (demo mode only, served beside the page: server/http/routes/
 * console-data.ts and console-salesforce.ts; contracts in server/api/console-contracts.ts). The
 * console calls them on its own origin; `salesforceCard` is the HTML page its iframe loads.
 */
export const CONSOLE_ROUTES = {
  overview: { method: 'GET', path: '/console/data/overview' },
  progress: { method: 'GET', path: '/console/data/progress' },
  recomputeAll: { method: 'POST', path: '/console/data/recompute-all' },
  salesforceOrg: { method: 'GET', path: '/console/salesforce' },
  salesforceAccounts: { method: 'GET', path: '/console/salesforce/accounts' },
  salesforceCard: { method: 'GET', path: '/console/salesforce/card/:accountId' },
} as const satisfies Record<string, RouteDef>;

export type ConsoleRouteName = keyof typeof CONSOLE_ROUTES;
/** The console routes that answer JSON (all but the card page). */
export type ConsoleDataRouteName = Exclude<ConsoleRouteName, 'salesforceCard'>;

/** The `:name` parameters of a path template, as a union of names. */
export type PathParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}` ? Name | PathParamNames<`/${Rest}`> : P extends `${string}:${infer Name}` ? Name : never;
export type PathParams<K extends RouteName> = Record<PathParamNames<(typeof ROUTES)[K]['path']>, string>;

/** The names of a template's parameters, in order. */
export function pathParamNames(template: string): string[] {
  return [...template.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
}

/** A template with its parameters filled in (each one URL-encoded); a missing one is an error. */
export function fillPath(template: string, params: Readonly<Record<string, string>>): string {
  return template.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${template}: no value for :${name}`);
    return encodeURIComponent(value);
  });
}

/** A regular expression matching the template's paths (each parameter a numeric id, captured in order). */
export function pathPattern(template: string): RegExp {
  const escaped = template.split(/:[A-Za-z]+/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('(\\d{1,20})')}$`);
}
