// The portfolio: every account with its ROB score, trend, renewal risk, renewal date and
// show-stoppers; sortable by column, filterable by risk and name, paged. The query lives in the
// address (see portfolio.ts), so Back, bookmarks and reloads keep the view.
import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type MouseEvent } from 'react';
import { createRemote } from '../model/client.ts';
import { errorModel, RISK_LABELS, type ApiError, type RiskLevel } from '../model/index.ts';
import type { Portfolio, PortfolioSort, WebApi } from './api.ts';
import { allPortfolioItems, type ConsoleDataApi } from './console-api.ts';
import { useAnnouncements, useRemote } from './hooks.ts';
import { useLiveProgress } from './live.ts';
import { csvFileName, localDay, portfolioCsv } from './overview.ts';
import { OverviewSection, SyncProgress } from './PortfolioOverview.tsx';
import { Announcer, ErrorView, Loading, ToneTag } from './parts.tsx';
import { PAGE_SIZES, pageInfo, portfolioRow, RISK_FILTERS, sortDescription, sortedBy, toApiParams, type PortfolioQuery } from './portfolio.ts';
import { WEB_WORDING } from './wording.ts';

export interface PortfolioPageProps {
  api: WebApi;
  /** The console's overview, progress and "Recompute all". */
  data: ConsoleDataApi;
  query: PortfolioQuery;
  /** Show another query; `replace` for changes that should not add a Back step (typing). */
  onQuery: (next: PortfolioQuery, replace?: boolean) => void;
  accountHref: (companyId: string) => string;
  now: number;
  locale: string;
}

const SEARCH_DELAY_MS = 300;

export function PortfolioPage({ api, data: dataApi, query, onQuery, accountHref, now, locale }: PortfolioPageProps) {
  const w = WEB_WORDING.portfolio;
  const key = JSON.stringify(toApiParams(query));
  // One store per query: answers to an older query can never overwrite a newer one.
  const store = useMemo(() => createRemote({ load: () => api.portfolio(toApiParams(query)), classify: (data: Portfolio) => ({ kind: 'ready' as const, data }) }), [api, key]);
  const state = useRemote(store);
  const live = useLiveProgress(dataApi);
  const { current, announce, dismiss } = useAnnouncements();
  // New results stored (the sync, a recompute): the rows shown reload in place.
  const seenVersion = useRef(live.version);
  useEffect(() => {
    if (seenVersion.current === live.version) return;
    seenVersion.current = live.version;
    store.reload();
  }, [live.version, store]);
  const last = useRef<Portfolio | null>(null);
  if (state.kind === 'ready') last.current = state.data;
  const data = state.kind === 'ready' ? state.data : last.current;
  const updating = state.kind === 'loading' && data !== null;

  // A filter that leaves fewer pages than the page shown: go to the last page there is.
  useEffect(() => {
    if (state.kind === 'ready' && state.data.items.length === 0 && state.data.total > 0 && query.page > 1) {
      onQuery({ ...query, page: Math.ceil(state.data.total / query.size) }, true);
    }
  }, [state, query, onQuery]);

  const [exporting, setExporting] = useState(false);
  async function exportCsv() {
    setExporting(true);
    const all = await allPortfolioItems(api, toApiParams(query));
    setExporting(false);
    if (!all.ok) {
      announce({ tone: 'danger', message: errorSentence(all.error) });
      return;
    }
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([portfolioCsv(all.data)], { type: 'text/csv;charset=utf-8' }));
    link.download = csvFileName(localDay(now), query.q !== '' || query.risk !== null);
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    announce({ tone: 'success', message: w.exported(all.data.length) });
  }
  async function recomputeAll() {
    const answer = await dataApi.recomputeAll();
    if (!answer.ok) {
      announce({ tone: 'danger', message: errorSentence(answer.error) });
      return;
    }
    live.poke();
    announce({ tone: 'info', message: w.recomputeAllQueued });
  }

  return (
    <div className="portfolio">
      <p className="lead">{w.intro}</p>
      <SyncProgress progress={live.progress} locale={locale} />
      <OverviewSection api={dataApi} version={live.version} now={now} locale={locale} />
      <h2 className="table-title">{w.tableTitle}</h2>
      <Filters query={query} onQuery={onQuery} />
      <div className="button-row table-actions">
        <button type="button" onClick={() => void exportCsv()} disabled={exporting} data-testid="export-csv">
          {exporting ? w.exporting : query.q || query.risk ? w.exportCsvFiltered : w.exportCsv}
        </button>
        <button type="button" onClick={() => void recomputeAll()} data-testid="recompute-all">
          {w.recomputeAll}
        </button>
      </div>
      <Announcer current={current} onDismiss={dismiss} />
      {state.kind === 'error' ? <ErrorView error={state.error} onRetry={() => store.reload()} /> : null}
      {data === null ? (
        state.kind === 'loading' ? <Loading label={w.loading} /> : null
      ) : (
        <Results data={data} query={query} onQuery={onQuery} accountHref={accountHref} updating={updating} syncing={live.progress?.syncing ?? false} now={now} locale={locale} />
      )}
    </div>
  );
}

function Filters({ query, onQuery }: { query: PortfolioQuery; onQuery: PortfolioPageProps['onQuery'] }) {
  const w = WEB_WORDING.portfolio;
  const id = useId();
  const [text, setText] = useState(query.q);
  // The address changed elsewhere (Back, a link, Clear): show its name filter — but leave what is
  // being typed alone when it already means the same (a trailing space, say).
  useEffect(() => setText((typed) => (typed.trim() === query.q ? typed : query.q)), [query.q]);
  useEffect(() => {
    if (text.trim() === query.q) return;
    const handle = setTimeout(() => onQuery({ ...query, q: text.trim(), page: 1 }, true), SEARCH_DELAY_MS);
    return () => clearTimeout(handle);
  }, [text, query, onQuery]);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (text.trim() !== query.q) onQuery({ ...query, q: text.trim(), page: 1 });
  }

  return (
    <form role="search" aria-label={w.filtersLabel} className="filters" onSubmit={submit}>
      <div className="field">
        <label htmlFor={`${id}-q`}>{w.search}</label>
        <input id={`${id}-q`} type="search" name="q" value={text} placeholder={w.searchPlaceholder} maxLength={100} autoComplete="off" onChange={(e) => setText(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-risk`}>{w.risk}</label>
        <select id={`${id}-risk`} name="risk" value={query.risk ?? ''} onChange={(e) => onQuery({ ...query, risk: (e.target.value || null) as RiskLevel | null, page: 1 })}>
          <option value="">{w.anyRisk}</option>
          {RISK_FILTERS.map((r) => (
            <option key={r} value={r}>
              {RISK_LABELS[r].text}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-size`}>{w.pageSize}</label>
        <select id={`${id}-size`} name="size" value={query.size} onChange={(e) => onQuery({ ...query, size: Number(e.target.value), page: 1 })}>
          {PAGE_SIZES.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </div>
      <div className="button-row">
        <button type="submit">{w.apply}</button>
        {query.q || query.risk ? (
          <button type="button" className="link-button" onClick={() => onQuery({ ...query, q: '', risk: null, page: 1 })}>
            {w.clear}
          </button>
        ) : null}
      </div>
    </form>
  );
}

interface ResultsProps {
  data: Portfolio;
  query: PortfolioQuery;
  onQuery: PortfolioPageProps['onQuery'];
  accountHref: (companyId: string) => string;
  updating: boolean;
  syncing: boolean;
  now: number;
  locale: string;
}

function Results({ data, query, onQuery, accountHref, updating, syncing, now, locale }: ResultsProps) {
  const w = WEB_WORDING.portfolio;
  const info = pageInfo(data.total, data.offset, data.limit, data.items.length);
  const rows = data.items.map((item) => portfolioRow(item, now, locale));
  const filtered = query.q !== '' || query.risk !== null;
  const sortHeader = (sort: PortfolioSort, label: string, className?: string) => {
    const active = query.sort === sort;
    return (
      <th scope="col" className={className} aria-sort={active ? (query.order === 'asc' ? 'ascending' : 'descending') : undefined}>
        <button type="button" className="sort" onClick={() => onQuery(sortedBy(query, sort))} title={w.sortBy(label)} data-testid={`sort-${sort}`}>
          {label}
          <span className="sort-mark" aria-hidden="true">
            {active ? (query.order === 'asc' ? '\u25B2' : '\u25BC') : '\u21C5'}
          </span>
        </button>
      </th>
    );
  };
  // The whole row opens the account for mouse users; keyboard users use the name's link.
  const open = (event: MouseEvent<HTMLTableRowElement>, companyId: string) => {
    if ((event.target as HTMLElement).closest('a, button')) return;
    window.location.hash = accountHref(companyId).replace(/^#/, '');
  };

  return (
    <>
      <p className="range" aria-live="polite" data-testid="portfolio-range">
        {info.range}
        {updating ? <span className="muted"> · {w.updating}</span> : null}
      </p>
      {rows.length === 0 ? (
        <p className="state" data-testid="portfolio-empty">{filtered ? w.empty : syncing ? w.emptySyncing : w.emptyPortal}</p>
      ) : (
        <table className="table stack portfolio-table" aria-busy={updating} data-testid="portfolio-table">
          <caption className="sr-only">{w.caption(sortDescription(query))}</caption>
          <thead>
            <tr>
              {sortHeader('name', w.columns.name)}
              {sortHeader('rob', w.columns.rob, 'num')}
              <th scope="col" className="num">
                {w.columns.trend}
              </th>
              <th scope="col">{w.columns.risk}</th>
              {sortHeader('risk', w.columns.chance, 'num')}
              <th scope="col" className="num">
                {w.columns.arr}
              </th>
              {sortHeader('renewal', w.columns.renewal)}
              <th scope="col" className="num">
                {w.columns.showStoppers}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.companyId} className="clickable" onClick={(e) => open(e, r.companyId)} data-testid="portfolio-row" data-company-id={r.companyId}>
                <th scope="row" data-label={w.columns.name}>
                  <a href={accountHref(r.companyId)} data-testid="account-link">
                    {r.name}
                  </a>
                  {r.insufficient ? (
                    <span className="block">
                      <ToneTag tag={{ text: w.insufficient, tone: 'default' }} />
                    </span>
                  ) : null}
                </th>
                <td className="num" data-label={w.columns.rob}>
                  <span className={`figure-value small tone-text-${r.score.tone}`}>{r.score.display}</span>
                </td>
                <td className="num" data-label={w.columns.trend}>
                  <span className={r.trend ? `tone-text-${r.trend.tone}` : undefined} title={r.trend?.display}>
                    {r.trendText}
                  </span>
                </td>
                <td data-label={w.columns.risk}>
                  <ToneTag tag={r.risk} />
                </td>
                <td className="num long-label" data-label={w.columns.chance}>
                  <span className={`tone-text-${r.probability.tone}`}>{r.probability.display}</span>
                </td>
                <td className="num" data-label={w.columns.arr}>
                  {r.arr}
                </td>
                <td data-label={w.columns.renewal}>
                  {r.renewal.date ? <time dateTime={r.renewal.date}>{r.renewal.display}</time> : r.renewal.display}
                  {r.renewal.relative ? <span className="muted block">{r.renewal.relative}</span> : null}
                </td>
                <td className="num" data-label={w.columns.showStoppers}>
                  <span className={`tone-text-${r.showStoppers.tone}`}>{r.showStoppers.display}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav className="pager" aria-label={w.pagination}>
        <button type="button" onClick={() => onQuery({ ...query, page: info.page - 1 })} disabled={!info.hasPrevious} data-testid="previous-page">
          {w.previous}
        </button>
        <span data-testid="page-text">{info.pageText}</span>
        <button type="button" onClick={() => onQuery({ ...query, page: info.page + 1 })} disabled={!info.hasNext} data-testid="next-page">
          {w.next}
        </button>
      </nav>
    </>
  );
}

function errorSentence(error: ApiError): string {
  const m = errorModel(error);
  return `${m.title}. ${m.whatToDo}`;
}
