// Above the portfolio table: the sync's progress while it runs, the headline figures and the two
// charts. Both reload by themselves when new results are stored (see live.ts).
import { useEffect, useMemo, useRef } from 'react';
import { createRemote } from '../model/client.ts';
import type { ConsoleDataApi } from './console-api.ts';
import { useRemote } from './hooks.ts';
import { RenewalsChart, RobDistributionChart } from './OverviewCharts.tsx';
import { headlines, localDay, progressModel, type PortfolioOverview, type PortfolioProgress } from './overview.ts';
import { ErrorView, Loading } from './parts.tsx';
import { WEB_WORDING } from './wording.ts';

export function SyncProgress({ progress, locale }: { progress: PortfolioProgress | null; locale: string }) {
  const w = WEB_WORDING.progress;
  // The panel stays in the page (a live region must exist before it changes); it is empty when idle.
  const m = progress ? progressModel(progress, locale) : null;
  const wasActive = useRef(false);
  const finished = m !== null && !m.active && wasActive.current;
  if (m) wasActive.current = m.active || wasActive.current;
  return (
    <section className="sync-progress" aria-label={w.label} data-testid="sync-progress" data-active={m?.active ? 'true' : 'false'}>
      <div role="status" aria-live="polite">
        {m && m.active ? (
          <div className="card progress-card">
            <p className="state-title">{m.title}</p>
            <progress value={m.value} max={m.max} aria-label={w.bar} data-testid="progress-bar" />
            <p className="muted" data-testid="progress-counts">
              {m.text}
            </p>
          </div>
        ) : finished ? (
          <p className="muted">{w.done}</p>
        ) : null}
      </div>
      {m && m.failedWrites > 0 ? (
        <p className="tone-text-danger" data-testid="failed-writes">
          {w.failed(m.failedWrites)}
        </p>
      ) : null}
    </section>
  );
}

export function OverviewSection({ api, version, now, locale }: { api: ConsoleDataApi; version: string; now: number; locale: string }) {
  const w = WEB_WORDING.overview;
  const today = localDay(now);
  const store = useMemo(() => createRemote({ load: () => api.overview(today), classify: (data: PortfolioOverview) => ({ kind: 'ready' as const, data }) }), [api, today]);
  const state = useRemote(store);
  const seen = useRef(version);
  useEffect(() => {
    if (seen.current === version) return;
    seen.current = version;
    store.reload();
  }, [version, store]);

  return (
    <section className="overview" aria-labelledby="overview-title" data-testid="overview">
      <h2 id="overview-title">{w.title}</h2>
      {state.kind === 'error' ? (
        <ErrorView error={state.error} onRetry={() => store.reload()} />
      ) : state.kind === 'ready' ? (
        <>
          <dl className="headlines" data-testid="headlines">
            {headlines(state.data, locale).map((h) => (
              <div key={h.key} className="headline" data-testid={`headline-${h.key}`}>
                <dt>{h.label}</dt>
                <dd>
                  <span className={`figure-value tone-text-${h.tone}`}>{h.display}</span>
                  {h.detail ? <span className="muted block">{h.detail}</span> : null}
                </dd>
              </div>
            ))}
          </dl>
          <div className="overview-charts">
            <RenewalsChart overview={state.data} locale={locale} />
            <RobDistributionChart overview={state.data} locale={locale} />
          </div>
        </>
      ) : (
        <Loading label={w.loading} />
      )}
    </section>
  );
}
