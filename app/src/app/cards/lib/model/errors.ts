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

export function errorModel(error: ApiError): ErrorModel {
  const words = WORDING.errors[error.kind];
  return {
    title: words.title,
    whatToDo: words.whatToDo,
    detail: error.kind === 'rejected' ? error.serverMessage : null,
    canRetry: error.kind !== 'unauthorized' && error.kind !== 'bad_response' && error.kind !== 'rejected',
  };
}
