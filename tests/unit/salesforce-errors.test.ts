// Salesforce errors as jsforce surfaces them → the port's codes, by code only.
import { describe, expect, it } from '@jest/globals';
import { CrmError } from '../../server/crm/errors.ts';
import { codeOf, retryable, toCrmError } from '../../server/crm/salesforce/errors.ts';

function apiError(errorCode: string, message = 'm'): Error {
  return Object.assign(new Error(message), { name: errorCode, errorCode });
}

describe('toCrmError', () => {
  it.each([
    ['INVALID_SESSION_ID', 'unauthorized'],
    ['invalid_grant', 'unauthorized'],
    ['sf:INVALID_SESSION_ID', 'unauthorized'],
    ['sf:INSUFFICIENT_ACCESS', 'forbidden'],
    ['REQUEST_LIMIT_EXCEEDED', 'rate_limited'],
    ['NOT_FOUND', 'not_found'],
    ['MALFORMED_QUERY', 'validation'],
    ['INVALID_FIELD', 'validation'],
    ['EXCEEDED_ID_LIMIT', 'validation'],
    ['SERVER_UNAVAILABLE', 'server'],
    ['ERROR_HTTP_503', 'server'],
    ['ERROR_HTTP_414', 'validation'],
    ['ERROR_HTTP_429', 'rate_limited'],
    ['MULTIPLE_API_ERRORS', 'validation'],
  ])('%s → %s', (name, code) => {
    const e = toCrmError(apiError(name));
    expect(e).toBeInstanceOf(CrmError);
    expect(e.code).toBe(code);
    expect(e.category).toBe(name);
  });

  it('per-record statusCodes use the same table', () => {
    expect(codeOf('UNABLE_TO_LOCK_ROW')).toBe('conflict');
    expect(codeOf('ENTITY_IS_DELETED')).toBe('not_found');
    expect(codeOf('STRING_TOO_LONG')).toBe('validation');
    expect(codeOf('INVALID_FIELD_FOR_INSERT_UPDATE')).toBe('validation');
  });

  it('connection failures are network errors, whatever the message says', () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    expect(toCrmError(refused).code).toBe('network');
    expect(toCrmError(Object.assign(new Error('x'), { code: 'UND_ERR_SOCKET' })).code).toBe('network');
  });

  it('an unnamed error is a server error, never guessed from its text', () => {
    expect(toCrmError(new Error('Unable to refresh session due to: expired access/refresh token')).code).toBe('server');
    expect(toCrmError('boom').code).toBe('server');
  });

  it('retries locks, limits, 5xx and network failures only', () => {
    expect(['server', 'network', 'rate_limited', 'conflict'].every((c) => retryable(c as never))).toBe(true);
    expect(['validation', 'unauthorized', 'forbidden', 'not_found'].some((c) => retryable(c as never))).toBe(false);
  });
});
