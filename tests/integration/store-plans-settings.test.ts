// Success plans and settings (compare-and-set, versions, audit), on PGlite and (when configured) Postgres.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createStore, type Store } from '../../server/store/store.ts';
import { testDatabases, type TestDb } from '../helpers/databases.ts';
import { cipher, portal } from '../helpers/store-fixtures.ts';

const objective = (id: string, importance = 8) => ({ id, statement: `Reduce ${id} handling time`, importance, satisfaction: 4 });

describe.each(testDatabases())('store on $name: plans and settings', (engine) => {
  let db: TestDb;
  let store: Store;

  beforeAll(async () => {
    db = await engine.open();
    store = createStore(db, cipher());
  });
  afterAll(() => db?.close());

  it('starts an account with an empty plan at version 0', async () => {
    expect(await store.plans.get('hubspot', portal('empty'), 'acc')).toEqual({ version: 0, objectives: [], updatedBy: null, updatedAt: null });
  });

  it('saves with compare-and-set: a stale version gets the current plan back', async () => {
    const p = portal('plan');
    const first = await store.plans.save('hubspot', p, 'acc', { expectedVersion: 0, objectives: [objective('o1')], actor: 'user:1' });
    expect(first).toMatchObject({ ok: true, plan: { version: 1, updatedBy: 'user:1', objectives: [expect.objectContaining({ id: 'o1', status: 'open' })] } });

    // Two editors both loaded version 1; the second to save loses and sees the first one's plan.
    const alice = await store.plans.save('hubspot', p, 'acc', { expectedVersion: 1, objectives: [objective('o1'), objective('o2')], actor: 'user:alice' });
    const bob = await store.plans.save('hubspot', p, 'acc', { expectedVersion: 1, objectives: [objective('o3')], actor: 'user:bob' });
    expect(alice.ok).toBe(true);
    expect(bob).toMatchObject({ ok: false, current: { version: 2, updatedBy: 'user:alice' } });
    expect(bob.ok ? [] : bob.current.objectives.map((o) => o.id)).toEqual(['o1', 'o2']);

    // A second "create" also conflicts.
    expect((await store.plans.save('hubspot', p, 'acc', { expectedVersion: 0, objectives: [], actor: 'user:carol' })).ok).toBe(false);

    const versions = await store.plans.versions('hubspot', p, 'acc');
    expect(versions.map((v) => [v.version, v.savedBy, v.objectives.length])).toEqual([
      [2, 'user:alice', 2],
      [1, 'user:1', 1],
    ]);
    const audit = await store.audit.list('hubspot', p);
    expect(audit.map((a) => [a.action, a.actor, a.target])).toEqual([
      ['plan.save', 'user:alice', 'acc'],
      ['plan.save', 'user:1', 'acc'],
    ]);
  });

  it('lets exactly one of many concurrent saves of the same version win', async () => {
    const p = portal('plan-race');
    await store.plans.save('hubspot', p, 'acc', { expectedVersion: 0, objectives: [], actor: 'seed' });
    const outcomes = await Promise.all(['a', 'b', 'c', 'd'].map((who) => store.plans.save('hubspot', p, 'acc', { expectedVersion: 1, objectives: [objective(who)], actor: who })));
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect((await store.plans.get('hubspot', p, 'acc')).version).toBe(2);
    expect(await store.plans.versions('hubspot', p, 'acc')).toHaveLength(2);
  });

  it('rejects invalid objectives before writing', async () => {
    const p = portal('plan-bad');
    await expect(store.plans.save('hubspot', p, 'acc', { expectedVersion: 0, objectives: [objective('x'), objective('x')], actor: 'u' })).rejects.toThrow(/unique/);
    await expect(store.plans.save('hubspot', p, 'acc', { expectedVersion: 0, objectives: [objective('x', 11)], actor: 'u' })).rejects.toThrow();
    expect((await store.plans.get('hubspot', p, 'acc')).version).toBe(0);
  });

  it('keeps settings per portal with defaults, compare-and-set and audit', async () => {
    const p = portal('settings');
    expect(await store.settings.get('hubspot', p)).toEqual({ version: 0, engine: {}, mapping: {}, updatedBy: null, updatedAt: null });
    const engineInput = { componentWeights: { usage: 40 }, currency: 'EUR' };
    const saved = await store.settings.save('hubspot', p, { expectedVersion: 0, engine: engineInput, mapping: {}, actor: 'admin' });
    expect(saved).toMatchObject({ ok: true, settings: { version: 1, engine: engineInput } });
    const stale = await store.settings.save('hubspot', p, { expectedVersion: 0, engine: {}, mapping: {}, actor: 'other' });
    expect(stale).toMatchObject({ ok: false, current: { version: 1, engine: engineInput, updatedBy: 'admin' } });
    expect(await store.settings.save('hubspot', p, { expectedVersion: 1, engine: {}, mapping: {}, actor: 'admin' })).toMatchObject({ ok: true, settings: { version: 2 } });
    await expect(store.settings.save('hubspot', p, { expectedVersion: 2, engine: { componentWeights: { usage: -1 } }, mapping: {}, actor: 'admin' })).rejects.toThrow();
    await expect(store.settings.save('hubspot', p, { expectedVersion: 2, engine: { nonsense: 1 }, mapping: {}, actor: 'admin' })).rejects.toThrow();
    expect((await store.audit.list('hubspot', p)).map((a) => a.action)).toEqual(['settings.save', 'settings.save']);
  });

  it('keeps one portal’s plans, settings and audit from another', async () => {
    const a = portal('ten-a');
    const b = portal('ten-b');
    await store.plans.save('hubspot', a, 'acc', { expectedVersion: 0, objectives: [objective('secret')], actor: 'a' });
    await store.settings.save('hubspot', a, { expectedVersion: 0, engine: { currency: 'EUR' }, mapping: {}, actor: 'a' });
    await store.audit.record('hubspot', a, { actor: 'a', action: 'custom', details: { n: 1 } });
    expect((await store.plans.get('hubspot', b, 'acc')).version).toBe(0);
    expect((await store.plans.get('salesforce', a, 'acc')).version).toBe(0);
    expect((await store.settings.get('hubspot', b)).version).toBe(0);
    expect(await store.audit.list('hubspot', b)).toEqual([]);
    // And B's first save of the same account is independent of A's version.
    expect((await store.plans.save('hubspot', b, 'acc', { expectedVersion: 0, objectives: [], actor: 'b' })).ok).toBe(true);
    expect((await store.audit.list('hubspot', a)).map((e) => e.action)).toEqual(['custom', 'settings.save', 'plan.save']);
  });
});
