// The console's failed write-backs: what the CRM refused for good (write-failures.ts, the same
// view model as the HubSpot settings page), and the admin's "send them again".
import { useMemo, useState } from 'react';
import { createRemote } from '../model/client.ts';
import { errorModel, WORDING, writeFailuresSection, type WriteFailures } from '../model/index.ts';
import type { WebApi } from './api.ts';
import type { useAnnouncements } from './hooks.ts';
import { useRemote } from './hooks.ts';
import { ErrorView, Loading } from './parts.tsx';

type Announce = ReturnType<typeof useAnnouncements>['announce'];

export function WriteFailuresSection({ api, canManage, locale, announce }: { api: WebApi; canManage: boolean; locale: string; announce: Announce }) {
  const w = WORDING.settings.writeFailures;
  const store = useMemo(() => createRemote({ load: () => api.writeFailures(), classify: (data: WriteFailures) => ({ kind: 'ready' as const, data }) }), [api]);
  const state = useRemote(store);
  const [busy, setBusy] = useState(false);
  const body = (() => {
    if (state.kind === 'error') return <ErrorView error={state.error} onRetry={() => store.reload()} />;
    if (state.kind !== 'ready') return <Loading label={WORDING.states.loading} />;
    const section = writeFailuresSection(state.data, canManage, locale);
    const redrive = section.redrive;
    async function send(ids: number[]) {
      setBusy(true);
      const result = await api.redriveWriteFailures(ids);
      setBusy(false);
      if (result.ok) {
        announce({ tone: 'success', message: w.redriven(result.data.redriven) });
        store.reload();
      } else announce({ tone: 'danger', message: errorModel(result.error).whatToDo });
    }
    const c = w.columns;
    return (
      <>
        {section.none ? <p data-testid="write-failures-none">{section.none}</p> : null}
        {section.intro ? <p className="muted">{section.intro}</p> : null}
        {section.rows.length > 0 ? (
          <div className="table-scroll">
            <table className="table" data-testid="write-failures-table">
              <thead>
                <tr>
                  <th scope="col">{c.company}</th>
                  <th scope="col">{c.properties}</th>
                  <th scope="col" className="num">
                    {c.attempts}
                  </th>
                  <th scope="col">{c.error}</th>
                  <th scope="col">{c.failedAt}</th>
                </tr>
              </thead>
              <tbody>
                {section.rows.map((r) => (
                  <tr key={r.id} data-testid="write-failure-row">
                    <th scope="row">{r.companyId}</th>
                    <td>{r.properties}</td>
                    <td className="num">{r.attempts}</td>
                    <td>{r.error}</td>
                    <td>{r.failedAt}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {section.adminsOnly ? <p className="muted">{section.adminsOnly}</p> : null}
        {redrive ? (
          <div className="button-row">
            <button type="button" onClick={() => void send(redrive.ids)} disabled={busy} data-testid="redrive">
              {busy ? w.redriving : redrive.label}
            </button>
          </div>
        ) : null}
      </>
    );
  })();
  return (
    <section className="card" aria-labelledby="write-failures-title" data-testid="write-failures">
      <h2 id="write-failures-title">{w.title}</h2>
      {body}
    </section>
  );
}
