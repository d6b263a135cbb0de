// The console's settings: the same form, checks and preview as the HubSpot settings page (one view
// model, cards/model/settings.ts) drawn as plain HTML — weights that must add up to 100 %, the cost
// of a support hour, the field mapping, a preview on a few real accounts — then the renewal model's
// backtest and the failed write-backs. The form itself (SettingsEditor) also serves the Salesforce
// card's settings (CanvasSettings.tsx): with Salesforce's mapping and words, without the preview,
// read-only for someone who is not an admin.
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { createRemote } from '../model/client.ts';
import { previewRows, settingsBody, settingsFormFrom, settingsFormModel, settingsPreviewBody, WEIGHT_KEYS, WORDING, type ApiError, type PreviewRow, type SettingsCrm, type SettingsFieldModel, type SettingsForm, type SettingsView } from '../model/index.ts';
import type { WebApi } from './api.ts';
import { useAnnouncements, useRemote } from './hooks.ts';
import { ModelSection } from './ModelSection.tsx';
import { Announcer, ErrorView, Loading, ToneTag } from './parts.tsx';
import { WriteFailuresSection } from './WriteFailuresSection.tsx';

export function SettingsPage({ api, locale }: { api: WebApi; locale: string }) {
  const [generation, setGeneration] = useState(0);
  const store = useMemo(() => createRemote({ load: () => api.settings(), classify: (data: SettingsView) => ({ kind: 'ready' as const, data }) }), [api, generation]);
  const state = useRemote(store);
  const { current, announce, dismiss } = useAnnouncements();
  return (
    <>
      <Announcer current={current} onDismiss={dismiss} />
      {state.kind === 'ready' ? (
        <SettingsEditor key={state.data.version} view={state.data} api={api} locale={locale} onSaved={() => setGeneration((g) => g + 1)} announce={announce} />
      ) : state.kind === 'error' ? (
        <ErrorView error={state.error} onRetry={() => store.reload()} />
      ) : (
        <Loading label={WORDING.states.loading} />
      )}
      <ModelSection api={api} locale={locale} announce={announce} />
      {state.kind === 'ready' ? <WriteFailuresSection api={api} canManage={state.data.canManage} locale={locale} announce={announce} /> : null}
    </>
  );
}

interface FormProps {
  view: SettingsView;
  api: WebApi;
  locale: string;
  onSaved: () => void;
  announce: ReturnType<typeof useAnnouncements>['announce'];
  /** Whose mapping and words (default HubSpot's). */
  crm?: SettingsCrm;
  /** The "preview the effect" button (the CRM has the preview route; default yes). */
  canPreview?: boolean;
  /** Shown instead of the buttons to someone who is not an admin (the fields are read-only then). */
  readOnlyNote?: string;
}

export function SettingsEditor({ view, api, locale, onSaved, announce, crm = 'hubspot', canPreview = true, readOnlyNote }: FormProps) {
  const w = WORDING.settings;
  const id = useId();
  const [form, setForm] = useState<SettingsForm>(() => settingsFormFrom(view, crm));
  const [busy, setBusy] = useState<'preview' | 'save' | null>(null);
  const [preview, setPreview] = useState<PreviewRow[] | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const model = settingsFormModel(form, locale, crm);
  const readOnly = readOnlyNote !== undefined && !view.canManage;
  useEffect(() => setPreview(null), [form]);

  const num = (v: string): number | null => (v.trim() === '' || !Number.isFinite(Number(v)) ? null : Number(v));
  const field = (f: SettingsFieldModel, value: string, set: (v: string) => void, type: 'text' | 'number' = 'text') => {
    const fid = `${id}-${f.name}`;
    const described = [f.description ? `${fid}-desc` : null, f.error ? `${fid}-error` : null].filter(Boolean).join(' ');
    return (
      <div className="field" key={f.name}>
        <label htmlFor={fid}>{f.label}</label>
        {f.description ? (
          <p id={`${fid}-desc`} className="field-hint">
            {f.description}
          </p>
        ) : null}
        <input id={fid} name={f.name} type={type} inputMode={type === 'number' ? 'decimal' : undefined} step={type === 'number' ? 'any' : undefined} value={value} onChange={(e) => set(e.target.value)} readOnly={readOnly} aria-invalid={f.error ? true : undefined} aria-describedby={described || undefined} />
        {f.error ? (
          <p id={`${fid}-error`} className="field-error">
            {f.error}
          </p>
        ) : null}
      </div>
    );
  };

  async function runPreview() {
    setBusy('preview');
    const result = await api.previewSettings(settingsPreviewBody(form, view));
    setBusy(null);
    if (result.ok) {
      setFailure(null);
      setPreview(previewRows(result.data, locale));
    } else setFailure(result.error);
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    if (readOnly) return;
    if (!model.canSave) {
      announce({ tone: 'warning', message: w.fixErrors });
      return;
    }
    setBusy('save');
    const result = await api.saveSettings(settingsBody(form, view, crm));
    setBusy(null);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    announce({ tone: 'success', message: w.saved });
    onSaved();
  }

  return (
    <form className="card settings-form" onSubmit={(e) => void save(e)} noValidate data-testid="settings-form">
      <p className="lead">{model.intro}</p>
      {failure ? (
        <ErrorView error={failure}>
          {failure.kind === 'conflict' ? (
            <button type="button" onClick={onSaved} data-testid="settings-reload">
              {WORDING.common.reload}
            </button>
          ) : null}
        </ErrorView>
      ) : null}
      <fieldset>
        <legend>{model.weights.title}</legend>
        <p className="field-hint">{model.weights.description}</p>
        <div className="settings-grid">
          {model.weights.fields.map((f, i) => {
            const key = WEIGHT_KEYS[i]!;
            const value = form.weights[key];
            return field(f, value === null ? '' : String(value), (v) => setForm({ ...form, weights: { ...form.weights, [key]: num(v) } }), 'number');
          })}
        </div>
        <p className="strong" data-testid="weights-total" aria-live="polite">
          {model.weights.total}
          {model.weights.error ? (
            <span className="block" data-testid="weights-error">
              <ToneTag tag={{ text: model.weights.error, tone: 'danger' }} />
            </span>
          ) : null}
        </p>
      </fieldset>
      <fieldset>
        <legend>{model.cost.title}</legend>
        <div className="settings-grid">
          {field(model.cost.costPerHour, form.costPerSupportHour === null ? '' : String(form.costPerSupportHour), (v) => setForm({ ...form, costPerSupportHour: num(v) }), 'number')}
          {field(model.cost.currency, form.currency, (v) => setForm({ ...form, currency: v }))}
        </div>
      </fieldset>
      <fieldset>
        <legend>{model.mapping.title}</legend>
        {field(model.mapping.activeUsers, form.activeUsers, (v) => setForm({ ...form, activeUsers: v }))}
        {field(model.mapping.licensedSeats, form.licensedSeats, (v) => setForm({ ...form, licensedSeats: v }))}
      </fieldset>
      <fieldset>
        <legend>{model.renewal.title}</legend>
        {field(model.renewal.dealTypes, form.renewalDealTypes, (v) => setForm({ ...form, renewalDealTypes: v }))}
      </fieldset>
      {readOnly ? (
        <p className="muted" data-testid="settings-read-only">
          {readOnlyNote}
        </p>
      ) : (
        <>
          {model.saveBlocked ? <p className="muted">{model.saveBlocked}</p> : null}
          <div className="button-row">
            <button type="submit" className="primary" disabled={busy !== null} data-testid="save-settings">
              {busy === 'save' ? w.saving : w.save}
            </button>
            {canPreview ? (
              <button type="button" onClick={() => void runPreview()} disabled={busy !== null || !model.canSave} data-testid="preview-settings">
                {busy === 'preview' ? w.previewing : w.preview}
              </button>
            ) : null}
          </div>
        </>
      )}
      {preview ? <Preview rows={preview} /> : null}
    </form>
  );
}

function Preview({ rows }: { rows: PreviewRow[] }) {
  const w = WORDING.settings;
  return (
    <section className="card-section" aria-labelledby="preview-title" data-testid="settings-preview">
      <h3 id="preview-title">{w.previewTitle}</h3>
      {rows.length === 0 ? (
        <p className="muted">{w.previewEmpty}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{w.previewColumns.account}</th>
              <th scope="col">{w.previewColumns.rob}</th>
              <th scope="col">{w.previewColumns.risk}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.companyId} data-testid="preview-row">
                <th scope="row">{r.name}</th>
                <td>
                  <ToneTag tag={r.rob} />
                </td>
                <td>
                  <ToneTag tag={r.risk} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
