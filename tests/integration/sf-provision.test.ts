// Provisioning the output fields in an org with the real jsforce against the sandbox: fields through
// the Metadata API, a permission set granting them, assigned to the integration user; idempotent;
// fields someone else defined differently left alone; a user without metadata rights gets a clear error.
import { afterEach, describe, expect, it } from '@jest/globals';
import { CrmError } from '../../server/crm/errors.ts';
import { OUTPUT_FIELDS } from '../../server/crm/salesforce/fields.ts';
import { provision } from '../../server/crm/salesforce/provision.ts';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../sandbox/salesforce/server.ts';
import { adapterClient, connect, SF_AS_OF } from '../helpers/salesforce.ts';

const sandboxes: SalesforceSandbox[] = [];

async function sandbox(modifyMetadata = true): Promise<SalesforceSandbox> {
  const sb = await startSalesforceSandbox({ asOf: SF_AS_OF, orgs: [{ accounts: 2, seed: 'prov' }], modifyMetadata });
  sandboxes.push(sb);
  return sb;
}

afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((s) => s.close()));
});

const NAMES = OUTPUT_FIELDS.map((f) => f.name);

describe('provision', () => {
  it('creates the fields, grants and assigns them; the fields become readable and writable', async () => {
    const sb = await sandbox();
    const conn = connect(sb, sb.orgs[0]!);
    await expect(conn.query('SELECT Success_ROB_Score__c FROM Account')).rejects.toMatchObject({ name: 'INVALID_FIELD' });
    const report = await provision(adapterClient(sb));
    expect(report).toEqual({ groupCreated: true, created: NAMES, existing: [], conflicts: [] });
    const [account] = (await conn.query<{ Id: string }>(`SELECT Id, ${NAMES.join(', ')} FROM Account LIMIT 1`)).records;
    const [result] = await conn.sobject('Account').update([{
      Id: account!.Id, Success_ROB_Score__c: 72.5, Success_ROB_Trend_30d__c: -3.2, Success_ROB_Drivers__c: 'usage down', Success_Renewal_Risk__c: 'High',
      Success_Renewal_Probability__c: 41.25, Success_Renewal_Risk_Notes__c: 'notes', Success_Plan_Summary__c: 'plan', Success_Next_Best_Step__c: 'call the champion',
      Success_Showstoppers__c: 2, Success_Support_Hours_Saved_90d__c: 12.5, Success_Computed_At__c: '2026-11-01T08:00:00.000Z',
    }]);
    expect(result!.success).toBe(true);
  });

  it('a second run only reads', async () => {
    const sb = await sandbox();
    const client = adapterClient(sb);
    await provision(client);
    sb.resetStats();
    const again = await provision(client);
    expect(again).toEqual({ groupCreated: false, created: [], existing: NAMES, conflicts: [] });
    const routes = sb.stats().byRoute;
    expect(routes['POST /services/Soap/m/:version']).toEqual({ '200': 3 });
    expect(routes['POST /services/data/:version/sobjects/:type']).toBeUndefined();
  });

  it('leaves a field with our name but another definition untouched and reports it', async () => {
    const sb = await sandbox();
    const conn = connect(sb, sb.orgs[0]!);
    await conn.metadata.create('CustomField', [{ fullName: 'Account.Success_ROB_Drivers__c', label: 'Drivers (theirs)', type: 'Text', length: 100 }] as never);
    const report = await provision(adapterClient(sb));
    expect(report.conflicts).toEqual([{ name: 'Success_ROB_Drivers__c', reason: 'Account.Success_ROB_Drivers__c already exists and has length 100, not 255; left untouched' }]);
    expect(report.created).toEqual(NAMES.filter((n) => n !== 'Success_ROB_Drivers__c'));
    const theirs = (await conn.metadata.read('CustomField', 'Account.Success_ROB_Drivers__c')) as unknown as { length: number; label: string };
    expect(theirs).toMatchObject({ length: 100, label: 'Drivers (theirs)' });
    await expect(conn.query('SELECT Success_ROB_Drivers__c FROM Account')).rejects.toMatchObject({ name: 'INVALID_FIELD' });
  });

  it('without metadata rights: a forbidden CrmError that says what to do', async () => {
    const sb = await sandbox(false);
    const error = await provision(adapterClient(sb)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmError);
    expect(error).toMatchObject({ code: 'forbidden', category: 'sf:INSUFFICIENT_ACCESS' });
    expect((error as Error).message).toContain('Modify Metadata');
  });
});
