// Install over OAuth, two ways in. Started here (`start`): a single-use, expiring `state` guards the
// round trip through HubSpot's authorize page (`complete`). Started in HubSpot's marketplace with
// the seamless flow (`completeFromMarketplace`): HubSpot sends only a code, issued for our callback
// URL. Either way the code is exchanged, the tokens kept encrypted, the installing user (from
// HubSpot's token response) made the portal's first admin, our properties created and the first
// sync asked for.
//
// Uninstall is complete: under the portal's refresh lock (so a racing refresh cannot write the
// tokens back) the installation moves to a new generation and its tokens are deleted; the refresh
// token is revoked at HubSpot; queued jobs of the portal are cancelled; the portal's data is purged
// after the grace period (at once on request). An uninstall made inside HubSpot shows up as a
// refused refresh (`uninstalledInHubSpot`) and is handled the same way, without the revoke.
import { z } from 'zod';
import type { CrmKind, ProvisionReport, TenantCrm } from '../crm/port.ts';
import { CrmError } from '../crm/errors.ts';
import { exchangeToken, revokeRefreshToken, type OAuthClient } from '../crm/hubspot/tokens.ts';
import type { Store } from '../store/store.ts';
import { ServiceError } from './errors.ts';

const STATE_TTL_MS = 10 * 60_000;
/** What HubSpot's token endpoint answers (as subCategory, or `error` in OAuth terms) for a code it will not exchange. */
const REFUSED_CODE = new Set(['BAD_AUTH_CODE', 'EXPIRED_AUTH_CODE', 'invalid_grant']);
const DAY_MS = 86_400_000;

const InstallTokens = z.looseObject({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.number().positive(),
  hub_id: z.union([z.number().int().positive(), z.string().regex(/^\d+$/)]).transform(String),
  user_id: z.union([z.number().int().positive(), z.string().regex(/^\d+$/)]).transform(String).optional(),
  user: z.string().optional(),
  scopes: z.array(z.string()).optional(),
});

export interface InstallOptions {
  store: Store;
  crm: TenantCrm;
  client: OAuthClient;
  authorizeUrl: string;
  /** Our callback URL as HubSpot knows it (read when needed: the port may be known only after listening). */
  redirectUri: () => string;
  scopes: string[];
  firstSync: (portalId: string) => Promise<void>;
  /** Cancels the portal's queued jobs (sync, recompute, drain). */
  cancelJobs?: (portalId: string) => Promise<number>;
  /** Days an uninstalled portal's data is kept before the daily `purge-uninstalled` job deletes it (default 30). */
  purgeGraceDays?: number;
  onError?: (error: unknown, what: string) => void;
  now?: () => number;
}

/** Where an install sends the admin (the CRM's authorize page) and the state it issued for the round trip. */
export interface InstallStart {
  url: string;
  state: string;
  expiresInMs: number;
}

export interface InstallOutcome {
  portalId: string;
  provisioning: ProvisionReport | { error: string };
}

export interface UninstallOutcome {
  uninstalled: boolean;
  purge: 'done' | 'scheduled' | 'none';
  purgeAfter: Date | null;
}

/** Purges every tenant (of any CRM) uninstalled longer ago than the grace period; resolves with `crm:tenant` of each purged. */
export async function purgeUninstalled(store: Store, graceDays: number, nowMs: number): Promise<string[]> {
  const due = await store.installations.listUninstalledBefore(new Date(nowMs - graceDays * DAY_MS));
  const purged: string[] = [];
  for (const { crm, portalId } of due) if ((await store.purgeTenant(crm, portalId)).purged) purged.push(`${crm}:${portalId}`);
  return purged;
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

  get #kind(): CrmKind {
    return this.#o.crm.kind;
  }

  get purgeGraceDays(): number {
    return this.#o.purgeGraceDays ?? 30;
  }

  #now(): number {
    return (this.#o.now ?? Date.now)();
  }

  /** Whether the portal has an active installation (cached; installs and uninstalls here update it at once). */
  async isActive(portalId: string): Promise<boolean> {
    const now = this.#now();
    const known = this.#active.get(portalId);
    if (known && known.until > now) return known.active;
    const installation = await this.#o.store.installations.get(this.#kind, portalId);
    const active = installation?.status === 'active';
    this.#active.set(portalId, { active, until: this.#activeTtlMs === null ? Number.POSITIVE_INFINITY : now + this.#activeTtlMs });
    return active;
  }

  /** Our callback URL, where HubSpot sends the admin's browser back. */
  callbackUrl(): string {
    return this.#o.redirectUri();
  }

  /** A new install: HubSpot's authorize page with our scopes and a fresh state, and how long that state lasts. */
  async start(): Promise<InstallStart> {
    const state = await this.#o.store.oauthStates.create(this.#kind, STATE_TTL_MS);
    const url = new URL(this.#o.authorizeUrl);
    url.searchParams.set('client_id', this.#o.client.clientId);
    url.searchParams.set('redirect_uri', this.#o.redirectUri());
    url.searchParams.set('scope', this.#o.scopes.join(' '));
    url.searchParams.set('state', state);
    return { url: url.toString(), state, expiresInMs: STATE_TTL_MS };
  }

  /** The callback of an install started here: the state must be one we issued, unused and unexpired. */
  async complete(code: string, state: string): Promise<InstallOutcome> {
    const consumed = await this.#o.store.oauthStates.consume(state);
    if (!consumed || consumed.crm !== this.#kind) throw new ServiceError(400, 'invalid_state', 'This install link has expired or was already used. Start the installation again from the marketplace.');
    return this.#install(code, 'state');
  }

  /**
   * The seamless marketplace install (without partner sign-in): HubSpot's code alone. The code was
   * issued for our callback URL (the listing's Install button URL), so that is the redirect_uri the
   * token endpoint must get; the portal and the installing user come from HubSpot's answer.
   */
  completeFromMarketplace(code: string): Promise<InstallOutcome> {
    return this.#install(code, 'marketplace');
  }

  async #install(code: string, flow: 'state' | 'marketplace'): Promise<InstallOutcome> {
    const raw = await this.#exchange(code);
    const parsed = InstallTokens.safeParse(raw);
    if (!parsed.success) throw new ServiceError(502, 'crm_unexpected', 'HubSpot answered the code exchange without a portal id.');
    const t = parsed.data;
    const { store } = this.#o;
    await store.installations.upsert({ crm: this.#kind, portalId: t.hub_id, scopes: t.scopes ?? this.#o.scopes });
    this.#active.delete(t.hub_id);
    await store.tokens.save(this.#kind, t.hub_id, { accessToken: t.access_token, refreshToken: t.refresh_token, expiresAtMs: this.#now() + t.expires_in * 1000 });
    this.#o.crm.forget(t.hub_id);
    const installer = t.user_id ? `hubspot-user:${t.user_id}` : 'hubspot-install';
    // The user who installed (HubSpot's token metadata, never a value from the browser) is the first admin.
    if (t.user_id) await store.admins.add(this.#kind, t.hub_id, { userId: t.user_id, email: t.user ?? null }, installer);
    await store.audit.record(this.#kind, t.hub_id, { actor: installer, action: 'installed', details: { scopes: t.scopes ?? this.#o.scopes, flow } });
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

  /** The code exchanged for tokens; a code HubSpot refuses (unknown, used, expired) is the user's to retry, not an outage. */
  async #exchange(code: string): Promise<Record<string, unknown>> {
    try {
      return await exchangeToken(this.#o.client, { code, redirectUri: this.#o.redirectUri() });
    } catch (error) {
      if (error instanceof CrmError && error.status === 400 && error.category !== null && REFUSED_CODE.has(error.category)) {
        throw new ServiceError(400, 'invalid_code', 'HubSpot did not accept this installation code (it expired or was already used). Nothing was installed. Start the installation again from HubSpot.');
      }
      throw error;
    }
  }

  /** Uninstall asked by an admin in the card or settings page. */
  async uninstall(portalId: string, actor: string, options: { purgeNow?: boolean } = {}): Promise<UninstallOutcome> {
    const { store } = this.#o;
    // The refresh lock keeps a refresh in flight from saving tokens after they are deleted.
    const { done, refreshToken } = await store.tokens.withRefreshLock(this.#kind, portalId, async (tokens) => {
      const held = await tokens.load(this.#kind, portalId).catch(() => null);
      return { done: await store.installations.markUninstalled(this.#kind, portalId), refreshToken: held?.refreshToken ?? null };
    });
    this.#forgetLocally(portalId);
    if (!done) return { uninstalled: false, purge: 'none', purgeAfter: null };
    let revoked = false;
    if (refreshToken) {
      try {
        await revokeRefreshToken(this.#o.client, refreshToken);
        revoked = true;
      } catch (error) {
        this.#o.onError?.(error, 'revoke refresh token');
      }
    }
    const cancelled = await this.#cancelJobs(portalId);
    await store.audit.record(this.#kind, portalId, { actor, action: 'uninstalled', details: { revokedAtHubSpot: revoked, jobsCancelled: cancelled } });
    return this.#purge(portalId, options.purgeNow === true);
  }

  /** A refresh found the grant gone: the app was uninstalled inside HubSpot. */
  async uninstalledInHubSpot(portalId: string): Promise<void> {
    const { store } = this.#o;
    const done = await store.tokens.withRefreshLock(this.#kind, portalId, () => store.installations.markUninstalled(this.#kind, portalId));
    this.#forgetLocally(portalId);
    if (!done) return;
    const cancelled = await this.#cancelJobs(portalId);
    await store.audit.record(this.#kind, portalId, { actor: 'hubspot', action: 'uninstalled_in_hubspot', details: { reason: 'HubSpot refused the refresh token (the app was uninstalled or its access revoked there)', jobsCancelled: cancelled } });
    await this.#purge(portalId, false);
  }

  /** The daily purge: every portal uninstalled longer ago than the grace period; resolves with the portals purged. */
  purgeDue(): Promise<string[]> {
    return purgeUninstalled(this.#o.store, this.purgeGraceDays, this.#now());
  }

  #forgetLocally(portalId: string): void {
    this.#active.delete(portalId);
    this.#o.crm.forget(portalId);
  }

  async #cancelJobs(portalId: string): Promise<number> {
    try {
      return (await this.#o.cancelJobs?.(portalId)) ?? 0;
    } catch (error) {
      // The job handlers also skip uninstalled portals: a job left behind does nothing.
      this.#o.onError?.(error, 'cancel jobs');
      return 0;
    }
  }

  async #purge(portalId: string, now: boolean): Promise<UninstallOutcome> {
    if (now) {
      const report = await this.#o.store.purgeTenant(this.#kind, portalId);
      return { uninstalled: true, purge: report.purged ? 'done' : 'none', purgeAfter: null };
    }
    // The daily purge job deletes it once the grace period is over, unless the app is installed again.
    return { uninstalled: true, purge: 'scheduled', purgeAfter: new Date(this.#now() + this.purgeGraceDays * DAY_MS) };
  }
}
