// startSalesforceSandbox: seeds the orgs, serves Salesforce's OAuth, identity, REST (query, sObject
// Collections, describe, limits) and Metadata SOAP APIs over HTTP (Express 5) plus the /__sandbox/
// control API, and returns the handle tests and benchmarks use. One server is both the login URL
// and every org's instance URL, until an org is moved (moveInstance): the same app then also listens
// on another port, the org's new instance.
import express from 'express';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TokenStore, DEFAULT_SCOPES } from './auth.ts';
import { startOfUtcDay } from './clock.ts';
import { createControl } from './control.ts';
import { CursorStore } from './cursors.ts';
import { notFound } from './errors.ts';
import { FaultInjector } from './faults.ts';
import { checksumSuffix, podFor } from './ids.ts';
import { ApiAllowance } from './limits.ts';
import { fromError } from './pipeline.ts';
import { registerCollectionRoutes } from './routes/collections.ts';
import { registerControlRoutes } from './routes/control.ts';
import { registerMetadataRoutes } from './routes/metadata.ts';
import { registerOAuthRoutes } from './routes/oauth.ts';
import { registerQueryRoutes } from './routes/query.ts';
import { registerSObjectRoutes } from './routes/sobjects.ts';
import { registerUserInfoRoutes } from './routes/userinfo.ts';
import { seedAccount, seededSnapshots, seedOrg, seedUsers, type OrgUsers, type SeededOrg } from './seed.ts';
import { withoutFields, withoutSharedActivities } from './schema.ts';
import { StatsCounter, type SandboxState } from './state.ts';
import { OrgStore } from './store.ts';
import type { OrgOptions, SalesforceSandbox, SandboxOptions, SandboxOrgCredentials } from './types.ts';

export type * from './types.ts';

export const DEFAULT_ORG: OrgOptions = { accounts: 50, seed: 'sandbox' };
/** Enterprise Edition with 15 Salesforce licences: 100,000 + 15 × 1,000. */
export const DEFAULT_DAILY_API_REQUESTS = 115_000;

export function orgIdFor(index: number): string {
  const id15 = `00D5g0000000${String(index + 1).padStart(3, '0')}`;
  return id15 + checksumSuffix(id15);
}

export async function startSalesforceSandbox(options: SandboxOptions = {}): Promise<SalesforceSandbox> {
  const now = options.now ?? Date.now;
  const orgOptions = options.orgs ?? [DEFAULT_ORG];
  if (orgOptions.length === 0) throw new RangeError('startSalesforceSandbox: at least one org is needed');
  const orgIds = orgOptions.map((o, i) => o.orgId ?? orgIdFor(i));
  if (new Set(orgIds).size !== orgIds.length) throw new RangeError('startSalesforceSandbox: org ids must be unique');
  if (orgIds.some((id) => !/^00D[A-Za-z0-9]{12}[A-Z0-5]{3}$/.test(id))) throw new RangeError('startSalesforceSandbox: org ids are 18-character ids starting with 00D');
  const client = {
    clientId: options.oauthClient?.clientId ?? `3MVG9${randomUUID().replace(/-/g, '')}`,
    clientSecret: options.oauthClient?.clientSecret ?? randomUUID().replace(/-/g, '').toUpperCase(),
    redirectUri: options.oauthClient?.redirectUri ?? 'http://localhost:3000/oauth/salesforce/callback',
  };
  const state: SandboxState = {
    now,
    baseUrl: '',
    orgs: new Map(),
    tokens: new TokenStore(client, now, options.accessTokenTtlSeconds ?? 7200, options.rotateRefreshTokens ?? true),
    allowance: new ApiAllowance(now, options.dailyApiRequests ?? DEFAULT_DAILY_API_REQUESTS),
    faults: new FaultInjector(options.faults),
    cursors: new CursorStore(now),
    stats: new StatsCounter(),
    movedInstances: new Map(),
    modifyMetadata: options.modifyMetadata ?? true,
  };

  const seededAt = now();
  const asOf = options.asOf ?? startOfUtcDay(seededAt);
  const seeded = new Map<string, SeededOrg>();
  const orgUsers = new Map<string, OrgUsers>();
  orgOptions.forEach((o, i) => {
    const orgId = orgIds[i] as string;
    const org = new OrgStore(orgId, now, podFor(i));
    withoutFields(org.schema, o.withoutFields ?? []);
    if (o.sharedActivities === false) withoutSharedActivities(org.schema);
    const users = seedUsers(org, `org${i + 1}.sandbox.example`, seededAt);
    orgUsers.set(orgId, users);
    seeded.set(orgId, seedOrg(org, users, { seed: o.seed, accounts: o.accounts, asOf, ticketsPerAccount: o.ticketsPerAccount }, seededAt));
    state.orgs.set(orgId, org);
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  let credentials: SandboxOrgCredentials[] = [];
  const servers: Server[] = [];
  /** Another host of the same app (an org's new instance), on the main server's interface. */
  const openInstance = async (): Promise<string> => {
    const extra = await listen(app, 0, options.host ?? '127.0.0.1');
    servers.push(extra.server);
    return extra.url;
  };
  const control = createControl(state, () => ({ url: state.baseUrl, orgs: credentials, client }), openInstance);
  registerControlRoutes(app, control);
  registerOAuthRoutes(app, state);
  registerUserInfoRoutes(app, state);
  registerSObjectRoutes(app, state);
  registerQueryRoutes(app, state);
  registerCollectionRoutes(app, state);
  registerMetadataRoutes(app, state);
  app.use((req, res) => {
    state.stats.count(`${req.method} (unmatched)`, 404);
    const reply = fromError(notFound());
    res.status(reply.status).set('Content-Type', 'application/json;charset=UTF-8').send(JSON.stringify(reply.body));
  });

  const main = await listen(app, options.port ?? 0, options.host ?? '127.0.0.1');
  servers.push(main.server);
  state.baseUrl = main.url;
  credentials = [...state.orgs.values()].map((org) => {
    const t = state.tokens.issue(org.orgId, org.apiUserId, DEFAULT_SCOPES);
    return { orgId: org.orgId, userId: org.apiUserId, username: org.username, instanceUrl: state.baseUrl, accessToken: t.accessToken, refreshToken: t.refreshToken ?? '' };
  });

  return {
    url: state.baseUrl,
    orgs: credentials,
    client,
    stats: () => control.stats(),
    resetStats: () => control.resetStats(),
    setFaults: (f) => control.setFaults(f),
    expireAccessTokens: (orgId) => control.expireAccessTokens(orgId),
    deactivateUser: (orgId, userId) => control.deactivateUser(orgId, userId),
    apiUsage: (orgId) => control.apiUsage(orgId),
    setApiLimit: (o) => control.setApiLimit(o),
    archiveActivities: (o) => control.archiveActivities(o),
    moveInstance: (orgId) => control.moveInstance(orgId),
    simulateActivity: (o) => control.simulateActivity(o),
    seeded: (orgId) => {
      const org = seeded.get(orgId);
      if (!org) throw new RangeError(`unknown org ${orgId}`);
      return seededSnapshots(org);
    },
    seedAccount: (orgId, snapshot) => {
      const org = state.orgs.get(orgId);
      const users = orgUsers.get(orgId);
      if (!org || !users) throw new RangeError(`unknown org ${orgId}`);
      return seedAccount(org, users, snapshot, Date.parse(snapshot.asOf), now());
    },
    close: async () => {
      const closed = servers.map((server) => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))));
      for (const server of servers) server.closeAllConnections();
      await Promise.all(closed);
    },
  };
}

async function listen(app: express.Express, port: number, host: string): Promise<{ server: Server; url: string }> {
  // Long query strings must reach the route, which answers 414 past Salesforce's URI limit.
  const server = createServer({ maxHeaderSize: 64 * 1024 }, app).listen({ port, host });
  await once(server, 'listening');
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { server, url: `http://${shown}:${address.port}` };
}
