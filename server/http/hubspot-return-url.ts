// Where a marketplace install may send the user back to. HubSpot's seamless install (without
// partner sign-in) calls our Install button URL with `code` and `returnUrl`, and the app must
// redirect to `returnUrl` once installed, or the user loops on HubSpot's login:
// https://developers.hubspot.com/docs/apps/developer-platform/list-apps/understand-app-install-flow
// The value comes from the query string, so anyone can put anything there: only a HubSpot app page
// is followed (no open redirect), anything else leaves the user on our own result page.
import { z } from 'zod';
import { isLoopbackHttp } from '../config.ts';

/** app.hubspot.com and its regional hosts (app-eu1.hubspot.com, app-na2.hubspot.com, …). */
const HUBSPOT_APP_HOST = /^app(?:-[a-z0-9]+)?\.hubspot\.com$/;

/**
 * The local HubSpot sandbox's origin when HUBSPOT_AUTHORIZE_URL points at it (plain http on a
 * loopback address); null for HubSpot itself. Only that one origin is added, never any loopback.
 */
export function localHubSpotOrigin(authorizeUrl: string): string | null {
  const url = new URL(authorizeUrl);
  return isLoopbackHttp(url) ? url.origin : null;
}

/**
 * A returnUrl we may redirect to: https on HubSpot's app host (default port, no user info), or
 * exactly the configured sandbox origin. Parses to the normalised URL.
 */
export function hubSpotReturnUrl(localOrigin: string | null) {
  return z
    .string()
    .max(2000)
    .transform((value, ctx) => {
      const url = URL.parse(value);
      const ok = url !== null && url.username === '' && url.password === '' &&
        ((url.protocol === 'https:' && url.port === '' && HUBSPOT_APP_HOST.test(url.hostname)) || (localOrigin !== null && url.origin === localOrigin));
      if (!ok) {
        ctx.addIssue({ code: 'custom', message: 'returnUrl must be an https page of app.hubspot.com or a regional app-<region>.hubspot.com' });
        return z.NEVER;
      }
      return url.href;
    });
}
