// Resolution / show-stopper load: open tickets weighted by type × priority and by how long they
// have been open. The load grows every day a ticket stays open.
import { capitalize, clamp, openFor, plural, ticketLabel } from '../format.ts';
import type { PreparedTicket } from '../prepare.ts';
import { DAY_MS } from '../time.ts';
import type { ComponentOutcome, EvalContext } from './context.ts';

/** A ticket open for this many days weighs double. */
export const AGE_DOUBLING_DAYS = 14;

export function openLoad(t: PreparedTicket, at: number): number {
  return t.weight * (1 + (at - t.createdMs) / DAY_MS / AGE_DOUBLING_DAYS);
}

export interface ResolutionOutcome extends ComponentOutcome {
  /** Σ open load (the denominator of each open ticket's share). */
  readonly load: number;
}

export function resolutionComponent({ account, config, at, explain }: EvalContext): ResolutionOutcome {
  // One pass over the tickets open at `at` (sorted by creation), without collecting them.
  let open = 0;
  let load = 0;
  let worst: PreparedTicket | null = null;
  let worstLoad = 0;
  for (const t of account.tickets) {
    if (t.createdMs > at) break;
    if (t.closedMs <= at) continue;
    open++;
    const ticketLoad = openLoad(t, at);
    load += ticketLoad;
    if (worst === null || ticketLoad > worstLoad) { worst = t; worstLoad = ticketLoad; }
  }
  if (worst === null) return { value: 1, hasData: true, reason: explain ? 'No open tickets.' : '', load: 0 };
  const value = clamp(config.resolutionHalfLoad / (config.resolutionHalfLoad + load));
  if (!explain) return { value, hasData: true, reason: '', load };
  const worstDays = Math.floor((at - worst.createdMs) / DAY_MS);
  const label = ticketLabel(worst.priority, worst.type);
  const reason = open === 1
    ? `1 open ticket: ${label}, open ${openFor(worstDays)}.`
    : `${plural(open, 'open ticket')}; largest share: ${label}, open ${openFor(worstDays)}.`;
  return { value, hasData: true, reason: capitalize(reason), load };
}
