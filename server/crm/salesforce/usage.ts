// Counts the adapter's Salesforce calls by kind, for the sync report and the benchmark, and keeps
// what the org last said of its daily API allowance (Sforce-Limit-Info, which jsforce parses into
// limitInfo). Salesforce has no seconds window: its budget is the rolling 24-hour request count.
import type { ApiUsage } from '../port.ts';
import { toCrmError } from './errors.ts';
import type { ProvisionClient } from './provision.ts';
import type { QueryPage } from './queries.ts';
import type { CollectionsClient } from './writes.ts';

export const DAY_MS = 86_400_000;

/** What the adapter needs of a Salesforce connection (SalesforceClient has it all). */
export interface SalesforceApi extends ProvisionClient, CollectionsClient {
  readonly orgId: string;
  /** The daily allowance as of the last answer, when the org has reported it. */
  apiUsage(): { used: number; limit: number } | null;
}

export class CountingApi implements SalesforceApi {
  readonly calls: Record<string, number> = {};
  rateLimited = 0;
  retries = 0;
  readonly #inner: SalesforceApi;

  constructor(inner: SalesforceApi) {
    this.#inner = inner;
  }

  get orgId(): string {
    return this.#inner.orgId;
  }

  get userId(): string {
    return this.#inner.userId;
  }

  async #count<T>(kind: string, run: () => PromiseLike<T>): Promise<T> {
    this.calls[kind] = (this.calls[kind] ?? 0) + 1;
    try {
      return await run();
    } catch (error) {
      if (toCrmError(error).code === 'rate_limited') this.rateLimited++;
      throw error;
    }
  }

  query(text: string): Promise<QueryPage> {
    return this.#count('query', () => this.#inner.query(text));
  }

  queryMore(locator: string): Promise<QueryPage> {
    return this.#count('queryMore', () => this.#inner.queryMore(locator));
  }

  updateRecords(records: Array<Record<string, unknown>>): Promise<unknown> {
    return this.#count('collectionsUpdate', () => this.#inner.updateRecords(records));
  }

  readMetadata(type: string, fullNames: string[]): Promise<unknown[]> {
    return this.#count('metadataRead', () => this.#inner.readMetadata(type, fullNames));
  }

  saveMetadata(operation: 'create' | 'upsert', type: string, components: Array<Record<string, unknown>>): Promise<unknown[]> {
    return this.#count('metadataSave', () => this.#inner.saveMetadata(operation, type, components));
  }

  createRecord(sobject: string, record: Record<string, unknown>): Promise<unknown> {
    return this.#count('create', () => this.#inner.createRecord(sobject, record));
  }

  apiUsage(): { used: number; limit: number } | null {
    return this.#inner.apiUsage();
  }

  usage(): ApiUsage {
    const daily = this.#inner.apiUsage();
    return {
      calls: { ...this.calls },
      rateLimited: this.rateLimited,
      retries: this.retries,
      budget: { max: daily?.limit ?? null, remaining: daily ? Math.max(0, daily.limit - daily.used) : null, intervalMs: daily ? DAY_MS : null },
    };
  }
}
