// HubSpot installs end on one callback, /oauth/hubspot/callback (our redirect URL), two ways:
// - started here: /oauth/hubspot/install sends the admin to HubSpot's authorize page with our state;
//   the callback (code + state) finishes the install only in the browser that started it
//   (install-browser.ts) and shows a plain page saying what happened;
// - started in HubSpot's marketplace with the seamless flow without partner sign-in (the callback is
//   the listing's Install button URL): HubSpot sends code + returnUrl and no state of ours; the
//   install is finished and the browser sent back to returnUrl when it is a HubSpot page.
// A request carrying a state follows the first way's rules whatever else it carries (its returnUrl
// is never followed). The partner sign-in flow (step=authorize / step=finalize) is not supported.
import type { Request, Response, Router } from 'express';
import express from 'express';
import { z } from 'zod';
import { ServiceError } from '../../service/errors.ts';
import type { InstallOutcome, InstallService } from '../../service/install.ts';
import { hubSpotReturnUrl } from '../hubspot-return-url.ts';
import { INSTALL_COOKIE, installBrowser, otherBrowserPage } from '../install-browser.ts';
import { page } from '../result-page.ts';

const Code = z.string().min(1).max(2000);
const Callback = z.object({ code: Code, state: z.string().min(1).max(200) });
const MarketplaceCallback = z.object({ code: Code, returnUrl: z.string().min(1).max(2000), state: z.never().optional() });
const Denied = z.object({ error: z.string().max(200), error_description: z.string().max(2000).optional() });

export interface OAuthRouterOptions {
  /** The local HubSpot sandbox's origin, also accepted as a returnUrl (null with HubSpot itself). */
  localHubSpotOrigin: string | null;
  onError: (error: unknown) => void;
}

function installedPage(res: Response, outcome: InstallOutcome, more: string[] = []): void {
  const provisioned = 'error' in outcome.provisioning
    ? `The Success Sidecar properties could not be created yet (${outcome.provisioning.error}); the first sync will try again.`
    : `The Success Sidecar properties are ready in the group "Success Sidecar" (${outcome.provisioning.created.length} created, ${outcome.provisioning.existing.length} already there).`;
  page(res, 200, 'Success Sidecar is installed', [
    `Portal ${outcome.portalId} is connected.`,
    provisioned,
    'The first sync of your customers has started; scores appear on company records within minutes. Add the "Customer success" card to the company record from Customize → Card library.',
    ...more,
  ]);
}

export function oauthRouter(install: InstallService, options: OAuthRouterOptions): Router {
  const router = express.Router();
  const browser = installBrowser(INSTALL_COOKIE.hubspot, () => install.callbackUrl());
  const ReturnUrl = hubSpotReturnUrl(options.localHubSpotOrigin);

  /** Runs an install and answers with its page; a failure shows the error page (never a redirect). */
  const finish = async (res: Response, run: () => Promise<InstallOutcome>, done: (outcome: InstallOutcome) => void) => {
    let outcome: InstallOutcome;
    try {
      outcome = await run();
    } catch (error) {
      if (error instanceof ServiceError && error.status < 500) {
        page(res, error.status, 'Installation not completed', [error.message]);
        return;
      }
      options.onError(error);
      page(res, 502, 'Installation not completed', ['HubSpot could not complete the connection just now. Please start the installation again in a few minutes.']);
      return;
    }
    done(outcome);
  };

  router.get('/oauth/hubspot/install', async (_req: Request, res: Response) => {
    browser.redirect(res, await install.start());
  });
  router.get('/oauth/hubspot/callback', async (req: Request, res: Response) => {
    const denied = Denied.safeParse(req.query);
    if (denied.success) {
      page(res, 400, 'Installation cancelled', [`HubSpot did not grant access (${denied.data.error_description ?? denied.data.error}). Nothing was installed.`, 'You can start again from the HubSpot marketplace.']);
      return;
    }
    const marketplace = MarketplaceCallback.safeParse(req.query);
    if (marketplace.success) {
      // No state and no browser binding here, and none is needed: login CSRF (install-browser.ts)
      // is about a victim's browser finishing an install someone else started. This callback can
      // only install the portal whose code it carries, as the HubSpot user who consented (both from
      // HubSpot's token answer, never from the query), and the sidecar opens no session in the
      // browser that brings it: whoever opens a stolen link gains no access, the code's owner gets
      // the install they asked for. The code itself is single use and bound to this URL by HubSpot.
      const back = ReturnUrl.safeParse(marketplace.data.returnUrl);
      await finish(res, () => install.completeFromMarketplace(marketplace.data.code), (outcome) => {
        if (back.success) res.redirect(302, back.data);
        else installedPage(res, outcome, ['The address HubSpot should send you back to was not a HubSpot page, so this page stays open: go back to HubSpot yourself.']);
      });
      return;
    }
    const q = Callback.safeParse(req.query);
    if (!q.success) {
      page(res, 400, 'Installation link incomplete', ['This page needs the code and state (or, from the marketplace, the code and returnUrl) HubSpot adds when it sends you back. Start the installation again from the HubSpot marketplace.']);
      return;
    }
    // Checked before the state is consumed: a callback opened in another browser uses nothing up.
    if (!browser.startedHere(req, q.data.state)) {
      otherBrowserPage(res, 'Start the installation again from the HubSpot marketplace.');
      return;
    }
    browser.forget(res);
    await finish(res, () => install.complete(q.data.code, q.data.state), (outcome) => installedPage(res, outcome));
  });
  return router;
}
