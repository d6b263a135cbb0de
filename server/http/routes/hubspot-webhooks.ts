// POST /webhooks/hubspot: signed like the cards' calls (v3, the app's client secret), which is why
// it must be told apart from them. A card can make HubSpot sign a request to any path of a permitted
// origin, but `hubspot.fetch` always appends `userId`/`portalId`/… to the URL: HubSpot's webhook
// deliveries carry no query string, so any request with one is refused. Deployed, the webhook URL
// lives on another origin than the cards' (WEBHOOK_PUBLIC_URL, not in `permittedUrls.fetch`) and the
// signature is checked against it. Answers fast; the work is queued. A body that is not a batch of
// events is refused with 400 (HubSpot would otherwise retry it forever).
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { WebhookBatch, type WebhookService } from '../../service/webhooks.ts';
import { errorEnvelope } from '../errors.ts';
import type { ApiRouter } from '../validate.ts';

export const WebhookOutcome = z.object({ received: z.number().int(), duplicates: z.number().int(), ignored: z.number().int(), companies: z.number().int() });

/** HubSpot's deliveries have no query string; a card's `hubspot.fetch` always has one. */
const noQueryString: RequestHandler = (req, res, next) => {
  if (req.originalUrl.includes('?')) {
    res.status(403).json(errorEnvelope('not_a_webhook', 'Webhook deliveries from HubSpot carry no query string; this request looks like a card\'s fetch and is refused.'));
    return;
  }
  next();
};

export function registerWebhookRoutes(api: ApiRouter, webhooks: WebhookService): void {
  api.route(
    { method: 'post', path: '/webhooks/hubspot', summary: 'HubSpot CRM change events (no query string; de-duplicated by event id; at most 100 per portal per request)', tags: ['webhooks'], auth: 'hubspot-signature', middleware: [noQueryString], body: WebhookBatch, response: WebhookOutcome },
    async ({ body }) => {
      const { received, duplicates, ignored, companies } = await webhooks.handle(body);
      return { received, duplicates, ignored, companies };
    },
  );
}
