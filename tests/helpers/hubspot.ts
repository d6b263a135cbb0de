// A HubSpot sandbox plus our adapter talking to it through the real @hubspot/api-client.
import { HubSpotAdapter } from '../../server/crm/hubspot/adapter.ts';
import { HubSpotTransport } from '../../server/crm/hubspot/client.ts';
import { OAuthTokens, StaticToken, type TokenSource } from '../../server/crm/hubspot/tokens.ts';
import { DEFAULT_ENGINE_CONFIG } from '../../server/domain/engine-config.ts';
import { SentimentCache } from '../../server/domain/sentiment/cache.ts';
import { MemorySyncStateStore } from '../../server/sync/state.ts';
import { runSync, type SyncMode, type SyncOptions } from '../../server/sync/portfolio-sync.ts';
import { startHubSpotSandbox, type HubSpotSandbox, type SandboxOptions } from '../../sandbox/hubspot/server.ts';

export const AS_OF = '2026-11-01T00:00:00.000Z';
export const PORTAL = 62515;

export interface Harness {
  sandbox: HubSpotSandbox;
  adapter: HubSpotAdapter;
  transport: HubSpotTransport;
  store: MemorySyncStateStore;
  sync(mode?: SyncMode, extra?: Partial<SyncOptions>): ReturnType<typeof runSync>;
}

export async function harness(options: { accounts?: number; sandbox?: SandboxOptions; oauth?: boolean; perTenSeconds?: number } = {}): Promise<Harness> {
  // Tests run the sandbox with a generous budget (and the limiter to match) to stay fast; the
  // budget test sets a HubSpot-sized one on both sides.
  const perTenSeconds = options.perTenSeconds ?? 100_000;
  const sandbox = await startHubSpotSandbox({
    asOf: AS_OF,
    portals: [{ portalId: PORTAL, accounts: options.accounts ?? 30, seed: 'itest' }],
    rateLimit: { perTenSeconds, searchPerSecond: 1000 },
    ...options.sandbox,
  });
  const portal = sandbox.portals[0]!;
  const tokens: TokenSource = options.oauth
    ? new OAuthTokens({ baseUrl: sandbox.url, clientId: sandbox.client.clientId, clientSecret: sandbox.client.clientSecret, initial: { accessToken: portal.accessToken, refreshToken: portal.refreshToken, expiresAtMs: Date.now() + 25 * 60_000 } })
    : new StaticToken(portal.accessToken);
  // Tests keep retries short: the policy's waits are scaled down, the logic is the same.
  const transport = new HubSpotTransport({ basePath: sandbox.url, tokens, perTenSeconds: Math.max(1, perTenSeconds - 2), searchPerSecond: 1000, retryPolicy: { maxAttempts: 6, baseDelayMs: 5, maxDelayMs: 50 } });
  const adapter = new HubSpotAdapter({ portalId: String(PORTAL), transport });
  const store = new MemorySyncStateStore();
  const engine = { config: DEFAULT_ENGINE_CONFIG, sentiment: new SentimentCache() };
  return {
    sandbox,
    adapter,
    transport,
    store,
    sync: (mode = { kind: 'full' }, extra = {}) => runSync({ adapter, engine, store, mode, asOf: AS_OF, ...extra }),
  };
}
