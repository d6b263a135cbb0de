// Marketplace install over OAuth: a single-use, expiring `state` guards the round trip through
// HubSpot's authorize page; the callback exchanges the code, keeps the tokens encrypted, creates our
// properties in the portal and asks for the first portfolio sync.
import { z } from 'zod';
import type { ProvisionReport } from '../crm/port.ts';
import type { Store } from '../store/store.ts';
import { ServiceError } from './errors.ts';
import type { PortalCrm } from './portal-crm.ts';
import { exchangeToken, type OAuthClient } from '../crm/hubspot/tokens.ts';

const CRM = 'hubspot';
const STATE_TTL_MS = 10 * 60_000;

const InstallTokens = z.looseObject({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.number().positive(),
  hub_id: z.union([z.number().int().positive(), z.string().regex(/^\d+$/)]).transform(String),
  scopes: z.array(z.string()).optional(),
});

export interface InstallOptions {
  store: Store;
  crm: PortalCrm;
  client: OAuthClient;
  authorizeUrl: string;
  /** Our callback URL as HubSpot knows it (read when needed: the port may be known only after listening). */
  redirectUri: () => string;
  scopes: string[];
  firstSync: (portalId: string) => Promise<void>;
  now?: () => number;
}

export interface InstallOutcome {
  portalId: string;
  provisioning: ProvisionReport | { error: string };
}

export class InstallService {
  readonly #o: InstallOptions;
  /** Portal → active, for the card routes' tenancy check; refreshed after `ttlMs` (null: only on local changes). */
  readonly #active = new Map<string, { active: boolean; until: number }>();
  readonly #activeTtlMs: number | null;

  constructor(options: InstallOptions & { activeCacheTtlMs?: number | null }) {
    this.#o = options;
    this.#activeTtlMs = options.activeCacheTtlMs === undefined ? 5_000 : options.activeCacheTtlMs;
  }

  /** Whether the portal has an active installation (cached; installs and uninstalls here update it at once). */
  async isActive(portalId: string): Promise<boolean> {
    const now = (this.#o.now ?? Date.now)();
    const known = this.#active.get(portalId);
    if (known && known.until > now) return known.active;
    const installation = await this.#o.store.installations.get(CRM, portalId);
    const active = installation?.status === 'active';
    this.#active.set(portalId, { active, until: this.#activeTtlMs === null ? Number.POSITIVE_INFINITY : now + this.#activeTtlMs });
    return active;
  }

  /** Where to send the admin: HubSpot's authorize page with our scopes and a fresh state. */
  async authorizeUrl(): Promise<string> {
    const state = await this.#o.store.oauthStates.create(CRM, STATE_TTL_MS);
    const url = new URL(this.#o.authorizeUrl);
    url.searchParams.set('client_id', this.#o.client.clientId);
    url.searchParams.set('redirect_uri', this.#o.redirectUri());
    url.searchParams.set('scope', this.#o.scopes.join(' '));
    url.searchParams.set('state', state);
    return url.toString();
  }

  async complete(code: string, state: string): Promise<InstallOutcome> {
    const consumed = await this.#o.store.oauthStates.consume(state);
    if (!consumed || consumed.crm !== CRM) throw new ServiceError(400, 'invalid_state', 'This install link has expired or was already used. Start the installation again from the marketplace.');
    const raw = await exchangeToken(this.#o.client, { code, redirectUri: this.#o.redirectUri() });
    const parsed = InstallTokens.safeParse(raw);
    if (!parsed.success) throw new ServiceError(502, 'crm_unexpected', 'HubSpot answered the code exchange without a portal id.');
    const t = parsed.data;
    const { store } = this.#o;
    const now = this.#o.now ?? Date.now;
    await store.installations.upsert({ crm: CRM, portalId: t.hub_id, scopes: t.scopes ?? this.#o.scopes });
    this.#active.delete(t.hub_id);
    await store.tokens.save(CRM, t.hub_id, { accessToken: t.access_token, refreshToken: t.refresh_token, expiresAtMs: now() + t.expires_in * 1000 });
    this.#o.crm.forget(t.hub_id);
    await store.audit.record(CRM, t.hub_id, { actor: 'hubspot-install', action: 'installed', details: { scopes: t.scopes ?? this.#o.scopes } });
    let provisioning: InstallOutcome['provisioning'];
    try {
      provisioning = await (await this.#o.crm.adapter(t.hub_id)).provisionProperties();
    } catch (error) {
      // The install itself stands; the first sync provisions again.
      provisioning = { error: error instanceof Error ? error.message : String(error) };
    }
    await this.#o.firstSync(t.hub_id);
    return { portalId: t.hub_id, provisioning };
  }

  async uninstall(portalId: string, actor: string): Promise<boolean> {
    const done = await this.#o.store.installations.markUninstalled(CRM, portalId);
    this.#active.delete(portalId);
    this.#o.crm.forget(portalId);
    if (done) await this.#o.store.audit.record(CRM, portalId, { actor, action: 'uninstalled' });
    return done;
  }
}
