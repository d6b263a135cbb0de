// The console's renewal model section: the same text and tables as the HubSpot settings page
// (renewal-model.ts), the reliability chart drawn by recharts with its numbers behind "Show the
// numbers", and the admin's switch between the default and the learned model.
import { useEffect, useMemo, useState } from 'react';
import { CartesianGrid, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis } from 'recharts';
import { createRemote } from '../model/client.ts';
import { errorModel, recomputePollDelay, renewalModelSection, WORDING, type ModelView } from '../model/index.ts';
import type { WebApi } from './api.ts';
import type { useAnnouncements } from './hooks.ts';
import { useRemote } from './hooks.ts';
import { reliabilityPoints, reliabilitySummary, type ReliabilityPoint } from './model-chart.ts';
import { ErrorView, Loading } from './parts.tsx';
import { WEB_WORDING } from './wording.ts';

type Announce = ReturnType<typeof useAnnouncements>['announce'];

export function ModelSection({ api, locale, announce }: { api: WebApi; locale: string; announce: Announce }) {
  const w = WORDING.settings.model;
  const store = useMemo(() => createRemote({ load: () => api.renewalModel(), classify: (data: ModelView) => ({ kind: 'ready' as const, data }) }), [api]);
  const state = useRemote(store);
  const [busy, setBusy] = useState(false);
  // Since when a switch's recompute is followed: the view is reloaded until every account is done.
  const [watchingSince, setWatchingSince] = useState<number | null>(null);
  useEffect(() => {
    if (watchingSince === null || state.kind !== 'ready' || state.refreshing) return;
    const delay = recomputePollDelay(state.data, watchingSince, Date.now());
    if (delay === null) return;
    const handle = setTimeout(() => store.reload(), delay);
    return () => clearTimeout(handle);
  }, [state, watchingSince, store]);
  async function choose(use: 'global' | 'learned') {
    setBusy(true);
    const result = await api.chooseRenewalModel(use);
    setBusy(false);
    if (result.ok) {
      announce({ tone: 'success', message: w.switched });
      setWatchingSince(Date.now());
      store.reload();
    } else announce({ tone: 'danger', message: errorModel(result.error).whatToDo });
  }
  const body =
    state.kind === 'error' ? (
      <ErrorView error={state.error} onRetry={() => store.reload()} />
    ) : state.kind === 'ready' ? (
      <ModelDetails view={state.data} locale={locale} busy={busy} onChoose={(use) => void choose(use)} />
    ) : (
      <Loading label={WORDING.states.loading} />
    );
  return (
    <section className="card" aria-labelledby="model-title" data-testid="renewal-model">
      <h2 id="model-title">{w.title}</h2>
      {body}
    </section>
  );
}

/** The section's content once the model view has loaded (renewal-model.ts), and the admin's switch. */
export function ModelDetails({ view, locale, busy, onChoose }: { view: ModelView; locale: string; busy: boolean; onChoose: (use: 'global' | 'learned') => void }) {
  const w = WORDING.settings.model;
  const section = renewalModelSection(view, locale);
  const action = section.action;
  const l = section.learned;
  return (
    <>
      <p data-testid="model-in-use">{section.inUse}</p>
      {section.recompute ? (
        <p data-testid="model-recompute" role="status" className={section.recompute.running ? undefined : 'muted'}>
          {section.recompute.text}
        </p>
      ) : null}
      {section.none ? <p className="muted">{section.none}</p> : null}
      {l ? (
        <>
          <p data-testid="model-learned-from">{l.learnedFrom}</p>
          {l.skipped ? <p data-testid="model-skipped">{l.skipped}</p> : null}
          <p className="muted">{l.reason}</p>
          {l.newest ? <p data-testid="model-newest">{l.newest}</p> : null}
          {l.horizon ? <p data-testid="model-horizon">{l.horizon}</p> : null}
          {l.heldOut ? <p data-testid="model-held-out">{l.heldOut}</p> : null}
          {l.auc ? <p data-testid="model-auc">{l.auc}</p> : null}
          {l.aucDefault ? <p className="muted">{l.aucDefault}</p> : null}
          {l.brier ? <p data-testid="model-brier">{l.brier}</p> : null}
          {l.brierSkill ? <p data-testid="model-brier-skill">{l.brierSkill}</p> : null}
          {l.ece ? <p data-testid="model-ece">{l.ece}</p> : null}
          {l.caught ? <p>{l.caught}</p> : null}
          <ReliabilityChart points={reliabilityPoints(view)} rows={l.reliability} locale={locale} />
          <p data-testid="model-levels-help" className="muted">{w.levelsHelp}</p>
          <Table testId="model-levels" caption={w.levelsTitle} head={[w.levelsColumns.level, w.levelsColumns.renewals, w.levelsColumns.rate]} rows={l.levels.map((r) => [r.level, r.renewals, r.rate])} />
          <p data-testid="model-coefficients-help" className="muted">{w.coefficientsHelp}</p>
          {l.coefficientsNote ? <p data-testid="model-coefficients-note">{l.coefficientsNote}</p> : null}
          <Table testId="model-coefficients" caption={w.coefficientsTitle} head={[w.coefficientsColumns.factor, w.coefficientsColumns.meaning, l.valueColumn, w.coefficientsColumns.global]} rows={l.coefficients.map((r) => [r.factor, r.meaning, r.value, r.global])} />
        </>
      ) : null}
      {action ? (
        <div className="button-row">
          <button type="button" onClick={() => onChoose(action.use)} disabled={busy} data-testid="choose-model">
            {busy ? w.switching : action.label}
          </button>
        </div>
      ) : null}
    </>
  );
}

function Table({ testId, caption, head, rows }: { testId: string; caption: string; head: string[]; rows: string[][] }) {
  return (
    <table className="table" data-testid={testId}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          {head.map((h, i) => (
            <th key={h} scope="col" className={i > 0 ? 'num' : undefined}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}>
            {r.map((c, j) =>
              j === 0 ? (
                <th key={j} scope="row">
                  {c}
                </th>
              ) : (
                <td key={j} className="num">
                  {c}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ReliabilityChart({ points, rows, locale }: { points: ReliabilityPoint[]; rows: Array<{ predicted: string; actual: string; renewals: string }>; locale: string }) {
  const w = WORDING.settings.model;
  const m = WEB_WORDING.model;
  const summary = reliabilitySummary(points, locale);
  const axis = { fontSize: 11, fill: '#4a5568' };
  return (
    <figure className="chart" data-testid="reliability-chart">
      <figcaption>
        <h3>{w.reliabilityTitle}</h3>
        <p data-testid="model-reliability-help" className="muted">{w.reliabilityHelp}</p>
        <p className="muted">{summary}</p>
      </figcaption>
      <div className="chart-box" role="img" aria-label={`${w.reliabilityTitle}. ${summary}`}>
        <ResponsiveContainer width="100%" height={260}>
          <ScatterChart margin={{ top: 8, right: 16, bottom: 24, left: 12 }} accessibilityLayer={false}>
            <CartesianGrid stroke="#e1e6ed" />
            <XAxis type="number" dataKey="predicted" name={m.predictedAxis} domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} tick={axis} label={{ value: m.predictedAxis, position: 'insideBottom', offset: -14, fontSize: 12, fill: '#4a5568' }} />
            <YAxis type="number" dataKey="actual" name={m.actualAxis} domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} tick={axis} width={48} label={{ value: m.actualAxis, angle: -90, position: 'insideLeft', offset: 4, fontSize: 12, fill: '#4a5568' }} />
            <ZAxis type="number" dataKey="renewals" range={[40, 200]} name={w.reliabilityColumns.renewals} />
            <ReferenceLine segment={[{ x: 0, y: 0 }, { x: 100, y: 100 }]} stroke="#718096" strokeDasharray="4 4" ifOverflow="extendDomain" label={{ value: m.perfect, position: 'insideTopLeft', fontSize: 11, fill: '#4a5568' }} />
            <Tooltip cursor={false} />
            <Scatter name={m.observed} data={points} fill="#0b5cad" isAnimationActive={false} />
          </ScatterChart>
        </ResponsiveContainer>
      </div>
      <details className="chart-table">
        <summary>{WEB_WORDING.chart.showTable}</summary>
        <Table testId="model-reliability" caption={w.reliabilityTitle} head={[w.reliabilityColumns.predicted, w.reliabilityColumns.actual, w.reliabilityColumns.renewals]} rows={rows.map((r) => [r.predicted, r.actual, r.renewals])} />
      </details>
    </figure>
  );
}
