import { describe, expect, it } from '@jest/globals';
import {
  createRemote,
  createSidecarApi,
  DEFAULT_POLL,
  normalizeOrigin,
  pollDelay,
  PRODUCTION_SIDECAR_ORIGIN,
  sidecarOrigin,
  type ApiResult,
  type Scheduler,
  type SidecarFetch,
  type SidecarFetchOptions,
} from '../../cards/model/client.ts';
import { classifySuccessView, type SuccessView } from '../../cards/model/index.ts';
import { fixtures, raw } from '../fixtures/api/fixtures.ts';

interface Call {
  url: string;
  options: SidecarFetchOptions;
}

/** A fetch that answers from a queue of [status, body] (or throws), recording every call. */
function scriptedFetch(answers: Array<[number, unknown] | Error>): { fetch: SidecarFetch; calls: Call[] } {
  const calls: Call[] = [];
  const fetch: SidecarFetch = (url, options) => {
    calls.push({ url, options });
    const next = answers.shift();
    if (next === undefined) throw new Error(`unexpected call ${options.method} ${url}`);
    if (next instanceof Error) return Promise.reject(next);
    const [status, body] = next;
    return Promise.resolve({ ok: status >= 200 && status < 300, status, json: () => (body === '<html>' ? Promise.reject(new SyntaxError('not json')) : Promise.resolve(body)) });
  };
  return { fetch, calls };
}

const who = { portalId: '62515' };
/** What PUT …/objectives answers: the stored plan (here the one someone else saved, from the recorded 409). */
const SAVED_PLAN = (raw('objectives-conflict-at-risk') as { current: unknown }).current;

describe('sidecar client', () => {
  it('calls the contract routes on the sidecar origin with the card context and a timeout', async () => {
    const { fetch, calls } = scriptedFetch([
      [200, raw('company-at-risk')],
      [200, raw('recompute-queued')],
      [200, SAVED_PLAN],
      [200, raw('contact-champion')],
      [200, raw('settings')],
      [200, raw('settings')],
      [200, raw('settings-preview')],
    ]);
    const api = createSidecarApi(fetch, 'https://sidecar.example.com', who);
    expect((await api.companySuccess('5100000')).ok).toBe(true);
    expect((await api.recompute('5100000')).ok).toBe(true);
    expect((await api.saveObjectives('5100000', { expectedVersion: 3, objectives: [] })).ok).toBe(true);
    expect((await api.contactSuccess('7000000')).ok).toBe(true);
    expect((await api.settings()).ok).toBe(true);
    expect((await api.saveSettings({ engine: {}, mapping: {}, expectedVersion: 2 })).ok).toBe(true);
    expect((await api.previewSettings({ engine: {}, mapping: {} })).ok).toBe(true);
    // The card adds no query of its own: hubspot.fetch appends userId, portalId, userEmail and appId.
    const q = '';
    const base = 'https://sidecar.example.com/api/v1/hubspot/62515';
    expect(calls.map((c) => `${c.options.method} ${c.url}`)).toEqual([
      `GET ${base}/companies/5100000/success${q}`,
      `POST ${base}/companies/5100000/recompute${q}`,
      `PUT ${base}/companies/5100000/objectives${q}`,
      `GET ${base}/contacts/7000000/success${q}`,
      `GET ${base}/settings${q}`,
      `PUT ${base}/settings${q}`,
      `POST ${base}/settings/preview${q}`,
    ]);
    expect(calls.some((c) => /[?&](portalId|userId|userEmail|appId)=/.test(c.url))).toBe(false);
    expect(calls.every((c) => c.options.timeout > 0 && c.options.timeout <= 15_000)).toBe(true);
    expect(calls[2]!.options.body).toEqual({ expectedVersion: 3, objectives: [] });
  });

  it('calls Salesforce\'s card routes for an org and its Accounts when told the CRM is Salesforce', async () => {
    const { fetch, calls } = scriptedFetch([
      [200, raw('company-at-risk')],
      [200, raw('recompute-queued')],
      [200, SAVED_PLAN],
    ]);
    const api = createSidecarApi(fetch, 'https://sidecar.example.com', { portalId: '00D5g000004ZQaREAW', crm: 'salesforce' });
    expect((await api.companySuccess('0015g00000AbCdEAAV')).ok).toBe(true);
    expect((await api.recompute('0015g00000AbCdEAAV')).ok).toBe(true);
    expect((await api.saveObjectives('0015g00000AbCdEAAV', { expectedVersion: 0, objectives: [] })).ok).toBe(true);
    const base = 'https://sidecar.example.com/api/v1/salesforce/00D5g000004ZQaREAW/accounts/0015g00000AbCdEAAV';
    expect(calls.map((c) => `${c.options.method} ${c.url}`)).toEqual([`GET ${base}/success`, `POST ${base}/recompute`, `PUT ${base}/objectives`]);
    // Salesforce has the account, settings and admins routes: anything else is refused before any request.
    await expect(api.portfolio({})).rejects.toThrow(/not one of Salesforce's card routes/);
    expect(calls).toHaveLength(3);
  });

  it('turns every failure into an error the card can explain', async () => {
    const { fetch } = scriptedFetch([
      new Error('connect timeout'),
      [401, { error: { code: 'unauthorized', message: 'bad signature' } }],
      [404, { error: { code: 'not_found', message: 'unknown company' } }],
      [429, {}],
      [503, '<html>'],
      [400, { error: { code: 'invalid', message: 'objectives.0.importance: too big' } }],
      [200, '<html>'],
      [200, { state: 'ready' }],
      [409, raw('objectives-conflict-at-risk')],
    ]);
    const api = createSidecarApi(fetch, 'https://sidecar.example.com', who);
    const kinds: Array<ApiResult<unknown>> = [];
    for (let i = 0; i < 8; i++) kinds.push(await api.companySuccess('5100000'));
    expect(kinds.map((r) => (r.ok ? 'ok' : `${r.error.kind}:${r.error.status}`))).toEqual([
      'unreachable:null',
      'unauthorized:401',
      'not_found:404',
      'rate_limited:429',
      'server:503',
      'rejected:400',
      'bad_response:200',
      'bad_response:200',
    ]);
    const rejected = kinds[5]!;
    expect(!rejected.ok && rejected.error.serverMessage).toBe('objectives.0.importance: too big');
    const conflict = await api.saveObjectives('5100000', { expectedVersion: 3, objectives: [] });
    expect(conflict.ok).toBe(false);
    if (conflict.ok) return;
    expect(conflict.error.kind).toBe('conflict');
    expect(conflict.conflict).toEqual(raw('objectives-conflict-at-risk'));
  });
});

describe('sidecar origin', () => {
  it('takes the profile variable when it is an https origin, never localhost, else production', () => {
    expect(sidecarOrigin({ SIDECAR_ORIGIN: 'https://Sidecar-Dev.example.com/' })).toBe('https://sidecar-dev.example.com');
    expect(sidecarOrigin({ SIDECAR_ORIGIN: 'http://sidecar.example.com' })).toBe(PRODUCTION_SIDECAR_ORIGIN);
    expect(sidecarOrigin({ SIDECAR_ORIGIN: 'https://localhost:3000' })).toBe(PRODUCTION_SIDECAR_ORIGIN);
    expect(sidecarOrigin({ fake_variable: 'fake_value' })).toBe(PRODUCTION_SIDECAR_ORIGIN);
    expect(sidecarOrigin(undefined)).toBe(PRODUCTION_SIDECAR_ORIGIN);
    expect(normalizeOrigin('https://sidecar.example.com/api')).toBeNull();
  });
});

/** A scheduler the test drives: it records each wait and runs the callbacks on demand. */
function manualScheduler() {
  const pending: Array<{ fn: () => void; ms: number; cancelled: boolean }> = [];
  const schedule: Scheduler = (fn, ms) => {
    const entry = { fn, ms, cancelled: false };
    pending.push(entry);
    return () => {
      entry.cancelled = true;
    };
  };
  return {
    schedule,
    delays: () => pending.map((p) => p.ms),
    runNext() {
      const next = pending.find((p) => !p.cancelled);
      if (!next) throw new Error('nothing scheduled');
      next.cancelled = true;
      next.fn();
    },
    live: () => pending.filter((p) => !p.cancelled).length,
  };
}

/** Loads answered by the test, in any order. */
function deferredLoads() {
  const waiting: Array<(r: ApiResult<SuccessView>) => void> = [];
  return {
    load: () => new Promise<ApiResult<SuccessView>>((resolve) => waiting.push(resolve)),
    answer(index: number, view: SuccessView) {
      waiting[index]!({ ok: true, status: 200, data: view });
    },
    count: () => waiting.length,
  };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('remote state', () => {
  it('lets the newest request win when answers arrive out of order', async () => {
    const loads = deferredLoads();
    const store = createRemote({ load: loads.load, classify: classifySuccessView });
    store.start();
    store.reload();
    expect(loads.count()).toBe(2);
    loads.answer(1, fixtures.companyGood());
    await flush();
    loads.answer(0, fixtures.companyAtRisk()); // the older request answers last
    await flush();
    const s = store.getState();
    expect(s.kind === 'ready' && s.data.company.name).toBe(fixtures.companyGood().company.name);
  });

  it('keeps what is on screen while reloading, and ignores answers after dispose', async () => {
    const loads = deferredLoads();
    const store = createRemote({ load: loads.load, classify: classifySuccessView });
    const seen: string[] = [];
    store.subscribe(() => seen.push(store.getState().kind));
    store.start();
    loads.answer(0, fixtures.companyGood());
    await flush();
    store.reload();
    expect(store.getState()).toMatchObject({ kind: 'ready', refreshing: true });
    store.dispose();
    loads.answer(1, fixtures.companyAtRisk());
    await flush();
    expect(store.getState()).toMatchObject({ kind: 'ready', refreshing: true });
    expect(seen).toEqual(['loading', 'ready', 'ready']);
  });

  it('polls a computing view with growing waits, then shows the data', async () => {
    const loads = deferredLoads();
    const clock = manualScheduler();
    const store = createRemote({ load: loads.load, classify: classifySuccessView, schedule: clock.schedule });
    store.start();
    for (let i = 0; i < 3; i++) {
      loads.answer(i, fixtures.companyComputing());
      await flush();
      expect(store.getState()).toMatchObject({ kind: 'computing', attempt: i + 1 });
      clock.runNext();
    }
    loads.answer(3, fixtures.companyInsufficient());
    await flush();
    expect(store.getState().kind).toBe('insufficient');
    expect(clock.delays()).toEqual([0, 1, 2].map((a) => pollDelay(DEFAULT_POLL, a, 2000)));
    expect(clock.delays()).toEqual([2000, 3200, 5120]);
  });

  it('gives up with "still computing" after the last attempt, and a reload cancels a pending poll', async () => {
    const loads = deferredLoads();
    const clock = manualScheduler();
    const policy = { ...DEFAULT_POLL, maxAttempts: 2 };
    const store = createRemote({ load: loads.load, classify: classifySuccessView, schedule: clock.schedule, policy });
    store.start();
    loads.answer(0, fixtures.companyComputing());
    await flush();
    clock.runNext();
    loads.answer(1, fixtures.companyComputing());
    await flush();
    clock.runNext();
    loads.answer(2, fixtures.companyComputing());
    await flush();
    expect(store.getState()).toMatchObject({ kind: 'error', error: { kind: 'still_computing' } });

    store.reload();
    loads.answer(3, fixtures.companyComputing());
    await flush();
    expect(clock.live()).toBe(1);
    store.reload();
    expect(clock.live()).toBe(0);
    expect(pollDelay(DEFAULT_POLL, 20, 1500)).toBe(DEFAULT_POLL.maxDelayMs);
    expect(pollDelay(DEFAULT_POLL, 0, 10)).toBe(DEFAULT_POLL.minDelayMs);
  });

  it('takes a recompute answer as the newest data, over a request still in flight', async () => {
    const loads = deferredLoads();
    const store = createRemote({ load: loads.load, classify: classifySuccessView });
    store.start();
    store.accept(fixtures.companyGood());
    loads.answer(0, fixtures.companyAtRisk());
    await flush();
    const s = store.getState();
    expect(s.kind === 'ready' && s.data.company.name).toBe(fixtures.companyGood().company.name);
  });
});
