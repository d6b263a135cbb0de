// A failed load on the settings page: what went wrong, what to do, and Reload.
import { Button, ErrorState, Text } from '@hubspot/ui-extensions';
import { errorModel, type ApiError } from '../../cards/lib/model/errors.ts';
import { WORDING } from '../../cards/lib/model/wording.ts';

export function Failure({ error, onReload, testId = 'error-state' }: { error: ApiError; onReload: () => void; testId?: string }) {
  const m = errorModel(error);
  return (
    <ErrorState title={m.title} testId={testId}>
      <Text>{m.whatToDo}</Text>
      {m.detail ? <Text variant="microcopy">{m.detail}</Text> : null}
      <Button onClick={onReload}>{WORDING.common.reload}</Button>
    </ErrorState>
  );
}
