// `sign <url> [--method GET] [--body JSON] [--user-id N] [--user-email E] [--app-id N] [--raw]`: a
// curl command for a card route exactly as HubSpot relays a card's `hubspot.fetch` — `userId`,
// `portalId` (from the URL's path), `userEmail` and `appId` appended, the full URL signed (v3) with
// HUBSPOT_CLIENT_SECRET or the demo's own secret. `--raw` signs the URL as given (a webhook
// delivery has no query string). For trying the API.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withHubSpotFetchParams } from '../http/hubspot-caller.ts';
import { hubSpotSignatureHeaders } from '../http/signature.ts';
import { parseCommandArgs, UsageError } from './args.ts';

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function signedCurl(input: { secret: string; method: string; url: string; body?: string; now?: number }): string {
  const headers = hubSpotSignatureHeaders({ secret: input.secret, method: input.method, url: input.url, rawBody: input.body ?? '', timestamp: String(input.now ?? Date.now()) });
  const parts = ['curl', '-s', ...(input.method === 'GET' ? [] : ['-X', input.method]), ...Object.entries(headers).flatMap(([k, v]) => ['-H', quote(`${k}: ${v}`)])];
  if (input.body !== undefined) parts.push('-H', quote('content-type: application/json'), '--data', quote(input.body));
  parts.push(quote(input.url));
  return parts.join(' ');
}

/** The user `npm start`'s sandbox installs the demo portal as (its first portal's installer), hence an admin. */
export const DEMO_USER_ID = '9100001';

/** A card route's URL as HubSpot sends it: the card's URL plus HubSpot's parameters for `caller`. */
export function asRelayedByHubSpot(url: string, caller: { userId: string; userEmail?: string | null; appId?: string | null }): string {
  const portal = /\/api\/v1\/hubspot\/(\d{1,20})\//.exec(new URL(url).pathname)?.[1];
  if (!portal) throw new UsageError(`${url} is not a card route (/api/v1/hubspot/{portalId}/…); use --raw to sign it as it is`);
  return withHubSpotFetchParams(url, { userId: caller.userId, portalId: portal, userEmail: caller.userEmail ?? null, appId: caller.appId ?? null });
}

export function signCommand(argv: string[]): number {
  const url = argv.find((a) => !a.startsWith('--'));
  const args = parseCommandArgs(argv.filter((a) => a !== url), {
    method: { type: 'string', default: 'GET' },
    body: { type: 'string' },
    'user-id': { type: 'string', default: DEMO_USER_ID },
    'user-email': { type: 'string' },
    'app-id': { type: 'string', default: process.env.HUBSPOT_APP_ID ?? '' },
    raw: { type: 'boolean', default: false },
  });
  if (!url || !/^https?:\/\//.test(url)) throw new UsageError('sign needs the full URL to call, e.g. sign http://127.0.0.1:3000/api/v1/hubspot/62515/companies/100000001/success');
  if (!/^\d{1,20}$/.test(args['user-id'])) throw new UsageError(`--user-id must be a HubSpot user id (digits), got "${args['user-id']}"`);
  const demo = join(process.env.DATA_DIR || '.data', 'demo-secrets.json');
  const secret = process.env.HUBSPOT_CLIENT_SECRET || (existsSync(demo) ? (JSON.parse(readFileSync(demo, 'utf8')) as { clientSecret: string }).clientSecret : undefined);
  if (!secret) throw new UsageError('sign needs HUBSPOT_CLIENT_SECRET (or a demo started with npm start)');
  const target = args.raw ? url : asRelayedByHubSpot(url, { userId: args['user-id'], userEmail: args['user-email'] ?? null, appId: args['app-id'] || null });
  process.stdout.write(`${signedCurl({ secret, method: args.method.toUpperCase(), url: target, ...(args.body !== undefined ? { body: args.body } : {}) })}\n`);
  return 0;
}
