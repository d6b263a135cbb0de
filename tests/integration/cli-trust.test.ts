// The demo stays a demo and production configuration fails closed, as processes: `start` refuses a
// non-loopback HOST (its console signs for whoever reaches it), `serve` refuses a plain-http public
// URL, and `sign` builds a card request the way HubSpot relays it.
import { describe, expect, it } from '@jest/globals';
import { runCli } from '../helpers/cli.ts';

describe('start', () => {
  it('refuses to listen on a non-loopback HOST, naming the variable, before starting anything', async () => {
    const run = await runCli(['start', '--accounts', '1'], undefined, { HOST: '0.0.0.0', DATA_DIR: '/tmp/never-created-start-test' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('HOST=0.0.0.0');
    expect(run.stderr).toContain('loopback');
  });
});

describe('serve', () => {
  it('refuses a public URL HubSpot could not call securely, naming it', async () => {
    const env = { HUBSPOT_CLIENT_ID: 'x', HUBSPOT_CLIENT_SECRET: 'secret-secret-1', TOKEN_ENCRYPTION_KEY: 'k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' };
    const plain = await runCli(['serve'], undefined, { ...env, PUBLIC_URL: 'http://sidecar.example.com' });
    expect(plain.code).not.toBe(0);
    expect(plain.stderr).toContain('PUBLIC_URL: must be https');
    const trusting = await runCli(['serve'], undefined, { ...env, PUBLIC_URL: 'https://sidecar.example.com', TRUST_PROXY: 'true' });
    expect(trusting.code).not.toBe(0);
    expect(trusting.stderr).toContain('TRUST_PROXY');
  });
});

describe('sign', () => {
  it('appends userId, portalId, userEmail and appId as hubspot.fetch does, and signs the full URL', async () => {
    const run = await runCli(['sign', 'https://sidecar.example.com/api/v1/hubspot/62515/companies/123/success', '--user-id', '7', '--user-email', 'a@b.example', '--app-id', '42'], undefined, { HUBSPOT_CLIENT_SECRET: 'secret-secret-1' });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("'https://sidecar.example.com/api/v1/hubspot/62515/companies/123/success?userId=7&portalId=62515&userEmail=a%40b.example&appId=42'");
    expect(run.stdout).toMatch(/X-HubSpot-Signature-v3: [A-Za-z0-9+/=]+/i);
  });
});
