// The success plan on the web company card: the next best step, show-stoppers and the objectives
// ranked by opportunity (add, edit, mark achieved). Saving sends the whole list with the version it
// was edited on; a 409 shows the other person's version and offers to re-apply the change — the
// same flow and wording as the HubSpot card (cards/model objectives.ts).
import { useEffect, useRef, useState, type ReactNode } from 'react';
import {
  applyChange,
  conflictModel,
  draftFrom,
  emptyDraft,
  errorModel,
  validateDraft,
  WORDING,
  type CompanyCardModel,
  type ObjectiveDraft,
  type ObjectiveRow,
  type ObjectivesConflict,
  type PlanChange,
  type StoredPlan,
} from '../model/index.ts';
import { isObjectivesConflict } from '../model/client.ts';
import type { WebApi } from './api.ts';
import type { Announcement } from './hooks.ts';
import { ObjectiveForm } from './ObjectiveForm.tsx';
import { ToneTag } from './parts.tsx';
import { WEB_WORDING } from './wording.ts';

export interface PlanSectionProps {
  model: CompanyCardModel['plan'];
  plan: StoredPlan;
  api: WebApi;
  companyId: string;
  now: number;
  locale: string;
  announce: (a: Omit<Announcement, 'id'>) => void;
  /** Called after a save went through: the card loads the new plan. */
  onSaved: () => void;
}

type Editing = { mode: 'add' } | { mode: 'edit'; id: string } | null;

export function PlanSection({ model, plan, api, companyId, now, locale, announce, onSaved }: PlanSectionProps) {
  const [editing, setEditing] = useState<Editing>(null);
  const [draft, setDraft] = useState<ObjectiveDraft>(emptyDraft);
  const [showErrors, setShowErrors] = useState(false);
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState<{ conflict: ObjectivesConflict; change: PlanChange } | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const conflictHeading = useRef<HTMLHeadingElement>(null);
  const returnFocus = useRef(false);

  useEffect(() => {
    if (conflict) conflictHeading.current?.focus();
  }, [conflict]);
  useEffect(() => {
    if (editing === null && conflict === null && returnFocus.current) {
      returnFocus.current = false;
      addButton.current?.focus();
    }
  }, [editing, conflict]);

  const close = () => {
    returnFocus.current = true;
    setEditing(null);
    setShowErrors(false);
  };

  async function send(base: StoredPlan, change: PlanChange): Promise<void> {
    const applied = applyChange(base, change);
    if (!applied.ok) {
      announce({ tone: 'warning', message: applied.message });
      return;
    }
    setSaving(true);
    const result = await api.saveObjectives(companyId, applied.body);
    setSaving(false);
    if (result.ok) {
      setConflict(null);
      close();
      announce({ tone: 'success', message: WORDING.objectives.saved });
      onSaved();
      return;
    }
    if (result.error.kind === 'conflict' && isObjectivesConflict(result.conflict)) {
      setConflict({ conflict: result.conflict, change });
      return;
    }
    const e = errorModel(result.error);
    announce({ tone: 'danger', title: e.title, message: e.detail ? `${e.detail} ${e.whatToDo}` : e.whatToDo });
  }

  function startAdd() {
    setDraft(emptyDraft());
    setShowErrors(false);
    setEditing({ mode: 'add' });
  }

  function startEdit(row: ObjectiveRow) {
    setDraft(draftFrom(row.objective));
    setShowErrors(false);
    setEditing({ mode: 'edit', id: row.id });
  }

  function submit() {
    if (!validateDraft(draft).ok) {
      setShowErrors(true);
      return;
    }
    const change: PlanChange = editing?.mode === 'edit' ? { kind: 'edit', id: editing.id, draft } : { kind: 'add', draft };
    void send(plan, change);
  }

  const conflictView = conflict ? { ...conflictModel(conflict.conflict, conflict.change, now, locale), change: conflict.change } : null;
  const busy = saving || conflict !== null;

  return (
    <section className="card-section plan" aria-labelledby="plan-title" data-testid="plan">
      <h3 id="plan-title">{model.title}</h3>
      <NextStep model={model} />

      <h4>{WORDING.company.showStoppersTitle}</h4>
      {model.showStoppers.length === 0 ? (
        <p className="muted">{model.showStoppersEmpty}</p>
      ) : (
        <ul className="plain-list" data-testid="show-stoppers">
          {model.showStoppers.map((s) => (
            <li key={s.id} className="stopper">
              <div className="inline">
                <ToneTag tag={s.kind} />
                <strong>{s.title}</strong>
              </div>
              <p className="muted">{s.reason}</p>
            </li>
          ))}
        </ul>
      )}

      <div className="section-head">
        <h4>{model.objectivesTitle}</h4>
        <button ref={addButton} type="button" onClick={startAdd} disabled={busy || editing !== null} data-testid="add-objective">
          {WORDING.objectives.add}
        </button>
      </div>
      <p className="muted" data-testid="plan-version" data-version={model.version}>
        {model.versionText}
      </p>

      {conflictView ? (
        <div className="notice tone-warning conflict" data-testid="plan-conflict">
          <h4 ref={conflictHeading} tabIndex={-1}>
            {conflictView.title}
          </h4>
          <p>{conflictView.text}</p>
          <ObjectivesTable rows={conflictView.rows} caption={conflictView.title} testIdPrefix="current" />
          {conflictView.reapply.ok ? null : <p>{conflictView.reapply.message}</p>}
          <div className="button-row">
            {conflictView.reapply.ok ? (
              <button type="button" className="primary" disabled={saving} onClick={() => void send(conflictView.current, conflictView.change)} data-testid="reapply">
                {conflictView.reapplyLabel}
              </button>
            ) : null}
            <button
              type="button"
              onClick={() => {
                setConflict(null);
                close();
                onSaved();
              }}
              data-testid="discard"
            >
              {conflictView.discardLabel}
            </button>
          </div>
        </div>
      ) : null}

      {model.objectives.length === 0 ? (
        <p className="muted">{model.objectivesEmpty}</p>
      ) : (
        <ObjectivesTable
          rows={model.objectives}
          caption={model.objectivesTitle}
          actions={(row) => (
            <div className="button-row compact">
              <button type="button" className="small" onClick={() => startEdit(row)} disabled={busy || editing !== null} data-testid={`edit-objective-${row.id}`}>
                {WORDING.objectives.edit}
                <span className="sr-only">: {row.statement}</span>
              </button>
              {row.canMarkAchieved ? (
                <button type="button" className="small" onClick={() => void send(plan, { kind: 'achieve', id: row.id })} disabled={busy || editing !== null} data-testid={`achieve-objective-${row.id}`}>
                  {WORDING.objectives.markAchieved}
                  <span className="sr-only">: {row.statement}</span>
                </button>
              ) : null}
            </div>
          )}
        />
      )}
      <p className="muted small">{WORDING.company.opportunityHint}</p>

      {editing && conflict === null ? (
        <ObjectiveForm
          title={editing.mode === 'add' ? WORDING.objectives.newTitle : WORDING.objectives.editTitle}
          draft={draft}
          onChange={setDraft}
          showErrors={showErrors}
          saving={saving}
          onSubmit={submit}
          onCancel={close}
        />
      ) : null}
    </section>
  );
}

function NextStep({ model }: { model: CompanyCardModel['plan'] }) {
  const step = model.nextStep;
  return (
    <div className="next-step" data-testid="next-step">
      <h4>{WORDING.company.nextStepTitle}</h4>
      {step ? (
        <>
          <p className="strong">{step.action}</p>
          <p>
            <span className="muted">{step.kind}. </span>
            {step.why}
          </p>
          <p className="muted">{`${step.gain} ${step.effort}.`}</p>
        </>
      ) : (
        <p className="muted">{model.nextStepEmpty}</p>
      )}
    </div>
  );
}

function ObjectivesTable({ rows, caption, actions, testIdPrefix = 'objective' }: { rows: ObjectiveRow[]; caption: string; actions?: (row: ObjectiveRow) => ReactNode; testIdPrefix?: string }) {
  const c = WORDING.company.objectiveColumns;
  return (
    <table className="table stack objectives">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{c.objective}</th>
          <th scope="col">{c.status}</th>
          <th scope="col">{c.opportunity}</th>
          <th scope="col">{c.due}</th>
          {actions ? (
            <th scope="col">
              <span className="sr-only">{WORDING.company.objectiveColumns.actions || WEB_WORDING.account.actions}</span>
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} data-testid={`${testIdPrefix}-${row.id}`}>
            <td data-label={c.objective}>
              <span className="rank" aria-hidden="true">
                {row.rank}
              </span>
              <span className="statement">{row.statement}</span>
              {row.metric ? <span className="muted block">{row.metric}</span> : null}
            </td>
            <td data-label={c.status}>
              <ToneTag tag={row.status} />
            </td>
            <td data-label={c.opportunity}>{row.opportunity.display}</td>
            <td data-label={c.due} className={row.overdue ? 'overdue' : undefined}>
              {row.due}
            </td>
            {actions ? <td className="actions">{actions(row)}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
