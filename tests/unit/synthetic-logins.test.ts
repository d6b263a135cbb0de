// The generator's login counts: one at every monthly usage count the CRM holds, following hidden
// health as it was then; under variant-6's habits, compared across accounts they say less.
import { describe, expect, it } from '@jest/globals';
import { generatePortfolio, type GeneratedAccount } from '../../server/synthetic/portfolio.ts';
import { VARIANT_6, VARIANT_6_ODDS } from '../../server/synthetic/variant-6.ts';

const AS_OF = '2026-11-01T00:00:00Z';
const portfolio = (options: object, accounts = 400): GeneratedAccount[] => [...generatePortfolio({ seed: 'logins', ...options, accounts, asOf: AS_OF, historyDays: 730 })];

/** Pearson correlation. */
function correlation(xs: readonly number[], ys: readonly number[]): number {
  const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const mx = mean(xs), my = mean(ys);
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** Logins per active user at the newest count, against the account's hidden health now. */
function perUserAgainstHealth(accounts: readonly GeneratedAccount[]): { perUser: number[]; health: number[] } {
  const perUser: number[] = [], health: number[] = [];
  for (const a of accounts) {
    const { history, loginHistory } = a.snapshot.usage;
    const last = history.at(-1);
    const logins = loginHistory.find((p) => p.date === last?.date);
    if (!last || !logins || last.activeUsers === 0) continue;
    perUser.push(logins.logins30d / last.activeUsers);
    health.push(a.truth.health);
  }
  return { perUser, health };
}

describe('login history', () => {
  it('has a login count at the date of every usage count, none at any other', () => {
    const accounts = portfolio({}, 60);
    for (const a of accounts) {
      const { history, loginHistory } = a.snapshot.usage;
      expect(loginHistory.map((p) => p.date)).toEqual(history.map((p) => p.date));
    }
    expect(accounts.filter((a) => a.snapshot.usage.loginHistory.length > 12).length).toBeGreaterThan(20); // two years back
  });

  it('follows the generator link at every count: 8 + 12 × health to 13 + 12 × health per user', () => {
    const { perUser, health } = perUserAgainstHealth(portfolio({}));
    expect(correlation(perUser, health)).toBeGreaterThan(0.8);
    for (let i = 0; i < perUser.length; i++) expect(perUser[i]!).toBeGreaterThan(6 + 12 * health[i]! - 3); // health a month ago, rounding
  });

  it('changes no other draw: with or without login habits, the accounts are the same but for their logins', () => {
    const withoutLogins = (a: GeneratedAccount) => ({ ...a, snapshot: { ...a.snapshot, usage: { ...a.snapshot.usage, logins30d: null, loginHistory: [] } } });
    const plain = portfolio({ shape: { ...VARIANT_6.options.shape!, logins: null } }, 30);
    const habits = portfolio({ shape: VARIANT_6.options.shape }, 30);
    expect(habits.map(withoutLogins)).toEqual(plain.map(withoutLogins));
    expect(habits.map((a) => a.snapshot.usage.loginHistory)).not.toEqual(plain.map((a) => a.snapshot.usage.loginHistory)); // the test can fail
  });
});

describe('variant-6', () => {
  const accounts = portfolio(VARIANT_6.options, 600);

  it('keeps login counts only for the months whose usage count reached the CRM, and none for untracked accounts', () => {
    let untracked = 0;
    for (const a of accounts) {
      const { history, loginHistory, logins30d } = a.snapshot.usage;
      expect(loginHistory.map((p) => p.date)).toEqual(history.map((p) => p.date));
      if (history.length === 0) {
        untracked++;
        expect(logins30d).toBeNull();
      }
    }
    expect(untracked).toBeGreaterThan(20);
  });

  it('ties logins per user to health less than the generator link does, since habits differ', () => {
    const ours = perUserAgainstHealth(portfolio({}, 600));
    const v6 = perUserAgainstHealth(accounts);
    expect(correlation(v6.perUser, v6.health)).toBeLessThan(correlation(ours.perUser, ours.health) - 0.2);
    expect(correlation(v6.perUser, v6.health)).toBeGreaterThan(0.1);
  });

  it('renews above a health of about 0.4 and costs a fall over the year', () => {
    const ctx = (healthYearBefore: number) => ({ healthYearBefore, segment: 'smb' as const, closeDate: '2026-06-01' });
    expect(VARIANT_6_ODDS(0.7, 'flat', ctx(0.7))).toBeGreaterThan(0.9);
    expect(VARIANT_6_ODDS(0.25, 'flat', ctx(0.25))).toBeLessThan(0.3);
    expect(VARIANT_6_ODDS(0.45, 'flat', ctx(0.65))).toBeLessThan(VARIANT_6_ODDS(0.45, 'flat', ctx(0.45)) - 0.05);
  });
});
