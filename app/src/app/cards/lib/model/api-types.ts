// The sidecar's API payloads as the cards see them, typed from the zod contract in
// server/api/contracts.ts. This file is the only link from the uploaded app folder to the rest of
// the repository, and it is types only: bundlers erase it (tests/integration/app-project.test.ts
// bundles every card and fails if anything outside app/ is pulled in).
import type { z } from 'zod';
import type {
  ContactView as ContactViewSchema,
  HistoryPoint as HistoryPointSchema,
  ModelView as ModelViewSchema,
  ObjectivesConflict as ObjectivesConflictSchema,
  RecomputeResponse as RecomputeResponseSchema,
  RedriveResponse as RedriveResponseSchema,
  SettingsBody as SettingsBodySchema,
  SettingsPreview as SettingsPreviewSchema,
  SettingsPreviewBody as SettingsPreviewBodySchema,
  SettingsView as SettingsViewSchema,
  SuccessView,
  WriteFailures as WriteFailuresSchema,
} from '../../../../../../server/api/contracts.ts';

import type { CardFetchParams, RouteContracts } from '../../../../../../server/api/routes.ts';

export type { SuccessView };

type Route = keyof RouteContracts;
/** A route's 2xx body. */
export type RouteResponse<K extends Route> = z.output<RouteContracts[K]['response']>;
/** A route's 409 body (a version conflict), `never` for routes without one. */
export type RouteConflict<K extends Route> = RouteContracts[K] extends { conflict: infer C extends z.ZodType } ? z.output<C> : never;
/** What a caller sends as a route's body. */
export type RouteBody<K extends Route> = RouteContracts[K] extends { body: infer B extends z.ZodType } ? Exclude<z.input<B>, undefined> : never;
/** A route's own query parameters: the identity `hubspot.fetch` appends is not the caller's to add. */
export type RouteQuery<K extends Route> = Partial<Omit<z.output<RouteContracts[K]['query']>, CardFetchParams>>;
export type { ContactView, ObjectivesBody, PlanObjective, StoredPlan } from '../../../../../../server/api/contracts.ts';
export type { AccountResult, RiskLevel, RiskNote, RobComponent, ShowStopper, Step } from '../../../../../../server/domain/result.ts';
export type { ObjectiveStatus, TicketPriority, TicketType, ContactRole } from '../../../../../../server/domain/snapshot.ts';
export type { SkipReason } from '../../../../../../server/domain/backtest.ts';

export type HistoryPoint = z.infer<typeof HistoryPointSchema>;
export type ObjectivesConflict = z.infer<typeof ObjectivesConflictSchema>;
export type RecomputeResponse = z.infer<typeof RecomputeResponseSchema>;
export type SettingsView = z.infer<typeof SettingsViewSchema>;
export type ModelView = z.infer<typeof ModelViewSchema>;
export type WriteFailures = z.infer<typeof WriteFailuresSchema>;
export type RedriveResponse = z.infer<typeof RedriveResponseSchema>;
export type SettingsBody = z.infer<typeof SettingsBodySchema>;
export type SettingsPreviewBody = z.infer<typeof SettingsPreviewBodySchema>;
export type SettingsPreview = z.infer<typeof SettingsPreviewSchema>;
export type ContactTicket = z.infer<typeof ContactViewSchema>['contact']['openTickets'][number];

/** The ready variant of GET …/companies/{id}/success. */
export type ReadySuccessView = Extract<SuccessView, { state: 'ready' }>;
