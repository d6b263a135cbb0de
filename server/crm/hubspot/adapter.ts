// The HubSpot adapter behind the CRM port: reads a page of companies and everything related in as
// few batched calls as HubSpot's limits allow, maps them to snapshots, and writes our properties.
import { PROPERTY_NAMES, type PropertyName } from '../../domain/property-names.ts';
import { AccountSnapshot } from '../../domain/snapshot.ts';
import { describeIssues } from '../../scoring/score-lines.ts';
import { chunk, mapPool } from '../batches.ts';
import { CrmError } from '../errors.ts';
import type { ApiUsage, ChangedAccount, ContactContext, CrmAdapter, CrmLimits, LoadResult, LoadedAccount, PropertyUpdate, ProvisionReport, RelatedKind, WriteOutcome } from '../port.ts';
import type { HubSpotTransport } from './client.ts';
import { recordFailureCode } from './errors.ts';
import { DEFAULT_HUBSPOT_MAPPING, DEAL_PROPERTIES, EMAIL_PROPERTIES, ENGAGEMENT_PROPERTIES, companyHistoryProperties, companyReadProperties, contactReadProperties, ticketReadProperties, type HubSpotMapping } from './mapping.ts';
import { contactOf, ticketSummaryOf, toSnapshot } from './mappers.ts';
import { ENGAGEMENT_TYPES, PARTICIPANT_TYPES, type EngagementType, type NativeAccount, type NativeObject } from './native.ts';
import { provisionCompanyProperties } from './provision.ts';
import { ASSOCIATION_BATCH_LIMIT, OBJECT_BATCH_LIMIT, SEARCH_RESULT_CAP, batchAssociations, type AssociationInput, batchRead, batchUpdate, listObjects, modifiedProperty, readBatchLimit, searchModifiedSince } from './queries.ts';

export interface HubSpotAdapterOptions {
  portalId: string;
  transport: HubSpotTransport;
  mapping?: HubSpotMapping;
  /** Calls in flight at once (the limiter still keeps them inside the budget). */
  concurrency?: number;
  /** Extra attempts for records a batch update reported as failed (207). */
  recordRetries?: number;
  /** Extra attempts for records (or association inputs) a batch read reported as failed for a temporary reason (207). */
  readRetries?: number;
}

const RELATED_TYPES = ['contacts', 'tickets', 'deals', ...ENGAGEMENT_TYPES] as const;
type RelatedType = (typeof RELATED_TYPES)[number];

export class HubSpotAdapter implements CrmAdapter {
  readonly crm = 'hubspot' as const;
  /** Text properties hold 65,536 characters; batch read and update take 100 inputs. */
  readonly limits: CrmLimits = { textMaxLength: 65_536, readBatch: OBJECT_BATCH_LIMIT, writeBatch: OBJECT_BATCH_LIMIT };
  readonly tenantId: string;
  readonly #t: HubSpotTransport;
  readonly #mapping: HubSpotMapping;
  readonly #concurrency: number;
  readonly #recordRetries: number;
  readonly #readRetries: number;

  constructor(options: HubSpotAdapterOptions) {
    this.tenantId = options.portalId;
    this.#t = options.transport;
    this.#mapping = options.mapping ?? DEFAULT_HUBSPOT_MAPPING;
    this.#concurrency = options.concurrency ?? 4;
    this.#recordRetries = options.recordRetries ?? 2;
    this.#readRetries = options.readRetries ?? 5;
  }

  usage(): ApiUsage {
    return this.#t.usage();
  }

  provisionProperties(): Promise<ProvisionReport> {
    return provisionCompanyProperties(this.#t);
  }

  async listAccountIds(cursor: string | null) {
    const page = await listObjects(this.#t, 'companies', cursor);
    return { ids: page.results.map((r) => r.id), next: page.after };
  }

  /**
   * Batch-reads `ids` of one type, 100 at a time (50 with property history), a few calls in
   * flight. Ids a 207 reports as failed for a reason other than not-found are read again; those
   * that still fail are returned as `failed`, so the accounts they belong to are reported instead
   * of scored on partial data.
   */
  async #readAll(objectType: string, ids: readonly string[], properties: string[], withHistory: string[] = []): Promise<{ records: NativeObject[]; missing: string[]; failed: string[] }> {
    const records: NativeObject[] = [];
    const missing: string[] = [];
    const failed = await this.#reread(ids, async (pending) => {
      const pages = await mapPool(chunk(pending, readBatchLimit(withHistory)), this.#concurrency, (batch) => batchRead(this.#t, objectType, batch, properties, withHistory));
      for (const p of pages) {
        records.push(...p.results);
        missing.push(...p.missing);
      }
      return pages.flatMap((p) => p.failed);
    });
    return { records, missing, failed };
  }

  /**
   * Runs `round` on `pending`, then on what it reports as failed for a temporary reason, up to
   * `readRetries` more times with a growing pause; returns what still fails.
   */
  async #reread<T>(pending: readonly T[], round: (pending: readonly T[]) => Promise<readonly T[]>): Promise<T[]> {
    for (let attempt = 0; pending.length > 0 && attempt <= this.#readRetries; attempt++) {
      if (attempt > 0) await this.#t.pause(50 * 2 ** attempt);
      pending = await round(pending);
    }
    return [...pending];
  }

  /**
   * The ids of `toType` associated with each of `ids` (absent: none), and the inputs HubSpot kept
   * failing to answer (with the category of their error; null when none named them). Failed inputs
   * are read again (from where their paging had got) as failed object reads are.
   */
  async #readAssociations(fromType: string, toType: string, ids: readonly string[]): Promise<{ found: Map<string, string[]>; failed: Map<string, string | null> }> {
    const found = new Map<string, string[]>();
    const failed = await this.#reread<AssociationInput & { category?: string | null }>(
      ids.map((id) => ({ id })),
      async (pending) => {
        const reads = await mapPool(chunk(pending, ASSOCIATION_BATCH_LIMIT), this.#concurrency, (batch) => batchAssociations(this.#t, fromType, toType, batch));
        for (const read of reads) for (const [id, targets] of read.found) found.set(id, [...(found.get(id) ?? []), ...targets]);
        return reads.flatMap((r) => r.failed);
      },
    );
    return { found, failed: new Map(failed.map((f) => [f.id, f.category ?? null])) };
  }

  /**
   * All or nothing: as `#readAssociations`, but an input that still fails throws, for callers that
   * cannot set one input aside (loadAccounts sets its company aside instead).
   */
  async #associated(fromType: string, toType: string, ids: readonly string[]): Promise<Map<string, string[]>> {
    const { found, failed } = await this.#readAssociations(fromType, toType, ids);
    const first = failed.entries().next().value;
    if (first) {
      const [id, category] = first;
      throw new CrmError({
        crm: 'hubspot',
        code: recordFailureCode(category),
        category,
        message: `HubSpot kept failing to read the ${toType} of ${failed.size} ${fromType} (${this.#readRetries + 1} tries; ${category ?? 'no error given'} for ${id}); not read as none`,
      });
    }
    return found;
  }

  /**
   * One contact with what its card needs: the contact, its companies (primary first as HubSpot
   * lists them) and its open tickets. Null when the contact does not exist.
   */
  async loadContactContext(contactId: string): Promise<ContactContext | null> {
    const m = this.#mapping;
    const { records } = await this.#readAll('contacts', [contactId], contactReadProperties(m));
    const contact = records[0];
    if (!contact) return null;
    // All or nothing: the card is about this one contact, so an association HubSpot keeps failing
    // to read is an error the card shows ("try again"), not a contact of no company or no tickets.
    const [companies, ticketLinks] = await Promise.all([this.#associated('contacts', 'companies', [contactId]), this.#associated('contacts', 'tickets', [contactId])]);
    const ticketIds = ticketLinks.get(contactId) ?? [];
    const tickets = (await this.#readAll('tickets', ticketIds, ticketReadProperties(m))).records.map((t) => ticketSummaryOf(t, m));
    return {
      contact: contactOf(contact, m),
      accountIds: companies.get(contactId) ?? [],
      openTickets: tickets.filter((t) => t.closedAt === null).sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
    };
  }

  /** Current values of some company properties (null when empty); ids HubSpot does not have are left out. */
  async readProperties(ids: readonly string[], names: readonly string[]): Promise<Map<string, Record<string, string | null>>> {
    const { records } = await this.#readAll('companies', ids, [...names]);
    return new Map(records.map((r) => [r.id, Object.fromEntries(names.map((n) => [n, r.properties[n] ?? null]))]));
  }

  /**
   * The companies associated with records of one type (for webhooks on tickets, contacts, deals).
   * All or nothing: a record whose companies HubSpot kept failing to read would otherwise drop its
   * change unseen. The throw leaves the webhook events unclaimed, so the next incremental sync
   * (which watches these records' modification times) picks the change up.
   */
  async accountsOf(objectType: RelatedKind, ids: readonly string[]): Promise<string[]> {
    return [...new Set([...(await this.#associated(objectType, 'companies', ids)).values()].flat())];
  }

  async loadAccounts(ids: readonly string[], asOf: string): Promise<LoadResult> {
    const m = this.#mapping;
    const { records: companies, missing, failed } = await this.#readAll('companies', ids, companyReadProperties(m, PROPERTY_NAMES), companyHistoryProperties(m));
    const tries = this.#readRetries + 1;
    const unreadable: LoadResult['unreadable'] = failed.map((accountId) => ({ accountId, message: `HubSpot kept failing to read this company (${tries} tries)` }));
    const companyIds = companies.map((c) => c.id);
    const notScored = (what: string, category?: string | null) => `HubSpot kept failing to read ${what} (${tries} tries${category === undefined ? '' : `; ${category ?? 'no error given'}`}); not scored on partial data`;

    // An association input HubSpot keeps failing to answer sets aside the companies it concerns (the
    // company itself; a ticket's or an engagement's companies), as a record it keeps failing to read
    // does: each is reported unreadable (and read again by the next sync), never scored on partial
    // data, while the rest of the page is scored. The related records of a company set aside here
    // are not read at all.
    const links = new Map<RelatedType, Map<string, string[]>>();
    const setAside = new Map<string, string>();
    const companyLinks = await mapPool(RELATED_TYPES, this.#concurrency, (type) => this.#readAssociations('companies', type, companyIds));
    for (const [i, type] of RELATED_TYPES.entries()) {
      const read = companyLinks[i]!;
      links.set(type, read.found);
      for (const [id, category] of read.failed) if (!setAside.has(id)) setAside.set(id, notScored(`the ${type} associated with this company`, category));
    }
    const linksOf = (type: RelatedType, companyId: string) => links.get(type)!.get(companyId) ?? [];
    const idsOf = (type: RelatedType) => [...new Set([...links.get(type)!].flatMap(([companyId, linked]) => (setAside.has(companyId) ? [] : linked)))];

    const propertiesOf: Record<RelatedType, string[]> = {
      contacts: contactReadProperties(m),
      tickets: ticketReadProperties(m),
      deals: DEAL_PROPERTIES,
      meetings: ENGAGEMENT_PROPERTIES,
      calls: ENGAGEMENT_PROPERTIES,
      notes: ENGAGEMENT_PROPERTIES,
      emails: ENGAGEMENT_PROPERTIES,
    };
    const ticketIds = idsOf('tickets');
    const unreadableRecords = new Map<string, string>();
    const [related, threadRead, named] = await Promise.all([
      mapPool(
        RELATED_TYPES.filter((type) => type !== 'emails'),
        2,
        async (type) => {
          const read = await this.#readAll(type, idsOf(type), propertiesOf[type]);
          for (const id of read.failed) unreadableRecords.set(id, type);
          return [type, new Map(read.records.map((r) => [r.id, r]))] as const;
        },
      ),
      this.#readAssociations('tickets', 'emails', ticketIds),
      // Who took part in each meeting and call, and whom each email and note names: one association
      // read per 1,000 of each type (emails: the company's own, some of which may be thread messages).
      mapPool(PARTICIPANT_TYPES, 2, async (type) => [type, await this.#readAssociations(type, 'contacts', idsOf(type))] as const),
    ]);
    const threadLinks = threadRead.found;
    const participants = new Map<EngagementType, Map<string, string[]>>(named.map(([type, read]) => [type, read.found]));
    // HubSpot answers an engagement without contacts with NO_ASSOCIATIONS_FOUND, left out of `found`:
    // none took part (or, for an email or a note, it names no one).
    const contactsOf = (type: EngagementType, id: string) => {
      const byId = participants.get(type);
      return byId ? { contactIds: byId.get(id) ?? [] } : {};
    };
    const byType = new Map<RelatedType, Map<string, NativeObject>>(related);
    // The company's emails (engagements) and its tickets' thread messages are both emails: one read
    // of the two sets together, in full batches of 100 (an email in both is read once), with the
    // message properties (a superset of the engagement's), instead of two reads each ending in a
    // part-filled batch. Saves a CRM call per load whenever both sets are there.
    const threadEmailIds = [...new Set([...threadLinks.values()].flat())];
    const emailRead = await this.#readAll('emails', [...new Set([...idsOf('emails'), ...threadEmailIds])], [...new Set([...EMAIL_PROPERTIES, ...propertiesOf.emails])]);
    for (const id of emailRead.failed) unreadableRecords.set(id, 'emails');
    const threadEmails = new Map(emailRead.records.map((r) => [r.id, r]));
    byType.set('emails', threadEmails);
    /** Why a company is not scored (the first read that kept failing for it), or null. */
    const whyNotScored = (companyId: string): string | null => {
      const aside = setAside.get(companyId);
      if (aside) return aside;
      for (const type of RELATED_TYPES) {
        for (const id of linksOf(type, companyId)) if (unreadableRecords.has(id)) return notScored(`${type} ${id}`);
      }
      for (const ticketId of linksOf('tickets', companyId)) {
        if (threadRead.failed.has(ticketId)) return notScored(`the emails of ticket ${ticketId}`, threadRead.failed.get(ticketId) ?? null);
        for (const id of threadLinks.get(ticketId) ?? []) if (unreadableRecords.has(id)) return notScored(`thread email ${id} of ticket ${ticketId}`);
      }
      // A message of one of its tickets' threads is not one of its engagements, even when HubSpot
      // also associates it with the company: its contacts do not concern the company.
      const threadMessages = new Set(linksOf('tickets', companyId).flatMap((ticketId) => threadLinks.get(ticketId) ?? []));
      for (const [type, read] of named) {
        for (const id of linksOf(type, companyId)) {
          if (read.failed.has(id) && !(type === 'emails' && threadMessages.has(id))) return notScored(`the contacts of ${type.slice(0, -1)} ${id}`, read.failed.get(id) ?? null);
        }
      }
      return null;
    };
    const anyFailed = setAside.size + unreadableRecords.size + threadRead.failed.size + named.reduce((n, [, read]) => n + read.failed.size, 0) > 0;

    const pick = (type: RelatedType, companyId: string) => linksOf(type, companyId).flatMap((id) => byType.get(type)?.get(id) ?? []);
    const accounts: LoadedAccount[] = [];
    const invalid: LoadResult['invalid'] = [];
    for (const company of companies) {
      const broken = anyFailed ? whyNotScored(company.id) : null;
      if (broken) {
        unreadable.push({ accountId: company.id, message: broken });
        continue;
      }
      const threadIds = new Set<string>();
      const native: NativeAccount = {
        company,
        contacts: pick('contacts', company.id),
        tickets: pick('tickets', company.id).map((ticket) => {
          const emails = (threadLinks.get(ticket.id) ?? []).flatMap((id) => threadEmails.get(id) ?? []);
          for (const e of emails) threadIds.add(e.id);
          return { ticket, emails };
        }),
        deals: pick('deals', company.id),
        // A company's own emails are engagements; the ones of a ticket thread are messages.
        engagements: ENGAGEMENT_TYPES.flatMap((type) => pick(type, company.id).filter((r) => !(type === 'emails' && threadIds.has(r.id))).map((record) => ({ type, record, ...contactsOf(type, record.id) }))),
      };
      const parsed = AccountSnapshot.safeParse(toSnapshot(native, m, asOf));
      if (!parsed.success) {
        invalid.push({ accountId: company.id, message: `HubSpot data does not make a valid snapshot: ${describeIssues(parsed.error)}` });
        continue;
      }
      const current: LoadedAccount['current'] = {};
      for (const name of PROPERTY_NAMES) current[name] = company.properties[name] ?? null;
      const modified = company.properties.hs_lastmodifieddate ?? company.updatedAt;
      accounts.push({ accountId: company.id, snapshot: parsed.data, current, modifiedAtMs: modified ? Date.parse(modified) : 0 });
    }
    return { accounts, missing, invalid, unreadable };
  }

  /**
   * Every record of `objectType` modified at or after `sinceMs`. Search stops at 10,000 results
   * per query, so past that the query starts again from the last modification time seen
   * (results are sorted by it); ids seen twice at the boundary are dropped.
   */
  async *#modifiedSince(objectType: string, sinceMs: number): AsyncGenerator<NativeObject> {
    const seen = new Set<string>();
    let from = sinceMs;
    for (;;) {
      let offset = 0;
      let lastModified = from;
      let windowCount = 0;
      for (;;) {
        const page = await searchModifiedSince(this.#t, objectType, from, offset, []);
        for (const r of page.results) {
          windowCount++;
          const value = r.properties[modifiedProperty(objectType)] ?? '';
          const modified = Date.parse(value) || Number(value) || from;
          lastModified = Math.max(lastModified, modified);
          if (seen.has(r.id)) continue;
          seen.add(r.id);
          yield r;
        }
        if (page.after === null) return;
        if (page.after + page.results.length > SEARCH_RESULT_CAP - 1) break; // the next page would pass the cap
        offset = page.after;
      }
      if (lastModified === from && windowCount >= SEARCH_RESULT_CAP) {
        throw new CrmError({ crm: 'hubspot', code: 'validation', message: `more than ${SEARCH_RESULT_CAP} ${objectType} share one modification time; cannot window the search` });
      }
      from = lastModified;
    }
  }

  async changedAccounts(sinceMs: number): Promise<ChangedAccount[]> {
    const changed = new Map<string, ChangedAccount>();
    for await (const company of this.#modifiedSince('companies', sinceMs)) {
      const modified = company.properties.hs_lastmodifieddate;
      changed.set(company.id, { accountId: company.id, modifiedAtMs: modified ? Date.parse(modified) || Number(modified) : null, relatedChanged: false });
    }
    // Engagements are watched by their own modification time: HubSpot does not document that logging
    // one moves its company's `hs_lastmodifieddate`, and the sandbox does not move it.
    for (const type of ['tickets', 'contacts', 'deals', ...ENGAGEMENT_TYPES] as const) {
      const ids: string[] = [];
      for await (const record of this.#modifiedSince(type, sinceMs)) ids.push(record.id);
      // All or nothing: a changed record whose companies cannot be read must not drop the change.
      // The throw fails the incremental sync before it saves a run, so the next one starts again
      // from the same moment.
      for (const companies of (await this.#associated(type, 'companies', ids)).values()) {
        for (const id of companies) {
          const entry = changed.get(id) ?? { accountId: id, modifiedAtMs: null, relatedChanged: false };
          entry.relatedChanged = true;
          changed.set(id, entry);
        }
      }
    }
    return [...changed.values()];
  }

  async writeProperties(updates: readonly PropertyUpdate[]): Promise<WriteOutcome> {
    const outcome: WriteOutcome = { written: [], failed: [] };
    const written = (updated: Array<{ id: string; updatedAt: string | null }>) => {
      for (const u of updated) outcome.written.push({ accountId: u.id, modifiedAtMs: u.updatedAt ? Date.parse(u.updatedAt) : 0 });
    };
    const inputs = updates.map((u) => ({ id: u.accountId, properties: u.properties as Record<PropertyName, string> }));
    await mapPool(chunk(inputs, OBJECT_BATCH_LIMIT), this.#concurrency, async (batch) => {
      const first = await this.#updateBatch(batch);
      written(first.updated);
      // Records a 207 reported as failed are retried one at a time, so one bad record cannot sink
      // others; one that keeps failing is reported with its last error, never dropped.
      const failures = first.failed.flatMap((f) => f.ids.map((id) => ({ id, category: f.category, message: f.message })));
      await mapPool(failures, this.#concurrency, async (failure) => {
        const input = batch.find((i) => i.id === failure.id);
        let last = failure;
        for (let attempt = 0; input && attempt < this.#recordRetries; attempt++) {
          const retry = await this.#updateBatch([input]);
          written(retry.updated);
          if (retry.failed.length === 0) return;
          last = { id: failure.id, category: retry.failed[0]!.category, message: retry.failed[0]!.message };
        }
        outcome.failed.push({ accountId: last.id, code: recordFailureCode(last.category), nativeCode: last.category, message: last.message });
      });
    });
    return outcome;
  }

  /** One batch update; a batch HubSpot rejects as a whole comes back as every record failed. */
  async #updateBatch(batch: ReadonlyArray<{ id: string; properties: Record<string, string> }>) {
    try {
      return await batchUpdate(this.#t, 'companies', batch);
    } catch (error) {
      if (!(error instanceof CrmError) || (error.code !== 'validation' && error.code !== 'not_found')) throw error;
      return { updated: [], failed: [{ ids: batch.map((b) => b.id), category: error.category ?? error.code, message: error.message }] };
    }
  }
}
