// The console's renewal model section (cards/web/ModelSection.tsx's ModelDetails): under "Learned
// from N renewals on DATE" it says how many past renewals could not be scored and why, and says
// nothing when every one was (or none was reported). Rendered to HTML with React's server renderer.
import { describe, expect, it } from '@jest/globals';
import { renderToStaticMarkup } from 'react-dom/server';
import { RECOMPUTE_POLL, recomputePollDelay, type ModelView } from '../../cards/model/index.ts';
import { ModelDetails } from '../../cards/web/ModelSection.tsx';
import { fixtures } from '../fixtures/api/fixtures.ts';

const render = (view: ModelView) => renderToStaticMarkup(<ModelDetails view={view} locale="en-US" busy={false} onChoose={() => undefined} />);
const paragraph = (html: string, testId: string) => new RegExp(`<p data-testid="${testId}"[^>]*>([^<]*)</p>`).exec(html)?.[1] ?? null;

describe('the renewal model on the console', () => {
  it('says under "Learned from" which renewals could not be scored, why, and what would let them count', () => {
    const recorded = fixtures.renewalModel();
    const html = render({ ...recorded, latest: { ...recorded.latest!, skipped: { usage_history_too_short: 640, not_yet_a_customer: 2 }, horizonDays: 60 } });
    expect(paragraph(html, 'model-learned-from')).toMatch(/^Nothing learned yet: 39 renewals checked on /);
    // The horizon is the one the server's backtest used (60 days here), not a fixed one.
    expect(paragraph(html, 'model-skipped')).toBe(
      '640 earlier renewals could not be scored because the usage history does not reach back far enough before them (usage counts kept further back in the CRM would let them count); ' +
        '2 earlier renewals because they closed within 60 days of the date the CRM says the customer started (if that date is wrong, correcting the date would let them count).',
    );
    expect(html.indexOf('data-testid="model-skipped"')).toBeGreaterThan(html.indexOf('data-testid="model-learned-from"'));
    expect(html.indexOf('data-testid="model-skipped"')).toBeLessThan(html.indexOf(recorded.latest!.reason));
  });

  it('says nothing of skipped renewals when every one was scored', () => {
    const recorded = fixtures.renewalModel();
    const html = render({ ...recorded, latest: { ...recorded.latest!, skipped: {} } });
    expect(paragraph(html, 'model-learned-from')).toMatch(/^Nothing learned yet: 39 renewals checked on /);
    expect(html).not.toContain('model-skipped');
    // A model stored before skipped renewals were recorded reports none: nothing to say either.
    const unreported = { ...recorded.latest! };
    delete unreported.skipped;
    expect(render({ ...recorded, latest: unreported })).not.toContain('model-skipped');
  });

  it("says what the recorded portal's model could not learn from (the sidecar's own payload)", () => {
    const recorded = fixtures.renewalModel();
    expect(recorded.latest!.skipped).toEqual({ usage_history_too_short: 85 });
    expect(paragraph(render(recorded), 'model-skipped')).toBe(
      '85 earlier renewals could not be scored because the usage history does not reach back far enough before them (usage counts kept further back in the CRM would let them count).',
    );
  });

  it('says "Learned from" only when a model was learned, and explains the weights in plain words', () => {
    const recorded = fixtures.renewalModel();
    expect(recorded.latest!.mode).toBe('global');
    const kept = render(recorded);
    expect(paragraph(kept, 'model-learned-from')).toMatch(/^Nothing learned yet: 39 renewals checked on .*, and the default model kept\. The figures below measure the default model on them\.$/);
    expect(kept).not.toContain('The default model on the same renewals');
    const learned = render({ ...recorded, inUse: { version: 'portal-2', source: 'learned' }, latest: { ...recorded.latest!, mode: 'fitted', version: 'portal-2' } });
    expect(paragraph(learned, 'model-learned-from')).toMatch(/^Learned from 39 renewals on /);
    expect(learned).toContain('The default model on the same renewals');
    expect(paragraph(learned, 'model-coefficients-help')).toMatch(/^Above 0 a factor raises the predicted chance of renewing, below 0 lowers it/);
    expect(paragraph(learned, 'model-reliability-help')).toMatch(/^The renewals sorted by the chance the model gave them/);
    expect(paragraph(learned, 'model-levels-help')).toMatch(/^How often the renewals the model put at each risk level actually renewed/);
    expect(paragraph(learned, 'model-horizon')).toMatch(/^Each past renewal below was scored as the account stood 30 days before it closed/);
    // Too few renewals to hold any out: no check to report.
    expect(paragraph(kept, 'model-held-out')).toBeNull();
  });

  it('says, when only the intercept and slope were fitted, that the weights column is the default × slope and no factor was learned', () => {
    const recorded = fixtures.renewalModel();
    const scaled = recorded.latest!.coefficients.map((c) => ({ ...c, value: Math.round(c.global * 0.8 * 10_000) / 10_000 }));
    const headers = (html: string) => [...new RegExp('<table class="table" data-testid="model-coefficients">.*?</thead>', 's').exec(html)![0].matchAll(/<th[^>]*>([^<]*)<\/th>/g)].map((m) => m[1]);
    const recalibrated = render({ ...recorded, latest: { ...recorded.latest!, mode: 'recalibrated', coefficients: scaled } });
    expect(headers(recalibrated)).toEqual(['Factor', 'What it reads', 'Default × slope', 'Default']);
    const text = (html: string, testId: string) => paragraph(html, testId)?.replaceAll('&#x27;', "'").replaceAll('&quot;', '"') ?? null;
    expect(text(recalibrated, 'model-coefficients-note')).toBe(
      'Too few renewals to learn each factor\'s weight: only the overall level (the intercept) and one scale for all the weights (the slope, ×0.8 here) were fitted. The "Default × slope" column is each default weight times that scale, not a weight learned for the factor, so the accounts keep the default model\'s order.',
    );
    // Only the level moved (the slope held at 1): every factor keeps its default weight.
    expect(text(render({ ...recorded, latest: { ...recorded.latest!, mode: 'recalibrated' } }), 'model-coefficients-note')).toBe('Too few renewals to learn each factor\'s weight: only the overall level (the intercept) was moved, and every factor keeps its default weight.');
    // A full fit learned each weight: "Learned", and no such note.
    const fitted = render({ ...recorded, latest: { ...recorded.latest!, mode: 'fitted', coefficients: scaled } });
    expect(headers(fitted)).toEqual(['Factor', 'What it reads', 'Learned', 'Default']);
    expect(fitted).not.toContain('model-coefficients-note');
    // The recorded portal's fit kept the default model: nothing was learned, the column says what it is.
    expect(recorded.latest!.mode).toBe('global');
    expect(headers(render(recorded))).toEqual(['Factor', 'What it reads', 'In use (the default)', 'Default']);
  });

  it('shows the Brier score, its skill and the calibration error beside the AUC, each with what it means', () => {
    const recorded = fixtures.renewalModel();
    const kept = render(recorded);
    // The recorded portal's fit kept the default model: its figures once, without a "default model" beside them.
    expect(paragraph(kept, 'model-brier')).toBe('Brier score 0.202: the average squared gap between the chance given and what happened (1 renewed, 0 lost). 0 is perfect, always saying 50% scores 0.25; lower is better.');
    expect(paragraph(kept, 'model-brier-skill')).toBe('Brier skill -6%: how much lower that score is than always predicting the share of renewals that renewed. 0% is no better than that, 100% perfect, below 0% worse.');
    expect(paragraph(kept, 'model-ece')).toBe('Calibration error 21.5 percentage points (ECE): how far, on average over the renewals, the share that renewed sits from the chance given, group by group as in the chart below. 0 is perfect.');
    const b = recorded.latest!.backtest;
    const learned = render({ ...recorded, latest: { ...recorded.latest!, mode: 'fitted', backtest: { ...b, brier: 0.1784, brierSkill: 0.1204, ece: 0.0312 } } });
    expect(paragraph(learned, 'model-brier')).toMatch(/^Brier score 0\.178 \(the default model: 0\.202\): /);
    expect(paragraph(learned, 'model-brier-skill')).toMatch(/^Brier skill 12% \(the default model: -6%\): /);
    expect(paragraph(learned, 'model-ece')).toMatch(/^Calibration error 3\.1 percentage points \(ECE; the default model: 21\.5\): /);
    expect(learned.indexOf('data-testid="model-brier"')).toBeGreaterThan(learned.indexOf('data-testid="model-auc"'));
    // No figure (no renewals with an outcome): no sentence rather than a dash.
    expect(render({ ...recorded, latest: { ...recorded.latest!, backtest: { ...b, brier: null, brierSkill: null, ece: null } } })).not.toMatch(/model-brier|model-ece/);
  });

  it('says how far recomputing every account with the model in use has got, and when it finished', () => {
    const recorded = fixtures.renewalModel();
    const running = render({ ...recorded, recompute: { accounts: 1200, current: 345, lastComputedAt: '2026-12-07T19:20:05.000Z' } });
    expect(paragraph(running, 'model-recompute')).toBe('Recomputing every account with this model: 345 of 1,200 done so far.');
    expect(paragraph(render({ ...recorded, recompute: { accounts: 1200, current: 1200, lastComputedAt: '2026-12-07T19:31:00.000Z' } }), 'model-recompute')).toBe('All 1,200 accounts are computed with this model (the last on Dec 7, 2026, 7:31 PM UTC).');
    // No accounts yet, or a server that does not say: nothing.
    expect(render({ ...recorded, recompute: { accounts: 0, current: 0, lastComputedAt: null } })).not.toContain('model-recompute');
    const older = { ...recorded };
    delete older.recompute;
    expect(render(older)).not.toContain('model-recompute');
    // Followed after a switch while it runs, for at most RECOMPUTE_POLL.forMs.
    const view = { ...recorded, recompute: { accounts: 10, current: 3, lastComputedAt: null } };
    expect(recomputePollDelay(view, 0, 1_000)).toBe(RECOMPUTE_POLL.everyMs);
    expect(recomputePollDelay(view, 0, RECOMPUTE_POLL.forMs + 1)).toBeNull();
    expect(recomputePollDelay({ ...view, recompute: { accounts: 10, current: 10, lastComputedAt: '2026-12-07T19:31:00.000Z' } }, 0, 1_000)).toBeNull();
  });

  it('reports the held-out check the choice was made on, apart from the in-sample figures', () => {
    const recorded = fixtures.renewalModel();
    const heldOut = { from: '2025-08-12', train: 1043, renewals: 447, learned: { auc: 0.7412, brier: 0.18, logLoss: 0.53 }, global: { auc: 0.7013, brier: 0.19, logLoss: 0.56 } };
    const html = render({ ...recorded, latest: { ...recorded.latest!, mode: 'fitted', heldOut } });
    expect(paragraph(html, 'model-held-out')).toBe('Checked on the 447 newest renewals (closing from Aug 12, 2025), which a model fitted on the 1,043 older ones never saw: that model ranked them right 74% of the time, the default model 70%. Unlike the figures below, this check scores renewals the fit did not learn from.');
    // A fit without an AUC on the newest renewals (one outcome only) says nothing rather than a dash.
    expect(paragraph(render({ ...recorded, latest: { ...recorded.latest!, heldOut: { ...heldOut, learned: { ...heldOut.learned, auc: null } } } }), 'model-held-out')).toBeNull();
  });
});
