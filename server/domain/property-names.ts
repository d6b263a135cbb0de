// The CRM properties Success Sidecar writes back (product.md, "Written back to the CRM").
// HubSpot internal names; Salesforce uses `Success_…__c` fields with the same meaning.

export const PROPERTY_GROUP = { name: 'success_sidecar', label: 'Customer success (Success Sidecar)' } as const;

export const PROPERTY_NAMES = [
  'success_rob_score',
  'success_rob_trend_30d',
  'success_rob_drivers',
  'success_renewal_risk',
  'success_renewal_probability',
  'success_renewal_risk_notes',
  'success_plan_summary',
  'success_next_best_step',
  'success_showstoppers',
  'success_support_hours_saved_90d',
  'success_computed_at',
] as const;

export type PropertyName = (typeof PROPERTY_NAMES)[number];
export type PropertyValues = Record<PropertyName, string>;

export type PropertyKind = 'number' | 'text' | 'textarea' | 'enumeration' | 'datetime';

export interface PropertyDefinition {
  name: PropertyName;
  label: string;
  description: string;
  kind: PropertyKind;
  options?: readonly string[];
}

/** What each written-back property means (product.md), CRM-neutral; adapters map kinds to native types. */
export const PROPERTY_DEFINITIONS: readonly PropertyDefinition[] = [
  { name: 'success_rob_score', label: 'ROB score', kind: 'number', description: 'Reduction of Burden score, 0–100: how much work the product takes off the customer and support (Success Sidecar).' },
  { name: 'success_rob_trend_30d', label: 'ROB trend (30 days)', kind: 'number', description: 'Change of the ROB score over the last 30 days, in points.' },
  { name: 'success_rob_drivers', label: 'ROB drivers', kind: 'text', description: 'The components pulling the ROB score up or down most, e.g. "Ticket burden −12, Usage +8".' },
  { name: 'success_renewal_risk', label: 'Renewal risk', kind: 'enumeration', options: ['low', 'medium', 'high'], description: 'Renewal risk level from the probability of renewing.' },
  { name: 'success_renewal_probability', label: 'Renewal probability', kind: 'number', description: 'Estimated probability of renewing, 0–1.' },
  { name: 'success_renewal_risk_notes', label: 'Renewal risk notes', kind: 'textarea', description: 'The evidence behind the renewal risk, one note per line.' },
  { name: 'success_plan_summary', label: 'Success plan', kind: 'textarea', description: "The customer's objectives with their status, ranked by opportunity, one per line." },
  { name: 'success_next_best_step', label: 'Next best step', kind: 'text', description: 'The one next step with the largest expected gain for its effort.' },
  { name: 'success_showstoppers', label: 'Open show-stoppers', kind: 'number', description: 'Count of open show-stoppers: severe tickets, overdue objectives, lost champion, unused seats.' },
  { name: 'success_support_hours_saved_90d', label: 'Support hours saved (90 days)', kind: 'number', description: 'Support hours saved in the last 90 days against the account’s own baseline.' },
  { name: 'success_computed_at', label: 'Success data computed at', kind: 'datetime', description: 'When Success Sidecar computed these values.' },
];
