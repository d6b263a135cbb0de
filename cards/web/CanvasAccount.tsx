// The Salesforce Account card: the console's account page without the console around it — the
// company card (ROB, risk, plan with objectives editing, next step, Recompute) and "Before you
// pitch", side by side when the Lightning column is wide enough, stacked otherwise.
import { WORDING } from '../model/index.ts';
import type { WebApi } from './api.ts';
import { CompanyCard } from './CompanyCard.tsx';
import { useCompanyStore, useNow, useRemote } from './hooks.ts';
import { PitchCard } from './PitchCard.tsx';
import { WEB_WORDING } from './wording.ts';

export function CanvasAccount({ api, accountId, locale }: { api: WebApi; accountId: string; locale: string }) {
  const now = useNow();
  const store = useCompanyStore(api, accountId);
  const state = useRemote(store);
  const name = state.kind === 'ready' || state.kind === 'insufficient' ? state.data.company.name : WEB_WORDING.account.loadingName(accountId);
  return (
    <main className="canvas-card" aria-labelledby="page-heading">
      <h1 id="page-heading" data-testid="account-name">
        {name}
      </h1>
      <div className="account-layout">
        <section className="card" aria-labelledby="company-card-title" data-testid="company-card">
          <h2 id="company-card-title">{WORDING.titles.company}</h2>
          <CompanyCard api={api} companyId={accountId} store={store} now={now} locale={locale} />
        </section>
        <aside className="card sidebar" aria-labelledby="pitch-card-title" data-testid="pitch-card">
          <h2 id="pitch-card-title">{WORDING.titles.pitch}</h2>
          <PitchCard store={store} now={now} locale={locale} />
        </aside>
      </div>
    </main>
  );
}
