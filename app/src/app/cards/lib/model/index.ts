// The card view models: pure functions from the sidecar's API payloads to what a card shows.
export * from './api-types.ts';
export * from './common.ts';
export * from './company.ts';
export * from './contact.ts';
export * from './errors.ts';
export * from './format.ts';
export { contactLabel, OBJECTIVE_STATUS_LABELS, TICKET_TYPE_LABELS, ticketLabel } from './labels.ts';
export * from './objectives.ts';
export * from './renewal-model.ts';
export * from './settings.ts';
export { grouped, plural } from './stable-format.ts';
export * from './verdict.ts';
export * from './view.ts';
export * from './wording.ts';
export * from './write-failures.ts';
