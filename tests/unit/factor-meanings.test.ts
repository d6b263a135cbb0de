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
  });
});
