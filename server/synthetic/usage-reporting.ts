// How usage counts reach the CRM under a generator shape's UsageReporting: some accounts' usage is
// never tracked (no product integration set up), some months have no count (an export missed, an
// integration down for a few months), and the monthly counts that do arrive are noisier than the
// generator's own. Applied to the usage an account was drawn with, from its own stream, so the
// rest of the account is unchanged.
import type { AccountSnapshot } from '../domain/snapshot.ts';
import type { Rng } from './random.ts';
import type { Segment, UsageReporting } from './shape.ts';

type Usage = AccountSnapshot['usage'];

export function reportUsage(rng: Rng, usage: Usage, segment: Segment, seats: number, reporting: UsageReporting): Usage {
  if (rng.bernoulli(reporting.untracked[segment])) return { activeUsers: null, logins30d: null, history: [], loginHistory: [] };
  const months = usage.history.length;
  let outageFrom = months;
  let outageTo = months;
  if (months > 0 && rng.bernoulli(reporting.outage)) {
    const [lo, hi] = reporting.outageMonths;
    const length = Math.min(months, rng.int(lo, hi));
    outageFrom = rng.int(0, months - length);
    outageTo = outageFrom + length;
  }
  const history: Usage['history'] = [];
  for (let i = 0; i < months; i++) {
    const point = usage.history[i]!;
    const noisy = Math.round(point.activeUsers * Math.exp(rng.normal(0, reporting.noise)));
    const missing = rng.bernoulli(reporting.missingMonth) || (i >= outageFrom && i < outageTo);
    if (!missing) history.push({ date: point.date, activeUsers: Math.min(seats, Math.max(0, noisy)) });
  }
  const reported = new Set(history.map((point) => point.date));
  return { ...usage, history, loginHistory: usage.loginHistory.filter((point) => reported.has(point.date)) };
}
