// Engine property strings → typed Account fields, written with the real jsforce and read back:
// the fields accept them (restricted picklist, Percent, number precision), and a second plan over
// the read-back values changes nothing.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { PropertyValues } from '../../server/domain/property-names.ts';
import { provision } from '../../server/crm/salesforce/provision.ts';
import { currentFields, FIELD_FOR, toFields } from '../../server/crm/salesforce/values.ts';
import { changedFields, writeAccounts } from '../../server/crm/salesforce/writes.ts';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../sandbox/salesforce/server.ts';
import { adapterClient, SF_AS_OF } from '../helpers/salesforce.ts';

let sb: SalesforceSandbox;

const VALUES: PropertyValues = {
  success_rob_score: '72.46',
  success_rob_trend_30d: '-3.25',
  success_rob_drivers: `Ticket burden −12, Usage +8 ${'x'.repeat(400)}`,
  success_renewal_risk: 'high',
  success_renewal_probability: '0.4217',
  success_renewal_risk_notes: 'Champion left\nUsage down 20%',
  success_plan_summary: '1. Cut onboarding time (at risk)',
  success_next_best_step: 'Meet the new admin',
  success_showstoppers: '2',
  success_support_hours_saved_90d: '12.34',
  success_computed_at: '2026-11-01T08:00:00.000Z',
};

beforeAll(async () => {
  sb = await startSalesforceSandbox({ asOf: SF_AS_OF, orgs: [{ accounts: 3, seed: 'vals', ticketsPerAccount: 1 }] });
});

afterAll(async () => {
  await sb.close();
});

describe('values', () => {
  it('converts property strings to field values', () => {
    const f = toFields(VALUES);
    expect(f).toMatchObject({ Success_ROB_Score__c: 72.5, Success_ROB_Trend_30d__c: -3.3, Success_Renewal_Risk__c: 'High', Success_Renewal_Probability__c: 42.17, Success_Showstoppers__c: 2, Success_Support_Hours_Saved_90d__c: 12.3 });
    expect(String(f.Success_ROB_Drivers__c)).toHaveLength(255);
    expect(toFields({ success_renewal_risk: 'extreme', success_rob_score: 'n/a', success_renewal_probability: '' })).toEqual({ Success_Renewal_Risk__c: null, Success_ROB_Score__c: null, Success_Renewal_Probability__c: null });
    expect(Object.keys(FIELD_FOR)).toHaveLength(11);
  });

  it('the org accepts them, and a second plan over what it holds writes nothing', async () => {
    const client = adapterClient(sb);
    await provision(client);
    const [account] = (await client.query('SELECT Id FROM Account LIMIT 1')).records as Array<{ Id: string }>;
    const first = await writeAccounts(client, [{ accountId: account!.Id, fields: toFields(VALUES) }], { now: Date.now, sleep: () => Promise.resolve(), random: () => 0 });
    expect(first.failed).toEqual([]);
    const names = Object.values(FIELD_FOR).map((r) => r.field).join(', ');
    const [stored] = (await client.query(`SELECT Id, ${names} FROM Account WHERE Id = '${account!.Id}'`)).records as Array<Record<string, unknown>>;
    const plan = changedFields(currentFields(stored!), toFields(VALUES));
    expect(plan).toEqual({});
  });
});
