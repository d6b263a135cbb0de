// Small renderers shared by the cards: view-model tags, figures and the non-ready states.
import type { ReactNode } from 'react';
import { Alert, Button, EmptyState, ErrorState, Flex, LoadingSpinner, StatisticsItem, StatisticsTrend, Tag, Text } from '@hubspot/ui-extensions';
import { remoteView, type RemoteViewProps } from '../client/remote.ts';
import type { ApiError } from '../model/errors.ts';
import { errorModel } from '../model/errors.ts';
import type { Figure, TagModel, Tone, TrendModel } from '../model/view.ts';
import { WORDING } from '../model/wording.ts';

type TagVariant = 'default' | 'warning' | 'success' | 'error' | 'info';
type AlertVariant = 'info' | 'warning' | 'success' | 'error' | 'danger' | 'tip';

export const tagVariant = (tone: Tone): TagVariant => (tone === 'danger' ? 'error' : tone);
export const alertVariant = (tone: Tone): AlertVariant => (tone === 'default' ? 'info' : tone);

export function ToneTag({ tag, testId }: { tag: TagModel; testId?: string }) {
  return (
    <Tag variant={tagVariant(tag.tone)} {...(testId ? { testId } : {})}>
      {tag.text}
    </Tag>
  );
}

export function FigureItem({ figure, trend }: { figure: Figure; trend?: TrendModel | null }) {
  return (
    <StatisticsItem label={figure.label} number={figure.display} testId={`figure-${figure.key}`}>
      {trend && trend.direction !== 'flat' ? (
        <StatisticsTrend direction={trend.direction} value={trend.short} color={trend.direction === 'increase' ? 'green' : 'red'} />
      ) : null}
    </StatisticsItem>
  );
}

export function Loading({ label }: { label: string }) {
  return <LoadingSpinner label={label} showLabel layout="centered" />;
}

export function Computing() {
  return (
    <Flex direction="column" gap="small" align="center">
      <LoadingSpinner label={WORDING.states.computing} showLabel layout="centered" />
      <Text variant="microcopy">{WORDING.states.computingHint}</Text>
    </Flex>
  );
}

export function ErrorView({ error, onRetry, children }: { error: ApiError; onRetry?: () => void; children?: ReactNode }) {
  const m = errorModel(error);
  return (
    <ErrorState title={m.title} testId="error-state">
      <Text>{m.whatToDo}</Text>
      {m.detail ? <Text variant="microcopy">{m.detail}</Text> : null}
      {m.canRetry && onRetry ? <Button onClick={onRetry}>{WORDING.common.tryAgain}</Button> : null}
      {children}
    </ErrorState>
  );
}

export function Insufficient({ title, reason, whatToDo, children }: { title: string; reason: string; whatToDo: string | null; children?: ReactNode }) {
  return (
    <EmptyState title={title} layout="vertical" imageName="emptyStateCharts" testId="insufficient-state">
      <Text>{reason}</Text>
      {whatToDo ? <Text format={{ fontWeight: 'demibold' }}>{whatToDo}</Text> : null}
      {children}
    </EmptyState>
  );
}

export function Notice({ tone, title, text, testId }: { tone: Tone; title: string; text?: string | null; testId?: string }) {
  return (
    <Alert title={title} variant={alertVariant(tone)} {...(testId ? { testId } : {})}>
      {text ?? ''}
    </Alert>
  );
}

/** A card's remote state: loading, computing and errors drawn the same way everywhere; `views` may override any. */
export function RemoteView<V>({ state, onRetry, views }: RemoteViewProps<V, ReactNode>) {
  const base = { loading: () => <Loading label={WORDING.states.loading} />, computing: () => <Computing /> };
  return remoteView<V, ReactNode>(state, { ...base, error: (error) => <ErrorView error={error} onRetry={onRetry} />, ...views });
}
