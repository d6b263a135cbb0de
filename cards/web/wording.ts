// The sentences only the web console shows: its frame and the portfolio page. Everything a card
// shows comes from the shared view models (cards/model), never from here.
import type { PortfolioSort, SortOrder } from './api.ts';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export const WEB_WORDING = {
  app: {
    name: 'Success Sidecar',
    skipToContent: 'Skip to content',
    portal: (portalId: string) => `Demo portal ${portalId}`,
    portalHint: 'Data from the local HubSpot sandbox that npm start runs. Changes here are real changes to that demo portal.',
    pageTitle: (page: string) => `${page} · Success Sidecar`,
    notFound: 'There is no page at this address.',
    dismiss: 'Dismiss',
  },
  portfolio: {
    title: 'All accounts',
    intro: 'Every customer in the portal with its ROB score, renewal risk and what blocks it. Open an account to see its success plan.',
    filtersLabel: 'Filter accounts',
    search: 'Name contains',
    searchPlaceholder: 'e.g. Acme',
    risk: 'Renewal risk',
    anyRisk: 'Any risk',
    pageSize: 'Accounts per page',
    apply: 'Apply',
    clear: 'Clear filters',
    caption: (sort: string) => `Accounts, ${sort}`,
    columns: { name: 'Account', rob: 'ROB score', trend: 'Trend (30 days)', risk: 'Renewal risk', renewal: 'Renewal date', showStoppers: 'Show-stoppers' },
    sortBy: (column: string) => `Sort by ${column}`,
    sorts: {
      rob: { asc: 'lowest ROB score first', desc: 'highest ROB score first' },
      risk: { asc: 'riskiest first', desc: 'safest first' },
      renewal: { asc: 'soonest renewal first', desc: 'latest renewal first' },
      name: { asc: 'A to Z', desc: 'Z to A' },
    } satisfies Record<PortfolioSort, Record<SortOrder, string>>,
    insufficient: 'Not enough data',
    noRenewal: 'Not known',
    none: 'None',
    empty: 'No accounts match these filters.',
    emptyPortal: 'No accounts have been scored yet. The first sync fills this list within a minute.',
    range: (from: number, to: number, total: number) => (total === 0 ? 'No accounts' : `Accounts ${from}–${to} of ${total}`),
    count: (total: number) => plural(total, 'account'),
    page: (page: number, pages: number) => `Page ${page} of ${pages}`,
    previous: 'Previous page',
    next: 'Next page',
    pagination: 'Pages',
    loading: 'Loading accounts…',
    updating: 'Updating…',
  },
  account: {
    back: 'All accounts',
    breadcrumb: 'Breadcrumb',
    loadingName: (companyId: string) => `Account ${companyId}`,
    actions: 'Actions',
    recomputed: 'Recomputed: the card shows the new results.',
  },
  chart: {
    summary: (series: string, first: string, last: string, from: string, to: string) => `${series}: ${first} on ${from}, ${last} on ${to}.`,
    showTable: 'Show the numbers',
  },
} as const;
