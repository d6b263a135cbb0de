// The account page's two cards side by side — the company card and "Before you pitch" — sharing
// one company view: the console's account page and the Salesforce Canvas card both show them.
import { WORDING } from '../model/index.ts';
import type { WebApi } from './api.ts';
import { CompanyCard } from './CompanyCard.tsx';
import type { CompanyStore } from './hooks.ts';
import { PitchCard } from './PitchCard.tsx';

export function AccountCards({ api, companyId, store, now, locale }: { api: WebApi; companyId: string; store: CompanyStore; now: number; locale: string }) {
  return (
    <div className="account-layout">
      <section className="card" aria-labelledby="company-card-title" data-testid="company-card">
        <h2 id="company-card-title">{WORDING.titles.company}</h2>
        <CompanyCard api={api} companyId={companyId} store={store} now={now} locale={locale} />
      </section>
      <aside className="card sidebar" aria-labelledby="pitch-card-title" data-testid="pitch-card">
        <h2 id="pitch-card-title">{WORDING.titles.pitch}</h2>
        <PitchCard store={store} now={now} locale={locale} />
      </aside>
    </div>
  );
}
