// Kaizen: out of the candidate actions, the one with the largest expected gain for its effort.
// Each candidate is valued on the level it changes, once: a resolved ticket by its share of the
// ticket burden and of the open load (no saturation, no cap), an adoption session by the seat
// utilisation it moves, a check-in by the silence it ends. Nothing is valued through the 30-day
// trend: a step taken today is not a month of improvement.
import type { Assessment } from './assess.ts';
import type { EngineConfig } from './engine-config.ts';
import { effortText, grouped, openFor, plural, signed, ticketLabel } from './format.ts';
import { rankObjectives, type Ranked } from './objectives.ts';
import type { PreparedAccount, PreparedContact, PreparedTicket } from './prepare.ts';
import type { ContactRole } from './snapshot.ts';
import { ROLE_NAMES } from '../../app/src/app/cards/lib/model/labels.ts';
import type { RobComponent, Step, StepKind } from './result.ts';
import { daysToRenewal, modelTerms, severeTicketEffect } from './risk.ts';
import { openLoad } from './components/resolution.ts';
import { FULL_UTILISATION } from './components/usage.ts';
import { exposureDays } from './ticket-windows.ts';
import { DAY_MS, isoDate } from './time.ts';

/** Relative effort of each kind of step: 1 ≈ half a day of CSM or support work. */
export const STEP_EFFORT: Record<StepKind, number> = {
  resolve_ticket: 2,
  re_engage_champion: 3,
  re_engage_sponsor: 3,
  adoption_session: 2,
  close_objective_gap: 3,
  schedule_check_in: 0.5,
  deflect_how_to: 1.5,
  complete_data: 1,
  agree_objectives: 1,
  answer_ask: 1,
  confirm_renewal: 0.5,
};
/** Resolving an outage takes longer than a bug. */
const OUTAGE_EFFORT = 3;
/**
 * When ranking steps, a change of renewal probability from 0 to 1 counts like this many ROB points
 * (so one percentage point of renewal probability is worth 0.2 ROB points).
 */
export const PROBABILITY_WORTH = 20;
/** One adoption session reaches at most this many people … */
export const SESSION_SEATS = 25;
/** … and is expected to turn this share of them into active users. */
export const ADOPTION_LIFT = 0.3;
/**
 * A step whose whole worth is the gain measured here (an adoption session, a how-to guide) and
 * whose gain is below this many ROB points — ROB gain + PROBABILITY_WORTH × gain in renewal
 * probability, as displayed — is too small to be the one next best step: it is listed last, after
 * the check-in (whose worth, the relationship and current objectives, is not measured here) and
 * every other step. A day or more of work for a fraction of a point is not what to do next.
 */
export const MIN_STEP_GAIN = 1;
/** The kinds of step worth only their measured gain (see MIN_STEP_GAIN). */
const MEASURED_ONLY: ReadonlySet<StepKind> = new Set<StepKind>(['adoption_session', 'deflect_how_to']);
/** A how-to guide or training is expected to deflect this share of recent how-to tickets. */
const DEFLECTION_SHARE = 0.5;
const MAX_TICKET_CANDIDATES = 3;
/**
 * A renewal due within this many days (or whose date has passed with no outcome recorded) is
 * confirmed with the customer before anything else but their own ask to cancel: a fix that takes
 * days cannot change a decision taken this week, and a CSM calls the customer first.
 */
export const RENEWAL_CALL_DAYS = 14;
/** Steps that remove a severe problem come before anything else but missing data. */
function isBlocker(kind: StepKind): boolean {
  return kind === 'resolve_ticket' || kind === 're_engage_champion' || kind === 're_engage_sponsor' || kind === 'answer_ask';
}

interface Candidate {
  kind: StepKind;
  action: string;
  effort: number;
  evidence: string[];
  robGain: number;
  /** Change of the renewal log-odds, before the horizon. */
  logitGain: number;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Share of the account's ticket burden and open load that `tickets` carry, in ROB points. */
function ticketPoints(now: Assessment, tickets: readonly PreparedTicket[], at: number, recentFrom: number, open: boolean): number {
  const rob = now.rob;
  let burden: RobComponent | undefined, resolution: RobComponent | undefined;
  for (const c of rob.components) {
    if (c.key === 'ticketBurden') burden = c;
    else if (c.key === 'resolution') resolution = c;
  }
  let points = 0;
  if (burden?.hasData && rob.burden.load > 0) {
    let load = 0;
    for (const t of tickets) load += t.weight * exposureDays(t, recentFrom, at, at);
    points += (load / rob.burden.load) * burden.weight * (1 - rob.burden.value) * 100;
  }
  if (open && resolution && rob.resolution.load > 0) {
    let load = 0;
    for (const t of tickets) load += openLoad(t, at);
    points += (load / rob.resolution.load) * resolution.weight * (1 - rob.resolution.value) * 100;
  }
  return points;
}

function noteEffect(now: Assessment, factor: string): number {
  return now.risk?.notes.find((n) => n.factor === factor)?.effect ?? 0;
}

/** The account's first active contact in `role`: whom a CSM calls. */
function activeContact(account: PreparedAccount, role: ContactRole): PreparedContact | undefined {
  return account.contacts.find((c) => c.active && c.role === role);
}

/** Whom a check-in reaches when neither champion nor sponsor is active: an admin, else a user, else any other contact. */
const FALLBACK_ROLES: readonly ContactRole[] = ['admin', 'user', 'other'];

/** The first active contact in FALLBACK_ROLES' order, named with their role: "Sofia Fischer (admin)". */
function fallbackContact(account: PreparedAccount): { contact: PreparedContact; text: string } | undefined {
  for (const role of FALLBACK_ROLES) {
    const c = activeContact(account, role);
    if (c) return { contact: c, text: c.recordedName === null ? c.name : `${c.name} (${ROLE_NAMES[role]})` };
  }
  return undefined;
}

/** "today", "tomorrow" or "in 5 days" (`days` ≥ 0). */
function dueWhen(days: number): string {
  return days === 0 ? 'today' : days === 1 ? 'tomorrow' : `in ${plural(days, 'day')}`;
}

/** When the renewal is close or overdue: whether it was closed already (won or lost) on that date. */
function renewalRecorded(account: PreparedAccount, renewalMs: number): boolean {
  const day = isoDate(renewalMs);
  for (const r of account.snapshot.renewals) if (r.outcome !== 'open' && r.closeDate.slice(0, 10) === day) return true;
  return false;
}

/**
 * The call to confirm a renewal due within RENEWAL_CALL_DAYS or passed without an outcome, with
 * the executive sponsor (who signs), else the champion; before the date it names the heaviest open
 * severe ticket (heavierFirst: the most severe, an urgent outage before any bug, then the one open
 * longer; what the customer will raise) or the show-stoppers. None when the customer's ask
 * to cancel or buy less is already the first call, or when the renewal on that date is recorded.
 */
function renewalCall(account: PreparedAccount, now: Assessment, asked: boolean): Candidate | null {
  const renewalMs = account.renewalMs;
  const days = daysToRenewal(account.asOfMs, renewalMs);
  if (asked || days === null || days > RENEWAL_CALL_DAYS || renewalRecorded(account, renewalMs!)) return null;
  const who = activeContact(account, 'executive') ?? activeContact(account, 'champion');
  const name = who ? who.name : 'the customer';
  const date = isoDate(renewalMs!);
  const severe = now.severeOpen[0];
  const stoppers = now.showStoppers.length;
  const topic = severe
    ? ` and agree a plan for the ${ticketLabel(severe.priority, severe.type)} ${severe.id}`
    : stoppers > 1 ? ` and go through the ${stoppers} open show-stoppers` : stoppers === 1 ? ' and go through the open show-stopper' : '';
  return {
    kind: 'confirm_renewal',
    action: days < 0
      ? `Ask ${name} whether the contract due for renewal on ${date} was renewed, and record the outcome in the CRM`
      : `Call ${name} before the renewal on ${date} (${dueWhen(days)}) to confirm it${topic}`,
    effort: STEP_EFFORT.confirm_renewal,
    evidence: who ? [who.id] : [account.snapshot.account.id],
    robGain: 0,
    logitGain: 0,
  };
}

/**
 * The open severe tickets offered as resolve steps: the MAX_TICKET_CANDIDATES that have carried
 * the most load (weight × days open: the steps worth most, as each is valued by its share of the
 * load), and the newest open urgent outage when it is not among them. An outage opened this
 * morning has carried little load yet, but it is happening now and is what a CSM escalates first;
 * ranking only by load would leave it out behind older bugs. `severe` is severeOpenTickets' list
 * (heaviest first); the order of the steps is decided by their gains, not by this list.
 */
export function resolveCandidates(severe: readonly PreparedTicket[], at: number): PreparedTicket[] {
  if (severe.length <= MAX_TICKET_CANDIDATES) return [...severe];
  const load = (t: PreparedTicket) => t.weight * (at - t.createdMs);
  const byLoad = [...severe].sort((a, b) => load(b) - load(a) || a.id.localeCompare(b.id));
  const picked = byLoad.slice(0, MAX_TICKET_CANDIDATES);
  let newest: PreparedTicket | undefined;
  for (let i = MAX_TICKET_CANDIDATES; i < byLoad.length; i++) {
    const t = byLoad[i]!;
    if (t.type === 'outage' && t.priority === 'urgent' && (!newest || t.createdMs > newest.createdMs)) newest = t;
  }
  if (newest) picked.push(newest);
  return picked;
}

function candidates(account: PreparedAccount, now: Assessment, config: EngineConfig, ranked: readonly Ranked[]): Candidate[] {
  const at = account.asOfMs;
  const m = modelTerms(config.riskModel);
  const list: Candidate[] = [];
  const accountId = account.snapshot.account.id;
  const robLogit = (points: number) => (m.robPer10 * points) / 10;
  if (now.rob.usage.users === null) {
    list.push({
      kind: 'complete_data',
      action: 'Map active users (and licensed seats) for this account so usage, ticket burden and savings can be measured',
      effort: STEP_EFFORT.complete_data,
      evidence: [accountId],
      robGain: 0,
      logitGain: 0,
    });
  }
  // A customer who asked to cancel or buy less is called back before anything else is tried.
  const ask = now.showStoppers.find((s) => s.kind === 'contraction_ask');
  if (ask) {
    const who = activeContact(account, 'champion') ?? activeContact(account, 'executive');
    list.push({
      kind: 'answer_ask',
      action: `Call ${who ? who.name : 'the customer'} about their request to cancel or buy less (ticket ${ask.evidence[0]}) and agree what would keep them`,
      effort: STEP_EFFORT.answer_ask,
      evidence: [...ask.evidence, ...(who ? [who.id] : [])],
      robGain: 0,
      logitGain: -m.perShowStopper,
    });
  }
  const renewal = renewalCall(account, now, ask !== undefined);
  if (renewal) list.push(renewal);
  if (now.rob.score === null) return list;
  const recentFrom = at - config.windows.recentDays * DAY_MS;

  for (const t of resolveCandidates(now.severeOpen, at)) {
    const days = Math.floor((at - t.createdMs) / DAY_MS);
    const robGain = ticketPoints(now, [t], at, recentFrom, true);
    const severe = severeTicketEffect(t.weight, (at - t.createdMs) / DAY_MS, m.model);
    list.push({
      kind: 'resolve_ticket',
      action: `Resolve ${ticketLabel(t.priority, t.type)} ${t.id}${t.subject ? ` “${t.subject}”` : ''}, open ${openFor(days)}`,
      effort: t.type === 'outage' ? OUTAGE_EFFORT : STEP_EFFORT.resolve_ticket,
      evidence: [t.id],
      robGain,
      logitGain: robLogit(robGain) - m.perShowStopper - severe,
    });
  }
  const champion = now.championLost;
  if (champion) {
    list.push({
      kind: 're_engage_champion',
      action: `Find a new champion to replace ${champion.name} and win them over`,
      effort: STEP_EFFORT.re_engage_champion,
      evidence: [champion.id],
      robGain: 0,
      logitGain: -m.championLost - m.perShowStopper,
    });
  }
  const sponsor = now.executiveLost;
  if (sponsor) {
    list.push({
      kind: 're_engage_sponsor',
      action: `Find a new executive sponsor to replace ${sponsor.name}`,
      effort: STEP_EFFORT.re_engage_sponsor,
      evidence: [sponsor.id],
      robGain: 0,
      logitGain: -m.executiveLost - m.perShowStopper,
    });
  }
  const { users, utilisation } = now.rob.usage;
  const usage = now.rob.components.find((c) => c.key === 'usage');
  if (users !== null && utilisation !== null && utilisation < FULL_UTILISATION && account.seats && usage) {
    const unused = account.seats - users;
    const reach = Math.min(unused, SESSION_SEATS);
    const lift = Math.max(1, Math.round(reach * ADOPTION_LIFT));
    const after = Math.min(1, (users + lift) / account.seats);
    const robGain = usage.weight * 0.75 * (Math.min(1, after / FULL_UTILISATION) - Math.min(1, utilisation / FULL_UTILISATION)) * 100;
    const clears = utilisation < config.unusedSeatsThreshold && after >= config.unusedSeatsThreshold;
    const who = reach < unused ? `${reach} of the ${grouped(unused)} unused seats` : `the ${plural(unused, 'unused seat')}`;
    list.push({
      kind: 'adoption_session',
      action: `Run an adoption session for ${who} (aim: ${plural(lift, 'more active user')})`,
      effort: STEP_EFFORT.adoption_session,
      evidence: [accountId],
      robGain,
      logitGain: robLogit(robGain) - (clears ? m.perShowStopper : 0),
    });
  }
  const top = ranked.find((o) => o.status === 'open' || o.status === 'at_risk');
  if (top) {
    const gap = top.current !== null && top.current !== undefined && top.target !== null && top.target !== undefined ? ` (from ${top.current} to ${top.target}${top.metric ? ` ${top.metric}` : ''})` : '';
    list.push({
      kind: 'close_objective_gap',
      action: `Close the gap on the top objective “${top.statement}”${gap}`,
      effort: STEP_EFFORT.close_objective_gap,
      evidence: [top.id],
      robGain: 0,
      logitGain: top.overdue ? -m.perShowStopper : 0,
    });
  }
  if (account.objectives.length === 0) {
    list.push({
      kind: 'agree_objectives',
      action: 'Agree two or three measurable objectives with the customer (start from the suggested ones)',
      effort: STEP_EFFORT.agree_objectives,
      evidence: [accountId],
      robGain: 0,
      logitGain: 0,
    });
  }
  const recentHowTo: PreparedTicket[] = [];
  for (const t of account.tickets) {
    if (t.createdMs > at) break; // sorted by creation
    if (t.type === 'how_to' && t.createdMs >= recentFrom) recentHowTo.push(t);
  }
  if (recentHowTo.length >= 2) {
    const deflected = recentHowTo.slice(0, Math.ceil(recentHowTo.length * DEFLECTION_SHARE));
    const robGain = ticketPoints(now, deflected, at, recentFrom, false);
    list.push({
      kind: 'deflect_how_to',
      action: `Publish a guide or run a training on the questions behind ${plural(recentHowTo.length, 'recent how-to ticket')}`,
      effort: STEP_EFFORT.deflect_how_to,
      evidence: recentHowTo.map((t) => t.id),
      robGain,
      logitGain: robLogit(robGain),
    });
  }
  // Under a portal model that weighs how long ago the sponsor was met, the check-in is with the
  // sponsor, and meeting them brings that factor back to 0 as well.
  const sponsorEffect = Math.min(0, noteEffect(now, 'sponsor_last_met'));
  const toMeet = sponsorEffect < 0 ? activeContact(account, 'executive') : undefined;
  // With the champion and sponsor gone, the check-in still reaches someone active (an admin who
  // knows the account), named with their role; "the customer" only when no one is active.
  const usual = toMeet ?? activeContact(account, 'champion') ?? activeContact(account, 'executive');
  const fallback = usual ? undefined : fallbackContact(account);
  const person = usual ?? fallback?.contact;
  const withWhom = usual ? ` with ${usual.name}${toMeet && usual.recordedName !== null ? ', the executive sponsor,' : ''}` : fallback ? ` with ${fallback.text}` : '';
  list.push({
    kind: 'schedule_check_in',
    action: `Book a value check-in call${withWhom} to review objectives`,
    effort: STEP_EFFORT.schedule_check_in,
    evidence: person ? [person.id] : [],
    robGain: 0,
    logitGain: -noteEffect(now, 'engagement') - (toMeet ? sponsorEffect : 0),
  });
  return list;
}

export interface NextStepChoice {
  nextBestStep: Step | null;
  alternatives: Step[];
}

/** The worth of a step in ROB points, from its figures as displayed. */
function worth(s: Step): number {
  return s.expectedGain + PROBABILITY_WORTH * s.renewalProbabilityGain;
}

/** Whether `s` is a step worth only its measured gain, and that gain is below MIN_STEP_GAIN. */
function negligible(s: Step): boolean {
  return MEASURED_ONLY.has(s.kind) && worth(s) < MIN_STEP_GAIN;
}

/**
 * A customer's ask to cancel or buy less first, then a renewal due within RENEWAL_CALL_DAYS, then
 * missing data, then severe problems, then agreeing objectives when there are none, then the rest,
 * and last the steps worth less than MIN_STEP_GAIN.
 */
function tier(kind: StepKind, small: boolean): number {
  if (small) return 6;
  if (kind === 'answer_ask') return 0;
  if (kind === 'confirm_renewal') return 1;
  if (kind === 'complete_data') return 2;
  if (isBlocker(kind)) return 3;
  if (kind === 'agree_objectives') return 4;
  return 5;
}

/** Whether a step with `c`'s kind and action is listed already (kinds compared first: see chooseNextStep). */
function listedAlready(listed: readonly Candidate[], c: Candidate): boolean {
  for (const d of listed) if (d.kind === c.kind && d.action === c.action) return true;
  return false;
}

/** `ranked` is rankObjectives(account.objectives, now), when the caller has it already. */
export function chooseNextStep(account: PreparedAccount, config: EngineConfig, now: Assessment, ranked: readonly Ranked[] = rankObjectives(account.objectives, account.asOfMs)): NextStepChoice {
  const risk = now.risk;
  // Under the model that scored the account (a portal's calibration, else the global one), so the
  // probability a step starts from is the one shown and its gain reads that model's weights.
  const m = modelTerms(config.riskModel);
  let logit = m.intercept;
  for (const n of risk?.notes ?? []) logit += n.effect;
  const days = risk?.daysToRenewal ?? null;
  // Removing a problem also removes its share of the renewal-horizon effect.
  const horizon = days !== null && days < m.renewalHorizonDays ? 1 + m.horizonTrouble * Math.min(1, 1 - days / m.renewalHorizonDays) : 1;
  const before = sigmoid(logit);
  const scored: { step: Step; small: boolean; rank: number }[] = [];
  const listed: Candidate[] = [];
  for (const c of candidates(account, now, config, ranked)) {
    // Identical steps are listed once. Each kind's action starts with its own words, so only a
    // candidate of the same kind can repeat one (two tickets with the same id); comparing kinds
    // first spares comparing (and flattening) the freshly built action texts.
    if (listedAlready(listed, c)) continue;
    listed.push(c);
    const probabilityGain = risk ? sigmoid(logit + c.logitGain * horizon) - before : 0;
    const step: Step = {
      kind: c.kind,
      action: c.action,
      expectedGain: Math.round(c.robGain * 10) / 10,
      renewalProbabilityGain: Math.round(probabilityGain * 1000) / 1000,
      effort: c.effort,
      effortText: effortText(c.effort),
      why: '',
      evidence: c.evidence,
    };
    scored.push({ step, small: negligible(step), rank: (c.robGain + PROBABILITY_WORTH * probabilityGain) / c.effort });
  }
  scored.sort((a, b) => tier(a.step.kind, a.small) - tier(b.step.kind, b.small) || b.rank - a.rank || a.step.effort - b.step.effort);
  const steps = scored.map((s) => s.step);
  const best = steps[0];
  if (!best) return { nextBestStep: null, alternatives: [] };
  const alternatives = steps.slice(1);
  let setAside = 0;
  for (const s of scored) if (s.small) setAside++;
  best.why = explain(best, alternatives, setAside, daysToRenewal(account.asOfMs, account.renewalMs), risk ? before : null);
  return { nextBestStep: best, alternatives };
}

/**
 * Below 1 % (or above 99 %) a step's gain in log-odds hardly moves the probability: say where it
 * stands rather than "no measurable change", which reads as if the step did not matter.
 */
function renewalText(gain: number, before: number | null): string {
  const pp = Math.round(gain * 1000) / 10;
  if (pp >= 0.1) return `${signed(pp, 1)} percentage ${pp === 1 ? 'point' : 'points'} of renewal probability`;
  if (before !== null && before + gain < 0.01) return 'a renewal probability that stays below 1%';
  if (before !== null && before > 0.99) return 'a renewal probability that stays above 99%';
  return 'no measurable change in renewal probability';
}

function gainText(s: Step, before: number | null): string {
  const rob = s.expectedGain >= 0.05 ? `about ${plural(Math.round(s.expectedGain * 10) / 10, 'ROB point')}` : 'no measurable ROB change';
  return `${rob} and ${renewalText(s.renewalProbabilityGain, before)}, for ${effortText(s.effort)} of work`;
}

/**
 * `setAside` is how many steps were listed last for a gain below MIN_STEP_GAIN; `before` is the
 * probability of renewing before any step, null without a risk assessment.
 */
function explain(best: Step, others: readonly Step[], setAside: number, days: number | null, before: number | null): string {
  if (best.kind === 'complete_data') return 'Without active users the score cannot be measured; every other step depends on it.';
  const runnerUp = others[0];
  const comparison = runnerUp ? ` Next best: “${runnerUp.action}”, ${gainText(runnerUp, before)}.` : '';
  if (best.kind === 'confirm_renewal' && days !== null) {
    if (days < 0) return `The renewal date passed ${plural(-days, 'day')} ago and no outcome is recorded: find out where the renewal stands before planning anything else.${comparison}`;
    return `The renewal is due ${dueWhen(days)}: work that takes days cannot change the decision now, so confirm it with the customer first.${comparison}`;
  }
  if (best.kind === 'answer_ask') return `The customer asked to cancel or buy less: answering that comes before any other step.${comparison}`;
  if (isBlocker(best.kind)) return `A severe problem comes before adoption work and check-ins. Expected: ${gainText(best, before)}.${comparison}`;
  if (best.kind === 'agree_objectives') return `No objectives are agreed yet: without them there is no plan to measure success against.${comparison}`;
  const why = best.kind === 'schedule_check_in' ? 'a check-in keeps the relationship warm and the objectives current' : 'this is the cheapest useful step';
  // Every step is worth less than MIN_STEP_GAIN (the best one is not set aside only because its
  // worth is not all measured): say so rather than "the most per effort".
  if (setAside > 0 && worth(best) < MIN_STEP_GAIN && !(before !== null && before < 0.01)) return `No step is worth a full ROB point right now; ${why}.${comparison}`;
  if (best.expectedGain < 0.05 && best.renewalProbabilityGain < 0.001) {
    if (before !== null && before < 0.01) return `The renewal probability is below 1% and no single step moves it measurably; ${why}.${comparison}`;
    return `Nothing measurable stands in the way right now; ${why}.${comparison}`;
  }
  // Steps set aside as too small are not counted among those it was chosen from.
  return `Expected: ${gainText(best, before)}, the most per effort of ${plural(others.length + 1 - setAside, 'possible step')}.${comparison}`;
}
