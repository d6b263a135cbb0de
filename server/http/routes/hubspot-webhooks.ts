// POST /webhooks/hubspot: signed like the cards' calls (v3, the app's client secret). Answers fast;
// the work is queued. A body that is not a batch of events is refused with 400 (HubSpot would
// otherwise retry it forever).
import { z } from 'zod';
import { WebhookBatch, type WebhookService } from '../../service/webhooks.ts';
import type { ApiRouter } from '../validate.ts';

export const WebhookOutcome = z.object({ received: z.number().int(), duplicates: z.number().int(), ignored: z.number().int(), companies: z.number().int() });

export function registerWebhookRoutes(api: ApiRouter, webhooks: WebhookService): void {
  api.route(
    { method: 'post', path: '/webhooks/hubspot', summary: 'HubSpot CRM change events (de-duplicated by event id)', tags: ['webhooks'], auth: 'hubspot-signature', body: WebhookBatch, response: WebhookOutcome },
    async ({ body }) => {
      const { received, duplicates, ignored, companies } = await webhooks.handle(body);
      return { received, duplicates, ignored, companies };
    },
  );
}
