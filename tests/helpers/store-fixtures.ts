// Builders for store tests: a real AccountResult from the engine, a key ring, unique portal ids.
import { randomBytes } from 'node:crypto';
import { scoreAccount } from '../../server/domain/engine.ts';
import type { AccountResult } from '../../server/domain/result.ts';
import { AccountSnapshot } from '../../server/domain/snapshot.ts';
import { TokenCipher } from '../../server/store/token-crypto.ts';
import { AS_OF, deps, healthyInput } from './snapshots.ts';

let base: AccountResult | null = null;

/** The engine's result for a healthy account, re-labelled for `accountId`, with optional changes. */
export function resultFor(accountId: string, change: (r: AccountResult) => void = () => undefined): AccountResult {
  base ??= scoreAccount(AccountSnapshot.parse(healthyInput()), deps());
  const result = structuredClone(base);
  result.accountId = accountId;
  change(result);
  return result;
}

export const key = () => randomBytes(32).toString('base64');
export const cipher = (text = `k1:${key()}`) => TokenCipher.fromText(text);

/** A portal id no other test uses, so tests sharing a database never see each other's rows. */
export const portal = (label: string) => `${label}-${randomBytes(4).toString('hex')}`;

export { AS_OF };

/** A HubSpot portal id (a number) no other test uses, for installations (which check the id's form). */
export const numericPortal = () => String(10_000_000 + randomBytes(4).readUInt32BE(0) % 89_999_999);
