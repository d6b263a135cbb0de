// The app's settings page (admins): component weights, cost per support hour and currency, where
// usage lives in HubSpot, how renewals are recognised — validated, previewed on a few real
// accounts, saved to the sidecar. It shares the pure model and client with the cards; React and
// @hubspot/ui-extensions come from this folder's own package.json.
import type { ExtensionPointApiActions, ExtensionPointApiContext } from '@hubspot/ui-extensions';
import {
  Alert,
  Button,
  ButtonRow,
  Divider,
  Flex,
  Heading,
  hubspot,
  Input,
  LoadingSpinner,
  NumberInput,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Tag,
  Text,
} from '@hubspot/ui-extensions';
import { useMemo, useState } from 'react';
import { createSidecarApi, type SidecarApi, type SidecarFetch } from '../../cards/lib/client/api.ts';
import { sidecarOrigin } from '../../cards/lib/client/origin.ts';
import { createRemote } from '../../cards/lib/client/remote.ts';
import { useRemote } from './use-remote.ts';
import type { SettingsView } from '../../cards/lib/model/api-types.ts';
import { AdminsSection } from './AdminsSection.tsx';
import { Failure } from './Failure.tsx';
import { RenewalModel } from './RenewalModelSection.tsx';
import { WriteFailuresList } from './WriteFailuresSection.tsx';
import { errorModel, type ApiError } from '../../cards/lib/model/errors.ts';
import { DEFAULT_LOCALE } from '../../cards/lib/model/format.ts';
import {
  previewRows,
  settingsBody,
  settingsFormFrom,
  settingsFormModel,
  settingsPreviewBody,
  WEIGHT_KEYS,
  type PreviewRow,
  type SettingsFieldModel,
  type SettingsForm,
} from '../../cards/lib/model/settings.ts';
import type { Tone } from '../../cards/lib/model/view.ts';
import { WORDING } from '../../cards/lib/model/wording.ts';

const hubspotFetch: SidecarFetch = (url, options) => hubspot.fetch(url, options);

export interface SettingsPageProps {
  context: ExtensionPointApiContext<'settings'>;
  actions: ExtensionPointApiActions<'settings'>;
  env?: { fetch?: SidecarFetch };
}

const tagVariant = (tone: Tone) => (tone === 'danger' ? 'error' : tone);

export function SettingsPage({ context, actions, env }: SettingsPageProps) {
  const fetch = env?.fetch ?? hubspotFetch;
  const origin = sidecarOrigin(context.variables);
  const portalId = String(context.portal.id);
  const api = useMemo(() => createSidecarApi(fetch, origin, { portalId }), [fetch, origin, portalId]);
  const store = useMemo(() => createRemote({ load: () => api.settings(), classify: (data: SettingsView) => ({ kind: 'ready', data }) }), [api]);
  const state = useRemote(store);
  const locale = context.user.locale ?? DEFAULT_LOCALE;

  switch (state.kind) {
    case 'loading':
    case 'computing':
      return <LoadingSpinner label={WORDING.states.loading} showLabel layout="centered" />;
    case 'error':
      return <Failure error={state.error} onReload={() => store.reload()} />;
    case 'ready':
    case 'insufficient':
      return <SettingsEditor key={state.data.version} view={state.data} api={api} locale={locale} addAlert={actions.addAlert} onSaved={() => store.reload()} />;
  }
}

export interface EditorProps {
  view: SettingsView;
  api: SidecarApi;
  locale: string;
  addAlert: ExtensionPointApiActions<'settings'>['addAlert'];
  onSaved: () => void;
}

function SettingsEditor({ view, api, locale, addAlert, onSaved }: EditorProps) {
  const [form, setForm] = useState<SettingsForm>(() => settingsFormFrom(view));
  const [busy, setBusy] = useState<'preview' | 'save' | null>(null);
  const [preview, setPreview] = useState<PreviewRow[] | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const model = settingsFormModel(form, locale);
  const w = WORDING.settings;

  const err = (f: SettingsFieldModel) => (f.error ? { error: true, validationMessage: f.error } : {});
  const text = (f: SettingsFieldModel, value: string, set: (v: string) => void) => (
    <Input name={f.name} label={f.label} {...(f.description ? { description: f.description } : {})} value={value} onChange={set} {...err(f)} />
  );

  async function runPreview(): Promise<void> {
    if (!model.canSave) return;
    setBusy('preview');
    const result = await api.previewSettings(settingsPreviewBody(form, view));
    setBusy(null);
    if (result.ok) {
      setFailure(null);
      setPreview(previewRows(result.data, locale));
    } else setFailure(result.error);
  }

  async function save(): Promise<void> {
    if (!model.canSave) {
      addAlert({ type: 'warning', message: w.fixErrors });
      return;
    }
    setBusy('save');
    const result = await api.saveSettings(settingsBody(form, view));
    setBusy(null);
    if (result.ok) {
      setFailure(null);
      addAlert({ type: 'success', message: w.saved });
      onSaved();
    } else setFailure(result.error);
  }

  const failureView = failure ? errorModel(failure) : null;
  const adminNames = view.admins.map((a) => a.email ?? `HubSpot user ${a.userId}`).join(', ');
  return (
    <Flex direction="column" gap="medium">
      <Text>{model.intro}</Text>
      {view.canManage ? null : (
        <Alert title={w.adminsTitle} variant="info" testId="settings-read-only">
          {w.readOnly(adminNames || 'the user who installed the app')}
        </Alert>
      )}
      {failureView ? (
        <Alert title={failureView.title} variant="danger" testId="settings-failure">
          <Flex direction="column" gap="extra-small">
            <Text>{failureView.detail ? `${failureView.detail} ${failureView.whatToDo}` : failureView.whatToDo}</Text>
            {failure?.kind === 'conflict' ? (
              <Button size="small" onClick={onSaved} testId="settings-reload">
                {WORDING.common.reload}
              </Button>
            ) : null}
          </Flex>
        </Alert>
      ) : null}
      <Heading>{model.weights.title}</Heading>
      <Text variant="microcopy">{model.weights.description}</Text>
      <Flex gap="small" wrap>
        {model.weights.fields.map((f, i) => {
          const key = WEIGHT_KEYS[i]!;
          const value = form.weights[key];
          return (
            <NumberInput
              key={f.name}
              name={f.name}
              label={f.label}
              min={0}
              max={100}
              precision={1}
              {...(value !== null ? { value } : {})}
              onChange={(v) => setForm({ ...form, weights: { ...form.weights, [key]: Number.isFinite(v) ? v : null } })}
              {...err(f)}
            />
          );
        })}
      </Flex>
      <Flex gap="small" align="center">
        <Text format={{ fontWeight: 'demibold' }} testId="weights-total">
          {model.weights.total}
        </Text>
        {model.weights.error ? (
          <Tag variant="error" testId="weights-error">
            {model.weights.error}
          </Tag>
        ) : null}
      </Flex>
      <Divider />
      <Heading>{model.cost.title}</Heading>
      <Flex gap="small">
        <NumberInput
          name={model.cost.costPerHour.name}
          label={model.cost.costPerHour.label}
          {...(model.cost.costPerHour.description ? { description: model.cost.costPerHour.description } : {})}
          min={0}
          {...(form.costPerSupportHour !== null ? { value: form.costPerSupportHour } : {})}
          onChange={(v) => setForm({ ...form, costPerSupportHour: Number.isFinite(v) ? v : null })}
          {...err(model.cost.costPerHour)}
        />
        {text(model.cost.currency, form.currency, (v) => setForm({ ...form, currency: v }))}
      </Flex>
      <Divider />
      <Heading>{model.mapping.title}</Heading>
      {text(model.mapping.activeUsers, form.activeUsers, (v) => setForm({ ...form, activeUsers: v }))}
      {text(model.mapping.licensedSeats, form.licensedSeats, (v) => setForm({ ...form, licensedSeats: v }))}
      <Heading>{model.renewal.title}</Heading>
      {text(model.renewal.dealTypes, form.renewalDealTypes, (v) => setForm({ ...form, renewalDealTypes: v }))}
      {model.saveBlocked ? <Text variant="microcopy">{model.saveBlocked}</Text> : null}
      <ButtonRow>
        <Button variant="primary" onClick={() => void save()} disabled={busy !== null || !model.canSave || !view.canManage} testId="save-settings">
          {busy === 'save' ? w.saving : w.save}
        </Button>
        <Button variant="secondary" onClick={() => void runPreview()} disabled={busy !== null || !model.canSave} testId="preview-settings">
          {busy === 'preview' ? w.previewing : w.preview}
        </Button>
      </ButtonRow>
      {preview ? <Preview rows={preview} /> : null}
      <Divider />
      <RenewalModel api={api} locale={locale} addAlert={addAlert} />
      <Divider />
      <WriteFailuresList api={api} canManage={view.canManage} locale={locale} addAlert={addAlert} />
      <Divider />
      <AdminsSection view={view} api={api} addAlert={addAlert} onAdded={onSaved} />
    </Flex>
  );
}

function Preview({ rows }: { rows: PreviewRow[] }) {
  const w = WORDING.settings;
  return (
    <Flex direction="column" gap="small" testId="settings-preview">
      <Heading>{w.previewTitle}</Heading>
      {rows.length === 0 ? (
        <Text variant="microcopy">{w.previewEmpty}</Text>
      ) : (
        <Table bordered={false} density="condensed">
          <TableHead>
            <TableRow>
              <TableHeader>{w.previewColumns.account}</TableHeader>
              <TableHeader>{w.previewColumns.rob}</TableHeader>
              <TableHeader>{w.previewColumns.risk}</TableHeader>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((r) => (
              <TableRow key={r.companyId} testId={`preview-${r.companyId}`}>
                <TableCell>{r.name}</TableCell>
                <TableCell>
                  <Tag variant={tagVariant(r.rob.tone)}>{r.rob.text}</Tag>
                </TableCell>
                <TableCell>
                  <Tag variant={tagVariant(r.risk.tone)}>{r.risk.text}</Tag>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Flex>
  );
}
