// Deterministic fault injection per org: 503 on writes (REST POST/PATCH/DELETE and Metadata
// calls), per-record UNABLE_TO_LOCK_ROW inside collection updates, and added latency.
import { createRng, type Rng } from '../../server/synthetic/random.ts';
import type { FaultOptions } from './types.ts';

export class FaultInjector {
  private options: FaultOptions | null;
  private streams = new Map<string, Rng>();

  constructor(options: FaultOptions | null | undefined) {
    this.options = options ?? null;
  }

  set(options: FaultOptions | null): void {
    this.options = options;
    this.streams = new Map();
  }

  private rng(orgId: string): Rng {
    let r = this.streams.get(orgId);
    if (!r) this.streams.set(orgId, (r = createRng(`${this.options?.seed ?? 'faults'}:${orgId}`)));
    return r;
  }

  latencyMs(orgId: string): number {
    const l = this.options?.latencyMs;
    return l ? Math.max(0, this.rng(orgId).float(l.min, l.max)) : 0;
  }

  failWrite(orgId: string): boolean {
    const rate = this.options?.writeErrorRate ?? 0;
    return rate > 0 && this.rng(orgId).next() < rate;
  }

  lockRecord(orgId: string): boolean {
    const rate = this.options?.lockErrorRate ?? 0;
    return rate > 0 && this.rng(orgId).next() < rate;
  }
}
