// The Metadata API (SOAP) on the Salesforce sandbox through jsforce 3.10: CustomField and
// PermissionSet, and field-level security: a created field stays invisible to the API user (query,
// describe, writes) until a permission set grants it and is assigned to that user.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Connection } from 'jsforce';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../sandbox/salesforce/server.ts';
import { connect, SF_AS_OF, type TokenHolder } from '../helpers/salesforce.ts';

let sb: SalesforceSandbox;
let conn: Connection;
let accountId: string;

interface Rec { Id: string; [k: string]: unknown }
interface MetaResult { fullName: string; success: boolean; created?: boolean; errors?: { statusCode: string; message: string } | Array<{ statusCode: string; message: string }> }

async function failure(promise: PromiseLike<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { name: string; message: string };
  }
  throw new Error('expected the call to fail');
}

function firstError(r: MetaResult): string | undefined {
  const e = r.errors;
  return Array.isArray(e) ? e[0]?.statusCode : e?.statusCode;
}

const FIELDS = [
  { fullName: 'Account.Success_ROB_Score__c', label: 'Success ROB Score', type: 'Number', precision: 5, scale: 1 },
  { fullName: 'Account.Success_Plan_Summary__c', label: 'Success Plan Summary', type: 'LongTextArea', length: 32768, visibleLines: 5 },
  {
    fullName: 'Account.Success_Renewal_Risk__c', label: 'Success Renewal Risk', type: 'Picklist',
    valueSet: { restricted: true, valueSetDefinition: { value: ['Low', 'Medium', 'High'].map((v) => ({ fullName: v, default: false, label: v })) } },
  },
];

beforeAll(async () => {
  sb = await startSalesforceSandbox({ asOf: SF_AS_OF, orgs: [{ accounts: 3, seed: 'sfm' }] });
  conn = connect(sb, sb.orgs[0]!);
  accountId = (await conn.query<Rec>('SELECT Id FROM Account LIMIT 1')).records[0]!.Id;
});

afterAll(async () => {
  await sb.close();
});

describe('field-level security', () => {
  it('creates custom fields that the API user cannot see yet', async () => {
    const results = (await conn.metadata.create('CustomField', FIELDS as never)) as unknown as MetaResult[];
    expect(results.map((r) => [r.fullName, r.success])).toEqual(FIELDS.map((f) => [f.fullName, true]));
    const hidden = await failure(conn.query('SELECT Id, Success_ROB_Score__c FROM Account'));
    expect(hidden.name).toBe('INVALID_FIELD');
    const describe = await conn.sobject('Account').describe();
    expect(describe.fields.map((f) => f.name)).not.toContain('Success_ROB_Score__c');
    const [write] = await conn.sobject('Account').update([{ Id: accountId, Success_ROB_Score__c: 7.5 }]);
    expect((write as { errors: Array<{ statusCode: string }> }).errors[0]?.statusCode).toBe('INVALID_FIELD');
  });

  it('a read-only grant makes the field visible once assigned; writing it is still refused', async () => {
    const [created] = (await conn.metadata.create('PermissionSet', [{
      fullName: 'Success_Sidecar', label: 'Success Sidecar',
      fieldPermissions: FIELDS.map((f) => ({ field: f.fullName, readable: true, editable: false })),
    }] as never)) as unknown as MetaResult[];
    expect(created!.success).toBe(true);
    await failure(conn.query('SELECT Success_ROB_Score__c FROM Account'));
    const permissionSet = (await conn.query<Rec>("SELECT Id, Name FROM PermissionSet WHERE Name = 'Success_Sidecar'")).records[0]!;
    const assigned = await conn.sobject('PermissionSetAssignment').create({ AssigneeId: sb.orgs[0]!.userId, PermissionSetId: permissionSet.Id });
    expect(assigned.success).toBe(true);
    const duplicate = await failure(conn.sobject('PermissionSetAssignment').create({ AssigneeId: sb.orgs[0]!.userId, PermissionSetId: permissionSet.Id }));
    expect(duplicate.name).toBe('DUPLICATE_VALUE');
    const visible = await conn.query<Rec>('SELECT Id, Success_ROB_Score__c, Success_Renewal_Risk__c FROM Account');
    expect(visible.records[0]!.Success_ROB_Score__c).toBeNull();
    const [write] = await conn.sobject('Account').update([{ Id: accountId, Success_ROB_Score__c: 7.5 }]);
    expect((write as { errors: Array<{ statusCode: string }> }).errors[0]?.statusCode).toBe('INVALID_FIELD_FOR_INSERT_UPDATE');
  });

  it('granting edit (upsert of the permission set) lets writes through, with the field types enforced', async () => {
    const [upserted] = (await conn.metadata.upsert('PermissionSet', [{
      fullName: 'Success_Sidecar', label: 'Success Sidecar',
      fieldPermissions: FIELDS.map((f) => ({ field: f.fullName, readable: true, editable: true })),
    }] as never)) as unknown as MetaResult[];
    expect(upserted).toMatchObject({ success: true, created: false });
    const results = await conn.sobject('Account').update([
      { Id: accountId, Success_ROB_Score__c: 7.46, Success_Renewal_Risk__c: 'High', Success_Plan_Summary__c: 'Plan' },
    ]);
    expect(results[0]!.success).toBe(true);
    const row = (await conn.query<Rec>(`SELECT Success_ROB_Score__c, Success_Renewal_Risk__c FROM Account WHERE Id = '${accountId}'`)).records[0]!;
    expect(row).toMatchObject({ Success_ROB_Score__c: 7.5, Success_Renewal_Risk__c: 'High' });
    const bad = await conn.sobject('Account').update([{ Id: accountId, Success_Renewal_Risk__c: 'Extreme' }, { Id: accountId, Success_ROB_Score__c: 12345 }]);
    expect(bad.map((r) => (r as { errors: Array<{ statusCode: string }> }).errors[0]?.statusCode)).toEqual(['INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', 'NUMBER_OUTSIDE_VALID_RANGE']);
    const describe = await conn.sobject('Account').describe();
    const risk = describe.fields.find((f) => f.name === 'Success_Renewal_Risk__c');
    expect(risk).toMatchObject({ updateable: true, restrictedPicklist: true });
  });
});

describe('Metadata API behaviour', () => {
  it('creating an existing field fails per component; upsert reports created=false; read returns the definition', async () => {
    const [dup] = (await conn.metadata.create('CustomField', [FIELDS[0]] as never)) as unknown as MetaResult[];
    expect(dup!.success).toBe(false);
    expect(firstError(dup!)).toBe('DUPLICATE_DEVELOPER_NAME');
    const [up] = (await conn.metadata.upsert('CustomField', [FIELDS[0]] as never)) as unknown as MetaResult[];
    expect(up).toMatchObject({ success: true, created: false });
    const read = (await conn.metadata.read('CustomField', 'Account.Success_ROB_Score__c')) as unknown as Record<string, unknown>;
    expect(read).toMatchObject({ fullName: 'Account.Success_ROB_Score__c', type: 'Number', precision: 5, scale: 1 });
  });

  it('refuses bad names, missing sizes and unknown objects per component', async () => {
    const results = (await conn.metadata.create('CustomField', [
      { fullName: 'Account.Bad__Name__c', label: 'Bad', type: 'Text', length: 10 },
      { fullName: 'Account.No_Length__c', label: 'No length', type: 'Text' },
      { fullName: 'Widget.Thing__c', label: 'Thing', type: 'Text', length: 10 },
    ] as never)) as unknown as MetaResult[];
    expect(results.map((r) => r.success)).toEqual([false, false, false]);
    expect(results.map(firstError)).toEqual(['FIELD_INTEGRITY_EXCEPTION', 'FIELD_INTEGRITY_EXCEPTION', 'INVALID_CROSS_REFERENCE_KEY']);
  });

  it('an expired session gets sf:INVALID_SESSION_ID, on which jsforce refreshes and retries', async () => {
    const holder: TokenHolder = { refreshToken: sb.orgs[0]!.refreshToken, refreshes: 0 };
    const refreshing = connect(sb, sb.orgs[0]!, { refresh: holder });
    sb.expireAccessTokens(sb.orgs[0]!.orgId);
    const [r] = (await refreshing.metadata.upsert('CustomField', [{ fullName: 'Account.Success_Computed_At__c', label: 'Success Computed At', type: 'DateTime' }] as never)) as unknown as MetaResult[];
    expect(r).toMatchObject({ success: true, created: true });
    expect(holder.refreshes).toBe(1);
  });

  it('a user without Modify Metadata gets an INSUFFICIENT_ACCESS fault', async () => {
    const locked = await startSalesforceSandbox({ asOf: SF_AS_OF, orgs: [{ accounts: 1, seed: 'locked' }], modifyMetadata: false });
    try {
      const e = await failure(connect(locked, locked.orgs[0]!).metadata.create('CustomField', [FIELDS[0]] as never));
      expect(e.name).toBe('sf:INSUFFICIENT_ACCESS');
      expect(e.message).toContain('ModifyMetadata');
    } finally {
      await locked.close();
    }
  });
});
