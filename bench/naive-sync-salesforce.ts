// The way a naive integration syncs one Salesforce account: the product's own queries, but for
// one account at a time (so one query per related object per account, plus queryMore when an
// account has more than a batch of something), then the account's computed fields in one PATCH of
// that single record. Same jsforce connection, mapping, mappers and engine as the product; only
// the call pattern differs. Used by bench/sync-salesforce.ts for the comparison; not product code.
import type { SalesforceClient } from '../server/crm/salesforce/client.ts';
import { OUTPUT_FIELDS } from '../server/crm/salesforce/fields.ts';
import { toSnapshot } from '../server/crm/salesforce/mappers.ts';
import { DEFAULT_SALESFORCE_MAPPING } from '../server/crm/salesforce/mapping.ts';
import { loadBundles } from '../server/crm/salesforce/queries.ts';
import { toFields } from '../server/crm/salesforce/values.ts';
import { scoreAccount, type EngineDeps } from '../server/domain/engine.ts';
import { AccountSnapshot } from '../server/domain/snapshot.ts';

const OUTPUT_NAMES = OUTPUT_FIELDS.map((f) => f.name);

/** Reads, scores and writes one account; false when the org has no such account. */
export async function naiveSyncAccount(client: SalesforceClient, accountId: string, asOf: string, engine: EngineDeps): Promise<boolean> {
  const mapping = DEFAULT_SALESFORCE_MAPPING;
  const { bundles } = await loadBundles(client, [accountId], mapping, OUTPUT_NAMES);
  const bundle = bundles[0];
  if (!bundle) return false;
  const result = scoreAccount(AccountSnapshot.parse(toSnapshot(bundle, mapping, asOf)), engine);
  // PATCH /sobjects/Account/{id}: one call per record, every computed field, changed or not.
  const saved = await client.conn.sobject('Account').update({ Id: bundle.account.Id, ...toFields(result.properties) });
  if (!saved.success) throw new Error(`naive PATCH of ${accountId} failed: ${JSON.stringify(saved)}`);
  return true;
}
