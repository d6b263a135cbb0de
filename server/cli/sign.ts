// `sign <url> [--method GET] [--body JSON]`: a curl command signed the way HubSpot signs a card's
// request (signature v3), with HUBSPOT_CLIENT_SECRET or the demo's own secret. For trying the API.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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

export function signCommand(argv: string[]): number {
  const url = argv.find((a) => !a.startsWith('--'));
  const args = parseCommandArgs(argv.filter((a) => a !== url), { method: { type: 'string', default: 'GET' }, body: { type: 'string' } });
  if (!url || !/^https?:\/\//.test(url)) throw new UsageError('sign needs the full URL to call, e.g. sign http://127.0.0.1:3000/api/v1/hubspot/62515/companies/100000001/success');
  const demo = join(process.env.DATA_DIR || '.data', 'demo-secrets.json');
  const secret = process.env.HUBSPOT_CLIENT_SECRET || (existsSync(demo) ? (JSON.parse(readFileSync(demo, 'utf8')) as { clientSecret: string }).clientSecret : undefined);
  if (!secret) throw new UsageError('sign needs HUBSPOT_CLIENT_SECRET (or a demo started with npm start)');
  process.stdout.write(`${signedCurl({ secret, method: args.method.toUpperCase(), url, ...(args.body !== undefined ? { body: args.body } : {}) })}\n`);
  return 0;
}
