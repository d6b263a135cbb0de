// The HubSpot cards rendered with HubSpot's own test renderer, talking to a stubbed hubspot.fetch
// (`self.hsFetch`, which createRenderer does not mock) that answers with recorded payloads.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Alert, Button, EmptyState, ErrorState, Input, Link, LoadingSpinner, NumberInput, StatisticsItem, Table, TableHeader, TableRow, Tag, Text, type ExtensionPointLocation } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { BeforeYouPitchCard, CompanySuccessCard, ContactSuccessCard, SettingsPage, type CardEnv } from '../../cards/hubspot/index.ts';
import type { Scheduler } from '../../cards/model/client.ts';
import { formatPercent, WORDING } from '../../cards/model/index.ts';
import { WriteFailures } from '../../server/api/contracts.ts';
import { fixtures, raw } from '../fixtures/api/fixtures.ts';

interface Request {
  method: string;
  url: URL;
  body: unknown;
}
type Answer = [number, unknown] | ((request: Request) => [number, unknown]);

/** Stubs `self.hsFetch` (what hubspot.fetch calls): each route answers from its own queue. */
function stubSidecar(routes: Record<string, Answer[]>) {
  const requests: Request[] = [];
  const fetch = (url: string, options: { method?: string; body?: unknown }) => {
    const request = { method: options.method ?? 'GET', url: new URL(url), body: options.body };
    requests.push(request);
    const key = `${request.method} ${request.url.pathname.replace(/^\/api\/v1\/hubspot\/\d+/, '')}`;
    const queue = routes[key];
    const next = queue && (queue.length > 1 ? queue.shift() : queue[0]);
    if (!next) return Promise.reject(new Error(`no stubbed answer for ${key}`));
    const [status, body] = typeof next === 'function' ? next(request) : next;
    return Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
  };
  (globalThis as unknown as { hsFetch: typeof fetch }).hsFetch = fetch;
  return { requests, of: (method: string, suffix: string) => requests.filter((r) => r.method === method && r.url.pathname.endsWith(suffix)) };
}

(globalThis as { self?: unknown }).self ??= globalThis;

/** Polls run at once; the waits the card asked for are recorded. */
function instantScheduler(): { schedule: Scheduler; delays: number[] } {
  const delays: number[] = [];
  return {
    delays,
    schedule: (fn, ms) => {
      delays.push(ms);
      const t = setTimeout(fn, 0);
      return () => clearTimeout(t);
    },
  };
}

const NOW = Date.parse('2026-11-01T03:01:30Z'); // 3 hours after the recorded computation

function renderer<L extends ExtensionPointLocation>(location: L, objectId: number) {
  const r = createRenderer(location);
  const context = r.mocks.context as { crm?: { objectId: number; objectTypeId: string }; portal: { id: number } };
  context.portal.id = 62515;
  if (context.crm) context.crm.objectId = objectId;
  return r;
}

const texts = (r: ReturnType<typeof createRenderer>) => r.findAll(Text).map((t) => t.text ?? '');
/** Everything rendered, as the renderer prints it: for "is this string on screen anywhere". */
const screen = (r: ReturnType<typeof createRenderer>) => r.getRootNode().toString();
const COMPANY = '/companies/5100000';
/** What PUT …/objectives answers: the stored plan (here the one someone else saved, from the recorded 409). */
const SAVED_PLAN = (raw('objectives-conflict-at-risk') as { current: unknown }).current;

beforeEach(() => {
  delete (globalThis as { hsFetch?: unknown }).hsFetch;
});
afterEach(() => {
  delete (globalThis as { hsFetch?: unknown }).hsFetch;
});

describe('company tab card', () => {
  const env = (extra: Partial<CardEnv> = {}): CardEnv => ({ now: () => NOW, ...extra });

  it('says under the components which ones the score rests on when some have no data', async () => {
    const view = structuredClone(raw('company-at-risk')) as { result: { rob: { components: { key: string; label: string; hasData: boolean; weight: number }[] } } };
    for (const c of view.result.rob.components) {
      const shares: Record<string, number> = { sentiment: 0.15, resolution: 0.85 };
      c.hasData = c.key in shares;
      c.weight = shares[c.key] ?? 0;
    }
    stubSidecar({ [`GET ${COMPANY}/success`]: [[200, view]] });
    const r = renderer('crm.record.tab', 5100000);
    r.render(<CompanySuccessCard context={r.mocks.context} actions={r.mocks.actions} env={env()} />);
    await r.waitFor(() => expect(r.findByTestId(Text, 'score-basis').text).toBe('The score rests on sentiment (15%) and resolution (85%) only: usage, ticket burden and support time saved have no data.'));
  });

  it('shows a spinner, then the score, its components, risk and plan', async () => {
    const sidecar = stubSidecar({ [`GET ${COMPANY}/success`]: [[200, raw('company-at-risk')]] });
    const r = renderer('crm.record.tab', 5100000);
    r.render(<CompanySuccessCard context={r.mocks.context} actions={r.mocks.actions} env={env()} />);
    expect(r.find(LoadingSpinner).props.label).toBe(WORDING.states.loading);

    await r.waitFor(() => expect(r.findByTestId(StatisticsItem, 'figure-robScore').props.number).toBe('22'));
    const view = fixtures.companyAtRisk();
    expect(r.findByTestId(StatisticsItem, 'figure-renewalProbability').props.number).toBe(formatPercent(view.result.risk.renewalProbability!));
    expect(r.findByTestId(Text, 'computed-at').text).toBe('Computed 3 hours ago');
    expect(r.findByTestId(Text, 'score-trend').text).toBe('\u221214.6 points in 30 days');
    expect(r.findByTestId(Tag, 'risk-level').text).toBe('High risk');
    const all = texts(r);
    for (const c of view.result.rob.components) expect(all).toContain(c.reason);
    expect(all).toContain(view.result.plan.nextBestStep!.action);
    for (const o of view.plan.objectives) expect(all).toContain(o.statement);
    expect(r.maybeFind(Button, { testId: 'recompute' })).not.toBeNull();

    const [get] = sidecar.requests;
    expect(get!.url.origin).toBe('https://sidecar.example.com');
    expect(get!.url.pathname).toBe('/api/v1/hubspot/62515/companies/5100000/success');
    // The card adds no query: hubspot.fetch appends userId, portalId, userEmail and appId itself.
    expect(get!.url.search).toBe('');
  });

  it('marks the history reconstructed on the first compute as such, under the chart', async () => {
    const view = raw('company-at-risk') as { history: Array<Record<string, unknown>> };
    const rebuilt = ['2026-08-01', '2026-09-01'].map((d) => ({ computedAt: `${d}T00:00:00.000Z`, asOf: `${d}T00:00:00.000Z`, robScore: 60, renewalProbability: 0.7, riskLevel: 'low', reconstructed: true }));
    stubSidecar({ [`GET ${COMPANY}/success`]: [[200, { ...view, history: [...rebuilt, ...view.history] }]] });
    const r = renderer('crm.record.tab', 5100000);
    r.render(<CompanySuccessCard context={r.mocks.context} actions={r.mocks.actions} env={env()} />);
    await r.waitFor(() => expect(texts(r).some((t) => t.startsWith('Points up to Sep 1, 2026 are reconstructed'))).toBe(true));
    expect(screen(r)).toContain('ROB score (reconstructed)');
  });

  it('polls while the sidecar is computing, backing off, then shows the data', async () => {
    stubSidecar({ [`GET ${COMPANY}/success`]: [[200, raw('company-computing')], [200, raw('company-computing')], [200, raw('company-good')]] });
    const clock = instantScheduler();
    const r = renderer('crm.record.tab', 5100000);
    r.render(<CompanySuccessCard context={r.mocks.context} actions={r.mocks.actions} env={env({ schedule: clock.schedule })} />);
    await r.waitFor(() => expect(r.find(LoadingSpinner).props.label).toBe(WORDING.states.computing));
    await r.waitFor(() => expect(r.findByTestId(StatisticsItem, 'figure-robScore').props.number).toBe('69'));
    expect(clock.delays).toEqual([2000, 3200]);
  });

  it('says there is not enough data, why, and what to do', async () => {
    stubSidecar({ [`GET ${COMPANY}/success`]: [[200, raw('company-insufficient')]] });
    const r = renderer('crm.record.tab', 5100000);
    r.render(<CompanySuccessCard context={r.mocks.context} actions={r.mocks.actions} env={env()} />);
    await r.waitFor(() => expect(r.find(EmptyState).props.title).toBe(WORDING.states.insufficientTitle));
    const thin = fixtures.companyInsufficient();
    expect(texts(r)).toEqual(expect.arrayContaining([thin.result.statusReason!, `What to do: ${thin.result.plan.nextBestStep!.action}`]));
    expect(r.maybeFindByTestId(Button, 'recompute')).not.toBeNull();
  });

  it('explains an error and what to do, and recovers on "Try again"', async () => {
    stubSidecar({ [`GET ${COMPANY}/success`]: [[503, { error: { code: 'unavailable', message: 'database is starting' } }], [200, raw('company-good')]] });
    const r = renderer('crm.record.tab', 5100000);
    r.render(<CompanySuccessCard context={r.mocks.context} actions={r.mocks.actions} env={env()} />);
    await r.waitFor(() => expect(r.find(ErrorState).props.title).toBe(WORDING.errors.server.title));
    expect(texts(r)).toContain(WORDING.errors.server.whatToDo);
    r.find(Button, (b) => b.text === WORDING.common.tryAgain).trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(StatisticsItem, 'figure-robScore').props.number).toBe('69'));
  });

  it('offers Recompute when the sidecar does not know the company yet', async () => {
    const sidecar = stubSidecar({
      [`GET ${COMPANY}/success`]: [[404, { error: { code: 'not_found', message: 'unknown company' } }]],
      [`POST ${COMPANY}/recompute`]: [[200, raw('recompute-at-risk')]],
    });
    const r = renderer('crm.record.tab', 5100000);
    r.render(<CompanySuccessCard context={r.mocks.context} actions={r.mocks.actions} env={env()} />);
    await r.waitFor(() => expect(r.find(ErrorState).props.title).toBe(WORDING.errors.not_found.title));
    r.findByTestId(Button, 'recompute').trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(StatisticsItem, 'figure-robScore').props.number).toBe('22'));
    expect(sidecar.of('POST', '/recompute')).toHaveLength(1);
    await r.waitFor(() => expect(r.mocks.actions.refreshObjectProperties.callCount).toBe(1));
  });

  it('edits an objective; on a 409 shows their version and re-applies the change on top of it', async () => {
    const view = fixtures.companyAtRisk();
    const target = view.plan.objectives[1]!;
    const sidecar = stubSidecar({
      [`GET ${COMPANY}/success`]: [[200, raw('company-at-risk')]],
      [`PUT ${COMPANY}/objectives`]: [[409, raw('objectives-conflict-at-risk')], [200, SAVED_PLAN]],
    });
    const r = renderer('crm.record.tab', 5100000);
    r.render(<CompanySuccessCard context={r.mocks.context} actions={r.mocks.actions} env={env()} />);
    await r.waitFor(() => expect(r.maybeFindByTestId(Button, `edit-objective-${target.id}`)).not.toBeNull());

    r.findByTestId(Button, `edit-objective-${target.id}`).trigger('onClick');
    await r.waitFor(() => expect(r.find(Input, { name: 'statement' }).props.value).toBe(target.statement));
    r.find(NumberInput, { name: 'satisfaction' }).trigger('onChange', 9 as never);
    await r.waitFor(() => expect(r.find(NumberInput, { name: 'satisfaction' }).props.value).toBe(9));
    r.findByTestId(Button, 'save-objective').trigger('onClick');

    await r.waitFor(() => expect(r.findByTestId(Alert, 'plan-conflict').props.title).toBe(WORDING.objectives.conflictTitle));
    const [first] = sidecar.of('PUT', '/objectives');
    expect(first!.body).toMatchObject({ expectedVersion: 3 });
    expect((first!.body as { objectives: Array<{ id?: string; satisfaction: number }> }).objectives.find((o) => o.id === target.id)!.satisfaction).toBe(9);
    const conflict = fixtures.objectivesConflictAtRisk();
    expect(texts(r).some((t) => t.startsWith('Version 4 was saved by sam.csm@example.com'))).toBe(true);
    expect(texts(r)).toContain(conflict.current.objectives.at(-1)!.statement); // their new objective is shown

    r.findByTestId(Button, 'reapply').trigger('onClick');
    await r.waitFor(() => expect(r.maybeFindByTestId(Alert, 'plan-conflict')).toBeNull());
    const [, second] = sidecar.of('PUT', '/objectives');
    const body = second!.body as { expectedVersion: number; objectives: Array<{ id?: string; satisfaction: number; statement: string }> };
    expect(body.expectedVersion).toBe(4);
    expect(body.objectives.find((o) => o.id === target.id)!.satisfaction).toBe(9);
    expect(body.objectives.map((o) => o.statement)).toContain(conflict.current.objectives.at(-1)!.statement);
    await r.waitFor(() => expect(sidecar.of('GET', '/success')).toHaveLength(2)); // the saved plan is loaded again
    expect(r.mocks.actions.addAlert.calls.map(([a]) => a.message)).toContain(WORDING.objectives.saved);
  });

  it('adds an objective only once it is valid, and marks one achieved', async () => {
    const view = fixtures.companyAtRisk();
    const sidecar = stubSidecar({ [`GET ${COMPANY}/success`]: [[200, raw('company-at-risk')]], [`PUT ${COMPANY}/objectives`]: [[200, SAVED_PLAN]] });
    const r = renderer('crm.record.tab', 5100000);
    r.render(<CompanySuccessCard context={r.mocks.context} actions={r.mocks.actions} env={env()} />);
    await r.waitFor(() => expect(r.maybeFindByTestId(Button, 'add-objective')).not.toBeNull());

    r.findByTestId(Button, 'add-objective').trigger('onClick');
    await r.waitFor(() => expect(r.maybeFindByTestId(Button, 'save-objective')).not.toBeNull());
    r.findByTestId(Button, 'save-objective').trigger('onClick');
    await r.waitFor(() => expect(r.find(Input, { name: 'statement' }).props.validationMessage).toBe(WORDING.objectives.errors.statementRequired));
    expect(sidecar.of('PUT', '/objectives')).toHaveLength(0);
    r.find(Input, { name: 'statement' }).trigger('onChange', 'Maximise the share of tickets solved in one reply' as never);
    await r.waitFor(() => expect(r.find(Input, { name: 'statement' }).props.value).toBe('Maximise the share of tickets solved in one reply'));
    r.findByTestId(Button, 'save-objective').trigger('onClick');
    await r.waitFor(() => expect(sidecar.of('PUT', '/objectives')).toHaveLength(1));
    const added = sidecar.of('PUT', '/objectives')[0]!.body as { objectives: Array<{ id?: string; statement: string }> };
    expect(added.objectives).toHaveLength(view.plan.objectives.length + 1);
    expect(added.objectives.at(-1)).toEqual(expect.objectContaining({ statement: 'Maximise the share of tickets solved in one reply', status: 'open' }));

    const open = view.plan.objectives.find((o) => o.status === 'open')!;
    // Once the save went through and the form closed, the next change may start.
    await r.waitFor(() => expect(r.maybeFindByTestId(Button, `achieve-objective-${open.id}`)?.props.disabled).toBe(false));
    r.findByTestId(Button, `achieve-objective-${open.id}`).trigger('onClick');
    await r.waitFor(() => expect(sidecar.of('PUT', '/objectives')).toHaveLength(2));
    const achieved = sidecar.of('PUT', '/objectives')[1]!.body as { objectives: Array<{ id?: string; status: string }> };
    expect(achieved.objectives.find((o) => o.id === open.id)!.status).toBe('achieved');
  });

  it('blocks a second change while one is open or saving, as the web card does', async () => {
    const view = fixtures.companyAtRisk();
    const [first, second] = view.plan.objectives;
    let answer: (value: [number, unknown]) => void = () => {};
    const pending = new Promise<[number, unknown]>((resolve) => (answer = resolve));
    const sidecar = stubSidecar({ [`GET ${COMPANY}/success`]: [[200, raw('company-at-risk')]] });
    const stubbed = (globalThis as unknown as { hsFetch: (url: string, o: { method?: string; body?: unknown }) => Promise<Response> }).hsFetch;
    // The PUT answers only when the test says so: the save stays under way meanwhile.
    (globalThis as unknown as { hsFetch: typeof stubbed }).hsFetch = (url, o) => {
      if (o.method !== 'PUT') return stubbed(url, o);
      sidecar.requests.push({ method: 'PUT', url: new URL(url), body: o.body });
      return pending.then(([status, body]) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
    };
    const r = renderer('crm.record.tab', 5100000);
    r.render(<CompanySuccessCard context={r.mocks.context} actions={r.mocks.actions} env={env()} />);
    await r.waitFor(() => expect(r.maybeFindByTestId(Button, `edit-objective-${first!.id}`)).not.toBeNull());

    // A form is open: every other change is disabled, and a click that gets through changes nothing.
    r.findByTestId(Button, `edit-objective-${first!.id}`).trigger('onClick');
    await r.waitFor(() => expect(r.find(Input, { name: 'statement' }).props.value).toBe(first!.statement));
    expect(r.findByTestId(Button, 'add-objective').props.disabled).toBe(true);
    expect(r.findByTestId(Button, `edit-objective-${second!.id}`).props.disabled).toBe(true);
    r.findByTestId(Button, `edit-objective-${second!.id}`).trigger('onClick');
    r.findByTestId(Button, 'add-objective').trigger('onClick');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(r.find(Input, { name: 'statement' }).props.value).toBe(first!.statement);

    // Saving: a second click on Save, or on "Mark achieved", sends nothing more.
    r.findByTestId(Button, 'save-objective').trigger('onClick');
    r.findByTestId(Button, 'save-objective').trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(Button, 'save-objective').props.disabled).toBe(true));
    const achievable = view.plan.objectives.find((o) => o.status === 'open' && o.id !== first!.id);
    if (achievable) r.findByTestId(Button, `achieve-objective-${achievable.id}`).trigger('onClick');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sidecar.of('PUT', '/objectives')).toHaveLength(1);

    answer([200, SAVED_PLAN]);
    await r.waitFor(() => expect(r.maybeFindByTestId(Button, 'save-objective')).toBeNull());
    await r.waitFor(() => expect(r.findByTestId(Button, 'add-objective').props.disabled).toBe(false));
    expect(sidecar.of('PUT', '/objectives')).toHaveLength(1);
  });

  it('recomputes, shows the new results and has HubSpot refresh the record properties', async () => {
    const sidecar = stubSidecar({ [`GET ${COMPANY}/success`]: [[200, raw('company-at-risk')]], [`POST ${COMPANY}/recompute`]: [[200, raw('recompute-at-risk')]] });
    const r = renderer('crm.record.tab', 5100000);
    // The recorded view was computed at 00:01:30, the recompute's at 00:10:00.
    r.render(<CompanySuccessCard context={r.mocks.context} actions={r.mocks.actions} env={env({ now: () => Date.parse('2026-11-01T00:16:30Z') })} />);
    await r.waitFor(() => expect(r.findByTestId(Text, 'computed-at').text).toBe('Computed 15 minutes ago'));
    expect(r.mocks.actions.refreshObjectProperties.callCount).toBe(0);
    r.findByTestId(Button, 'recompute').trigger('onClick');
    await r.waitFor(() => expect(r.mocks.actions.refreshObjectProperties.callCount).toBe(1));
    expect(r.findByTestId(Text, 'computed-at').text).toBe('Computed 7 minutes ago');
    expect(sidecar.of('POST', '/recompute')).toHaveLength(1);
    expect(r.findByTestId(Button, 'recompute').props.disabled).toBe(false);
  });

  it('after a queued recompute, polls until the new results are there, then refreshes the properties', async () => {
    const sidecar = stubSidecar({
      [`GET ${COMPANY}/success`]: [[200, raw('company-at-risk')], [200, raw('company-computing')], [200, raw('company-good')]],
      [`POST ${COMPANY}/recompute`]: [[202, raw('recompute-queued')]],
    });
    const clock = instantScheduler();
    const r = renderer('crm.record.tab', 5100000);
    r.render(<CompanySuccessCard context={r.mocks.context} actions={r.mocks.actions} env={env({ schedule: clock.schedule })} />);
    await r.waitFor(() => expect(r.findByTestId(StatisticsItem, 'figure-robScore').props.number).toBe('22'));
    r.findByTestId(Button, 'recompute').trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(StatisticsItem, 'figure-robScore').props.number).toBe('69'));
    await r.waitFor(() => expect(r.mocks.actions.refreshObjectProperties.callCount).toBe(1));
    expect(sidecar.of('GET', '/success')).toHaveLength(3);
    expect(r.mocks.actions.addAlert.calls.map(([a]) => a.message)).toContain(WORDING.company.recomputeQueued);
  });
});

describe('contact sidebar card', () => {
  it("shows the contact's role, open tickets and the company at a glance", async () => {
    const sidecar = stubSidecar({ ['GET /contacts/7000000/success']: [[200, raw('contact-champion')]] });
    const r = renderer('crm.record.sidebar', 7000000);
    r.render(<ContactSuccessCard context={r.mocks.context} env={{ now: () => NOW }} />);
    await r.waitFor(() => expect(r.findByTestId(Tag, 'contact-role').text).toBe('Champion'));
    const view = fixtures.contactChampion();
    expect(r.findByTestId(Tag, 'company-risk').text).toBe('High risk');
    expect(r.findByTestId(Link, 'company-link').props.href).toEqual({ url: `https://app.hubspot.com/contacts/62515/record/0-2/${view.companyId}`, external: false });
    expect(r.findByTestId(Text, 'last-engaged').text).toBe('Last engaged 2 months ago');
    for (const t of view.contact.openTickets) expect(screen(r)).toContain(t.subject);
    expect(r.findAll(Tag).map((t) => t.text)).toEqual(expect.arrayContaining(['Medium bug', 'High bug', 'Low-priority billing issue', 'Low-priority how-to question', 'Medium-priority how-to question', 'Urgent ticket']));
    expect(sidecar.requests[0]!.url.pathname).toBe('/api/v1/hubspot/62515/contacts/7000000/success');
  });

  it('says so when the contact has no company', async () => {
    stubSidecar({ ['GET /contacts/7000000/success']: [[200, raw('contact-no-company')]] });
    const r = renderer('crm.record.sidebar', 7000000);
    r.render(<ContactSuccessCard context={r.mocks.context} env={{ now: () => NOW }} />);
    await r.waitFor(() => expect(texts(r)).toContain(WORDING.contact.noCompany));
    expect(r.maybeFindByTestId(Link, 'company-link')).toBeNull();
  });
});

describe('"Before you pitch" sidebar card', () => {
  const cases = [
    ['company-good', 'Good moment', 'success'],
    ['company-resolve-first', 'Resolve first', 'warning'],
    ['company-at-risk', 'At risk', 'danger'],
    ['company-insufficient', 'No verdict yet', 'info'],
  ] as const;
  for (const [name, title, variant] of cases) {
    it(`gives the verdict "${title}" for ${name}, with its reasons`, async () => {
      stubSidecar({ [`GET ${COMPANY}/success`]: [[200, raw(name)]] });
      const r = renderer('crm.record.sidebar', 5100000);
      r.render(<BeforeYouPitchCard context={r.mocks.context} env={{ now: () => NOW }} />);
      await r.waitFor(() => expect(r.findByTestId(Alert, 'verdict').props.title).toBe(title));
      expect(r.findByTestId(Alert, 'verdict').props.variant).toBe(variant);
      expect(r.maybeFindByTestId(Text, 'verdict-reason-0')?.text?.length ?? 0).toBeGreaterThan(10);
    });
  }

  it('lists the open show-stoppers and objectives achieved', async () => {
    stubSidecar({ [`GET ${COMPANY}/success`]: [[200, raw('company-at-risk')]] });
    const r = renderer('crm.record.sidebar', 5100000);
    r.render(<BeforeYouPitchCard context={r.mocks.context} env={{ now: () => NOW }} />);
    await r.waitFor(() => expect(r.findByTestId(Text, 'objectives-achieved').text).toBe('0 of 2 objectives achieved'));
    const view = fixtures.companyAtRisk();
    for (const s of view.result.plan.showStoppers) expect(texts(r)).toContain(s.title);
  });
});

describe('settings page', () => {
  it('loads the settings, validates the weights, previews and saves', async () => {
    const sidecar = stubSidecar({
      ['GET /settings']: [[200, raw('settings')]],
      ['POST /settings/preview']: [[200, raw('settings-preview')]],
      ['PUT /settings']: [[200, raw('settings')]],
    });
    const r = renderer('settings', 0);
    r.render(<SettingsPage context={r.mocks.context} actions={r.mocks.actions} />);
    await r.waitFor(() => expect(r.find(NumberInput, { name: 'weight_usage' }).props.value).toBe(38.1));
    expect(r.findByTestId(Text, 'weights-total').text).toBe('Total: 100 %');
    expect(r.find(Input, { name: 'currency' }).props.value).toBe('EUR');

    r.find(NumberInput, { name: 'weight_usage' }).trigger('onChange', 30 as never);
    await r.waitFor(() => expect(r.findByTestId(Tag, 'weights-error').text).toBe('Component weights must add up to 100 % (now 91.9 %).'));
    expect(r.findByTestId(Button, 'save-settings').props.disabled).toBe(true);
    r.find(NumberInput, { name: 'weight_ticketBurden' }).trigger('onChange', 31.9 as never);
    await r.waitFor(() => expect(r.maybeFindByTestId(Tag, 'weights-error')).toBeNull());
    r.find(Input, { name: 'currency' }).trigger('onChange', 'euro' as never);
    await r.waitFor(() => expect(r.find(Input, { name: 'currency' }).props.validationMessage).toBe(WORDING.settings.errors.currency));
    r.find(Input, { name: 'currency' }).trigger('onChange', 'gbp' as never);
    await r.waitFor(() => expect(r.findByTestId(Button, 'save-settings').props.disabled).toBe(false));

    r.findByTestId(Button, 'preview-settings').trigger('onClick');
    const preview = fixtures.settingsPreview();
    await r.waitFor(() => expect(screen(r)).toContain(preview.accounts[0]!.name));
    expect(sidecar.of('POST', '/settings/preview')[0]!.body).toMatchObject({ engine: { componentWeights: { usage: 30, ticketBurden: 31.9 }, currency: 'GBP' } });

    r.findByTestId(Button, 'save-settings').trigger('onClick');
    await r.waitFor(() => expect(r.mocks.actions.addAlert.calls.map(([a]) => a.message)).toContain(WORDING.settings.saved));
    expect(sidecar.of('PUT', '/settings')[0]!.body).toMatchObject({ expectedVersion: 2, engine: { costPerSupportHour: 85, currency: 'GBP' }, mapping: { company: { activeUsers: 'weekly_active_users' } } });
  });
  it('for a user who is not an admin: read-only, naming the admins; an admin adds another', async () => {
    const notAdmin = { ...(raw('settings') as object), canManage: false, admins: [{ userId: '9100001', email: 'admin@example.com', addedBy: 'hubspot-user:9100001', addedAt: '2026-12-01T00:00:00.000Z' }] };
    stubSidecar({ ['GET /settings']: [[200, notAdmin]] });
    const r = renderer('settings', 0);
    r.render(<SettingsPage context={r.mocks.context} actions={r.mocks.actions} />);
    await r.waitFor(() => expect(r.findByTestId(Alert, 'settings-read-only')).toBeTruthy());
    expect(screen(r)).toContain('admin@example.com');
    expect(r.findByTestId(Button, 'save-settings').props.disabled).toBe(true);
    expect(r.maybeFindByTestId(Button, 'add-admin')).toBeNull();

    const sidecar = stubSidecar({ ['GET /settings']: [[200, raw('settings')]], ['POST /settings/admins']: [[200, { admins: [] }]] });
    const a = renderer('settings', 0);
    a.render(<SettingsPage context={a.mocks.context} actions={a.mocks.actions} />);
    await a.waitFor(() => expect(a.findByTestId(Button, 'add-admin').props.disabled).toBe(true));
    expect(a.maybeFindByTestId(Alert, 'settings-read-only')).toBeNull();
    a.find(Input, { name: 'adminUserId' }).trigger('onChange', '555' as never);
    await a.waitFor(() => expect(a.findByTestId(Button, 'add-admin').props.disabled).toBe(false));
    a.findByTestId(Button, 'add-admin').trigger('onClick');
    await a.waitFor(() => expect(a.mocks.actions.addAlert.calls.map(([x]) => x.message)).toContain(WORDING.settings.adminAdded));
    expect(sidecar.of('POST', '/settings/admins')[0]!.body).toEqual({ userId: '555' });
  });

  it('shows what the renewal model learned from the portal\'s renewals, and says so when there were too few', async () => {
    const recorded = fixtures.renewalModel();
    const levelShift = { from: '2025-08-12', renewals: 447, observedRate: 0.7131, predictedRate: 0.7452, z: -1.83, applied: 0 };
    const scoredAll = { ...recorded, latest: { ...recorded.latest!, skipped: {} } };
    const heldOut = { from: '2025-08-12', train: 1043, renewals: 447, learned: { auc: 0.7412, brier: 0.18, logLoss: 0.53 }, global: { auc: 0.7013, brier: 0.19, logLoss: 0.56 } };
    const learned = { ...recorded, inUse: { version: 'portal-2', source: 'learned' as const }, latest: { ...recorded.latest!, mode: 'fitted' as const, version: 'portal-2', levelShift, heldOut, skipped: { usage_history_too_short: 640, insufficient_data: 1 }, horizonDays: 45 } };
    const sidecar = stubSidecar({ ['GET /settings']: [[200, raw('settings')]], ['GET /settings/model']: [[200, scoredAll], [200, learned], [200, { ...learned, inUse: { version: 'global-3', source: 'pinned_global' } }]], ['PUT /settings/model']: [[200, learned]] });
    const r = renderer('settings', 0);
    r.render(<SettingsPage context={r.mocks.context} actions={r.mocks.actions} />);
    await r.waitFor(() => expect(r.findByTestId(Text, 'model-in-use').text).toBe(WORDING.settings.model.inUse.global));
    // The recorded fit kept the default model (too few renewals): it must not say it learned from them.
    expect(r.findByTestId(Text, 'model-learned-from').text).toMatch(/^Nothing learned yet: 39 renewals checked on .*, and the default model kept\./);
    expect(screen(r)).not.toContain('Learned from');
    expect(screen(r)).toContain(recorded.latest!.reason);
    // Each table says in plain words what it shows, as on the console.
    expect(r.findByTestId(Text, 'model-coefficients-help').text).toBe(WORDING.settings.model.coefficientsHelp);
    expect(r.findByTestId(Text, 'model-reliability-help').text).toBe(WORDING.settings.model.reliabilityHelp);
    expect(r.findByTestId(Text, 'model-levels-help').text).toBe(WORDING.settings.model.levelsHelp);
    expect(r.findByTestId(Text, 'model-horizon').text).toMatch(/^Each past renewal below was scored as the account stood 30 days before it closed/);
    expect(r.maybeFindByTestId(Text, 'model-skipped')).toBeNull(); // every renewal scored: nothing to say
    expect(r.maybeFindByTestId(Text, 'model-held-out')).toBeNull(); // too few renewals to hold any out
    expect(r.maybeFindByTestId(Button, 'choose-model')).toBeNull(); // nothing learned to switch to
    // Brier score, its skill and the calibration error, as the console shows them, each with what it means.
    expect(r.findByTestId(Text, 'model-brier').text).toMatch(/^Brier score 0\.202: the average squared gap between the chance given and what happened/);
    expect(r.findByTestId(Text, 'model-brier-skill').text).toMatch(/^Brier skill -6%: how much lower that score is than always predicting the share of renewals that renewed\./);
    expect(r.findByTestId(Text, 'model-ece').text).toMatch(/^Calibration error 21\.5 percentage points \(ECE\): how far, on average over the renewals, the share that renewed sits from the chance given/);

    const again = renderer('settings', 0);
    again.render(<SettingsPage context={again.mocks.context} actions={again.mocks.actions} />);
    await again.waitFor(() => expect(again.findByTestId(Button, 'choose-model').text).toBe(WORDING.settings.model.useGlobal));
    // Under "Learned from": the renewals it could not learn from, why (with the horizon the server's backtest used), and what would let them count.
    expect(again.findByTestId(Text, 'model-skipped').text).toBe(
      '640 earlier renewals could not be scored because the usage history does not reach back far enough before them (usage counts kept further back in the CRM would let them count); 1 renewal because too little was known 45 days before it to score the account (usage, tickets or conversations recorded in the CRM would let it count).',
    );
    expect(again.findByTestId(Text, 'model-newest').text).toBe('The 447 newest renewals (from Aug 12, 2025) renewed 71.3%; the model predicted 74.5%, a gap chance explains.');
    expect(again.findByTestId(Text, 'model-learned-from').text).toMatch(/^Learned from 39 renewals on /);
    // The check the choice was made on, on renewals the fit never saw (the figures below include those it learned from).
    expect(again.findByTestId(Text, 'model-held-out').text).toBe('Checked on the 447 newest renewals (closing from Aug 12, 2025), which a model fitted on the 1,043 older ones never saw: that model ranked them right 74% of the time, the default model 70%. Unlike the figures below, this check scores renewals the fit did not learn from.');
    expect(again.findByTestId(Text, 'model-auc').text).toMatch(/^Ranks renewals right \d+% of the time \(AUC; 95% interval \d+%–\d+%\): of a renewal you lost and one that renewed, it gave the lost one the lower chance that often\. 50% is a coin toss, 100% never wrong\.$/);
    again.findByTestId(Button, 'choose-model').trigger('onClick');
    await again.waitFor(() => expect(again.mocks.actions.addAlert.calls.map(([a]) => a.message)).toContain(WORDING.settings.model.switched));
    expect(sidecar.of('PUT', '/settings/model')[0]!.body).toEqual({ use: 'global' });
  });

  it('says, when only the intercept and slope were fitted, that the weights column is the default × slope, not learned per factor', async () => {
    const recorded = fixtures.renewalModel();
    const scaled = recorded.latest!.coefficients.map((c) => ({ ...c, value: Math.round(c.global * 1.25 * 10_000) / 10_000 }));
    const recalibrated = { ...recorded, inUse: { version: 'portal-2', source: 'learned' as const }, latest: { ...recorded.latest!, mode: 'recalibrated' as const, version: 'portal-2', coefficients: scaled } };
    stubSidecar({ ['GET /settings']: [[200, raw('settings')]], ['GET /settings/model']: [[200, recalibrated]] });
    const r = renderer('settings', 0);
    r.render(<SettingsPage context={r.mocks.context} actions={r.mocks.actions} />);
    await r.waitFor(() => expect(r.findByTestId(Text, 'model-coefficients-note').text).toContain('only the overall level (the intercept) and one scale for all the weights (the slope, ×1.25 here) were fitted'));
    expect(r.findByTestId(Table, 'model-coefficients').findAll(TableHeader).map((h) => h.text)).toEqual(['Factor', 'What it reads', 'Default × slope', 'Default']);
  });

  it('after a switch, follows the recompute of every account until it is done, and says when', async () => {
    const recorded = fixtures.renewalModel();
    const learned = { ...recorded, inUse: { version: 'portal-2', source: 'learned' as const }, latest: { ...recorded.latest!, mode: 'fitted' as const, version: 'portal-2' }, recompute: { accounts: 150, current: 150, lastComputedAt: '2026-12-07T17:00:00.000Z' } };
    const pinned = { ...learned, inUse: { version: 'global-3', source: 'pinned_global' as const } };
    const sidecar = stubSidecar({
      ['GET /settings']: [[200, raw('settings')]],
      ['GET /settings/model']: [[200, learned], [200, { ...pinned, recompute: { accounts: 150, current: 90, lastComputedAt: '2026-12-07T19:20:05.000Z' } }], [200, { ...pinned, recompute: { accounts: 150, current: 150, lastComputedAt: '2026-12-07T19:20:41.000Z' } }]],
      ['PUT /settings/model']: [[200, { ...pinned, recompute: { accounts: 150, current: 0, lastComputedAt: null } }]],
    });
    const r = renderer('settings', 0);
    r.render(<SettingsPage context={r.mocks.context} actions={r.mocks.actions} />);
    await r.waitFor(() => expect(r.findByTestId(Button, 'choose-model').text).toBe(WORDING.settings.model.useGlobal));
    // Nothing switched yet: every account already uses the model in use.
    expect(r.findByTestId(Text, 'model-recompute').text).toBe('All 150 accounts are computed with this model (the last on Dec 7, 2026, 5:00 PM UTC).');
    r.findByTestId(Button, 'choose-model').trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(Text, 'model-recompute').text).toBe('Recomputing every account with this model: 90 of 150 done so far.'));
    // Followed without a reload of the page, until the last account is done.
    await r.waitFor(() => expect(r.findByTestId(Text, 'model-recompute').text).toBe('All 150 accounts are computed with this model (the last on Dec 7, 2026, 7:20 PM UTC).'), { timeoutInMs: 6_000 });
    expect(sidecar.of('GET', '/settings/model')).toHaveLength(3);
  }, 15_000);

  it('lists the write-backs the CRM refused, lets an admin send them again, and says when nothing failed', async () => {
    // Not recorded: the recorder's syncs deliver every write; the rows have the contract's shape.
    const failed = WriteFailures.parse({ items: [{ id: 12, companyId: '5100007', properties: { success_rob_score: '41', success_risk_level: 'high' }, attempts: 10, lastError: 'Property values were not valid: success_risk_level', failedAt: '2026-11-02T09:00:00.000Z' }] });
    const sidecar = stubSidecar({ ['GET /settings']: [[200, raw('settings')]], ['GET /write-failures']: [[200, failed], [200, { items: [] }]], ['POST /write-failures/redrive']: [[200, { redriven: 1 }]] });
    const r = renderer('settings', 0);
    r.render(<SettingsPage context={r.mocks.context} actions={r.mocks.actions} />);
    await r.waitFor(() => expect(r.findByTestId(Button, 'redrive').text).toBe(WORDING.settings.writeFailures.redrive));
    const table = r.findByTestId(Table, 'write-failures-table');
    expect(table.findAll(TableRow)).toHaveLength(2); // the header and one failure
    expect(table.toString()).toContain('Property values were not valid: success_risk_level');
    expect(table.toString()).toContain('success_risk_level, success_rob_score');
    r.findByTestId(Button, 'redrive').trigger('onClick');
    await r.waitFor(() => expect(r.mocks.actions.addAlert.calls.map(([a]) => a.message)).toContain('1 write-back is being sent again.'));
    expect(sidecar.of('POST', '/write-failures/redrive')[0]!.body).toEqual({ ids: [12] });
    await r.waitFor(() => expect(r.findByTestId(Text, 'write-failures-none').text).toBe(WORDING.settings.writeFailures.none));
    expect(r.maybeFindByTestId(Button, 'redrive')).toBeNull();

    stubSidecar({ ['GET /settings']: [[200, { ...(raw('settings') as object), canManage: false }]], ['GET /write-failures']: [[200, failed]] });
    const reader = renderer('settings', 0);
    reader.render(<SettingsPage context={reader.mocks.context} actions={reader.mocks.actions} />);
    await reader.waitFor(() => expect(reader.findByTestId(Table, 'write-failures-table')).toBeTruthy());
    expect(reader.maybeFindByTestId(Button, 'redrive')).toBeNull();
    expect(screen(reader)).toContain(WORDING.settings.writeFailures.adminsOnly);
  });

  it('says when another admin saved first, and reloads their version', async () => {
    const sidecar = stubSidecar({
      ['GET /settings']: [[200, raw('settings')]],
      ['PUT /settings']: [[409, { error: { code: 'version_conflict', message: 'settings changed' } }]],
    });
    const r = renderer('settings', 0);
    r.render(<SettingsPage context={r.mocks.context} actions={r.mocks.actions} />);
    await r.waitFor(() => expect(r.findByTestId(Button, 'save-settings').props.disabled).toBe(false));
    r.findByTestId(Button, 'save-settings').trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(Alert, 'settings-failure').props.title).toBe(WORDING.errors.conflict.title));
    r.findByTestId(Button, 'settings-reload').trigger('onClick');
    await r.waitFor(() => expect(sidecar.of('GET', '/settings')).toHaveLength(2));
  });
});
