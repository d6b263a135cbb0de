// The URL of a card request exactly as HubSpot sends it: `hubspot.fetch` appends userId, portalId,
// userEmail and appId to the card's URL and signs the whole of it. This recorded shape is what every
// imitation (the demo bridge, the tests, `cli sign`, the fixtures recorder) must produce, and what the
// real card routes must accept — the card bug this guards against slipped through because nothing
// sent these parameters.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SuccessView } from '../../server/api/contracts.ts';
import { createHttpApp } from '../../server/http/app.ts';
import { withHubSpotFetchParams } from '../../server/http/hubspot-caller.ts';
import { createLogger } from '../../server/http/observability.ts';
import { OpenApiRegistry } from '../../server/http/openapi.ts';
import { PortalRateLimiter } from '../../server/http/portal-rate-limit.ts';
import { registerCardRoutes } from '../../server/http/routes/hubspot-cards.ts';
import { requireHubSpotSignature } from '../../server/http/signature-middleware.ts';
import { hubSpotSignatureHeaders } from '../../server/http/signature.ts';
import { createApiRouter } from '../../server/http/validate.ts';
import type { AccountService } from '../../server/service/accounts.ts';
import type { CalibrationService } from '../../server/service/calibration.ts';
import type { WriteFailuresService } from '../../server/service/write-failures.ts';
import type { Store } from '../../server/store/store.ts';

/** Recorded: a company card's GET as HubSpot relays it (parameter order and encoding as sent). */
const RECORDED = 'https://sidecar.example.com/api/v1/hubspot/62515/companies/123/success?userId=7&portalId=62515&userEmail=a%40b.example&appId=42';
const CARD_URL = 'https://sidecar.example.com/api/v1/hubspot/62515/companies/123/success';
const SECRET = 'contract-test-secret-0123456789';

describe('the URL hubspot.fetch sends', () => {
  it('is what withHubSpotFetchParams builds from the card\'s URL', () => {
    expect(withHubSpotFetchParams(CARD_URL, { userId: 7, portalId: 62515, userEmail: 'a@b.example', appId: 42 })).toBe(RECORDED);
  });

  describe('is answered 200 by the real card route', () => {
    let server: Server;
    let origin: string;
    const seen: Array<{ portalId: string; companyId: string }> = [];
    beforeAll(async () => {
      const ready = JSON.parse(readFileSync(new URL('../fixtures/api/company-good.json', import.meta.url), 'utf8')) as unknown;
      const view = SuccessView.parse(ready);
      const accounts = { view: (portalId: string, companyId: string) => (seen.push({ portalId, companyId }), Promise.resolve({ ...view, portalId })) } as unknown as AccountService;
      const registry = new OpenApiRegistry();
      const api = createApiRouter({ registry, auth: { 'hubspot-signature': requireHubSpotSignature({ secret: () => SECRET, publicUrl: 'https://sidecar.example.com' }) } });
      registerCardRoutes(api, {
        store: {} as Store,
        accounts,
        appId: '42',
        limiter: new PortalRateLimiter(),
        isInstalled: (portalId) => Promise.resolve(portalId === '62515'),
        uninstall: () => Promise.resolve({ uninstalled: false, purge: 'none', purgeAfter: null }),
        recomputeAll: () => Promise.resolve(),
        calibration: {} as CalibrationService,
        writeFailures: {} as WriteFailuresService,
      });
      server = createHttpApp({ logger: createLogger({ level: 'silent' }), registry, routes: [api.router] }).listen(0, '127.0.0.1');
      await once(server, 'listening');
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    const send = (signedUrl: string) => {
      const headers = hubSpotSignatureHeaders({ secret: SECRET, method: 'GET', url: signedUrl, rawBody: '', timestamp: Date.now() });
      const url = new URL(signedUrl);
      return fetch(`${origin}${url.pathname}${url.search}`, { headers });
    };

    it('with the tenant taken from HubSpot\'s portalId', async () => {
      const response = await send(RECORDED);
      expect(response.status).toBe(200);
      expect(SuccessView.parse(await response.json()).portalId).toBe('62515');
      expect(seen.at(-1)).toEqual({ portalId: '62515', companyId: '123' });
    });

    it('and refused when the card adds a parameter of its own that HubSpot also appends', async () => {
      const response = await send(withHubSpotFetchParams(`${CARD_URL}?portalId=62515`, { userId: 7, portalId: 62515, userEmail: 'a@b.example', appId: 42 }));
      expect(response.status).toBe(400);
    });
  });
});
