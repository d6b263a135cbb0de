// What went wrong talking to the sidecar, and what the user can do about it.
import { WORDING } from './wording.ts';

export type ApiErrorKind = keyof typeof WORDING.errors;

export interface ApiError {
  kind: ApiErrorKind;
  /** HTTP status, null when there was no answer. */
  status: number | null;
  /** The sidecar's own message (`{ error: { message } }`), when it sent one. */
  serverMessage: string | null;
}

export interface ErrorModel {
  title: string;
  whatToDo: string;
  detail: string | null;
  canRetry: boolean;
}

/** Errors that no retry can fix: they need someone to change a setting, an install or a value. */
const NEEDS_SOMEONE: ReadonlySet<ApiErrorKind> = new Set(['unauthorized', 'bad_response', 'rejected', 'signature_rejected', 'not_installed', 'org_not_installed', 'card_session', 'card_mismatch', 'crm_access', 'salesforce_access', 'admin_required']);

/** The CRM the card runs in: its name is in the words of the errors about the CRM. */
export type CardCrm = 'hubspot' | 'salesforce';

/** The sidecar's error codes that say more than their HTTP status (server/http/errors.ts). */
const BY_CODE: Readonly<Record<string, ApiErrorKind>> = {
  invalid_signature: 'signature_rejected',
  not_installed: 'not_installed',
  // Salesforce's Canvas card: its page's token ended or is not this card's; the org is not installed.
  missing_card_token: 'card_session',
  invalid_card_token: 'card_session',
  card_token_expired: 'card_session',
  org_not_installed: 'org_not_installed',
  // An admin-only change by someone who is not (or no longer) an admin: the sidecar's message names the admins.
  admin_required: 'admin_required',
  crm_unavailable: 'crm_unreachable',
  crm_busy: 'crm_unreachable',
  crm_unauthorized: 'crm_access',
  bridge_failed: 'sidecar_down',
  starting: 'sidecar_down',
};

/** On the Salesforce card, the CRM errors name Salesforce (the same codes name HubSpot on HubSpot's cards). */
const SALESFORCE_BY_CODE: Readonly<Record<string, ApiErrorKind>> = {
  crm_unavailable: 'salesforce_unreachable',
  crm_busy: 'salesforce_unreachable',
  crm_unauthorized: 'salesforce_access',
  // The card token is this org's and this Account's only: a URL naming another is refused (403).
  org_mismatch: 'card_mismatch',
  record_mismatch: 'card_mismatch',
};

/** What kind of failure an error answer is: its code when the sidecar gave a known one, else its status. */
export function errorKindFor(status: number, code: string | null, crm: CardCrm = 'hubspot'): ApiErrorKind {
  const known = code === null ? undefined : ((crm === 'salesforce' ? SALESFORCE_BY_CODE[code] : undefined) ?? BY_CODE[code]);
  if (known) return known;
  // The Salesforce card's access is its card token, not a HubSpot connection: reloading the page renews it.
  if (status === 401 || status === 403) return crm === 'salesforce' ? 'card_session' : 'unauthorized';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server';
  return 'rejected';
}

export function errorModel(error: ApiError): ErrorModel {
  const words = WORDING.errors[error.kind];
  return {
    title: words.title,
    whatToDo: words.whatToDo,
    detail: error.kind === 'rejected' || error.kind === 'admin_required' ? error.serverMessage : null,
    canRetry: !NEEDS_SOMEONE.has(error.kind),
  };
}
