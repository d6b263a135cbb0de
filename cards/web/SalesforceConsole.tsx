// The console's Salesforce side: the demo org's scored accounts, and an Account's card opened the
// way Salesforce opens it — the iframe loads the console's Canvas bridge
// (server/http/routes/console-salesforce.ts), which POSTs Salesforce's signed request to the
// sidecar's Canvas route on the server and answers with that page. The page never sees the signed
// request or the org's session; the card inside talks to the sidecar with its own card token.
import { useEffect, useState } from 'react';

export const SALESFORCE_CONSOLE_BASE = '/console/salesforce';

export interface SalesforceAccountRow {
  accountId: string;
  name: string;
  robScore: number | null;
  riskLevel: string | null;
  renewalProbability: number | null;
  renewalDate: string | null;
}

type Loaded<T> = { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'ready'; data: T };

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (!response.ok) throw new Error(body?.error?.message ?? `The console answered ${response.status}.`);
  return body as T;
}

/** The demo org the console can switch to, or null when this sidecar runs without one. */
export function useSalesforceOrg(): string | null {
  const [orgId, setOrgId] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    getJson<{ orgId: string }>(SALESFORCE_CONSOLE_BASE).then(
      (d) => live && setOrgId(d.orgId),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return orgId;
}

export const salesforceAccountHref = (accountId: string) => `#/salesforce/accounts/${encodeURIComponent(accountId)}`;

function useAccounts(): Loaded<{ total: number; items: SalesforceAccountRow[] }> {
  const [state, setState] = useState<Loaded<{ total: number; items: SalesforceAccountRow[] }>>({ kind: 'loading' });
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () =>
      getJson<{ total: number; items: SalesforceAccountRow[] }>(`${SALESFORCE_CONSOLE_BASE}/accounts`).then(
        (data) => {
          if (!live) return;
          setState({ kind: 'ready', data });
          // While the first sync runs, the list fills in by itself.
          if (data.total === 0) timer = setTimeout(() => void load(), 2_000);
        },
        (error: unknown) => live && setState({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
      );
    void load();
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, []);
  return state;
}

const percent = (p: number | null) => (p === null ? '—' : `${Math.round(p * 100)} %`);

export function SalesforceAccounts({ orgId }: { orgId: string }) {
  const state = useAccounts();
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
              <th scope="col">Account</th>
              <th scope="col">ROB score</th>
              <th scope="col">Renewal risk</th>
              <th scope="col">Chance of renewing</th>
              <th scope="col">Renewal date</th>
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <tr key={a.accountId} data-testid="salesforce-row">
                <th scope="row">
                  <a href={salesforceAccountHref(a.accountId)} data-testid="salesforce-account-link">
                    {a.name}
                  </a>
                </th>
                <td>{a.robScore === null ? '—' : a.robScore.toFixed(1)}</td>
                <td>{a.riskLevel ?? '—'}</td>
                <td>{percent(a.renewalProbability)}</td>
                <td>{a.renewalDate ?? '—'}</td>
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
      src={`${SALESFORCE_CONSOLE_BASE}/card/${encodeURIComponent(accountId)}`}
      style={{ width: '100%', height: '1000px', border: '1px solid #d8dde6', borderRadius: '4px' }}
    />
  );
}
