// The CRM port: the one interface the sync, the jobs and the HTTP layer use. HubSpot and
// Salesforce adapters implement it; nothing outside an adapter sees an SDK type.
import type { AccountSnapshot, ContactRole, TicketPriority, TicketType } from '../domain/snapshot.ts';
import type { PropertyValues } from '../domain/property-names.ts';
import type { CrmErrorCode } from './errors.ts';

export type CrmKind = 'hubspot' | 'salesforce';

/** One customer as read from the CRM: the engine's input and what our properties hold now. */
export interface LoadedAccount {
  accountId: string;
  snapshot: AccountSnapshot;
  /** Our properties as the CRM holds them now (null when empty), to write only what changed. */
  current: Partial<Record<keyof PropertyValues, string | null>>;
  /** The record's last-modified time in the CRM (epoch ms). */
  modifiedAtMs: number;
}

export interface LoadResult {
  accounts: LoadedAccount[];
  /** Ids the CRM no longer has (deleted since they were listed). */
  missing: string[];
  /** Accounts whose CRM data could not be turned into a snapshot, with the reason. */
  invalid: Array<{ accountId: string; message: string }>;
  /** Accounts the CRM kept failing to read (the account or one of its records), with the reason. */
  unreadable: Array<{ accountId: string; message: string }>;
  /**
   * What the admin should know about how the CRM was read, when it is read but not all of it (e.g.
   * a mapped field the org lacks): repeated by every load it applies to, reported once per sync.
   */
  warnings?: string[];
}

/** A candidate for an incremental sync. */
export interface ChangedAccount {
  accountId: string;
  /** The account record's own last-modified time when the account itself changed, else null. */
  modifiedAtMs: number | null;
  /** A related record changed (ticket, contact, deal; in Salesforce also a usage-history row, task or event). */
  relatedChanged: boolean;
}

export interface AccountIdPage {
  ids: string[];
  /** Opaque cursor of the next page; null after the last one. */
  next: string | null;
}

export interface PropertyUpdate {
  accountId: string;
  properties: Partial<PropertyValues>;
}

export interface WriteOutcome {
  written: Array<{ accountId: string; modifiedAtMs: number }>;
  /** `code` is the port's (validation and not_found cannot succeed on retry); `nativeCode` the CRM's own, for people. */
  failed: Array<{ accountId: string; code: CrmErrorCode; nativeCode: string; message: string }>;
}

/** What a CRM allows, as each adapter states it (the services size their work by these). */
export interface CrmLimits {
  /** Longest text value a written property/field holds. */
  textMaxLength: number;
  /** Records per read call. */
  readBatch: number;
  /** Records per write call. */
  writeBatch: number;
}

/** A contact as the contact card shows it, with the accounts it belongs to (primary first). */
export interface ContactContext {
  contact: { id: string; name?: string | null; role: ContactRole; active: boolean; lastEngagedAt: string | null };
  accountIds: string[];
  openTickets: Array<{ id: string; subject: string; type: TicketType; priority: TicketPriority; createdAt: string; closedAt: string | null }>;
}

/** Records that point at accounts: a change to one of them changes its accounts' scores. */
export type RelatedKind = 'contacts' | 'tickets' | 'deals';

export interface ProvisionReport {
  groupCreated: boolean;
  created: string[];
  existing: string[];
  /** Properties with our names that someone else defined differently: left untouched. */
  conflicts: Array<{ name: string; reason: string }>;
}

export interface ApiUsage {
  calls: Record<string, number>;
  rateLimited: number;
  retries: number;
  /** Seconds-window budget as last reported by the CRM, when it reports one. */
  budget: { max: number | null; remaining: number | null; intervalMs: number | null };
}

export interface CrmAdapter {
  readonly crm: CrmKind;
  /** The portal (HubSpot) or org (Salesforce) id. */
  readonly tenantId: string;
  /** All accounts, a page at a time (`cursor` null for the first page). */
  listAccountIds(cursor: string | null): Promise<AccountIdPage>;
  /** Accounts whose own record or related records changed at or after `sinceMs`, each once. */
  changedAccounts(sinceMs: number): Promise<ChangedAccount[]>;
  /** Everything the engine needs for these accounts, read in as few batched calls as allowed. */
  loadAccounts(ids: readonly string[], asOf: string): Promise<LoadResult>;
  writeProperties(updates: readonly PropertyUpdate[]): Promise<WriteOutcome>;
  /** Our properties as the CRM holds them now, for these accounts (absent: the account does not exist). */
  readProperties(ids: readonly string[], names: readonly string[]): Promise<Map<string, Record<string, string | null>>>;
  /** The contact card's content; null when the CRM has no such contact. */
  loadContactContext(contactId: string): Promise<ContactContext | null>;
  /** The accounts these contacts, tickets or deals belong to. */
  accountsOf(kind: RelatedKind, ids: readonly string[]): Promise<string[]>;
  provisionProperties(): Promise<ProvisionReport>;
  usage(): ApiUsage;
  readonly limits: CrmLimits;
}

/** CRM access for the tenants of one CRM kind: the adapter for a tenant, built from its installation. */
export interface TenantCrm {
  readonly kind: CrmKind;
  adapter(tenantId: string): Promise<CrmAdapter>;
  /** Drop cached credentials/transport of a tenant (after uninstall or new tokens). */
  forget(tenantId: string): void;
}
