// The success plan on the company card: objectives ranked by opportunity (add, edit, mark
// achieved), show-stoppers, and the next best step. Saving sends the whole list with the version
// it was edited on; a 409 shows the other person's version and offers to re-apply the change.
import {
  Alert,
  Button,
  ButtonRow,
  DateInput,
  Flex,
  Heading,
  Input,
  NumberInput,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Text,
  Tile,
} from '@hubspot/ui-extensions';
import type { ReactElement } from 'react';
import type { SidecarApi } from '../client/api.ts';
import { useObjectiveEditor, type ObjectiveFormProps } from '../hooks/objectives.ts';
import type { ObjectiveStatus, StoredPlan } from '../model/api-types.ts';
import type { CompanyCardModel, ObjectiveRow } from '../model/company.ts';
import { fromDateParts, STATUS_OPTIONS, toDateParts, validateDraft, type ObjectiveDraft } from '../model/objectives.ts';
import { WORDING } from '../model/wording.ts';
import { alertNotifier, type AddAlert } from './env.ts';
import { ToneTag } from './parts.tsx';

export interface PlanSectionProps {
  model: CompanyCardModel['plan'];
  plan: StoredPlan;
  api: SidecarApi;
  companyId: string;
  now: number;
  locale: string;
  addAlert: AddAlert;
  /** Called after a save went through: the card loads the new plan. */
  onSaved: () => void;
}

export function PlanSection({ model, plan, api, companyId, now, locale, addAlert, onSaved }: PlanSectionProps) {
  const { saving, conflictView, canStart, form, startAdd, startEdit, achieve, reapply, discard } = useObjectiveEditor({ plan, api, companyId, now, locale, notify: alertNotifier(addAlert), onSaved });

  return (
    <Flex direction="column" gap="small">
      <Heading>{model.title}</Heading>
      <NextStep model={model} />
      <Text format={{ fontWeight: 'demibold' }}>{WORDING.company.showStoppersTitle}</Text>
      {model.showStoppers.length === 0 ? (
        <Text variant="microcopy">{model.showStoppersEmpty}</Text>
      ) : (
        model.showStoppers.map((s) => (
          <Flex key={s.id} direction="column" gap="flush">
            <Flex gap="extra-small" align="center">
              <ToneTag tag={s.kind} />
              <Text format={{ fontWeight: 'demibold' }}>{s.title}</Text>
            </Flex>
            <Text variant="microcopy">{s.reason}</Text>
          </Flex>
        ))
      )}
      <Flex justify="between" align="center">
        <Text format={{ fontWeight: 'demibold' }}>{model.objectivesTitle}</Text>
        <Button size="small" onClick={startAdd} disabled={!canStart} testId="add-objective">
          {WORDING.objectives.add}
        </Button>
      </Flex>
      <Text variant="microcopy">{model.versionText}</Text>
      {conflictView ? (
        <Alert title={conflictView.title} variant="warning" testId="plan-conflict">
          <Flex direction="column" gap="small">
            <Text>{conflictView.text}</Text>
            <ObjectivesTable rows={conflictView.rows} testIdPrefix="current" />
            {conflictView.reapply.ok ? null : <Text>{conflictView.reapply.message}</Text>}
            <ButtonRow>
              {conflictView.reapply.ok ? (
                <Button variant="primary" disabled={saving} onClick={reapply} testId="reapply">
                  {conflictView.reapplyLabel}
                </Button>
              ) : null}
              <Button onClick={discard} testId="discard">
                {conflictView.discardLabel}
              </Button>
            </ButtonRow>
          </Flex>
        </Alert>
      ) : null}
      {model.objectives.length === 0 ? (
        <Text variant="microcopy">{model.objectivesEmpty}</Text>
      ) : (
        <ObjectivesTable
          rows={model.objectives}
          actions={(row) => (
            <ButtonRow>
              <Button size="extra-small" variant="secondary" onClick={() => startEdit(row)} disabled={!canStart} testId={`edit-objective-${row.id}`}>
                {WORDING.objectives.edit}
              </Button>
              {row.canMarkAchieved ? (
                <Button
                  size="extra-small"
                  variant="secondary"
                  onClick={() => achieve(row)}
                  disabled={!canStart}
                  testId={`achieve-objective-${row.id}`}
                >
                  {WORDING.objectives.markAchieved}
                </Button>
              ) : null}
            </ButtonRow>
          )}
        />
      )}
      {form ? <ObjectiveForm {...form} /> : null}
    </Flex>
  );
}

function NextStep({ model }: { model: CompanyCardModel['plan'] }) {
  const step = model.nextStep;
  return (
    <Tile compact testId="next-step">
      <Flex direction="column" gap="extra-small">
        <Text format={{ fontWeight: 'demibold' }}>{WORDING.company.nextStepTitle}</Text>
        {step ? (
          <>
            <Text>{step.action}</Text>
            <Text variant="microcopy">{step.why}</Text>
            <Text variant="microcopy">{`${step.gain} ${step.effort}.`}</Text>
          </>
        ) : (
          <Text variant="microcopy">{model.nextStepEmpty}</Text>
        )}
      </Flex>
    </Tile>
  );
}

function ObjectivesTable({ rows, actions, testIdPrefix = 'objective' }: { rows: ObjectiveRow[]; actions?: (row: ObjectiveRow) => ReactElement; testIdPrefix?: string }) {
  const c = WORDING.company.objectiveColumns;
  return (
    <Table bordered={false} density="condensed">
      <TableHead>
        <TableRow>
          <TableHeader>{c.objective}</TableHeader>
          <TableHeader>{c.status}</TableHeader>
          <TableHeader>{c.opportunity}</TableHeader>
          <TableHeader>{c.due}</TableHeader>
          {actions ? <TableHeader>{c.actions}</TableHeader> : null}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((row) => (
          <TableRow key={row.id} testId={`${testIdPrefix}-${row.id}`}>
            <TableCell>
              <Text>{row.statement}</Text>
              {row.metric ? <Text variant="microcopy">{row.metric}</Text> : null}
            </TableCell>
            <TableCell>
              <ToneTag tag={row.status} />
            </TableCell>
            <TableCell>{row.opportunity.display}</TableCell>
            <TableCell>
              <Text variant="microcopy" format={row.overdue ? { fontWeight: 'demibold' } : {}}>
                {row.due}
              </Text>
            </TableCell>
            {actions ? <TableCell>{actions(row)}</TableCell> : null}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function ObjectiveForm({ title, draft, onChange, showErrors, saving, onSubmit, onCancel }: ObjectiveFormProps) {
  const f = WORDING.objectives.fields;
  const errors = showErrors ? validateDraft(draft).errors : {};
  const err = (key: keyof typeof errors) => (errors[key] ? { error: true, validationMessage: errors[key] } : {});
  const set = <K extends keyof ObjectiveDraft>(key: K, value: ObjectiveDraft[K]) => onChange({ ...draft, [key]: value });
  const numberOrNull = (v: number) => (Number.isFinite(v) ? v : null);
  const dueParts = toDateParts(draft.dueDate);
  return (
    <Tile testId="objective-form">
      <Flex direction="column" gap="small">
        <Text format={{ fontWeight: 'demibold' }}>{title}</Text>
        <Input name="statement" label={f.statement.label} description={f.statement.description} required value={draft.statement} onChange={(v) => set('statement', v)} {...err('statement')} />
        <Input name="metric" label={f.metric.label} description={f.metric.description} value={draft.metric} onChange={(v) => set('metric', v)} {...err('metric')} />
        <Flex gap="small">
          <NumberInput name="current" label={f.current.label} {...(draft.current !== null ? { value: draft.current } : {})} onChange={(v) => set('current', numberOrNull(v))} {...err('current')} />
          <NumberInput name="target" label={f.target.label} {...(draft.target !== null ? { value: draft.target } : {})} onChange={(v) => set('target', numberOrNull(v))} {...err('target')} />
        </Flex>
        <Flex gap="small">
          <NumberInput
            name="importance"
            label={f.importance.label}
            description={f.importance.description}
            min={0}
            max={10}
            {...(draft.importance !== null ? { value: draft.importance } : {})}
            onChange={(v) => set('importance', numberOrNull(v))}
            {...err('importance')}
          />
          <NumberInput
            name="satisfaction"
            label={f.satisfaction.label}
            description={f.satisfaction.description}
            min={0}
            max={10}
            {...(draft.satisfaction !== null ? { value: draft.satisfaction } : {})}
            onChange={(v) => set('satisfaction', numberOrNull(v))}
            {...err('satisfaction')}
          />
        </Flex>
        <Flex gap="small">
          <DateInput name="dueDate" label={f.dueDate.label} format="YYYY-MM-DD" {...(dueParts ? { value: dueParts } : {})} onChange={(v) => set('dueDate', fromDateParts(v))} {...err('dueDate')} />
          <Select
            name="status"
            label={f.status.label}
            value={draft.status}
            options={STATUS_OPTIONS.map((o) => ({ label: o.label, value: o.value }))}
            onChange={(v) => set('status', v as ObjectiveStatus)}
          />
        </Flex>
        <ButtonRow>
          <Button variant="primary" onClick={onSubmit} disabled={saving} testId="save-objective">
            {saving ? WORDING.objectives.saving : WORDING.objectives.save}
          </Button>
          <Button variant="secondary" onClick={onCancel} disabled={saving} testId="cancel-objective">
            {WORDING.common.cancel}
          </Button>
        </ButtonRow>
      </Flex>
    </Tile>
  );
}
