// The Salesforce adapter for `sync --crm salesforce`: credentials from SALESFORCE_CONSUMER_KEY,
// SALESFORCE_CONSUMER_SECRET and SALESFORCE_REFRESH_TOKEN (or SALESFORCE_ACCESS_TOKEN). Under
// refresh-token rotation a refresh spends the token it used, so the session (with the rotated
// refresh token) is kept in a 0600 file next to the sync state and preferred on the next run;
// the env token only starts the first one. The org and user come from the identity URL.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { CrmAdapter } from '../crm/port.ts';
import { toCrmError } from '../crm/salesforce/errors.ts';
import { SalesforceMapping } from '../crm/salesforce/mapping.ts';
import { sessionFromAccessToken, sessionFromRefreshToken, standaloneSalesforceAdapter, type StandaloneApp } from '../crm/salesforce/standalone.ts';
import { describeIssues } from '../scoring/score-lines.ts';
import { readJsonFile, UsageError } from './args.ts';

const Session = z.object({ orgId: z.string(), userId: z.string(), accessToken: z.string(), refreshToken: z.string(), instanceUrl: z.string() });
type Session = z.infer<typeof Session>;

export interface SalesforceSyncArgs {
  instanceUrl: string;
  loginUrl: string;
  /** Where the session is kept between runs. */
  sessionFile: string;
  mapping?: string | undefined;
}

function save(file: string, session: Session): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(session)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}

async function startSession(args: SalesforceSyncArgs, app: StandaloneApp): Promise<Session> {
  if (existsSync(args.sessionFile)) {
    const kept = Session.safeParse(JSON.parse(readFileSync(args.sessionFile, 'utf8')));
    if (kept.success) return kept.data;
  }
  const refresh = process.env.SALESFORCE_REFRESH_TOKEN;
  const access = process.env.SALESFORCE_ACCESS_TOKEN;
  if (refresh && app.clientId && app.clientSecret) {
    const session = await sessionFromRefreshToken(app, refresh, args.instanceUrl);
    save(args.sessionFile, session);
    return session;
  }
  if (!access) throw new UsageError('sync --crm salesforce needs SALESFORCE_REFRESH_TOKEN with SALESFORCE_CONSUMER_KEY and SALESFORCE_CONSUMER_SECRET, or SALESFORCE_ACCESS_TOKEN');
  return sessionFromAccessToken(args.instanceUrl, access);
}

function mappingFrom(path: string | undefined): SalesforceMapping {
  const parsed = SalesforceMapping.safeParse(path === undefined ? {} : readJsonFile(path, 'mapping file'));
  if (!parsed.success) throw new UsageError(`mapping file ${path} is not a valid Salesforce mapping: ${describeIssues(parsed.error, 10)}`);
  return parsed.data;
}

export async function salesforceAdapter(args: SalesforceSyncArgs): Promise<CrmAdapter> {
  const mapping = mappingFrom(args.mapping);
  const app: StandaloneApp = { loginUrl: args.loginUrl, clientId: process.env.SALESFORCE_CONSUMER_KEY ?? '', clientSecret: process.env.SALESFORCE_CONSUMER_SECRET ?? '' };
  let session: Session;
  try {
    session = await startSession(args, app);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const crm = toCrmError(error);
    throw new UsageError(`could not sign in to Salesforce (${crm.category ?? crm.code}): ${crm.message}`);
  }
  return standaloneSalesforceAdapter({ app, session, mapping, onTokens: (next) => save(args.sessionFile, { ...session, ...next }) });
}
