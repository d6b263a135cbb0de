// The local console: a frame naming the portal, the portfolio page and an account page with the
// company card and "Before you pitch"; with a demo Salesforce org, a switch to the org's accounts
// and their Canvas cards (SalesforceConsole.tsx). Pages live in the address's fragment
// (#/?sort=rob…, #/companies/123, #/salesforce, #/salesforce/accounts/001…), so the server only
// ever serves one document.
import { useCallback, useEffect, useRef, useSyncExternalStore, type MouseEvent } from 'react';
import type { WebApi } from './api.ts';
import type { ConsoleDataApi } from './console-api.ts';
import { AccountCards } from './AccountCards.tsx';
import { ContactsSection } from './ContactsSection.tsx';
import { useCompanyStore, useNow, useRemote } from './hooks.ts';
import { parsePortfolioQuery, portfolioSearch, type PortfolioQuery } from './portfolio.ts';
import { PortfolioPage } from './PortfolioPage.tsx';
import { SalesforceAccounts, SalesforceCardFrame, useSalesforceOrg } from './SalesforceConsole.tsx';
import { SettingsPage } from './SettingsPage.tsx';
import { WEB_WORDING } from './wording.ts';

export type Route =
  | { page: 'portfolio'; query: PortfolioQuery }
  | { page: 'account'; companyId: string }
  | { page: 'settings' }
  | { page: 'salesforce' }
  | { page: 'salesforce-account'; accountId: string }
  | { page: 'missing' };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  const [pathname = '/', search = ''] = path.split('?', 2);
  if (pathname === '/' || pathname === '') return { page: 'portfolio', query: parsePortfolioQuery(new URLSearchParams(search)) };
  if (pathname === '/settings') return { page: 'settings' };
  if (pathname === '/salesforce') return { page: 'salesforce' };
  const sfAccount = /^\/salesforce\/accounts\/([A-Za-z0-9]{15}|[A-Za-z0-9]{18})$/.exec(pathname);
  if (sfAccount) return { page: 'salesforce-account', accountId: sfAccount[1]! };
  const account = /^\/companies\/(\d{1,20})$/.exec(pathname);
  if (account) return { page: 'account', companyId: account[1]! };
  return { page: 'missing' };
}

export const portfolioHref = (query: PortfolioQuery) => {
  const search = portfolioSearch(query);
  return search ? `#/?${search}` : '#/';
};
export const accountHref = (companyId: string) => `#/companies/${encodeURIComponent(companyId)}`;

// The fragment as external state: `hashchange` for links and Back, a manual nudge for replaceState.
const nudges = new Set<() => void>();
function subscribeHash(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  nudges.add(listener);
  return () => {
    window.removeEventListener('hashchange', listener);
    nudges.delete(listener);
  };
}
const currentHash = () => window.location.hash;

function navigate(hash: string, replace = false): void {
  if (!replace) {
    window.location.hash = hash;
    return;
  }
  window.history.replaceState(window.history.state, '', hash);
  for (const nudge of [...nudges]) nudge();
}

export interface ConsoleProps {
  api: WebApi;
  data: ConsoleDataApi;
  portalId: string;
  locale: string;
}

export function Console({ api, data, portalId, locale }: ConsoleProps) {
  const hash = useSyncExternalStore(subscribeHash, currentHash);
  const route = parseRoute(hash);
  const now = useNow();
  const main = useRef<HTMLElement>(null);
  const lastPortfolio = useRef('#/');
  if (route.page === 'portfolio') lastPortfolio.current = hash || '#/';

  // A new page moves the focus to its heading, as a page load would (not on the first load).
  const first = useRef(true);
  const pageKey = route.page === 'account' ? `account:${route.companyId}` : route.page === 'salesforce-account' ? `salesforce:${route.accountId}` : route.page;
  const orgId = useSalesforceOrg(data);
  const onSalesforce = route.page === 'salesforce' || route.page === 'salesforce-account';
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.getElementById('page-heading')?.focus();
    window.scrollTo(0, 0);
  }, [pageKey]);

  const onQuery = useCallback((next: PortfolioQuery, replace?: boolean) => navigate(portfolioHref(next), replace), []);
  const skip = (event: MouseEvent) => {
    event.preventDefault();
    main.current?.focus();
  };

  return (
    <>
      <a className="skip-link" href="#main" onClick={skip}>
        {WEB_WORDING.app.skipToContent}
      </a>
      <header className="topbar">
        <a className="brand" href="#/">
          {WEB_WORDING.app.name}
        </a>
        {orgId !== null ? (
          <nav aria-label={WEB_WORDING.app.crmNav} className="main-nav crm-switch" data-testid="crm-switch">
            <a href="#/" aria-current={onSalesforce ? undefined : 'true'} data-testid="crm-hubspot">
              {WEB_WORDING.app.hubspotPortal(portalId)}
            </a>
            <a href="#/salesforce" aria-current={onSalesforce ? 'true' : undefined} data-testid="crm-salesforce">
              {WEB_WORDING.app.salesforceOrg(orgId)}
            </a>
          </nav>
        ) : null}
        {onSalesforce ? null : (
          <nav aria-label={WEB_WORDING.app.mainNav} className="main-nav">
            <a href="#/" aria-current={route.page === 'portfolio' ? 'page' : undefined}>
              {WEB_WORDING.portfolio.title}
            </a>
            <a href="#/settings" aria-current={route.page === 'settings' ? 'page' : undefined} data-testid="nav-settings">
              {WEB_WORDING.settings.nav}
            </a>
          </nav>
        )}
        <p className="portal" data-testid="portal">
          <strong>{onSalesforce && orgId !== null ? WEB_WORDING.app.org(orgId) : WEB_WORDING.app.portal(portalId)}</strong>
          <span className="portal-hint">{onSalesforce ? WEB_WORDING.app.orgHint : WEB_WORDING.app.portalHint}</span>
        </p>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        {route.page === 'portfolio' ? (
          <>
            <Title text={WEB_WORDING.portfolio.title} />
            <h1 id="page-heading" tabIndex={-1}>
              {WEB_WORDING.portfolio.title}
            </h1>
            <PortfolioPage api={api} data={data} query={route.query} onQuery={onQuery} accountHref={accountHref} now={now} locale={locale} />
          </>
        ) : route.page === 'settings' ? (
          <>
            <Title text={WEB_WORDING.settings.title} />
            <h1 id="page-heading" tabIndex={-1}>
              {WEB_WORDING.settings.title}
            </h1>
            <SettingsPage api={api} locale={locale} />
          </>
        ) : route.page === 'salesforce' ? (
          <>
            <Title text={WEB_WORDING.app.salesforceTitle} />
            <h1 id="page-heading" tabIndex={-1}>
              {WEB_WORDING.app.salesforceTitle}
            </h1>
            {orgId !== null ? <SalesforceAccounts orgId={orgId} api={data} locale={locale} /> : <p role="status">{WEB_WORDING.app.noOrg}</p>}
          </>
        ) : route.page === 'salesforce-account' ? (
          <>
            <Title text={WEB_WORDING.app.salesforceCardTitle(route.accountId)} />
            <nav aria-label={WEB_WORDING.account.breadcrumb} className="breadcrumb">
              <a href="#/salesforce" data-testid="back">
                <span aria-hidden="true">{'\u2190'} </span>
                {WEB_WORDING.app.salesforceTitle}
              </a>
            </nav>
            <h1 id="page-heading" tabIndex={-1}>
              {WEB_WORDING.app.salesforceCardTitle(route.accountId)}
            </h1>
            <SalesforceCardFrame key={route.accountId} accountId={route.accountId} />
          </>
        ) : route.page === 'account' ? (
          <AccountPage key={route.companyId} api={api} companyId={route.companyId} backHref={lastPortfolio.current} now={now} locale={locale} />
        ) : (
          <>
            <Title text={WEB_WORDING.app.notFound} />
            <h1 id="page-heading" tabIndex={-1}>
              {WEB_WORDING.app.notFound}
            </h1>
            <p>
              <a href="#/">{WEB_WORDING.account.back}</a>
            </p>
          </>
        )}
      </main>
    </>
  );
}

function Title({ text }: { text: string }) {
  useEffect(() => {
    document.title = WEB_WORDING.app.pageTitle(text);
  }, [text]);
  return null;
}

function AccountPage({ api, companyId, backHref, now, locale }: { api: WebApi; companyId: string; backHref: string; now: number; locale: string }) {
  const store = useCompanyStore(api, companyId);
  const state = useRemote(store);
  const name = state.kind === 'ready' || state.kind === 'insufficient' ? state.data.company.name : WEB_WORDING.account.loadingName(companyId);
  return (
    <>
      <Title text={name} />
      <nav aria-label={WEB_WORDING.account.breadcrumb} className="breadcrumb">
        <a href={backHref} data-testid="back">
          <span aria-hidden="true">{'\u2190'} </span>
          {WEB_WORDING.account.back}
        </a>
      </nav>
      <h1 id="page-heading" tabIndex={-1}>
        {name}
      </h1>
      <AccountCards api={api} companyId={companyId} store={store} now={now} locale={locale} />
      {state.kind === 'ready' || state.kind === 'insufficient' ? <ContactsSection api={api} contacts={state.data.contacts ?? []} now={now} locale={locale} /> : null}
    </>
  );
}
