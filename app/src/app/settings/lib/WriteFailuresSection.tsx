// The settings page's failed write-backs: what the CRM refused for good (write-failures.ts), and
// the admin's "send them again".
import type { ExtensionPointApiActions } from '@hubspot/ui-extensions';
import { Button, ButtonRow, Flex, Heading, LoadingSpinner, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, Text } from '@hubspot/ui-extensions';
import { useMemo, useState } from 'react';
import type { SidecarApi } from '../../cards/lib/client/api.ts';
import { createRemote } from '../../cards/lib/client/remote.ts';
import { useRemote } from './use-remote.ts';
import type { WriteFailures } from '../../cards/lib/model/api-types.ts';
import { errorModel } from '../../cards/lib/model/errors.ts';
import { WORDING } from '../../cards/lib/model/wording.ts';
import { writeFailuresSection } from '../../cards/lib/model/write-failures.ts';
import { Failure } from './Failure.tsx';

interface Props {
  api: SidecarApi;
  canManage: boolean;
  locale: string;
  addAlert: ExtensionPointApiActions<'settings'>['addAlert'];
}

export function WriteFailuresList({ api, canManage, locale, addAlert }: Props) {
  const w = WORDING.settings.writeFailures;
  const store = useMemo(() => createRemote({ load: () => api.writeFailures(), classify: (data: WriteFailures) => ({ kind: 'ready', data }) }), [api]);
  const state = useRemote(store);
  const [busy, setBusy] = useState(false);
  if (state.kind === 'loading' || state.kind === 'computing') return <LoadingSpinner label={WORDING.states.loading} />;
  if (state.kind === 'error') return <Failure error={state.error} onReload={() => store.reload()} testId="write-failures-error" />;
  const section = writeFailuresSection(state.data, canManage, locale);
  const redrive = section.redrive;

  async function send(ids: number[]): Promise<void> {
    setBusy(true);
    const result = await api.redriveWriteFailures(ids);
    setBusy(false);
    if (result.ok) {
      addAlert({ type: 'success', message: w.redriven(result.data.redriven) });
      store.reload();
    } else addAlert({ type: 'danger', message: errorModel(result.error).whatToDo });
  }

  const c = w.columns;
  return (
    <Flex direction="column" gap="small" testId="write-failures">
      <Heading>{section.title}</Heading>
      {section.none ? <Text testId="write-failures-none">{section.none}</Text> : null}
      {section.intro ? <Text variant="microcopy">{section.intro}</Text> : null}
      {section.rows.length > 0 ? (
        <Table bordered={false} density="condensed" testId="write-failures-table">
          <TableHead>
            <TableRow>
              {[c.company, c.properties, c.attempts, c.error, c.failedAt].map((h) => (
                <TableHeader key={h}>{h}</TableHeader>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {section.rows.map((r) => (
              <TableRow key={r.id}>
                {[r.companyId, r.properties, r.attempts, r.error, r.failedAt].map((cell, j) => (
                  <TableCell key={j}>{cell}</TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
      {section.adminsOnly ? <Text variant="microcopy">{section.adminsOnly}</Text> : null}
      {redrive ? (
        <ButtonRow>
          <Button onClick={() => void send(redrive.ids)} disabled={busy} testId="redrive">
            {busy ? w.redriving : redrive.label}
          </Button>
        </ButtonRow>
      ) : null}
    </Flex>
  );
}
