// Company record tab, "Customer success": the ROB score and why, value delivered, renewal risk,
// the success plan and the score's history. Recompute asks the sidecar to score the customer now
// and then has HubSpot re-read the record's properties it wrote.
import type { ExtensionPointApiActions, ExtensionPointApiContext } from '@hubspot/ui-extensions';
import {
  Button,
  Divider,
  Flex,
  Heading,
  LineChart,
  List,
  Statistics,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Text,
} from '@hubspot/ui-extensions';
import { useCallback, useMemo } from 'react';
import type { SidecarApi } from '../client/api.ts';
import type { RemoteDataState } from '../client/remote.ts';
import { useRecompute } from '../hooks/recompute.ts';
import { useCompanyStore, useRemote, type CompanyStore } from '../hooks/remote.ts';
import type { ReadySuccessView } from '../model/api-types.ts';
import { companyCardModel, type CompanyCardModel } from '../model/company.ts';
import type { ApiError } from '../model/errors.ts';
import { WORDING } from '../model/wording.ts';
import { alertNotifier, localeOf, useSidecarApi, type CardEnv } from './env.ts';
import { ErrorView, FigureItem, Insufficient, RemoteView, ToneTag } from './parts.tsx';
import { PlanSection } from './PlanSection.tsx';

export interface CompanySuccessCardProps {
  context: ExtensionPointApiContext<'crm.record.tab'>;
  actions: ExtensionPointApiActions<'crm.record.tab'>;
  env?: CardEnv;
}

export function CompanySuccessCard({ context, actions, env }: CompanySuccessCardProps) {
  const api = useSidecarApi(context, env);
  const companyId = String(context.crm.objectId);
  const store = useCompanyStore(api, companyId, env?.schedule);
  const state = useRemote(store);
  const now = (env?.now ?? Date.now)();
  const locale = localeOf(context);
  const notify = useMemo(() => alertNotifier(actions.addAlert), [actions]);
  // Once a recompute's results are on screen, HubSpot re-reads the properties the sidecar wrote.
  const refresh = useCallback(() => actions.refreshObjectProperties(), [actions]);
  const { running, recompute } = useRecompute({ api, companyId, store, state, notify, afterResults: refresh });

  const recomputeButton = (
    <Button size="small" onClick={() => void recompute()} disabled={running} testId="recompute">
      {running ? WORDING.company.recomputing : WORDING.company.recompute}
    </Button>
  );

  const error = (e: ApiError) => (
    <ErrorView error={e} onRetry={() => store.reload()}>
      {e.kind === 'not_found' ? recomputeButton : null}
    </ErrorView>
  );
  const loaded = (state: RemoteDataState<ReadySuccessView>) => {
    const model = companyCardModel(state.data, now, locale);
    if (state.kind === 'insufficient') {
      const insufficient = model.insufficient ?? { title: WORDING.states.insufficientTitle, reason: WORDING.states.insufficientFallback, whatToDo: null };
      return (
        <Flex direction="column" gap="medium">
          <Insufficient title={insufficient.title} reason={insufficient.reason} whatToDo={insufficient.whatToDo}>
            {recomputeButton}
          </Insufficient>
          <Text variant="microcopy">{model.computed.text}</Text>
          <Plan view={state.data} model={model} api={api} companyId={companyId} now={now} locale={locale} actions={actions} store={store} />
        </Flex>
      );
    }
    return (
      <Flex direction="column" gap="medium">
        <Flex justify="between" align="center">
          <Flex direction="column" gap="flush">
            <Text variant="microcopy" testId="computed-at">
              {model.computed.text}
            </Text>
            {model.computed.pendingWrite ? <Text variant="microcopy">{model.computed.pendingWrite}</Text> : null}
          </Flex>
          {recomputeButton}
        </Flex>
        <Statistics>
          <FigureItem figure={model.score} trend={model.trend} />
          <FigureItem figure={model.risk.probability} />
          {model.value.figures.slice(0, 2).map((f) => (
            <FigureItem key={f.key} figure={f} />
          ))}
        </Statistics>
        <Text variant="microcopy" testId="score-trend">
          {model.trend?.display ?? model.trendFallback}
        </Text>
        <Divider />
        <Plan view={state.data} model={model} api={api} companyId={companyId} now={now} locale={locale} actions={actions} store={store} />
        <Divider />
        <Components model={model} />
        <Divider />
        <Risk model={model} />
        <Divider />
        <Heading>{model.value.title}</Heading>
        <Text>{model.value.note}</Text>
        <Divider />
        <History model={model} />
      </Flex>
    );
  };

  return <RemoteView state={state} onRetry={() => store.reload()} views={{ error, data: loaded }} />;
}

interface PlanProps {
  view: ReadySuccessView;
  model: CompanyCardModel;
  api: SidecarApi;
  companyId: string;
  now: number;
  locale: string;
  actions: CompanySuccessCardProps['actions'];
  store: CompanyStore;
}

function Plan({ view, model, api, companyId, now, locale, actions, store }: PlanProps) {
  return (
    <PlanSection
      model={model.plan}
      plan={view.plan}
      api={api}
      companyId={companyId}
      now={now}
      locale={locale}
      addAlert={actions.addAlert}
      onSaved={() => store.reload()}
    />
  );
}

function Components({ model }: { model: CompanyCardModel }) {
  const c = WORDING.company.componentColumns;
  return (
    <Flex direction="column" gap="small">
      <Heading>{model.components.title}</Heading>
      <Table bordered={false} density="condensed" testId="components">
        <TableHead>
          <TableRow>
            <TableHeader>{c.component}</TableHeader>
            <TableHeader align="right">{c.points}</TableHeader>
            <TableHeader align="right">{c.weight}</TableHeader>
            <TableHeader>{c.reason}</TableHeader>
          </TableRow>
        </TableHead>
        <TableBody>
          {model.components.rows.map((row) => (
            <TableRow key={row.key} testId={`component-${row.key}`}>
              <TableCell>
                <ToneTag tag={{ text: row.label, tone: row.tone }} />
              </TableCell>
              <TableCell align="right">{row.points}</TableCell>
              <TableCell align="right">{row.weight}</TableCell>
              <TableCell>
                <Text variant="microcopy">{row.reason}</Text>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {model.components.basis ? (
        <Text variant="microcopy" testId="score-basis">
          {model.components.basis}
        </Text>
      ) : null}
    </Flex>
  );
}

function Risk({ model }: { model: CompanyCardModel }) {
  const r = model.risk;
  return (
    <Flex direction="column" gap="small" testId="risk">
      <Flex gap="small" align="center">
        <Heading>{r.title}</Heading>
        <ToneTag tag={r.level} testId="risk-level" />
      </Flex>
      <Text>{r.renewal}</Text>
      <List variant="unordered-styled">
        {r.notes.map((n, i) => (
          <Text key={i} variant="microcopy">
            {n.text}
          </Text>
        ))}
      </List>
    </Flex>
  );
}

function History({ model }: { model: CompanyCardModel }) {
  const h = model.history;
  return (
    <Flex direction="column" gap="small">
      <Heading>{h.title}</Heading>
      {h.empty ? (
        <Text variant="microcopy">{h.empty}</Text>
      ) : (
        <LineChart
          testId="history-chart"
          data={h.points.map((p) => ({ date: p.date, series: p.series, value: p.value }))}
          axes={{
            x: { field: 'date', fieldType: 'datetime', label: WORDING.company.historyAxisDate },
            y: { field: 'value', fieldType: 'linear', label: WORDING.company.historyAxisValue },
            options: { groupFieldByColor: 'series' },
          }}
          options={{ showLegend: true, showTooltips: true }}
        />
      )}
      {h.note ? <Text variant="microcopy">{h.note}</Text> : null}
    </Flex>
  );
}
