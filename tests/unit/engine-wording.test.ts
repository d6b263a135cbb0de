// The words a CSM reads, held for a set of archetype accounts: every reason, note, step and
// property value. The snapshot is the reviewed wording; the rules below hold for any account.
import { describe, expect, it } from '@jest/globals';
import { scoreAccount } from '../../server/domain/engine.ts';
import { DEFAULT_ENGINE_CONFIG } from '../../server/domain/engine-config.ts';
import type { AccountResult } from '../../server/domain/result.ts';
import { analyzeSentiment } from '../../server/domain/sentiment/analyze.ts';
import { AccountSnapshot } from '../../server/domain/snapshot.ts';
import { ARCHETYPES } from '../helpers/archetypes.ts';

const results = Object.entries(ARCHETYPES).map(([name, make]) => [name, scoreAccount(AccountSnapshot.parse(make()), { config: DEFAULT_ENGINE_CONFIG, sentiment: { score: analyzeSentiment } })] as const);

function wording(r: AccountResult) {
  const steps = r.plan.nextBestStep ? [r.plan.nextBestStep, ...r.plan.alternatives] : [];
  return {
    components: Object.fromEntries(r.rob.components.map((c) => [c.key, c.reason])),
    risk: r.risk.notes.map((n) => n.text),
    showStoppers: r.plan.showStoppers.map((s) => `${s.title} — ${s.reason}`),
    steps: steps.map((s) => `${s.action} [${s.effortText}]`),
    why: r.plan.nextBestStep?.why ?? '',
    suggested: (r.plan.suggestedObjectives ?? []).map((s) => `${s.statement} (${s.basis})`),
    properties: r.properties,
  };
}

const sentences = (r: AccountResult): string[] => {
  const w = wording(r);
  return [...Object.values(w.components), ...w.risk, ...w.showStoppers, ...w.steps, w.why, ...w.suggested];
};

describe('wording of the archetype accounts', () => {
  it.each(results)('%s reads as reviewed', (_name, r) => {
    expect(wording(r)).toMatchSnapshot();
  });

  it.each(results)('%s: plurals agree with their numbers', (_name, r) => {
    for (const s of sentences(r)) {
      expect(s).not.toMatch(/(^|[^\d.,])1 (tickets|days|seats|users|messages|points|hours|steps|show-stoppers|objectives|questions|weeks)\b/);
      expect(s).not.toMatch(/(^|[^\d.,\-−+])(0|[2-9]|\d{2,}) (ticket|day|seat|user|message|point|hour|step|show-stopper|objective)\b(?!-)/);
    }
  });

  it.each(results)('%s: no engine jargon or unitless figures', (_name, r) => {
    for (const s of [...sentences(r), ...Object.values(r.properties)]) {
      expect(s).not.toMatch(/weighted|aged load|effort \d|per 100 active users|log-odds|baseline of \d/i);
    }
  });

  it.each(results)('%s: a displayed number never contradicts its sentence', (_name, r) => {
    const score = r.properties.success_rob_score;
    const level = r.risk.notes.find((n) => n.factor === 'rob_level');
    if (level) {
      expect(level.text).toContain(`The ROB score, ${score},`);
      const healthy = Number(/healthy mark of (\d+)/.exec(level.text)![1]);
      if (Number(score) < healthy) expect(level.text).toMatch(/below/);
      if (Number(score) > healthy) expect(level.text).toMatch(/above/);
    }
    const trend = r.risk.notes.find((n) => n.factor === 'rob_trend');
    const shownTrend = Number(r.properties.success_rob_trend_30d);
    if (trend && /^Leaving out/.test(trend.text)) expect(trend.text).toContain(`with them it changed ${shownTrend > 0 ? '+' : shownTrend < 0 ? '−' : ''}${String(Math.abs(shownTrend))}`);
    else if (trend) expect(trend.text).toContain(`${String(Math.abs(shownTrend))} point`);
    expect(r.properties.success_plan_summary.length).toBeGreaterThan(0);
  });
});
