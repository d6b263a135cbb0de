// Salesforce's OpenID Connect UserInfo endpoint, asked with a user's access token: whose live
// session the token is. GET {instance}/services/oauth2/userinfo with `Authorization: Bearer`;
// 200 answers the user's claims, among them `user_id` and `organization_id` (Salesforce ids, read
// here in either length and kept as 18 characters). An expired, revoked or otherwise invalid
// token is answered 403 (`Bad_OAuth_Token`), not 401 as on the REST API; the identity service
// also documents 404 for an inactive user or org. Every answer but 200 therefore means "not a live
// session"; a 5xx, a network failure, a timeout or a 200 that is not the claims means "could not
// tell". https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_using_userinfo_endpoint.htm
// The token is sent only in the header and never logged or returned.
import { z } from 'zod';
import { toId18 } from './record-id.ts';

export const USERINFO_PATH = '/services/oauth2/userinfo';

export type UserInfoAnswer =
  | { kind: 'live'; orgId: string; userId: string }
  /** Salesforce refused the token (its status: 401, 403 or 404). */
  | { kind: 'refused'; status: number }
  /** No answer that says either way (network, timeout, 5xx, not the claims). */
  | { kind: 'unreachable'; reason: string };

export type UserInfoLookup = (instanceUrl: string, accessToken: string) => Promise<UserInfoAnswer>;

const Id18 = z.string().transform((raw, ctx) => toId18(raw) ?? (ctx.addIssue({ code: 'custom', message: 'a Salesforce id' }), z.NEVER));

/** The claims the sidecar reads; Salesforce sends many more (names, urls, photos…), ignored. */
const UserInfoClaims = z.looseObject({ user_id: Id18, organization_id: Id18 });

export interface UserInfoOptions {
  fetch?: typeof globalThis.fetch;
  /** Per call (default 5 s): the Canvas page waits on it. */
  timeoutMs?: number;
}

/** The UserInfo endpoint over HTTP; `instanceUrl` is an origin the caller has already checked. */
export function httpUserInfo(options: UserInfoOptions = {}): UserInfoLookup {
  const fetchFn = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 5_000;
  return async (instanceUrl, accessToken) => {
    let response: Response;
    try {
      response = await fetchFn(new URL(USERINFO_PATH, instanceUrl), {
        headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      return { kind: 'unreachable', reason: error instanceof Error && error.name === 'TimeoutError' ? 'timeout' : 'network' };
    }
    if (response.status === 401 || response.status === 403 || response.status === 404) {
      await response.body?.cancel();
      return { kind: 'refused', status: response.status };
    }
    if (response.status !== 200) {
      await response.body?.cancel();
      return { kind: 'unreachable', reason: `status ${response.status}` };
    }
    let json: unknown;
    try {
      json = await response.json();
    } catch {
      return { kind: 'unreachable', reason: 'not JSON' };
    }
    const parsed = UserInfoClaims.safeParse(json);
    if (!parsed.success) return { kind: 'unreachable', reason: 'not the UserInfo claims' };
    return { kind: 'live', orgId: parsed.data.organization_id, userId: parsed.data.user_id };
  };
}
