// startSidecar with the CRMs a deployment configures: a half-configured CRM stops the start
// before anything opens, naming the missing variable; with both, both installs are served.
import { afterAll, describe, expect, it } from '@jest/globals';
import { ConfigError, parseEnv } from '../../server/config.ts';
import { startSidecar, type Sidecar } from '../../server/sidecar.ts';
import { openDatabase, type Database } from '../../server/store/db.ts';
import { generateKeyEntry } from '../../server/store/token-crypto.ts';

const base = { PORT: '0', HOST: '127.0.0.1', TOKEN_ENCRYPTION_KEY: generateKeyEntry('cfg1'), LOG_LEVEL: 'silent' };
const SALESFORCE = { SALESFORCE_CONSUMER_KEY: '3MVG9consumer', SALESFORCE_CONSUMER_SECRET: 'SF-SECRET-0123', SALESFORCE_LOGIN_URL: 'https://acme.my.salesforce.com' };
const HUBSPOT = { HUBSPOT_CLIENT_ID: 'hub-client', HUBSPOT_CLIENT_SECRET: 'hub-secret-0123' };

let sidecar: Sidecar | null = null;
let db: Database | null = null;
afterAll(async () => {
  await sidecar?.close();
  await db?.close();
});

describe('startSidecar and the configured CRMs', () => {
  it('refuses to start half configured, naming the missing variable, or with no CRM at all', async () => {
    await expect(startSidecar({ env: parseEnv({ ...base, SALESFORCE_CONSUMER_KEY: 'k' }) })).rejects.toThrow(ConfigError);
    await expect(startSidecar({ env: parseEnv({ ...base, SALESFORCE_CONSUMER_KEY: 'k' }) })).rejects.toThrow(/SALESFORCE_CONSUMER_SECRET is required/);
    await expect(startSidecar({ env: parseEnv({ ...base, ...SALESFORCE, HUBSPOT_CLIENT_ID: 'x' }) })).rejects.toThrow(/HUBSPOT_CLIENT_SECRET is required/);
    await expect(startSidecar({ env: parseEnv(base) })).rejects.toThrow(/no CRM is configured/);
  });

  it('with both configured, serves both installs; Salesforce goes to the configured login URL', async () => {
    db = await openDatabase({ kind: 'pglite', dataDir: null });
    sidecar = await startSidecar({ env: parseEnv({ ...base, ...HUBSPOT, ...SALESFORCE }), db, jobs: { schedule: false } });
    expect(Object.keys(sidecar.services).sort()).toEqual(['hubspot', 'salesforce']);
    const hub = await fetch(new URL('/oauth/hubspot/install', sidecar.url), { redirect: 'manual' });
    expect(hub.status).toBe(302);
    expect(new URL(hub.headers.get('location')!).origin).toBe('https://app.hubspot.com');
    const sf = await fetch(new URL('/oauth/salesforce/install', sidecar.url), { redirect: 'manual' });
    expect(sf.status).toBe(302);
    const authorize = new URL(sf.headers.get('location')!);
    expect(authorize.origin + authorize.pathname).toBe('https://acme.my.salesforce.com/services/oauth2/authorize');
    expect(authorize.searchParams.get('scope')).toBe('api refresh_token offline_access');
    expect(sidecar.accounts.kind).toBe('hubspot');
    expect(sidecar.services.salesforce!.accounts.kind).toBe('salesforce');
  }, 120_000); // starts both CRMs' services on embedded PGlite: it overran 60 s under load (CI at 8ea3dec, load average 7 on two cores)
});
