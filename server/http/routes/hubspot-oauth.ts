// The marketplace install: /oauth/hubspot/install sends the admin to HubSpot's authorize page;
// /oauth/hubspot/callback finishes the install, only in the browser that started it
// (install-browser.ts), and shows a plain page saying what happened.
import type { Request, Response, Router } from 'express';
import express from 'express';
import { z } from 'zod';
import { ServiceError } from '../../service/errors.ts';
import type { InstallService } from '../../service/install.ts';
import { INSTALL_COOKIE, installBrowser, otherBrowserPage } from '../install-browser.ts';
import { page } from '../result-page.ts';

const Callback = z.object({ code: z.string().min(1).max(2000), state: z.string().min(1).max(200) });
const Denied = z.object({ error: z.string().max(200), error_description: z.string().max(2000).optional() });

export function oauthRouter(install: InstallService, onError: (error: unknown) => void): Router {
  const router = express.Router();
  const browser = installBrowser(INSTALL_COOKIE.hubspot, () => install.callbackUrl());
  router.get('/oauth/hubspot/install', async (_req: Request, res: Response) => {
    browser.redirect(res, await install.start());
  });
  router.get('/oauth/hubspot/callback', async (req: Request, res: Response) => {
    const denied = Denied.safeParse(req.query);
    if (denied.success) {
      page(res, 400, 'Installation cancelled', [`HubSpot did not grant access (${denied.data.error_description ?? denied.data.error}). Nothing was installed.`, 'You can start again from the HubSpot marketplace.']);
      return;
    }
    const q = Callback.safeParse(req.query);
    if (!q.success) {
      page(res, 400, 'Installation link incomplete', ['This page needs the code and state HubSpot adds when it sends you back. Start the installation again from the HubSpot marketplace.']);
      return;
    }
    // Checked before the state is consumed: a callback opened in another browser uses nothing up.
    if (!browser.startedHere(req, q.data.state)) {
      otherBrowserPage(res, 'Start the installation again from the HubSpot marketplace.');
      return;
    }
    browser.forget(res);
    try {
      const outcome = await install.complete(q.data.code, q.data.state);
      const provisioned = 'error' in outcome.provisioning
        ? `The Success Sidecar properties could not be created yet (${outcome.provisioning.error}); the first sync will try again.`
        : `The Success Sidecar properties are ready in the group "Success Sidecar" (${outcome.provisioning.created.length} created, ${outcome.provisioning.existing.length} already there).`;
      page(res, 200, 'Success Sidecar is installed', [
        `Portal ${outcome.portalId} is connected.`,
        provisioned,
        'The first sync of your customers has started; scores appear on company records within minutes. Add the "Customer success" card to the company record from Customize → Card library.',
      ]);
    } catch (error) {
      if (error instanceof ServiceError && error.status < 500) {
        page(res, error.status, 'Installation not completed', [error.message]);
        return;
      }
      onError(error);
      page(res, 502, 'Installation not completed', ['HubSpot could not complete the connection just now. Please start the installation again in a few minutes.']);
    }
  });
  return router;
}
