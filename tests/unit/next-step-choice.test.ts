// What the one next best step names and whether it is worth doing: the cases a CS manager's audit
// of the engine's output found (the renewal call naming the oldest bug while an outage had just
// started).
import { describe, expect, it } from '@jest/globals';
import type { AccountResult } from '../../server/domain/result.ts';
import type { AccountSnapshotInput } from '../../server/domain/snapshot.ts';
import { healthy } from '../helpers/archetypes.ts';
import { score, urgentBug } from '../helpers/snapshots.ts';

const steps = (r: AccountResult) => [r.plan.nextBestStep!, ...r.plan.alternatives];

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
