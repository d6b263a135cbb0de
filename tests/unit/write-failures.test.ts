import { describe, expect, it } from '@jest/globals';
import { classifyWriteFailure } from '../../server/service/write-failures.ts';

describe('classifyWriteFailure', () => {
  it('treats rate limits and outages as the CRM’s weather: retried later without spending an attempt', () => {
    for (const code of ['rate_limited', 'TEN_SECONDLY_ROLLING', 'SECONDLY', 'RATE_LIMIT', 'server', 'network', 'INTERNAL_ERROR']) {
      expect(classifyWriteFailure(code)).toMatchObject({ transient: true, permanent: false });
    }
    expect(classifyWriteFailure('DAILY').delayMs).toBeGreaterThan(classifyWriteFailure('TEN_SECONDLY_ROLLING').delayMs);
  });

  it('gives up at once on values the CRM refused, and spends attempts on anything else', () => {
    for (const code of ['VALIDATION_ERROR', 'OBJECT_NOT_FOUND', 'validation', 'not_found']) expect(classifyWriteFailure(code)).toMatchObject({ transient: false, permanent: true });
    for (const code of ['forbidden', 'MISSING_SCOPES', 'conflict']) expect(classifyWriteFailure(code)).toMatchObject({ transient: false, permanent: false });
  });
});
