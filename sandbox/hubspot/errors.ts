// HubSpot-shaped error bodies. HubSpot answers errors as
// {status:'error', message, correlationId, category, subCategory?, context?, errors?}; rate limits
// use {status, message, errorType:'RATE_LIMIT', correlationId, policyName}.
import { randomUUID } from 'node:crypto';

export function correlationId(): string {
  return randomUUID();
}

export interface ErrorBody {
  status: string;
  message: string;
  correlationId: string;
  category?: string;
  subCategory?: string;
  context?: Record<string, string[]>;
  errors?: Array<Record<string, unknown>>;
  links?: Record<string, string>;
  errorType?: string;
  policyName?: string;
}

/** One entry of `errors` in a 207 batch answer: the inputs it names in `context`. */
export interface BatchInputError {
  status: 'error';
  category: string;
  subCategory?: string;
  message: string;
  context: Record<string, string[]>;
}

const PASSING_FAILURE_MESSAGES = {
  INTERNAL_ERROR: 'Some inputs could not be processed because of a temporary error. Please retry them.',
  RATE_LIMITS: 'Some inputs were not processed because a rate limit was reached. Please retry them.',
} as const;

/** Inputs of a batch that failed for a passing reason (an injected fault): worth asking again. */
export function failedInputsError(ids: string[], category: keyof typeof PASSING_FAILURE_MESSAGES = 'INTERNAL_ERROR'): BatchInputError {
  return { status: 'error', category, message: PASSING_FAILURE_MESSAGES[category], context: { ids } };
}

/** Thrown by handlers; the route pipeline turns it into the HTTP answer. */
export class HubSpotError extends Error {
  readonly status: number;
  readonly body: ErrorBody;
  readonly headers: Record<string, string>;

  constructor(status: number, body: ErrorBody, headers: Record<string, string> = {}) {
    super(body.message);
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

export function errorBody(category: string, message: string, extra: Partial<ErrorBody> = {}): ErrorBody {
  return { status: 'error', message, correlationId: correlationId(), category, ...extra };
}

export function validationError(message: string, extra: Partial<ErrorBody> = {}): HubSpotError {
  return new HubSpotError(400, errorBody('VALIDATION_ERROR', message, extra));
}

export function notFound(message: string, extra: Partial<ErrorBody> = {}): HubSpotError {
  return new HubSpotError(404, errorBody('OBJECT_NOT_FOUND', message, extra));
}

export function conflict(message: string): HubSpotError {
  return new HubSpotError(409, errorBody('OBJECT_ALREADY_EXISTS', message));
}

/** HubSpot's answer to a path segment that names no object type. */
export function unknownObjectType(raw: string): HubSpotError {
  return validationError(`Unable to infer object type from: ${raw}`);
}

/** A zod failure as HubSpot's "Invalid input JSON" style 400 (docs show the field path in the message). */
export function invalidInput(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): HubSpotError {
  const detail = issues
    .slice(0, 5)
    .map((i) => `${i.path.length > 0 ? i.path.map(String).join('.') : '(root)'}: ${i.message}`)
    .join('; ');
  return validationError(`Invalid input JSON: ${detail}`);
}

const AUTH_HELP = 'https://developers.hubspot.com/docs/methods/auth/oauth-overview';

/** 401 for a missing or unknown token (HubSpot's wording for both). */
export function missingCredentials(): HubSpotError {
  return new HubSpotError(
    401,
    errorBody('INVALID_AUTHENTICATION', `Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at ${AUTH_HELP}`),
    { 'X-HubSpot-Auth-Failure': '401 Unauthorized' },
  );
}

function ago(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} second(s)`;
  if (s < 3600) return `${Math.floor(s / 60)} minute(s)`;
  if (s < 86_400) return `${Math.floor(s / 3600)} hour(s)`;
  return `${Math.floor(s / 86_400)} day(s)`;
}

/** 401 for an expired access token, as HubSpot words it (with the expiry in `context`). */
export function expiredToken(expiredAt: number, now: number): HubSpotError {
  return new HubSpotError(
    401,
    errorBody('EXPIRED_AUTHENTICATION', `The OAuth token used to make this call expired ${ago(now - expiredAt)} ago.`, {
      context: { 'expire time': [new Date(expiredAt).toISOString()] },
    }),
    { 'X-HubSpot-Auth-Failure': '401 Unauthorized' },
  );
}

export function tenSecondlyLimit(headers: Record<string, string> = {}): HubSpotError {
  return new HubSpotError(
    429,
    {
      status: 'error',
      message: 'You have reached your ten_secondly_rolling limit.',
      errorType: 'RATE_LIMIT',
      correlationId: correlationId(),
      policyName: 'TEN_SECONDLY_ROLLING',
    },
    headers,
  );
}

/** Search's own limit; the wording is the one @hubspot/api-client's retry decorator matches on. */
export function secondlyLimit(): HubSpotError {
  return new HubSpotError(429, {
    status: 'error',
    message: 'You have reached your secondly limit.',
    errorType: 'RATE_LIMIT',
    correlationId: correlationId(),
    policyName: 'SECONDLY',
  });
}
