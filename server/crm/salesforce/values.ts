// The written-back values between the engine's CRM-neutral property strings (server/domain/
// property-names.ts) and the typed Account fields: numbers as numbers at the field's scale, the
// probability 0–1 as a Percent 0–100, risk levels as the restricted picklist's Low/Medium/High,
// texts cut to the field's length, instants as ISO datetimes. Pure; `fromFields` is the inverse
// the adapter uses to write only what changed.
import type { PropertyName, PropertyValues } from '../../domain/property-names.ts';
import type { FieldValue } from './writes.ts';

interface Rule {
  field: string;
  kind: 'number' | 'percent' | 'text' | 'risk' | 'datetime';
  scale?: number;
  max?: number;
}

export const FIELD_FOR: Record<PropertyName, Rule> = {
  success_rob_score: { field: 'Success_ROB_Score__c', kind: 'number', scale: 1, max: 9999.9 },
  success_rob_trend_30d: { field: 'Success_ROB_Trend_30d__c', kind: 'number', scale: 1, max: 9999.9 },
  success_rob_drivers: { field: 'Success_ROB_Drivers__c', kind: 'text', max: 255 },
  success_renewal_risk: { field: 'Success_Renewal_Risk__c', kind: 'risk' },
  success_renewal_probability: { field: 'Success_Renewal_Probability__c', kind: 'percent', scale: 2 },
  success_renewal_risk_notes: { field: 'Success_Renewal_Risk_Notes__c', kind: 'text', max: 32768 },
  success_plan_summary: { field: 'Success_Plan_Summary__c', kind: 'text', max: 32768 },
  success_next_best_step: { field: 'Success_Next_Best_Step__c', kind: 'text', max: 255 },
  success_showstoppers: { field: 'Success_Showstoppers__c', kind: 'number', scale: 0, max: 999 },
  success_support_hours_saved_90d: { field: 'Success_Support_Hours_Saved_90d__c', kind: 'number', scale: 1, max: 9999999.9 },
  success_computed_at: { field: 'Success_Computed_At__c', kind: 'datetime' },
};

const RISK: Record<string, string> = { low: 'Low', medium: 'Medium', high: 'High' };

/** Half away from zero, as Salesforce rounds numbers to a field's scale. */
function round(n: number, scale: number): number {
  return (Math.sign(n) * Math.round(Math.abs(n) * 10 ** scale)) / 10 ** scale;
}

function toField(rule: Rule, raw: string): FieldValue {
  if (raw.trim() === '') return null;
  switch (rule.kind) {
    case 'number': {
      const n = Number(raw);
      if (!Number.isFinite(n)) return null;
      const max = rule.max ?? Number.MAX_SAFE_INTEGER;
      return round(Math.max(-max, Math.min(max, n)), rule.scale ?? 0);
    }
    case 'percent': {
      const p = Number(raw);
      return Number.isFinite(p) ? round(Math.max(0, Math.min(1, p)) * 100, rule.scale ?? 2) : null;
    }
    case 'risk':
      return RISK[raw.toLowerCase()] ?? null;
    case 'datetime': {
      const ms = /^\d{10,}$/.test(raw) ? Number(raw) : Date.parse(raw);
      return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
    }
    default:
      return [...raw].slice(0, rule.max ?? 255).join('');
  }
}

export function toFields(values: Partial<PropertyValues>): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const [name, raw] of Object.entries(values) as Array<[PropertyName, string | undefined]>) {
    const rule = FIELD_FOR[name];
    if (rule && raw !== undefined) out[rule.field] = toField(rule, raw);
  }
  return out;
}

/** The record's field values in the shape toFields produces (to compare with what would be written). */
export function currentFields(record: Record<string, unknown>): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const rule of Object.values(FIELD_FOR)) {
    const v = record[rule.field];
    if (v === undefined) continue;
    if (rule.kind === 'datetime' && typeof v === 'string') {
      const ms = Date.parse(v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
      out[rule.field] = Number.isFinite(ms) ? new Date(ms).toISOString() : null;
    } else out[rule.field] = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : null;
  }
  return out;
}

function toProperty(rule: Rule, v: FieldValue): string | null {
  if (v === null || v === '') return null;
  switch (rule.kind) {
    case 'percent':
      return typeof v === 'number' ? String(Number((v / 100).toFixed(6))) : null;
    case 'risk':
      return typeof v === 'string' ? v.toLowerCase() : null;
    default:
      return String(v);
  }
}

/** A record's output fields as the engine's property strings (null when empty): what `current` holds. */
export function fromFields(record: Record<string, unknown>): Partial<Record<PropertyName, string | null>> {
  const fieldsNow = currentFields(record);
  const out: Partial<Record<PropertyName, string | null>> = {};
  for (const [name, rule] of Object.entries(FIELD_FOR) as Array<[PropertyName, Rule]>) out[name] = toProperty(rule, fieldsNow[rule.field] ?? null);
  return out;
}

/** The Account field that holds a property, or undefined for a name that is not ours. */
export function fieldOf(name: string): string | undefined {
  return (FIELD_FOR as Record<string, Rule | undefined>)[name]?.field;
}
