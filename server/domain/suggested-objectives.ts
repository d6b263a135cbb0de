// Suggested objectives: when a customer has none agreed, what its own data says it is trying to
// get done, phrased as jobs-to-be-done outcomes ("Minimise the time it takes to …") for the CSM to
// agree with the customer. Always marked as suggestions; never scored as if agreed.
import type { Assessment } from './assess.ts';
import { isOnboarding } from './onboarding.ts';
import type { PreparedAccount } from './prepare.ts';
import type { SuggestedObjective } from './result.ts';
import { grouped, lastDays, plural, startedDaysAgo } from './format.ts';
import { DAY_MS } from './time.ts';

const MAX_SUGGESTIONS = 3;
/** How far back the tickets that suggest an objective are read. */
const LOOKBACK_DAYS = 180;

export function suggestObjectives(account: PreparedAccount, now: Assessment): SuggestedObjective[] {
  const at = account.asOfMs;
  const from = at - LOOKBACK_DAYS * DAY_MS;
  const count = { severe: 0, bug: 0, how_to: 0, billing: 0 };
  for (const t of account.tickets) {
    if (t.createdMs < from && t.closedMs <= at) continue;
    if (t.createdMs > at) break;
    if (t.severe) count.severe++;
    else if (t.type === 'bug') count.bug++;
    else if (t.type === 'how_to') count.how_to++;
    else if (t.type === 'billing') count.billing++;
  }
  const window = lastDays(LOOKBACK_DAYS, startedDaysAgo(at, account.customerSinceMs), false);
  const out: SuggestedObjective[] = [];
  const add = (statement: string, basis: string, metric: string) => out.push({ statement, basis, metric, suggested: true });
  const { users, utilisation } = now.rob.usage;
  if (isOnboarding(account, at)) {
    add('Minimise the time it takes to get every licensed user working in the product', 'The customer is in its first 90 days.', 'days until licensed seats are in use');
  }
  if (count.severe > 0) {
    add('Minimise the time the team cannot work because of outages or blocking bugs', `${plural(count.severe, 'outage or blocking bug', 'outages or blocking bugs')} ${window} or still open.`, 'hours of work lost per month');
  }
  if (utilisation !== null && users !== null && utilisation < 0.8 && account.seats) {
    add('Increase the share of licensed seats in regular use', `${grouped(users)} of ${plural(account.seats, 'seat')} ${users === 1 ? 'is' : 'are'} active.`, 'active users');
  }
  if (count.how_to >= 3) {
    add('Minimise the time it takes a user to find out how to do a task without asking support', `${plural(count.how_to, 'how-to question')} ${window}.`, 'how-to tickets per month');
  }
  if (count.bug >= 3) {
    add('Minimise the number of defects that interrupt daily work', `${plural(count.bug, 'bug report')} ${window}.`, 'bug tickets per month');
  }
  if (count.billing >= 2) {
    add('Minimise the time it takes to settle a billing question', `${plural(count.billing, 'billing ticket')} ${window}.`, 'billing tickets per month');
  }
  if (out.length === 0) {
    add('Minimise the time it takes the team to get the result they bought the product for', 'Nothing in the data points to a specific problem; ask the customer what that result is.', 'to agree with the customer');
  }
  return out.slice(0, MAX_SUGGESTIONS);
}
