// The success plan on the web company card: the next best step, show-stoppers and the objectives
// ranked by opportunity (add, edit, mark achieved). Saving sends the whole list with the version it
// was edited on; a 409 shows the other person's version and offers to re-apply the change — the
// same flow and wording as the HubSpot card (cards/model objectives.ts).
import { useEffect, useRef, type ReactNode } from 'react';
import { WORDING, type CompanyCardModel, type ObjectiveRow, type StoredPlan } from '../model/index.ts';
import { useObjectiveEditor } from '../model/hooks.ts';
import type { WebApi } from './api.ts';
import type { Announcement } from './hooks.ts';
import { ObjectiveForm } from './ObjectiveForm.tsx';
import { ShowStoppers, ToneTag } from './parts.tsx';
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

export function PlanSection({ model, plan, api, companyId, now, locale, announce, onSaved }: PlanSectionProps) {
  const addButton = useRef<HTMLButtonElement>(null);
  const conflictHeading = useRef<HTMLHeadingElement>(null);
  const returnFocus = useRef(false);
  const { editing, saving, conflict, conflictView, canStart, form, startAdd, startEdit, achieve, reapply, discard } = useObjectiveEditor({
    plan,
    api,
    companyId,
    now,
    locale,
    notify: announce,
    onSaved,
    onClose: () => {
      returnFocus.current = true;
    },
  });

  useEffect(() => {
    if (conflict) conflictHeading.current?.focus();
  }, [conflict]);
  useEffect(() => {
    if (editing === null && conflict === null && returnFocus.current) {
      returnFocus.current = false;
      addButton.current?.focus();
    }
  }, [editing, conflict]);

  return (
    <section className="card-section plan" aria-labelledby="plan-title" data-testid="plan">
      <h3 id="plan-title">{model.title}</h3>
      <NextStep model={model} />

      <h4>{WORDING.company.showStoppersTitle}</h4>
      <ShowStoppers rows={model.showStoppers} empty={model.showStoppersEmpty} testId="show-stoppers" />

      <div className="section-head">
        <h4>{model.objectivesTitle}</h4>
        <button ref={addButton} type="button" onClick={startAdd} disabled={!canStart} data-testid="add-objective">
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
              <button type="button" className="primary" disabled={saving} onClick={reapply} data-testid="reapply">
                {conflictView.reapplyLabel}
              </button>
            ) : null}
            <button type="button" onClick={discard} data-testid="discard">
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
              <button type="button" className="small" onClick={() => startEdit(row)} disabled={!canStart} data-testid={`edit-objective-${row.id}`}>
                {WORDING.objectives.edit}
                <span className="sr-only">: {row.statement}</span>
              </button>
              {row.canMarkAchieved ? (
                <button type="button" className="small" onClick={() => achieve(row)} disabled={!canStart} data-testid={`achieve-objective-${row.id}`}>
                  {WORDING.objectives.markAchieved}
                  <span className="sr-only">: {row.statement}</span>
                </button>
              ) : null}
            </div>
          )}
        />
      )}
      <p className="muted small">{WORDING.company.opportunityHint}</p>

      {form ? <ObjectiveForm {...form} /> : null}
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
