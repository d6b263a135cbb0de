// Installing into a Salesforce org: /oauth/salesforce/install sends the admin to the org's
// authorize page (PKCE); /oauth/salesforce/callback finishes the install, only in the browser that
// started it (install-browser.ts), and shows a plain page saying what happened, including what the
// admin must change when the fields could not be created.
import type { Request, Response, Router } from 'express';
import express from 'express';
import { z } from 'zod';
import { ServiceError } from '../../service/errors.ts';
import type { SalesforceInstallService } from '../../service/salesforce-install.ts';
import { OUTPUT_FIELDS, PERMISSION_SET } from '../../crm/salesforce/fields.ts';
import { INSTALL_COOKIE, installBrowser, otherBrowserPage } from '../install-browser.ts';
import { page } from '../result-page.ts';

const Callback = z.object({ code: z.string().min(1).max(2000), state: z.string().min(1).max(200) });
const Denied = z.object({ error: z.string().max(200), error_description: z.string().max(2000).optional() });

export function salesforceOAuthRouter(install: SalesforceInstallService, onError: (error: unknown) => void): Router {
  const router = express.Router();
  const browser = installBrowser(INSTALL_COOKIE.salesforce, () => install.callbackUrl());
  router.get('/oauth/salesforce/install', async (_req: Request, res: Response) => {
    browser.redirect(res, await install.start());
  });
  router.get('/oauth/salesforce/callback', async (req: Request, res: Response) => {
    const denied = Denied.safeParse(req.query);
    if (denied.success) {
      page(res, 400, 'Installation cancelled', [`Salesforce did not grant access (${denied.data.error_description ?? denied.data.error}). Nothing was installed.`, 'You can start the installation again.']);
      return;
    }
    const q = Callback.safeParse(req.query);
    if (!q.success) {
      page(res, 400, 'Installation link incomplete', ['This page needs the code and state Salesforce adds when it sends you back. Start the installation again.']);
      return;
    }
    // Checked before the state is consumed: a callback opened in another browser uses nothing up.
    if (!browser.startedHere(req, q.data.state)) {
      otherBrowserPage(res, 'Start the installation again.');
      return;
    }
    browser.forget(res);
    try {
      const outcome = await install.complete(q.data.code, q.data.state);
      const provisioned =
        'error' in outcome.provisioning
          ? `The Success fields could not be created on Account: ${outcome.provisioning.error} Scores are computed, but cannot be written to Salesforce until this is fixed; then install again.`
          : `The ${OUTPUT_FIELDS.length} Success fields are ready on Account (${outcome.provisioning.created.length} created, ${outcome.provisioning.existing.length} already there), readable and editable through the "${PERMISSION_SET.label}" permission set.` +
            (outcome.provisioning.conflicts.length > 0 ? ` Left untouched because another definition exists: ${outcome.provisioning.conflicts.map((c) => `${c.name} (${c.reason})`).join('; ')}.` : '');
      page(res, 200, 'Success Sidecar is installed', [
        `Salesforce org ${outcome.orgId} is connected.`,
        provisioned,
        'The first sync of your accounts has started; scores appear on Account records within minutes.',
      ]);
    } catch (error) {
      if (error instanceof ServiceError && error.status < 500) {
        page(res, error.status, 'Installation not completed', [error.message]);
        return;
      }
      onError(error);
      page(res, 502, 'Installation not completed', ['Salesforce could not complete the connection just now. Please start the installation again in a few minutes.']);
    }
  });
  return router;
}
