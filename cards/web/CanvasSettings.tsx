// The Salesforce card's settings: the org's weights, support cost and field mapping in the same form
// as the console's settings (SettingsEditor, with Salesforce's mapping and words), the org's renewal
// model (the console's ModelSection: what was learned from the org's renewals and its backtest), and
// its admins. An admin changes the settings, switches the model and adds or removes admins; anyone
// else sees them read-only and whom to ask.
// Who acts is the card token's user: the sidecar takes it from the token, never from the page.
import { useMemo, useState } from 'react';
import { createRemote } from '../model/client.ts';
import { WORDING, type ApiError, type SettingsView } from '../model/index.ts';
import type { WebApi } from './api.ts';
import { useAnnouncements, useRemote } from './hooks.ts';
import { ModelSection } from './ModelSection.tsx';
import { Announcer, ErrorView, Loading } from './parts.tsx';
import { SettingsEditor } from './SettingsPage.tsx';

const SALESFORCE_USER_ID = /^005[A-Za-z0-9]{12}(?:[A-Za-z0-5]{3})?$/;
const nameOf = (a: SettingsView['admins'][number]) => (a.email ? `${a.email} (${a.userId})` : `Salesforce user ${a.userId}`);

export function CanvasSettings({ api, locale }: { api: WebApi; locale: string }) {
  const [generation, setGeneration] = useState(0);
  const store = useMemo(() => createRemote({ load: () => api.settings(), classify: (data: SettingsView) => ({ kind: 'ready' as const, data }) }), [api, generation]);
  const state = useRemote(store);
  const { current, announce, dismiss } = useAnnouncements();
  const reload = () => setGeneration((g) => g + 1);
  if (state.kind === 'error') return <ErrorView error={state.error} onRetry={() => store.reload()} />;
  if (state.kind !== 'ready') return <Loading label={WORDING.states.loading} />;
  return (
    <>
      <Announcer current={current} onDismiss={dismiss} />
      <CanvasSettingsView view={state.data} api={api} locale={locale} onChanged={reload} announce={announce} />
    </>
  );
}

/** The tab once the org's settings have loaded: the form, the renewal model (its switch for admins only) and the admins. */
export function CanvasSettingsView({ view, api, locale, onChanged, announce }: { view: SettingsView; api: WebApi; locale: string; onChanged: () => void; announce: ReturnType<typeof useAnnouncements>['announce'] }) {
  const readOnlyNote = WORDING.settings.salesforce.readOnly(view.admins.map(nameOf).join(', ') || 'the user who installed the app');
  return (
    <>
      <p className="lead">{WORDING.settings.salesforce.intro}</p>
      <SettingsEditor key={view.version} view={view} api={api} locale={locale} onSaved={onChanged} announce={announce} crm="salesforce" canPreview={false} readOnlyNote={readOnlyNote} />
      <ModelSection api={api} locale={locale} announce={announce} />
      <CanvasAdmins view={view} api={api} onChanged={onChanged} announce={announce} />
    </>
  );
}

function CanvasAdmins({ view, api, onChanged, announce }: { view: SettingsView; api: WebApi; onChanged: () => void; announce: ReturnType<typeof useAnnouncements>['announce'] }) {
  const w = WORDING.settings;
  const sf = w.salesforce;
  const [userId, setUserId] = useState('');
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const idError = userId.trim() !== '' && !SALESFORCE_USER_ID.test(userId.trim()) ? sf.adminUserIdError : null;

  async function run(what: string, call: () => Promise<{ ok: true } | { ok: false; error: ApiError }>, done: string) {
    setBusy(what);
    const result = await call();
    setBusy(null);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    setFailure(null);
    announce({ tone: 'success', message: done });
    onChanged();
  }

  return (
    <section className="card settings-form" aria-labelledby="admins-title" data-testid="settings-admins">
      <h2 id="admins-title">{w.adminsTitle}</h2>
      <p className="field-hint">{w.adminsDescription}</p>
      {failure ? <ErrorView error={failure} /> : null}
      <ul data-testid="admins-list">
        {view.admins.map((a) => (
          <li key={a.userId} data-testid="admin">
            {nameOf(a)}{' '}
            {view.canManage ? (
              <button type="button" disabled={busy !== null} onClick={() => void run(a.userId, () => api.removeAdmin(a.userId), sf.adminRemoved)} aria-label={`${sf.removeAdmin} ${nameOf(a)}`} data-testid="remove-admin">
                {busy === a.userId ? sf.removingAdmin : sf.removeAdmin}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {view.canManage ? (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (idError || userId.trim() === '') return;
            void run('add', () => api.addAdmin({ userId: userId.trim(), ...(email.trim() ? { email: email.trim() } : {}) }), w.adminAdded);
          }}
        >
          <div className="settings-grid">
            <div className="field">
              <label htmlFor="admin-user-id">{sf.adminUserId.label}</label>
              <p id="admin-user-id-desc" className="field-hint">
                {sf.adminUserId.description}
              </p>
              <input id="admin-user-id" name="adminUserId" value={userId} onChange={(e) => setUserId(e.target.value)} aria-invalid={idError ? true : undefined} aria-describedby={idError ? 'admin-user-id-desc admin-user-id-error' : 'admin-user-id-desc'} />
              {idError ? (
                <p id="admin-user-id-error" className="field-error">
                  {idError}
                </p>
              ) : null}
            </div>
            <div className="field">
              <label htmlFor="admin-email">{w.adminEmail.label}</label>
              <p id="admin-email-desc" className="field-hint">
                {w.adminEmail.description}
              </p>
              <input id="admin-email" name="adminEmail" type="email" value={email} onChange={(e) => setEmail(e.target.value)} aria-describedby="admin-email-desc" />
            </div>
          </div>
          <div className="button-row">
            <button type="submit" className="primary" disabled={busy !== null || idError !== null || userId.trim() === ''} data-testid="add-admin">
              {busy === 'add' ? w.addingAdmin : w.addAdmin}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}

