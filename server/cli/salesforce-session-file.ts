// The CLI's kept Salesforce session (`<state>.session.json`): the access and the rotated refresh
// token, encrypted with TOKEN_ENCRYPTION_KEY the way the sidecar keeps tokens in its store
// (token-crypto.ts: AES-256-GCM, key id stored, rotation by listing older keys after the current
// one), bound to this use by its context, in a 0600 file. A file an older version wrote in clear is
// read once and written back encrypted.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { TokenCipher, TokenCryptoError } from '../store/token-crypto.ts';
import { UsageError } from './args.ts';

export const KeptSession = z.object({ orgId: z.string(), userId: z.string(), accessToken: z.string(), refreshToken: z.string(), instanceUrl: z.string() });
export type KeptSession = z.infer<typeof KeptSession>;

const FORMAT = 'success-sidecar/salesforce-session';
const SealedFile = z.object({ format: z.literal(FORMAT), sealed: z.string() });
/** Additional authenticated data: a value sealed for another use does not open here. */
const CONTEXT = 'cli/salesforce-session';

/**
 * The cipher for the session file, from TOKEN_ENCRYPTION_KEY. Asked before a refresh token is
 * spent, so a missing key stops the run before the env token is used up.
 */
export function sessionCipher(file: string, env: NodeJS.ProcessEnv = process.env): TokenCipher {
  const text = env.TOKEN_ENCRYPTION_KEY?.trim();
  if (!text) {
    throw new UsageError(
      `sync --crm salesforce keeps the Salesforce session (its rotated refresh token) encrypted in ${file}: set TOKEN_ENCRYPTION_KEY ("k1:<32 random bytes in base64>", e.g. k1:$(openssl rand -base64 32)), the same variable the sidecar uses, or use SALESFORCE_ACCESS_TOKEN alone (nothing is kept then)`,
    );
  }
  try {
    return TokenCipher.fromText(text);
  } catch (error) {
    throw new UsageError(`TOKEN_ENCRYPTION_KEY cannot be used: ${(error as Error).message}`);
  }
}

/** Writes the session encrypted, mode 0600 (a new file renamed over the old one: never half written). */
export function writeSessionFile(file: string, session: KeptSession, cipher: TokenCipher): void {
  mkdirSync(dirname(file), { recursive: true });
  const body = { format: FORMAT, sealed: cipher.encrypt(JSON.stringify(KeptSession.parse(session)), CONTEXT) };
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, `${JSON.stringify(body)}\n`, { mode: 0o600 });
  chmodSync(partial, 0o600);
  renameSync(partial, file);
}

/** The kept session, or null when there is none; an unreadable one is an error that says why. */
export function readSessionFile(file: string, cipher: TokenCipher): KeptSession | null {
  if (!existsSync(file)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new UsageError(`${file} is not a Salesforce session this CLI wrote: delete it and start again with SALESFORCE_REFRESH_TOKEN`);
  }
  const sealed = SealedFile.safeParse(raw);
  if (sealed.success) {
    let text: string;
    try {
      text = cipher.decrypt(sealed.data.sealed, CONTEXT);
    } catch (error) {
      if (error instanceof TokenCryptoError) throw new UsageError(`${file} cannot be decrypted with TOKEN_ENCRYPTION_KEY (${error.message}): use the key it was written with`);
      throw error;
    }
    const session = KeptSession.safeParse(JSON.parse(text));
    if (!session.success) throw new UsageError(`${file} holds no valid Salesforce session: delete it and start again with SALESFORCE_REFRESH_TOKEN`);
    return session.data;
  }
  // Written in clear by an earlier version: keep using it, encrypted from now on.
  const clear = KeptSession.safeParse(raw);
  if (!clear.success) throw new UsageError(`${file} is not a Salesforce session this CLI wrote: delete it and start again with SALESFORCE_REFRESH_TOKEN`);
  writeSessionFile(file, clear.data, cipher);
  return clear.data;
}
