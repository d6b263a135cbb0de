// Editing the success plan's objectives, for both renderers: which objective is open (add / edit),
// the draft and its validation, saving the whole list with the version it was edited on, and the
// 409 flow (the other person's version, re-apply or discard). Renderers only draw it.
import { useState } from 'react';
import { isObjectivesConflict, type SidecarApi } from '../client/api.ts';
import type { ObjectivesConflict, StoredPlan } from '../model/api-types.ts';
import type { ObjectiveRow } from '../model/company.ts';
import { errorModel } from '../model/errors.ts';
import { applyChange, conflictModel, draftFrom, emptyDraft, validateDraft, type ObjectiveDraft, type PlanChange } from '../model/objectives.ts';
import { WORDING } from '../model/wording.ts';
import type { CardNotice } from './notice.ts';

export type Editing = { mode: 'add' } | { mode: 'edit'; id: string } | null;

export interface ObjectiveEditorOptions {
  plan: StoredPlan;
  api: Pick<SidecarApi, 'saveObjectives'>;
  companyId: string;
  now: number;
  locale: string;
  notify: (notice: CardNotice) => void;
  /** Called after a save went through (or a conflict was discarded): the card loads the new plan. */
  onSaved: () => void;
  /** Called whenever the form closes (the web renderer gives the focus back). */
  onClose?: () => void;
}

/** What the add / edit form of either renderer takes. */
export interface ObjectiveFormProps {
  title: string;
  draft: ObjectiveDraft;
  onChange: (draft: ObjectiveDraft) => void;
  showErrors: boolean;
  saving: boolean;
  onSubmit: () => void;
  onCancel: () => void;
}

export function useObjectiveEditor({ plan, api, companyId, now, locale, notify, onSaved, onClose }: ObjectiveEditorOptions) {
  const [editing, setEditing] = useState<Editing>(null);
  const [draft, setDraft] = useState<ObjectiveDraft>(emptyDraft);
  const [showErrors, setShowErrors] = useState(false);
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState<{ conflict: ObjectivesConflict; change: PlanChange } | null>(null);

  const close = () => {
    onClose?.();
    setEditing(null);
    setShowErrors(false);
  };

  async function send(base: StoredPlan, change: PlanChange): Promise<void> {
    const applied = applyChange(base, change);
    if (!applied.ok) {
      notify({ tone: 'warning', message: applied.message });
      return;
    }
    setSaving(true);
    const result = await api.saveObjectives(companyId, applied.body);
    setSaving(false);
    if (result.ok) {
      setConflict(null);
      close();
      notify({ tone: 'success', message: WORDING.objectives.saved });
      onSaved();
      return;
    }
    if (result.error.kind === 'conflict' && isObjectivesConflict(result.conflict)) {
      setConflict({ conflict: result.conflict, change });
      return;
    }
    const e = errorModel(result.error);
    notify({ tone: 'danger', title: e.title, message: e.detail ? `${e.detail} ${e.whatToDo}` : e.whatToDo });
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

  /** Drops the change that met a conflict and loads the current plan. */
  function discard() {
    setConflict(null);
    close();
    onSaved();
  }

  const conflictView = conflict ? { ...conflictModel(conflict.conflict, conflict.change, now, locale), change: conflict.change } : null;
  /** The form, when one is open and no conflict is in the way. */
  const form: ObjectiveFormProps | null =
    editing && conflict === null
      ? { title: editing.mode === 'add' ? WORDING.objectives.newTitle : WORDING.objectives.editTitle, draft, onChange: setDraft, showErrors, saving, onSubmit: submit, onCancel: close }
      : null;

  return {
    editing,
    saving,
    conflict,
    conflictView,
    /** Saving, or a conflict waiting for an answer: no other change may start. */
    busy: saving || conflict !== null,
    form,
    startAdd,
    startEdit,
    achieve: (row: ObjectiveRow) => void send(plan, { kind: 'achieve', id: row.id }),
    reapply: () => {
      if (conflictView) void send(conflictView.current, conflictView.change);
    },
    discard,
  };
}
