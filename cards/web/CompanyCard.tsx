// The company card on the web, "Customer success": the same view model as the HubSpot record tab
// (cards/model company.ts) in plain HTML — the ROB score and why, value delivered, renewal risk,
// the success plan and the score's history, with Recompute.
import type { RemoteDataState } from '../model/client.ts';
import { companyCardModel, WORDING, type ApiError, type CompanyCardModel, type ReadySuccessView } from '../model/index.ts';
import { useRecompute } from '../model/hooks.ts';
import type { WebApi } from './api.ts';
import { HistoryChart } from './HistoryChart.tsx';
import { useAnnouncements, useRemote, type CompanyStore } from './hooks.ts';
import { Announcer, ErrorView, FigureView, Insufficient, RemoteView, ToneTag } from './parts.tsx';
import { PlanSection } from './PlanSection.tsx';
import { WEB_WORDING } from './wording.ts';

export interface CompanyCardProps {
  api: WebApi;
  companyId: string;
  /** The company's view (shared with the other cards on the page; see useCompanyStore). */
  store: CompanyStore;
  now: number;
  locale: string;
}

export function CompanyCard({ api, companyId, store, now, locale }: CompanyCardProps) {
  const state = useRemote(store);
  const { current, announce, dismiss } = useAnnouncements();
  const { running: recomputing, recompute } = useRecompute({ api, companyId, store, state, notify: announce, computedMessage: WEB_WORDING.account.recomputed });

  const recomputeButton = (
    <button type="button" onClick={() => void recompute()} disabled={recomputing} aria-busy={recomputing} data-testid="recompute">
      {recomputing ? WORDING.company.recomputing : WORDING.company.recompute}
    </button>
  );
  const announcer = <Announcer current={current} onDismiss={dismiss} />;

  const plan = (data: ReadySuccessView, model: CompanyCardModel) => (
    <PlanSection model={model.plan} plan={data.plan} api={api} companyId={companyId} now={now} locale={locale} announce={announce} onSaved={() => store.reload()} />
  );

  const error = (e: ApiError) => (
    <>
      {announcer}
      <ErrorView error={e} onRetry={() => store.reload()}>
        {e.kind === 'not_found' ? recomputeButton : null}
      </ErrorView>
    </>
  );
  const loaded = (state: RemoteDataState<ReadySuccessView>) => {
    const model = companyCardModel(state.data, now, locale);
    if (state.kind === 'insufficient') {
      const insufficient = model.insufficient ?? { title: WORDING.states.insufficientTitle, reason: WORDING.states.insufficientFallback, whatToDo: null };
      return (
        <div className="company-card" aria-busy={state.refreshing}>
          {announcer}
          <Insufficient title={insufficient.title} reason={insufficient.reason} whatToDo={insufficient.whatToDo}>
            {recomputeButton}
          </Insufficient>
          <Computed model={model} computedAt={state.data.computedAt} />
          {plan(state.data, model)}
        </div>
      );
    }
    return (
      <div className="company-card" aria-busy={state.refreshing}>
        {announcer}
        <div className="card-toolbar">
          <Computed model={model} computedAt={state.data.computedAt} />
          {recomputeButton}
        </div>
        <dl className="figures">
          <FigureView figure={model.score} trend={model.trend} />
          <FigureView figure={model.risk.probability} />
          {model.value.figures.slice(0, 2).map((f) => (
            <FigureView key={f.key} figure={f} />
          ))}
        </dl>
        <p className="muted" data-testid="score-trend">
          {model.trend?.display ?? model.trendFallback}
        </p>
        {model.score.hint ? <p className="muted small">{model.score.hint}</p> : null}
        {plan(state.data, model)}
        <Components model={model} />
        <Risk model={model} />
        <section className="card-section" aria-labelledby="value-title">
          <h3 id="value-title">{model.value.title}</h3>
          <dl className="figures">
            {model.value.figures.slice(2).map((f) => (
              <FigureView key={f.key} figure={f} />
            ))}
          </dl>
          <p>{model.value.note}</p>
        </section>
        <section className="card-section" aria-labelledby="history-title">
          <h3 id="history-title">{model.history.title}</h3>
          {model.history.empty ? <p className="muted">{model.history.empty}</p> : <HistoryChart points={model.history.points} title={model.history.title} locale={locale} />}
          {model.history.note ? (
            <p className="muted" data-testid="history-note">
              {model.history.note}
            </p>
          ) : null}
        </section>
      </div>
    );
  };

  return <RemoteView state={state} onRetry={() => store.reload()} views={{ error, data: loaded }} />;
}

function Computed({ model, computedAt }: { model: CompanyCardModel; computedAt: string }) {
  return (
    <div className="computed">
      <p className="muted">
        <time dateTime={computedAt} title={computedAt} data-testid="computed-at">
          {model.computed.text}
        </time>
      </p>
      {model.computed.pendingWrite ? <p className="muted small">{model.computed.pendingWrite}</p> : null}
    </div>
  );
}

function Components({ model }: { model: CompanyCardModel }) {
  const c = WORDING.company.componentColumns;
  return (
    <section className="card-section" aria-labelledby="components-title">
      <h3 id="components-title">{model.components.title}</h3>
      <table className="table stack" data-testid="components">
        <caption className="sr-only">{model.components.title}</caption>
        <thead>
          <tr>
            <th scope="col">{c.component}</th>
            <th scope="col" className="num">
              {c.points}
            </th>
            <th scope="col" className="num">
              {c.weight}
            </th>
            <th scope="col">{c.reason}</th>
          </tr>
        </thead>
        <tbody>
          {model.components.rows.map((row) => (
            <tr key={row.key} data-testid={`component-${row.key}`}>
              <th scope="row" data-label={c.component}>
                <ToneTag tag={{ text: row.label, tone: row.tone }} />
              </th>
              <td className="num" data-label={c.points}>
                {row.points}
              </td>
              <td className="num" data-label={c.weight}>
                {row.weight}
              </td>
              <td data-label={c.reason}>{row.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {model.components.basis ? <p data-testid="score-basis">{model.components.basis}</p> : null}
    </section>
  );
}

function Risk({ model }: { model: CompanyCardModel }) {
  const r = model.risk;
  return (
    <section className="card-section" aria-labelledby="risk-title" data-testid="risk">
      <div className="inline">
        <h3 id="risk-title">{r.title}</h3>
        <ToneTag tag={r.level} testId="risk-level" />
      </div>
      <p>{r.renewal}</p>
      {r.notes.length > 0 ? (
        <ul className="notes">
          {r.notes.map((n, i) => (
            <li key={i} className={`note tone-border-${n.tone}`}>
              {n.text}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
