// Editing the success plan: a form draft per objective, its validation, the PUT body (the whole
// list, against the version the CSM edited) and what to do when someone else saved first.
import type { ObjectiveStatus, ObjectivesBody, ObjectivesConflict, PlanObjective, StoredPlan } from './api-types.ts';
import { objectiveRows, type ObjectiveRow } from './company.ts';
import { DEFAULT_LOCALE, relativeTime, savedByName } from './format.ts';
import { OBJECTIVE_STATUS, WORDING } from './wording.ts';

export const MAX_OBJECTIVES = 50;
const MAX_STATEMENT = 500;
const MAX_METRIC = 200;

export interface ObjectiveDraft {
  /** null for a new objective (the sidecar assigns the id). */
  id: string | null;
  statement: string;
  metric: string;
  current: number | null;
  target: number | null;
  importance: number | null;
  satisfaction: number | null;
  /** YYYY-MM-DD or null. */
  dueDate: string | null;
  status: ObjectiveStatus;
}

export type DraftField = Exclude<keyof ObjectiveDraft, 'id'>;

export type PlanChange = { kind: 'add'; draft: ObjectiveDraft } | { kind: 'edit'; id: string; draft: ObjectiveDraft } | { kind: 'achieve'; id: string };

export const STATUS_OPTIONS: ReadonlyArray<{ value: ObjectiveStatus; label: string }> = (['open', 'at_risk', 'achieved', 'dropped'] as const).map((value) => ({
  value,
  label: OBJECTIVE_STATUS[value].text,
}));

export function emptyDraft(): ObjectiveDraft {
  return { id: null, statement: '', metric: '', current: null, target: null, importance: 5, satisfaction: 5, dueDate: null, status: 'open' };
}

export function draftFrom(o: PlanObjective): ObjectiveDraft {
  return {
    id: o.id,
    statement: o.statement,
    metric: o.metric ?? '',
    current: o.current ?? null,
    target: o.target ?? null,
    importance: o.importance,
    satisfaction: o.satisfaction,
    dueDate: o.dueDate ? o.dueDate.slice(0, 10) : null,
    status: o.status,
  };
}

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isCalendarDay(s: string): boolean {
  const m = DAY_RE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/** A date picker's value ({year, month 0–11, date}) from YYYY-MM-DD. */
export function toDateParts(day: string | null): { year: number; month: number; date: number } | undefined {
  if (day === null || !isCalendarDay(day)) return undefined;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return { year: y, month: m - 1, date: d };
}

/** YYYY-MM-DD from a date picker's value; null when cleared. */
export function fromDateParts(parts: { year: number; month: number; date: number } | null | undefined): string | null {
  if (!parts) return null;
  const d = new Date(Date.UTC(parts.year, parts.month, parts.date));
  return Number.isNaN(d.getTime()) ? null : d.toISOString().slice(0, 10);
}

export function validateDraft(d: ObjectiveDraft): { ok: boolean; errors: Partial<Record<DraftField, string>> } {
  const e = WORDING.objectives.errors;
  const f = WORDING.objectives.fields;
  const errors: Partial<Record<DraftField, string>> = {};
  const statement = d.statement.trim();
  if (statement.length === 0) errors.statement = e.statementRequired;
  else if (statement.length > MAX_STATEMENT) errors.statement = e.statementTooLong;
  if (d.metric.trim().length > MAX_METRIC) errors.metric = e.metricTooLong;
  for (const key of ['importance', 'satisfaction'] as const) {
    const v = d[key];
    if (v === null || !Number.isFinite(v) || v < 0 || v > 10) errors[key] = e.scoreRange(f[key].label.replace(/ \(.*\)$/, ''));
  }
  for (const key of ['current', 'target'] as const) {
    const v = d[key];
    if (v !== null && !Number.isFinite(v)) errors[key] = e.number(f[key].label);
  }
  if (d.dueDate !== null && !isCalendarDay(d.dueDate)) errors.dueDate = e.date;
  return { ok: Object.keys(errors).length === 0, errors };
}

type BodyObjective = ObjectivesBody['objectives'][number];

function fromStored(o: PlanObjective): BodyObjective {
  return {
    id: o.id,
    statement: o.statement,
    ...(o.metric !== undefined ? { metric: o.metric } : {}),
    ...(o.target !== undefined ? { target: o.target } : {}),
    ...(o.current !== undefined ? { current: o.current } : {}),
    importance: o.importance,
    satisfaction: o.satisfaction,
    ...(o.dueDate !== undefined ? { dueDate: o.dueDate } : {}),
    status: o.status,
  };
}

function fromDraft(d: ObjectiveDraft, id: string | null): BodyObjective {
  const metric = d.metric.trim();
  return {
    ...(id !== null ? { id } : {}),
    statement: d.statement.trim(),
    ...(metric ? { metric } : {}),
    target: d.target,
    current: d.current,
    importance: d.importance ?? 0,
    satisfaction: d.satisfaction ?? 0,
    dueDate: d.dueDate,
    status: d.status,
  };
}

export type ApplyResult = { ok: true; body: ObjectivesBody } | { ok: false; reason: 'missing' | 'too_many'; message: string };

/**
 * The PUT …/objectives body for one change against `plan`: every objective, in the stored order,
 * with the change applied, and `expectedVersion` = the version the change was made on.
 */
export function applyChange(plan: StoredPlan, change: PlanChange): ApplyResult {
  const list = plan.objectives.map(fromStored);
  if (change.kind === 'add') {
    if (list.length >= MAX_OBJECTIVES) return { ok: false, reason: 'too_many', message: WORDING.objectives.errors.tooMany };
    return { ok: true, body: { expectedVersion: plan.version, objectives: [...list, fromDraft(change.draft, null)] } };
  }
  const index = plan.objectives.findIndex((o) => o.id === change.id);
  if (index < 0) return { ok: false, reason: 'missing', message: WORDING.objectives.cannotReapply };
  list[index] = change.kind === 'edit' ? fromDraft(change.draft, change.id) : { ...list[index]!, status: 'achieved' };
  return { ok: true, body: { expectedVersion: plan.version, objectives: list } };
}

export interface ConflictModel {
  title: string;
  text: string;
  current: StoredPlan;
  rows: ObjectiveRow[];
  /** The body that re-applies the change to their version, or why it cannot be. */
  reapply: ApplyResult;
  reapplyLabel: string;
  discardLabel: string;
}

/** A 409 from PUT …/objectives: show their version, and offer to re-apply the change on top of it. */
export function conflictModel(conflict: ObjectivesConflict, change: PlanChange, now: number, locale = DEFAULT_LOCALE): ConflictModel {
  const current = conflict.current;
  const w = WORDING.objectives;
  return {
    title: w.conflictTitle,
    text: w.conflictText(current.version, savedByName(current.updatedBy), current.updatedAt ? relativeTime(current.updatedAt, now, WORDING.common.justNow, locale) : null),
    current,
    rows: objectiveRows(current.objectives, now, locale),
    reapply: applyChange(current, change),
    reapplyLabel: w.reapply,
    discardLabel: w.discard,
  };
}
