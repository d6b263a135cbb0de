// The Account fields the app writes back: a public contract (reports, list views and flows use
// them; docs/salesforce-mapping.md), defined once for provisioning and for writes.
export interface FieldSpec {
  name: string;
  label: string;
  type: 'Number' | 'Percent' | 'Text' | 'LongTextArea' | 'Picklist' | 'DateTime';
  precision?: number;
  scale?: number;
  length?: number;
  visibleLines?: number;
  values?: string[];
}

export const OUTPUT_FIELDS: readonly FieldSpec[] = [
  { name: 'Success_ROB_Score__c', label: 'Success ROB Score', type: 'Number', precision: 5, scale: 1 },
  { name: 'Success_ROB_Trend_30d__c', label: 'Success ROB Trend 30d', type: 'Number', precision: 5, scale: 1 },
  { name: 'Success_ROB_Drivers__c', label: 'Success ROB Drivers', type: 'Text', length: 255 },
  { name: 'Success_Renewal_Risk__c', label: 'Success Renewal Risk', type: 'Picklist', values: ['Low', 'Medium', 'High'] },
  { name: 'Success_Renewal_Probability__c', label: 'Success Renewal Probability', type: 'Percent', precision: 5, scale: 2 },
  { name: 'Success_Renewal_Risk_Notes__c', label: 'Success Renewal Risk Notes', type: 'LongTextArea', length: 32768, visibleLines: 5 },
  { name: 'Success_Plan_Summary__c', label: 'Success Plan Summary', type: 'LongTextArea', length: 32768, visibleLines: 5 },
  { name: 'Success_Next_Best_Step__c', label: 'Success Next Best Step', type: 'Text', length: 255 },
  { name: 'Success_Showstoppers__c', label: 'Success Showstoppers', type: 'Number', precision: 3, scale: 0 },
  { name: 'Success_Support_Hours_Saved_90d__c', label: 'Success Support Hours Saved 90d', type: 'Number', precision: 8, scale: 1 },
  { name: 'Success_Computed_At__c', label: 'Success Computed At', type: 'DateTime' },
];

export const PERMISSION_SET = { name: 'Success_Sidecar', label: 'Success Sidecar' } as const;

/** The CustomField metadata component for a field of Account. */
export function customField(spec: FieldSpec): Record<string, unknown> {
  const base = { fullName: `Account.${spec.name}`, label: spec.label, type: spec.type };
  switch (spec.type) {
    case 'Number':
    case 'Percent':
      return { ...base, precision: spec.precision, scale: spec.scale };
    case 'Text':
      return { ...base, length: spec.length };
    case 'LongTextArea':
      return { ...base, length: spec.length, visibleLines: spec.visibleLines };
    case 'Picklist':
      return { ...base, valueSet: { restricted: true, valueSetDefinition: { value: (spec.values ?? []).map((v) => ({ fullName: v, default: false, label: v })) } } };
    default:
      return base;
  }
}
