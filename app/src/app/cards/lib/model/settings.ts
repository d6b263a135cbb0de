// The settings page: the admin's form, its validation, the PUT/preview bodies, and the preview
// table. Settings are stored as overrides of the defaults (server/store/settings.ts), so the form
// starts from the defaults GET …/settings sends with them, and saving keeps every override it does not show.
import type { RiskLevel, SettingsBody, SettingsPreview, SettingsPreviewBody, SettingsView } from './api-types.ts';
import { riskTag } from './common.ts';
import { DEFAULT_LOCALE, formatNumber } from './format.ts';
import { NO_VALUE, type TagModel, type Tone } from './view.ts';
import { COMPONENT_LABELS, WORDING } from './wording.ts';

export const WEIGHT_KEYS = ['usage', 'ticketBurden', 'sentiment', 'resolution', 'supportTimeSaved'] as const;
export type WeightKey = (typeof WEIGHT_KEYS)[number];

export interface SettingsForm {
  /** Percentages; null while the field is empty. */
  weights: Record<WeightKey, number | null>;
  costPerSupportHour: number | null;
  currency: string;
  activeUsers: string;
  licensedSeats: string;
  /** Comma-separated deal types. */
  renewalDealTypes: string;
}

export type SettingsField = `weight.${WeightKey}` | 'weights' | 'costPerSupportHour' | 'currency' | 'activeUsers' | 'licensedSeats' | 'renewalDealTypes';

/** The CRM whose settings the form edits: where its mapping keeps usage and renewal types, and how its field names look. */
export type SettingsCrm = 'hubspot' | 'salesforce';
const MAPPING_PLACES: Record<SettingsCrm, { group: string; renewalTypes: string; name: RegExp }> = {
  // HubSpot: company properties by internal name (lower case); deal types mark a renewal.
  hubspot: { group: 'company', renewalTypes: 'renewalDealTypes', name: /^[a-z0-9_]+$/ },
  // Salesforce: Account fields by API name (server/crm/salesforce/mapping.ts); Opportunity types mark a renewal.
  salesforce: { group: 'account', renewalTypes: 'renewalOpportunityTypes', name: /^[A-Za-z][A-Za-z0-9_]*$/ },
};

/** The form's words for the CRM: HubSpot's as they are, Salesforce's where they differ. */
function wordsFor(crm: SettingsCrm) {
  const w = WORDING.settings;
  return crm === 'salesforce' ? { ...w, ...w.salesforce, errors: { ...w.errors, ...w.salesforce.errors } } : w;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const finiteNumber = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Relative weights → percentages with one decimal that add up to exactly 100 (`fallback` when all are 0). */
export function toPercentages(weights: Record<WeightKey, number>, fallback: Record<WeightKey, number> = weights): Record<WeightKey, number> {
  const total = WEIGHT_KEYS.reduce((s, k) => s + Math.max(0, weights[k]), 0);
  const source = total > 0 ? weights : fallback;
  const sum = total > 0 ? total : WEIGHT_KEYS.reduce((s, k) => s + Math.max(0, source[k]), 0);
  if (sum <= 0) return Object.fromEntries(WEIGHT_KEYS.map((k) => [k, 0])) as Record<WeightKey, number>;
  const tenths = Object.fromEntries(WEIGHT_KEYS.map((k) => [k, Math.round((Math.max(0, source[k]) / sum) * 1000)])) as Record<WeightKey, number>;
  const residue = 1000 - WEIGHT_KEYS.reduce((s, k) => s + tenths[k], 0);
  if (residue !== 0) {
    const largest = WEIGHT_KEYS.reduce((a, b) => (tenths[b] > tenths[a] ? b : a));
    tenths[largest] += residue;
  }
  return Object.fromEntries(WEIGHT_KEYS.map((k) => [k, tenths[k] / 10])) as Record<WeightKey, number>;
}

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const texts = (v: unknown): string[] | null => (Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : null);
const record = (v: unknown): Record<string, unknown> => (isRecord(v) ? v : {});

/** The form for the stored overrides, each field falling back to the default the sidecar sent. */
export function settingsFormFrom(view: SettingsView, crm: SettingsCrm = 'hubspot'): SettingsForm {
  const { engine, mapping } = view;
  const place = MAPPING_PLACES[crm];
  const defaults = { engine: view.defaults.engine, mapping: view.defaults.mapping };
  const overrides = record(engine.componentWeights);
  const defaultWeights = record(defaults.engine.componentWeights);
  const weightOf = (source: Record<string, unknown>) => Object.fromEntries(WEIGHT_KEYS.map((k) => [k, finiteNumber(source[k]) ?? finiteNumber(defaultWeights[k]) ?? 0])) as Record<WeightKey, number>;
  const company = record(mapping[place.group]);
  const defaultCompany = record(defaults.mapping[place.group]);
  return {
    weights: toPercentages(weightOf(overrides), weightOf({})),
    costPerSupportHour: finiteNumber(engine.costPerSupportHour) ?? finiteNumber(defaults.engine.costPerSupportHour),
    currency: text(engine.currency) ?? text(defaults.engine.currency) ?? '',
    activeUsers: text(company.activeUsers) ?? text(defaultCompany.activeUsers) ?? '',
    licensedSeats: text(company.licensedSeats) ?? text(defaultCompany.licensedSeats) ?? '',
    renewalDealTypes: (texts(mapping[place.renewalTypes]) ?? texts(defaults.mapping[place.renewalTypes]) ?? []).join(', '),
  };
}

export function weightsTotal(form: SettingsForm): number {
  return Math.round(WEIGHT_KEYS.reduce((s, k) => s + (form.weights[k] ?? 0), 0) * 10) / 10;
}

const CURRENCY_RE = /^[A-Z]{3}$/;

export function dealTypes(form: SettingsForm): string[] {
  return form.renewalDealTypes
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
}

export interface SettingsValidation {
  ok: boolean;
  errors: Partial<Record<SettingsField, string>>;
  total: number;
}

export function validateSettings(form: SettingsForm, locale = DEFAULT_LOCALE, crm: SettingsCrm = 'hubspot'): SettingsValidation {
  const words = wordsFor(crm);
  const e = words.errors;
  const name = MAPPING_PLACES[crm].name;
  const errors: Partial<Record<SettingsField, string>> = {};
  for (const k of WEIGHT_KEYS) {
    const v = form.weights[k];
    if (v === null || !Number.isFinite(v) || v < 0 || v > 100) errors[`weight.${k}`] = e.weightRange(COMPONENT_LABELS[k]);
  }
  const total = weightsTotal(form);
  if (Math.round(total * 10) !== 1000) errors.weights = e.weightsSum(formatNumber(total, 1, locale));
  if (form.costPerSupportHour === null || !Number.isFinite(form.costPerSupportHour) || form.costPerSupportHour < 0) errors.costPerSupportHour = e.cost;
  if (!CURRENCY_RE.test(form.currency.trim().toUpperCase())) errors.currency = e.currency;
  if (!name.test(form.activeUsers.trim())) errors.activeUsers = e.propertyName(words.activeUsers.label);
  if (!name.test(form.licensedSeats.trim())) errors.licensedSeats = e.propertyName(words.licensedSeats.label);
  if (dealTypes(form).length === 0) errors.renewalDealTypes = e.renewalDealTypes;
  return { ok: Object.keys(errors).length === 0, errors, total };
}

function values(form: SettingsForm, view: SettingsView, crm: SettingsCrm = 'hubspot'): Pick<SettingsBody, 'engine' | 'mapping'> {
  const place = MAPPING_PLACES[crm];
  const company = record(view.mapping[place.group]);
  return {
    engine: {
      ...view.engine,
      componentWeights: Object.fromEntries(WEIGHT_KEYS.map((k) => [k, form.weights[k] ?? 0])),
      costPerSupportHour: form.costPerSupportHour ?? 0,
      currency: form.currency.trim().toUpperCase(),
    },
    mapping: {
      ...view.mapping,
      [place.group]: { ...company, activeUsers: form.activeUsers.trim(), licensedSeats: form.licensedSeats.trim() },
      [place.renewalTypes]: dealTypes(form),
    },
  };
}

/** PUT …/settings: every override kept, the form's values on top, against the version loaded. */
export function settingsBody(form: SettingsForm, view: SettingsView, crm: SettingsCrm = 'hubspot'): SettingsBody {
  return { ...values(form, view, crm), expectedVersion: view.version };
}

/** POST …/settings/preview: the same values, nothing saved. */
export function settingsPreviewBody(form: SettingsForm, view: SettingsView, companyIds?: string[]): SettingsPreviewBody {
  return { ...values(form, view), ...(companyIds && companyIds.length > 0 ? { companyIds } : {}) };
}

export interface SettingsFieldModel {
  field: SettingsField;
  name: string;
  label: string;
  description?: string;
  error: string | null;
}

export interface SettingsFormModel {
  intro: string;
  weights: { title: string; description: string; fields: SettingsFieldModel[]; total: string; error: string | null };
  cost: { title: string; costPerHour: SettingsFieldModel; currency: SettingsFieldModel };
  mapping: { title: string; activeUsers: SettingsFieldModel; licensedSeats: SettingsFieldModel };
  renewal: { title: string; dealTypes: SettingsFieldModel };
  canSave: boolean;
  saveBlocked: string | null;
}

export function settingsFormModel(form: SettingsForm, locale = DEFAULT_LOCALE, crm: SettingsCrm = 'hubspot'): SettingsFormModel {
  const w = wordsFor(crm);
  const v = validateSettings(form, locale, crm);
  const field = (f: SettingsField, name: string, label: string, description?: string): SettingsFieldModel => ({
    field: f,
    name,
    label,
    ...(description ? { description } : {}),
    error: v.errors[f] ?? null,
  });
  return {
    intro: w.intro,
    weights: {
      title: w.weightsTitle,
      description: w.weightsDescription,
      fields: WEIGHT_KEYS.map((k) => field(`weight.${k}`, `weight_${k}`, COMPONENT_LABELS[k])),
      total: w.weightsTotal(formatNumber(v.total, 1, locale)),
      error: v.errors.weights ?? null,
    },
    cost: {
      title: w.costTitle,
      costPerHour: field('costPerSupportHour', 'costPerSupportHour', w.costPerHour.label, w.costPerHour.description),
      currency: field('currency', 'currency', w.currency.label, w.currency.description),
    },
    mapping: {
      title: w.mappingTitle,
      activeUsers: field('activeUsers', 'activeUsers', w.activeUsers.label, w.activeUsers.description),
      licensedSeats: field('licensedSeats', 'licensedSeats', w.licensedSeats.label, w.licensedSeats.description),
    },
    renewal: { title: w.renewalTitle, dealTypes: field('renewalDealTypes', 'renewalDealTypes', w.renewalDealTypes.label, w.renewalDealTypes.description) },
    canSave: v.ok,
    saveBlocked: v.ok ? null : w.fixErrors,
  };
}

export interface PreviewRow {
  companyId: string;
  name: string;
  rob: { text: string; tone: Tone };
  risk: { text: string; tone: Tone; before: TagModel; after: TagModel };
}

const RISK_ORDER: Record<RiskLevel, number> = { low: 0, medium: 1, high: 2 };

export function previewRows(preview: SettingsPreview, locale = DEFAULT_LOCALE): PreviewRow[] {
  const w = WORDING.settings;
  return preview.accounts.map((a) => {
    const score = (s: number | null) => (s === null ? NO_VALUE : formatNumber(s, 0, locale));
    const delta = a.before.robScore !== null && a.after.robScore !== null ? a.after.robScore - a.before.robScore : 0;
    const before = riskTag(a.before.riskLevel);
    const after = riskTag(a.after.riskLevel);
    const riskDelta = a.before.riskLevel && a.after.riskLevel ? RISK_ORDER[a.after.riskLevel] - RISK_ORDER[a.before.riskLevel] : 0;
    return {
      companyId: a.companyId,
      name: a.name,
      rob: { text: w.previewChange(score(a.before.robScore), score(a.after.robScore)), tone: delta >= 1 ? 'success' : delta <= -1 ? 'warning' : 'default' },
      risk: { text: w.previewChange(before.text, after.text), tone: riskDelta > 0 ? 'danger' : riskDelta < 0 ? 'success' : 'default', before, after },
    };
  });
}
