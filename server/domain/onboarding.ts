// Customers in their first 90 days are onboarding: new users ask more questions, there is no
// history of their own to compare with, and a quiet first month is not "silence".
import type { PreparedAccount } from './prepare.ts';
import { DAY_MS } from './time.ts';

export const ONBOARDING_DAYS = 90;

export function isOnboarding(account: PreparedAccount, at: number): boolean {
  return at - account.customerSinceMs < ONBOARDING_DAYS * DAY_MS;
}
