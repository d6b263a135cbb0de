// `start`'s Salesforce half: the local Salesforce sandbox with a demo org of the same number of
// accounts as the HubSpot portal, whose External Client App redirects to the sidecar's callback;
// the sidecar's Salesforce settings for it; and, once the sidecar runs, the demo org installed
// through the real OAuth flow (install → the sandbox's authorize with PKCE → callback) and the
// console's Salesforce side (the org's accounts and the demo Canvas bridge). The consumer secret is
// made up per start unless SALESFORCE_CONSUMER_SECRET is set: the sandbox starts afresh every time,
// and the install is done again, so nothing signed with an older one is needed.
import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../sandbox/salesforce/server.ts';
import { consoleSalesforceRoutes } from '../http/routes/console-salesforce.ts';
import { StoredSalesforceSession } from '../service/salesforce-tokens.ts';
import type { Sidecar } from '../sidecar.ts';
import { installIntoSandbox } from './local-install.ts';

export interface SalesforceDemo {
  sandbox: SalesforceSandbox;
  orgId: string;
  /** The sidecar's environment for this sandbox (SALESFORCE_*). */
  env: Record<string, string>;
  /** The console's Salesforce routes; they answer once `attach` gave them the running sidecar. */
  consoleRouter: RequestHandler;
  /** Hands the running sidecar to the console routes. */
  attach(sidecar: Sidecar): void;
  /** Installs the demo org into the sidecar through the OAuth flow. */
  install(sidecarUrl: string): Promise<void>;
  /** An Account of the org (for the printed hint). */
  firstAccountId(): string;
}

export async function startSalesforceDemo(o: { accounts: number; seed: string; sidecarUrl: string; localUrl: () => string }): Promise<SalesforceDemo> {
  const consumerKey = process.env.SALESFORCE_CONSUMER_KEY || 'success-sidecar-demo-salesforce';
  const consumerSecret = process.env.SALESFORCE_CONSUMER_SECRET || randomBytes(24).toString('base64url');
  const sandbox = await startSalesforceSandbox({
    orgs: [{ accounts: o.accounts, seed: o.seed, ticketsPerAccount: 12 }],
    oauthClient: { clientId: consumerKey, clientSecret: consumerSecret, redirectUri: new URL('/oauth/salesforce/callback', o.sidecarUrl).toString() },
  });
  const org = sandbox.orgs[0]!;
  let sidecar: Sidecar | null = null;
  let session: StoredSalesforceSession | null = null;
  const consoleRouter = consoleSalesforceRoutes({
    orgId: org.orgId,
    consumerSecret,
    localUrl: o.localUrl,
    user: { userName: org.username, email: org.username, fullName: 'Success Sidecar Integration' },
    session: () => {
      if (!session) return null;
      const s = session;
      return (async () => {
        const { instanceUrl, apiUserId } = await s.installation();
        return { instanceUrl, userId: apiUserId, accessToken: (await s.current()).accessToken };
      })();
    },
    accounts: () => (sidecar ? (orgId, limit) => sidecar!.store.results.listPortfolio('salesforce', orgId, { sort: 'rob', order: 'asc', limit }) : null),
  });
  return {
    sandbox,
    orgId: org.orgId,
    env: { SALESFORCE_CONSUMER_KEY: consumerKey, SALESFORCE_CONSUMER_SECRET: consumerSecret, SALESFORCE_LOGIN_URL: sandbox.url },
    consoleRouter,
    attach: (running) => {
      sidecar = running;
      // The installing user's session as the sidecar keeps it (encrypted, refreshed under the store's lock).
      session = new StoredSalesforceSession({ store: running.store, orgId: org.orgId, app: { loginUrl: sandbox.url, clientId: consumerKey, clientSecret: consumerSecret } });
    },
    install: (sidecarUrl) => installIntoSandbox(sidecarUrl, 'salesforce'),
    firstAccountId: () => sandbox.seeded(org.orgId)[0]!.accountId,
  };
}
