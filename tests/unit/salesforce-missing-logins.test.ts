// Which refusals mean "the org's usage object has no logins field" (read on without it) and which
// must still fail the load: only INVALID_FIELD naming the mapped logins field on the usage object.
import { describe, expect, it } from '@jest/globals';
import { DEFAULT_SALESFORCE_MAPPING, SalesforceMapping, usageHistoryFields } from '../../server/crm/salesforce/mapping.ts';
import { lacksLoginsField, missingLoginsWarning, withoutLoginsField } from '../../server/crm/salesforce/missing-logins.ts';

function apiError(errorCode: string, message: string): Error {
  return Object.assign(new Error(message), { name: errorCode, errorCode });
}

const noSuchColumn = (field: string, object: string) =>
  apiError('INVALID_FIELD', `\nSELECT Id, ${field} FROM ${object}\n           ^\nERROR at Row:1:Column:12\nNo such column '${field}' on entity '${object}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`);

describe('lacksLoginsField', () => {
  it('is the org refusing the mapped logins field on the usage object', () => {
    expect(lacksLoginsField(noSuchColumn('Logins__c', 'Usage_Snapshot__c'), DEFAULT_SALESFORCE_MAPPING)).toBe(true);
    const custom = SalesforceMapping.parse({ usageHistory: { object: 'Product_Usage__c', loginsField: 'Monthly_Logins__c' } });
    expect(lacksLoginsField(noSuchColumn('Monthly_Logins__c', 'Product_Usage__c'), custom)).toBe(true);
    expect(lacksLoginsField(noSuchColumn('Logins__c', 'Usage_Snapshot__c'), custom)).toBe(false);
  });

  it('is not any other missing field, another object, another error code, or a mapping without the field', () => {
    expect(lacksLoginsField(noSuchColumn('Active_Users__c', 'Usage_Snapshot__c'), DEFAULT_SALESFORCE_MAPPING)).toBe(false);
    expect(lacksLoginsField(noSuchColumn('Logins__c', 'Account'), DEFAULT_SALESFORCE_MAPPING)).toBe(false);
    expect(lacksLoginsField(apiError('INVALID_TYPE', "sObject type 'Usage_Snapshot__c' is not supported: 'Logins__c'"), DEFAULT_SALESFORCE_MAPPING)).toBe(false);
    expect(lacksLoginsField(apiError('INVALID_SESSION_ID', 'Session expired or invalid'), DEFAULT_SALESFORCE_MAPPING)).toBe(false);
    expect(lacksLoginsField(noSuchColumn('Logins__c', 'Usage_Snapshot__c'), SalesforceMapping.parse({ usageHistory: { loginsField: null } }))).toBe(false);
    expect(lacksLoginsField(noSuchColumn('Logins__c', 'Usage_Snapshot__c'), SalesforceMapping.parse({ usageHistory: null }))).toBe(false);
  });
});

describe('withoutLoginsField and the warning', () => {
  it('drops only the logins field from the usage query', () => {
    const without = withoutLoginsField(DEFAULT_SALESFORCE_MAPPING);
    expect(usageHistoryFields(without)).toEqual(['Id', 'Account__c', 'Snapshot_Date__c', 'Active_Users__c']);
    expect(usageHistoryFields(DEFAULT_SALESFORCE_MAPPING)).toContain('Logins__c');
    expect({ ...without, usageHistory: null }).toEqual({ ...DEFAULT_SALESFORCE_MAPPING, usageHistory: null });
  });

  it('names the field and both ways out', () => {
    const text = missingLoginsWarning(DEFAULT_SALESFORCE_MAPPING);
    expect(text).toContain('Usage_Snapshot__c.Logins__c');
    expect(text).toContain('docs/salesforce-mapping.md');
    expect(text).toContain('usageHistory.loginsField to null');
  });
});
