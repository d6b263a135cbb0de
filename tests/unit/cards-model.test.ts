import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ObjectivesBody, SettingsBody, SettingsPreviewBody } from '../../server/api/contracts.ts';
import { DEFAULT_HUBSPOT_MAPPING, HubSpotMapping } from '../../server/crm/hubspot/mapping.ts';
import { DEFAULT_ENGINE_CONFIG, EngineConfig } from '../../server/domain/engine-config.ts';
import { rankObjectives } from '../../server/domain/objectives.ts';
import { COMPONENT_LABELS as ENGINE_COMPONENT_LABELS } from '../../server/domain/rob.ts';
import type { Objective } from '../../server/domain/snapshot.ts';
import {
  applyChange,
  beforeYouPitchModel,
  classifyContactView,
  classifySuccessView,
  companyCardModel,
  companyRecordUrl,
  COMPONENT_LABELS,
  conflictModel,
  contactCardModel,
  daysUntil,
  draftFrom,
  emptyDraft,
  errorModel,
  formatHours,
  formatMoney,
  formatPercent,
  formatSigned,
  fromDateParts,
  previewRows,
  rankPlanObjectives,
  relativeTime,
  salesVerdict,
  settingsBody,
  settingsFormFrom,
  settingsFormModel,
  settingsPreviewBody,
  toDateParts,
  toPercentages,
  validateDraft,
  validateSettings,
  VERDICT_RULES,
  WORDING,
  type AccountResult,
  type ApiErrorKind,
  type SettingsForm,
} from '../../cards/model/index.ts';
import { fixtures } from '../fixtures/api/fixtures.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (iso: string, plusMs = 0) => Date.parse(iso) + plusMs;

describe('formatting', () => {
  it('writes money in its currency and locale, and survives a bad currency code', () => {
    expect(formatMoney(4380.4, 'USD')).toBe('$4,380');
    expect(formatMoney(1200, 'EUR', 'de-DE')).toBe('1.200\u00a0€');
    expect(formatMoney(1200, 'XX')).toBe('1,200 XX');
  });

  it('signs with a real minus, rounds, and never says −0', () => {
    expect(formatSigned(5.24)).toBe('+5.2');
    expect(formatSigned(-22.8)).toBe('\u221222.8');
    expect(formatSigned(-0.04)).toBe('0');
  });

  it('writes percentages and hours', () => {
    expect(formatPercent(0.923)).toBe('92%');
    expect(formatHours(12.54)).toBe('12.5 hours');
    expect(formatHours(1)).toBe('1 hour');
  });

  it('says when, relative to the now it is given', () => {
    const now = at('2026-11-01T12:00:00Z');
    expect(relativeTime('2026-11-01T11:59:30Z', now, 'just now')).toBe('just now');
    expect(relativeTime('2026-11-01T11:40:00Z', now, 'just now')).toBe('20 minutes ago');
    expect(relativeTime('2026-11-01T09:00:00Z', now, 'just now')).toBe('3 hours ago');
    expect(relativeTime('2026-10-31T10:00:00Z', now, 'just now')).toBe('yesterday');
    expect(relativeTime('2026-11-03T12:00:00Z', now, 'just now')).toBe('in 2 days');
    expect(relativeTime('2026-08-01T12:00:00Z', now, 'just now')).toBe('3 months ago');
    expect(relativeTime('2026-11-01T09:00:00Z', now, 'gerade eben', 'de-DE')).toBe('vor 3 Stunden');
    expect(daysUntil('2027-04-10', at('2026-11-01T23:00:00Z'))).toBe(160);
  });
});

describe('company card model', () => {
  const view = fixtures.companyAtRisk();
  const now = at(view.computedAt, 3 * HOUR);
  const model = companyCardModel(view, now);

  it('shows the score with its trend, and when it was computed', () => {
    expect(model.companyName).toBe(view.company.name);
    expect(model.score).toMatchObject({ label: 'ROB score', value: view.result.rob.score, unit: 'points', display: String(Math.round(view.result.rob.score!)), tone: 'danger' });
    expect(model.trend).toMatchObject({ direction: 'decrease', tone: 'danger', short: formatSigned(view.result.rob.trend30d!) });
    expect(model.trend!.display).toBe(`${formatSigned(view.result.rob.trend30d!)} points in 30 days`);
    expect(model.computed.text).toBe('Computed 3 hours ago');
    expect(model.computed.pendingWrite).toBeNull();
    expect(model.insufficient).toBeNull();
  });

  it('lists every component with its points, weight and reason; the points add up to the score', () => {
    expect(model.components.rows.map((r) => r.key)).toEqual(view.result.rob.components.map((c) => c.key));
    expect(model.components.rows.map((r) => r.reason)).toEqual(view.result.rob.components.map((c) => c.reason));
    expect(model.components.rows.find((r) => r.key === 'usage')!.weight).toBe('30%');
    const sum = model.components.rows.reduce((s, r) => s + Number(r.points), 0);
    expect(Math.abs(sum - view.result.rob.score!)).toBeLessThan(0.5);
  });

  it('gives value delivered in hours and money, in the result currency', () => {
    const [hours, money] = model.value.figures;
    expect(hours).toMatchObject({ unit: 'hours', value: view.result.savings.hoursSaved });
    expect(money).toMatchObject({ unit: 'money', currency: view.result.savings.currency, display: formatMoney(view.result.savings.moneySaved, view.result.savings.currency) });
    expect(model.value.note).toContain(`${view.result.savings.ticketsActual} tickets filed`);
  });

  it('states renewal risk with probability, days to renewal from now, and the notes with evidence', () => {
    expect(model.risk.level).toEqual({ text: 'High risk', tone: 'danger' });
    expect(model.risk.probability.display).toBe(formatPercent(view.result.risk.renewalProbability!));
    expect(model.risk.renewal).toBe(`Renews in ${daysUntil(view.company.renewalDate!, now)} days (Dec 3, 2026).`);
    const notes = view.result.risk.notes.filter((n) => n.factor !== 'days_to_renewal');
    expect(model.risk.notes.map((n) => n.text)).toEqual(notes.map((n) => n.text));
    expect(model.risk.notes.every((n, i) => (notes[i]!.effect < 0 ? n.tone === 'danger' || n.tone === 'warning' : true))).toBe(true);
  });

  it('shows a probability the model pins at 0 or 1 as below 1% / above 99%, never 0% or 100%', () => {
    const pinned = (p: number) => { const v = structuredClone(view); v.result.risk.renewalProbability = p; return v; };
    expect(companyCardModel(pinned(0), now).risk.probability).toMatchObject({ value: 0, display: 'below 1%' });
    expect(companyCardModel(pinned(0.004), now).risk.probability.display).toBe('below 1%');
    expect(companyCardModel(pinned(0.006), now).risk.probability.display).toBe('1%');
    expect(companyCardModel(pinned(1), now).risk.probability.display).toBe('above 99%');
    expect(salesVerdict(pinned(0).result).reasons).toContain('Renewal risk is high: below 1% chance of renewing.');
  });

  it('ranks the stored plan by opportunity, with show-stoppers and the next best step and why', () => {
    const expected = rankObjectives(view.plan.objectives, now).map((o) => o.id);
    expect(model.plan.objectives.map((o) => o.id)).toEqual(expected);
    const first = model.plan.objectives[0]!;
    expect(first.opportunity.display).toMatch(/ \/ 20$/);
    // When the plan was saved is stamped by the database's clock at recording, not the sidecar's.
    expect(companyCardModel(view, at(view.plan.updatedAt!, 2 * DAY)).plan.versionText).toBe('Version 3, saved by dana.csm@example.com 2 days ago.');
    expect(model.plan.showStoppers).toHaveLength(view.result.plan.showStoppers.length);
    expect(model.plan.showStoppers[0]!.kind).toEqual({ text: 'Severe ticket open', tone: 'danger' });
    const step = view.result.plan.nextBestStep!;
    expect(model.plan.nextStep).toMatchObject({ action: step.action, why: step.why });
    expect(model.plan.nextStep!.gain).toBe(`Expected gain: ${formatSigned(step.expectedGain)} ROB points and ${formatSigned(Math.round(step.renewalProbabilityGain * 100), 0)} percentage points on the chance of renewing.`);
    expect(model.plan.nextStep!.effort).toBe(`Effort: ${step.effortText}`); // the engine's own words for the effort
  });

  it('marks overdue objectives against now, not against when the score was computed', () => {
    const dueSoon = view.plan.objectives.find((o) => o.dueDate)!;
    const later = companyCardModel(view, at(dueSoon.dueDate!, 2 * DAY));
    const row = later.plan.objectives.find((o) => o.id === dueSoon.id)!;
    expect(row.overdue).toBe(true);
    expect(row.due).toMatch(/^Overdue since /);
    expect(model.plan.objectives.find((o) => o.id === dueSoon.id)!.overdue).toBe(false);
  });

  it('turns the history into two chart series, oldest first', () => {
    const scores = model.history.points.filter((p) => p.series === 'ROB score');
    const probabilities = model.history.points.filter((p) => p.series === 'Chance of renewing (%)');
    expect(scores).toHaveLength(view.history.filter((h) => h.robScore !== null && !h.reconstructed).length);
    // The months before the first sync, reconstructed on the first compute, are their own series;
    // a month with a real point (October) shows that one only.
    const rebuilt = model.history.points.filter((p) => p.series === 'ROB score (reconstructed)');
    expect(rebuilt.map((p) => p.date)).toEqual(view.history.filter((h) => h.reconstructed && h.asOf < '2026-10').map((h) => h.asOf.slice(0, 10)));
    expect(rebuilt).toHaveLength(11);
    expect(probabilities.every((p) => p.value >= 0 && p.value <= 100)).toBe(true);
    expect([...scores].sort((a, b) => a.date.localeCompare(b.date))).toEqual(scores);
    expect(scores.at(-1)!.value).toBe(view.result.rob.score);
    expect(model.history.empty).toBeNull();
  });

  it('says what to do when there is not enough data', () => {
    const thin = fixtures.companyInsufficient();
    const m = companyCardModel(thin, now);
    expect(m.insufficient).toEqual({ title: WORDING.states.insufficientTitle, reason: thin.result.statusReason, whatToDo: `What to do: ${thin.result.plan.nextBestStep!.action}` });
    expect(m.score.display).toBe('\u2014');
    expect(m.risk.level.text).toBe('Not assessed');
  });

  it('classifies payloads into the card states', () => {
    expect(classifySuccessView(fixtures.companyComputing())).toEqual({ kind: 'computing', retryAfterMs: 2000 });
    expect(classifySuccessView(fixtures.companyInsufficient()).kind).toBe('insufficient');
    expect(classifySuccessView(view).kind).toBe('ready');
  });
});

describe('ranking objectives', () => {
  const objective = fc.record({
    id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
    statement: fc.constant('Minimise something'),
    importance: fc.integer({ min: 0, max: 10 }),
    satisfaction: fc.integer({ min: 0, max: 10 }),
    dueDate: fc.option(fc.constantFrom('2026-10-01', '2026-11-15', '2027-01-01'), { nil: null }),
    status: fc.constantFrom('open', 'at_risk', 'achieved', 'dropped'),
  });

  it('orders exactly like the engine does', () => {
    fc.assert(
      fc.property(fc.uniqueArray(objective, { selector: (o) => o.id, maxLength: 6 }), (list) => {
        const now = at('2026-11-01T00:00:00Z');
        const objectives = list as Objective[];
        expect(rankPlanObjectives(objectives, now).map((r) => [r.objective.id, r.opportunity, r.overdue])).toEqual(
          rankObjectives(objectives, now).map((r) => [r.id, r.opportunity, r.overdue]),
        );
      }),
      { numRuns: 300 },
    );
  });
});

describe('sales verdict ("Before you pitch")', () => {
  it('gives each recorded account the verdict its data calls for, with reasons', () => {
    const good = salesVerdict(fixtures.companyGood().result);
    expect(good.kind).toBe('good_moment');
    expect(good.reasons).toContain('No open show-stoppers.');
    expect(good.reasons[0]).toMatch(/^Renewal risk is low: \d+% chance of renewing\.$/);

    const resolve = salesVerdict(fixtures.companyResolveFirst().result);
    expect(resolve.kind).toBe('resolve_first');
    expect(resolve.reasons[0]).toMatch(/^1 open show-stopper: /);

    const risky = fixtures.companyAtRisk().result;
    const atRisk = salesVerdict(risky);
    expect(atRisk.kind).toBe('at_risk');
    expect(atRisk.reasons[0]).toBe(`Renewal risk is high: ${formatPercent(risky.risk.renewalProbability!)} chance of renewing.`);
    expect(atRisk.reasons.some((r) => r.startsWith('2 open show-stoppers: '))).toBe(true);

    expect(salesVerdict(fixtures.companyInsufficient().result).kind).toBe('unknown');
  });

  const base = fixtures.companyGood().result;
  const variant = (score: number, trend: number | null, level: 'low' | 'medium' | 'high', stoppers = 0): AccountResult => ({
    ...base,
    rob: { ...base.rob, score, trend30d: trend },
    risk: { ...base.risk, level, renewalProbability: level === 'low' ? 0.9 : level === 'medium' ? 0.7 : 0.4 },
    plan: { ...base.plan, showStoppers: fixtures.companyAtRisk().result.plan.showStoppers.slice(0, stoppers) },
  });

  it('calls an account whose customer asked to cancel or buy less at risk, whatever its score', () => {
    const ask = { id: 'ask:t-9', kind: 'contraction_ask' as const, title: 'Customer asked to cancel or buy less: Renewal', reason: 'On 2026-10-20 the customer wrote in ticket t-9: “We will not be renewing.”', evidence: ['t-9'] };
    const healthy = variant(80, 3, 'low');
    const verdict = salesVerdict({ ...healthy, plan: { ...healthy.plan, showStoppers: [ask] } });
    expect(verdict.kind).toBe('at_risk');
    expect(verdict.reasons[0]).toBe('The customer asked to cancel or buy less: talk about keeping them, not about expanding. On 2026-10-20 the customer wrote in ticket t-9: “We will not be renewing.”');
    expect(verdict.reasons).toContain('1 open show-stopper: Customer asked to cancel or buy less: Renewal.');
  });

  it('follows the documented rules at their edges', () => {
    expect(salesVerdict(variant(70, 2, 'low')).kind).toBe('good_moment');
    expect(salesVerdict(variant(70, 2, 'medium')).kind).toBe('resolve_first');
    expect(salesVerdict(variant(70, 2, 'high')).kind).toBe('at_risk');
    expect(salesVerdict(variant(70, 2, 'low', 1)).kind).toBe('resolve_first');
    expect(salesVerdict(variant(70, VERDICT_RULES.fallingTrend, 'low')).reasons).toEqual([`Value realised is falling: ${formatSigned(VERDICT_RULES.fallingTrend)} points in 30 days.`]);
    expect(salesVerdict(variant(70, VERDICT_RULES.fallingTrend + 0.1, 'low')).kind).toBe('good_moment');
    expect(salesVerdict(variant(VERDICT_RULES.lowRob - 1, 0, 'low')).reasons).toEqual([`Value realised is still low: ROB ${VERDICT_RULES.lowRob - 1} of 100.`]);
    expect(salesVerdict(variant(VERDICT_RULES.lowRob, 0, 'low')).kind).toBe('good_moment');
    const lowAndFalling = salesVerdict(variant(VERDICT_RULES.criticalRob - 5, -12, 'low'));
    expect(lowAndFalling).toEqual({ kind: 'at_risk', reasons: ['Value realised is low and falling: ROB 35, \u221212 points in 30 days.'] });
    expect(salesVerdict(variant(VERDICT_RULES.criticalRob - 5, -5, 'low')).kind).toBe('resolve_first');
  });

  it('builds the sidebar: verdict, value delivered, objectives achieved, open show-stoppers', () => {
    const view = fixtures.companyResolveFirst();
    const m = beforeYouPitchModel(view, at(view.computedAt, HOUR));
    expect(m.verdict).toMatchObject({ kind: 'resolve_first', title: 'Resolve first', tone: 'warning' });
    expect(m.value.figures.map((f) => f.unit)).toEqual(['hours', 'money']);
    const counted = view.plan.objectives.filter((o) => o.status !== 'dropped');
    const achieved = counted.filter((o) => o.status === 'achieved');
    expect(m.objectives.summary).toBe(`${achieved.length} of ${counted.length} objectives achieved`);
    expect(m.showStoppers.rows.map((r) => r.title)).toEqual(view.result.plan.showStoppers.map((s) => s.title));
    expect(m.computed).toBe('Computed 1 hour ago');
  });
});

describe('contact sidebar model', () => {
  it('shows the role, status, open tickets oldest first, and the company at a glance with a link', () => {
    const view = fixtures.contactChampion();
    const now = at('2026-11-01T12:00:00Z');
    const m = contactCardModel(view, now);
    expect(m.role).toEqual({ text: 'Champion', tone: 'success' });
    expect(m.isChampion).toBe(true);
    expect(m.status).toEqual({ text: 'Active', tone: 'success' });
    expect(m.lastEngaged).toBe(`Last engaged ${relativeTime(view.contact.lastEngagedAt!, now, 'just now')}`);
    expect(m.tickets.rows.map((t) => t.id)).toEqual([...view.contact.openTickets].sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map((t) => t.id));
    expect(m.tickets.rows[0]!.tag).toEqual({ text: 'Medium bug', tone: 'default' });
    expect(m.tickets.rows[0]!.opened).toBe('opened 10 months ago');
    expect(m.tickets.rows.at(-1)!.tag).toEqual({ text: 'Urgent ticket', tone: 'danger' });
    expect(m.tickets.rows.at(-1)!.opened).toBe('opened 16 hours ago');
    const company = view.company!;
    if (company.state !== 'ready') throw new Error('expected a ready company');
    expect(m.company).toMatchObject({ name: company.company.name, message: null, risk: { text: 'High risk', tone: 'danger' }, showStoppers: '2 open show-stoppers' });
    expect(m.companyLink).toEqual({ href: `https://app.hubspot.com/contacts/${view.portalId}/record/0-2/${view.companyId}`, text: "Open the company's Customer success tab" });
    expect(classifyContactView(view).kind).toBe('ready');
  });

  it('says so when the contact has no company, and polls while the company is computing', () => {
    const lone = contactCardModel(fixtures.contactNoCompany(), Date.now());
    expect(lone.company).toBeNull();
    expect(lone.companyLink).toBeNull();
    expect(lone.tickets.rows).toEqual([]);
    const computing = { ...fixtures.contactChampion(), company: fixtures.companyComputing() };
    expect(classifyContactView(computing)).toEqual({ kind: 'computing', retryAfterMs: 2000 });
    expect(contactCardModel(computing, Date.now()).company!.message).toBe("The company's results are being computed.");
    expect(companyRecordUrl('1', '2', 'app-eu1.hubspot.com')).toBe('https://app-eu1.hubspot.com/contacts/1/record/0-2/2');
  });
});

describe('editing objectives', () => {
  const view = fixtures.companyAtRisk();
  const target = view.plan.objectives[1]!;

  it('validates a draft and says what is wrong', () => {
    expect(validateDraft({ ...emptyDraft(), statement: 'Minimise onboarding time' }).ok).toBe(true);
    const bad = validateDraft({ ...emptyDraft(), statement: '  ', importance: 11, satisfaction: null, dueDate: '2026-02-30' });
    expect(bad.ok).toBe(false);
    expect(bad.errors).toEqual({
      statement: 'Describe the outcome the customer wants.',
      importance: 'Importance must be a number from 0 to 10.',
      satisfaction: 'Satisfaction today must be a number from 0 to 10.',
      dueDate: 'Use a valid date.',
    });
  });

  it('round-trips dates through the date picker (months from 0)', () => {
    expect(toDateParts('2027-01-06')).toEqual({ year: 2027, month: 0, date: 6 });
    expect(fromDateParts({ year: 2027, month: 0, date: 6 })).toBe('2027-01-06');
    expect(fromDateParts(null)).toBeNull();
    expect(toDateParts('nope')).toBeUndefined();
  });

  it('sends the whole list against the edited version, in a body the contract accepts', () => {
    const add = applyChange(view.plan, { kind: 'add', draft: { ...emptyDraft(), statement: 'Maximise weekly active agents', importance: 8, satisfaction: 3 } });
    const edit = applyChange(view.plan, { kind: 'edit', id: target.id, draft: { ...draftFrom(target), satisfaction: 9, metric: '  ' } });
    const achieve = applyChange(view.plan, { kind: 'achieve', id: target.id });
    for (const r of [add, edit, achieve]) {
      if (!r.ok) throw new Error('expected a body');
      expect(ObjectivesBody.parse(r.body)).toBeTruthy();
      expect(r.body.expectedVersion).toBe(view.plan.version);
    }
    if (!add.ok || !edit.ok || !achieve.ok) throw new Error('unreachable');
    expect(add.body.objectives).toHaveLength(view.plan.objectives.length + 1);
    expect(add.body.objectives.at(-1)).not.toHaveProperty('id');
    expect(edit.body.objectives[1]).toMatchObject({ id: target.id, satisfaction: 9 });
    expect(edit.body.objectives[1]).not.toHaveProperty('metric');
    expect(edit.body.objectives[0]).toEqual(expect.objectContaining({ id: view.plan.objectives[0]!.id, statement: view.plan.objectives[0]!.statement }));
    expect(achieve.body.objectives[1]!.status).toBe('achieved');
    expect(applyChange(view.plan, { kind: 'achieve', id: 'gone' })).toMatchObject({ ok: false, reason: 'missing' });
  });

  it('on a conflict shows their version and re-applies my change on top of it', () => {
    const conflict = fixtures.objectivesConflictAtRisk();
    const now = at(conflict.current.updatedAt!, 2 * 60_000);
    const mine = { kind: 'edit' as const, id: target.id, draft: { ...draftFrom(target), status: 'at_risk' as const } };
    const m = conflictModel(conflict, mine, now);
    expect(m.text).toBe('Version 4 was saved by sam.csm@example.com 2 minutes ago while you were editing. Your change was not saved. Their version is shown below.');
    expect(m.rows.map((r) => r.id).sort()).toEqual(conflict.current.objectives.map((o) => o.id).sort());
    if (!m.reapply.ok) throw new Error('expected a re-apply body');
    expect(m.reapply.body.expectedVersion).toBe(4);
    expect(m.reapply.body.objectives).toHaveLength(conflict.current.objectives.length);
    expect(m.reapply.body.objectives[0]!.satisfaction).toBe(conflict.current.objectives[0]!.satisfaction); // theirs kept
    expect(m.reapply.body.objectives[1]).toMatchObject({ id: target.id, status: 'at_risk' }); // mine on top
    const removed = { ...conflict, current: { ...conflict.current, objectives: conflict.current.objectives.filter((o) => o.id !== target.id) } };
    expect(conflictModel(removed, mine, now).reapply).toMatchObject({ ok: false, message: WORDING.objectives.cannotReapply });
  });
});

describe('settings form', () => {
  const view = fixtures.settings();

  it('starts from the engine and mapping defaults GET …/settings sends, where nothing is overridden', () => {
    // The sidecar sends its own defaults with the settings: the cards keep no copy of them.
    expect(view.defaults.engine).toEqual(JSON.parse(JSON.stringify(DEFAULT_ENGINE_CONFIG)));
    expect(view.defaults.mapping).toEqual(JSON.parse(JSON.stringify(DEFAULT_HUBSPOT_MAPPING)));
    const blank = settingsFormFrom({ ...view, engine: {}, mapping: {} });
    expect(blank.weights).toEqual(toPercentages(DEFAULT_ENGINE_CONFIG.componentWeights));
    expect(blank.costPerSupportHour).toBe(DEFAULT_ENGINE_CONFIG.costPerSupportHour);
    expect(blank.currency).toBe(DEFAULT_ENGINE_CONFIG.currency);
    expect(blank.activeUsers).toBe(DEFAULT_HUBSPOT_MAPPING.company.activeUsers);
    expect(blank.licensedSeats).toBe(DEFAULT_HUBSPOT_MAPPING.company.licensedSeats);
    expect(blank.renewalDealTypes).toBe(DEFAULT_HUBSPOT_MAPPING.renewalDealTypes.join(', '));
    // Other defaults (another sidecar's) are what the form starts from.
    const other = settingsFormFrom({ ...view, engine: {}, mapping: {}, defaults: { engine: { ...view.defaults.engine, costPerSupportHour: 99, currency: 'CHF' }, mapping: { ...view.defaults.mapping, renewalDealTypes: ['renewal'] } } });
    expect([other.costPerSupportHour, other.currency, other.renewalDealTypes]).toEqual([99, 'CHF', 'renewal']);
    expect(COMPONENT_LABELS).toEqual(ENGINE_COMPONENT_LABELS);
  });

  it('shows relative weights as percentages that add up to exactly 100', () => {
    const form = settingsFormFrom(view);
    // usage 40 and sentiment 5 overridden, the rest default: 40 + 25 + 5 + 20 + 15 = 105.
    expect(form.weights).toEqual({ usage: 38.1, ticketBurden: 23.8, sentiment: 4.8, resolution: 19, supportTimeSaved: 14.3 });
    expect(form).toMatchObject({ costPerSupportHour: 85, currency: 'EUR', activeUsers: 'weekly_active_users', licensedSeats: 'licensed_seats', renewalDealTypes: 'existingbusiness, renewal' });
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 5, maxLength: 5 }), ([a, b, c, d, e]) => {
        const p = toPercentages({ usage: a!, ticketBurden: b!, sentiment: c!, resolution: d!, supportTimeSaved: e! });
        expect(Math.round(Object.values(p).reduce((s, v) => s + v, 0) * 10)).toBe(1000);
      }),
    );
    expect(validateSettings(form).ok).toBe(true);
  });

  it('rejects weights that do not add up to 100 %, negative costs, bad currencies and property names', () => {
    const good = settingsFormFrom(view);
    const bad: SettingsForm = {
      ...good,
      weights: { ...good.weights, usage: 33.1, resolution: null },
      costPerSupportHour: -1,
      currency: 'EURO',
      activeUsers: 'Active Users',
      renewalDealTypes: ' , ',
    };
    const v = validateSettings(bad);
    expect(v.ok).toBe(false);
    expect(v.errors).toEqual({
      'weight.resolution': 'Resolution: enter a percentage from 0 to 100.',
      weights: 'Component weights must add up to 100 % (now 76 %).',
      costPerSupportHour: 'Cost per support hour must be a number of 0 or more.',
      currency: 'Currency must be a three-letter ISO 4217 code, such as USD or EUR.',
      activeUsers: 'Active users property must be a HubSpot internal property name: lower-case letters, digits and underscores.',
      renewalDealTypes: 'Give at least one deal type that marks a renewal, such as existingbusiness.',
    });
    const m = settingsFormModel(bad);
    expect(m.canSave).toBe(false);
    expect(m.weights.total).toBe('Total: 76 %');
    expect(m.weights.fields.find((f) => f.field === 'weight.resolution')!.error).toBe(v.errors['weight.resolution']);
    expect(validateSettings({ ...good, currency: 'gbp' }).ok).toBe(true);
  });

  it('saves the form on top of every other override, in bodies the sidecar accepts', () => {
    const withExtra = { ...view, engine: { ...view.engine, handlingMinutes: { outage: 300 } } };
    const form = { ...settingsFormFrom(withExtra), currency: 'gbp', renewalDealTypes: 'renewal' };
    const body = settingsBody(form, withExtra);
    expect(SettingsBody.parse(body)).toBeTruthy();
    expect(body.expectedVersion).toBe(view.version);
    const engine = EngineConfig.parse(body.engine);
    expect(engine.currency).toBe('GBP');
    expect(engine.handlingMinutes.outage).toBe(300);
    const mapping = HubSpotMapping.parse(body.mapping);
    expect(mapping.company.activeUsers).toBe('weekly_active_users');
    expect(mapping.renewalDealTypes).toEqual(['renewal']);
    expect(SettingsPreviewBody.parse(settingsPreviewBody(form, withExtra, ['5100000']))).toMatchObject({ companyIds: ['5100000'] });
  });

  it('turns a preview into before → after rows', () => {
    const preview = fixtures.settingsPreview();
    const rows = previewRows(preview);
    expect(rows).toHaveLength(preview.accounts.length);
    const a = preview.accounts[2]!;
    expect(rows[2]).toMatchObject({ name: a.name, rob: { text: `${Math.round(a.before.robScore!)} → ${Math.round(a.after.robScore!)}`, tone: 'warning' } });
    expect(rows[2]!.risk.text).toBe('High risk → High risk');
  });
});

describe('errors', () => {
  it('tells the user what to do for every kind of failure', () => {
    const kinds = Object.keys(WORDING.errors) as ApiErrorKind[];
    for (const kind of kinds) {
      const m = errorModel({ kind, status: null, serverMessage: 'objectives.0.statement: too long' });
      expect(m.title.length).toBeGreaterThan(5);
      expect(m.whatToDo.length).toBeGreaterThan(10);
    }
    expect(errorModel({ kind: 'rejected', status: 400, serverMessage: 'bad weight' }).detail).toBe('bad weight');
    expect(errorModel({ kind: 'unauthorized', status: 401, serverMessage: null }).canRetry).toBe(false);
    expect(errorModel({ kind: 'server', status: 503, serverMessage: null }).canRetry).toBe(true);
  });
});
