// The settings page's renewal model: which model results use, what it learned from the portal's
// own renewals and how well it predicted them (renewal-model.ts), and the admin's switch.
import type { ExtensionPointApiActions } from '@hubspot/ui-extensions';
import { Button, ButtonRow, Flex, Heading, LoadingSpinner, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, Text } from '@hubspot/ui-extensions';
import { useEffect, useMemo, useState } from 'react';
import type { SidecarApi } from '../../cards/lib/client/api.ts';
import { createRemote } from '../../cards/lib/client/remote.ts';
import { useRemote } from './use-remote.ts';
import type { ModelView } from '../../cards/lib/model/api-types.ts';
import { errorModel } from '../../cards/lib/model/errors.ts';
import { recomputePollDelay, renewalModelSection } from '../../cards/lib/model/renewal-model.ts';
import { WORDING } from '../../cards/lib/model/wording.ts';
import { Failure } from './Failure.tsx';

export function RenewalModel({ api, locale, addAlert }: { api: SidecarApi; locale: string; addAlert: ExtensionPointApiActions<'settings'>['addAlert'] }) {
  const w = WORDING.settings.model;
  const store = useMemo(() => createRemote({ load: () => api.renewalModel(), classify: (data: ModelView) => ({ kind: 'ready', data }) }), [api]);
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
  if (state.kind === 'loading' || state.kind === 'computing') return <LoadingSpinner label={WORDING.states.loading} />;
  if (state.kind === 'error') return <Failure error={state.error} onReload={() => store.reload()} />;
  const section = renewalModelSection(state.data, locale);
  const action = section.action;

  async function choose(use: 'global' | 'learned'): Promise<void> {
    setBusy(true);
    const result = await api.chooseRenewalModel(use);
    setBusy(false);
    if (result.ok) {
      addAlert({ type: 'success', message: w.switched });
      setWatchingSince(Date.now());
      store.reload();
    } else addAlert({ type: 'danger', message: errorModel(result.error).whatToDo });
  }

  const table = (testId: string, head: string[], rows: string[][]) => (
    <Table bordered={false} density="condensed" testId={testId}>
      <TableHead>
        <TableRow>
          {head.map((h) => (
            <TableHeader key={h}>{h}</TableHeader>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((r, i) => (
          <TableRow key={i}>
            {r.map((c, j) => (
              <TableCell key={j}>{c}</TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
  const l = section.learned;
  return (
    <Flex direction="column" gap="small" testId="renewal-model">
      <Heading>{section.title}</Heading>
      <Text testId="model-in-use">{section.inUse}</Text>
      {section.recompute ? (
        <Text testId="model-recompute" variant={section.recompute.running ? undefined : 'microcopy'}>
          {section.recompute.text}
        </Text>
      ) : null}
      {section.none ? <Text variant="microcopy">{section.none}</Text> : null}
      {l ? (
        <>
          <Text testId="model-learned-from">{l.learnedFrom}</Text>
          {l.skipped ? <Text testId="model-skipped">{l.skipped}</Text> : null}
          <Text variant="microcopy">{l.reason}</Text>
          {l.newest ? <Text testId="model-newest">{l.newest}</Text> : null}
          {l.horizon ? <Text testId="model-horizon">{l.horizon}</Text> : null}
          {l.heldOut ? <Text testId="model-held-out">{l.heldOut}</Text> : null}
          {l.auc ? <Text testId="model-auc">{l.auc}</Text> : null}
          {l.aucDefault ? <Text variant="microcopy">{l.aucDefault}</Text> : null}
          {l.brier ? <Text testId="model-brier">{l.brier}</Text> : null}
          {l.brierSkill ? <Text testId="model-brier-skill">{l.brierSkill}</Text> : null}
          {l.ece ? <Text testId="model-ece">{l.ece}</Text> : null}
          {l.caught ? <Text>{l.caught}</Text> : null}
          <Heading>{w.reliabilityTitle}</Heading>
          <Text variant="microcopy" testId="model-reliability-help">{w.reliabilityHelp}</Text>
          {table('model-reliability', [w.reliabilityColumns.predicted, w.reliabilityColumns.actual, w.reliabilityColumns.renewals], l.reliability.map((r) => [r.predicted, r.actual, r.renewals]))}
          <Heading>{w.levelsTitle}</Heading>
          <Text variant="microcopy" testId="model-levels-help">{w.levelsHelp}</Text>
          {table('model-levels', [w.levelsColumns.level, w.levelsColumns.renewals, w.levelsColumns.rate], l.levels.map((r) => [r.level, r.renewals, r.rate]))}
          <Heading>{w.coefficientsTitle}</Heading>
          <Text variant="microcopy" testId="model-coefficients-help">{w.coefficientsHelp}</Text>
          {l.coefficientsNote ? <Text testId="model-coefficients-note">{l.coefficientsNote}</Text> : null}
          {table('model-coefficients', [w.coefficientsColumns.factor, w.coefficientsColumns.meaning, l.valueColumn, w.coefficientsColumns.global], l.coefficients.map((r) => [r.factor, r.meaning, r.value, r.global]))}
        </>
      ) : null}
      {action ? (
        <ButtonRow>
          <Button onClick={() => void choose(action.use)} disabled={busy} testId="choose-model">
            {busy ? w.switching : action.label}
          </Button>
        </ButtonRow>
      ) : null}
    </Flex>
  );
}
