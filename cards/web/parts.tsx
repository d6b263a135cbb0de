// Small renderers shared by the web cards: tags, figures, the non-ready states and the live region
// for messages. Each maps one view-model piece onto plain HTML; the CSS gives tones their colours.
import type { ReactNode } from 'react';
import { remoteView, type RemoteViewProps } from '../model/client.ts';
import { errorModel, WORDING, type ApiError, type Figure, type ShowStopperRow, type TagModel, type TrendModel } from '../model/index.ts';
import type { Announcement } from './hooks.ts';
import { WEB_WORDING } from './wording.ts';

export function ToneTag({ tag, testId }: { tag: TagModel; testId?: string }) {
  return (
    <span className={`tag tone-${tag.tone}`} data-testid={testId}>
      {tag.text}
    </span>
  );
}

export function TrendBadge({ trend }: { trend: TrendModel }) {
  const arrow = trend.direction === 'increase' ? '\u2191' : trend.direction === 'decrease' ? '\u2193' : '\u2192';
  return (
    <span className={`trend tone-${trend.tone}`} title={trend.display}>
      <span aria-hidden="true">{arrow} </span>
      {trend.short}
      <span className="sr-only"> ({trend.display})</span>
    </span>
  );
}

/** One figure as a term/description pair; put several in a `<dl className="figures">`. */
export function FigureView({ figure, trend }: { figure: Figure; trend?: TrendModel | null }) {
  return (
    <div className="figure" data-testid={`figure-${figure.key}`}>
      <dt>{figure.label}</dt>
      <dd>
        <span className={`figure-value tone-text-${figure.tone}`}>{figure.display}</span>
        {trend && trend.direction !== 'flat' ? <TrendBadge trend={trend} /> : null}
      </dd>
    </div>
  );
}

export function Loading({ label }: { label: string }) {
  return (
    <div className="state" role="status">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

export function Computing() {
  return (
    <div className="state" role="status">
      <span className="spinner" aria-hidden="true" />
      <div>
        <p className="state-title">{WORDING.states.computing}</p>
        <p className="muted">{WORDING.states.computingHint}</p>
      </div>
    </div>
  );
}

export function ErrorView({ error, onRetry, children }: { error: ApiError; onRetry?: () => void; children?: ReactNode }) {
  const m = errorModel(error);
  return (
    <div className="state state-error" role="alert" data-testid="error-state">
      <div>
        <p className="state-title">{m.title}</p>
        <p>{m.whatToDo}</p>
        {m.detail ? <p className="muted">{m.detail}</p> : null}
        <div className="button-row">
          {m.canRetry && onRetry ? (
            <button type="button" onClick={onRetry}>
              {WORDING.common.tryAgain}
            </button>
          ) : null}
          {children}
        </div>
      </div>
    </div>
  );
}

export function Insufficient({ title, reason, whatToDo, children }: { title: string; reason: string; whatToDo: string | null; children?: ReactNode }) {
  return (
    <div className="state state-empty" data-testid="insufficient-state">
      <div>
        <p className="state-title">{title}</p>
        <p>{reason}</p>
        {whatToDo ? <p className="strong">{whatToDo}</p> : null}
        {children ? <div className="button-row">{children}</div> : null}
      </div>
    </div>
  );
}

/**
 * Live regions exist from the first render (screen readers only announce changes to regions they
 * already know): errors go to the assertive one, everything else to the polite one.
 */
export function Announcer({ current, onDismiss }: { current: Announcement | null; onDismiss: () => void }) {
  const urgent = current !== null && current.tone === 'danger';
  const body = (a: Announcement) => (
    <div className={`notice tone-${a.tone}`} data-testid="notice">
      <p>
        {a.title ? <strong>{a.title} </strong> : null}
        {a.message}
      </p>
      <button type="button" className="link-button" onClick={onDismiss}>
        {WEB_WORDING.app.dismiss}
      </button>
    </div>
  );
  return (
    <>
      <div role="status" aria-live="polite" className="announcer">
        {current && !urgent ? body(current) : null}
      </div>
      <div role="alert" className="announcer">
        {current && urgent ? body(current) : null}
      </div>
    </>
  );
}

/** Show-stoppers as a list, or the model's sentence when there are none. */
export function ShowStoppers({ rows, empty, testId }: { rows: ShowStopperRow[]; empty: string; testId?: string }) {
  if (rows.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul className="plain-list" data-testid={testId}>
      {rows.map((s) => (
        <li key={s.id} className="stopper">
          <div className="inline">
            <ToneTag tag={s.kind} />
            <strong>{s.title}</strong>
          </div>
          <p className="muted">{s.reason}</p>
        </li>
      ))}
    </ul>
  );
}

/** A card's remote state: loading, computing and errors drawn the same way everywhere; `views` may override any. */
export function RemoteView<V>({ state, onRetry, views }: RemoteViewProps<V, ReactNode>) {
  const base = { loading: () => <Loading label={WORDING.states.loading} />, computing: () => <Computing /> };
  return remoteView<V, ReactNode>(state, { ...base, error: (error) => <ErrorView error={error} onRetry={onRetry} />, ...views });
}
