// Which returnUrl the seamless marketplace install may send the browser back to: HubSpot's app
// host and its regional hosts over https, or exactly the configured local sandbox origin; nothing
// else (no open redirect through the install callback).
import { describe, expect, it } from '@jest/globals';
import { hubSpotReturnUrl, localHubSpotOrigin } from '../../server/http/hubspot-return-url.ts';

const SANDBOX = 'http://127.0.0.1:4455';
const rule = hubSpotReturnUrl(SANDBOX);
const hubspotOnly = hubSpotReturnUrl(null);

describe('hubSpotReturnUrl', () => {
  it.each([
    'https://app.hubspot.com/marketplace/12345/installed?appId=9',
    'https://app-eu1.hubspot.com/ecosystem/12345/marketplace/apps',
    'https://APP-NA2.HubSpot.com/x',
    `${SANDBOX}/marketplace/return?portal_id=1`,
  ])('accepts %s', (value) => {
    const parsed = rule.safeParse(value);
    expect(parsed.success).toBe(true);
    expect(parsed.data).toBe(new URL(value).href);
  });

  it.each([
    'http://app.hubspot.com/x',
    'https://app.hubspot.com:8443/x',
    'https://user@app.hubspot.com/x',
    'https://app.hubspot.com.evil.example/x',
    'https://app.hubspot.com@evil.example/x',
    'https://evilapp.hubspot.com/x',
    'https://app-.hubspot.com/x',
    'https://app-eu1.hubspot.com.evil.example/x',
    'https://api.hubapi.com/x',
    'https://hubspot.com/x',
    'https://evil.example/?https://app.hubspot.com/',
    '//app.hubspot.com/x',
    '/relative',
    'javascript:alert(1)',
    'http://127.0.0.1:4456/x',
    'http://localhost:4455/x',
    'https://127.0.0.1:4455/x',
  ])('refuses %s', (value) => {
    expect(rule.safeParse(value).success).toBe(false);
  });

  it('refuses a returnUrl longer than 2,000 characters', () => {
    expect(rule.safeParse(`https://app.hubspot.com/${'x'.repeat(2000)}`).success).toBe(false);
  });

  it('without a configured sandbox, no loopback origin is accepted', () => {
    expect(hubspotOnly.safeParse(`${SANDBOX}/marketplace/return`).success).toBe(false);
    expect(hubspotOnly.safeParse('https://app.hubspot.com/x').success).toBe(true);
  });
});

describe('localHubSpotOrigin', () => {
  it('is the sandbox origin when HUBSPOT_AUTHORIZE_URL is plain http on a loopback address, and null for HubSpot or any other host', () => {
    expect(localHubSpotOrigin(`${SANDBOX}/oauth/authorize`)).toBe(SANDBOX);
    expect(localHubSpotOrigin('http://[::1]:9000/oauth/authorize')).toBe('http://[::1]:9000');
    expect(localHubSpotOrigin('https://app.hubspot.com/oauth/authorize')).toBeNull();
    expect(localHubSpotOrigin('http://hubspot.internal:80/oauth/authorize')).toBeNull();
  });
});
