// The settings page's admins: who they are, and (for an admin) adding another by HubSpot user id.
import type { ExtensionPointApiActions } from '@hubspot/ui-extensions';
import { Alert, Button, ButtonRow, Flex, Heading, Input, Text } from '@hubspot/ui-extensions';
import { useState } from 'react';
import type { SidecarApi } from '../../cards/lib/client/api.ts';
import type { SettingsView } from '../../cards/lib/model/api-types.ts';
import { errorModel, type ApiError } from '../../cards/lib/model/errors.ts';
import { WORDING } from '../../cards/lib/model/wording.ts';

export function AdminsSection({ view, api, addAlert, onAdded }: { view: SettingsView; api: SidecarApi; addAlert: ExtensionPointApiActions<'settings'>['addAlert']; onAdded: () => void }) {
  const w = WORDING.settings;
  const [userId, setUserId] = useState('');
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const idError = userId !== '' && !/^\d{1,20}$/.test(userId.trim()) ? w.adminUserIdError : null;

  async function add(): Promise<void> {
    if (idError || userId.trim() === '') return;
    setBusy(true);
    const result = await api.addAdmin({ userId: userId.trim(), ...(email.trim() ? { email: email.trim() } : {}) });
    setBusy(false);
    if (result.ok) {
      setFailure(null);
      addAlert({ type: 'success', message: w.adminAdded });
      onAdded();
    } else setFailure(result.error);
  }

  const failureView = failure ? errorModel(failure) : null;
  return (
    <Flex direction="column" gap="small" testId="settings-admins">
      <Heading>{w.adminsTitle}</Heading>
      <Text variant="microcopy">{w.adminsDescription}</Text>
      <Text testId="admins-list">{view.admins.map((a) => (a.email ? `${a.email} (${a.userId})` : `HubSpot user ${a.userId}`)).join(', ')}</Text>
      {view.canManage ? (
        <>
          {failureView ? (
            <Alert title={failureView.title} variant="danger" testId="admins-failure">
              {failureView.detail ? `${failureView.detail} ${failureView.whatToDo}` : failureView.whatToDo}
            </Alert>
          ) : null}
          <Flex gap="small">
            <Input name="adminUserId" label={w.adminUserId.label} description={w.adminUserId.description} value={userId} onChange={setUserId} {...(idError ? { error: true, validationMessage: idError } : {})} />
            <Input name="adminEmail" label={w.adminEmail.label} description={w.adminEmail.description} value={email} onChange={setEmail} />
          </Flex>
          <ButtonRow>
            <Button onClick={() => void add()} disabled={busy || idError !== null || userId.trim() === ''} testId="add-admin">
              {busy ? w.addingAdmin : w.addAdmin}
            </Button>
          </ButtonRow>
        </>
      ) : null}
    </Flex>
  );
}
