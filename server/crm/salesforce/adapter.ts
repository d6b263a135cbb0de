// The Salesforce adapter behind the CRM port, composed from its parts: reads through SOQL
// (queries.ts, lookups.ts, changes.ts), snapshots from mappers.ts, typed Account fields from values.ts,
// writes through sObject Collections (writes.ts), provisioning through the Metadata API.
import { AccountSnapshot } from '../../domain/snapshot.ts';
import { describeIssues } from '../../scoring/score-lines.ts';
import type { ApiUsage, ChangedAccount, ContactContext, CrmAdapter, CrmLimits, LoadResult, LoadedAccount, PropertyUpdate, ProvisionReport, RelatedKind, WriteOutcome } from '../port.ts';
import type { RetryPolicy } from '../retry.ts';
import { CrmError } from '../errors.ts';
import { toCrmError } from './errors.ts';
import { OUTPUT_FIELDS, PERMISSION_SET } from './fields.ts';
import { changedAccounts } from './changes.ts';
import { accountFieldValues, accountIdPage, accountsOfRecords, contactWithOpenCases, ID_PAGE_LIMIT, RELATED_OBJECTS } from './lookups.ts';
import { caseSummaryOf, contactOf, instant, toSnapshot } from './mappers.ts';
import { DEFAULT_SALESFORCE_MAPPING, type SalesforceMapping } from './mapping.ts';
import { provision } from './provision.ts';
import { lacksLoginsField, missingLoginsWarning, withoutLoginsField } from './missing-logins.ts';
import { loadBundles } from './queries.ts';
import type { WhoOrg } from './who-relations.ts';
import { CountingApi, type SalesforceApi } from './usage.ts';
import { fieldOf, fromFields, toFields } from './values.ts';
import { COLLECTION_LIMIT, writeAccounts } from './writes.ts';

export interface SalesforceAdapterOptions {
  client: SalesforceApi;
  mapping?: SalesforceMapping;
  /** Account ids per listAccountIds page (at most 2,000, one query batch). */
  pageSize?: number;
  retryPolicy?: RetryPolicy;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const OUTPUT_NAMES = OUTPUT_FIELDS.map((f) => f.name);

/** One of our output fields the user cannot see (not provisioned, or no field-level security), said plainly. */
function unprovisioned(error: unknown): CrmError {
  const crm = toCrmError(error);
  const hidden = crm.category === 'INVALID_FIELD' ? OUTPUT_NAMES.find((n) => crm.message.includes(`'${n}'`)) : undefined;
  if (!hidden) return crm;
  return new CrmError({
    crm: 'salesforce',
    code: 'forbidden',
    category: crm.category,
    message: `The integration user cannot see Account.${hidden}: provision the Success fields (it creates the ${PERMISSION_SET.name} permission set and assigns it), or assign that permission set to the integration user.`,
    cause: error,
  });
}

export class SalesforceAdapter implements CrmAdapter {
  readonly crm = 'salesforce' as const;
  /**
   * Long Text Areas hold 32,768 characters (Text(255) fields are cut to 255 by values.ts); a
   * query batch is 2,000 records; sObject Collections take 200 records per call.
   */
  readonly limits: CrmLimits = { textMaxLength: 32_768, readBatch: ID_PAGE_LIMIT, writeBatch: COLLECTION_LIMIT };
  readonly tenantId: string;
  readonly #api: CountingApi;
  /** The installation's mapping, less the logins field once the org has refused it. */
  #mapping: SalesforceMapping;
  /** What every load reports from then on (LoadResult.warnings). */
  #warnings: string[] = [];
  /** Whether to read the activities' other people (false once the org says it has no Shared Activities). */
  readonly #who: WhoOrg = { sharedActivities: true };
  readonly #pageSize: number;
  readonly #options: SalesforceAdapterOptions;

  constructor(options: SalesforceAdapterOptions) {
    this.#api = new CountingApi(options.client);
    this.tenantId = options.client.orgId;
    this.#mapping = options.mapping ?? DEFAULT_SALESFORCE_MAPPING;
    this.#pageSize = Math.min(ID_PAGE_LIMIT, options.pageSize ?? ID_PAGE_LIMIT);
    this.#options = options;
  }

  usage(): ApiUsage {
    return this.#api.usage();
  }

  provisionProperties(): Promise<ProvisionReport> {
    return provision(this.#api);
  }

  listAccountIds(cursor: string | null) {
    return accountIdPage(this.#api, cursor, this.#pageSize);
  }

  changedAccounts(sinceMs: number): Promise<ChangedAccount[]> {
    return changedAccounts(this.#api, this.#mapping, new Date(sinceMs));
  }

  async loadAccounts(ids: readonly string[], asOf: string): Promise<LoadResult> {
    const { bundles, missing } = await loadBundles(this.#api, ids, this.#mapping, OUTPUT_NAMES, this.#withoutLogins, this.#who).catch((error: unknown) => {
      throw unprovisioned(error);
    });
    const accounts: LoadedAccount[] = [];
    const invalid: LoadResult['invalid'] = [];
    for (const bundle of bundles) {
      const accountId = bundle.account.Id;
      const parsed = AccountSnapshot.safeParse(toSnapshot(bundle, this.#mapping, asOf));
      if (!parsed.success) {
        invalid.push({ accountId, message: `Salesforce data does not make a valid snapshot: ${describeIssues(parsed.error)}` });
        continue;
      }
      accounts.push({ accountId, snapshot: parsed.data, current: fromFields(bundle.account), modifiedAtMs: Date.parse(instant(bundle.account.SystemModstamp) ?? '') || 0 });
    }
    return { accounts, missing, invalid, unreadable: [], ...(this.#warnings.length > 0 ? { warnings: [...this.#warnings] } : {}) };
  }

  /**
   * An org whose usage object predates the logins field (or hides it) refuses the usage query:
   * read it again without the field, and never ask for it again in this adapter's life — one
   * refused call, not one per page — with a warning in every load from then on.
   */
  readonly #withoutLogins = (error: unknown, mapping: SalesforceMapping): SalesforceMapping | null => {
    if (!lacksLoginsField(error, mapping)) return null;
    this.#warnings = [missingLoginsWarning(mapping)];
    this.#mapping = withoutLoginsField(this.#mapping);
    return this.#mapping;
  };

  writeProperties(updates: readonly PropertyUpdate[]): Promise<WriteOutcome> {
    const api = this.#api;
    const sleep = this.#options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    return writeAccounts(api, updates.map((u) => ({ accountId: u.accountId, fields: toFields(u.properties) })), {
      now: this.#options.now ?? Date.now,
      random: this.#options.random ?? Math.random,
      sleep: (ms) => {
        api.retries++;
        return sleep(ms);
      },
      ...(this.#options.retryPolicy ? { policy: this.#options.retryPolicy } : {}),
    });
  }

  /** `names` are our property names (read from their Account fields) or Account field API names. */
  async readProperties(ids: readonly string[], names: readonly string[]): Promise<Map<string, Record<string, string | null>>> {
    const fieldNames = names.map((n) => fieldOf(n) ?? n);
    const records = await accountFieldValues(this.#api, ids, fieldNames);
    const out = new Map<string, Record<string, string | null>>();
    for (const record of records) {
      const ours = fromFields(record) as Record<string, string | null | undefined>;
      const values: Record<string, string | null> = {};
      for (const [i, name] of names.entries()) {
        const raw = record[fieldNames[i]!];
        values[name] = fieldOf(name) ? (ours[name] ?? null) : typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : null;
      }
      // Asked by a 15-character id, answered under that id too.
      const asked = ids.find((id) => id === record.Id || (id.length === 15 && record.Id.startsWith(id))) ?? record.Id;
      out.set(asked, values);
    }
    return out;
  }

  async loadContactContext(contactId: string): Promise<ContactContext | null> {
    const found = await contactWithOpenCases(this.#api, contactId, this.#mapping);
    if (!found) return null;
    return {
      contact: contactOf(found.contact, this.#mapping),
      accountIds: [found.contact.AccountId],
      openTickets: found.cases.map((c) => caseSummaryOf(c, this.#mapping)),
    };
  }

  accountsOf(kind: RelatedKind, ids: readonly string[]): Promise<string[]> {
    return ids.length === 0 ? Promise.resolve([]) : accountsOfRecords(this.#api, RELATED_OBJECTS[kind], ids);
  }
}
