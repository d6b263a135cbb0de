// Company sidebar, "Before you pitch": a clear verdict for the salesperson (good moment / resolve
// first / at risk) with its reasons, the value delivered, objectives achieved and what is open.
import type { ExtensionPointApiActions, ExtensionPointApiContext } from '@hubspot/ui-extensions';
import { Alert, Divider, Flex, List, Statistics, Text } from '@hubspot/ui-extensions';
import { beforeYouPitchModel, type BeforeYouPitchModel } from '../model/verdict.ts';
import { useCompanyStore, useRemote } from '../hooks/remote.ts';
import { localeOf, useSidecarApi, type CardEnv } from './env.ts';
import { alertVariant, FigureItem, RemoteView, ToneTag } from './parts.tsx';

export interface BeforeYouPitchCardProps {
  context: ExtensionPointApiContext<'crm.record.sidebar'>;
  actions?: ExtensionPointApiActions<'crm.record.sidebar'>;
  env?: CardEnv;
}

export function BeforeYouPitchCard({ context, env }: BeforeYouPitchCardProps) {
  const api = useSidecarApi(context, env);
  const companyId = String(context.crm.objectId);
  const store = useCompanyStore(api, companyId, env?.schedule);
  const state = useRemote(store);
  const now = (env?.now ?? Date.now)();
  const locale = localeOf(context);

  return <RemoteView state={state} onRetry={() => store.reload()} views={{ data: ({ data }) => <Pitch model={beforeYouPitchModel(data, now, locale)} /> }} />;
}

function Pitch({ model }: { model: BeforeYouPitchModel }) {
  const v = model.verdict;
  return (
    <Flex direction="column" gap="small">
      <Alert title={v.title} variant={alertVariant(v.tone)} testId="verdict">
        <Flex direction="column" gap="extra-small">
          <Text>{v.summary}</Text>
          <List variant="unordered">
            {v.reasons.map((r, i) => (
              <Text key={i} testId={`verdict-reason-${i}`}>
                {r}
              </Text>
            ))}
          </List>
        </Flex>
      </Alert>
      <Text format={{ fontWeight: 'demibold' }}>{model.value.title}</Text>
      <Statistics>
        <FigureItem figure={model.value.score} trend={model.value.trend} />
        {model.value.figures.map((f) => (
          <FigureItem key={f.key} figure={f} />
        ))}
      </Statistics>
      <Divider />
      <Text format={{ fontWeight: 'demibold' }}>{model.objectives.title}</Text>
      <Text testId="objectives-achieved">{model.objectives.summary}</Text>
      {model.objectives.achieved.length > 0 ? (
        <List variant="unordered">
          {model.objectives.achieved.map((s, i) => (
            <Text key={i} variant="microcopy">
              {s}
            </Text>
          ))}
        </List>
      ) : null}
      <Divider />
      <Text format={{ fontWeight: 'demibold' }}>{model.showStoppers.title}</Text>
      {model.showStoppers.rows.length === 0 ? (
        <Text variant="microcopy">{model.showStoppers.empty}</Text>
      ) : (
        model.showStoppers.rows.map((s) => (
          <Flex key={s.id} direction="column" gap="flush">
            <Flex gap="extra-small" align="center" wrap>
              <ToneTag tag={s.kind} />
              <Text format={{ fontWeight: 'demibold' }}>{s.title}</Text>
            </Flex>
            <Text variant="microcopy">{s.reason}</Text>
          </Flex>
        ))
      )}
      <Text variant="microcopy">{model.computed}</Text>
    </Flex>
  );
}
