// The console's Salesforce side: the demo org's scored accounts, and an Account's card opened the
// way Salesforce opens it — the iframe loads the console's Canvas bridge
// (server/http/routes/console-salesforce.ts), which POSTs Salesforce's signed request to the
// sidecar's Canvas route on the server and answers with that page. The page never sees the signed
// request or the org's session; the card inside talks to the sidecar with its own card token.
import { useEffect, useState } from 'react';
import { DEFAULT_LOCALE, formatDate, NO_VALUE, probabilityFigure, riskTag, scoreFigure, type ApiError } from '../model/index.ts';
import { salesforceCardUrl, type ConsoleDataApi, type ConsoleResponse, type SalesforceAccountRow } from './console-api.ts';
import { WEB_WORDING } from './wording.ts';

type Accounts = ConsoleResponse<'salesforceAccounts'>;
type Loaded<T> = { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'ready'; data: T };

/** The console's own message when it has one (it says what to do), else the status. */
const failureText = (error: ApiError) => error.serverMessage ?? (error.status === null ? 'The console did not answer.' : `The console answered ${error.status}.`);

/** The demo org the console can switch to, or null when this sidecar runs without one. */
export function useSalesforceOrg(api: ConsoleDataApi): string | null {
  const [orgId, setOrgId] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void api.salesforceOrg().then((answer) => {
      if (live && answer.ok) setOrgId(answer.data.orgId);
    });
    return () => {
      live = false;
    };
  }, [api]);
  return orgId;
}

export const salesforceAccountHref = (accountId: string) => `#/salesforce/accounts/${encodeURIComponent(accountId)}`;

function useAccounts(api: ConsoleDataApi): Loaded<Accounts> {
  const [state, setState] = useState<Loaded<Accounts>>({ kind: 'loading' });
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      const answer = await api.salesforceAccounts();
      if (!live) return;
      if (!answer.ok) {
        setState({ kind: 'failed', message: failureText(answer.error) });
        return;
      }
      setState({ kind: 'ready', data: answer.data });
      // While the first sync runs, the list fills in by itself.
      if (answer.data.total === 0) timer = setTimeout(() => void load(), 2_000);
    };
    void load();
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [api]);
  return state;
}

/** The org's accounts, with the same headings, figures and risk labels as the HubSpot portfolio. */
export function SalesforceAccounts({ orgId, api, locale = DEFAULT_LOCALE }: { orgId: string; api: ConsoleDataApi; locale?: string }) {
  const columns = WEB_WORDING.portfolio.columns;
  const state = useAccounts(api);
  if (state.kind === 'loading') return <p role="status">Loading the accounts of org {orgId}…</p>;
  if (state.kind === 'failed') return <p role="alert">{state.message}</p>;
  const { items, total } = state.data;
  if (items.length === 0) return <p role="status">No account of org {orgId} is scored yet: the first sync is running.</p>;
  return (
    <>
      <p data-testid="salesforce-range">
        {items.length} of {total} accounts, lowest ROB first. Open one to see its card as Salesforce shows it on the Account page.
      </p>
      <div className="table-wrap">
        <table className="portfolio" data-testid="salesforce-accounts">
          <thead>
            <tr>
              <th scope="col">{columns.name}</th>
              <th scope="col">{columns.rob}</th>
              <th scope="col">{columns.risk}</th>
              <th scope="col">{columns.chance}</th>
              <th scope="col">{columns.renewal}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((a: SalesforceAccountRow) => (
              <tr key={a.accountId} data-testid="salesforce-row">
                <th scope="row">
                  <a href={salesforceAccountHref(a.accountId)} data-testid="salesforce-account-link">
                    {a.name}
                  </a>
                </th>
                <td>{scoreFigure(a.robScore, locale).display}</td>
                <td>{riskTag(a.riskLevel).text}</td>
                <td>{probabilityFigure(a.renewalProbability, a.riskLevel, locale).display}</td>
                <td>{a.renewalDate === null ? NO_VALUE : formatDate(a.renewalDate, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export function SalesforceCardFrame({ accountId }: { accountId: string }) {
  return (
    <iframe
      className="canvas-frame"
      data-testid="salesforce-card-frame"
      title={`Success Sidecar card for Account ${accountId}`}
      src={salesforceCardUrl(accountId)}
      style={{ width: '100%', height: '1000px', border: '1px solid #d8dde6', borderRadius: '4px' }}
    />
  );
}
