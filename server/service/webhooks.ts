// HubSpot webhook events → debounced recomputes of the companies they touch. Events arrive out of
// order and more than once: each event id is handled once; changes this app made (its own
// write-backs) are ignored so a write never triggers another; events of portals without an
// active installation are dropped. An event id is claimed in the same transaction that queues its
// recompute, so a failed enqueue leaves the id unclaimed and HubSpot's redelivery is handled.
import { z } from 'zod';
import { PROPERTY_NAMES } from '../domain/property-names.ts';
import type { Transaction } from '../store/db.ts';
import type { Store } from '../store/store.ts';
import { ServiceError } from './errors.ts';
import type { TenantCrm } from '../crm/port.ts';

/** HubSpot sends at most 100 events per request; more for one portal is not HubSpot. */
export const MAX_EVENTS_PER_PORTAL = 100;

export const WebhookEvent = z.looseObject({
  eventId: z.union([z.number(), z.string()]).transform(String),
  portalId: z.union([z.number(), z.string()]).transform(String),
  subscriptionType: z.string().min(1).max(100),
  objectId: z.union([z.number(), z.string()]).transform(String),
  occurredAt: z.number().optional(),
  propertyName: z.string().optional(),
  changeSource: z.string().optional(),
  sourceId: z.string().optional(),
  appId: z.union([z.number(), z.string()]).transform(String).optional(),
});
export type WebhookEvent = z.infer<typeof WebhookEvent>;
export const WebhookBatch = z.array(WebhookEvent).max(1000);

export interface WebhookOutcome {
  received: number;
  duplicates: number;
  ignored: number;
  companies: number;
}

/** Queues a debounced recompute; with `tx`, inside that transaction. */
export type RecomputeSender = (portalId: string, companyId: string, reason: string, tx?: Transaction) => Promise<void>;

const OUR_PROPERTIES = new Set<string>(PROPERTY_NAMES);
const RELATED = { contact: 'contacts', ticket: 'tickets', deal: 'deals' } as const;
type RelatedKind = keyof typeof RELATED;

function objectKind(subscriptionType: string): string {
  return subscriptionType.split('.')[0] ?? '';
}

export class WebhookService {
  readonly #store: Store;
  readonly #crm: TenantCrm;
  readonly #recompute: RecomputeSender;
  readonly #appId: string | null;
  readonly #onError: (error: unknown) => void;

  constructor(options: { store: Store; crm: TenantCrm; recompute: RecomputeSender; appId?: string | null; onError?: (error: unknown) => void }) {
    this.#store = options.store;
    this.#crm = options.crm;
    this.#recompute = options.recompute;
    this.#appId = options.appId ?? null;
    this.#onError = options.onError ?? (() => undefined);
  }

  #ours(e: WebhookEvent): boolean {
    if (e.propertyName && OUR_PROPERTIES.has(e.propertyName)) return true;
    return this.#appId !== null && e.changeSource === 'INTEGRATION' && e.sourceId !== undefined && e.sourceId.replace(/^\D+/, '') === this.#appId;
  }

  /**
   * Handles a delivery. Company events are claimed and queued before it returns; contact, ticket
   * and deal events need their companies looked up in the CRM, which happens afterwards
   * (`settled`) so HubSpot gets its 2xx fast: their ids are claimed together with their
   * recomputes, so a failed lookup leaves them to the next incremental sync, never half-done.
   */
  async handle(events: WebhookEvent[]): Promise<WebhookOutcome & { settled: Promise<void> }> {
    const byPortal = new Map<string, WebhookEvent[]>();
    for (const e of events) byPortal.set(e.portalId, [...(byPortal.get(e.portalId) ?? []), e]);
    const crowded = [...byPortal].find(([, list]) => list.length > MAX_EVENTS_PER_PORTAL);
    if (crowded) throw new ServiceError(400, 'too_many_events', `${crowded[1].length} events for portal ${crowded[0]} in one request; HubSpot sends at most ${MAX_EVENTS_PER_PORTAL}.`);

    const outcome: WebhookOutcome = { received: events.length, duplicates: 0, ignored: 0, companies: 0 };
    const later: Array<() => Promise<void>> = [];
    for (const [portalId, list] of byPortal) {
      const installation = await this.#store.installations.get(this.#crm.kind, portalId);
      if (!installation || installation.status !== 'active') {
        outcome.ignored += list.length;
        continue;
      }
      const key = (e: WebhookEvent) => `${portalId}:${e.eventId}`;
      // Company changes and ignored events are claimed now; related records' after their lookup.
      const direct: Array<{ e: WebhookEvent; company: boolean }> = [];
      const related: Array<WebhookEvent & { kind: RelatedKind }> = [];
      for (const e of list) {
        const kind = objectKind(e.subscriptionType);
        const ours = this.#ours(e);
        if (kind in RELATED && !ours) related.push({ ...e, kind: kind as RelatedKind });
        else direct.push({ e, company: kind === 'company' && !ours }); // an ignored one is claimed so a redelivery counts as a duplicate
      }
      await this.#store.db.orm.transaction(async (tx) => {
        const fresh = new Set(await this.#store.webhookEvents.claimNew(this.#crm.kind, direct.map(({ e }) => key(e)), tx));
        const companies = new Set<string>();
        for (const { e, company } of direct) {
          if (!fresh.has(key(e))) outcome.duplicates++;
          else if (company) companies.add(e.objectId);
          else outcome.ignored++;
        }
        for (const id of companies) await this.#recompute(portalId, id, 'webhook: company changed', tx);
        outcome.companies += companies.size;
      });
      if (related.length > 0) later.push(() => this.#relatedCompanies(portalId, related.map((e) => ({ kind: e.kind, objectId: e.objectId, key: key(e) }))));
    }
    const settled = (async () => {
      for (const run of later) await run().catch(this.#onError);
    })();
    return { ...outcome, settled };
  }

  async #relatedCompanies(portalId: string, events: Array<{ kind: RelatedKind; objectId: string; key: string }>): Promise<void> {
    const adapter = await this.#crm.adapter(portalId);
    const companies = new Set<string>();
    for (const kind of Object.keys(RELATED) as RelatedKind[]) {
      const ids = [...new Set(events.filter((e) => e.kind === kind).map((e) => e.objectId))];
      if (ids.length > 0) for (const id of await adapter.accountsOf(RELATED[kind], ids)) companies.add(id);
    }
    await this.#store.db.orm.transaction(async (tx) => {
      const fresh = await this.#store.webhookEvents.claimNew(this.#crm.kind, events.map((e) => e.key), tx);
      if (fresh.length === 0) return; // all already handled by an earlier delivery
      for (const id of companies) await this.#recompute(portalId, id, 'webhook: related record changed', tx);
    });
  }
}
