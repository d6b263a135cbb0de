// Editing the success plan's objectives, for both renderers: which objective is open (add / edit),
// the draft and its validation, saving the whole list with the version it was edited on, and the
// 409 flow (the other person's version, re-apply or discard). Renderers only draw it.
import { useRef, useState } from 'react';
import type { SidecarApi } from '../client/api.ts';
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
  // The same facts as refs, read by the actions: two clicks in one tick (before React renders the
  // disabled buttons) must not open a second form or send a second save.
  const saveInFlight = useRef(false);
  const formOpen = useRef(false);
  const conflictOpen = useRef(false);

  const open = (next: Editing) => {
    formOpen.current = next !== null;
    setEditing(next);
  };
  const showConflict = (next: { conflict: ObjectivesConflict; change: PlanChange } | null) => {
    conflictOpen.current = next !== null;
    setConflict(next);
  };
  /** Whether a new change (add, edit, mark achieved) may start: nothing open, nothing saving, no conflict waiting. */
  const mayStart = () => !saveInFlight.current && !formOpen.current && !conflictOpen.current;

  const close = () => {
    onClose?.();
    open(null);
    setShowErrors(false);
  };

  async function send(base: StoredPlan, change: PlanChange): Promise<void> {
    if (saveInFlight.current) return;
    const applied = applyChange(base, change);
    if (!applied.ok) {
      notify({ tone: 'warning', message: applied.message });
      return;
    }
    saveInFlight.current = true;
    setSaving(true);
    const result = await api.saveObjectives(companyId, applied.body);
    saveInFlight.current = false;
    setSaving(false);
    if (result.ok) {
      showConflict(null);
      close();
      notify({ tone: 'success', message: WORDING.objectives.saved });
      onSaved();
      return;
    }
    if (result.error.kind === 'conflict' && result.conflict) {
      showConflict({ conflict: result.conflict, change });
      return;
    }
    const e = errorModel(result.error);
    notify({ tone: 'danger', title: e.title, message: e.detail ? `${e.detail} ${e.whatToDo}` : e.whatToDo });
  }

  function startAdd() {
    if (!mayStart()) return;
    setDraft(emptyDraft());
    setShowErrors(false);
    open({ mode: 'add' });
  }

  function startEdit(row: ObjectiveRow) {
    if (!mayStart()) return;
    setDraft(draftFrom(row.objective));
    setShowErrors(false);
    open({ mode: 'edit', id: row.id });
  }

  function achieve(row: ObjectiveRow) {
    if (!mayStart()) return;
    void send(plan, { kind: 'achieve', id: row.id });
  }

  function submit() {
    if (saveInFlight.current) return;
    if (!validateDraft(draft).ok) {
      setShowErrors(true);
      return;
    }
    const change: PlanChange = editing?.mode === 'edit' ? { kind: 'edit', id: editing.id, draft } : { kind: 'add', draft };
    void send(plan, change);
  }

  /** Drops the change that met a conflict and loads the current plan. */
  function discard() {
    showConflict(null);
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
    /** Saving, or a conflict waiting for an answer. */
    busy: saving || conflict !== null,
    /**
     * Whether "Add", "Edit" and "Mark achieved" are enabled: not while a form is open, a save is
     * under way or a conflict waits for an answer. Both renderers disable their buttons with it,
     * and the actions themselves do nothing otherwise.
     */
    canStart: !saving && conflict === null && editing === null,
    form,
    startAdd,
    startEdit,
    achieve,
    reapply: () => {
      if (conflictView) void send(conflictView.current, conflictView.change);
    },
    discard,
  };
}
