// Batched recomputes against the HubSpot sandbox, on PGlite and (with TEST_DATABASE_URL) Postgres:
// the due recomputes of a portal are loaded with one `loadAccounts`, give exactly the results
// one-by-one recomputes give, keep going when one account fails, and their results reach the CRM.
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { HubSpotAdapter } from '../../server/crm/hubspot/adapter.ts';
import { PROPERTY_NAMES } from '../../server/domain/property-names.ts';
import { testDatabases } from '../helpers/databases.ts';
import { startStack, type Stack } from '../helpers/sidecar.ts';

const PORTAL = 62515;
const ACCOUNTS = 6;

describe.each(testDatabases())('batched recomputes on $name', (engine) => {
  let stack: Stack | null = null;

  afterEach(async () => {
    jest.restoreAllMocks();
    await stack?.close();
    stack = null;
  });

  /** One portal, installed and synced, on a clock that stands still (so two computations of the same data are comparable). */
  const start = async (frozenAt?: number, jobs?: Parameters<typeof startStack>[0]['jobs']) => {
    const now = frozenAt === undefined ? undefined : () => frozenAt;
    stack = await startStack({
      portals: [{ portalId: PORTAL, accounts: ACCOUNTS }],
      openDb: () => engine.open({ migrate: false }),
      ...(now ? { now, sandbox: { now } } : {}),
      ...(jobs ? { jobs } : {}),
    });
    return stack;
  };
  const ids = (s: Stack) => s.sandbox.seeded(PORTAL).map((a) => a.companyId);
  const latest = async (s: Stack, id: string) => {
    const row = await s.sidecar.store.results.getLatest('hubspot', String(PORTAL), id);
    if (!row) throw new Error(`no stored result for ${id}`);
    return row;
  };

  it('loads the accounts once and stores exactly the results one-by-one recomputes store', async () => {
    const s = await start(Date.parse('2026-11-02T09:30:00Z'));
    const companies = ids(s);
    const load = jest.spyOn(HubSpotAdapter.prototype, 'loadAccounts');

    for (const id of companies) await s.sidecar.accounts.recompute(String(PORTAL), id);
    expect(load).toHaveBeenCalledTimes(companies.length);
    const oneByOne = new Map(await Promise.all(companies.map(async (id) => [id, (await latest(s, id)).result] as const)));
    await s.waitForIdle();

    load.mockClear();
    const { outcomes, saved } = await s.sidecar.accounts.recomputeMany(String(PORTAL), [...companies, '987654321']);
    expect(load).toHaveBeenCalledTimes(1);
    expect([...(load.mock.calls[0]![0])].sort()).toEqual([...companies, '987654321'].sort());
    expect(saved).toBe(companies.length);
    expect(outcomes.get('987654321')).toEqual({ status: 'missing' });
    for (const id of companies) {
      expect(outcomes.get(id)).toEqual({ status: 'saved', changed: false }); // the CRM already holds these values
      expect((await latest(s, id)).result).toEqual(oneByOne.get(id));
    }
    // A company known to be missing costs no CRM call the next time.
    load.mockClear();
    expect((await s.sidecar.accounts.recomputeMany(String(PORTAL), ['987654321'])).outcomes.get('987654321')).toEqual({ status: 'missing' });
    expect(load).not.toHaveBeenCalled();
  }, 120_000);

  it('saves the other accounts when one of them fails, and reports that one as failed', async () => {
    const s = await start();
    const companies = ids(s);
    const broken = companies[2]!;
    const save = s.sidecar.store.results.saveComputed.bind(s.sidecar.store.results);
    const saves: string[] = [];
    jest.spyOn(s.sidecar.store.results, 'saveComputed').mockImplementation(async (input, onQueued) => {
      if (input.accountId === broken) throw new Error('disk full');
      saves.push(input.accountId);
      return save(input, onQueued);
    });
    const before = new Map(await Promise.all(companies.map(async (id) => [id, (await latest(s, id)).computedAt.getTime()] as const)));

    const { outcomes, saved } = await s.sidecar.accounts.recomputeMany(String(PORTAL), companies);
    expect(saved).toBe(companies.length - 1);
    expect(outcomes.get(broken)).toMatchObject({ status: 'failed', error: expect.objectContaining({ message: 'disk full' }) });
    expect(saves.sort()).toEqual(companies.filter((id) => id !== broken).sort());
    for (const id of companies) {
      const after = (await latest(s, id)).computedAt.getTime();
      if (id === broken) expect(after).toBe(before.get(id));
      else expect(after).toBeGreaterThan(before.get(id)!);
    }
  }, 120_000);

  it('the queue takes due recomputes of a portal together: one load, then every changed result reaches the CRM', async () => {
    // One fetcher: with two, a fetch racing the other may take part of the burst (each skips the
    // rows the other has locked), and the portal gate then runs the rest in a second batch — the
    // gate's own cases are in jobs.test.ts. This case is about one fetch taking the whole burst.
    const s = await start(undefined, { queues: { 'recompute-account': { concurrency: 1 } } });
    const companies = ids(s).slice(0, 4);
    const changed = s.sandbox.simulateActivity({ portalId: PORTAL, companyFraction: 1, seed: 'batch' }).companyIds;
    expect(changed.length).toBeGreaterThan(0);
    const load = jest.spyOn(HubSpotAdapter.prototype, 'loadAccounts');

    // Sent in one transaction: all four become due at the same moment, as a burst of webhooks does after the debounce.
    await s.db.orm.transaction(async (tx) => {
      for (const id of companies) await s.sidecar.jobs.sendRecompute({ crm: 'hubspot', portalId: String(PORTAL), accountId: id, reason: 'test' }, { tx, delaySeconds: 0 });
    });
    await s.waitForIdle();
    expect(load).toHaveBeenCalledTimes(1);
    expect([...(load.mock.calls[0]![0])].sort()).toEqual([...companies].sort());

    // What the CRM holds is what the sidecar stored, for every one of them.
    await s.waitFor('the outbox to drain', async () => (await s.sidecar.store.outbox.countByStatus()).pending === 0);
    for (const id of companies) {
      const stored = (await latest(s, id)).result.properties;
      const held = await s.crmGet<{ properties: Record<string, string | null> }>(PORTAL, `/crm/v3/objects/companies/${id}?properties=${PROPERTY_NAMES.join(',')}`);
      for (const name of PROPERTY_NAMES) if (name !== 'success_computed_at') expect([id, name, held.properties[name] ?? '']).toEqual([id, name, stored[name] ?? '']);
    }
  }, 120_000);
});
