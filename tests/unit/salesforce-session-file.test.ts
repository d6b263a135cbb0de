// The CLI's kept Salesforce session: written encrypted with TOKEN_ENCRYPTION_KEY (no token in the
// file in clear), mode 0600, read back with the same key (or an older one still listed), refused
// with a message that says what to do when the key is missing, wrong or the file was altered; a file
// an earlier version wrote in clear is read once and rewritten encrypted.
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../server/cli/args.ts';
import { readSessionFile, sessionCipher, writeSessionFile, type KeptSession } from '../../server/cli/salesforce-session-file.ts';
import { generateKeyEntry, TokenCipher } from '../../server/store/token-crypto.ts';

const SESSION: KeptSession = { orgId: '00D5g0000000001EAA', userId: '0055g0000000001AAA', accessToken: '00D5g0000000001!AQsecret-access-token', refreshToken: '5Aep861secret-refresh-token', instanceUrl: 'https://acme.my.salesforce.com' };
const fileIn = () => join(mkdtempSync(join(tmpdir(), 'sf-session-')), 'sub', 'state.json.session.json');

describe('the CLI Salesforce session file', () => {
  it('is encrypted at rest, 0600, and reads back with the same key', () => {
    const file = fileIn();
    const cipher = TokenCipher.fromText(generateKeyEntry('k1'));
    writeSessionFile(file, SESSION, cipher);
    const text = readFileSync(file, 'utf8');
    for (const secret of [SESSION.accessToken, SESSION.refreshToken]) expect(text).not.toContain(secret);
    expect(JSON.parse(text)).toMatchObject({ format: 'success-sidecar/salesforce-session', sealed: expect.stringMatching(/^v1:k1:/) });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readSessionFile(file, cipher)).toEqual(SESSION);
    // After a key rotation (new key first, the old one still listed) the file still opens.
    const k1 = generateKeyEntry('k1');
    writeSessionFile(file, SESSION, TokenCipher.fromText(k1));
    expect(readSessionFile(file, TokenCipher.fromText(`${generateKeyEntry('k2')},${k1}`))).toEqual(SESSION);
  });

  it('none kept yet: null', () => {
    expect(readSessionFile(fileIn(), TokenCipher.fromText(generateKeyEntry('k1')))).toBeNull();
  });

  it('a missing or unusable TOKEN_ENCRYPTION_KEY is a usage error naming the variable and the file', () => {
    const file = fileIn();
    for (const env of [{}, { TOKEN_ENCRYPTION_KEY: '' }, { TOKEN_ENCRYPTION_KEY: '   ' }]) {
      expect(() => sessionCipher(file, env)).toThrow(UsageError);
      expect(() => sessionCipher(file, env)).toThrow(new RegExp(`TOKEN_ENCRYPTION_KEY.*|${file}`));
    }
    expect(() => sessionCipher(file, { TOKEN_ENCRYPTION_KEY: 'k1:short' })).toThrow(/TOKEN_ENCRYPTION_KEY cannot be used: .*32 bytes/);
    expect(sessionCipher(file, { TOKEN_ENCRYPTION_KEY: generateKeyEntry('k1') })).toBeInstanceOf(TokenCipher);
  });

  it('another key or an altered file: refused, saying so', () => {
    const file = fileIn();
    writeSessionFile(file, SESSION, TokenCipher.fromText(generateKeyEntry('k1')));
    expect(() => readSessionFile(file, TokenCipher.fromText(generateKeyEntry('k1')))).toThrow(/cannot be decrypted with TOKEN_ENCRYPTION_KEY/);
    const key = TokenCipher.fromText(generateKeyEntry('k1'));
    writeSessionFile(file, SESSION, key);
    const body = JSON.parse(readFileSync(file, 'utf8')) as { sealed: string };
    const parts = body.sealed.split(':');
    parts[4] = Buffer.from('{"orgId":"00Dforged"}').toString('base64');
    writeFileSync(file, JSON.stringify({ ...body, sealed: parts.join(':') }));
    expect(() => readSessionFile(file, key)).toThrow(/cannot be decrypted/);
    writeFileSync(file, 'not json');
    expect(() => readSessionFile(file, key)).toThrow(/not a Salesforce session this CLI wrote/);
  });

  it('a session an earlier version kept in clear is used once and rewritten encrypted', () => {
    const file = fileIn();
    const cipher = TokenCipher.fromText(generateKeyEntry('k1'));
    writeSessionFile(file, SESSION, cipher);
    writeFileSync(file, `${JSON.stringify(SESSION)}\n`, { mode: 0o644 });
    expect(readSessionFile(file, cipher)).toEqual(SESSION);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(SESSION.refreshToken);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readSessionFile(file, cipher)).toEqual(SESSION);
  });
});
