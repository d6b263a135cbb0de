// The Salesforce adapter for `sync --crm salesforce`: credentials from SALESFORCE_CONSUMER_KEY,
// SALESFORCE_CONSUMER_SECRET and SALESFORCE_REFRESH_TOKEN (or SALESFORCE_ACCESS_TOKEN). Under
// refresh-token rotation a refresh spends the token it used, so the session (with the rotated
// refresh token) is kept next to the sync state, encrypted with TOKEN_ENCRYPTION_KEY in a 0600
// file (salesforce-session-file.ts), and preferred on the next run; the env token only starts the
// first one. The org and user come from the identity URL.
import { existsSync } from 'node:fs';
import type { CrmAdapter } from '../crm/port.ts';
import { toCrmError } from '../crm/salesforce/errors.ts';
import { SalesforceMapping } from '../crm/salesforce/mapping.ts';
import { sessionFromAccessToken, sessionFromRefreshToken, standaloneSalesforceAdapter, type StandaloneApp } from '../crm/salesforce/standalone.ts';
import { describeIssues } from '../scoring/score-lines.ts';
import type { TokenCipher } from '../store/token-crypto.ts';
import { readJsonFile, UsageError } from './args.ts';
import { readSessionFile, sessionCipher, writeSessionFile, type KeptSession } from './salesforce-session-file.ts';

export interface SalesforceSyncArgs {
  instanceUrl: string;
  loginUrl: string;
  /** Where the session is kept between runs. */
  sessionFile: string;
  mapping?: string | undefined;
}

/** The session to start from, and the cipher its refreshed successors are kept with (none for an access token alone). */
async function startSession(args: SalesforceSyncArgs, app: StandaloneApp): Promise<{ session: KeptSession; cipher: TokenCipher | null }> {
  const refresh = process.env.SALESFORCE_REFRESH_TOKEN;
  const access = process.env.SALESFORCE_ACCESS_TOKEN;
  const canRefresh = Boolean(refresh && app.clientId && app.clientSecret);
  // The key is checked before the env refresh token is spent: without it the rotated one could not be kept.
  if (existsSync(args.sessionFile) || canRefresh) {
    const cipher = sessionCipher(args.sessionFile);
    const kept = readSessionFile(args.sessionFile, cipher);
    if (kept) return { session: kept, cipher };
    if (refresh && canRefresh) {
      const session = await sessionFromRefreshToken(app, refresh, args.instanceUrl);
      writeSessionFile(args.sessionFile, session, cipher);
      return { session, cipher };
    }
  }
  if (!access) throw new UsageError('sync --crm salesforce needs SALESFORCE_REFRESH_TOKEN with SALESFORCE_CONSUMER_KEY and SALESFORCE_CONSUMER_SECRET, or SALESFORCE_ACCESS_TOKEN');
  return { session: await sessionFromAccessToken(args.instanceUrl, access), cipher: null };
}

function mappingFrom(path: string | undefined): SalesforceMapping {
  const parsed = SalesforceMapping.safeParse(path === undefined ? {} : readJsonFile(path, 'mapping file'));
  if (!parsed.success) throw new UsageError(`mapping file ${path} is not a valid Salesforce mapping: ${describeIssues(parsed.error, 10)}`);
  return parsed.data;
}

export async function salesforceAdapter(args: SalesforceSyncArgs): Promise<CrmAdapter> {
  const mapping = mappingFrom(args.mapping);
  const app: StandaloneApp = { loginUrl: args.loginUrl, clientId: process.env.SALESFORCE_CONSUMER_KEY ?? '', clientSecret: process.env.SALESFORCE_CONSUMER_SECRET ?? '' };
  let started: Awaited<ReturnType<typeof startSession>>;
  try {
    started = await startSession(args, app);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const crm = toCrmError(error);
    throw new UsageError(`could not sign in to Salesforce (${crm.category ?? crm.code}): ${crm.message}`);
  }
  const { session, cipher } = started;
  // A session from an access token alone cannot be refreshed, so there is nothing to keep.
  return standaloneSalesforceAdapter({ app, session, mapping, onTokens: (next) => {
      if (cipher) writeSessionFile(args.sessionFile, { ...session, ...next }, cipher);
    },
  });
}
