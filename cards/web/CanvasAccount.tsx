// The Salesforce Account card: the console's account page without the console around it — the
// company card (ROB, risk, plan with objectives editing, next step, Recompute) and "Before you
// pitch", side by side when the Lightning column is wide enough, stacked otherwise — and, one tab
// away, the org's settings and admins (CanvasSettings).
import { useState } from 'react';
import type { WebApi } from './api.ts';
import { CanvasSettings } from './CanvasSettings.tsx';
import { AccountCards } from './AccountCards.tsx';
import { useCompanyStore, useNow, useRemote } from './hooks.ts';
import { WEB_WORDING } from './wording.ts';

type Tab = 'account' | 'settings';

export function CanvasAccount({ api, accountId, locale }: { api: WebApi; accountId: string; locale: string }) {
  const [tab, setTab] = useState<Tab>('account');
  const w = WEB_WORDING.canvas;
  return (
    <main className="canvas-card" aria-labelledby="page-heading">
      <nav aria-label={w.tabs} className="button-row">
        {(['account', 'settings'] as const).map((t) => (
          <button key={t} type="button" aria-current={tab === t ? 'page' : undefined} className={tab === t ? 'primary' : undefined} onClick={() => setTab(t)} data-testid={`canvas-tab-${t}`}>
            {w[t]}
          </button>
        ))}
      </nav>
      {tab === 'account' ? (
        <AccountTab api={api} accountId={accountId} locale={locale} />
      ) : (
        <>
          <h1 id="page-heading">{WEB_WORDING.settings.title}</h1>
          <CanvasSettings api={api} locale={locale} />
        </>
      )}
    </main>
  );
}

function AccountTab({ api, accountId, locale }: { api: WebApi; accountId: string; locale: string }) {
  const now = useNow();
  const store = useCompanyStore(api, accountId);
  const state = useRemote(store);
  const name = state.kind === 'ready' || state.kind === 'insufficient' ? state.data.company.name : WEB_WORDING.account.loadingName(accountId);
  return (
    <>
      <h1 id="page-heading" data-testid="account-name">
        {name}
      </h1>
      <AccountCards api={api} companyId={accountId} store={store} now={now} locale={locale} />
    </>
  );
}
