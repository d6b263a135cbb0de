// HubSpot webhook events → debounced recomputes of the companies they touch. Events arrive out of
// order and more than once: each event id is handled once; changes this app made (its own
// write-backs) are ignored so a write never triggers another; events of portals without an
// active installation are dropped.
import { z } from 'zod';
import { PROPERTY_NAMES } from '../domain/property-names.ts';
import type { Store } from '../store/store.ts';
import type { PortalCrm } from './portal-crm.ts';

const CRM = 'hubspot';

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

const OUR_PROPERTIES = new Set<string>(PROPERTY_NAMES);
const RELATED = { contact: 'contacts', ticket: 'tickets', deal: 'deals' } as const;

function objectKind(subscriptionType: string): string {
  return subscriptionType.split('.')[0] ?? '';
}

export class WebhookService {
  readonly #store: Store;
  readonly #crm: PortalCrm;
  readonly #recompute: (portalId: string, companyId: string, reason: string) => Promise<void>;
  readonly #appId: string | null;
  readonly #onError: (error: unknown) => void;

  constructor(options: { store: Store; crm: PortalCrm; recompute: (portalId: string, companyId: string, reason: string) => Promise<void>; appId?: string | null; onError?: (error: unknown) => void }) {
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
   * Handles a delivery. Company events are queued before it returns; the companies of contact,
   * ticket and deal events are looked up afterwards (`settled`), so HubSpot gets its 2xx fast.
   * If that lookup fails, the next scheduled incremental sync still picks the change up.
   */
  async handle(events: WebhookEvent[]): Promise<WebhookOutcome & { settled: Promise<void> }> {
    const outcome: WebhookOutcome = { received: events.length, duplicates: 0, ignored: 0, companies: 0 };
    const byPortal = new Map<string, WebhookEvent[]>();
    for (const e of events) byPortal.set(e.portalId, [...(byPortal.get(e.portalId) ?? []), e]);
    const later: Array<() => Promise<void>> = [];
    for (const [portalId, list] of byPortal) {
      const installation = await this.#store.installations.get(CRM, portalId);
      if (!installation || installation.status !== 'active') {
        outcome.ignored += list.length;
        continue;
      }
      const fresh = new Set(await this.#store.webhookEvents.claimNew(CRM, list.map((e) => `${portalId}:${e.eventId}`)));
      const companies = new Set<string>();
      const related: Record<keyof typeof RELATED, Set<string>> = { contact: new Set(), ticket: new Set(), deal: new Set() };
      for (const e of list) {
        if (!fresh.has(`${portalId}:${e.eventId}`)) {
          outcome.duplicates++;
          continue;
        }
        const kind = objectKind(e.subscriptionType);
        if (this.#ours(e)) outcome.ignored++;
        else if (kind === 'company') companies.add(e.objectId);
        else if (kind in RELATED) related[kind as keyof typeof RELATED].add(e.objectId);
        else outcome.ignored++;
      }
      for (const id of companies) await this.#recompute(portalId, id, 'webhook: company changed');
      outcome.companies += companies.size;
      if (Object.values(related).some((s) => s.size > 0)) later.push(() => this.#relatedCompanies(portalId, related));
    }
    const settled = (async () => {
      for (const run of later) await run().catch(this.#onError);
    })();
    return { ...outcome, settled };
  }

  async #relatedCompanies(portalId: string, related: Record<keyof typeof RELATED, Set<string>>): Promise<void> {
    const adapter = await this.#crm.adapter(portalId);
    const companies = new Set<string>();
    for (const [kind, ids] of Object.entries(related) as Array<[keyof typeof RELATED, Set<string>]>) {
      if (ids.size > 0) for (const id of await adapter.companiesOf(RELATED[kind], [...ids])) companies.add(id);
    }
    for (const id of companies) await this.#recompute(portalId, id, 'webhook: related record changed');
  }
}
