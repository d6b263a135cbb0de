// Which CRMs a deployment serves: HubSpot, Salesforce or both, each configured by its app
// credentials; a half-configured CRM names the missing variable; neither is a clear error.
import { describe, expect, it } from '@jest/globals';
import { configuredCrms, ConfigError, describeConfig, parseEnv } from '../../server/config.ts';

const HUBSPOT = { HUBSPOT_CLIENT_ID: 'hub-client', HUBSPOT_CLIENT_SECRET: 'hub-secret-0123' };
const SALESFORCE = { SALESFORCE_CONSUMER_KEY: '3MVG9consumer', SALESFORCE_CONSUMER_SECRET: 'SF-SECRET-0123' };

describe('configured CRMs', () => {
  it('HubSpot, Salesforce or both, from their app credentials', () => {
    expect(configuredCrms(parseEnv(HUBSPOT))).toEqual(['hubspot']);
    expect(configuredCrms(parseEnv(SALESFORCE))).toEqual(['salesforce']);
    expect(configuredCrms(parseEnv({ ...HUBSPOT, ...SALESFORCE }))).toEqual(['hubspot', 'salesforce']);
  });

  it('a half-configured CRM names the missing variable', () => {
    expect(() => configuredCrms(parseEnv({ SALESFORCE_CONSUMER_KEY: 'k' }))).toThrow(ConfigError);
    expect(() => configuredCrms(parseEnv({ SALESFORCE_CONSUMER_KEY: 'k' }))).toThrow(/^SALESFORCE_CONSUMER_SECRET is required: Salesforce is half configured/);
    expect(() => configuredCrms(parseEnv({ ...HUBSPOT, SALESFORCE_CONSUMER_SECRET: 'SF-SECRET-0123' }))).toThrow(/^SALESFORCE_CONSUMER_KEY is required/);
    expect(() => configuredCrms(parseEnv({ HUBSPOT_CLIENT_SECRET: 'hub-secret-0123', ...SALESFORCE }))).toThrow(/^HUBSPOT_CLIENT_ID is required: HubSpot is half configured/);
    // Blank counts as unset.
    expect(() => configuredCrms(parseEnv({ ...SALESFORCE, HUBSPOT_CLIENT_ID: 'x', HUBSPOT_CLIENT_SECRET: '' }))).toThrow(/^HUBSPOT_CLIENT_SECRET is required/);
  });

  it('neither configured is a clear error', () => {
    expect(() => configuredCrms(parseEnv({}))).toThrow(/no CRM is configured: set HUBSPOT_CLIENT_ID and HUBSPOT_CLIENT_SECRET .* SALESFORCE_CONSUMER_KEY and SALESFORCE_CONSUMER_SECRET/);
  });

  it('Salesforce defaults: the production login URL and offline scopes; a My Domain login URL is taken without its trailing slash', () => {
    const env = parseEnv(SALESFORCE);
    expect(env.SALESFORCE_LOGIN_URL).toBe('https://login.salesforce.com');
    expect(env.SALESFORCE_SCOPES).toEqual(['api', 'refresh_token', 'offline_access']);
    expect(parseEnv({ ...SALESFORCE, SALESFORCE_LOGIN_URL: 'https://acme.my.salesforce.com/' }).SALESFORCE_LOGIN_URL).toBe('https://acme.my.salesforce.com');
    expect(() => parseEnv({ ...SALESFORCE, SALESFORCE_LOGIN_URL: 'login.salesforce.com' })).toThrow(/SALESFORCE_LOGIN_URL/);
    expect(() => parseEnv({ ...SALESFORCE, SALESFORCE_CONSUMER_SECRET: 'short' })).toThrow(/SALESFORCE_CONSUMER_SECRET: must be at least 8 characters/);
  });

  it('describeConfig says which CRMs are configured and never prints a secret', () => {
    const env = parseEnv({ ...HUBSPOT, ...SALESFORCE });
    const described = describeConfig(env);
    expect(described).toMatchObject({ crms: ['hubspot', 'salesforce'], salesforceLoginUrl: 'https://login.salesforce.com', salesforceConsumerKey: 'set', salesforceConsumerSecret: 'set' });
    expect(describeConfig(parseEnv(SALESFORCE))).toMatchObject({ crms: ['salesforce'], hubspotClientId: 'unset' });
    const printed = JSON.stringify(described);
    for (const secret of [SALESFORCE.SALESFORCE_CONSUMER_SECRET, SALESFORCE.SALESFORCE_CONSUMER_KEY, HUBSPOT.HUBSPOT_CLIENT_SECRET]) expect(printed).not.toContain(secret);
  });
});
