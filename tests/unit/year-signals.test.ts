// The year signals are read as of a moment: nothing dated later changes them, their windows never
// reach before the account's data begins, and an open complaint never reads better by ageing.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { assess, weighsYearSignals } from '../../server/domain/assess.ts';
import { DEFAULT_ENGINE_CONFIG } from '../../server/domain/engine-config.ts';
import { prepareAccount } from '../../server/domain/prepare.ts';
import { CANDIDATE_FACTORS, GLOBAL_RISK_MODEL } from '../../server/domain/risk-model.ts';
import { assessRisk, riskFactorValues, type RiskInputs } from '../../server/domain/risk.ts';
import { AccountSnapshot, type AccountSnapshotInput } from '../../server/domain/snapshot.ts';
import { yearSignals } from '../../server/domain/year-signals.ts';
import { ticket } from '../helpers/archetypes.ts';
import { AS_OF, DAY, daysAgo, keywordSentiment } from '../helpers/snapshots.ts';

const AT = Date.parse(AS_OF);
const day = (d: number) => daysAgo(d).slice(0, 10);

/** Hours from creation to the first agent reply, by ticket: the open outage has none yet. */
const AGENT_REPLY_HOURS: Readonly<Record<string, number>> = { old: 1, 'b-1': 2, 'h-1': 30, 'w-1': 60 * 24 };
const agentReply = (createdAt: string, hours: number) => ({ at: new Date(Date.parse(createdAt) + hours * 3_600_000).toISOString(), from: 'agent' as const, text: 'Looking into it.' });

/** Two years of monthly usage falling from 60 to 36, tickets, touches and a departure, all dated. */
function account(): AccountSnapshotInput {
  return {
    asOf: AS_OF,
    account: { id: 'y', name: 'Year Co', crm: 'sandbox', licensedSeats: 80, renewalDate: day(-60), customerSince: day(800) },
    usage: {
      activeUsers: 36,
      history: Array.from({ length: 24 }, (_, m) => ({ date: day(720 - 30 * m), activeUsers: 60 - m })),
      // Each active user logged in 12 times a month until a year ago, 9 since.
      loginHistory: Array.from({ length: 24 }, (_, m) => ({ date: day(720 - 30 * m), logins30d: (60 - m) * (m < 12 ? 12 : 9) })),
    },
    tickets: [
      ticket('old', { daysAgo: 500, closedAfterDays: 2, type: 'bug', priority: 'high', texts: ['Great, works'] }),
      ticket('b-1', { daysAgo: 300, closedAfterDays: 3, type: 'bug', priority: 'urgent', texts: ['Still broken'] }),
      ticket('h-1', { daysAgo: 200, closedAfterDays: 1, type: 'how_to', priority: 'low', texts: ['Thanks'] }),
      ticket('w-1', { daysAgo: 160, closedAfterDays: 70, type: 'how_to', priority: 'low' }),
      ticket('o-1', { daysAgo: 20, type: 'outage', priority: 'urgent', texts: ['Still broken'] }),
    ].map((t) => ({ ...t, messages: [...t.messages!, ...(AGENT_REPLY_HOURS[t.id] === undefined ? [] : [agentReply(t.createdAt, AGENT_REPLY_HOURS[t.id]!)])] })),
    contacts: [
      { id: 'c-1', role: 'champion', active: true, since: daysAgo(800) },
      { id: 'c-2', role: 'user', active: false, since: daysAgo(800), leftAt: daysAgo(100) },
      { id: 'c-3', role: 'user', active: false, since: daysAgo(800), leftAt: daysAgo(500) },
      { id: 'c-4', role: 'user', active: false },
      { id: 'x-0', role: 'executive', active: true, since: daysAgo(800) },
    ],
    // Emails, one naming the champion: the CRM records who took part, the sponsor never met.
    engagements: [300, 250, 200, 120, 40].map((d) => ({ at: daysAgo(d), kind: 'email' as const, ...(d === 120 ? { contactIds: ['c-1'] } : {}) })),
  };
}

/** Prepared as the backtest prepares: the year's messages scored whatever the model weighs. */
const prepared = (input: AccountSnapshotInput) => prepareAccount(AccountSnapshot.parse(input), DEFAULT_ENGINE_CONFIG, keywordSentiment, { readYear: true });

describe('yearSignals', () => {
  it('reads the year as of its moment', () => {
    const y = yearSignals(prepared(account()), AT);
    expect(y.usersAverage).toBeGreaterThan(36);
    expect(y.usersAverage).toBeLessThan(40);
    expect(y.usersAverageYearAgo).toBeGreaterThan(y.usersAverage! + 8);
    expect(y.usageSlope!.perYear).toBeCloseTo(Math.log(37 / 49), 1); // 48 → 36 users over the year's counts
    // Tickets created in the year or still open: the urgent bug, the two how-tos and the open outage.
    expect(y.tickets).toMatchObject({ count: 4, severe: 2, days: 365 });
    expect(y.contactsLeft).toBe(1); // the one who left 100 days ago; not 500 days ago, not undated
    expect(y.touches).toEqual({ count: 5, days: 365 });
    expect(y.touchTrend).toEqual({ recent: 2, earlier: 3 });
    expect(y.lastTouchMs).toBe(AT - 40 * DAY);
    expect(y.sentiment!.messages).toBe(3);
    expect(y.tenureDays).toBe(800);
  });

  it('never changes when facts dated after its moment are added (no leakage)', () => {
    const input = account();
    const at = AT - 150 * DAY;
    const before = yearSignals(prepared(input), at);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 140 }), fc.integer({ min: 0, max: 500 }), (after, users) => {
        const later = daysAgo(150 - after);
        const changed = structuredClone(input);
        changed.usage!.history!.push({ date: later.slice(0, 10), activeUsers: users });
        changed.tickets!.push(ticket('late', { daysAgo: 150 - after, type: 'outage', priority: 'urgent', texts: ['Still broken, we will not renew'] }));
        changed.engagements!.push({ at: later, kind: 'meeting' });
        changed.contacts!.push({ id: 'late-leaver', role: 'executive', active: false, since: daysAgo(800), leftAt: later });
        expect(yearSignals(prepared(changed), at)).toEqual(before);
      }),
      { numRuns: 30 },
    );
    // …and the test can fail: the same facts dated before the moment do change it.
    const earlier = structuredClone(input);
    earlier.contacts!.push({ id: 'early-leaver', role: 'executive', active: false, since: daysAgo(800), leftAt: daysAgo(160) });
    expect(yearSignals(prepared(earlier), at).contactsLeft).toBe(before.contactsLeft + 1);
  });

  it('never reaches before the data begins, and reads counts per day of what it covers', () => {
    const input = account();
    input.usage!.history = input.usage!.history!.filter((p) => Date.parse(p.date) >= AT - 200 * DAY);
    const y = yearSignals(prepared(input), AT);
    expect(y.touches!.days).toBeCloseTo(y.tickets!.days, 6);
    expect(y.touches!.days).toBeLessThanOrEqual(200);
    expect(y.touches!.count).toBe(2); // the touches 200 days ago and older are before the data begins
    expect(y.usersAverageYearAgo).toBeNull();
    expect(y.touchTrend).toBeNull();
    // A younger record reads a rate, not a smaller count: touches_year is per year.
    const x = riskFactorValues({ ...riskInputs(), yearSignals: y });
    expect(x.touches_year).toBeCloseTo(Math.log2(1 + (2 * 365) / y.touches!.days), 6);
  });

  it('keeps the messages of a ticket still open however old, so an open complaint never reads better by ageing', () => {
    const input = account();
    input.tickets = [ticket('open', { daysAgo: 400, type: 'bug', priority: 'high', texts: ['Still broken'] })];
    const open = yearSignals(prepared(input), AT);
    expect(open.sentiment).toMatchObject({ messages: 1 });
    expect(open.sentiment!.mean).toBeLessThan(0);
    input.tickets = [ticket('closed', { daysAgo: 400, closedAfterDays: 5, type: 'bug', priority: 'high', texts: ['Still broken'] })];
    expect(yearSignals(prepared(input), AT).sentiment).toBeNull();
  });

  it('gives every candidate factor a value, a sentence and a global coefficient of 0', () => {
    const asked = account();
    asked.tickets!.push({ ...ticket('ask', { daysAgo: 30, closedAfterDays: 1, type: 'billing', priority: 'low' }), subject: 'Please cancel our subscription', messages: [] });
    asked.renewals = [{ id: 'r-1', closeDate: day(300), outcome: 'lost' }];
    asked.contacts = asked.contacts!.map((c) => (c.id === 'c-1' ? { ...c, since: daysAgo(100) } : c)); // a champion new in the role
    const inputs: RiskInputs = { ...riskInputs(), yearSignals: yearSignals(prepared(asked), AT), seats: 80 };
    const x = riskFactorValues(inputs);
    // A slow start is read only before the customer's first renewal closes, so not on this account
    // (it lost one): on the same account as a customer of 200 days with nothing closed yet.
    const firstTerm = { ...asked, account: { ...asked.account, customerSince: day(200) }, renewals: [] };
    const xFirstTerm = riskFactorValues({ ...inputs, yearSignals: yearSignals(prepared(firstTerm), AT) });
    for (const f of CANDIDATE_FACTORS) {
      expect(GLOBAL_RISK_MODEL.coefficients[f]).toBe(0);
      expect(f === 'onboarding_ramp' ? xFirstTerm[f] : x[f]).toEqual(expect.any(Number));
    }
    // Under the global model they say nothing; a model that weighs them explains each in words.
    expect(assessRisk(inputs).notes.some((n) => (CANDIDATE_FACTORS as readonly string[]).includes(n.factor))).toBe(false);
    const weighing = { ...GLOBAL_RISK_MODEL, version: 'w', coefficients: { ...GLOBAL_RISK_MODEL.coefficients, ...Object.fromEntries(CANDIDATE_FACTORS.map((f) => [f, 0.5])) } };
    const notes = assessRisk(inputs, weighing).notes.filter((n) => (CANDIDATE_FACTORS as readonly string[]).includes(n.factor));
    expect(notes.map((n) => n.factor).sort()).toEqual(CANDIDATE_FACTORS.filter((f) => f !== 'onboarding_ramp').sort());
    for (const n of notes) expect(n.text).toMatch(/^[A-Z0-9].*\.$/);
    expect(notes.find((n) => n.factor === 'contacts_left_year')!.text).toBe('1 contact left the customer in the last 365 days.');
    // The engine reads them only for a model that weighs one (the backtest always does).
    expect(weighsYearSignals(GLOBAL_RISK_MODEL)).toBe(false);
    expect(weighsYearSignals(weighing)).toBe(true);
    const config = { ...DEFAULT_ENGINE_CONFIG, riskModel: weighing };
    expect(assess(prepared(account()), DEFAULT_ENGINE_CONFIG, AT, null, false).riskInputs!.yearSignals).toBeUndefined();
    const asEngine = prepareAccount(AccountSnapshot.parse(account()), config, keywordSentiment);
    expect(assess(asEngine, config, AT, null, false).riskInputs!.yearSignals).toEqual(yearSignals(prepared(account()), AT));
  });

  it("scores a closed ticket's year-old messages only when the year signals are read", () => {
    const input = account();
    input.tickets = [ticket('closed', { daysAgo: 300, closedAfterDays: 3, type: 'bug', priority: 'high', texts: ['Still broken'] })];
    const scored: string[] = [];
    const counting = { score: (text: string) => (scored.push(text), keywordSentiment.score(text)) };
    const weighing = { ...GLOBAL_RISK_MODEL, version: 'w', coefficients: { ...GLOBAL_RISK_MODEL.coefficients, sentiment_year: 0.5 } };
    prepareAccount(AccountSnapshot.parse(input), DEFAULT_ENGINE_CONFIG, counting);
    expect(scored).toEqual([]); // the global model weighs no year signal: nothing reads that message
    prepareAccount(AccountSnapshot.parse(input), { ...DEFAULT_ENGINE_CONFIG, riskModel: weighing }, counting);
    expect(scored).toEqual(['Still broken']);
    scored.length = 0;
    prepareAccount(AccountSnapshot.parse(input), DEFAULT_ENGINE_CONFIG, counting, { readYear: true });
    expect(scored).toEqual(['Still broken']);
  });
});

describe('first_reply_time', () => {
  it('is the median wait for a first answer over the year, an unanswered ticket counting with its wait so far', () => {
    // In the year: the urgent bug answered in 2 hours, the how-to in 30, the other how-to in 60
    // days, the outage still waiting after 20 days; the ticket of 500 days ago is outside.
    const y = yearSignals(prepared(account()), AT);
    expect(y.firstReply).toEqual({ medianHours: (30 + 20 * 24) / 2, tickets: 4 });
    const x = riskFactorValues({ ...riskInputs(), yearSignals: y });
    expect(x.first_reply_time).toBeCloseTo(Math.log2((1 + 255) / 9), 9);
    // A ticket closed without any agent message on record says nothing about the wait.
    const input = account();
    input.tickets!.push(ticket('self-solved', { daysAgo: 10, closedAfterDays: 1, texts: ['Never mind, found it'] }));
    expect(yearSignals(prepared(input), AT).firstReply).toEqual(y.firstReply);
    // Fewer than three tickets: no value.
    input.tickets = input.tickets!.filter((t) => t.id === 'b-1' || t.id === 'o-1');
    expect(yearSignals(prepared(input), AT).firstReply).toBeNull();
  });

  it('never sees an answer dated after its moment (no leakage), and the test can fail', () => {
    // As of 150 days ago: the ticket of 500 days ago answered in 1 hour, the bug in 2, the how-to
    // in 30, and the other how-to (created 160 days ago, answered 60 days later, i.e. after the
    // moment) still waiting after 10 days.
    const at = AT - 150 * DAY;
    const before = yearSignals(prepared(account()), at).firstReply;
    expect(before).toEqual({ medianHours: (2 + 30) / 2, tickets: 4 });
    const withoutLateReply = account();
    const w = withoutLateReply.tickets!.find((t) => t.id === 'w-1')!;
    w.messages = [];
    expect(yearSignals(prepared(withoutLateReply), at).firstReply).toEqual(before);
    // The same answer dated before the moment (a day after the ticket) does change it.
    w.messages = [agentReply(w.createdAt, 24)];
    expect(yearSignals(prepared(withoutLateReply), at).firstReply).toEqual({ medianHours: (2 + 24) / 2, tickets: 4 });
  });
});

describe('thread_length', () => {
  it('is the mean number of messages per ticket of the year resolved by then', () => {
    // Resolved in the year: the urgent bug (its message and the agent's), the how-to (the same)
    // and the other how-to (the agent's answer only); the open outage and the old bug do not count.
    const y = yearSignals(prepared(account()), AT);
    expect(y.threadLength).toEqual({ mean: 5 / 3, tickets: 3 });
    expect(riskFactorValues({ ...riskInputs(), yearSignals: y }).thread_length).toBeCloseTo(Math.log2(5 / 3 / 4), 9);
  });

  it('never counts a message or a close dated after its moment (no leakage), and the test can fail', () => {
    // As of 150 days ago the other how-to is still open (closed 90 days ago), so it does not count.
    const at = AT - 150 * DAY;
    const before = yearSignals(prepared(account()), at).threadLength;
    expect(before).toEqual({ mean: 2, tickets: 3 });
    const later = account();
    for (const t of later.tickets!) t.messages!.push({ at: daysAgo(100), from: 'customer', text: 'Any update?' });
    expect(yearSignals(prepared(later), at).threadLength).toEqual(before);
    const earlier = account();
    earlier.tickets!.find((t) => t.id === 'b-1')!.messages!.push({ at: daysAgo(299), from: 'customer', text: 'Still broken' });
    expect(yearSignals(prepared(earlier), at).threadLength).toEqual({ mean: 7 / 3, tickets: 3 });
  });
});

describe('logins per user', () => {
  it('averages each login count over the active users of its date, now and a year earlier', () => {
    const y = yearSignals(prepared(account()), AT);
    expect(y.loginsPerUser).toEqual({ mean: 9, counts: 2 }); // the counts 30 and 60 days ago
    expect(y.loginsPerUserYearAgo).toEqual({ mean: 12, counts: 3 }); // 390, 420 and 450 days ago
    const x = riskFactorValues({ ...riskInputs(), yearSignals: y });
    expect(x.logins_per_user).toBeCloseTo(Math.log2(9 / 12), 9);
    expect(x.logins_change_year).toBeCloseTo(Math.log(9.5 / 12.5), 9);
  });

  it('never reads a login count dated after its moment (no leakage), and the test can fail', () => {
    const at = AT - 150 * DAY;
    const before = yearSignals(prepared(account()), at);
    const later = account();
    later.usage!.loginHistory!.push({ date: day(100), logins30d: 1_000_000 });
    later.usage!.logins30d = 1_000_000;
    expect(yearSignals(prepared(later), at)).toEqual(before);
    const earlier = account();
    earlier.usage!.loginHistory!.push({ date: day(155), logins30d: 1_000_000 });
    expect(yearSignals(prepared(earlier), at).loginsPerUser!.mean).toBeGreaterThan(before.loginsPerUser!.mean * 100);
  });

  it('reads the current count alone only without a history, so no count is read twice', () => {
    const input = account();
    input.usage!.logins30d = 36 * 20;
    expect(yearSignals(prepared(input), AT).loginsPerUser).toEqual({ mean: 9, counts: 2 });
    input.usage!.loginHistory = [];
    const y = yearSignals(prepared(input), AT);
    expect(y.loginsPerUser).toEqual({ mean: 20, counts: 1 });
    expect(y.loginsPerUserYearAgo).toBeNull();
    expect(riskFactorValues({ ...riskInputs(), yearSignals: y }).logins_change_year).toBeUndefined(); // silent
  });
});

describe('the last meeting with the executive sponsor', () => {
  /** The year account with a sponsor since 400 days ago, met at a meeting 200 days ago and on a call 90 days ago. */
  function withSponsor(): AccountSnapshotInput {
    const input = account();
    input.contacts = input.contacts!.filter((c) => c.role !== 'executive');
    input.contacts.push({ id: 'x-1', name: 'Ada Sponsor', role: 'executive', active: true, since: daysAgo(400) });
    input.engagements = [
      { at: daysAgo(200), kind: 'meeting', contactIds: ['x-1', 'c-1'] },
      { at: daysAgo(90), kind: 'call', contactIds: ['x-1'] },
      { at: daysAgo(30), kind: 'email', contactIds: ['x-1'] }, // an email is not a meeting
      { at: daysAgo(10), kind: 'meeting', contactIds: ['c-1'] }, // the champion alone
      { at: daysAgo(5), kind: 'note' }, // nobody named
    ];
    return input;
  }
  const value = (input: AccountSnapshotInput, at = AT) => {
    const y = yearSignals(prepared(input), at);
    return { met: y.sponsorMet, x: riskFactorValues({ ...riskInputs(), asOfMs: at, yearSignals: y }).sponsor_last_met };
  };

  it('reads the last meeting or call naming an executive in place', () => {
    const { met, x } = value(withSponsor());
    expect(met).toEqual({ lastMs: AT - 90 * DAY, name: 'Ada Sponsor', fromMs: AT - 400 * DAY });
    expect(x).toBeCloseTo(Math.log2(1 + 90 / 30), 9);
    const y = yearSignals(prepared(withSponsor()), AT);
    const note = assessRisk({ ...riskInputs(), yearSignals: y }, { ...GLOBAL_RISK_MODEL, coefficients: { ...GLOBAL_RISK_MODEL.coefficients, sponsor_last_met: -0.5 } }).notes.find((n) => n.factor === 'sponsor_last_met');
    expect(note?.text).toBe(`The last meeting or call with the executive sponsor (Ada Sponsor) was 90 days ago (${day(90)}).`);
  });

  it('never reads an engagement dated after its moment (no leakage), and the test can fail', () => {
    const at = AT - 150 * DAY;
    const before = value(withSponsor(), at);
    expect(before.met!.lastMs).toBe(AT - 200 * DAY);
    const later = withSponsor();
    later.engagements!.push({ at: daysAgo(149), kind: 'meeting', contactIds: ['x-1'] });
    expect(value(later, at)).toEqual(before);
    const earlier = withSponsor();
    earlier.engagements!.push({ at: daysAgo(151), kind: 'meeting', contactIds: ['x-1'] });
    expect(value(earlier, at).met!.lastMs).toBe(AT - 151 * DAY);
  });

  it('counts from when the sponsor has been in place when never met, at most a year', () => {
    const input = withSponsor();
    input.engagements = input.engagements!.filter((e) => e.kind === 'note' || !e.contactIds!.includes('x-1'));
    expect(value(input).met).toEqual({ lastMs: null, name: null, fromMs: AT - 400 * DAY });
    expect(value(input).x).toBeCloseTo(Math.log2(1 + 365 / 30), 9);
    input.contacts!.find((c) => c.id === 'x-1')!.since = daysAgo(60);
    expect(value(input).x).toBeCloseTo(Math.log2(1 + 60 / 30), 9);
  });

  it('is unknown, not "never met", when no engagement names its participants or no executive is in place', () => {
    const unnamed = withSponsor();
    unnamed.engagements = unnamed.engagements!.map(({ at, kind }) => ({ at, kind }));
    expect(value(unnamed)).toEqual({ met: null, x: undefined });
    const gone = withSponsor();
    Object.assign(gone.contacts!.find((c) => c.id === 'x-1')!, { active: false, leftAt: daysAgo(20) });
    expect(value(gone).met).toBeNull();
    expect(value(gone, AT - 50 * DAY).met!.lastMs).toBe(AT - 90 * DAY); // still in place then
    const undated = withSponsor();
    undated.contacts!.find((c) => c.id === 'x-1')!.active = false;
    expect(value(undated).met).toBeNull();
  });
});

describe('asks to cancel or buy less', () => {
  function withAsks(): AccountSnapshotInput {
    const input = account();
    input.tickets!.push(
      { ...ticket('ask-1', { daysAgo: 120, closedAfterDays: 3, type: 'billing', priority: 'medium' }), subject: 'Renewal', messages: [{ at: daysAgo(119), from: 'customer', text: 'We need to reduce our seats from 80 to 40 at renewal.' }] },
      { ...ticket('ask-2', { daysAgo: 60, type: 'billing', priority: 'low' }), subject: 'Please cancel our subscription', messages: [] },
      { ...ticket('agent', { daysAgo: 50, closedAfterDays: 1, type: 'billing', priority: 'low' }), subject: 'Invoice', messages: [{ at: daysAgo(50), from: 'agent', text: 'You can downgrade any time.' }] },
      { ...ticket('old-ask', { daysAgo: 300, closedAfterDays: 2, type: 'billing', priority: 'low' }), subject: 'Renewal', messages: [{ at: daysAgo(300), from: 'customer', text: 'We will not be renewing.' }] },
    );
    return input;
  }
  const value = (input: AccountSnapshotInput, at = AT) => {
    const y = yearSignals(prepared(input), at);
    return { asks: y.contractionAsks, x: riskFactorValues({ ...riskInputs(), asOfMs: at, yearSignals: y }).contraction_ask };
  };

  it('counts the tickets of the last 180 days in which the customer asked, from subjects and customer messages only', () => {
    expect(value(withAsks())).toEqual({ asks: { tickets: 2, lastMs: AT - 60 * DAY, ticketId: 'ask-2' }, x: 2 });
    expect(value(account())).toEqual({ asks: null, x: undefined }); // none: silent
    const y = yearSignals(prepared(withAsks()), AT);
    const model = { ...GLOBAL_RISK_MODEL, coefficients: { ...GLOBAL_RISK_MODEL.coefficients, contraction_ask: -1 } };
    expect(assessRisk({ ...riskInputs(), yearSignals: y }, model).notes.find((n) => n.factor === 'contraction_ask')?.text).toBe(
      `The customer asked to cancel, not renew or reduce what they buy in 2 tickets of the last 180 days (the latest on ${day(60)}, ticket ask-2).`,
    );
  });

  it('never reads an ask dated after its moment (no leakage), and the test can fail', () => {
    const at = AT - 100 * DAY;
    const before = value(withAsks(), at);
    expect(before.asks).toEqual({ tickets: 1, lastMs: AT - 119 * DAY, ticketId: 'ask-1' });
    const later = withAsks();
    later.tickets!.find((t) => t.id === 'ask-1')!.messages!.push({ at: daysAgo(99), from: 'customer', text: 'Please downgrade us.' });
    expect(value(later, at)).toEqual(before);
    const earlier = withAsks();
    earlier.tickets!.find((t) => t.id === 'ask-1')!.messages!.push({ at: daysAgo(101), from: 'customer', text: 'Please downgrade us.' });
    expect(value(earlier, at).asks!.lastMs).toBe(AT - 101 * DAY);
  });
});

function riskInputs(): RiskInputs {
  return {
    asOfMs: AT,
    renewalMs: AT + 60 * DAY,
    robScore: 60,
    robTrend: 0,
    showStoppers: [],
    sentimentMean: null,
    lastMeaningfulEngagementMs: null,
    championLost: null,
    executiveLost: null,
    hasChampion: true,
    usersNow: 36,
    users90dAgo: 39,
    customerSinceMs: AT - 800 * DAY,
  };
}

describe("how many of the customer's people the vendor is in touch with", () => {
  /** The year account's people, named in engagements of any kind: two within 180 days, one before, one stranger. */
  function withPeople(): AccountSnapshotInput {
    const input = account();
    input.engagements = [
      { at: daysAgo(300), kind: 'meeting', contactIds: ['c-2'] }, // before the window
      { at: daysAgo(170), kind: 'email', contactIds: ['c-1', 'x-0'] },
      { at: daysAgo(90), kind: 'call', contactIds: ['c-1'] },
      { at: daysAgo(40), kind: 'note', contactIds: ['someone-else'] }, // not the account's contact
      { at: daysAgo(10), kind: 'meeting' }, // nobody named
    ];
    return input;
  }
  const value = (input: AccountSnapshotInput, at = AT) => {
    const y = yearSignals(prepared(input), at);
    return { n: y.contactsEngaged, x: riskFactorValues({ ...riskInputs(), asOfMs: at, yearSignals: y }).contacts_engaged };
  };

  it("counts the account's distinct contacts named in the last 180 days, each once", () => {
    expect(value(withPeople())).toEqual({ n: 2, x: Math.log2(3) });
    const y = yearSignals(prepared(withPeople()), AT);
    const note = assessRisk({ ...riskInputs(), yearSignals: y }, { ...GLOBAL_RISK_MODEL, coefficients: { ...GLOBAL_RISK_MODEL.coefficients, contacts_engaged: 0.3 } }).notes.find((n) => n.factor === 'contacts_engaged');
    expect(note?.text).toBe('2 contacts of the customer took part in meetings, calls, emails or notes in the last 180 days.');
  });

  it('reads nobody in touch as 0 when the CRM names participants, and as unknown when it never does', () => {
    const quiet = withPeople();
    quiet.engagements = quiet.engagements!.filter((e) => Date.parse(e.at) < AT - 180 * DAY);
    expect(value(quiet)).toEqual({ n: 0, x: 0 });
    const unnamed = withPeople();
    unnamed.engagements = unnamed.engagements!.map(({ at, kind }) => ({ at, kind }));
    expect(value(unnamed)).toEqual({ n: null, x: undefined });
  });

  it('never reads an engagement dated after its moment (no leakage), and the test can fail', () => {
    const at = AT - 100 * DAY;
    const before = value(withPeople(), at);
    expect(before.n).toBe(2); // the champion and the sponsor 170 days ago
    const later = withPeople();
    later.engagements!.push({ at: daysAgo(99), kind: 'meeting', contactIds: ['c-2', 'c-3'] });
    expect(value(later, at)).toEqual(before);
    const earlier = withPeople();
    earlier.engagements!.push({ at: daysAgo(101), kind: 'meeting', contactIds: ['c-2'] });
    expect(value(earlier, at).n).toBe(3);
  });
});

describe("the customer's own renewal record", () => {
  /** The year account with renewals: lost 1,200 and 700 days ago, won 330 days ago, one due later, one open. */
  function withRenewals(): AccountSnapshotInput {
    const input = account();
    input.renewals = [
      { id: 'r-0', closeDate: day(1200), outcome: 'lost' }, // before the three years
      { id: 'r-1', closeDate: day(700), outcome: 'lost' },
      { id: 'r-2', closeDate: day(330), outcome: 'won' },
      { id: 'r-3', closeDate: day(-60), outcome: 'open' },
    ];
    return input;
  }
  const value = (input: AccountSnapshotInput, at = AT) => {
    const y = yearSignals(prepared(input), at);
    return { record: y.renewalRecord, x: riskFactorValues({ ...riskInputs(), asOfMs: at, yearSignals: y }).renewals_lost };
  };

  it('counts the renewals won and lost over three years, the latest loss named in its note', () => {
    expect(value(withRenewals())).toEqual({ record: { won: 1, lost: 1, lastLost: day(700) }, x: 1 });
    const y = yearSignals(prepared(withRenewals()), AT);
    const note = assessRisk({ ...riskInputs(), yearSignals: y }, { ...GLOBAL_RISK_MODEL, coefficients: { ...GLOBAL_RISK_MODEL.coefficients, renewals_lost: -0.4 } }).notes.find((n) => n.factor === 'renewals_lost');
    // The customer started 800 days ago, within the three years read: the note says so.
    expect(note?.text).toBe(`1 renewal of the last 1,095 days (the customer started 800 days ago) was recorded lost (the latest due ${day(700)}), against 1 won.`);
    expect(note?.effect).toBeLessThan(0);
  });

  it('is silent without a loss, unknown without a closed renewal, and counts at most three', () => {
    const won = withRenewals();
    won.renewals = won.renewals!.filter((r) => r.outcome !== 'lost');
    expect(value(won)).toEqual({ record: { won: 1, lost: 0, lastLost: null }, x: undefined });
    const none = withRenewals();
    none.renewals = none.renewals!.filter((r) => r.outcome === 'open');
    expect(value(none)).toEqual({ record: null, x: undefined });
    const many = withRenewals();
    many.renewals = [100, 200, 300, 400, 500].map((d, k) => ({ id: `l-${k}`, closeDate: day(d), outcome: 'lost' as const }));
    expect(value(many).x).toBe(3);
  });

  it('never reads a renewal closing after its moment (no leakage), and the test can fail', () => {
    const at = AT - 100 * DAY;
    const before = value(withRenewals(), at);
    expect(before.record).toEqual({ won: 1, lost: 1, lastLost: day(700) });
    const later = withRenewals();
    later.renewals!.push({ id: 'late', closeDate: day(99), outcome: 'lost' });
    expect(value(later, at)).toEqual(before);
    const earlier = withRenewals();
    earlier.renewals!.push({ id: 'early', closeDate: day(101), outcome: 'lost' });
    expect(value(earlier, at).x).toBe(2);
  });
});

describe('a champion new in the role', () => {
  /** The year account (a customer for 800 days) whose champion took the role `days` ago. */
  function withChampion(days: number, extra: AccountSnapshotInput['contacts'] = []): AccountSnapshotInput {
    const input = account();
    input.contacts = [...input.contacts!.map((c) => (c.id === 'c-1' ? { ...c, name: 'Ana Diaz', since: daysAgo(days) } : c)), ...extra];
    return input;
  }
  const value = (input: AccountSnapshotInput, at = AT) => {
    const y = yearSignals(prepared(input), at);
    return { signal: y.championNew, x: riskFactorValues({ ...riskInputs(), asOfMs: at, yearSignals: y }).champion_new };
  };

  it('reads how recently the champion took the role, from 1 on their first day to 0 after a year', () => {
    expect(value(withChampion(73))).toEqual({ signal: { days: 73, id: 'c-1', name: 'Ana Diaz' }, x: 1 - 73 / 365 });
    const y = yearSignals(prepared(withChampion(73)), AT);
    const note = assessRisk({ ...riskInputs(), yearSignals: y }, { ...GLOBAL_RISK_MODEL, coefficients: { ...GLOBAL_RISK_MODEL.coefficients, champion_new: -0.5 } }).notes.find((n) => n.factor === 'champion_new');
    expect(note?.text).toBe('The champion, Ana Diaz, took the role 73 days ago, after the customer had started: new champions have not yet seen what the product does for them.');
    expect(note?.effect).toBeLessThan(0);
    expect(value(withChampion(400))).toEqual({ signal: null, x: undefined });
    // Without a name recorded: role and CRM id, never the bare id (contact-names.ts).
    const unnamed = withChampion(73);
    unnamed.contacts = unnamed.contacts!.map((c) => (c.id === 'c-1' ? { ...c, name: ' ' } : c));
    const text = assessRisk({ ...riskInputs(), yearSignals: yearSignals(prepared(unnamed), AT) }, { ...GLOBAL_RISK_MODEL, coefficients: { ...GLOBAL_RISK_MODEL.coefficients, champion_new: -0.5 } }).notes.find((n) => n.factor === 'champion_new')?.text;
    expect(text).toMatch(/^The champion \(no name recorded, contact c-1\) took the role 73 days ago/);
  });

  it('is silent while a champion from the start is in place, and without any champion', () => {
    // c-1 there from the customer's start (800 days, within the 30-day grace: 780).
    expect(value(withChampion(780)).signal).toBeNull();
    // A new champion beside one there from the start: the account is not without its first champion.
    expect(value(withChampion(780, [{ id: 'c-9', role: 'champion', active: true, since: daysAgo(20) }])).signal).toBeNull();
    const none = account();
    none.contacts = none.contacts!.filter((c) => c.role !== 'champion');
    expect(value(none).signal).toBeNull();
  });

  it('reads the champions in place at its moment only (no leakage), and the test can fail', () => {
    const at = AT - 100 * DAY;
    // Ana took the role 200 days before AS_OF (100 before the moment); a later champion changes nothing.
    const before = value(withChampion(200), at);
    expect(before.signal).toEqual({ days: 100, id: 'c-1', name: 'Ana Diaz' });
    expect(value(withChampion(200, [{ id: 'late', role: 'champion', active: true, since: daysAgo(50) }]), at)).toEqual(before);
    // One who left after the moment was still in place then: the champion from the start was there.
    const replaced = withChampion(200, [{ id: 'first', role: 'champion', active: false, since: daysAgo(800), leftAt: daysAgo(99) }]);
    expect(value(replaced, at).signal).toBeNull();
    expect(value(replaced).signal).toEqual({ days: 200, id: 'c-1', name: 'Ana Diaz' });
  });
});

describe('feature requests over the year', () => {
  /** The year account with feature requests: two in the year (one still open), one older left open, one tomorrow. */
  function withRequests(): AccountSnapshotInput {
    const input = account();
    input.tickets = [
      ...input.tickets!,
      ticket('fr-old', { daysAgo: 500, type: 'feature_request', priority: 'low' }), // before the window, still open
      ticket('fr-1', { daysAgo: 200, closedAfterDays: 10, type: 'feature_request', priority: 'low' }),
      ticket('fr-2', { daysAgo: 30, type: 'feature_request', priority: 'medium' }),
    ];
    return input;
  }
  const value = (input: AccountSnapshotInput, at = AT) => {
    const y = yearSignals(prepared(input), at);
    return { n: y.tickets?.featureRequests, x: riskFactorValues({ ...riskInputs(), asOfMs: at, yearSignals: y }).feature_requests_year, y };
  };

  it('counts the feature requests created in the window, against the usual rate for the account', () => {
    const { n, x, y } = value(withRequests());
    expect(n).toBe(2);
    const rate = (2 * 30) / y.tickets!.userDays;
    expect(x).toBeCloseTo(Math.log2((rate + 0.001) / 0.008), 9);
    const note = assessRisk({ ...riskInputs(), yearSignals: y }, { ...GLOBAL_RISK_MODEL, coefficients: { ...GLOBAL_RISK_MODEL.coefficients, feature_requests_year: -0.3 } }).notes.find((n) => n.factor === 'feature_requests_year');
    expect(note?.text).toMatch(/^2 feature requests in the last 365 days: \d+% of the usual rate for an account of its size\.$/);
    // None in the window reads the floor, −3; without a ticket window it is silent.
    expect(value(account()).x).toBe(-3);
    const young = withRequests();
    young.account = { ...young.account, customerSince: day(100) };
    expect(value(young).x).toBeUndefined();
  });

  it('never reads a request created after its moment (no leakage), and the test can fail', () => {
    const at = AT - 100 * DAY;
    const before = value(withRequests(), at);
    expect(before.n).toBe(1); // fr-1, 100 days before the moment
    const later = withRequests();
    later.tickets!.push(ticket('fr-late', { daysAgo: 99, type: 'feature_request', priority: 'low' }));
    expect(value(later, at).x).toBe(before.x);
    const earlier = withRequests();
    earlier.tickets!.push(ticket('fr-early', { daysAgo: 101, type: 'feature_request', priority: 'low' }));
    expect(value(earlier, at).n).toBe(2);
  });
});

describe('a slow start (seats in use at the end of onboarding)', () => {
  /** A customer of 200 days with 80 seats: monthly counts from its start, 12 users 90 days in (110 days ago). */
  function newCustomer(): AccountSnapshotInput {
    const input = account();
    input.account = { ...input.account, customerSince: day(200) };
    input.usage = { activeUsers: 30, history: [200, 170, 140, 110, 80, 50, 20].map((d, k) => ({ date: day(d), activeUsers: [3, 6, 9, 12, 20, 25, 28][k]! })), loginHistory: [] };
    input.renewals = [{ id: 'first', closeDate: day(-165), outcome: 'open' }];
    return input;
  }
  const value = (input: AccountSnapshotInput, at = AT) => {
    const y = yearSignals(prepared(input), at);
    const seats = input.account.licensedSeats ?? null;
    return { signal: y.onboardingRamp, x: riskFactorValues({ ...riskInputs(), seats, asOfMs: at, yearSignals: y }).onboarding_ramp };
  };
  const withRamp = { ...GLOBAL_RISK_MODEL, coefficients: { ...GLOBAL_RISK_MODEL.coefficients, onboarding_ramp: 0.3 } };

  it('reads the seats in use 90 days after the start, per 10 points against half the seats', () => {
    expect(value(newCustomer())).toEqual({ signal: { users: 12, date: day(110) }, x: (12 / 80 - 0.5) * 10 });
    const y = yearSignals(prepared(newCustomer()), AT);
    const note = assessRisk({ ...riskInputs(), seats: 80, yearSignals: y }, withRamp).notes.find((n) => n.factor === 'onboarding_ramp');
    expect(note?.text).toBe(`90 days after the customer started (the count of ${day(110)}), 12 of 80 licensed seats were in use (15%); how fast a new customer puts the product to work weighs on its first renewal.`);
    expect(note?.effect).toBeLessThan(0);
    // The nearest count within 30 days of day 90: without the one on day 90, day 60's (9 users, 30 days off).
    const gap = newCustomer();
    gap.usage!.history = gap.usage!.history!.filter((p) => p.date !== day(110));
    expect(value(gap).signal).toEqual({ users: 9, date: day(140) });
  });

  it('is silent once the customer has renewed, when older than two years or younger than 90 days, and without a count near day 90 or seats', () => {
    const renewed = newCustomer();
    renewed.renewals!.push({ id: 'early', closeDate: day(5), outcome: 'won' });
    expect(value(renewed).signal).toBeNull();
    expect(value(account()).signal).toBeNull(); // a customer of 800 days
    expect(value(newCustomer(), AT - 120 * DAY).signal).toBeNull(); // 80 days in at that moment
    const lateTracking = newCustomer();
    lateTracking.usage!.history = lateTracking.usage!.history!.filter((p) => p.date >= day(50)); // from day 150
    expect(value(lateTracking).signal).toBeNull();
    const noSeats = newCustomer();
    noSeats.account = { ...noSeats.account, licensedSeats: null };
    expect(value(noSeats)).toEqual({ signal: { users: 12, date: day(110) }, x: undefined });
  });

  it('reads only what is dated by its moment (no leakage), and the test can fail', () => {
    const at = AT - 95 * DAY; // 105 days in: day 90's count (110 days ago) is known
    const before = value(newCustomer(), at);
    expect(before.signal).toEqual({ users: 12, date: day(110) });
    // A renewal closing after the moment, and a later count, change nothing.
    const later = newCustomer();
    later.renewals!.push({ id: 'late', closeDate: day(50), outcome: 'lost' });
    expect(value(later, at)).toEqual(before);
    // The same renewal closing before the moment silences it.
    const earlier = newCustomer();
    earlier.renewals!.push({ id: 'early', closeDate: day(100), outcome: 'lost' });
    expect(value(earlier, at).signal).toBeNull();
    // 91 days in, without day 90's count: a count nearer day 90 but dated after the moment is not read.
    const nearerLater = newCustomer();
    nearerLater.usage!.history = [...nearerLater.usage!.history!.filter((p) => p.date !== day(110)), { date: day(105), activeUsers: 40 }];
    expect(value(nearerLater, AT - 109 * DAY).signal).toEqual({ users: 9, date: day(140) });
    expect(value(nearerLater).signal).toEqual({ users: 40, date: day(105) });
  });
});
