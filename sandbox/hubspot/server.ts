// startHubSpotSandbox: seeds the portals, serves HubSpot's CRM, OAuth and limits APIs over HTTP
// (Express 5) plus the /__sandbox/ control API, and returns the handle tests and benchmarks use.
import express from 'express';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { DEFAULT_SCOPES, TokenStore } from './auth.ts';
import { startOfUtcDay } from './clock.ts';
import { createControl } from './control.ts';
import { correlationId } from './errors.ts';
import { FaultInjector } from './faults.ts';
import { RateLimiter } from './rate-limit.ts';
import { registerAssociationRoute } from './routes/associations.ts';
import { registerBatchRoutes } from './routes/batch.ts';
import { registerControlRoutes } from './routes/control.ts';
import { registerOAuthRoutes } from './routes/oauth.ts';
import { registerObjectRoutes } from './routes/objects.ts';
import { registerPropertyRoutes } from './routes/properties.ts';
import { registerSearchRoute } from './routes/search.ts';
import { seedAccount, seededSnapshots, seedPortal, type SeededPortal } from './seed.ts';
import { StatsCounter, type SandboxState } from './state.ts';
import { IdSequence, PortalStore } from './store.ts';
import type { HubSpotSandbox, PortalOptions, SandboxOptions } from './types.ts';

export type * from './types.ts';

export const DEFAULT_PORTAL: PortalOptions = { portalId: 62515, accounts: 50, seed: 'sandbox' };

export async function startHubSpotSandbox(options: SandboxOptions = {}): Promise<HubSpotSandbox> {
  const now = options.now ?? Date.now;
  const portals = options.portals ?? [DEFAULT_PORTAL];
  if (portals.length === 0) throw new RangeError('startHubSpotSandbox: at least one portal is needed');
  if (new Set(portals.map((p) => p.portalId)).size !== portals.length) throw new RangeError('startHubSpotSandbox: portal ids must be unique');
  const client = {
    clientId: options.oauthClient?.clientId ?? randomUUID(),
    clientSecret: options.oauthClient?.clientSecret ?? randomUUID(),
    redirectUri: options.oauthClient?.redirectUri ?? 'http://localhost:3000/oauth/hubspot/callback',
  };
  const state: SandboxState = {
    now,
    stores: new Map(),
    users: new Map(),
    tokens: new TokenStore(client, now, options.accessTokenTtlSeconds ?? 1800, options.rotateRefreshTokens ?? false),
    limiter: new RateLimiter(now, options.rateLimit?.perTenSeconds ?? 110, options.rateLimit?.searchPerSecond ?? 5),
    faults: new FaultInjector(options.faults),
    stats: new StatsCounter(),
    customPropertyLimit: options.customPropertyLimit ?? 1000,
  };

  const seededAt = now();
  const asOf = options.asOf ?? startOfUtcDay(seededAt);
  const ids = new IdSequence();
  const seeded = new Map<number, SeededPortal>();
  const credentials = portals.map((p, i) => {
    const store = new PortalStore(p.portalId, ids, seededAt);
    seeded.set(p.portalId, seedPortal(store, { seed: p.seed, accounts: p.accounts, asOf, ticketsPerAccount: p.ticketsPerAccount }, seededAt));
    state.stores.set(p.portalId, store);
    const userId = 9_100_001 + i;
    state.users.set(p.portalId, userId);
    const pair = state.tokens.issue(p.portalId, userId, DEFAULT_SCOPES);
    return { portalId: p.portalId, accessToken: pair.access_token, refreshToken: pair.refresh_token };
  });

  const control = createControl(state, { portals: credentials, client });
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  registerControlRoutes(app, control);
  let url = '';
  registerOAuthRoutes(app, state, () => url);
  registerSearchRoute(app, state);
  registerBatchRoutes(app, state);
  registerObjectRoutes(app, state);
  registerAssociationRoute(app, state);
  registerPropertyRoutes(app, state);
  app.use((req, res) => {
    state.stats.count(`${req.method} (unmatched)`, 404);
    res.status(404).json({ status: 'error', message: `No route for ${req.method} ${req.path}`, correlationId: correlationId(), category: 'OBJECT_NOT_FOUND' });
  });

  const server = app.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  await once(server, 'listening');
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  url = `http://${host}:${address.port}`;

  return {
    url,
    portals: credentials,
    client,
    stats: () => control.stats(),
    resetStats: () => control.resetStats(),
    setFaults: (f) => control.setFaults(f),
    setRateLimit: (r) => control.setRateLimit(r),
    expireAccessTokens: (portalId) => control.expireAccessTokens(portalId),
    simulateActivity: (o) => control.simulateActivity(o),
    revocations: () => [...state.tokens.revocations],
    uninstallApp: (portalId) => state.tokens.revokePortal(portalId),
    installerUserId: (portalId) => {
      const user = state.users.get(portalId);
      if (user === undefined) throw new RangeError(`unknown portal ${portalId}`);
      return user;
    },
    seeded: (portalId) => {
      const portal = seeded.get(portalId);
      if (!portal) throw new RangeError(`unknown portal ${portalId}`);
      return seededSnapshots(portal);
    },
    seedAccount: (portalId, snapshot) => {
      const store = state.stores.get(portalId);
      if (!store) throw new RangeError(`unknown portal ${portalId}`);
      return String(seedAccount(store, snapshot, Date.parse(snapshot.asOf), now()));
    },
    close: async () => {
      const closed = new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
      server.closeAllConnections();
      await closed;
    },
  };
}
