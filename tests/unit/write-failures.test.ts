import { describe, expect, it } from '@jest/globals';
import { recordFailureCode } from '../../server/crm/hubspot/errors.ts';
import { classifyWriteFailure } from '../../server/service/write-failures.ts';

describe('classifyWriteFailure (by the port\'s error code)', () => {
  it('treats rate limits and outages as the CRM’s weather: retried later without spending an attempt', () => {
    for (const code of ['rate_limited', 'server', 'network'] as const) {
      expect(classifyWriteFailure(code)).toMatchObject({ transient: true, permanent: false });
    }
    expect(classifyWriteFailure('server').delayMs).toBeGreaterThan(classifyWriteFailure('rate_limited').delayMs);
  });

  it('gives up at once on values the CRM refused, and spends attempts on anything else', () => {
    for (const code of ['validation', 'not_found'] as const) expect(classifyWriteFailure(code)).toMatchObject({ transient: false, permanent: true });
    for (const code of ['forbidden', 'conflict', 'unauthorized', 'unknown'] as const) expect(classifyWriteFailure(code)).toMatchObject({ transient: false, permanent: false });
  });
});

describe('HubSpot per-record failures → the port\'s codes (by category, never by message)', () => {
  it.each([
    ['VALIDATION_ERROR', 'validation'],
    ['PROPERTY_DOESNT_EXIST', 'validation'],
    ['OBJECT_NOT_FOUND', 'not_found'],
    ['RATE_LIMITS', 'rate_limited'],
    ['TEN_SECONDLY_ROLLING', 'rate_limited'],
    ['MISSING_SCOPES', 'forbidden'],
    ['INTERNAL_ERROR', 'server'],
    [null, 'server'],
  ] as const)('%s → %s', (category, code) => {
    expect(recordFailureCode(category)).toBe(code);
  });
});
