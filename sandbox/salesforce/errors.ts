// Salesforce's error shapes: REST bodies are arrays of {message, errorCode, fields}; per-record
// results of sObject Collections use statusCode instead; OAuth errors are {error, error_description}.
export interface RestErrorItem {
  message: string;
  errorCode: string;
  fields?: string[];
}

export interface RecordError {
  statusCode: string;
  message: string;
  fields: string[];
}

export class SalesforceError extends Error {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Record<string, string>;

  constructor(status: number, body: unknown, headers: Record<string, string> = {}) {
    super(Array.isArray(body) ? String((body[0] as RestErrorItem | undefined)?.message) : JSON.stringify(body));
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

export function restError(status: number, errorCode: string, message: string, fields?: string[]): SalesforceError {
  return new SalesforceError(status, [{ message, errorCode, ...(fields ? { fields } : {}) }]);
}

export const invalidSession = (): SalesforceError => restError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
export const requestLimitExceeded = (): SalesforceError => restError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
export const notFound = (): SalesforceError => restError(404, 'NOT_FOUND', 'The requested resource does not exist');
export const malformedQuery = (message: string): SalesforceError => restError(400, 'MALFORMED_QUERY', message);
export const invalidType = (name: string): SalesforceError => restError(404, 'NOT_FOUND', `The requested resource does not exist`, [name]);
export const jsonParserError = (message: string): SalesforceError => restError(400, 'JSON_PARSER_ERROR', message);

export function oauthError(error: string, description: string, status = 400): SalesforceError {
  return new SalesforceError(status, { error, error_description: description });
}

export function recordError(statusCode: string, message: string, fields: string[] = []): RecordError {
  return { statusCode, message, fields };
}
