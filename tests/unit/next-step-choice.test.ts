// What the one next best step names and whether it is worth doing: the cases a CS manager's audit
// of the engine's output found (the renewal call naming the oldest bug while an outage had just
// started; an adoption session worth less than a point chosen over a check-in).
import { describe, expect, it } from '@jest/globals';
import type { AccountResult } from '../../server/domain/result.ts';
import type { AccountSnapshotInput } from '../../server/domain/snapshot.ts';
import { MIN_STEP_GAIN, PROBABILITY_WORTH } from '../../server/domain/next-step.ts';
import { healthy, ticket } from '../helpers/archetypes.ts';
import { daysAgo, score, urgentBug } from '../helpers/snapshots.ts';
import { DEFAULT_ENGINE_CONFIG } from '../../server/domain/engine-config.ts';
import { GLOBAL_RISK_MODEL } from '../../server/domain/risk-model.ts';

const steps = (r: AccountResult) => [r.plan.nextBestStep!, ...r.plan.alternatives];
const worth = (s: { expectedGain: number; renewalProbabilityGain: number }) => s.expectedGain + PROBABILITY_WORTH * s.renewalProbabilityGain;

/** Renewing in 5 days; a high bug open two months and an urgent outage opened this morning. */
function renewingWithOutage(): AccountSnapshotInput {
  const input = healthy();
  input.account = { ...input.account, renewalDate: '2026-11-06' };
  input.tickets = [
    ...input.tickets!,
    { ...urgentBug('b-old', 60), priority: 'high' as const, subject: 'Export slow' },
    { ...urgentBug('o-now', 0.25), type: 'outage' as const, subject: 'Login down', messages: [] },
  ];
  return input;
}

describe('the renewal call names the ticket a CSM would raise', () => {
  it('an urgent outage opened this morning, not a high bug open for two months', () => {
    const step = score(renewingWithOutage()).plan.nextBestStep!;
    expect(step.kind).toBe('confirm_renewal');
    expect(step.action).toBe('Call Eve before the renewal on 2026-11-06 (in 5 days) to confirm it and agree a plan for the urgent outage o-now');
  });

  it('of two tickets equally severe, the one open longer', () => {
    const input = renewingWithOutage();
    input.tickets!.push({ ...urgentBug('o-older', 3), type: 'outage' as const, subject: 'Sync down' });
    expect(score(input).plan.nextBestStep!.action).toMatch(/agree a plan for the urgent outage o-older$/);
  });

  it('lists the show-stoppers in the same order, so every text that ranks tickets names the same one first', () => {
    const r = score(renewingWithOutage());
    expect(r.plan.showStoppers.filter((s) => s.kind === 'open_severe_ticket').map((s) => s.evidence[0])).toEqual(['o-now', 'b-old']);
    // "Heaviest" means one thing: no reason calls another ticket the heaviest.
    const texts = [...r.rob.components.map((c) => c.reason), ...r.risk.notes.map((n) => n.text), ...r.plan.showStoppers.map((s) => s.title), ...steps(r).flatMap((s) => [s.action, s.why])];
    for (const t of texts.filter((x) => /heaviest/i.test(x))) expect(t).toMatch(/urgent outage/);
  });
});

describe('a step worth next to nothing is not the one next best step', () => {
  /** 85 of 110 seats in use: an adoption session tops utilisation up to the 80 % mark, less than a point. */
  const nearlyFull = () => {
    const input = healthy();
    input.account = { ...input.account, licensedSeats: 110 };
    return input;
  };

  it('a check-in comes before an adoption session worth less than MIN_STEP_GAIN', () => {
    const r = score(nearlyFull());
    const adoption = steps(r).find((s) => s.kind === 'adoption_session')!;
    expect(worth(adoption)).toBeGreaterThan(0);
    expect(worth(adoption)).toBeLessThan(MIN_STEP_GAIN);
    expect(r.plan.nextBestStep!.kind).toBe('schedule_check_in');
    // Still listed, with its honest figure, after the steps worth doing.
    expect(r.plan.alternatives.at(-1)!.kind).toBe('adoption_session');
    expect(r.plan.nextBestStep!.why).toMatch(/^No step is worth a full ROB point right now; a check-in keeps the relationship warm and the objectives current\./);
    // With 200 seats the same session is worth several points, and comes first.
    const input = healthy();
    input.account = { ...input.account, licensedSeats: 200 };
    const wide = score(input).plan.nextBestStep!;
    expect(wide.kind).toBe('adoption_session');
    expect(worth(wide)).toBeGreaterThanOrEqual(MIN_STEP_GAIN);
  });

  it('a how-to guide worth less than MIN_STEP_GAIN is not chosen over a check-in', () => {
    const input = healthy();
    // Two quick how-to questions in a month of a 1,000-user account: a guide saves a sliver of burden.
    input.account = { ...input.account, licensedSeats: 1010 };
    input.usage = { activeUsers: 1000, history: [{ date: '2026-05-01', activeUsers: 1000 }] };
    input.tickets = [...input.tickets!, ticket('q-1', { daysAgo: 6, closedAfterDays: 1 }), ticket('q-2', { daysAgo: 3, closedAfterDays: 1 })];
    const r = score(input);
    const guide = steps(r).find((s) => s.kind === 'deflect_how_to')!;
    expect(worth(guide)).toBeLessThan(MIN_STEP_GAIN);
    expect(r.plan.nextBestStep!.kind).toBe('schedule_check_in');
  });
});

describe("a step's gain in renewal probability under the model that scores the account", () => {
  /** Healthy, renewing in a year, but the champion Dana left a month ago. */
  function championGone(): AccountSnapshotInput {
    const input = healthy();
    input.account = { ...input.account, renewalDate: '2027-11-01' };
    input.contacts = input.contacts!.map((c) => (c.role === 'champion' ? { ...c, active: false, leftAt: daysAgo(30) } : c));
    return input;
  }
  const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
  const logit = (p: number) => Math.log(p / (1 - p));

  it("starts from the probability shown and reads the portal's weights, not the global model's", () => {
    // A portal's calibration: renewing more likely overall, a lost champion weighing −2.
    const portal = { ...GLOBAL_RISK_MODEL, version: 'portal-7', intercept: GLOBAL_RISK_MODEL.intercept + 1.5, coefficients: { ...GLOBAL_RISK_MODEL.coefficients, champion_lost: -2 } };
    for (const model of [GLOBAL_RISK_MODEL, portal]) {
      const r = score(championGone(), { ...DEFAULT_ENGINE_CONFIG, riskModel: model });
      const step = steps(r).find((s) => s.kind === 're_engage_champion')!;
      const p = r.risk.renewalProbability!;
      // Replacing the champion removes the champion_lost effect (no renewal within 180 days: no horizon share).
      const expected = sigmoid(logit(p) - (model.coefficients.champion_lost ?? 0)) - p;
      expect(step.renewalProbabilityGain).toBeCloseTo(expected, 2);
    }
  });
});
