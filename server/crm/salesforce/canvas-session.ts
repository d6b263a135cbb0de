// Whether the session a Canvas envelope carries is still a live session of the user it names.
// The signature proves Salesforce made the envelope, not when: `issuedAt` is "for internal use
// only", so a kept `signed_request` would otherwise open the card forever. Salesforce itself is
// asked instead (userinfo.ts): the envelope's `client.oauthToken` must be a live session whose user
// and org are the envelope's. A revoked or expired session, a deactivated user (Salesforce ends
// their sessions) or a token of someone else is refused.
//
// A positive answer is kept briefly (ttlMs, default 2 minutes; at most maxEntries, oldest out
// first) so re-opening cards does not cost a call each time: a session revoked meanwhile is still
// accepted until its entry expires. Entries are keyed by a SHA-256 of the instance and the token;
// the token itself is never stored or logged. The instance must be https, or http on a loopback
// host (the local sandbox), the same rule as the page's frame ancestors and PUBLIC_URL.
import { createHash } from 'node:crypto';
import { isHttpsOrLoopback } from '../../config.ts';
import type { UserInfoLookup } from './userinfo.ts';

export const DEFAULT_SESSION_TTL_MS = 2 * 60_000;
export const DEFAULT_SESSION_CACHE_ENTRIES = 10_000;

export type SessionVerdict =
  | { ok: true; cached: boolean }
  | { ok: false; status: 401 | 403 | 502; code: 'salesforce_session_invalid' | 'salesforce_session_mismatch' | 'insecure_instance' | 'salesforce_unreachable'; message: string };

export interface CanvasSessionCheckOptions {
  lookup: UserInfoLookup;
  now?: () => number;
  ttlMs?: number;
  maxEntries?: number;
}

interface Entry {
  orgId: string;
  userId: string;
  expiresAt: number;
}

/** https, or http on a loopback host. */
export function isCheckableInstance(instanceUrl: string): boolean {
  return isHttpsOrLoopback(new URL(instanceUrl));
}

export class CanvasSessionCheck {
  private readonly lookup: UserInfoLookup;
  private readonly now: () => number;
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly live = new Map<string, Entry>();

  constructor(options: CanvasSessionCheckOptions) {
    this.lookup = options.lookup;
    this.now = options.now ?? Date.now;
    this.ttlMs = options.ttlMs ?? DEFAULT_SESSION_TTL_MS;
    this.maxEntries = Math.max(1, options.maxEntries ?? DEFAULT_SESSION_CACHE_ENTRIES);
  }

  /** How many positive answers are kept now (tests). */
  get size(): number {
    return this.live.size;
  }

  /** `expected` is what the verified envelope names (18-character ids). */
  async check(session: { instanceUrl: string; accessToken: string }, expected: { orgId: string; userId: string }): Promise<SessionVerdict> {
    if (!isCheckableInstance(session.instanceUrl)) {
      return { ok: false, status: 403, code: 'insecure_instance', message: 'The Salesforce instance in the signed request is not https: the card checks the Salesforce session over https only.' };
    }
    const key = createHash('sha256').update(`${session.instanceUrl}\n${session.accessToken}`).digest('base64url');
    const now = this.now();
    const kept = this.live.get(key);
    if (kept && kept.expiresAt > now) return this.compare(kept, expected, true);
    if (kept) this.live.delete(key);

    const answer = await this.lookup(session.instanceUrl, session.accessToken);
    if (answer.kind === 'refused') {
      return { ok: false, status: 401, code: 'salesforce_session_invalid', message: 'Salesforce no longer accepts the session this card was opened with (it expired, was revoked, or the user was deactivated): open the record again in Salesforce.' };
    }
    if (answer.kind === 'unreachable') {
      return { ok: false, status: 502, code: 'salesforce_unreachable', message: `Success Sidecar could not confirm your Salesforce session (${answer.reason}): Salesforce did not answer as expected. Try again in a moment.` };
    }
    const entry = { orgId: answer.orgId, userId: answer.userId, expiresAt: this.now() + this.ttlMs };
    this.live.delete(key);
    this.live.set(key, entry);
    while (this.live.size > this.maxEntries) this.live.delete(this.live.keys().next().value as string);
    return this.compare(entry, expected, false);
  }

  private compare(found: Entry, expected: { orgId: string; userId: string }, cached: boolean): SessionVerdict {
    if (found.orgId === expected.orgId && found.userId === expected.userId) return { ok: true, cached };
    return { ok: false, status: 403, code: 'salesforce_session_mismatch', message: 'The Salesforce session in the signed request is not a session of the user and org the request names: the card is not shown.' };
  }
}
