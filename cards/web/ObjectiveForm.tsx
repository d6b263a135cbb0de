// Adding or editing one objective: a labelled form over the shared draft and its validation
// (cards/model objectives.ts). Errors are tied to their fields and the first one gets the focus.
import { useEffect, useId, useRef, type FormEvent } from 'react';
import type { ObjectiveFormProps } from '../model/hooks.ts';
import { STATUS_OPTIONS, validateDraft, WORDING, type DraftField, type ObjectiveDraft, type ObjectiveStatus } from '../model/index.ts';

export type { ObjectiveFormProps };

const FIELD_ORDER: DraftField[] = ['statement', 'metric', 'current', 'target', 'importance', 'satisfaction', 'dueDate', 'status'];

const numberOrNull = (text: string): number | null => (text.trim() === '' ? null : Number(text));

export function ObjectiveForm({ title, draft, onChange, showErrors, saving, onSubmit, onCancel }: ObjectiveFormProps) {
  const id = useId();
  const form = useRef<HTMLFormElement>(null);
  const f = WORDING.objectives.fields;
  const errors = showErrors ? validateDraft(draft).errors : {};
  const set = <K extends keyof ObjectiveDraft>(key: K, value: ObjectiveDraft[K]) => onChange({ ...draft, [key]: value });
  const fieldId = (key: DraftField) => `${id}-${key}`;

  useEffect(() => {
    form.current?.querySelector<HTMLInputElement>('input')?.focus();
  }, []);

  // After a submit with mistakes, the first wrong field takes the focus.
  const firstError = FIELD_ORDER.find((k) => errors[k] !== undefined);
  useEffect(() => {
    if (showErrors && firstError) document.getElementById(`${id}-${firstError}`)?.focus();
  }, [showErrors, firstError, id]);

  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit();
  }

  const described = (key: DraftField, hasDescription: boolean) => {
    const ids = [hasDescription ? `${fieldId(key)}-desc` : null, errors[key] ? `${fieldId(key)}-error` : null].filter(Boolean);
    return ids.length ? { 'aria-describedby': ids.join(' ') } : {};
  };
  const invalid = (key: DraftField) => (errors[key] ? { 'aria-invalid': true as const } : {});
  const errorText = (key: DraftField) =>
    errors[key] ? (
      <p id={`${fieldId(key)}-error`} className="field-error">
        {errors[key]}
      </p>
    ) : null;

  const numberField = (key: 'current' | 'target' | 'importance' | 'satisfaction', range: boolean) => {
    const field = f[key];
    const description = 'description' in field ? field.description : null;
    return (
      <div className="field">
        <label htmlFor={fieldId(key)}>{field.label}</label>
        {description ? (
          <p id={`${fieldId(key)}-desc`} className="field-hint">
            {description}
          </p>
        ) : null}
        <input
          id={fieldId(key)}
          name={key}
          type="number"
          inputMode="decimal"
          step="any"
          {...(range ? { min: 0, max: 10 } : {})}
          value={draft[key] === null || Number.isNaN(draft[key]) ? '' : String(draft[key])}
          onChange={(e) => set(key, numberOrNull(e.target.value))}
          {...invalid(key)}
          {...described(key, description !== null)}
        />
        {errorText(key)}
      </div>
    );
  };

  return (
    <form ref={form} className="objective-form" onSubmit={submit} noValidate data-testid="objective-form" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>{title}</h4>
      <div className="field">
        <label htmlFor={fieldId('statement')}>
          {f.statement.label} <span aria-hidden="true">*</span>
        </label>
        <p id={`${fieldId('statement')}-desc`} className="field-hint">
          {f.statement.description}
        </p>
        <input id={fieldId('statement')} name="statement" type="text" required maxLength={600} value={draft.statement} onChange={(e) => set('statement', e.target.value)} {...invalid('statement')} {...described('statement', true)} />
        {errorText('statement')}
      </div>
      <div className="field">
        <label htmlFor={fieldId('metric')}>{f.metric.label}</label>
        <p id={`${fieldId('metric')}-desc`} className="field-hint">
          {f.metric.description}
        </p>
        <input id={fieldId('metric')} name="metric" type="text" value={draft.metric} onChange={(e) => set('metric', e.target.value)} {...invalid('metric')} {...described('metric', true)} />
        {errorText('metric')}
      </div>
      <div className="field-row">
        {numberField('current', false)}
        {numberField('target', false)}
      </div>
      <div className="field-row">
        {numberField('importance', true)}
        {numberField('satisfaction', true)}
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={fieldId('dueDate')}>{f.dueDate.label}</label>
          <input id={fieldId('dueDate')} name="dueDate" type="date" value={draft.dueDate ?? ''} onChange={(e) => set('dueDate', e.target.value === '' ? null : e.target.value)} {...invalid('dueDate')} {...described('dueDate', false)} />
          {errorText('dueDate')}
        </div>
        <div className="field">
          <label htmlFor={fieldId('status')}>{f.status.label}</label>
          <select id={fieldId('status')} name="status" value={draft.status} onChange={(e) => set('status', e.target.value as ObjectiveStatus)}>
            {STATUS_OPTIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="button-row">
        <button type="submit" className="primary" disabled={saving} data-testid="save-objective">
          {saving ? WORDING.objectives.saving : WORDING.objectives.save}
        </button>
        <button type="button" onClick={onCancel} disabled={saving} data-testid="cancel-objective">
          {WORDING.common.cancel}
        </button>
      </div>
    </form>
  );
}
