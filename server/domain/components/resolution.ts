// Resolution / show-stopper load: open tickets weighted by type × priority and by how long they
// have been open.
import { clamp, num, plural, ticketLabel } from '../format.ts';
import { openTicketsAt } from '../ticket-windows.ts';
import { DAY_MS } from '../time.ts';
import type { ComponentOutcome, EvalContext } from './context.ts';

/** A ticket open for this many days weighs double. */
const AGE_DOUBLING_DAYS = 14;

export function resolutionComponent({ account, config, at, explain }: EvalContext): ComponentOutcome {
  const open = openTicketsAt(account.tickets, at);
  if (open.length === 0) return { value: 1, hasData: true, reason: explain ? 'No open tickets.' : '' };
  let load = 0;
  let worst = open[0]!;
  let worstLoad = 0;
  for (const t of open) {
    const ticketLoad = t.weight * (1 + (at - t.createdMs) / DAY_MS / AGE_DOUBLING_DAYS);
    load += ticketLoad;
    if (ticketLoad > worstLoad) { worst = t; worstLoad = ticketLoad; }
  }
  const value = config.resolutionHalfLoad / (config.resolutionHalfLoad + load);
  if (!explain) return { value: clamp(value), hasData: true, reason: '' };
  const worstDays = Math.floor((at - worst.createdMs) / DAY_MS);
  const reason = `${plural(open.length, 'open ticket')}, weighted and aged load ${num(load)}; heaviest: ${ticketLabel(worst.priority, worst.type)} open ${plural(worstDays, 'day')}.`;
  return { value: clamp(value), hasData: true, reason };
}
