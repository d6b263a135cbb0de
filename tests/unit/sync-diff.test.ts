import { describe, expect, it } from '@jest/globals';
import { changedProperties } from '../../server/sync/diff.ts';
import { score, contractExample } from '../helpers/snapshots.ts';

const next = score(contractExample()).properties;

describe('changedProperties', () => {
  it('writes everything to an empty record, with the computation time', () => {
    expect(Object.keys(changedProperties({}, next)).sort()).toEqual(Object.keys(next).sort());
  });

  it('writes nothing when only the computation time would change', () => {
    expect(changedProperties({ ...next, success_computed_at: '2020-01-01T00:00:00.000Z' }, next)).toEqual({});
  });

  it('writes only what changed, plus the computation time', () => {
    expect(changedProperties({ ...next, success_rob_score: '10' }, next)).toEqual({ success_rob_score: next.success_rob_score, success_computed_at: next.success_computed_at });
  });

  it('treats numbers HubSpot stores differently ("49.30") as equal, and blank as null', () => {
    expect(changedProperties({ ...next, success_rob_score: `${next.success_rob_score}0` }, next)).toEqual({});
    const blank = { ...next, success_rob_trend_30d: '' };
    expect(changedProperties({ ...blank, success_rob_trend_30d: null }, blank)).toEqual({});
  });

  it('leaves skipped properties alone', () => {
    expect(changedProperties({ ...next, success_rob_score: '10' }, next, new Set(['success_rob_score']))).toEqual({});
  });
});
