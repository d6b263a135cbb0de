// The way a naive integration syncs one company: fetch the company, then each association list
// and each related record one by one, then PATCH. Same SDK, same mapping, same engine — only the
// call pattern differs. Used by bench/sync.ts for the speed-up figure; not product code.
import type { HubSpotTransport } from '../server/crm/hubspot/client.ts';
import { companyReadProperties, contactReadProperties, DEAL_PROPERTIES, DEFAULT_HUBSPOT_MAPPING, EMAIL_PROPERTIES, ENGAGEMENT_PROPERTIES, ticketReadProperties } from '../server/crm/hubspot/mapping.ts';
import { toSnapshot } from '../server/crm/hubspot/mappers.ts';
import { ENGAGEMENT_TYPES, NativeObject, type NativeAccount } from '../server/crm/hubspot/native.ts';
import { scoreAccount, type EngineDeps } from '../server/domain/engine.ts';
import { PROPERTY_NAMES } from '../server/domain/property-names.ts';
import { AccountSnapshot } from '../server/domain/snapshot.ts';

async function getOne(t: HubSpotTransport, type: string, id: string, properties: string[], history: string[] = []): Promise<NativeObject> {
  const record = await t.call(`naive.${type}.get`, (sdk) => sdk.crm.objects.basicApi.getByIdWithHttpInfo(type, id, properties, history, [], false));
  return NativeObject.parse(record);
}

async function associated(t: HubSpotTransport, fromType: string, id: string, toType: string): Promise<string[]> {
  const ids: string[] = [];
  let after: string | undefined;
  do {
    const page = await t.call('naive.associations.get', (sdk) => sdk.crm.associations.v4.basicApi.getPageWithHttpInfo(fromType, id, toType, after, 500));
    for (const r of page.results) ids.push(String(r.toObjectId));
    after = page.paging?.next?.after;
  } while (after);
  return ids;
}

export async function naiveSyncCompany(t: HubSpotTransport, companyId: string, asOf: string, engine: EngineDeps): Promise<void> {
  const m = DEFAULT_HUBSPOT_MAPPING;
  const company = await getOne(t, 'companies', companyId, companyReadProperties(m, PROPERTY_NAMES), [m.company.activeUsers]);
  const fetchAll = async (type: string, properties: string[]) => {
    const out: NativeObject[] = [];
    for (const id of await associated(t, 'companies', companyId, type)) out.push(await getOne(t, type, id, properties));
    return out;
  };
  const contacts = await fetchAll('contacts', contactReadProperties(m));
  const tickets: NativeAccount['tickets'] = [];
  for (const ticket of await fetchAll('tickets', ticketReadProperties(m))) {
    const emails: NativeObject[] = [];
    for (const id of await associated(t, 'tickets', ticket.id, 'emails')) emails.push(await getOne(t, 'emails', id, EMAIL_PROPERTIES));
    tickets.push({ ticket, emails });
  }
  const deals = await fetchAll('deals', DEAL_PROPERTIES);
  const threadIds = new Set(tickets.flatMap((x) => x.emails.map((e) => e.id)));
  const engagements: NativeAccount['engagements'] = [];
  for (const type of ENGAGEMENT_TYPES) {
    for (const record of await fetchAll(type, ENGAGEMENT_PROPERTIES)) {
      if (type === 'emails' && threadIds.has(record.id)) continue;
      engagements.push({ type, record, contactIds: await associated(t, type, record.id, 'contacts') });
    }
  }
  const snapshot = AccountSnapshot.parse(toSnapshot({ company, contacts, tickets, deals, engagements }, m, asOf));
  const result = scoreAccount(snapshot, engine);
  await t.call('naive.companies.update', (sdk) => sdk.crm.objects.basicApi.updateWithHttpInfo('companies', companyId, { properties: result.properties }));
}
