// Kaizen: out of the candidate actions, the one with the largest expected gain for its effort.
// Each candidate is a change to the account as if the action had been taken now; its gain is
// measured by re-running the same assessment on the changed account.
import type { Assessment } from './assess.ts';
import { assess } from './assess.ts';
import type { EngineConfig } from './engine-config.ts';
import { num, plural, signed, ticketLabel } from './format.ts';
import { rankObjectives } from './objectives.ts';
import type { PreparedAccount, PreparedTicket } from './prepare.ts';
import type { Step, StepKind } from './result.ts';
import { lostContact, severeOpenTickets } from './show-stoppers.ts';
import { FULL_UTILISATION } from './components/usage.ts';
import { DAY_MS } from './time.ts';

/** Relative effort of each kind of step: 1 ≈ half a day of CSM or support work. */
export const STEP_EFFORT: Record<StepKind, number> = {
  resolve_ticket: 2,
  re_engage_champion: 3,
  adoption_session: 2,
  close_objective_gap: 3,
  schedule_check_in: 0.5,
  deflect_how_to: 1.5,
  complete_data: 1,
};
/** Resolving an outage takes longer than a bug. */
const OUTAGE_EFFORT = 3;
/**
 * When ranking steps, a change of renewal probability from 0 to 1 counts like this many ROB points
 * (so one percentage point of renewal probability is worth 0.2 ROB points).
 */
export const PROBABILITY_WORTH = 20;
/** An adoption session is expected to activate this share of the unused seats. */
const ADOPTION_LIFT = 0.3;
/** A how-to guide or training is expected to deflect this share of recent how-to tickets. */
const DEFLECTION_SHARE = 0.5;
const MAX_TICKET_CANDIDATES = 3;

interface Candidate {
  kind: StepKind;
  action: string;
  effort: number;
  evidence: string[];
  /** False when the step changes only what ROB does not read (contacts, objectives, engagements). */
  changesRob: boolean;
  apply(account: PreparedAccount): PreparedAccount;
}

function withTickets(account: PreparedAccount, tickets: readonly PreparedTicket[]): PreparedAccount {
  return { ...account, tickets };
}

function candidates(account: PreparedAccount, now: Assessment, config: EngineConfig): Candidate[] {
  const at = account.asOfMs;
  const list: Candidate[] = [];
  if (now.rob.usage.users === null) {
    list.push({
      kind: 'complete_data',
      action: 'Map active users (and licensed seats) for this account so usage, ticket burden and savings can be measured',
      effort: STEP_EFFORT.complete_data,
      evidence: [account.snapshot.account.id],
      changesRob: false,
      apply: (a) => a,
    });
  }
  if (now.rob.score === null) return list;

  for (const t of severeOpenTickets(account, at).slice(0, MAX_TICKET_CANDIDATES)) {
    const days = Math.floor((at - t.createdMs) / DAY_MS);
    list.push({
      kind: 'resolve_ticket',
      action: `Resolve ${ticketLabel(t.priority, t.type)} ${t.id}${t.subject ? ` “${t.subject}”` : ''}, open ${plural(days, 'day')}`,
      effort: t.type === 'outage' ? OUTAGE_EFFORT : STEP_EFFORT.resolve_ticket,
      evidence: [t.id],
      changesRob: true,
      apply: (a) => withTickets(a, a.tickets.map((x) => (x.id === t.id ? { ...x, closedMs: at } : x))),
    });
  }
  const champion = lostContact(account.contacts, 'champion');
  if (champion) {
    list.push({
      kind: 're_engage_champion',
      action: `Find a new champion to replace ${champion.name} and win them over`,
      effort: STEP_EFFORT.re_engage_champion,
      evidence: [champion.id],
      changesRob: false,
      apply: (a) => ({ ...a, contacts: [...a.contacts, { id: 'new-champion', name: 'a new champion', role: 'champion', active: true, lastEngagedMs: at }] }),
    });
  }
  const { users, utilisation } = now.rob.usage;
  if (users !== null && utilisation !== null && utilisation < FULL_UTILISATION && account.seats) {
    const unused = account.seats - users;
    const lift = Math.max(1, Math.round(unused * ADOPTION_LIFT));
    list.push({
      kind: 'adoption_session',
      action: `Run an adoption session for the ${unused} unused seats (aim: ${lift} more active users)`,
      effort: STEP_EFFORT.adoption_session,
      evidence: [account.snapshot.account.id],
      changesRob: true,
      apply: (a) => ({ ...a, usage: [...a.usage.filter((p) => p.ms < at), { ms: at, users: users + lift }] }),
    });
  }
  const top = rankObjectives(account.objectives, at).find((o) => o.status === 'open' || o.status === 'at_risk');
  if (top) {
    const gap = top.current !== null && top.current !== undefined && top.target !== null && top.target !== undefined ? ` (${top.current} → ${top.target}${top.metric ? ` ${top.metric}` : ''})` : '';
    list.push({
      kind: 'close_objective_gap',
      action: `Close the gap on the top objective “${top.statement}”${gap}`,
      effort: STEP_EFFORT.close_objective_gap,
      evidence: [top.id],
      changesRob: false,
      apply: (a) => ({ ...a, objectives: a.objectives.map((o) => (o.id === top.id ? { ...o, status: 'achieved' as const, satisfaction: o.importance } : o)) }),
    });
  }
  const recentFrom = at - config.windows.recentDays * DAY_MS;
  const recentHowTo = account.tickets.filter((t) => t.type === 'how_to' && t.createdMs >= recentFrom && t.createdMs <= at);
  if (recentHowTo.length >= 2) {
    const deflected = new Set(recentHowTo.slice(0, Math.ceil(recentHowTo.length * DEFLECTION_SHARE)).map((t) => t.id));
    list.push({
      kind: 'deflect_how_to',
      action: `Publish a guide or run a training on the questions behind ${plural(recentHowTo.length, 'recent how-to ticket')}`,
      effort: STEP_EFFORT.deflect_how_to,
      evidence: recentHowTo.map((t) => t.id),
      changesRob: true,
      apply: (a) => withTickets(a, a.tickets.filter((t) => !deflected.has(t.id))),
    });
  }
  const person = account.contacts.find((c) => c.active && c.role === 'champion') ?? account.contacts.find((c) => c.active && c.role === 'executive');
  list.push({
    kind: 'schedule_check_in',
    action: `Book a value check-in call${person ? ` with ${person.name}` : ''} to review objectives`,
    effort: STEP_EFFORT.schedule_check_in,
    evidence: person ? [person.id] : [],
    changesRob: false,
    apply: (a) => ({ ...a, meaningfulEngagementMs: [...a.meaningfulEngagementMs.filter((t) => t <= at), at] }),
  });
  return list;
}

export interface NextStepChoice {
  nextBestStep: Step | null;
  alternatives: Step[];
}

export function chooseNextStep(account: PreparedAccount, config: EngineConfig, now: Assessment, pastScore: number | null): NextStepChoice {
  const scored = candidates(account, now, config).map((c) => {
    let robGain = 0;
    let probabilityGain = 0;
    if (now.rob.score !== null && now.risk && c.kind !== 'complete_data') {
      const after = assess(c.apply(account), config, account.asOfMs, pastScore, false, c.changesRob ? undefined : now.rob);
      robGain = (after.rob.score ?? now.rob.score) - now.rob.score;
      probabilityGain = (after.risk?.renewalProbability ?? now.risk.renewalProbability) - now.risk.renewalProbability;
    }
    const rank = (robGain + PROBABILITY_WORTH * probabilityGain) / c.effort;
    return { c, robGain, probabilityGain, rank };
  });
  scored.sort((a, b) => b.rank - a.rank);
  const steps: Step[] = scored.map(({ c, robGain, probabilityGain }) => ({
    kind: c.kind,
    action: c.action,
    expectedGain: Math.round(robGain * 10) / 10,
    renewalProbabilityGain: Math.round(probabilityGain * 1000) / 1000,
    effort: c.effort,
    why: '',
    evidence: c.evidence,
  }));
  const best = steps[0];
  if (!best) return { nextBestStep: null, alternatives: [] };
  best.why = explain(best, steps.slice(1));
  return { nextBestStep: best, alternatives: steps.slice(1) };
}

function gainText(s: Step): string {
  return `${signed(s.expectedGain)} ROB points and ${signed(s.renewalProbabilityGain * 100, 1)} points of renewal probability for effort ${num(s.effort)}`;
}

function explain(best: Step, others: readonly Step[]): string {
  if (best.kind === 'complete_data') return 'Without active users the score cannot be measured; every other step depends on it.';
  const runnerUp = others[0];
  const comparison = runnerUp ? ` The next best, “${runnerUp.action}”, is expected to bring ${gainText(runnerUp)}.` : '';
  if (best.expectedGain <= 0 && best.renewalProbabilityGain <= 0) {
    return `Nothing measurable stands in the way right now; a check-in keeps the relationship warm and the objectives current.${comparison}`;
  }
  return `Expected ${gainText(best)}: the largest gain per effort of ${plural(others.length + 1, 'candidate step')}.${comparison}`;
}
