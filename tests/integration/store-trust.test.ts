// The store side of the trust boundary, on PGlite and Postgres: a webhook event id is claimed only
// together with the job it needs (a failed enqueue leaves HubSpot's redelivery to be handled once);
// an uninstall anywhere makes every process drop its credentials before its next CRM call (the
// installation's generation); purging an uninstalled tenant leaves none of its rows, and never
// touches an active one.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CrmError } from '../../server/crm/errors.ts';
import type { TenantCrm } from '../../server/crm/port.ts';
import { StoredTokenSource } from '../../server/service/stored-tokens.ts';
import { WebhookService } from '../../server/service/webhooks.ts';
import { createStore, type Store } from '../../server/store/store.ts';
import { testDatabases, type TestDb } from '../helpers/databases.ts';
import { cipher, numericPortal, resultFor } from '../helpers/store-fixtures.ts';

const CRM = 'hubspot';

describe.each(testDatabases().map((d) => [d.name, d] as const))('on %s', (_name, engine) => {
  let db: TestDb;
  let store: Store;
  const keys = cipher();
  beforeAll(async () => {
    db = await engine.open();
    store = createStore(db, keys);
  });
  afterAll(() => db.close());

  it('a webhook whose enqueue failed is processed once when HubSpot redelivers it', async () => {
    const portalId = numericPortal();
    await store.installations.upsert({ crm: CRM, portalId });
    const event = { eventId: '77', portalId, subscriptionType: 'company.propertyChange', objectId: '501', propertyName: 'name' };
    const queued: string[] = [];
    let failing = true;
    const webhooks = new WebhookService({
      store,
      crm: { kind: 'hubspot' } as TenantCrm,
      recompute: async (_p, companyId, _reason, tx) => {
        if (failing) throw new Error('queue unavailable');
        // The job is written in the same transaction as the claim.
        await tx!.execute(`select 1`);
        queued.push(companyId);
      },
    });
    await expect(webhooks.handle([event])).rejects.toThrow('queue unavailable');
    const claimed = async () => (await db.query<{ n: number }>('select count(*)::int as n from webhook_events where event_id = $1', [`${portalId}:77`]))[0]!.n;
    expect(await claimed()).toBe(0);

    failing = false;
    const redelivered = await webhooks.handle([event]);
    expect(redelivered).toMatchObject({ received: 1, duplicates: 0, companies: 1 });
    expect(queued).toEqual(['501']);
    expect(await claimed()).toBe(1);
    expect(await webhooks.handle([event])).toMatchObject({ duplicates: 1, companies: 0 });
    expect(queued).toEqual(['501']);
  });

  it('an uninstall in one process makes the others drop their credentials; a re-install brings new ones', async () => {
    const portalId = numericPortal();
    await store.installations.upsert({ crm: CRM, portalId });
    await store.tokens.save(CRM, portalId, { accessToken: 'access-1', refreshToken: 'refresh-1', expiresAtMs: Date.now() + 3_600_000 });
    const client = { baseUrl: 'http://127.0.0.1:9', clientId: 'c', clientSecret: 's' };
    // Two processes, each with its own token source (and cache) on the same database.
    const a = new StoredTokenSource({ store, crm: CRM, portalId, client });
    const b = new StoredTokenSource({ store: createStore(db, keys), crm: CRM, portalId, client });
    expect(await a.current()).toBe('access-1');
    expect(await b.current()).toBe('access-1');
    expect(await store.installations.markUninstalled(CRM, portalId)).toBe(true);
    await expect(a.current()).rejects.toBeInstanceOf(CrmError);
    await expect(b.current()).rejects.toThrow(/no active installation/);

    await store.installations.upsert({ crm: CRM, portalId });
    await store.tokens.save(CRM, portalId, { accessToken: 'access-2', refreshToken: 'refresh-2', expiresAtMs: Date.now() + 3_600_000 });
    expect(await a.current()).toBe('access-2');
    expect(await b.current()).toBe('access-2');
    // install 1, uninstall 2, re-install 3
    expect((await store.installations.get(CRM, portalId))?.generation).toBe(3);
  });

  it('purges every row of an uninstalled tenant and refuses an active one', async () => {
    const gone = numericPortal();
    const kept = numericPortal();
    for (const p of [gone, kept]) {
      await store.installations.upsert({ crm: CRM, portalId: p });
      await store.admins.add(CRM, p, { userId: '7' }, 'test');
      await store.results.saveComputed({ crm: CRM, portalId: p, accountId: 'a1', accountName: 'A', asOf: resultFor('a1').asOf, computedAt: new Date(), result: resultFor('a1'), changedProperties: { success_rob_score: '50' }, renewalDate: null });
      await store.plans.save(CRM, p, 'a1', { expectedVersion: 0, objectives: [], actor: 'test' });
      await store.webhookEvents.claimNew(CRM, [`${p}:1`]);
    }
    expect(await store.purgeTenant(CRM, gone)).toEqual({ purged: false, reason: 'active' });
    await store.installations.markUninstalled(CRM, gone);
    const report = await store.purgeTenant(CRM, gone);
    expect(report.purged).toBe(true);
    for (const table of ['installations', 'account_results', 'result_history', 'success_plans', 'plan_versions', 'audit_log', 'outbox', 'portal_admins']) {
      const [row] = await db.query<{ n: number }>(`select count(*)::int as n from ${table} where crm = $1 and portal_id = $2`, [CRM, gone]);
      expect([table, row!.n]).toEqual([table, 0]);
    }
    expect((await db.query<{ n: number }>('select count(*)::int as n from webhook_events where event_id like $1', [`${gone}:%`]))[0]!.n).toBe(0);
    // The other tenant is untouched.
    expect(await store.results.count(CRM, kept)).toBe(1);
    expect(await store.admins.isAdmin(CRM, kept, '7')).toBe(true);
    expect((await db.query<{ n: number }>('select count(*)::int as n from webhook_events where event_id like $1', [`${kept}:%`]))[0]!.n).toBe(1);
  });
});
