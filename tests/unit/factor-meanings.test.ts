// Every factor of the renewal model says in plain words what it reads, on the settings page.
import { describe, expect, it } from '@jest/globals';
import { FACTOR_MEANINGS } from '../../app/src/app/cards/lib/model/factor-meanings.ts';
import { renewalModelSection } from '../../app/src/app/cards/lib/model/renewal-model.ts';
import { GLOBAL_RISK_MODEL, RISK_FACTORS } from '../../server/domain/risk-model.ts';
import { fixtures } from '../fixtures/api/fixtures.ts';

describe('factor meanings', () => {
  it('has a plain-words meaning for every factor the model reads, and a global coefficient', () => {
    for (const f of RISK_FACTORS) {
      expect(FACTOR_MEANINGS[f]).toMatch(/^[A-Z][^_]{8,}[^.]$/);
      expect(GLOBAL_RISK_MODEL.coefficients[f]).toEqual(expect.any(Number));
    }
    expect(Object.keys(FACTOR_MEANINGS).sort()).toEqual([...RISK_FACTORS].sort());
  });

  it('shows each weighed factor with its meaning next to its weights', () => {
    const view = fixtures.renewalModel();
    const latest = view.latest!;
    const withYear = { ...view, latest: { ...latest, coefficients: [...latest.coefficients, { factor: 'usage_slope_year', value: 0.8, global: 0 }, { factor: 'tenure', value: 0, global: 0 }] } };
    const rows = renewalModelSection(withYear).learned!.coefficients;
    expect(rows.find((r) => r.factor === 'usage slope year')).toEqual({ factor: 'usage slope year', meaning: FACTOR_MEANINGS.usage_slope_year, value: '0.8', global: '0' });
    expect(rows.find((r) => r.factor === 'tenure')).toBeUndefined(); // weighed by neither model
    expect(rows.find((r) => r.factor === 'champion lost')!.meaning).toBe('The champion left and no other is active');
    expect(renewalModelSection(withYear).learned!.bends).toEqual([]);
  });

  it('says a bend in words, below and above its knot, and lists its coefficient after its factor', () => {
    const view = fixtures.renewalModel();
    const latest = view.latest!;
    const coefficients = [...latest.coefficients.filter((c) => c.factor !== 'seat_utilisation' && c.factor !== 'tenure'), { factor: 'seat_utilisation', value: 0.62, global: 0.1701 }, { factor: 'tenure', value: 0, global: 0 }];
    const bent = { ...view, latest: { ...latest, coefficients, hinges: [{ factor: 'seat_utilisation', knot: -1.53, value: -0.55 }, { factor: 'tenure', knot: 1.5, value: 0.2 }] } };
    const section = renewalModelSection(bent, 'en-US').learned!;
    expect(section.bends).toEqual([
      'seat utilisation: below -1.53 each unit counts 0.62; above -1.53 each unit counts 0.07.',
      'tenure: below 1.5 each unit counts 0; above 1.5 each unit counts 0.2.',
    ]);
    const rows = section.coefficients;
    const at = rows.findIndex((r) => r.factor === 'seat utilisation');
    expect(rows[at + 1]).toEqual({ factor: 'seat utilisation above -1.53', meaning: 'Added to each unit above -1.53: the effect bends there', value: '-0.55', global: '0' });
    // A factor that weighs only above its knot is listed too.
    expect(rows.find((r) => r.factor === 'tenure')).toEqual({ factor: 'tenure', meaning: FACTOR_MEANINGS.tenure, value: '0', global: '0' });
    expect(rows.find((r) => r.factor === 'tenure above 1.5')!.value).toBe('0.2');
  });
});
