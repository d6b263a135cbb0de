// Deterministic fault injection: each portal draws from its own seeded stream, so the same request
// sequence of a portal meets the same faults (5xx answers, bursts of 429s, failing batch inputs,
// added latency) whatever the other portals do. Failing association inputs are counted per input
// instead (no draw), so they fail the same number of times whatever else was asked.
import { createRng, type Rng } from '../../server/synthetic/random.ts';
import type { FaultOptions } from './types.ts';

export type FaultDecision =
  | { kind: 'none'; latencyMs: number }
  | { kind: 'rate-limit'; latencyMs: number }
  | { kind: 'server-error'; status: 502 | 503 | 504; latencyMs: number };

const SERVER_ERRORS = [502, 503, 504] as const;

interface PortalStream {
  rng: Rng;
  burstLeft: number;
}

export class FaultInjector {
  private options: FaultOptions | null;
  private streams = new Map<number, PortalStream>();
  /** Association reads asked so far, by portal, pair and input id. */
  private associationAsks = new Map<string, number>();

  constructor(options: FaultOptions | null | undefined) {
    this.options = options ?? null;
  }

  set(options: FaultOptions | null): void {
    this.options = options;
    this.streams = new Map();
    this.associationAsks = new Map();
  }

  private stream(portalId: number): PortalStream {
    let s = this.streams.get(portalId);
    if (!s) this.streams.set(portalId, (s = { rng: createRng(`${this.options?.seed ?? 'faults'}:${portalId}`), burstLeft: 0 }));
    return s;
  }

  /** What happens to the next CRM request of the portal. */
  decide(portalId: number): FaultDecision {
    const o = this.options;
    if (!o) return { kind: 'none', latencyMs: 0 };
    const s = this.stream(portalId);
    const latencyMs = o.latencyMs ? Math.max(0, s.rng.float(o.latencyMs.min, o.latencyMs.max)) : 0;
    if (s.burstLeft > 0) {
      s.burstLeft--;
      return { kind: 'rate-limit', latencyMs };
    }
    if ((o.rateLimitBurstRate ?? 0) > 0 && s.rng.next() < (o.rateLimitBurstRate ?? 0)) {
      s.burstLeft = Math.max(1, Math.floor(o.rateLimitBurstLength ?? 3)) - 1;
      return { kind: 'rate-limit', latencyMs };
    }
    if ((o.serverErrorRate ?? 0) > 0 && s.rng.next() < (o.serverErrorRate ?? 0)) {
      return { kind: 'server-error', status: s.rng.pick(SERVER_ERRORS), latencyMs };
    }
    return { kind: 'none', latencyMs };
  }

  /** Whether one input of a batch read or update fails inside a 207. */
  failInput(portalId: number, call: 'read' | 'update'): boolean {
    const rate = this.options?.partialFailureRate ?? 0;
    const scope = this.options?.partialFailureScope ?? 'both';
    if (scope !== 'both' && scope !== call) return false;
    return rate > 0 && this.stream(portalId).rng.next() < rate;
  }

  /** The error category an input of an associations batch read fails with inside a 207, or null when it is answered. */
  failAssociationInput(portalId: number, from: string, to: string, id: string): 'INTERNAL_ERROR' | 'RATE_LIMITS' | null {
    const f = this.options?.associationFailures;
    if (!f || (f.from !== undefined && f.from !== from) || (f.to !== undefined && f.to !== to) || (f.ids !== undefined && !f.ids.includes(id))) return null;
    const key = `${portalId}|${from}|${to}|${id}`;
    const asked = (this.associationAsks.get(key) ?? 0) + 1;
    this.associationAsks.set(key, asked);
    return f.times === undefined || asked <= f.times ? (f.category ?? 'INTERNAL_ERROR') : null;
  }
}
