// How the card components reach the outside world. Everything is injectable so tests can drive
// time and answers; in HubSpot the defaults apply (hubspot.fetch, real timers, Date.now).
import { hubspot } from '@hubspot/ui-extensions';
import { useMemo } from 'react';
import { createSidecarApi, type CardIdentity, type SidecarApi, type SidecarFetch } from '../client/api.ts';
import { sidecarOrigin } from '../client/origin.ts';
import type { Scheduler } from '../client/remote.ts';
import type { CardNotice } from '../hooks/notice.ts';
import { DEFAULT_LOCALE } from '../model/format.ts';

/** `hubspot.fetch`: HTTPS to an origin in permittedUrls.fetch, signed by HubSpot, JSON both ways. */
export const hubspotFetch: SidecarFetch = (url, options) => hubspot.fetch(url, options);

export interface CardEnv {
  fetch?: SidecarFetch;
  schedule?: Scheduler;
  now?: () => number;
}

interface ContextLike {
  portal: { id: number };
  user: { id: number; locale?: string };
  variables?: Record<string, unknown>;
  crm?: { objectId: number; objectTypeId: string };
}

export function useSidecarApi(context: ContextLike, env: CardEnv | undefined): SidecarApi {
  const fetch = env?.fetch ?? hubspotFetch;
  const origin = sidecarOrigin(context.variables);
  const portalId = String(context.portal.id);
  return useMemo(() => {
    const who: CardIdentity = { portalId };
    return createSidecarApi(fetch, origin, who);
  }, [fetch, origin, portalId]);
}

export function localeOf(context: ContextLike): string {
  return context.user.locale ?? DEFAULT_LOCALE;
}

type AlertType = 'info' | 'warning' | 'success' | 'danger' | 'tip';
export type AddAlert = (alert: { type?: AlertType; message: string; title?: string }) => void;

/** The shared hooks' notices, as HubSpot alerts. */
export const alertNotifier =
  (addAlert: AddAlert) =>
  ({ tone, ...rest }: CardNotice): void =>
    addAlert({ type: tone, ...rest });
